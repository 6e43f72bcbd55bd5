"""Usage errors (missing argument, bad option value) give click's short message and exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["people", "show"], "Missing argument"),
        (["recommend", "E000001", "--top", "x"], "Invalid value for '--top'"),
        (["no-such-command"], "No such command"),
    ],
)
def test_usage_errors_are_one_message_and_exit_2(args: list[str], expected: str) -> None:
    """No traceback reaches the user; the message names the problem."""
    code = "from careerpath.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
