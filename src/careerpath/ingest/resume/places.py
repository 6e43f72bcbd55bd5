"""Recognising places in resume lines: 'Austin, TX', 'Berlin, Germany', 'Remote'."""

from __future__ import annotations

import re


def _set(words: str, sep: str | None = None) -> frozenset[str]:
    """A set of the words (split on whitespace, or on ``sep``), stripped."""
    return frozenset(w.strip() for w in words.split(sep) if w.strip())


US_STATES = _set(
    """
    AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH
    NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC
    """
)
_CITY_SET = _set(
    """new york|los angeles|chicago|houston|phoenix|philadelphia|san antonio|san diego|dallas|
    austin|san jose|san francisco|seattle|denver|boston|atlanta|miami|portland|minneapolis|
    detroit|nashville|baltimore|pittsburgh|cleveland|columbus|charlotte|raleigh|sacramento|
    london|manchester|birmingham|leeds|glasgow|edinburgh|bristol|dublin|paris|lyon|berlin|
    munich|hamburg|frankfurt|cologne|vienna|zurich|geneva|amsterdam|rotterdam|brussels|
    madrid|barcelona|lisbon|rome|milan|stockholm|oslo|copenhagen|helsinki|warsaw|prague|
    toronto|vancouver|montreal|sydney|melbourne|auckland|singapore|bangalore|bengaluru|mumbai|
    delhi|hyderabad|pune|chennai|tokyo|seoul|shanghai|beijing|hong kong|dubai|tel aviv|
    sao paulo|mexico city|cape town|johannesburg|lagos|nairobi|remote|hybrid""",
    "|",
)
_COUNTRY_WORDS = _set(
    """usa|us|u.s|uk|u.k|germany|france|spain|italy|canada|australia|india|netherlands|
    ireland|switzerland|austria|sweden|norway|denmark|belgium|poland|portugal|mexico|brazil|
    japan|china|singapore|england|scotland|wales|united states|united kingdom|new zealand|
    south africa|czech republic|united arab emirates|uae|saudi arabia|finland|greece|turkey|
    israel|nigeria|kenya|egypt|philippines|indonesia|malaysia|vietnam|thailand|argentina|
    chile|colombia|peru|romania|hungary|ukraine|luxembourg|estonia|latvia|lithuania""",
    "|",
)


def _is_country(text: str) -> bool:
    return text.strip().lower().rstrip(".") in _COUNTRY_WORDS


def looks_like_location(text: str) -> bool:
    """True for 'City, ST', 'City, Country', a known city or country, or 'Remote'."""
    t = " ".join(text.replace("(", " ").replace(")", " ").split()).strip(" ,;")
    if not t or len(t) > 40 or re.search(r"\d{3,}|@", t):
        return False
    low = t.lower()
    if low in _CITY_SET or _is_country(t):
        return True
    parts = [p.strip() for p in t.split(",")]
    if len(parts) in (2, 3) and all(parts):
        last = parts[-1]
        state = len(last) == 2 and last.upper() in US_STATES
        if len(parts) == 3 and not (parts[1].upper() in US_STATES or parts[0].lower() in _CITY_SET):
            return False
        if (state and len(parts) == 2) or _is_country(last):
            return all(_capitalised(p) for p in parts[:-1])
        return parts[0].lower() in _CITY_SET
    return False


def _capitalised(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 4 and all(
        w[0].isupper() for w in words if w.lower() not in {"of", "de", "la"}
    )


def split_location(text: str) -> tuple[str, str]:
    """'Acme Corp, Austin, TX' → ('Acme Corp', 'Austin, TX'); no location → (text, '')."""
    if looks_like_location(text):
        return "", text.strip()
    parts = [p.strip() for p in text.split(",")]
    for k in range(1, len(parts)):
        tail = ", ".join(parts[k:])
        if looks_like_location(tail):
            return ", ".join(parts[:k]).strip(), tail
    for sep in (" - ", " – ", " — ", " | "):
        if sep in text:
            head, _, tail = text.rpartition(sep)
            if looks_like_location(tail):
                return head.strip(), tail.strip()
    return text, ""
