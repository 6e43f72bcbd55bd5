"""Skill linking on a tiny taxonomy: exact labels, synonyms, typos, blanks and ranking properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_text_fixtures import E, tiny_taxonomy

from careerpath.domain.errors import InvalidRequestError
from careerpath.engine.normalize import link_skills
from careerpath.text.build import make_skill_linker
from careerpath.text.linking import FusedSkillLinker


@pytest.fixture(scope="module")
def linker(tmp_path_factory: pytest.TempPathFactory) -> FusedSkillLinker:
    return make_skill_linker(
        tiny_taxonomy(), cache_dir=tmp_path_factory.mktemp("cache"), embedder=None
    )


def _ids(linker: FusedSkillLinker, text: str, taxonomy: str = "esco", top: int = 5) -> list[str]:
    return [m.id for m in linker.link([text], taxonomy=taxonomy, top=top)[0]]


def test_exact_label_ranks_first(linker: FusedSkillLinker) -> None:
    assert _ids(linker, "SQL")[0] == E + "sql"
    assert _ids(linker, "We use Python every day")[0] == E + "py"


def test_synonyms_via_alt_labels(linker: FusedSkillLinker) -> None:
    assert _ids(linker, "great teamwork")[0] == E + "team"
    assert _ids(linker, "you can drive a forklift truck")[0] == E + "forklift"


def test_fuzzy_typo(linker: FusedSkillLinker) -> None:
    assert _ids(linker, "pyhton")[0] == E + "py"


def test_several_skills_in_one_sentence(linker: FusedSkillLinker) -> None:
    assert set(_ids(linker, "Experience with Java and SQL", top=2)) == {E + "java", E + "sql"}


def test_empty_line_gives_empty_result(linker: FusedSkillLinker) -> None:
    assert linker.link(["", "   ", "of the and"], taxonomy="esco", top=5) == [[], [], []]


def test_groups_are_not_targets(linker: FusedSkillLinker) -> None:
    assert E + "grp" not in _ids(linker, "computer programming", top=10)


def test_onet_links_elements_technology_and_tools(linker: FusedSkillLinker) -> None:
    assert _ids(linker, "python", taxonomy="onet")[0] == "onet:tech:1"
    assert _ids(linker, "forklifts", taxonomy="onet")[0] == "onet:tool:2"
    assert "4.A.1.a.1" not in _ids(linker, "getting information", taxonomy="onet")


def test_use_case_validates_arguments(linker: FusedSkillLinker) -> None:
    with pytest.raises(InvalidRequestError):
        link_skills(["x"], linker=linker, taxonomy="esco", top=0)
    with pytest.raises(InvalidRequestError):
        link_skills(["x"], linker=linker, taxonomy="isco", top=5)
    with pytest.raises(InvalidRequestError):
        link_skills(["x"], linker=linker, taxonomy="org", top=5)


WORDS = [
    "python",
    "java",
    "sql",
    "team",
    "work",
    "debug",
    "software",
    "forklift",
    "communicate",
    "the",
    "pyhton",
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(
        st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=8).map(" ".join), max_size=4
    ),
    top=st.integers(1, 12),
    taxonomy=st.sampled_from(["esco", "onet"]),
)
def test_ranking_properties(
    linker: FusedSkillLinker, texts: list[str], top: int, taxonomy: str
) -> None:
    tax = tiny_taxonomy()
    results = linker.link(texts, taxonomy=taxonomy, top=top)
    assert len(results) == len(texts)
    for matches in results:
        scores = [m.score for m in matches]
        assert len(matches) <= top
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 < s <= 1.0 for s in scores)
        assert all(tax.skills[m.id].taxonomy == taxonomy for m in matches)
        assert len({m.id for m in matches}) == len(matches)


def test_cache_dir_is_used(tmp_path: Path) -> None:
    make_skill_linker(tiny_taxonomy(), cache_dir=tmp_path, embedder=None).link(
        ["sql"], taxonomy="esco", top=1
    )
    assert list((tmp_path / "text").glob("skills-lexical-esco-*.npz"))
