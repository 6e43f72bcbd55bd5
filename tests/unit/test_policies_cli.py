"""`careerpath policy set|show` on a temporary SQLite database, with a tiny taxonomy injected."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import careerpath.cli as cli
from careerpath.cli import policy
from careerpath.domain.errors import MissingDataError
from careerpath.domain.taxonomy import Occupation, Taxonomy
from careerpath.store import open_store

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
Run = Callable[..., tuple[int, str, str]]

POLICY_YAML = """\
# Q3 policy
excluded_roles: [org:ceo]
required_certifications:
  org:sec-3: [CISSP]
min_tenure_months: 12
max_steps: 3
"""


def tiny_taxonomy() -> Taxonomy:
    """Two occupations (one O*NET code, one org role)."""
    occupations = {
        "15-1252.00": Occupation("15-1252.00", "Software Developers", "onet"),
        "org:ceo": Occupation("org:ceo", "CEO", "org"),
    }
    return Taxonomy(occupations=occupations, skills={}, facets={})


@pytest.fixture()
def run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Run]:
    """Run `careerpath policy ...` through cli.main on a database holding two org roles."""
    url = f"sqlite:///{tmp_path / 'policy.db'}"
    monkeypatch.setenv("CAREERPATH_DATABASE_URL", url)
    with open_store(url)() as uow:
        uow.organization.add_roles(
            [(Occupation("org:ceo", "CEO", "org"), []), (Occupation("org:sec-3", "Sec", "org"), [])]
        )
        uow.commit()
    monkeypatch.setattr(policy, "CLOCK", lambda: NOW)
    monkeypatch.setattr(policy, "TAXONOMY_FACTORY", lambda settings: tiny_taxonomy())
    monkeypatch.setattr(cli, "_register", lambda: None)
    if not any(g.name == "policy" for g in cli.app.registered_groups):
        cli.app.add_typer(policy.app, name="policy")

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["careerpath", "policy", *args])
        code = 0
        try:
            cli.main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return code, out.out, out.err

    yield invoke


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_set_then_show_in_every_form(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("show")
    assert code == 0 and "no policy was set yet" in out
    code, out, _ = run("show", "-f", "json")
    assert code == 0 and json.loads(out) is None
    file = write(tmp_path, "policy.yaml", POLICY_YAML)
    code, out, err = run("set", file, "--author", "Ada (HR)", "--comment", "Q3 review")
    assert (code, err) == (0, "")
    assert out == f"Policy version 1 set by Ada (HR) ({NOW.isoformat()}).\n"
    code, out, _ = run("show")
    assert code == 0
    assert out.startswith(f"# policy version 1, set {NOW.isoformat()} by Ada (HR)\n# Q3 review\n")
    assert "excluded_roles:\n- org:ceo\n" in out and "max_steps: 3\n" in out
    code, out, _ = run("show", "--format", "json")
    shown = json.loads(out)
    assert shown["version"] == 1 and shown["rules"]["required_certifications"] == {
        "org:sec-3": ["CISSP"]
    }
    shown["rules"]["max_steps"] = 2  # edit the shown document and set it again
    again = write(tmp_path, "policy.json", json.dumps(shown))
    assert run("set", again, "--author", "Bob")[0] == 0
    code, out, _ = run("show", "--history", "-f", "json")
    assert [(d["version"], d["author"], d["rules"]["max_steps"]) for d in json.loads(out)] == [
        (1, "Ada (HR)", 3),
        (2, "Bob", 2),
    ]
    code, out, _ = run("show", "--version", "1", "-f", "json")
    assert json.loads(out)["rules"]["max_steps"] == 3
    code, out, _ = run("show", "--history")
    assert code == 0 and "Ada (HR)" in out and "Bob" in out


def test_occupation_codes_are_checked_against_the_taxonomy(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "p.yaml", "excluded_roles: ['15-1252.00', org:ceo]\n")
    assert run("set", file, "--author", "a")[0] == 0
    bad = write(tmp_path, "q.yaml", "excluded_roles: ['15-1252.01', org:nobody]\n")
    code, out, err = run("set", bad, "--author", "a")
    assert code == 2 and out == ""
    assert err.startswith(
        "careerpath: error: the policy names unknown roles: '15-1252.01', 'org:nobody'"
        " — did you mean '15-1252.00'?"
    )


def test_unknown_roles_without_a_taxonomy(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(settings: object) -> Taxonomy:
        raise MissingDataError("O*NET release not found", path="/data/onet")

    monkeypatch.setattr(policy, "TAXONOMY_FACTORY", missing)
    file = write(tmp_path, "p.yaml", "excluded_roles: [org:ce0]\n")
    code, _, err = run("set", file, "--author", "a")
    assert code == 2
    assert "unknown roles" not in err and "unknown role: 'org:ce0'" in err
    assert "the taxonomy did not load: /data/onet: O*NET release not found" in err
    assert "did you mean 'org:ceo'?" in err


def test_errors_name_the_file_and_line(run: Run, tmp_path: Path) -> None:
    syntax = write(tmp_path, "s.yaml", "excluded_roles: [org:ceo\nmax_steps: 3\n")
    code, _, err = run("set", syntax, "--author", "a")
    assert code == 2 and err.startswith(f"careerpath: error: {syntax}:2: YAML syntax error")
    typo = write(tmp_path, "t.yaml", "# comment\nmax_steps: 2\nmax_step: 3\n")
    code, _, err = run("set", typo, "--author", "a")
    assert code == 2
    assert err.startswith(
        f"careerpath: error: {typo}:3: invalid policy: max_step (line 3): unknown field"
        " (did you mean 'max_steps'?)"
    )
    nested = write(
        tmp_path, "n.yaml", "required_certifications:\n  org:sec-3:\n    - CISSP\n    - 12\n"
    )
    code, _, err = run("set", nested, "--author", "a")
    assert f"{nested}:4: invalid policy: required_certifications.org:sec-3[1] (line 4)" in err
    bad_json = write(tmp_path, "b.json", '{"max_steps": 3,\n "x": }')
    code, _, err = run("set", bad_json, "--author", "a")
    assert code == 2 and f"{bad_json}:2: JSON syntax error" in err
    code, _, err = run("set", write(tmp_path, "p.txt", "{}"), "--author", "a")
    assert code == 2 and "a policy file is .yaml, .yml or .json" in err
    code, _, err = run("set", str(tmp_path / "missing.yaml"), "--author", "a")
    assert code == 2 and "cannot read the policy file" in err
    code, _, err = run("show", "--version", "7")
    assert code == 2 and "no policy version 7 — no policy was set yet" in err
    code, out, _ = run("show", "--history")
    assert code == 0 and "no policy was set yet" in out  # nothing was stored by the failures


def test_an_empty_file_is_an_empty_policy(run: Run, tmp_path: Path) -> None:
    assert run("set", write(tmp_path, "e.yaml", "# nothing\n"), "--author", "a")[0] == 0
    code, out, _ = run("show")
    assert code == 0 and out.endswith("{}\n")
