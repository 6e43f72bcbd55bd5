"""Alembic environment of the people database (run through careerpath.store.migrate)."""
