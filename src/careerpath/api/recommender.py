"""Fast recommendation reads: the organization compiled once, results remembered per profile state.

The org context (``engine.recommend_context.org_context``) and the open projects are read once and
kept until ``invalidate()`` (a policy change through this API). Every ``CONTEXT_SECONDS`` a cheap
marker (``org_marker``: the policy version and the organization-level import runs) is read, and
the context is rebuilt only when it moved, so changes made elsewhere (the CLI, another API process)
show within that time; the mentors' profiles come with the context, so a mentor's own profile
change shows when the context is next rebuilt. Results are remembered per (person, target, today,
context version, profile revision): a request reads the profile's revision token (one key lookup,
``PeopleRepository.revision``), and only a changed profile, context or day computes again.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from careerpath.domain.errors import NotFoundError
from careerpath.domain.opportunities import OpenProject
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.recommend import recommend_for
from careerpath.engine.recommend_context import OrgContext, org_context
from careerpath.engine.recommend_types import Recommendations, SimulationComparison
from careerpath.engine.recommend_whatif import simulate_for

CONTEXT_SECONDS = 60.0
PEOPLE_ONLY = frozenset({"profile", "json_resume", "json-resume", "resume", "xapi", "assessments"})
RESULTS = 4096  # remembered results (least recently used dropped)
PAGES = 2048  # remembered rendered pages
RANK_DEPTH = 50  # next roles ranked per person (pages are cut from these)
PATHS = 3


@dataclass(frozen=True)
class OrgSnapshot:
    """The compiled organization and open projects at one version, and when it was last checked."""

    context: OrgContext
    projects: tuple[OpenProject, ...]
    version: int
    marker: Hashable
    checked: float


class Recommender:
    """Recommendations and simulations over a cached organization (module docstring)."""

    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        taxonomy: Callable[[], Taxonomy],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.uow_factory = uow_factory
        self.taxonomy = taxonomy
        self.clock = clock
        self.version = 0
        self._snapshot: OrgSnapshot | None = None
        self._build_lock = threading.Lock()
        self._results: OrderedDict[Hashable, Recommendations] = OrderedDict()
        self._pages: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Forget the compiled organization and every remembered result."""
        with self._lock:
            self.version += 1
            self._snapshot = None
            self._results.clear()
            self._pages.clear()

    def snapshot(self) -> OrgSnapshot:
        """The compiled organization: checked every CONTEXT_SECONDS, rebuilt when it changed.

        While one request rebuilds it, the others go on with the previous snapshot.
        """
        snap = self._snapshot
        if snap is not None and self.clock() - snap.checked < CONTEXT_SECONDS:
            return snap
        if not self._build_lock.acquire(blocking=snap is None):
            assert snap is not None
            return snap
        try:
            return self._refresh()
        finally:
            self._build_lock.release()

    def _refresh(self) -> OrgSnapshot:
        """Check the organization's change marker; rebuild the snapshot only when it moved."""
        snap, now = self._snapshot, self.clock()
        if snap is not None and now - snap.checked < CONTEXT_SECONDS:
            return snap
        with self._lock:
            version = self.version
        with self.uow_factory() as uow:
            marker = org_marker(uow)
            if snap is not None and snap.marker == marker:
                fresh = replace(snap, checked=now)
            else:
                taxonomy = self.taxonomy()
                ctx = org_context(uow, taxonomy)
                projects = tuple(uow.projects.open())
                fresh = OrgSnapshot(ctx, projects, version + 1, marker, now)
        with self._lock:
            if self.version == version:  # no invalidate() meanwhile
                self.version = fresh.version
                self._snapshot = fresh
        return fresh

    def recommend(self, person_id: str, *, target: str | None, today: date) -> Recommendations:
        """Recommendations for one person (remembered while the profile and context are unchanged)."""
        return self._result(person_id, target, today)[1]

    def remembered_page(
        self, person_id: str, *, target: str | None, today: date, view: Hashable
    ) -> bytes | None:
        """The remembered rendered view when it is still current, else None (no computing).

        Costs one key lookup of the profile's revision, so the API answers it on its event loop;
        None also when the organization is due for its change check (``page`` does that).
        """
        snap = self._snapshot
        if snap is None or self.clock() - snap.checked >= CONTEXT_SECONDS:
            return None
        full = (self._key(person_id, target, today, snap), view)
        with self._lock:
            hit = self._pages.get(full)
            if hit is not None:
                self._pages.move_to_end(full)
            return hit

    def page(
        self,
        person_id: str,
        *,
        target: str | None,
        today: date,
        view: Hashable,
        render: Callable[[Recommendations], bytes],
    ) -> bytes:
        """One rendered view (``view``: the page and filters) of the person's recommendations.

        Rendered bytes are remembered with the result, so a repeated read costs one profile read.
        """
        key, rec = self._result(person_id, target, today)
        full = (key, view)
        with self._lock:
            hit = self._pages.get(full)
            if hit is not None:
                self._pages.move_to_end(full)
                return hit
        body = render(rec)
        with self._lock:
            self._pages[full] = body
            while len(self._pages) > PAGES:
                self._pages.popitem(last=False)
        return body

    def _result(
        self, person_id: str, target: str | None, today: date
    ) -> tuple[Hashable, Recommendations]:
        snap = self.snapshot()
        key = self._key(person_id, target, today, snap)
        with self._lock:
            hit = self._results.get(key)
            if hit is not None:
                self._results.move_to_end(key)
                return key, hit
        rec = recommend_for(
            person_id,
            uow=self.uow_factory(),
            taxonomy=self.taxonomy(),
            target=target,
            top=RANK_DEPTH,
            paths=PATHS,
            today=today,
            projects=snap.projects,
            context=snap.context,
        )
        with self._lock:
            self._results[key] = rec
            while len(self._results) > RESULTS:
                self._results.popitem(last=False)
        return key, rec

    def simulate(
        self, person_id: str, *, target: str, what_if: Sequence[tuple[str, str]], today: date
    ) -> SimulationComparison:
        """The what-if simulation of one person toward ``target`` (never remembered)."""
        snap = self.snapshot()
        return simulate_for(
            person_id,
            target=target,
            what_if=what_if,
            uow=self.uow_factory(),
            taxonomy=self.taxonomy(),
            today=today,
            projects=snap.projects,
            context=snap.context,
        )

    def label(self, skill_id: str) -> str:
        """A skill's label in the taxonomy, or its id when the taxonomy does not know it."""
        skill = self.taxonomy().skills.get(skill_id)
        return skill.label if skill is not None else skill_id

    def _key(self, person_id: str, target: str | None, today: date, snap: OrgSnapshot) -> Hashable:
        """What a remembered result depends on: person, target, day, organization, profile."""
        return (person_id, target, today, snap.version, self._revision(person_id))

    def _revision(self, person_id: str) -> str:
        """The profile's revision token (one key lookup); NotFoundError when not stored."""
        with self.uow_factory() as uow:
            revision = uow.people.revision(person_id)
        if revision is None:
            raise NotFoundError(f"no person with id {person_id!r}")
        return revision


def org_marker(uow: UnitOfWork) -> Hashable:
    """What changes when the organization does: the policy version and the org-level imports.

    Imports of single people's profiles (``PEOPLE_ONLY``) do not move it: a person's own profile is
    part of each result's key instead.
    """
    policy = uow.policies.current()
    return (policy.version if policy else None, *uow.imports.marker(PEOPLE_ONLY))
