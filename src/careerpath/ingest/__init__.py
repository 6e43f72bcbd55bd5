"""Ingestion adapters: files and exports from outside careerpath turned into profiles."""
