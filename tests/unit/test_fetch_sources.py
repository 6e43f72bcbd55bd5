"""`data fetch` for BLS and ESCO (and the CLI) against a real HTTP server on loopback."""

from __future__ import annotations

import http.server
import io
import shutil
import sys
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import careerpath.cli as cli
from bls_support import FIXTURES, OEWS_CSV, T12_CSV, ep_workbook, oews_zip, workbook
from careerpath.cli import data as data_cli
from careerpath.config import Settings
from careerpath.taxonomy.bls import load_bls
from careerpath.taxonomy.esco import load_esco
from careerpath.taxonomy.fetch import ESCO_PAGE, Outcome, fetch_sources

ESCO_FIXTURES = FIXTURES.parent / "esco"
OEWS_PATH = "/oes/special-requests/oesm25nat.zip"
EP_PATH = "/emp/ind-occ-matrix/occupation.xlsx"


@dataclass
class Server:
    """A loopback HTTP server: files by path, status overrides, short bodies, seen User-Agents."""

    base: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)
    cut: dict[str, int] = field(default_factory=dict)  # path -> bytes sent before hanging up
    agents: list[str] = field(default_factory=list)


@pytest.fixture()
def server() -> Iterator[Server]:
    state = Server()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.agents.append(self.headers.get("User-Agent", ""))
            body = state.files.get(self.path, b"")
            code = state.status.get(self.path, 200 if self.path in state.files else 404)
            self.send_response(code)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: state.cut.get(self.path, len(body))])
            self.close_connection = True

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield state
    httpd.shutdown()
    httpd.server_close()


def _settings(tmp_path: Path, server: Server, **extra: object) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        bls_base_url=server.base,
        onet_base_url=server.base,
        download_timeout=10,
        **extra,  # type: ignore[arg-type]
    )


def _serve_bls(server: Server) -> None:
    server.files[OEWS_PATH] = oews_zip()
    server.files[EP_PATH] = ep_workbook()


def _fetch(settings: Settings, *sources: str) -> dict[str, Outcome]:
    return {o.source: o for o in fetch_sources(settings, sources, onet="29.3")}


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def test_bls_files_are_verified_and_kept_as_published(server: Server, tmp_path: Path) -> None:
    _serve_bls(server)
    settings = _settings(tmp_path, server)
    out = _fetch(settings, "bls")
    assert [o.status for o in out.values()] == ["ok", "ok"]
    assert "national wages of 4 occupations" in out["BLS OEWS national May 2025"].detail
    assert "tables 1.2 and 1.10" in out["BLS Employment Projections"].detail
    assert _files(settings.data_dir) == ["bls", "bls/occupation.xlsx", "bls/oesm25nat.zip"]
    market = load_bls(settings.data_dir / "bls")
    assert market.wages == load_bls(FIXTURES).wages
    assert all(a.startswith("careerpath/") and "contact" in a for a in server.agents)
    server.agents.clear()
    again = _fetch(settings, "bls")
    assert [o.status for o in again.values()] == ["present", "present"] and not server.agents


def test_csv_form_counts_as_present(server: Server, tmp_path: Path) -> None:
    settings = _settings(tmp_path, server, http_user_agent="careerpath-test (ops@example.org)")
    (settings.data_dir / "bls").mkdir(parents=True)
    for name in (OEWS_CSV, T12_CSV):
        shutil.copy(FIXTURES / name, settings.data_dir / "bls" / name)
    out = _fetch(settings, "bls")
    assert [o.status for o in out.values()] == ["present", "present"] and not server.agents
    settings = settings.model_copy(update={"bls_oews_year": 2026})
    assert _fetch(settings, "bls")["BLS OEWS national May 2026"].status == "failed"
    assert server.agents == ["careerpath-test (ops@example.org)"]


