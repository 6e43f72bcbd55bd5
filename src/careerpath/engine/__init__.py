"""Use cases (verb-noun functions) and the ports they depend on."""
