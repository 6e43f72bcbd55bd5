"""The recommendation policy: strict parsing, versioned storage, the JSON form, and apply_policy
(property tests: an empty policy is the identity, a policy never loosens what it merges)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerpath.domain.constraints import PathConstraints, RoleAttrs
from careerpath.domain.errors import UnknownCodeError, ValidationError
from careerpath.domain.policy import PolicyRules, apply_policy, rules_from_json, rules_to_json
from careerpath.engine.policies import (
    PolicyValidationError,
    current_policy,
    parse_policy,
    policy_document,
    policy_history,
    set_policy,
)
from fakes import FakeStore, FakeUnitOfWork

ROLE_IDS = frozenset({"org:ceo", "org:sec-3", "org:swe-2", "15-1252.00"})
NOW = datetime(2025, 6, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
FULL_DOC: dict[str, Any] = {
    "excluded_roles": ["org:ceo", " 15-1252.00 "],
    "required_certifications": {"org:sec-3": ["CISSP", "CISM", "CISSP"]},
    "min_tenure_months": 12,
    "max_zone_step": 1.5,
    "allow_pay_cut": False,
    "max_steps": 3,
    "include_external": True,
}

roles = st.sampled_from(sorted(ROLE_IDS))
certs = st.sampled_from(["CISSP", "CISM", "RN", "PMP"])
rules_strategy = st.builds(
    PolicyRules,
    excluded_roles=st.frozensets(roles),
    required_certifications=st.dictionaries(
        roles, st.lists(certs, min_size=1, unique=True).map(tuple)
    ),
    min_tenure_months=st.one_of(st.none(), st.floats(0, 600)),
    max_zone_step=st.one_of(st.none(), st.floats(0, 4)),
    allow_pay_cut=st.one_of(st.none(), st.booleans()),
    max_steps=st.one_of(st.none(), st.integers(1, 10)),
    include_external=st.one_of(st.none(), st.booleans()),
)
constraints_strategy = st.builds(
    PathConstraints,
    max_steps=st.integers(0, 6),
    max_zone_step=st.one_of(st.none(), st.floats(0, 4)),
    allow_pay_cut=st.booleans(),
    held_certifications=st.frozensets(certs),
    min_tenure_months=st.floats(0, 120),
    excluded=st.frozensets(roles),
    policy=st.one_of(st.none(), st.just(lambda a, b: b != "org:swe-2")),
)


def test_parse_full_document() -> None:
    rules = parse_policy(FULL_DOC, role_ids=ROLE_IDS)
    assert rules == PolicyRules(
        excluded_roles=frozenset({"org:ceo", "15-1252.00"}),
        required_certifications={"org:sec-3": ("CISSP", "CISM")},
        min_tenure_months=12.0,
        max_zone_step=1.5,
        allow_pay_cut=False,
        max_steps=3,
        include_external=True,
    )
    assert parse_policy({}, role_ids=()) == PolicyRules()


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ({"max_step": 3}, "max_step: unknown field (did you mean 'max_steps'?)"),
        ({"exclude": []}, "exclude: unknown field (did you mean 'excluded_roles'?)"),
        ({"colour": 1}, "colour: unknown field (valid fields: excluded_roles,"),
        (
            {"required_certifications": {"org:sec-3": ["CISSP", 12]}},
            "required_certifications.org:sec-3[1]: expected text, got the number 12",
        ),
        (
            {"required_certifications": {"org:sec-3": []}},
            "required_certifications.org:sec-3: empty list",
        ),
        (
            {"required_certifications": ["CISSP"]},
            "required_certifications: expected a mapping of role id",
        ),
        ({"excluded_roles": "org:ceo"}, "excluded_roles: expected a list of text, got the text"),
        ({"excluded_roles": ["org:ceo", ""]}, "excluded_roles[1]: empty text"),
        ({"min_tenure_months": -1}, "min_tenure_months: -1 is out of range"),
        ({"min_tenure_months": "12"}, "min_tenure_months: expected a number of months >= 0, got"),
        ({"max_zone_step": float("nan")}, "max_zone_step: expected a number of job zones"),
        ({"max_zone_step": 9}, "max_zone_step: 9 is out of range (use a number from 0 to 4)"),
        ({"max_steps": 2.5}, "max_steps: expected a whole number >= 1, got the number 2.5"),
        ({"max_steps": True}, "max_steps: expected a whole number >= 1, got the boolean true"),
        ({"max_steps": 0}, "max_steps: 0 is out of range (use 1 to 10)"),
        ({"allow_pay_cut": "no"}, "allow_pay_cut: expected true or false, got the text 'no'"),
        (
            {"rules": {}, "autor": "x"},
            "autor: unknown field beside 'rules' (did you mean 'author'?)",
        ),
        ({"rules": [1]}, "rules: expected a mapping of rules, got a list"),
    ],
)
def test_parse_rejects_bad_fields_by_path(doc: dict[str, Any], expected: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_policy(doc, role_ids=ROLE_IDS)
    assert expected in str(info.value)
    assert isinstance(info.value, PolicyValidationError)
    assert str(info.value).startswith("invalid policy: ")


def test_parse_lists_every_problem_and_names_the_first_field() -> None:
    with pytest.raises(PolicyValidationError) as info:
        parse_policy({"max_steps": 0, "allow_pay_cut": 1, "nope": 1}, role_ids=ROLE_IDS)
    assert info.value.field == "nope"
    assert [p[0] for p in info.value.problems] == ["nope", "max_steps", "allow_pay_cut"]


def test_parse_names_unknown_roles_with_suggestions() -> None:
    doc = {
        "excluded_roles": ["org:ceo", "org:swe-22", "zz"],
        "required_certifications": {"q": ["A"]},
    }
    with pytest.raises(UnknownCodeError) as info:
        parse_policy(doc, role_ids=ROLE_IDS)
    text = str(info.value)
    assert "unknown roles: 'org:swe-22', 'q', 'zz'" in text
    assert "did you mean 'org:swe-2'?" in text


def test_parse_reads_the_stored_document_form() -> None:
    version = set_policy(FULL_DOC, author="ann", uow=FakeUnitOfWork(), role_ids=ROLE_IDS, now=NOW)
    document = json.loads(json.dumps(policy_document(version)))
    assert parse_policy(document, role_ids=ROLE_IDS) == version.rules


def test_set_current_history_and_document() -> None:
    store = FakeStore()
    assert current_policy(uow=FakeUnitOfWork(store)) is None
    first = set_policy({}, author=" ann ", uow=FakeUnitOfWork(store), role_ids=(), now=NOW)
    second = set_policy(
        FULL_DOC,
        author="bob",
        comment="Q3 review",
        uow=FakeUnitOfWork(store),
        role_ids=ROLE_IDS,
        now=NOW + timedelta(days=1),
    )
    assert (first.version, first.author, second.version) == (1, "ann", 2)
    assert current_policy(uow=FakeUnitOfWork(store)) == second
    assert policy_history(uow=FakeUnitOfWork(store)) == [first, second]
    assert policy_document(second) == {
        "version": 2,
        "created": "2025-06-02T07:30:00+00:00",
        "author": "bob",
        "comment": "Q3 review",
        "rules": {
            "excluded_roles": ["15-1252.00", "org:ceo"],
            "required_certifications": {"org:sec-3": ["CISSP", "CISM"]},
            "min_tenure_months": 12.0,
            "max_zone_step": 1.5,
            "allow_pay_cut": False,
            "max_steps": 3,
            "include_external": True,
        },
    }


def test_set_policy_stores_nothing_for_a_bad_document_or_author() -> None:
    store = FakeStore()
    with pytest.raises(ValidationError, match="max_steps"):
        set_policy({"max_steps": -2}, author="a", uow=FakeUnitOfWork(store), role_ids=(), now=NOW)
    with pytest.raises(ValidationError, match="author"):
        set_policy({}, author="  ", uow=FakeUnitOfWork(store), role_ids=(), now=NOW)
    with pytest.raises(UnknownCodeError):
        set_policy(
            {"excluded_roles": ["x"]}, author="a", uow=FakeUnitOfWork(store), role_ids=(), now=NOW
        )
    assert store.policies == []


@given(rules_strategy)
def test_rules_json_round_trips(rules: PolicyRules) -> None:
    body = json.loads(json.dumps(rules_to_json(rules)))
    assert rules_from_json(body) == rules
    assert parse_policy(body, role_ids=ROLE_IDS) == rules


@given(constraints_strategy)
def test_an_empty_policy_is_the_identity(constraints: PathConstraints) -> None:
    assert apply_policy(PolicyRules(), constraints) is constraints


@given(rules_strategy, constraints_strategy)
def test_applying_never_loosens_exclusions_tenure_or_zone_step(
    rules: PolicyRules, constraints: PathConstraints
) -> None:
    merged = apply_policy(rules, constraints)
    assert merged.excluded == constraints.excluded | rules.excluded_roles
    assert merged.min_tenure_months >= constraints.min_tenure_months
    if rules.min_tenure_months is not None:
        assert merged.min_tenure_months >= rules.min_tenure_months
    if rules.max_zone_step is not None:
        assert merged.max_zone_step is not None and merged.max_zone_step <= rules.max_zone_step
        if constraints.max_zone_step is not None:
            assert merged.max_zone_step <= constraints.max_zone_step
    else:
        assert merged.max_zone_step == constraints.max_zone_step


@given(rules_strategy, constraints_strategy)
def test_overrides_and_untouched_fields(rules: PolicyRules, constraints: PathConstraints) -> None:
    merged = apply_policy(rules, constraints)
    expected_cut = constraints.allow_pay_cut if rules.allow_pay_cut is None else rules.allow_pay_cut
    assert merged.allow_pay_cut == expected_cut
    assert merged.max_steps == (rules.max_steps or constraints.max_steps)
    assert merged.held_certifications == constraints.held_certifications
    assert merged.pay_floor == constraints.pay_floor and merged.locations == constraints.locations


@given(rules_strategy, constraints_strategy, roles, roles)
def test_moves_into_uncertified_roles_are_refused(
    rules: PolicyRules, constraints: PathConstraints, source: str, target: str
) -> None:
    merged = apply_policy(rules, constraints)
    attrs = RoleAttrs()
    allowed = merged.move_ok(source, attrs, target, attrs)
    needed = rules.required_certifications.get(target, ())
    if not constraints.held_certifications.issuperset(needed):
        assert not allowed
    else:
        assert allowed == constraints.move_ok(source, attrs, target, attrs)  # hook kept as is


def test_apply_example() -> None:
    rules = PolicyRules(
        excluded_roles=frozenset({"org:ceo"}),
        required_certifications={"org:sec-3": ("CISSP",)},
        min_tenure_months=12,
        max_zone_step=0.5,
        allow_pay_cut=True,
        max_steps=2,
    )
    base = PathConstraints(min_tenure_months=18, held_certifications=frozenset({"PMP"}))
    merged = apply_policy(rules, base)
    assert (merged.excluded, merged.min_tenure_months, merged.max_zone_step) == (
        frozenset({"org:ceo"}),
        18,
        0.5,
    )
    assert (merged.allow_pay_cut, merged.max_steps) == (True, 2)
    assert not merged.move_ok("org:swe-2", RoleAttrs(), "org:sec-3", RoleAttrs())
    assert merged.move_ok("org:swe-2", RoleAttrs(), "org:swe-3", RoleAttrs())
