"""`careerpath skills link` / `titles normalize` on a tiny taxonomy: TSV shape, JSON, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_text_fixtures import E, tiny_taxonomy
from typer.testing import CliRunner

import careerpath.bootstrap as bootstrap
import careerpath.cli as cli

runner = CliRunner()


@pytest.fixture(autouse=True)
def _tiny(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(bootstrap, "load_taxonomy", lambda settings, progress=None: tiny_taxonomy())
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "cache"))
    cli._register()


def test_skills_link_tsv_shape(tmp_path: Path) -> None:
    inputs = tmp_path / "in.txt"
    inputs.write_text("Java and SQL\n\npyhton\n", encoding="utf-8")
    result = runner.invoke(
        cli.app,
        [
            "skills",
            "link",
            "--input",
            str(inputs),
            "--format",
            "tsv",
            "--top",
            "2",
            "--semantic",
            "off",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().split("\n")
    assert lines[0].split("\t") == ["input_index", "rank", "id", "label", "score"]
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(r) == 5 for r in rows)
    assert {r[0] for r in rows} == {"0", "2"}  # the blank line 1 has no matches
    assert [r[1] for r in rows if r[0] == "0"] == ["1", "2"]
    assert next(r[2] for r in rows if r[0] == "2") == E + "py"
    assert all(0 < float(r[4]) <= 1 for r in rows)


def test_titles_normalize_json() -> None:
    result = runner.invoke(
        cli.app,
        ["titles", "normalize", "Staff Nurse", "-t", "onet", "-f", "json", "--semantic", "off"],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["id"] == "29-1141.00" and rows[0]["rank"] == 1 and rows[0]["input_index"] == 0


def test_bad_top_is_an_error() -> None:
    result = runner.invoke(
        cli.app, ["titles", "normalize", "nurse", "--top", "0", "--semantic", "off"]
    )
    assert result.exit_code != 0


def test_auto_taxonomy_falls_back_to_onet_without_esco(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    full = tiny_taxonomy()
    no_esco = replace(
        full,
        occupations={k: o for k, o in full.occupations.items() if o.taxonomy != "esco"},
        skills={k: s for k, s in full.skills.items() if s.taxonomy != "esco"},
        facets={k: f for k, f in full.facets.items() if f.taxonomy != "esco"},
    )
    monkeypatch.setattr(bootstrap, "load_taxonomy", lambda settings, progress=None: no_esco)
    result = runner.invoke(
        cli.app, ["titles", "normalize", "Staff Nurse", "-f", "json", "--semantic", "off"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(r["id"] in no_esco.occupations for r in rows)
    assert all(no_esco.occupations[r["id"]].taxonomy == "onet" for r in rows)
