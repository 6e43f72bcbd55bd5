"""A minimal OpenAI-compatible chat completions call (POST {base_url}/chat/completions) over httpx."""

from __future__ import annotations

from typing import Any

import httpx

from careerpath.domain.errors import CareerpathError
from careerpath.llm.settings import LLMSettings


class LLMError(CareerpathError):
    """The LLM endpoint failed or answered something careerpath cannot use."""


def chat(
    messages: list[dict[str, str]], *, settings: LLMSettings, client: httpx.Client | None = None
) -> str:
    """The assistant message content for ``messages`` (temperature 0, JSON answer requested)."""
    url = settings.base_url.rstrip("/") + "/chat/completions"
    body = {
        "model": settings.model,
        "messages": messages,
        "temperature": 0,
        "response_format": {"type": "json_object"},
    }
    headers = {"Authorization": f"Bearer {settings.api_key}"} if settings.api_key else {}
    own = client is None
    http = client or httpx.Client(timeout=settings.timeout)
    try:
        response = http.post(url, json=body, headers=headers)
    except httpx.HTTPError as exc:
        raise LLMError(
            f"LLM request to {url} failed: {exc}", hint="check CAREERPATH_LLM_BASE_URL"
        ) from exc
    finally:
        if own:
            http.close()
    if response.status_code != 200:
        raise LLMError(
            f"LLM endpoint answered HTTP {response.status_code}: {response.text[:200]}",
            hint="check CAREERPATH_LLM_MODEL and CAREERPATH_LLM_API_KEY",
        )
    return _content(response)


def _content(response: httpx.Response) -> str:
    try:
        payload: Any = response.json()
        content = payload["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LLMError("LLM endpoint answered without choices[0].message.content") from exc
    if not isinstance(content, str):
        raise LLMError("LLM answer content is not text")
    return content
