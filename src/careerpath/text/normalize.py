"""Text normalisation shared by the matchers: folding, tokenising, light stemming, title cleaning."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Tokens keep the symbols that make technology names distinct: c++, c#, .net, node.js, ci/cd is split.
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:\.[a-z0-9]+)*|\.net\b")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SPACES = re.compile(r"\s+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words(
    """a about above after again all also am an and any are as at be been being below between both but
    by can could did do does doing down during each etc few for from further had has have having he her
    here hers him his how i if in into is it its itself just like may me more most must my no nor not of
    off on once only or other our ours out over own per same shall she should so some such than that the
    their them then there these they this those through to too under until up upon us very via was we
    were what when where which while who whom why will with within without would you your yours"""
)

# Words that job ads wrap around skills; they carry little meaning on the query side.
QUERY_FILLER = _words(
    """ability able abilities candidate candidates demonstrated desirable desired excellent experience
    experienced expert expertise familiarity familiar good great highly ideal ideally knowledge
    minimum must-have nice plus preferred proficiency proficient proven related relevant required
    requirement requirements responsible role skill skills solid strong understanding using work
    working year years"""
)

# Title words that say seniority, contract, schedule or advert wording rather than the occupation.
TITLE_NOISE = _words(
    """senior sr snr junior jr jnr trainee intern internship interns graduate entry level mid
    principal staff associate apprentice apprenticeship part full time parttime fulltime temporary temp
    contract contractor permanent freelance remote hybrid onsite urgent urgently hiring vacancy
    vacancies opening job position immediate start wanted needed required m f d w x h i ii iii iv v
    1 2 3 4 5 male female only based"""
)

# Abbreviations common in job titles, spelled out as ESCO labels spell them ("IT" is "ICT" in ESCO).
# Query side only; one documented list, not fitted to any evaluation set.
TITLE_ABBREVIATIONS = {
    "it": "ict",
    "admin": "administrative",
    "exec": "executive",
    "asst": "assistant",
    "mgr": "manager",
    "engr": "engineer",
    "tech": "technician",
    "rep": "representative",
    "acct": "accountant",
    "hr": "human resources",
    "dev": "developer",
    "ops": "operations",
    "qa": "quality assurance",
    "qc": "quality control",
}
_ALTERNATIVES = re.compile(r"\s*(?:/|\||;|,|\s-\s|\s–\s|\bcum\b|\bor\b|&|\+)\s*")
_BRACKETED = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case and strip accents (NFKD) so that 'Café' and 'cafe' match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    """Word tokens of folded text, keeping c++, c#, .net and dotted names like node.js."""
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=262144)
def stem(token: str) -> str:
    """A light English stemmer: plurals, -ing/-ed, common derivational suffixes, final -e."""
    word = token
    if len(word) <= 3 or not word.isalpha():
        return word
    word = _strip_plural(word)
    if word.endswith("eer"):  # engineer, volunteer, career: not an agent suffix
        return word
    for suffix in (
        "ational",
        "ation",
        "ition",
        "ement",
        "ment",
        "ness",
        "ings",
        "ing",
        "ed",
        "ers",
        "er",
    ):
        if (
            word.endswith(suffix)
            and _has_vowel(word[: -len(suffix)])
            and len(word) - len(suffix) >= 3
        ):
            word = word[: -len(suffix)]
            break
    for suffix in ("ise", "ize", "ity", "ive", "ic", "al", "ly", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


def _strip_plural(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _has_vowel(text: str) -> bool:
    return any(c in "aeiouy" for c in text)


def content_stems(text: str) -> list[str]:
    """Stems of the non-stopword tokens of a text, in order."""
    return [stem(t) for t in tokens(text) if t not in STOPWORDS]


def label_key(text: str) -> str:
    """The exact-match key of a label or span: its content stems joined by spaces."""
    return " ".join(content_stems(text))


def without_parentheses(text: str) -> str:
    """The text with bracketed qualifiers removed: 'Java (computer programming)' -> 'Java'."""
    return _SPACES.sub(" ", _PAREN.sub(" ", text)).strip()


def clean_title(title: str) -> str:
    """A job title without bracketed notes, seniority, schedule and advert words, abbreviations
    spelled out ('Sr. IT Exec (m/f/d)' -> 'ict executive'); never empty if the input is not."""
    base = without_parentheses(title) or title
    kept = [t for t in tokens(base) if t not in TITLE_NOISE]
    if not kept:
        kept = tokens(base)
    return " ".join(TITLE_ABBREVIATIONS.get(t, t) for t in kept)


def title_parts(title: str) -> list[str]:
    """Alternative titles in one advert title, cleaned: 'Driver / Warehouse Assistant' gives both,
    and a bracketed alternative ('Pembantu Kedai (Shop Assistant)') is one more part."""
    base = without_parentheses(title) or title
    pieces = _ALTERNATIVES.split(fold(base))
    if base != title:
        for inner in _BRACKETED.findall(fold(title)):
            pieces += _ALTERNATIVES.split(inner[0] or inner[1])
    parts = [clean_title(p) for p in pieces if p.strip()]
    return [p for p in parts if p]
