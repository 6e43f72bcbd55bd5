"""Property: any generated Profile round-trips equal through the SQLite repository."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpath.domain.profile import (
    Certification,
    Consent,
    Education,
    Evidence,
    Language,
    Preferences,
    Profile,
    RoleSpell,
    SkillClaim,
)
from careerpath.store.engine import make_engine, make_session_factory
from careerpath.store.migrate import upgrade_engine
from careerpath.store.uow import SqlAlchemyUnitOfWork

text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)
unit = st.floats(0.0, 1.0, allow_nan=False)
dates = st.dates(date(1950, 1, 1), date(2100, 12, 31))
maybe_date = st.none() | dates
short = {"max_size": 3}

evidence = st.builds(Evidence, text, unit, unit, text, text, maybe_date)
claims = st.builds(
    SkillClaim, text, unit, unit, st.tuples() | st.lists(evidence, **short).map(tuple), text
)
spells = st.builds(
    RoleSpell, text, dates, maybe_date, st.none() | text, st.none() | text, text, text, text, text
)
profiles = st.builds(
    Profile,
    person_id=text,
    name=text,
    email=text,
    location=text,
    org_unit=text,
    manager_id=text,
    hire_date=maybe_date,
    history=st.lists(spells, **short).map(tuple),
    skills=st.lists(claims, max_size=4).map(tuple),
    education=st.lists(st.builds(Education, text, text, text, maybe_date, maybe_date), **short).map(
        tuple
    ),
    certifications=st.lists(
        st.builds(Certification, text, text, maybe_date, maybe_date), **short
    ).map(tuple),
    languages=st.lists(st.builds(Language, text, text), **short).map(tuple),
    preferences=st.builds(
        Preferences,
        st.lists(text, **short).map(tuple),
        st.none() | st.floats(0, 1e7, allow_nan=False),
        st.none() | unit,
        st.lists(text, **short).map(tuple),
        st.none() | st.booleans(),
    ),
    consent=st.builds(Consent, st.booleans(), st.booleans(), st.booleans(), maybe_date),
    performance=st.none() | unit,
)


@pytest.fixture(scope="module")
def sqlite_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sa.Engine]:
    """One migrated SQLite file for all examples."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('prop') / 'people.db'}")
    upgrade_engine(engine)
    yield engine
    engine.dispose()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(profile=profiles)
def test_any_profile_round_trips_through_sqlite(sqlite_engine: sa.Engine, profile: Profile) -> None:
    sessions = make_session_factory(sqlite_engine)
    with SqlAlchemyUnitOfWork(sessions) as uow:
        uow.people.add(profile)
        uow.commit()
    with SqlAlchemyUnitOfWork(sessions) as uow:
        assert uow.people.get(profile.person_id) == profile
        uow.people.add(Profile(profile.person_id))  # replace, then discard on exit
    with SqlAlchemyUnitOfWork(sessions) as uow:
        assert uow.people.get(profile.person_id) == profile
