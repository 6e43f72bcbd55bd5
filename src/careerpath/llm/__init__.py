"""Optional OpenAI-compatible chat adapter (off by default): resume parsing with personal data redacted."""

from careerpath.llm.resume import parse_resume_with_llm
from careerpath.llm.settings import LLMSettings

__all__ = ["LLMSettings", "parse_resume_with_llm"]