def test_truncated_downloads_leave_nothing(server: Server, tmp_path: Path) -> None:
    _serve_bls(server)
    server.cut[OEWS_PATH] = 300  # the connection drops mid-body
    server.files[EP_PATH] = ep_workbook()[:-100]  # complete response, damaged workbook
    settings = _settings(tmp_path, server)
    out = _fetch(settings, "bls")
    oews, ep = out["BLS OEWS national May 2025"], out["BLS Employment Projections"]
    assert (oews.status, ep.status) == ("failed", "failed")
    assert "cannot download" in oews.detail and f"{settings.data_dir}/bls/" in oews.detail
    assert "is not usable" in ep.detail and "Excel workbook" in ep.detail
    assert "\n" not in ep.detail and "occupation.xlsx (from http" in ep.detail
    assert _files(settings.data_dir) == []


def test_wrong_workbook_is_refused(server: Server, tmp_path: Path) -> None:
    server.files[EP_PATH] = workbook({"Table 1.1": [["Employment by major group"]]})
    settings = _settings(tmp_path, server)
    detail = _fetch(settings, "bls")["BLS Employment Projections"].detail
    assert "Table 1.2" in detail and not (settings.data_dir / "bls" / "occupation.xlsx").exists()


def test_http_403_says_to_set_the_user_agent(server: Server, tmp_path: Path) -> None:
    _serve_bls(server)
    server.status[OEWS_PATH] = 403
    settings = _settings(tmp_path, server)
    detail = _fetch(settings, "bls")["BLS OEWS national May 2025"].detail
    assert "HTTP 403" in detail and "CAREERPATH_HTTP_USER_AGENT" in detail
    assert (
        f"put oesm25nat.zip (from {server.base}{OEWS_PATH}) in {settings.data_dir}/bls/" in detail
    )


def test_offline_failures_say_what_to_download_and_where(tmp_path: Path) -> None:
    dead = Server(base="http://127.0.0.1:9")
    settings = _settings(tmp_path, dead, esco_url="http://127.0.0.1:9/esco-v1.1.1-en-csv.zip")
    out = fetch_sources(settings, ("onet", "bls", "esco"), onet="29.3")
    assert [o.status for o in out] == ["failed"] * 4
    for outcome in out:
        assert "download it on a connected machine and " in outcome.detail
    assert f"unzip it into {settings.data_dir}/onet/29.3/" in out[0].detail
    assert f"put occupation.xlsx (from http://127.0.0.1:9{EP_PATH})" in out[2].detail
    assert f"in {settings.data_dir}/esco/1.1.1/" in out[3].detail
    assert _files(settings.data_dir) == []


def _esco_zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in names:
            zf.write(ESCO_FIXTURES / name, name)
    return buf.getvalue()


CLASSIFICATION = _esco_zip("occupations_en.csv", "skills_en.csv", "languageSkillsCollection_en.csv")
RELATIONS = _esco_zip(
    "occupationSkillRelations.csv",
    "broaderRelationsOccPillar.csv",
    "broaderRelationsSkillPillar.csv",
)


def test_esco_unset_says_what_to_download(server: Server, tmp_path: Path) -> None:
    outcome = _fetch(_settings(tmp_path, server), "esco")["ESCO"]
    assert outcome.status == "manual" and ESCO_PAGE in outcome.detail
    assert (
        f"{tmp_path}/data/esco/<version>/" in outcome.detail
        and "CAREERPATH_ESCO_URL" in outcome.detail
    )


def test_esco_zips_are_verified_into_the_version_folder(server: Server, tmp_path: Path) -> None:
    server.files["/dl/esco-v1.1.1-en-csv.zip"] = CLASSIFICATION
    server.files["/dl/esco-v1.1.1-relations-csv.zip"] = RELATIONS
    urls = f"{server.base}/dl/esco-v1.1.1-en-csv.zip {server.base}/dl/esco-v1.1.1-relations-csv.zip"
    settings = _settings(tmp_path, server, esco_url=urls)
    outcome = _fetch(settings, "esco")["ESCO 1.1.1"]
    assert outcome.status == "ok", outcome.detail
    folder = settings.data_dir / "esco" / "1.1.1"
    assert _files(settings.data_dir / "esco") == [
        "1.1.1",
        "1.1.1/esco-v1.1.1-en-csv.zip",
        "1.1.1/esco-v1.1.1-relations-csv.zip",
    ]
    assert load_esco(folder).occupations
    assert _fetch(settings, "esco")["ESCO 1.1.1"].status == "present"


