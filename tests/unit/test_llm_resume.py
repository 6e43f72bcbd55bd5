"""The OpenAI-compatible resume adapter against a local fake server: redaction, cache, strict JSON."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from careerpath.domain.errors import CareerpathError, InvalidRequestError
from careerpath.ingest.resume.model import PartialDate
from careerpath.llm import LLMSettings, parse_resume_with_llm
from careerpath.llm.redact import redact, restore

TODAY = date(2025, 6, 1)
PERSONAL = ["Priya Sharma", "Priya", "Sharma", "priya.sharma@example.com", "+1 (512) 555-0199",
            "linkedin.com/in/priyasharma", "742 Evergreen Terrace"]  # fmt: skip
RESUME = """Priya Sharma
742 Evergreen Terrace, Springfield | priya.sharma@example.com | +1 (512) 555-0199
linkedin.com/in/priyasharma

Experience
Financial Analyst | Pinecrest Bank | 2019-04 – Present
- Built the budget model; Priya presented it to the board
"""
ANSWER = {
    "name": "[NAME_1]", "email": "[EMAIL_1]", "phone": "[PHONE_1]", "location": "Springfield",
    "positions": [{"title": "Financial Analyst", "employer": "Pinecrest Bank", "location": "",
                   "start": "2019-04", "end": "present", "description": ["Built the budget model"]}],
    "education": [], "skills": ["Excel", "Budgeting"], "certifications": [], "languages": [],
}  # fmt: skip


class FakeOpenAI(BaseHTTPRequestHandler):
    """Answers /v1/chat/completions with the server's canned content; records what arrived."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        server: Any = self.server
        server.requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        payload = {"choices": [{"message": {"role": "assistant", "content": server.content}}]}
        data = json.dumps(payload).encode()
        self.send_response(server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def fake() -> Iterator[Any]:
    """A fake OpenAI-compatible server on 127.0.0.1 in a thread."""
    server: Any = HTTPServer(("127.0.0.1", 0), FakeOpenAI)
    server.requests, server.content, server.status = [], json.dumps(ANSWER), 200
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _settings(server: Any, tmp_path: Path) -> LLMSettings:
    host, port = server.server_address
    return LLMSettings(
        True, f"http://{host}:{port}/v1", "test-model", "sk-test", 5.0, tmp_path / "llm"
    )


def test_redacted_before_sending_restored_after_and_cached(fake: Any, tmp_path: Path) -> None:
    settings = _settings(fake, tmp_path)
    parsed = parse_resume_with_llm(RESUME, source="cv.txt", settings=settings, today=TODAY)
    assert len(fake.requests) == 1
    request = fake.requests[0]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer sk-test"
    assert request["body"]["model"] == "test-model"
    sent = json.dumps(request["body"]).lower()
    for item in PERSONAL:
        assert item.lower() not in sent, item
    assert (parsed.contact.name, parsed.contact.email, parsed.contact.phone) == (
        "Priya Sharma", "priya.sharma@example.com", "+1 (512) 555-0199",
    )  # fmt: skip
    p = parsed.positions[0]
    assert (p.title, p.employer, p.start, p.end) == (
        "Financial Analyst",
        "Pinecrest Bank",
        PartialDate(2019, 4),
        None,
    )
    assert parsed.skill_names == ("Excel", "Budgeting") and parsed.format == "llm"
    cached = list((tmp_path / "llm").glob("*.json"))
    assert len(cached) == 1 and "priya" not in cached[0].read_text().lower()
    again = parse_resume_with_llm(RESUME, source="cv.txt", settings=settings, today=TODAY)
    assert len(fake.requests) == 1 and again == parsed


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("this is not json", "not JSON"),
        (json.dumps({"positions": "many"}), "positions: expected a list"),
        (json.dumps({"positions": [{"title": 3}]}), "positions[0].title: expected a string"),
        (json.dumps({"positions": [{"title": "x", "start": "someday"}]}), "unreadable date"),
        (json.dumps({"salary": 1}), "unexpected keys"),
        (json.dumps([1, 2]), "expected an object"),
    ],
)
def test_malformed_answers_are_clear_errors(
    fake: Any, tmp_path: Path, content: str, words: str
) -> None:
    fake.content = content
    with pytest.raises(CareerpathError) as info:
        parse_resume_with_llm(
            RESUME, source="cv.txt", settings=_settings(fake, tmp_path), today=TODAY
        )
    assert words in str(info.value)
    assert not list((tmp_path / "llm").glob("*.json"))  # nothing invalid is cached


def test_http_errors_and_unreachable_servers(fake: Any, tmp_path: Path) -> None:
    fake.status = 401
    with pytest.raises(CareerpathError, match="HTTP 401"):
        parse_resume_with_llm(
            RESUME, source="cv.txt", settings=_settings(fake, tmp_path), today=TODAY
        )
    dead = LLMSettings(True, "http://127.0.0.1:9/v1", "m", "", 1.0, None)
    with pytest.raises(CareerpathError, match="failed"):
        parse_resume_with_llm(RESUME, source="cv.txt", settings=dead, today=TODAY)


def test_off_by_default() -> None:
    with pytest.raises(InvalidRequestError, match="off"):
        parse_resume_with_llm(RESUME, source="cv.txt", settings=LLMSettings())
    assert "sk-" not in repr(LLMSettings(api_key="sk-secret"))


def test_redaction_round_trip() -> None:
    red = redact(RESUME, names=["Priya Sharma"])
    for item in PERSONAL:
        assert item.lower() not in red.text.lower(), item
    assert "2019-04" in red.text and "Pinecrest Bank" in red.text
    assert restore(red.text, red.mapping) == RESUME
