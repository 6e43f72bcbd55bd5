"""`careerpath serve` as a real process on a free port: the printed admin key, readiness, a profile
submitted and imported by the in-process workers, recommendations read, JSON logs without personal
data, a graceful stop, and the key reused after a restart.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from careerpath.domain.profile import OpenPosition, RoleRequirement
from careerpath.domain.taxonomy import Occupation, OrgRoleInfo
from careerpath.store import open_store

FIXTURE_ONET = Path(__file__).resolve().parents[1] / "fixtures" / "onet" / "text-layout"
PERSON = "E2E-PERSON-1"
WAIT = 120.0  # seconds allowed for start-up and the job (a wait, not a timing assertion)


@dataclass
class Server:
    """A running `careerpath serve`: its process, base URL, output lines and stderr file."""

    process: subprocess.Popen[str]
    base: str
    lines: queue.Queue[str]
    stderr: Path

    def line_matching(self, pattern: str) -> re.Match[str]:
        """The first stdout line matching ``pattern`` (waits for it)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, self.stderr.read_text()
                continue
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"no line matching {pattern!r}; stderr:\n{self.stderr.read_text()}")

    def wait_ready(self) -> None:
        """Poll /readyz until it answers 200."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.stderr.read_text()
            try:
                if httpx.get(self.base + "/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError("not ready: " + self.stderr.read_text())

    def stop(self) -> None:
        """SIGTERM; the server shuts down gracefully (uvicorn re-raises the signal at the end)."""
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=60) in (0, -signal.SIGTERM)
        assert "Finished server process" in self.stderr.read_text()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREERPATH_")}
    env.update(
        CAREERPATH_DATA_DIR=str(tmp / "data"),
        CAREERPATH_CACHE_DIR=str(tmp / "cache"),
        CAREERPATH_DATABASE_URL=f"sqlite:///{tmp / 'serve.db'}",
        CAREERPATH_CONFIG_DIR=str(tmp / "config"),
        CAREERPATH_SEMANTIC="off",
        CAREERPATH_LOG_FORMAT="json",
        CAREERPATH_JOB_WORKERS="1",
    )
    return env


def _seed(url: str) -> None:
    """Two org roles on the fixture's O*NET skills, and an open position."""
    uow_factory = open_store(url)

    def role(rid: str, title: str, level: int, nxt: tuple[str, ...]) -> Occupation:
        info = OrgRoleInfo("Eng", level=level, onet_codes=("15-1252.00",), next_roles=nxt)
        return Occupation(rid, title, "org", job_zone=float(level + 2), org=info)

    with uow_factory() as uow:
        uow.organization.add_roles(
            [
                (
                    role("org:dev-1", "Developer", 1, ("org:dev-2",)),
                    [RoleRequirement("2.A.1.a", 1.0, 0.4)],
                ),
                (
                    role("org:dev-2", "Senior Developer", 2, ()),
                    [RoleRequirement("2.A.2.a", 1.0, 0.7), RoleRequirement("2.A.1.a", 0.5, 0.5)],
                ),
            ]
        )
        uow.organization.add_positions([OpenPosition("pos-1", "org:dev-2")])
        uow.commit()


def _start(tmp: Path, port: int) -> Server:
    stderr = tmp / f"serve-{port}.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from careerpath.cli import main; main()",
            "serve",
            "--port",
            str(port),
        ],
        env=_env(tmp),
        stdout=subprocess.PIPE,
        stderr=stderr.open("w"),
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return Server(process, f"http://127.0.0.1:{port}", lines, stderr)


@pytest.fixture()
def home(tmp_path: Path) -> Iterator[Path]:
    shutil.copytree(FIXTURE_ONET, tmp_path / "data" / "onet" / "29.3")
    _seed(f"sqlite:///{tmp_path / 'serve.db'}")
    yield tmp_path


def _profile() -> dict[str, object]:
    return {
        "format": "profile",
        "document": {
            "person_id": PERSON,
            "name": "Erin Example",
            "roles": [
                {
                    "title": "Software Developer",
                    "start": "2021-03-01",
                    "occupation_id": "15-1252.00",
                }
            ],
            "skills": [
                {"skill_id": "2.A.1.a", "level": 0.8},
                {"skill_id": "2.A.2.a", "level": 0.5},
            ],
        },
    }


def test_serve_end_to_end(home: Path) -> None:
    server = _start(home, _free_port())
    try:
        found = server.line_matching(r"kept in (\S+\.key)")
        key_file = Path(found.group(1))
        assert key_file.stat().st_mode & 0o777 == 0o600
        server.line_matching(r'try: curl -H "Authorization: Bearer \$\(cat ')
        token = key_file.read_text().strip()
        server.wait_ready()
        headers = {"Authorization": f"Bearer {token}", "X-Request-ID": "e2e-req-1"}
        with httpx.Client(base_url=server.base, headers=headers, timeout=30) as client:
            submitted = client.post(
                "/v1/profiles", json=_profile(), headers={"Idempotency-Key": "e2e-1"}
            )
            assert submitted.status_code == 202, submitted.text
            assert submitted.headers["x-request-id"] == "e2e-req-1"
            job = _wait_job(client, submitted.json()["links"]["self"])
            assert job["status"] == "succeeded", job
            assert job["result"]["person_id"] == PERSON
            assert job["links"]["result"] == f"/v1/people/{PERSON}/recommendations"
            recs = client.get(job["links"]["result"])
            assert recs.status_code == 200, recs.text
            roles = [r["role_id"] for r in recs.json()["roles"]["items"]]
            assert set(roles) == {"org:dev-1", "org:dev-2"}
            assert client.get("/v1/people/nobody/recommendations").status_code == 404
        metrics = httpx.get(server.base + "/metrics").text
        assert 'careerpath_jobs{status="succeeded"} 1.0' in metrics
        assert (
            'careerpath_job_duration_seconds_count{kind="profile.import",status="succeeded"} 1.0'
            in metrics
        )
        server.stop()
    finally:
        if server.process.poll() is None:
            server.process.kill()
    log = server.stderr.read_text()
    records = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    access = [r for r in records if r.get("msg") == "request"]
    assert any(r.get("request_id") == "e2e-req-1" and r["route"] == "/v1/profiles" for r in access)
    assert (
        PERSON not in log and "Erin" not in log and token not in log
    )  # no personal data, no secrets
    _restart_reuses_the_key(home, token)


def _wait_job(client: httpx.Client, url: str) -> dict[str, object]:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        job = client.get(url).json()
        if job["status"] in ("succeeded", "failed", "dead"):
            return job  # type: ignore[no-any-return]
        time.sleep(0.2)
    raise AssertionError(f"job not finished: {job}")


def _restart_reuses_the_key(home: Path, token: str) -> None:
    server = _start(home, _free_port())
    try:
        line = server.line_matching(r"local admin API key \(hr_admin\) (made and )?kept in")
        assert line.group(1) is None  # reused, not made
        server.wait_ready()
        response = httpx.get(
            server.base + "/v1/taxonomy", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200 and response.json()["org_roles"] == 2
        server.stop()
    finally:
        if server.process.poll() is None:
            server.process.kill()
