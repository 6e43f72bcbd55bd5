"""SQLAlchemy Core tables of the service: durable jobs, versioned policies, feedback, API keys, open
projects. They share ``tables.metadata`` (imported at the end of ``tables``).

Timestamps are timezone-aware UTC. JSON columns hold plain JSON documents (dicts and lists).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from careerpath.store.tables import metadata

#: Durable jobs of the embedded runner and the Celery adapter (the job record is the source of
#: truth for both; Celery only carries the job id). ``locked_by``/``locked_until`` form a lease: a
#: running job whose lease ran out (its worker died) is claimed again.
jobs = Table(
    "jobs",
    metadata,
    Column("job_id", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("status", String, nullable=False),  # queued | running | succeeded | failed | dead
    Column("owner", String, nullable=False),  # subject of the principal who submitted it
    Column("idempotency_key", String, nullable=True),
    Column("payload_hash", String, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("max_attempts", Integer, nullable=False, server_default="5"),
    Column("run_after", DateTime(timezone=True), nullable=False),
    Column("locked_by", String, nullable=True),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("result", JSON, nullable=True),
    Column("error", JSON, nullable=True),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
    Column("finished", DateTime(timezone=True), nullable=True),
    UniqueConstraint("owner", "idempotency_key", name="uq_jobs_owner_idempotency_key"),
    Index("ix_jobs_status_run_after", "status", "run_after"),
    Index("ix_jobs_kind_idempotency_key", "kind", "idempotency_key"),  # a run's partition jobs
)

#: The organization's recommendation policy, one row per version (never updated in place).
policies = Table(
    "policies",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("author", String, nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    Column("body", JSON, nullable=False),
)

#: Feedback events (impression, click, save, dismiss, apply, enroll, complete, move, outcome),
#: deduplicated by event id per sender (one sender cannot pre-empt another's ids).
feedback_events = Table(
    "feedback_events",
    metadata,
    Column("event_id", String, primary_key=True),
    Column("person_id", String, nullable=False, index=True),
    Column("type", String, nullable=False),
    Column("item_kind", String, nullable=False, server_default=""),
    Column("item_id", String, nullable=False, server_default=""),
    Column("occurred", DateTime(timezone=True), nullable=False),
    Column("received", DateTime(timezone=True), nullable=False),
    Column("source", String, primary_key=True),  # subject of the principal who sent it
    Column("details", JSON, nullable=False),
)

#: API keys for services and the local admin: only a hash of the secret is stored.
api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String, primary_key=True),
    Column("secret_hash", String, nullable=False),
    Column("role", String, nullable=False),  # employee | manager | hr_admin | auditor | service
    Column("subject", String, nullable=False),
    Column("person_id", String, nullable=True),
    Column("description", Text, nullable=False, server_default=""),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("revoked", DateTime(timezone=True), nullable=True),
)

#: Projects looking for people (stretch assignments, gigs): skills they use, dates, free seats.
open_projects = Table(
    "open_projects",
    metadata,
    Column("project_id", String, primary_key=True),
    Column("name", Text, nullable=False, server_default=""),
    Column("skills", JSON, nullable=False),
    Column("start", Date, nullable=True),
    Column("end", Date, nullable=True),
    Column("seats", Integer, nullable=False, server_default="1"),
)
