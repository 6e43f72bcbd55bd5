"""SqlOrganizationRepository: org roles with requirements, open positions, mentors, outcomes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from careerpath.domain.profile import MentorOffer, OpenPosition, Outcome, RoleRequirement
from careerpath.domain.taxonomy import Occupation
from careerpath.engine.ports import StoredRecommendation
from careerpath.store import tables as t
from careerpath.store.bulk import bulk_insert
from careerpath.store.role_rows import role_from_row, role_row
from careerpath.store.sql import delete_where_in, group_by, insert_rows, unique

_REC_COLUMNS = ("person_id", "rank", "role_id", "score", "readiness", "model_version", "created")


class SqlOrganizationRepository:
    """OrganizationRepository on SQLAlchemy Core."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_roles(self, roles: Sequence[tuple[Occupation, Sequence[RoleRequirement]]]) -> None:
        """Insert or replace org roles with their requirements (the last of repeated ids wins)."""
        latest = {occ.id: (occ, reqs) for occ, reqs in roles}
        ids = list(latest)
        delete_where_in(self.session, t.role_requirements, "role_id", ids)
        delete_where_in(self.session, t.roles, "id", ids)
        insert_rows(self.session, t.roles, [role_row(occ) for occ, _ in latest.values()])
        requirements = [
            {"role_id": rid, "seq": i, "skill_id": q.skill_id}
            | {"importance": q.importance, "level": q.level}
            for rid, (_, reqs) in latest.items()
            for i, q in enumerate(reqs)
        ]
        insert_rows(self.session, t.role_requirements, requirements)

    def roles(self) -> list[tuple[Occupation, list[RoleRequirement]]]:
        """Every org role with its requirements, by id."""
        rq = t.role_requirements
        req_rows = self.session.execute(select(rq).order_by(rq.c.role_id, rq.c.seq))
        reqs = group_by(req_rows, "role_id")
        rows = self.session.execute(select(t.roles).order_by(t.roles.c.id))
        return [
            (
                role_from_row(r),
                [RoleRequirement(q.skill_id, q.importance, q.level) for q in reqs.get(r.id, ())],
            )
            for r in rows
        ]

    def add_positions(self, positions: Sequence[OpenPosition]) -> None:
        """Insert (or replace, by id) open positions."""
        latest = {p.id: p for p in positions}
        delete_where_in(self.session, t.open_positions, "id", list(latest))
        rows = [
            {"id": p.id, "role_id": p.role_id, "org_unit": p.org_unit, "location": p.location}
            | {"opened": p.opened, "closes": p.closes}
            for p in latest.values()
        ]
        insert_rows(self.session, t.open_positions, rows)

    def positions(self) -> list[OpenPosition]:
        """Every open position, by id."""
        op = t.open_positions
        return [
            OpenPosition(r.id, r.role_id, r.org_unit, r.location, r.opened, r.closes)
            for r in self.session.execute(select(op).order_by(op.c.id))
        ]

    def add_mentors(self, offers: Sequence[MentorOffer]) -> None:
        """Insert or replace (by person) mentor offers."""
        latest = {m.person_id: m for m in offers}
        delete_where_in(self.session, t.mentor_offers, "person_id", list(latest))
        rows = [
            {"person_id": m.person_id, "capacity": m.capacity, "topics": list(m.topics)}
            for m in latest.values()
        ]
        insert_rows(self.session, t.mentor_offers, rows)

    def mentors(self) -> list[MentorOffer]:
        """Every mentor offer, by person id."""
        mo = t.mentor_offers
        return [
            MentorOffer(r.person_id, r.capacity, tuple(r.topics))
            for r in self.session.execute(select(mo).order_by(mo.c.person_id))
        ]

    def add_outcomes(self, outcomes: Sequence[Outcome]) -> None:
        """Append outcome events."""
        rows = [
            {"person_id": o.person_id, "event": o.event, "at": o.at, "role_id": o.role_id}
            | {"value": o.value, "detail": o.detail}
            for o in outcomes
        ]
        insert_rows(self.session, t.outcomes, rows)

    def outcomes(self, person_id: str | None = None) -> list[Outcome]:
        """Outcome events, oldest first (ties in insertion order); one person's when given."""
        oc = t.outcomes
        query = select(oc).order_by(oc.c.at, oc.c.id)
        if person_id is not None:
            query = query.where(oc.c.person_id == person_id)
        return [
            Outcome(r.person_id, r.event, r.at, r.role_id, r.value, r.detail)
            for r in self.session.execute(query)
        ]

    def save_recommendations(self, run_id: str, rows: Sequence[StoredRecommendation]) -> None:
        """Store a run's rows (``run_id`` set on each), replacing the earlier rows of their people."""
        delete_where_in(
            self.session, t.recommendations, "person_id", unique(r.person_id for r in rows)
        )
        columns = [*_REC_COLUMNS, "run_id"]
        values = [
            (
                r.person_id,
                r.rank,
                r.role_id,
                r.score,
                r.readiness,
                r.model_version,
                *_stamp(r, run_id),
            )
            for r in rows
        ]
        bulk_insert(self.session, t.recommendations, columns, values)

    def recommendations(self, person_id: str) -> list[StoredRecommendation]:
        """One person's latest stored recommendations, best first (empty when none)."""
        rc = t.recommendations
        query = select(rc).where(rc.c.person_id == person_id).order_by(rc.c.rank)
        return [
            StoredRecommendation(
                r.person_id,
                r.rank,
                r.role_id,
                r.score,
                r.readiness,
                r.model_version,
                _utc(r.created),
                r.run_id,
            )
            for r in self.session.execute(query)
        ]

    def count_recommended(self, run_id: str) -> int:
        """How many people's stored recommendations carry ``run_id`` (a later run replaces them)."""
        rc = t.recommendations
        query = select(func.count(distinct(rc.c.person_id))).where(rc.c.run_id == run_id)
        return int(self.session.execute(query).scalar_one())


def _stamp(row: StoredRecommendation, run_id: str) -> tuple[datetime, str]:
    """The row's creation time in UTC and the run id, the last two stored columns."""
    return row.created.astimezone(UTC), run_id


def _utc(moment: datetime) -> datetime:
    """A stored timestamp as aware UTC (SQLite gives it back naive, in UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
