"""Words that tell a job title from an employer, a degree from a school, a language from a skill."""

from __future__ import annotations

import re


def _set(words: str) -> frozenset[str]:
    """A set of the whitespace-separated words."""
    return frozenset(words.split())


#: Head nouns and markers of job titles (lowercase words).
TITLE_WORDS = _set(
    """
    engineer engineers developer programmer architect scientist analyst manager director
    head lead chief officer president vp vice specialist consultant coordinator
    administrator assistant associate intern internship trainee apprentice technician
    technologist nurse rn lpn cna practitioner physician therapist pharmacist paramedic
    caregiver aide teacher tutor lecturer professor instructor educator principal counselor
    counsellor librarian accountant auditor controller bookkeeper clerk cashier teller
    representative rep agent broker advisor adviser planner buyer recruiter generalist
    partner designer writer editor producer marketer strategist electrician plumber
    carpenter welder mechanic machinist operator driver dispatcher foreman supervisor
    superintendent inspector installer fitter electrician's journeyman handler picker packer
    loader warehouse storekeeper courier chef cook server bartender receptionist secretary
    paralegal attorney lawyer counsel solicitor executive owner founder co-founder ceo cto
    cfo coo cio officer researcher postdoc fellow investigator owner steward attendant guard
    sergeant lieutenant captain soldier volunteer worker labourer laborer builder estimator
    surveyor draftsman drafter expert sme salesperson associate merchandiser underwriter
    actuary economist statistician trader sre devops dba qa tester support helpdesk admin
    staff member mentor coach scrum owner
    """
)
#: Words that mark an organisation name.
EMPLOYER_WORDS = _set(
    """
    inc inc. llc ltd ltd. limited corp corp. corporation co co. company gmbh ag sa plc bv nv
    oy ab group holdings hospital clinic health healthcare medical university college school
    academy institute bank credit union insurance systems technologies technology tech
    solutions services partners logistics labs laboratories foundation center centre council
    department dept agency district authority ministry government county city state board
    trust network networks studio studios media consulting associates enterprises industries
    international global stores store retail supermarket restaurant hotel airlines airways
    motors energy pharma pharmaceuticals capital financial securities investments federal
    national regional community church army navy force nhs unified public elementary high
    transport freight shipping distribution manufacturing construction builders electric
    """
)
INSTITUTION_WORDS = _set(
    """
    university universität universidad université college school academy institute
    polytechnic politecnico conservatory seminary hochschule tafe
    """
)
_DEGREE = re.compile(
    r"\b(?:bachelor(?:'?s)?|master(?:'?s)?|doctor(?:ate)?|ph\.?\s?d\.?|associate(?:'?s)?\s+(?:degree|of)"
    r"|diploma|certificate|b\.?\s?sc?\.?|m\.?\s?sc?\.?|b\.?\s?a\.?|m\.?\s?a\.?|mba|emba|b\.?eng\.?|"
    r"m\.?eng\.?|bba|bsn|msn|adn|dnp|j\.?d\.?|m\.?d\.?|ll\.?[bm]\.?|m\.?ed\.?|b\.?ed\.?|"
    r"a\.?a\.?s?\.?|a\.?s\.?|ged|high school|a-levels?|hnd|hnc|gcses?|apprenticeship|"
    r"b\.?tech|m\.?tech|b\.?com|m\.?com|cpa program|nvq|btec|pgce|pgde|qts)(?![\w])",
    re.IGNORECASE,
)
#: Spoken languages, lowercase.
LANGUAGES = _set(
    """
    english spanish french german italian portuguese dutch flemish swedish norwegian danish
    finnish icelandic polish czech slovak hungarian romanian bulgarian greek turkish russian
    ukrainian serbian croatian bosnian slovenian albanian estonian latvian lithuanian arabic
    hebrew persian farsi urdu hindi bengali punjabi gujarati marathi tamil telugu kannada
    malayalam sinhala nepali mandarin cantonese chinese japanese korean vietnamese thai
    indonesian malay tagalog filipino swahili amharic yoruba igbo hausa zulu xhosa afrikaans
    catalan basque galician welsh irish latin esperanto asl
    """
)
CEFR = re.compile(r"\b[ABC][12]\b")
LEVEL_WORDS = {
    "native": "expert", "fluent": "expert", "expert": "expert", "advanced": "advanced",
    "proficient": "advanced", "strong": "advanced", "intermediate": "intermediate",
    "working": "working", "conversational": "working", "basic": "basic", "beginner": "basic",
    "elementary": "basic", "familiar": "awareness", "exposure": "awareness",
}  # fmt: skip


def words(text: str) -> list[str]:
    """Lowercase word tokens (letters, digits, dots and apostrophes inside)."""
    return re.findall(r"[a-z0-9][a-z0-9.'&-]*", text.lower())


def title_score(text: str) -> float:
    """How much ``text`` reads like a job title (0 none)."""
    toks = words(text)
    if not toks:
        return 0.0
    hits = sum(1 for t in toks if t.rstrip(".") in TITLE_WORDS)
    head = 1.0 if toks[-1].rstrip(".") in TITLE_WORDS else 0.0
    return hits + head - 0.25 * max(0, len(toks) - 6)


def employer_score(text: str) -> float:
    """How much ``text`` reads like an organisation name (0 none)."""
    toks = words(text)
    hits = sum(1 for t in toks if t in EMPLOYER_WORDS or t.rstrip(".") in EMPLOYER_WORDS)
    caps = 0.5 if text.isupper() and len(text) > 3 else 0.0
    return hits + caps + (0.5 if re.search(r"&|\.com\b", text) else 0.0)


def degree_match(text: str) -> re.Match[str] | None:
    """The first degree word in ``text`` (Bachelor, MSc, PhD, Diploma...)."""
    return _DEGREE.search(text)


def is_institution(text: str) -> bool:
    """True when ``text`` names a school, college or university (not 'High School Diploma')."""
    if re.search(r"\b(?:diploma|certificate|ged)\b", text, re.IGNORECASE) and len(words(text)) <= 4:
        return False
    return any(t in INSTITUTION_WORDS for t in words(text))
