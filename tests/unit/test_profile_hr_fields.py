"""``keep_hr_fields``: a person's own submission never changes the HR-owned fields."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from careerpath.domain.profile import HR_FIELDS, Profile, keep_hr_fields

_text = st.text(max_size=8)
_profiles = st.builds(
    Profile,
    person_id=st.just("P1"),
    name=_text,
    location=_text,
    org_unit=_text,
    manager_id=_text,
    hire_date=st.none() | st.dates(date(1990, 1, 1), date(2025, 1, 1)),
    performance=st.none() | st.floats(0, 1),
)


@given(_profiles, st.none() | _profiles)
def test_hr_fields_come_from_the_store_the_rest_from_the_submission(
    submitted: Profile, stored: Profile | None
) -> None:
    """Property: HR fields equal the stored ones (defaults when none); other fields unchanged."""
    kept = keep_hr_fields(submitted, stored)
    source = stored if stored is not None else Profile("P1")
    for name in HR_FIELDS:
        assert getattr(kept, name) == getattr(source, name)
    assert (kept.name, kept.location, kept.person_id) == (
        submitted.name,
        submitted.location,
        submitted.person_id,
    )
