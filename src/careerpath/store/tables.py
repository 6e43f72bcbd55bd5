"""SQLAlchemy Core tables of the people database (SQLite and PostgreSQL); the domain stays ORM-free.

Child rows of a profile carry ``person_id`` and ``seq`` (their position in the profile's tuple) as
primary key, so bulk inserts need no generated ids and loads keep the profile's order. Demographics
live in their own table, read only through ``PeopleRepository.demographics``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _text(name: str) -> Column[str]:
    """A NOT NULL text column defaulting to the empty string (the domain's '' default)."""
    return Column(name, Text, nullable=False, server_default="")


def _person_fk() -> Column[str]:
    """The owning person of a profile child row (deleted with the person)."""
    return Column(
        "person_id",
        String,
        ForeignKey("people.person_id", ondelete="CASCADE"),
        primary_key=True,
    )


def _seq() -> Column[int]:
    """Position of a row within its parent's tuple."""
    return Column("seq", Integer, primary_key=True, autoincrement=False)


people = Table(
    "people",
    metadata,
    Column("person_id", String, primary_key=True),
    _text("name"),
    _text("email"),
    _text("location"),
    _text("org_unit"),
    _text("manager_id"),
    Column("hire_date", Date),
    Column("performance", Double),
    Column("min_pay", Double),
    Column("work_life_balance", Double),
    Column("pref_locations", JSON, nullable=False),
    Column("willing_to_relocate", Boolean),
    Column("consent_recommendations", Boolean, nullable=False),
    Column("consent_analytics", Boolean, nullable=False),
    Column("consent_share_with_manager", Boolean, nullable=False),
    Column("consent_updated", Date),
    # A fresh random token at every write of the profile: caches of derived results key on it.
    Column("revision", String, nullable=False, server_default=""),
    Index("ix_people_manager_id", "manager_id"),
    Index("ix_people_org_unit", "org_unit"),
)

role_spells = Table(
    "role_spells",
    metadata,
    _person_fk(),
    _seq(),
    _text("title"),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("role_id", String),
    Column("occupation_id", String),
    _text("employer"),
    _text("org_unit"),
    _text("manager_id"),
    _text("location"),
    Index("ix_role_spells_role_id", "role_id"),
    Index("ix_role_spells_occupation_id", "occupation_id"),
)

skill_claims = Table(
    "skill_claims",
    metadata,
    _person_fk(),
    _seq(),
    Column("skill_id", String, nullable=False),
    Column("level", Double, nullable=False),
    Column("confidence", Double, nullable=False),
    Column("origin", String, nullable=False),
    Index("ix_skill_claims_skill_id", "skill_id"),
)

skill_evidence = Table(
    "skill_evidence",
    metadata,
    Column("person_id", String, primary_key=True),
    Column("claim_seq", Integer, primary_key=True, autoincrement=False),
    _seq(),
    Column("source", String, nullable=False),
    Column("confidence", Double, nullable=False),
    Column("level", Double, nullable=False),
    _text("detail"),
    _text("ref"),
    Column("observed", Date),
    ForeignKeyConstraint(
        ["person_id", "claim_seq"],
        ["skill_claims.person_id", "skill_claims.seq"],
        ondelete="CASCADE",
    ),
)

education = Table(
    "education",
    metadata,
    _person_fk(),
    _seq(),
    _text("institution"),
    _text("degree"),
    _text("field"),
    Column("start_date", Date),
    Column("end_date", Date),
)

certifications = Table(
    "certifications",
    metadata,
    _person_fk(),
    _seq(),
    _text("name"),
    _text("issuer"),
    Column("issued", Date),
    Column("expires", Date),
)

languages = Table(
    "languages",
    metadata,
    _person_fk(),
    _seq(),
    _text("language"),
    _text("fluency"),
)

target_roles = Table(
    "target_roles",
    metadata,
    _person_fk(),
    _seq(),
    Column("role_id", String, nullable=False),
    Index("ix_target_roles_role_id", "role_id"),
)

#: Kept apart on purpose: no foreign key, never joined when loading profiles.
demographics = Table(
    "demographics",
    metadata,
    Column("person_id", String, primary_key=True),
    _seq(),
    Column("attribute", String, nullable=False),
    _text("value"),
)

roles = Table(
    "roles",
    metadata,
    Column("id", String, primary_key=True),
    _text("title"),
    Column("taxonomy", String, nullable=False),
    _text("description"),
    Column("alt_titles", JSON, nullable=False),
    Column("reported_titles", JSON, nullable=False),
    Column("tasks", JSON, nullable=False),
    Column("job_zone", Double),
    Column("education_level", Double),
    _text("job_group"),
    Column("broader", JSON, nullable=False),
    Column("links", JSON, nullable=False),
    Column("wages", JSON),
    Column("outlook", JSON),
    Column("has_org_info", Boolean, nullable=False),
    _text("job_family"),
    _text("track"),
    Column("level", Integer),
    Column("pay_band", String),  # NULL: no pay band
    Column("pay_min", Double),
    Column("pay_max", Double),
    Column("pay_currency", String),
    Column("certifications", JSON, nullable=False),
    Column("onet_codes", JSON, nullable=False),
    Column("esco_uris", JSON, nullable=False),
    Column("next_roles", JSON, nullable=False),
    Index("ix_roles_job_family", "job_family"),
)

role_requirements = Table(
    "role_requirements",
    metadata,
    Column("role_id", String, ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
    _seq(),
    Column("skill_id", String, nullable=False),
    Column("importance", Double, nullable=False),
    Column("level", Double, nullable=False),
    Index("ix_role_requirements_skill_id", "skill_id"),
)

courses = Table(
    "courses",
    metadata,
    Column("id", String, primary_key=True),
    _text("title"),
    Column("hours", Double, nullable=False),
    Column("cost", Double, nullable=False),
    _text("provider"),
)

course_skills = Table(
    "course_skills",
    metadata,
    Column("course_id", String, ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    _seq(),
    Column("skill_id", String, nullable=False),
    Column("level", Double, nullable=False),
    Index("ix_course_skills_skill_id", "skill_id"),
)

# Records below may arrive before the people or courses they name (xAPI logs before the HRIS
# export): person and course ids are indexed, not foreign keys.

learning_records = Table(
    "learning_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", String, nullable=False, index=True),
    Column("course_id", String, nullable=False, index=True),
    Column("verb", String, nullable=False),
    Column("occurred", Date, nullable=False),
    Column("score", Double),
)

projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project_id", String, nullable=False, index=True),
    Column("person_id", String, nullable=False, index=True),
    _text("name"),
    _text("role"),
    Column("skills", JSON, nullable=False),  # skill ids used, in order
    Column("start_date", Date),
    Column("end_date", Date),
)

assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", String, nullable=False, index=True),
    Column("skill_id", String, nullable=False),
    Column("level", Double, nullable=False),
    Column("assessor", String, nullable=False),
    _text("assessor_id"),
    Column("assessed", Date),
)

