"""A revision token on each profile row (changes at every write; keys caches of derived results),
and an index finding jobs by kind and idempotency-key prefix (a re-rank run's partitions).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 16:13:43.260081
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.String(), server_default="", nullable=False))
    op.create_index(
        "ix_jobs_kind_idempotency_key", "jobs", ["kind", "idempotency_key"], unique=False
    )


def downgrade() -> None:
    """Downgrade the schema."""
    op.drop_index("ix_jobs_kind_idempotency_key", table_name="jobs")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("revision")
