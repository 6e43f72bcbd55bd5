"""The README's commands and CI stay in step."""

from __future__ import annotations

import re

from tests_support import repo_root


def _blocks() -> list[str]:
    text = (repo_root() / "README.md").read_text(encoding="utf-8")
    return [
        b.strip()
        for b in re.findall(r"```(?:bash|sh|shell|console)?\n(.*?)```", text, re.S)
        if b.strip()
    ]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = _blocks()[1]
    ci = (repo_root() / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_readme_main_job_runs_the_cli() -> None:
    assert "careerpath data info" in _blocks()[0]
