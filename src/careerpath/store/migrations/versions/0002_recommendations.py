"""Stored next-role recommendations of batch runs (``recommend --all``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table(
        "recommendations",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("rank", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("role_id", sa.String(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("readiness", sa.Double(), nullable=False),
        sa.Column("model_version", sa.String(), nullable=False),
        sa.Column("run_id", sa.String(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "rank", name=op.f("pk_recommendations")),
    )
    op.create_index(op.f("ix_recommendations_run_id"), "recommendations", ["run_id"], unique=False)


def downgrade() -> None:
    """Downgrade the schema."""
    op.drop_index(op.f("ix_recommendations_run_id"), table_name="recommendations")
    op.drop_table("recommendations")
