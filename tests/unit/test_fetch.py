"""`data fetch` against a real HTTP server on loopback serving a release archive."""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from careerpath.domain.errors import DataError, MissingDataError
from careerpath.taxonomy.fetch import Release, fetch_release


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return buf.getvalue()


@pytest.fixture()
def server() -> Iterator[tuple[str, dict[str, bytes]]]:
    files: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", files
    httpd.shutdown()


def _release(base: str, tmp_path: Path) -> Release:
    return Release(
        "onet", f"{base}/db_29_3_text.zip", tmp_path / "onet" / "29.3", "Occupation Data.txt"
    )


def test_download_verify_unpack(server: tuple[str, dict[str, bytes]], tmp_path: Path) -> None:
    base, files = server
    files["/db_29_3_text.zip"] = _zip(
        {"db_29_3_text/Occupation Data.txt": "a", "db_29_3_text/Skills.txt": "b"}
    )
    with httpx.Client() as client:
        target = fetch_release(_release(base, tmp_path), client=client)
    assert sorted(p.name for p in target.iterdir()) == ["Occupation Data.txt", "Skills.txt"]
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".fetch-")]


def test_truncated_download_leaves_nothing(
    server: tuple[str, dict[str, bytes]], tmp_path: Path
) -> None:
    base, files = server
    files["/db_29_3_text.zip"] = _zip({"db/Occupation Data.txt": "a" * 5000})[:100]
    with httpx.Client() as client, pytest.raises(DataError, match="not a complete zip"):
        fetch_release(_release(base, tmp_path), client=client)
    assert not (tmp_path / "onet").exists()  # not even the folder made for the download


def test_wrong_archive_is_refused(server: tuple[str, dict[str, bytes]], tmp_path: Path) -> None:
    base, files = server
    files["/db_29_3_text.zip"] = _zip({"readme.txt": "hello"})
    with httpx.Client() as client, pytest.raises(DataError, match="does not hold"):
        fetch_release(_release(base, tmp_path), client=client)


def test_http_404_and_offline_say_what_to_download(
    server: tuple[str, dict[str, bytes]], tmp_path: Path
) -> None:
    base, _files = server
    with httpx.Client() as client, pytest.raises(MissingDataError, match="HTTP 404"):
        fetch_release(_release(base, tmp_path), client=client)
    offline = Release(
        "onet", "http://127.0.0.1:9/db.zip", tmp_path / "onet" / "29.3", "Occupation Data.txt"
    )
    with httpx.Client() as client, pytest.raises(MissingDataError) as err:
        fetch_release(offline, client=client)
    assert "unzip it into" in str(err.value) and "29.3" in str(err.value)
