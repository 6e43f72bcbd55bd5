"""`careerpath roles ...` on a small synthetic O*NET-like taxonomy: TSV/JSON shape and errors."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest
import scipy.sparse as sp

import careerpath.cli as cli
from careerpath.cli import roles
from careerpath.domain.taxonomy import Facet, Occupation, Skill, Taxonomy, Wages

CODES = ("11-1011.00", "15-1252.00", "15-1253.00", "29-1141.00", "47-2061.00")


def small_taxonomy() -> Taxonomy:
    rng = np.random.default_rng(7)
    titles = ("Chief Executives", "Software Developers", "Software Testers", "Nurses", "Laborers")
    occupations = {
        c: Occupation(
            c,
            t,
            "onet",
            job_zone=float(z),
            wages=Wages(c[:7], None, None, None, None, w, None, None, None),
        )
        for c, t, z, w in zip(
            CODES, titles, (5, 4, 3, 3, 1), (200e3, 130e3, 100e3, 90e3, 40e3), strict=True
        )
    }
    cols = ("2.A.1.a", "2.A.1.b", "2.B.1.a")
    skills = {c: Skill(c, f"skill {c}", "onet", "skill") for c in cols}
    skills["onet:tech:1"] = Skill("onet:tech:1", "Python", "onet", "technology", hot=True)
    imp = rng.uniform(0.1, 1.0, size=(4, 3)).astype(np.float32)  # Laborers unrated
    facets = {
        "onet.skills": Facet(
            "skills", "onet", CODES[:4], cols, sp.csr_matrix(imp), sp.csr_matrix(imp)
        ),
        "onet.technology": Facet(
            "technology",
            "onet",
            CODES,
            ("onet:tech:1", "onet:tech:2"),
            sp.csr_matrix(np.array([[0, 1], [1, 1], [1, 1], [0, 1], [0, 1]], np.float32)),
        ),
    }
    return Taxonomy(occupations=occupations, skills=skills, facets=facets)


@pytest.fixture()
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    tax = small_taxonomy()
    monkeypatch.setattr(roles, "_load", lambda: tax)
    monkeypatch.setattr(cli, "_register", lambda: None)
    if not any(g.name == "roles" for g in cli.app.registered_groups):
        cli.app.add_typer(roles.app, name="roles")

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["careerpath", *args])
        code = 0
        try:
            cli.main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return code, out.out, out.err

    return invoke


@pytest.mark.parametrize("mode", ["similar", "transitions"])
def test_all_tsv_has_header_and_top_k_rows_per_source(run, mode: str) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("roles", mode, "--all", "--top", "2", "--format", "tsv")
    assert code == 0
    lines = out.rstrip("\n").split("\n")
    assert lines[0] == "source\trank\ttarget\tscore"
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) == len(CODES) * 2
    assert {r[0] for r in rows} == set(CODES)
    assert all(r[0] != r[2] and r[1] in ("1", "2") and 0.0 <= float(r[3]) <= 1.0 for r in rows)


def test_single_code_json_explains_each_result(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("roles", "transitions", "15-1252", "--top", "3", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["origin"]["id"] == "15-1252.00" and len(data["results"]) == 3
    why = data["results"][0]["explanation"]
    assert {"facets", "shared", "missing", "job_zone_step", "wage_change"} <= set(why)


def test_single_code_table_and_show(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("roles", "similar", "15-1252.00", "--top", "2")
    assert code == 0 and "#1 15-1253.00" in out
    code, out, _ = run("roles", "show", "15-1252.00")
    assert code == 0 and "Python" in out and "Software Developers" in out


def test_unknown_code_exits_2_with_one_line_naming_it(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("roles", "similar", "99-9999.00", "--format", "tsv")
    assert code == 2 and out == ""
    lines = err.strip().split("\n")
    assert len(lines) == 1 and "99-9999.00" in lines[0]


def test_code_and_all_together_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("roles", "similar", "15-1252.00", "--all")
    assert code == 2 and "--all" in err
