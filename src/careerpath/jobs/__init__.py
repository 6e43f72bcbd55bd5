"""Durable background jobs: the embedded database runner and the Celery adapter."""
