"""Alembic revisions of the people database."""
