"""Learned models (scikit-learn conventions): success probability of a move; numpy + sklearn + domain."""
