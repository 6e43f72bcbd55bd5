"""Initial schema: people and profiles, demographics, org roles, learning, positions, mentors,
outcomes, import runs.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 13:34:11.133776
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("skill_id", sa.String(), nullable=False),
        sa.Column("level", sa.Double(), nullable=False),
        sa.Column("assessor", sa.String(), nullable=False),
        sa.Column("assessor_id", sa.Text(), server_default="", nullable=False),
        sa.Column("assessed", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    op.create_index(op.f("ix_assessments_person_id"), "assessments", ["person_id"], unique=False)

    op.create_table(
        "courses",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.Column("hours", sa.Double(), nullable=False),
        sa.Column("cost", sa.Double(), nullable=False),
        sa.Column("provider", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
    )
    op.create_table(
        "demographics",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("attribute", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("person_id", "seq", name=op.f("pk_demographics")),
    )
    op.create_table(
        "import_batches",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("file", sa.Text(), server_default="", nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_index(op.f("ix_import_batches_kind"), "import_batches", ["kind"], unique=False)

    op.create_table(
        "learning_records",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("course_id", sa.String(), nullable=False),
        sa.Column("verb", sa.String(), nullable=False),
        sa.Column("occurred", sa.Date(), nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_records")),
    )
    op.create_index(
        op.f("ix_learning_records_course_id"), "learning_records", ["course_id"], unique=False
    )
    op.create_index(
        op.f("ix_learning_records_person_id"), "learning_records", ["person_id"], unique=False
    )

    op.create_table(
        "mentor_offers",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_mentor_offers")),
    )
    op.create_table(
        "open_positions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("role_id", sa.String(), nullable=False),
        sa.Column("org_unit", sa.Text(), server_default="", nullable=False),
        sa.Column("location", sa.Text(), server_default="", nullable=False),
        sa.Column("opened", sa.Date(), nullable=True),
        sa.Column("closes", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open_positions")),
    )
    op.create_index(op.f("ix_open_positions_role_id"), "open_positions", ["role_id"], unique=False)

    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("event", sa.String(), nullable=False),
        sa.Column("at", sa.Date(), nullable=False),
        sa.Column("role_id", sa.String(), nullable=True),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcomes")),
    )
    op.create_index(op.f("ix_outcomes_person_id"), "outcomes", ["person_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), server_default="", nullable=False),
        sa.Column("email", sa.Text(), server_default="", nullable=False),
        sa.Column("location", sa.Text(), server_default="", nullable=False),
        sa.Column("org_unit", sa.Text(), server_default="", nullable=False),
        sa.Column("manager_id", sa.Text(), server_default="", nullable=False),
        sa.Column("hire_date", sa.Date(), nullable=True),
        sa.Column("performance", sa.Double(), nullable=True),
        sa.Column("min_pay", sa.Double(), nullable=True),
        sa.Column("work_life_balance", sa.Double(), nullable=True),
        sa.Column("pref_locations", sa.JSON(), nullable=False),
        sa.Column("willing_to_relocate", sa.Boolean(), nullable=True),
        sa.Column("consent_recommendations", sa.Boolean(), nullable=False),
        sa.Column("consent_analytics", sa.Boolean(), nullable=False),
        sa.Column("consent_share_with_manager", sa.Boolean(), nullable=False),
        sa.Column("consent_updated", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_people")),
    )
    op.create_index("ix_people_manager_id", "people", ["manager_id"], unique=False)
    op.create_index("ix_people_org_unit", "people", ["org_unit"], unique=False)

    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), server_default="", nullable=False),
        sa.Column("role", sa.Text(), server_default="", nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
    )
    op.create_index(op.f("ix_projects_person_id"), "projects", ["person_id"], unique=False)
    op.create_index(op.f("ix_projects_project_id"), "projects", ["project_id"], unique=False)

    op.create_table(
        "roles",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.Column("taxonomy", sa.String(), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("alt_titles", sa.JSON(), nullable=False),
        sa.Column("reported_titles", sa.JSON(), nullable=False),
        sa.Column("tasks", sa.JSON(), nullable=False),
        sa.Column("job_zone", sa.Double(), nullable=True),
        sa.Column("education_level", sa.Double(), nullable=True),
        sa.Column("job_group", sa.Text(), server_default="", nullable=False),
        sa.Column("broader", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("wages", sa.JSON(), nullable=True),
        sa.Column("outlook", sa.JSON(), nullable=True),
        sa.Column("has_org_info", sa.Boolean(), nullable=False),
        sa.Column("job_family", sa.Text(), server_default="", nullable=False),
        sa.Column("track", sa.Text(), server_default="", nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("pay_band", sa.String(), nullable=True),
        sa.Column("pay_min", sa.Double(), nullable=True),
        sa.Column("pay_max", sa.Double(), nullable=True),
        sa.Column("pay_currency", sa.String(), nullable=True),
        sa.Column("certifications", sa.JSON(), nullable=False),
        sa.Column("onet_codes", sa.JSON(), nullable=False),
        sa.Column("esco_uris", sa.JSON(), nullable=False),
        sa.Column("next_roles", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
    )
    op.create_index("ix_roles_job_family", "roles", ["job_family"], unique=False)

    op.create_table(
        "certifications",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.Text(), server_default="", nullable=False),
        sa.Column("issuer", sa.Text(), server_default="", nullable=False),
        sa.Column("issued", sa.Date(), nullable=True),
        sa.Column("expires", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.person_id"],
            name=op.f("fk_certifications_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "seq", name=op.f("pk_certifications")),
    )
    op.create_table(
        "course_skills",
        sa.Column("course_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("skill_id", sa.String(), nullable=False),
        sa.Column("level", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_course_skills_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("course_id", "seq", name=op.f("pk_course_skills")),
    )
    op.create_index("ix_course_skills_skill_id", "course_skills", ["skill_id"], unique=False)

    op.create_table(
        "education",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("institution", sa.Text(), server_default="", nullable=False),
        sa.Column("degree", sa.Text(), server_default="", nullable=False),
        sa.Column("field", sa.Text(), server_default="", nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.person_id"],
            name=op.f("fk_education_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "seq", name=op.f("pk_education")),
    )
    op.create_table(
        "import_rejects",
        sa.Column("batch_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("field", sa.Text(), server_default="", nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("value", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_import_rejects_batch_id_import_batches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("batch_id", "seq", name=op.f("pk_import_rejects")),
    )
    op.create_table(
        "languages",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("language", sa.Text(), server_default="", nullable=False),
        sa.Column("fluency", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.person_id"],
            name=op.f("fk_languages_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "seq", name=op.f("pk_languages")),
    )
    op.create_table(
        "role_requirements",
        sa.Column("role_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("skill_id", sa.String(), nullable=False),
        sa.Column("importance", sa.Double(), nullable=False),
        sa.Column("level", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["roles.id"],
            name=op.f("fk_role_requirements_role_id_roles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("role_id", "seq", name=op.f("pk_role_requirements")),
    )
    op.create_index(
        "ix_role_requirements_skill_id", "role_requirements", ["skill_id"], unique=False
    )

    op.create_table(
        "role_spells",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("role_id", sa.String(), nullable=True),
        sa.Column("occupation_id", sa.String(), nullable=True),
        sa.Column("employer", sa.Text(), server_default="", nullable=False),
        sa.Column("org_unit", sa.Text(), server_default="", nullable=False),
        sa.Column("manager_id", sa.Text(), server_default="", nullable=False),
        sa.Column("location", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.person_id"],
            name=op.f("fk_role_spells_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "seq", name=op.f("pk_role_spells")),
    )
    op.create_index("ix_role_spells_occupation_id", "role_spells", ["occupation_id"], unique=False)
    op.create_index("ix_role_spells_role_id", "role_spells", ["role_id"], unique=False)

    op.create_table(
        "skill_claims",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("skill_id", sa.String(), nullable=False),
        sa.Column("level", sa.Double(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.person_id"],
            name=op.f("fk_skill_claims_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "seq", name=op.f("pk_skill_claims")),
    )
    op.create_index("ix_skill_claims_skill_id", "skill_claims", ["skill_id"], unique=False)

    op.create_table(
        "target_roles",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("role_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.person_id"],
            name=op.f("fk_target_roles_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "seq", name=op.f("pk_target_roles")),
    )
    op.create_index("ix_target_roles_role_id", "target_roles", ["role_id"], unique=False)

    op.create_table(
        "skill_evidence",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("claim_seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column("level", sa.Double(), nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.Column("ref", sa.Text(), server_default="", nullable=False),
        sa.Column("observed", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id", "claim_seq"],
            ["skill_claims.person_id", "skill_claims.seq"],
            name=op.f("fk_skill_evidence_person_id_skill_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "claim_seq", "seq", name=op.f("pk_skill_evidence")),
    )


def downgrade() -> None:
    """Downgrade the schema."""
    op.drop_table("skill_evidence")
    op.drop_table("target_roles")
    op.drop_table("skill_claims")
    op.drop_table("role_spells")
    op.drop_table("role_requirements")
    op.drop_table("languages")
    op.drop_table("import_rejects")
    op.drop_table("education")
    op.drop_table("course_skills")
    op.drop_table("certifications")
    op.drop_table("roles")
    op.drop_table("projects")
    op.drop_table("people")
    op.drop_table("outcomes")
    op.drop_table("open_positions")
    op.drop_table("mentor_offers")
    op.drop_table("learning_records")
    op.drop_table("import_batches")
    op.drop_table("demographics")
    op.drop_table("courses")
    op.drop_table("assessments")
