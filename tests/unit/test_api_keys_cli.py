"""`careerpath keys create|list|revoke` on a temporary SQLite database (the real store)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import careerpath.cli as cli
from careerpath.cli import keys
from careerpath.domain.errors import AuthenticationError
from careerpath.engine.api_keys import authenticate_api_key
from careerpath.store import open_store

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture()
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A temporary SQLite database as CAREERPATH_DATABASE_URL; the clock fixed at NOW."""
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    monkeypatch.setenv("CAREERPATH_DATABASE_URL", url)
    monkeypatch.setattr(keys, "CLOCK", lambda: NOW)
    return url


@pytest.fixture()
def run(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Run]:
    """Run `careerpath keys ...` through cli.main (errors: one line, exit 2)."""
    monkeypatch.setattr(cli, "_register", lambda: None)
    if not any(g.name == "keys" for g in cli.app.registered_groups):
        cli.app.add_typer(keys.app, name="keys")

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["careerpath", "keys", *args])
        code = 0
        try:
            cli.main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return code, out.out, out.err

    yield invoke


def test_create_prints_the_token_once_with_usage(run: Run, db_url: str) -> None:
    code, out, _ = run("create", "--role", "service", "--subject", "hris-sync")
    assert code == 0
    token = re.search(r"cpk_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}", out)
    assert token is not None
    assert f'curl -H "Authorization: Bearer {token.group(0)}"' in out
    assert "shown only now" in out
    principal = authenticate_api_key(token.group(0), uow=open_store(db_url)())
    assert (principal.role, principal.subject, principal.person_id) == (
        "service",
        "hris-sync",
        None,
    )


def test_list_and_revoke(run: Run, db_url: str) -> None:
    code, out, _ = run(
        "create", "--role", "employee", "--subject", "ada", "--person", "E1", "-f", "json"
    )
    created = json.loads(out)
    assert code == 0 and created["person_id"] == "E1" and created["token"].startswith("cpk_")
    code, out, _ = run("list", "--format", "json")
    listed = json.loads(out)
    assert code == 0
    assert listed == [{k: v for k, v in created.items() if k != "token"}]
    assert created["token"][17:] not in out  # no secret in the listing
    assert listed[0]["created"] == NOW.isoformat() and listed[0]["revoked"] == ""
    code, out, _ = run("revoke", created["key_id"])
    assert code == 0 and f"Revoked API key {created['key_id']}" in out
    code, out, _ = run("list", "--format", "tsv")
    assert out.splitlines()[1].endswith(NOW.isoformat())
    with pytest.raises(AuthenticationError, match="invalid API key"):
        authenticate_api_key(created["token"], uow=open_store(db_url)())


def test_bad_input_is_one_line_and_exit_two(run: Run) -> None:
    code, out, err = run("create", "--role", "manager", "--subject", "bob")
    assert code == 2 and out == ""
    assert err == (
        "careerpath: error: manager keys act as one person: give the person id"
        " — --person E0001 (the employee or manager the key belongs to)\n"
    )
    code, _, err = run("revoke", "nope")
    assert code == 2 and err.startswith("careerpath: error: no API key 'nope'")
    code, _, err = run("create", "--role", "root", "--subject", "x")
    assert code == 2 and "root" in err
    code, out, _ = run("list")
    assert code == 0 and "no API keys yet" in out


def test_cli_runner_on_the_sub_app(db_url: str) -> None:
    result = CliRunner().invoke(keys.app, ["create", "--role", "auditor", "--subject", "audit"])
    assert result.exit_code == 0 and "role auditor" in result.output
    listed = CliRunner().invoke(keys.app, ["list", "-f", "json"])
    assert [k["subject"] for k in json.loads(listed.output)] == ["audit"]
