"""Skills, languages and certifications: list sections split into items, with level words kept."""

from __future__ import annotations

import re
from datetime import date

from careerpath.ingest.resume.dates import find_range, strip_range
from careerpath.ingest.resume.lines import CELL, Line
from careerpath.ingest.resume.model import CertificationEntry, LanguageEntry, SkillMention
from careerpath.ingest.resume.segments import is_bullet, strip_bullet
from careerpath.ingest.resume.vocab import CEFR, LANGUAGES, LEVEL_WORDS

_ITEM_SPLIT = re.compile(r"\s*(?:[,;|•·▪●]|\s-\s|\s–\s)\s*")
_CATEGORY = re.compile(r"^([A-Za-z][\w &/+.-]{1,40}?)\s*:\s+(.+)$")
_INLINE = re.compile(
    r"^(?:technologies|tech(?:nology)? stack|stack|tools(?: used)?|skills(?: used)?|environment|"
    r"technical environment|software|systems)\s*:\s*(.+)$",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\s*[(\[]([^)\]]*)[)\]]")


def _split_items(text: str) -> list[str]:
    """Items of a list, keeping commas inside brackets ('Python (pandas, numpy)')."""
    protected = re.sub(r"[(\[][^)\]]*[)\]]", lambda m: m.group(0).replace(",", "\x00"), text)
    return [p.replace("\x00", ",").strip() for p in _ITEM_SPLIT.split(protected) if p.strip()]


def _level_of(text: str) -> tuple[str, str]:
    """('Python', 'advanced') from 'Python (advanced)' or 'Python - Advanced'."""
    level = ""
    for inner in _PAREN.findall(text):
        for word in re.findall(r"[a-z]+", inner.lower()):
            level = level or LEVEL_WORDS.get(word, "")
    name = _PAREN.sub("", text).strip(" -–:")
    return name, level


def _skill(item: str, line: str) -> SkillMention | None:
    name, level = _level_of(item)
    name = name.strip(" .")
    if not name or len(name.split()) > 6 or len(name) > 60 or not re.search(r"[A-Za-z]", name):
        return None
    return SkillMention(name, line, level)


def join_wrapped(lines: list[Line]) -> list[Line]:
    """Lines a narrow column wrapped ('Core: SAP,' + 'Lean') joined back into one."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1].text if out else ""
        cont = line.text[:1].islower() or prev.rstrip().endswith((",", "&", " and", "/", "-"))
        if out and cont and not line.text.lstrip().startswith(("•", "-", "*", "▪")):
            out[-1] = Line(f"{prev.rstrip()} {line.text.strip()}", out[-1].heading, out[-1].bold)
        else:
            out.append(line)
    return out


def parse_skills(lines: list[Line]) -> tuple[list[SkillMention], list[LanguageEntry]]:
    """Items of a skills section; a 'Languages:' row of spoken languages becomes languages."""
    skills: list[SkillMention] = []
    languages: list[LanguageEntry] = []
    for line in join_wrapped(lines):
        text = strip_bullet(line.text.replace(CELL, " | "))
        if len(text.split()) > 25:
            continue
        m = _CATEGORY.match(text)
        body = m.group(2) if m and len(m.group(1).split()) <= 4 else text
        items = _split_items(body)
        spoken = [i for i in items if _spoken(i)]
        if items and len(spoken) == len(items):
            languages.extend(_language(i) for i in spoken)
            continue
        skills.extend(s for s in (_skill(i, line.text) for i in items) if s is not None)
    return skills, languages


def inline_skills(lines: list[Line]) -> list[SkillMention]:
    """Skills from 'Technologies: Python, AWS' lines inside experience or projects."""
    found: list[SkillMention] = []
    for line in lines:
        m = _INLINE.match(strip_bullet(line.text))
        if m:
            found.extend(s for s in (_skill(i, line.text) for i in _split_items(m.group(1))) if s)
    return found


def _spoken(item: str) -> bool:
    words = re.findall(r"[a-z]+", item.lower())
    return bool(words) and words[0] in LANGUAGES


def _language(item: str) -> LanguageEntry:
    words = item.split(None, 1)
    name = re.match(r"[A-Za-zÀ-ÿ]+", item)
    language = name.group(0).capitalize() if name else words[0]
    rest = item[len(language) :].strip(" ()-–:,")
    cefr = CEFR.search(rest)
    fluency = cefr.group(0) if cefr else re.sub(r"[()]", "", rest).strip()
    return LanguageEntry(language, fluency)


def parse_languages(lines: list[Line]) -> list[LanguageEntry]:
    """Languages and their fluency from a languages section."""
    out: list[LanguageEntry] = []
    for line in lines:
        text = strip_bullet(line.text.replace(CELL, " | "))
        m = _CATEGORY.match(text)
        items = [f"{m.group(1)} {m.group(2)}"] if m and _spoken(m.group(1)) else _split_items(text)
        out.extend(_language(i) for i in items if _spoken(i))
    return out


def parse_certifications(lines: list[Line], *, today: date) -> list[CertificationEntry]:
    """Certifications and licences, one per line: name, issuer (after a separator), date."""
    out: list[CertificationEntry] = []
    for line in join_wrapped(lines):
        text = strip_bullet(line.text.replace(CELL, " | "))
        if not text or (is_bullet(line.text) and len(text.split()) > 14):
            continue
        hit = find_range(text, today=today)
        rest = strip_range(text, hit[1]) if hit else text
        name, issuer = _name_issuer(rest)
        if name:
            out.append(CertificationEntry(name, issuer, hit[0].start if hit else None, text))
    return out


def _name_issuer(text: str) -> tuple[str, str]:
    """'AWS Certified X – Associate, Amazon Web Services' → (name, issuer): comma first, then dashes."""
    m = re.match(r"^(.+),\s+([A-Z][^,]*)$", text)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+|\s*\|\s*", text) if p.strip()]
    return (parts[0], parts[1]) if len(parts) > 1 else (parts[0] if parts else "", "")
