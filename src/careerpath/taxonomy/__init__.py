"""Loaders for O*NET, ESCO, BLS, crosswalks and the org role framework; the compiled snapshot cache."""
