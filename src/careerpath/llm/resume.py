"""Resume text → ParsedResume through an OpenAI-compatible chat API, with redaction and a disk cache.

The text is redacted (emails, phones, URLs, street addresses and the person's name, found by the
local parser, become placeholders) before it is sent; answers are cached by a hash of the redacted
text, the model and the prompt version, and hold placeholders only. Placeholders are restored after.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from careerpath.domain.errors import InvalidRequestError
from careerpath.ingest.resume.model import ParsedResume
from careerpath.ingest.resume.parser import parse_text
from careerpath.llm.client import LLMError, chat
from careerpath.llm.redact import redact, restore
from careerpath.llm.schema import SCHEMA_TEXT, to_parsed
from careerpath.llm.settings import LLMSettings

PROMPT_VERSION = "resume-v1"
SYSTEM = (
    "You extract structured data from resumes. Answer with one JSON object only, exactly this shape:\n"
    f"{SCHEMA_TEXT}\n"
    'Use "" or [] when something is absent. Dates as YYYY-MM or YYYY; the end of a current job is '
    '"present". Keep placeholders such as [NAME_1] or [EMAIL_1] exactly as written.'
)


def parse_resume_with_llm(
    text: str,
    *,
    source: str,
    settings: LLMSettings,
    client: httpx.Client | None = None,
    today: date | None = None,
) -> ParsedResume:
    """Parse resume text with the configured LLM; InvalidRequestError when the adapter is off."""
    if not settings.enabled or not settings.base_url or not settings.model:
        raise InvalidRequestError(
            "LLM resume parsing is off",
            hint="set CAREERPATH_LLM_ENABLED=true, CAREERPATH_LLM_BASE_URL and CAREERPATH_LLM_MODEL",
        )
    now = today or date.today()
    local = parse_text(text, source=source, today=now)
    red = redact(
        text[: settings.max_chars], names=[local.contact.name] if local.contact.name else []
    )
    key = cache_key(red.text, settings.model)
    answer = _cached(settings.cache_dir, key)
    if answer is None:
        content = chat(
            [{"role": "system", "content": SYSTEM}, {"role": "user", "content": red.text}],
            settings=settings,
            client=client,
        )
        answer = _loads(content)
        to_parsed(answer, source=source, today=now)  # validate before caching
        _store(settings.cache_dir, key, answer)
    return to_parsed(restore(answer, red.mapping), source=source, today=now)


def cache_key(redacted: str, model: str) -> str:
    """SHA-256 of the prompt version, model and redacted text."""
    return hashlib.sha256(f"{PROMPT_VERSION}\0{model}\0{redacted}".encode()).hexdigest()


def _loads(content: str) -> Any:
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LLMError(
            f"LLM answer is not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})",
            hint="retry, use a model that supports JSON answers, or use the local parser",
        ) from exc


def _cached(folder: Path | None, key: str) -> Any:
    if folder is None:
        return None
    path = folder / f"{key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def _store(folder: Path | None, key: str, answer: Any) -> None:
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{key}.json.tmp"
    tmp.write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / f"{key}.json")
