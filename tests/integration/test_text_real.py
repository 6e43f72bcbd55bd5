"""Skill linking and title normalisation on the real ESCO / O*NET release (lexical path, CLI TSV)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from careerpath.config import Settings
from careerpath.domain.taxonomy import Taxonomy
from careerpath.text.build import make_skill_linker, make_title_normalizer

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def taxonomy(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Taxonomy:
    from careerpath.bootstrap import load_taxonomy

    cache = tmp_path_factory.mktemp("snap")
    return load_taxonomy(Settings(data_dir=data_dir, cache_dir=cache))


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("text-cache")


def test_esco_skill_linking(taxonomy: Taxonomy, cache_dir: Path) -> None:
    linker = make_skill_linker(taxonomy, cache_dir=cache_dir, embedder=None)
    results = linker.link(
        ["Experience with Java and SQL", "pyhton scripting", "", "great team player"],
        taxonomy="esco",
        top=5,
    )
    labels = [[m.label for m in row] for row in results]
    assert {"SQL", "Java (computer programming)"} <= set(labels[0][:3])
    assert "Python (computer programming)" in labels[1][:3]
    assert labels[2] == []
    assert any("team" in x for x in labels[3][:5])


def test_onet_skill_linking_reaches_technology(taxonomy: Taxonomy, cache_dir: Path) -> None:
    linker = make_skill_linker(taxonomy, cache_dir=cache_dir, embedder=None)
    ids = [m.id for m in linker.link(["Microsoft Excel and forklifts"], taxonomy="onet", top=10)[0]]
    assert any(i.startswith("onet:tech:") for i in ids) and any(
        i.startswith("onet:tool:") for i in ids
    )
    assert all(taxonomy.skills[i].kind in {"skill", "knowledge", "technology", "tool"} for i in ids)


def test_title_normalization(taxonomy: Taxonomy, cache_dir: Path) -> None:
    normalizer = make_title_normalizer(taxonomy, cache_dir=cache_dir, embedder=None)
    esco = normalizer.normalize(["Senior Software Developer (m/f/d)"], taxonomy="esco", top=3)[0]
    assert "software developer" in [m.label for m in esco]
    onet = normalizer.normalize(["Registered Nurse"], taxonomy="onet", top=3)[0]
    assert onet[0].id == "29-1141.00"


def test_cli_tsv_on_real_data(data_dir: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CAREERPATH_DATA_DIR": str(data_dir),
        "CAREERPATH_CACHE_DIR": str(tmp_path),
    }
    cmd = [
        sys.executable,
        "-c",
        "from careerpath.cli import main; main()",
        "skills",
        "link",
        "--input",
        "-",
    ]
    out = subprocess.run(
        [*cmd, "--format", "tsv", "--top", "3", "--semantic", "off"],
        input="SQL and Python\n\nteam work\n",
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    lines = out.strip().split("\n")
    assert lines[0] == "input_index\trank\tid\tlabel\tscore"
    rows = [line.split("\t") for line in lines[1:]]
    assert {r[0] for r in rows} == {"0", "2"} and all(len(r) == 5 for r in rows)