open_positions = Table(
    "open_positions",
    metadata,
    Column("id", String, primary_key=True),
    Column("role_id", String, nullable=False, index=True),
    _text("org_unit"),
    _text("location"),
    Column("opened", Date),
    Column("closes", Date),
)

mentor_offers = Table(
    "mentor_offers",
    metadata,
    Column("person_id", String, primary_key=True),
    Column("capacity", Integer, nullable=False),
    Column("topics", JSON, nullable=False),
)

outcomes = Table(
    "outcomes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", String, nullable=False, index=True),
    Column("event", String, nullable=False),
    Column("at", Date, nullable=False),
    Column("role_id", String),
    Column("value", Double),
    _text("detail"),
)

import_batches = Table(
    "import_batches",
    metadata,
    Column("id", String, primary_key=True),
    Column("kind", String, nullable=False, index=True),
    _text("file"),
    Column("started", DateTime(timezone=True), nullable=False),
    Column("finished", DateTime(timezone=True)),
    Column("status", String, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
)

import_rejects = Table(
    "import_rejects",
    metadata,
    Column(
        "batch_id", String, ForeignKey("import_batches.id", ondelete="CASCADE"), primary_key=True
    ),
    _seq(),
    Column("row", Integer, nullable=False),
    _text("field"),
    _text("reason"),
    _text("value"),
)

recommendations = Table(
    "recommendations",
    metadata,
    Column("person_id", String, primary_key=True),
    Column("rank", Integer, primary_key=True, autoincrement=False),
    Column("role_id", String, nullable=False),
    Column("score", Double, nullable=False),
    Column("readiness", Double, nullable=False),
    Column("model_version", String, nullable=False),
    Column("run_id", String, nullable=False, index=True),
    Column("created", DateTime(timezone=True), nullable=False),
)

#: Tables holding one person's profile, children first (the order to delete in).
PROFILE_CHILDREN = (
    skill_evidence,
    skill_claims,
    role_spells,
    education,
    certifications,
    languages,
    target_roles,
)

# The service's tables share this metadata (jobs, policies, feedback, API keys, open projects).
from careerpath.store import tables_service as _service_tables  # noqa: E402, F401
