"""Helpers for the peer benchmarks (bench/peers_text.py, bench/peers_transitions.py)."""
