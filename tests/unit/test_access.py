"""The access matrix: the pure deny-by-default decision (with property tests), the manager chain
read from stored profiles, ``authorize``, and docs/access.md matching the code."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerpath.domain.access import (
    ACTIONS,
    MATRIX,
    READ_ACTIONS,
    ROLES,
    WRITE_ACTIONS,
    Principal,
    decide,
    who_may,
)
from careerpath.domain.errors import PermissionDeniedError
from careerpath.domain.profile import Profile
from careerpath.engine.access import authorize, manager_chain
from fakes import FakePeopleRepository, FakeStore, FakeUnitOfWork

REPO = Path(__file__).resolve().parents[2]
PERSON_ACTIONS = ("person.read", "person.simulate", "profile.submit", "feedback.write")
ADMIN_ONLY = ("policy.write", "keys.manage", "recommendations.rerun")

ids = st.sampled_from(["E1", "E2", "E3", "M1", "M2", "X9"])
principals = st.builds(
    Principal,
    subject=st.sampled_from(["alice", "bob", "svc"]),
    role=st.sampled_from(ROLES),
    person_id=st.one_of(st.none(), ids),
)
chains = st.lists(ids, max_size=4).map(tuple)
known_actions = st.sampled_from(ACTIONS)
any_action = st.one_of(known_actions, st.text(max_size=20))


@given(principals, any_action, st.one_of(st.none(), ids), chains, st.one_of(st.none(), ids))
def test_deny_by_default(
    p: Principal, action: str, person: str | None, chain: tuple[str, ...], owner: str | None
) -> None:
    decision = decide(p, action, person_id=person, manager_chain=chain, owner=owner)
    if decision.allowed:
        assert action in MATRIX and MATRIX[action].get(p.role, "none") != "none"
    else:
        assert decision.reason  # always says why


@given(
    principals, st.text(max_size=20).filter(lambda a: a not in MATRIX), st.one_of(st.none(), ids)
)
def test_unknown_actions_are_denied_to_everyone(
    p: Principal, action: str, person: str | None
) -> None:
    assert not decide(p, action, person_id=person, owner=p.subject).allowed


@given(principals, st.sampled_from(PERSON_ACTIONS), ids, chains)
def test_an_employee_never_gets_another_person(
    p: Principal, action: str, person: str, chain: tuple[str, ...]
) -> None:
    employee = replace(p, role="employee")
    decision = decide(employee, action, person_id=person, manager_chain=chain)
    assert decision.allowed == (employee.person_id is not None and person == employee.person_id)


@given(principals, st.sampled_from(sorted(WRITE_ACTIONS)), st.one_of(st.none(), ids), chains)
def test_an_auditor_never_writes(
    p: Principal, action: str, person: str | None, chain: tuple[str, ...]
) -> None:
    auditor = replace(p, role="auditor")
    assert not decide(
        auditor, action, person_id=person, manager_chain=chain, owner=p.subject
    ).allowed


@given(principals, st.sampled_from(sorted(READ_ACTIONS)), st.one_of(st.none(), ids))
def test_an_auditor_reads_everything(p: Principal, action: str, person: str | None) -> None:
    assert decide(replace(p, role="auditor"), action, person_id=person, owner="someone").allowed


@given(principals, known_actions, st.one_of(st.none(), ids), chains, st.one_of(st.none(), ids))
def test_hr_admin_may_do_everything_known(
    p: Principal, action: str, person: str | None, chain: tuple[str, ...], owner: str | None
) -> None:
    admin = replace(p, role="hr_admin")
    assert decide(admin, action, person_id=person, manager_chain=chain, owner=owner).allowed


@given(principals, st.sampled_from(ADMIN_ONLY), st.one_of(st.none(), ids), chains)
def test_only_hr_admin_changes_policy_keys_and_reruns(
    p: Principal, action: str, person: str | None, chain: tuple[str, ...]
) -> None:
    decision = decide(p, action, person_id=person, manager_chain=chain, owner=p.subject)
    assert decision.allowed == (p.role == "hr_admin")


@given(ids, st.sampled_from(["person.read", "person.simulate"]), ids, chains)
def test_a_manager_reads_self_and_the_people_below(
    me: str, action: str, person: str, chain: tuple[str, ...]
) -> None:
    manager = Principal("m", "manager", me)
    decision = decide(manager, action, person_id=person, manager_chain=chain)
    assert decision.allowed == (person == me or me in chain)


@given(ids, st.sampled_from(["profile.submit", "feedback.write"]), ids, chains)
def test_a_manager_writes_only_for_self(
    me: str, action: str, person: str, chain: tuple[str, ...]
) -> None:
    manager = Principal("m", "manager", me)
    allowed = decide(manager, action, person_id=person, manager_chain=(me, *chain)).allowed
    assert allowed == (person == me)


@given(principals, st.one_of(st.none(), ids))
def test_jobs_are_read_by_their_owner_unless_admin_or_auditor(
    p: Principal, owner: str | None
) -> None:
    allowed = decide(p, "job.read", owner=owner).allowed
    assert allowed == (p.role in ("hr_admin", "auditor") or owner == p.subject)


@given(
    st.one_of(st.none(), ids), st.sampled_from(["profile.submit", "feedback.write", "person.read"])
)
def test_a_service_acts_for_any_person(person: str | None, action: str) -> None:
    assert decide(Principal("hris", "service"), action, person_id=person).allowed


def test_a_service_may_not_simulate_or_change_policy() -> None:
    svc = Principal("hris", "service")
    for action in ("person.simulate", "policy.write", "keys.manage", "feedback.read", "keys.read"):
        assert not decide(svc, action, person_id="E1").allowed, action


def test_a_principal_without_a_person_gets_no_self_actions() -> None:
    nobody = Principal("ghost", "employee", None)
    assert not decide(nobody, "person.read", person_id=None).allowed
    assert not decide(nobody, "person.read", person_id="").allowed
    assert decide(nobody, "catalog.read").allowed
    assert not decide(Principal("m", "manager", ""), "person.read", manager_chain=("",)).allowed


def test_reasons_name_the_roles() -> None:
    denied = decide(Principal("bob", "employee", "E1"), "policy.write")
    assert not denied.allowed and denied.reason == "policy.write is allowed to: hr_admin"
    assert "manager (themself and the people below them)" in who_may("person.read")
    assert who_may("no.such") == "nobody"
    assert decide(Principal("a", "hr_admin"), "keys.manage").reason == "hr_admin may keys.manage"


def test_docs_table_matches_the_matrix() -> None:
    text = (REPO / "docs" / "access.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if re.match(r"\| `[a-z_]+\.[a-z_.]+` \|", line)]
    words = {"any": "any", "self": "self", "team": "team", "own": "own", "—": "none"}
    table: dict[str, dict[str, str]] = {}
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        table[cells[0].strip("`")] = {
            role: words[cell] for role, cell in zip(ROLES, cells[1:], strict=True)
        }
    expected = {a: {r: MATRIX[a].get(r, "none") for r in ROLES} for a in ACTIONS}
    assert table == expected


def chain_store(managers: dict[str, str]) -> FakeStore:
    """People E -> manager ids as given (managers not listed as keys are not stored)."""
    store = FakeStore()
    store.people.update((p, Profile(p, manager_id=m)) for p, m in managers.items())
    return store


def test_manager_chain_walks_up_and_stops() -> None:
    store = chain_store({"E1": "M1", "M1": "M2", "M2": "M3", "M3": ""})
    people = FakePeopleRepository(store)
    assert manager_chain("E1", people=people) == ("M1", "M2", "M3")
    assert manager_chain("E1", people=people, stop_at="M2") == ("M1", "M2")
    assert manager_chain("M3", people=people) == ()
    assert manager_chain("unknown", people=people) == ()
    assert manager_chain("E1", people=people, max_depth=2) == ("M1", "M2")


def test_manager_chain_survives_cycles_and_caps_depth() -> None:
    cyclic = FakePeopleRepository(chain_store({"A": "B", "B": "C", "C": "A"}))
    assert manager_chain("A", people=cyclic) == ("B", "C")
    assert manager_chain("B", people=cyclic) == ("C", "A")
    long = {f"P{i}": f"P{i + 1}" for i in range(200)}
    chain = manager_chain("P0", people=FakePeopleRepository(chain_store(long)))
    assert len(chain) == 50 and chain[-1] == "P50"


class CountingUow(FakeUnitOfWork):
    """A fake unit of work counting profile reads."""

    reads = 0

    def _attach(self, working: FakeStore) -> None:
        super()._attach(working)
        outer = self
        base = self.people

        class Counting(FakePeopleRepository):
            def get(self, person_id: str) -> Profile | None:
                outer.reads += 1
                return base.get(person_id)

        self.people = Counting(working)


def test_authorize_a_manager_over_the_reporting_line() -> None:
    store = chain_store({"E1": "M1", "M1": "M2", "M2": "", "E9": "M9"})
    boss = Principal("boss", "manager", "M2")
    authorize(boss, "person.read", uow=FakeUnitOfWork(store), person_id="E1")  # two levels down
    authorize(boss, "person.simulate", uow=FakeUnitOfWork(store), person_id="M2")  # self
    with pytest.raises(PermissionDeniedError) as peer:
        authorize(boss, "person.read", uow=FakeUnitOfWork(store), person_id="E9")
    with pytest.raises(PermissionDeniedError) as ghost:
        authorize(boss, "person.read", uow=FakeUnitOfWork(store), person_id="NOBODY")
    assert str(peer.value) == str(ghost.value)  # whether E9 exists is not revealed
    assert "E9" not in str(peer.value) and "hr_admin" in str(peer.value)
    with pytest.raises(PermissionDeniedError, match=r"may not profile\.submit"):
        authorize(boss, "profile.submit", uow=FakeUnitOfWork(store), person_id="E1")


def test_authorize_reads_profiles_only_when_the_decision_needs_them() -> None:
    store = chain_store({"E1": "M1"})
    uow = CountingUow(store)
    authorize(Principal("a", "hr_admin"), "person.read", uow=uow, person_id="E1")
    authorize(Principal("e", "employee", "E1"), "person.read", uow=uow, person_id="E1")
    authorize(Principal("m", "manager", "M1"), "person.read", uow=uow, person_id="M1")
    with pytest.raises(PermissionDeniedError):
        authorize(Principal("e", "employee", "E1"), "person.read", uow=uow, person_id="M1")
    assert uow.reads == 0
    authorize(Principal("m", "manager", "M1"), "person.read", uow=uow, person_id="E1")
    assert uow.reads == 1


def test_authorize_inside_an_open_unit_of_work_keeps_its_changes() -> None:
    store = chain_store({"E1": "M1"})
    uow = FakeUnitOfWork(store)
    with uow:
        uow.people.add(Profile("E2", manager_id="M1"))
        authorize(Principal("m", "manager", "M1"), "person.read", uow=uow, person_id="E2")
        assert uow.people.get("E2") is not None
        uow.commit()
    assert "E2" in store.people


def test_job_owners_are_identities_not_bare_subjects() -> None:
    """A token whose sub equals an API key's subject does not own that key's jobs."""
    by_key = Principal("local-admin", "service", via="api_key")
    by_token = Principal("local-admin", "service", via="jwt")
    owner = by_key.identity
    assert owner == "api_key:local-admin"
    assert decide(by_key, "job.read", owner=owner).allowed
    assert not decide(by_token, "job.read", owner=owner).allowed
