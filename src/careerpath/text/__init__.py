"""Text adapters: skill linking and title normalisation (lexical + optional sentence embeddings)."""
