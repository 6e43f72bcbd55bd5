"""Resume files (PDF, DOCX, text) → a ParsedResume → profile parts (role spells, skill claims)."""

from careerpath.ingest.resume.model import ParsedResume
from careerpath.ingest.resume.parser import (
    extract_text,
    parse_resume_bytes,
    parse_resume_file,
    parse_text,
)
from careerpath.ingest.resume.profile import ProfileParts, resume_to_profile_parts

__all__ = [
    "ParsedResume",
    "ProfileParts",
    "extract_text",
    "parse_resume_bytes",
    "parse_resume_file",
    "parse_text",
    "resume_to_profile_parts",
]
