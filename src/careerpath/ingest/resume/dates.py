"""Dates as resumes write them: 'Jan 2019 – Present', '2019-03', '03/2019', "Mar. '18", 'Summer 2016'.

``find_range`` finds the first date range (or single date) in a line; odd or impossible dates are
flagged, never raised. Two-digit years pivot on ``today``: up to five years ahead are 20xx.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from careerpath.ingest.resume.model import DateRange, PartialDate

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
SEASONS = {"winter": 1, "spring": 4, "summer": 7, "fall": 10, "autumn": 10}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d\d"
_YY = r"['’‘]\d\d"
_PRESENT = r"present|current(?:ly)?|now|today|ongoing|date"
_DATE = "|".join(
    (
        rf"(?P<mname>{_MONTH})\s*,?\s*(?P<myear>{_YEAR}|{_YY})",
        rf"(?P<season>spring|summer|fall|autumn|winter)\s*,?\s*(?P<syear>{_YEAR}|{_YY})",
        rf"(?P<dm1>\d{{1,2}})[/.\-](?P<dd1>\d{{1,2}})[/.\-](?P<dy1>{_YEAR})",
        rf"(?P<ry1>{_YEAR})\s*[-–—]\s*(?P<ry2>1[3-9]|[2-9]\d)(?![\d/.\-])",
        rf"(?P<iy>{_YEAR})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})",
        rf"(?P<ym_y>{_YEAR})[/.\-](?P<ym_m>\d{{1,2}})(?![\d/.\-])",
        rf"(?P<my_m>\d{{1,2}})[/.\-](?P<my_y>{_YEAR}|\d\d(?![\d/.\-]))",
        rf"(?P<year>{_YEAR})",
        rf"(?P<present>{_PRESENT})",
    )
)
_TOKEN = re.compile(rf"(?<![\w/.])(?:{_DATE})(?![\w/])", re.IGNORECASE)
_SEP = re.compile(r"^\s*(?:-{1,2}|–|—|~|to|until|till|through|thru|bis)\s*$", re.IGNORECASE)
_OPEN_BEFORE = re.compile(r"(?:since|from|starting)\s*:?\s*$", re.IGNORECASE)
_DANGLING = re.compile(r"^\s*(?:-{1,2}|–|—)\s*(?:$|[)\]|,;])")


def _year(text: str, today: date) -> int:
    digits = text.strip("'’‘")
    if len(digits) == 4:
        return int(digits)
    yy = int(digits)
    return 2000 + yy if 2000 + yy <= today.year + 5 else 1900 + yy


def _token_date(m: re.Match[str], today: date) -> tuple[PartialDate | None, tuple[str, ...]]:
    """One matched token as a PartialDate (None for 'present'), with flags for impossible parts."""
    g = m.groupdict()
    if g["present"]:
        return None, ()
    if g["mname"]:
        return PartialDate(_year(g["myear"], today), MONTHS[g["mname"][:3].lower()]), ()
    if g["season"]:
        return PartialDate(_year(g["syear"], today), SEASONS[g["season"].lower()], True), ()
    if g["year"] or g["ry1"]:
        return PartialDate(int(g["year"] or g["ry1"])), ()
    if g["dy1"]:
        return _day_month_year(int(g["dm1"]), int(g["dd1"]), int(g["dy1"]))
    year, month = (
        (g["iy"], g["im"])
        if g["iy"]
        else (g["ym_y"], g["ym_m"])
        if g["ym_y"]
        else (g["my_y"], g["my_m"])
    )
    return _checked(_year(year, today), int(month))


def _checked(year: int, month: int) -> tuple[PartialDate | None, tuple[str, ...]]:
    if 1 <= month <= 12:
        return PartialDate(year, month), ()
    return PartialDate(year), (f"invalid month {month}",)


def _day_month_year(a: int, b: int, year: int) -> tuple[PartialDate | None, tuple[str, ...]]:
    """MM/DD/YYYY, or DD/MM/YYYY when the first number cannot be a month."""
    if 1 <= a <= 12:
        flags = ("ambiguous day/month",) if 1 <= b <= 12 and a != b else ()
        return PartialDate(year, a), flags
    return _checked(year, b)


def _tokens(
    line: str, today: date
) -> list[tuple[re.Match[str], PartialDate | None, tuple[str, ...]]]:
    found = []
    for m in _TOKEN.finditer(line):
        if m.group("my_y") and len(m.group("my_y")) == 2 and not m.group(0).count("/"):
            continue  # '12-19' and the like are too ambiguous without a slash
        if m.group("present") and m.group(0).lower() == "date" and not _after_sep(line, m.start()):
            continue
        value, flags = _token_date(m, today)
        found.append((m, value, flags))
    return found


def _after_sep(line: str, pos: int) -> bool:
    return bool(re.search(r"(?:-|–|—|to|till)\s*$", line[:pos], re.IGNORECASE))


def find_range(line: str, *, today: date | None = None) -> tuple[DateRange, tuple[int, int]] | None:
    """The first date range in ``line`` (or its first single date), with its span; None if none."""
    now = today or date.today()
    toks = _tokens(line, now)
    for i, (m, value, flags) in enumerate(toks):
        if value is None:
            continue
        if m.group("ry1"):
            short = PartialDate(value.year // 100 * 100 + int(m.group("ry2")))
            return _finish(value, short, False, m.group(0), flags, now), (m.start(), m.end())
        if i + 1 < len(toks) and _SEP.match(line[m.end() : toks[i + 1][0].start()]):
            m2, end, flags2 = toks[i + 1]
            span = (m.start(), m2.end())
            return _finish(
                value, end, end is None, line[span[0] : span[1]], flags + flags2, now
            ), span
        if _OPEN_BEFORE.search(line[: m.start()]) or _DANGLING.match(line[m.end() :]):
            start = _OPEN_BEFORE.search(line[: m.start()])
            span = (start.start() if start else m.start(), m.end())
            return _finish(value, None, True, line[span[0] : span[1]], flags, now), span
        return DateRange(value, value, False, m.group(0), flags), (m.start(), m.end())
    return None


def _finish(
    start: PartialDate,
    end: PartialDate | None,
    current: bool,
    text: str,
    flags: tuple[str, ...],
    today: date,
) -> DateRange:
    problems = list(flags)
    if end is not None and (
        end.year < start.year
        or (end.year == start.year and end.month and start.month and end.month < start.month)
    ):
        problems.append("ends before it starts")
    if (start.year, start.month or 1) > (today.year, today.month):
        problems.append("starts in the future")
    return DateRange(start, end, current, text.strip(), tuple(problems))


def parse_range(text: str, *, today: date | None = None) -> DateRange | None:
    """A whole string read as a date range or single date; None if it holds no date."""
    found = find_range(text, today=today)
    return found[0] if found else None


def parse_date(text: str, *, today: date | None = None) -> PartialDate | None:
    """A single date ('2019-03', 'Jan 2019', "Mar. '18"); None if none or if it says 'present'."""
    found = find_range(text, today=today)
    return found[0].start if found else None


def strip_range(line: str, span: tuple[int, int]) -> str:
    """The line without the date span, brackets and separators around it tidied away."""
    rest = line[: span[0]] + " " + line[span[1] :]
    rest = re.sub(r"\(\s*\)|\[\s*\]", " ", rest)
    rest = re.sub(r"\(\s*(?:\d+\s*(?:yrs?|years?|mos?|months?)\s*)+\)", " ", rest, flags=re.I)
    rest = re.sub(r"\s*(?:\||,|–|—|-|·|•)\s*$", "", rest.strip())
    rest = re.sub(r"^\s*(?:\||,|–|—|-|·|•)\s*", "", rest)
    return re.sub(r"\s{2,}", " ", rest).strip(" \t,;|")


def with_flag(rng: DateRange, flag: str) -> DateRange:
    """The same range with one more flag."""
    return replace(rng, flags=(*rng.flags, flag))
