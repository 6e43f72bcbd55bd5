"""Title normalisation on a tiny taxonomy: noise stripping, alternates, reported titles, org roles."""

from __future__ import annotations

import pytest
from test_text_fixtures import OCC, tiny_taxonomy

from careerpath.domain.errors import InvalidRequestError
from careerpath.engine.normalize import normalize_titles
from careerpath.text.build import make_title_normalizer
from careerpath.text.titles import FusedTitleNormalizer


@pytest.fixture(scope="module")
def normalizer(tmp_path_factory: pytest.TempPathFactory) -> FusedTitleNormalizer:
    return make_title_normalizer(
        tiny_taxonomy(), cache_dir=tmp_path_factory.mktemp("cache"), embedder=None
    )


def _top(normalizer: FusedTitleNormalizer, title: str, taxonomy: str = "esco") -> str:
    return normalizer.normalize([title], taxonomy=taxonomy, top=3)[0][0].id


def test_noise_words_are_stripped(normalizer: FusedTitleNormalizer) -> None:
    assert _top(normalizer, "Senior Software Developer (m/f/d)") == OCC + "dev"
    assert _top(normalizer, "Junior Line Cook - part time, Berlin") == OCC + "chef"


def test_alternate_and_reported_titles(normalizer: FusedTitleNormalizer) -> None:
    assert _top(normalizer, "Programmer") == OCC + "dev"
    assert _top(normalizer, "Staff Nurse", "onet") == "29-1141.00"
    assert _top(normalizer, "programer analyst", "onet") == "15-1252.00"


def test_alternatives_in_one_title(normalizer: FusedTitleNormalizer) -> None:
    assert _top(normalizer, "Courier / Warehouse Helper") == OCC + "driver"


def test_bracketed_alternative_and_abbreviation(normalizer: FusedTitleNormalizer) -> None:
    assert _top(normalizer, "Pemandu (Courier)") == OCC + "driver"
    assert _top(normalizer, "Sr. Software Dev") == OCC + "dev"


def test_org_roles(normalizer: FusedTitleNormalizer) -> None:
    assert _top(normalizer, "software engineer", "org") == "org:eng-2"


def test_scores_and_blank(normalizer: FusedTitleNormalizer) -> None:
    blank, nurse = normalizer.normalize(["", "nurse"], taxonomy="esco", top=2)
    assert blank == []
    assert nurse[0].id == OCC + "nurse" and 0 < nurse[0].score <= 1


def test_use_case_validates_top(normalizer: FusedTitleNormalizer) -> None:
    with pytest.raises(InvalidRequestError):
        normalize_titles(["nurse"], normalizer=normalizer, taxonomy="esco", top=101)
    assert normalize_titles(["nurse"], normalizer=normalizer, taxonomy="org", top=100)