def test_esco_zip_without_relations_is_refused(server: Server, tmp_path: Path) -> None:
    name = "ESCO%20dataset%20-%20v1.2.0%20-%20classification%20-%20en%20-%20csv.zip"
    server.files[f"/{name}"] = CLASSIFICATION
    settings = _settings(tmp_path, server, esco_url=f"{server.base}/{name}")
    outcome = _fetch(settings, "esco")["ESCO 1.2.0"]
    assert outcome.status == "failed" and "occupationSkillRelations*.csv" in outcome.detail
    assert f"{settings.data_dir}/esco/1.2.0/" in outcome.detail
    assert _files(settings.data_dir / "esco") == []
    (settings.data_dir / "esco" / "1.2.0").mkdir(parents=True)
    (settings.data_dir / "esco" / "1.2.0" / "relations.zip").write_bytes(RELATIONS)
    assert _fetch(settings, "esco")["ESCO 1.2.0"].status == "ok"
    assert load_esco(settings.data_dir / "esco" / "1.2.0").skills


def test_esco_zip_must_hold_occupations_and_skills(server: Server, tmp_path: Path) -> None:
    server.files["/esco.zip"] = RELATIONS
    settings = _settings(tmp_path, server, esco_url=f"{server.base}/esco.zip")
    detail = _fetch(settings, "esco")["ESCO 1.1.1"].detail
    assert "occupations*.csv, skills*.csv" in detail


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(cli, "_register", lambda: cli.app.add_typer(data_cli.app, name="data"))
    monkeypatch.setattr(sys, "argv", ["careerpath", "data", "fetch", *args])
    with pytest.raises(SystemExit) as info:
        cli.main()
        raise SystemExit(0)
    return int(info.value.code or 0)


def _env(monkeypatch: pytest.MonkeyPatch, server: Server, tmp_path: Path) -> None:
    monkeypatch.setenv("CAREERPATH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CAREERPATH_BLS_BASE_URL", server.base)
    monkeypatch.setenv("CAREERPATH_ONET_BASE_URL", server.base)
    monkeypatch.delenv("CAREERPATH_ESCO_URL", raising=False)


def test_cli_fetch_only_bls(
    server: Server,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _serve_bls(server)
    _env(monkeypatch, server, tmp_path)
    assert _cli(monkeypatch, "--only", "bls") == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(" — ")[0] for line in out] == [
        "BLS OEWS national May 2025: ok",
        "BLS Employment Projections: ok",
    ]
    assert (tmp_path / "data" / "bls" / "oesm25nat.zip").is_file()
    assert not (tmp_path / "data" / "onet").exists()
    server.status[OEWS_PATH] = 500
    assert _cli(monkeypatch, "--only", "bls", "--oews-year", "2024") == 2  # named and failed


def test_cli_exit_2_only_when_onet_is_missing(
    server: Server,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _env(monkeypatch, server, tmp_path)
    assert _cli(monkeypatch) == 2  # nothing served: O*NET failed
    report = capsys.readouterr().out
    assert "O*NET 29.3: failed — " in report and "HTTP 404" in report
    assert "BLS Employment Projections: failed" in report and "ESCO: by hand — " in report
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("db_29_3_text/Occupation Data.txt", "O*NET-SOC Code\tTitle\tDescription\n")
    server.files["/db_29_3_text.zip"] = buf.getvalue()
    assert _cli(monkeypatch) == 0  # BLS still fails, but it is optional
    assert "O*NET 29.3: ok — unpacked into" in capsys.readouterr().out
