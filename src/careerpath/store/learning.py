"""SqlLearningRepository: the course catalog, learning records, projects and assessments."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from careerpath.domain.profile import (
    Assessment,
    Course,
    CourseSkill,
    LearningRecord,
    ProjectRecord,
)
from careerpath.store import tables as t
from careerpath.store.sql import delete_where_in, group_by, insert_rows


class SqlLearningRepository:
    """LearningRepository on SQLAlchemy Core."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_courses(self, courses: Sequence[Course]) -> None:
        """Insert or replace catalog entries (the last of repeated ids wins)."""
        latest = {c.id: c for c in courses}
        ids = list(latest)
        delete_where_in(self.session, t.course_skills, "course_id", ids)
        delete_where_in(self.session, t.courses, "id", ids)
        insert_rows(
            self.session,
            t.courses,
            [
                {"id": c.id, "title": c.title, "hours": c.hours, "cost": c.cost}
                | {"provider": c.provider}
                for c in latest.values()
            ],
        )
        skills = [
            {"course_id": c.id, "seq": i, "skill_id": s.skill_id, "level": s.level}
            for c in latest.values()
            for i, s in enumerate(c.skills)
        ]
        insert_rows(self.session, t.course_skills, skills)

    def courses(self) -> list[Course]:
        """The whole catalog, by id."""
        cs = t.course_skills
        skill_rows = self.session.execute(select(cs).order_by(cs.c.course_id, cs.c.seq))
        skills = group_by(skill_rows, "course_id")
        rows = self.session.execute(select(t.courses).order_by(t.courses.c.id))
        return [
            Course(
                id=r.id,
                title=r.title,
                skills=tuple(CourseSkill(s.skill_id, s.level) for s in skills.get(r.id, ())),
                hours=r.hours,
                cost=r.cost,
                provider=r.provider,
            )
            for r in rows
        ]

    def add_records(self, records: Sequence[LearningRecord]) -> None:
        """Insert learning records."""
        rows = [
            {"person_id": r.person_id, "course_id": r.course_id, "verb": r.verb}
            | {"occurred": r.timestamp, "score": r.score}
            for r in records
        ]
        insert_rows(self.session, t.learning_records, rows)

    def records_of(self, person_id: str) -> list[LearningRecord]:
        """One person's learning records, oldest first (ties in insertion order)."""
        lr = t.learning_records
        query = select(lr).where(lr.c.person_id == person_id).order_by(lr.c.occurred, lr.c.id)
        return [
            LearningRecord(r.person_id, r.course_id, r.verb, r.occurred, r.score)
            for r in self.session.execute(query)
        ]

    def add_projects(self, projects: Sequence[ProjectRecord]) -> None:
        """Insert project records."""
        rows = [
            {"project_id": p.project_id, "person_id": p.person_id, "name": p.name, "role": p.role}
            | {"skills": list(p.skills), "start_date": p.start, "end_date": p.end}
            for p in projects
        ]
        insert_rows(self.session, t.projects, rows)

    def projects_of(self, person_id: str) -> list[ProjectRecord]:
        """One person's project records, in insertion order."""
        pr = t.projects
        query = select(pr).where(pr.c.person_id == person_id).order_by(pr.c.id)
        return [
            ProjectRecord(
                project_id=r.project_id,
                person_id=r.person_id,
                name=r.name,
                role=r.role,
                skills=tuple(r.skills),
                start=r.start_date,
                end=r.end_date,
            )
            for r in self.session.execute(query)
        ]

    def add_assessments(self, assessments: Sequence[Assessment]) -> None:
        """Insert assessments."""
        rows = [
            {"person_id": a.person_id, "skill_id": a.skill_id, "level": a.level}
            | {"assessor": a.assessor, "assessor_id": a.assessor_id, "assessed": a.assessed}
            for a in assessments
        ]
        insert_rows(self.session, t.assessments, rows)

    def assessments_of(self, person_id: str) -> list[Assessment]:
        """One person's assessments, oldest first (undated first, ties in insertion order)."""
        a = t.assessments
        query = (
            select(a)
            .where(a.c.person_id == person_id)
            .order_by(a.c.assessed.asc().nulls_first(), a.c.id)
        )
        return [
            Assessment(
                r.person_id,
                r.skill_id,
                r.level,
                r.assessor,
                r.assessor_id,
                r.assessed,
            )
            for r in self.session.execute(query)
        ]
