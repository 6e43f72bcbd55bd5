"""Stretch projects and mentor matching: handmade people for each rule, and exclusion properties."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.domain.learning_plan import Gap
from careerpath.domain.opportunities import OpenProject, match_mentors, stretch_projects
from careerpath.domain.profile import MentorOffer, Profile, RoleSpell, SkillClaim

TODAY = date(2024, 6, 1)
GAPS: dict[str, Gap] = {"py": (0.7, 0.3, 1.0), "sql": (0.5, 0.1, 0.5), "ml": (0.6, 0.0, 0.5)}

DEV = RoleSpell("Developer", date(2019, 1, 1), role_id="org:dev")
LEAD = RoleSpell("Tech Lead", date(2022, 1, 1), role_id="org:lead")


def person(
    pid: str, *spells: RoleSpell, manager: str = "", skills: tuple[str, ...] = ()
) -> Profile:
    """A profile with a history of spells (the last one open) and strong skills."""
    history = tuple(
        RoleSpell(
            s.title, s.start, None if i == len(spells) - 1 else spells[i + 1].start, s.role_id
        )
        for i, s in enumerate(spells)
    )
    claims = tuple(SkillClaim(s, 0.8, 0.9) for s in skills)
    return Profile(pid, name=pid.title(), history=history, skills=claims, manager_id=manager)


ME = person("me", DEV, manager="boss")


def test_projects_rank_by_weighted_gap_then_timing_and_skip_full_or_ended() -> None:
    projects = [
        OpenProject("both", "Both", ("py", "sql", "docs"), TODAY, date(2024, 12, 1), seats=2),
        OpenProject("py", "Py", ("py",), TODAY),
        OpenProject("later", "Later", ("py", "sql"), date(2025, 6, 1)),
        OpenProject("full", "Full", ("py", "sql", "ml"), TODAY, seats=0),
        OpenProject("ended", "Ended", ("py", "sql", "ml"), date(2024, 1, 1), date(2024, 5, 1)),
        OpenProject("none", "None", ("docs",), TODAY),
    ]
    ranked = stretch_projects(GAPS, projects, today=TODAY, top=10)
    assert [r.project_id for r in ranked] == ["both", "py", "later"]
    assert ranked[0].skills == ("py", "sql") and ranked[0].exercised == ranked[2].exercised
    assert ranked[2].score < ranked[0].score and ranked[2].starts_in_months > 11
    assert "py, sql" in ranked[0].reason and "2 places open" in ranked[0].reason
    assert len(stretch_projects(GAPS, projects, today=TODAY, top=1)) == 1
    assert stretch_projects({}, projects, today=TODAY) == []


def test_mentors_same_move_first_and_line_or_full_excluded() -> None:
    profiles = {
        "boss": person("boss", DEV, LEAD),  # same move, but the person's manager
        "skip": person("skip", DEV, LEAD),  # same move, but in the reporting line given
        "busy": person("busy", DEV, LEAD),  # same move, no free place
        "report": person("report", DEV, LEAD, manager="me"),  # the person's direct report
        "mover": person("mover", DEV, LEAD),
        "lead": person("lead", LEAD),
        "expert": person("expert", DEV, skills=("ml",)),
        "nobody": person("nobody", DEV),
        "me": ME,
    }
    offers = [MentorOffer(pid, 2) for pid in profiles]
    load = {"busy": 2, "lead": 1}
    matches = match_mentors(
        ME, "org:lead", offers, profiles=profiles, current_load=load,
        reporting_line={"skip"}, gap_skills=("ml", "py"),
    )  # fmt: skip
    assert [m.person_id for m in matches] == ["mover", "lead", "expert"]
    assert [m.relevance for m in matches] == ["same_move", "holds_target", "skills"]
    assert "same move, from Developer to org:lead" in matches[0].reason
    assert matches[1].free_places == 1 and matches[2].shared_skills == ("ml",)


def test_mentor_topics_and_past_target_holders_count() -> None:
    profiles = {"past": person("past", LEAD, DEV)}
    offers = [MentorOffer("past", 1), MentorOffer("external", 3, topics=("org:lead",))]
    matches = match_mentors(
        ME, "org:lead", offers, profiles=profiles, current_load={}, reporting_line=set()
    )
    assert {m.person_id: m.relevance for m in matches} == {
        "past": "held_target",
        "external": "topic",
    }
    assert matches[0].person_id == "external"  # same tier, more free places


PIDS = [f"p{i}" for i in range(8)]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from([*PIDS, "me"]), st.integers(0, 3)), max_size=9),
    st.sets(st.sampled_from(PIDS)),
    st.dictionaries(st.sampled_from(PIDS), st.integers(0, 3)),
    st.dictionaries(st.sampled_from(PIDS), st.sampled_from(["dev", "lead", "both"])),
)
def test_mentors_never_include_the_person_the_line_or_full_mentors(
    offers: list[tuple[str, int]], line: set[str], load: dict[str, int], paths: dict[str, str]
) -> None:
    spells = {"dev": (DEV,), "lead": (LEAD,), "both": (DEV, LEAD)}
    profiles = {pid: person(pid, *spells[kind], skills=("py",)) for pid, kind in paths.items()}
    mentors = [MentorOffer(pid, cap, topics=("org:lead",)) for pid, cap in offers]
    matches = match_mentors(
        ME, "org:lead", mentors, profiles=profiles, current_load=load,
        reporting_line=line, gap_skills=("py",), top=20,
    )  # fmt: skip
    for m in matches:
        assert m.person_id != "me" and m.person_id not in line and m.free_places > 0
    assert len({m.person_id for m in matches}) == len(matches)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
