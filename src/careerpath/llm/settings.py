"""What the LLM adapter needs to know, passed in by bootstrap (built from Settings there)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class LLMSettings:
    """An OpenAI-compatible endpoint: base URL (…/v1), model, key; off unless ``enabled``."""

    enabled: bool = False
    base_url: str = ""
    model: str = ""
    api_key: str = field(default="", repr=False)
    timeout: float = 60.0
    cache_dir: Path | None = None  # answers cached here by hash of the redacted text and model
    max_chars: int = 40_000  # longer resume text is cut before sending
