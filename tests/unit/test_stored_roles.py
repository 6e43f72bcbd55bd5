"""Imports accept the org role ids stored in the database (the demo's), not only the framework's."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from careerpath.domain.taxonomy import Occupation, Taxonomy
from careerpath.engine.people import with_stored_roles
from fakes import FakeUnitOfWork


def _taxonomy() -> Taxonomy:
    occupations = {
        "15-1252.00": Occupation("15-1252.00", "Software Developers", "onet"),
        "org:ceo": Occupation("org:ceo", "CEO (framework)", "org"),
    }
    return Taxonomy(occupations=occupations, skills={}, facets={})


def test_stored_roles_are_added_and_framework_roles_win() -> None:
    """A stored role missing from the taxonomy is added; one present keeps the taxonomy's version."""
    uow = FakeUnitOfWork()
    with uow:
        uow.organization.add_roles(
            [
                (Occupation("org:ceo", "CEO (stored)", "org"), []),
                (Occupation("org:dev-2", "Developer II", "org"), []),
            ]
        )
        merged = with_stored_roles(_taxonomy(), uow)
    assert merged.occupations["org:dev-2"].title == "Developer II"
    assert merged.occupations["org:ceo"].title == "CEO (framework)"
    assert "15-1252.00" in merged.occupations


def test_nothing_stored_returns_the_same_taxonomy() -> None:
    """Without stored roles the taxonomy object itself comes back (its caches stay valid)."""
    taxonomy = _taxonomy()
    uow = FakeUnitOfWork()
    with uow:
        assert with_stored_roles(taxonomy, uow) is taxonomy


@given(st.sets(st.from_regex(r"org:[a-z]{1,6}-[1-5]", fullmatch=True), max_size=8))
def test_every_stored_role_resolves(role_ids: set[str]) -> None:
    """Property: after merging, every stored role id and every taxonomy id is an occupation."""
    uow = FakeUnitOfWork()
    with uow:
        uow.organization.add_roles([(Occupation(r, r, "org"), []) for r in sorted(role_ids)])
        merged = with_stored_roles(_taxonomy(), uow)
    assert role_ids | {"15-1252.00", "org:ceo"} <= set(merged.occupations)
