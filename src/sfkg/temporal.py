"""Time values: how sfkg reads a date expression written in a text published on a given day.

Every date expression becomes a :class:`~sfkg.timevalue.TimeValue` (EDTF, granularity, bounds). Partial and relative
forms ("June 22", "May this year", "last year", "by the end of the year", "on Saturday") are
anchored at the publication date. The grammar here handles the forms of English (and French)
press releases; dateparser reads what it does not know, keeping the precision it reports.
All functions are pure.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .timevalue import TimeValue, _safe, day, decade, from_, interval, month, season, until, year


MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
}
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_YEAR = r"(1[89]\d\d|20\d\d|2100)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er)?"


# ---------------------------------------------------------------- the grammar

_HEDGE = re.compile(
    r"^(?:(?:on|in|at|during|since|of|from|for|around|about|circa|ca\.|approximately|roughly|"
    r"as early as|as soon as|sometime in|some time in|the|this past|early|late|mid|middle of|"
    r"the middle of|the first half of|the second half of|the beginning of|the start of|"
    r"the end of|end of|beginning of|start of|le|en|au|vers)\b[\s-]*)+",
)
_UNTIL = re.compile(
    r"^(?:no later than|not later than|by|before|until|till|up to|by the end of|by end of|"
    r"at the latest by|d'ici)\s+(.*)$"
)
_FROM = re.compile(r"^(?:no earlier than|not earlier than|not before|net|after|beyond|"
                   r"starting|starting in|starting from)\s+(.*)$")
_FROM_ONWARDS = re.compile(r"^(?:from\s+)?(.*?)\s+(?:onwards?|or later|and beyond)$")
_RANGE_SEP = re.compile(r"\s*(?:-|to|through|until|and|or|/)\s*")


def parse_time(
    text: str, anchor: date | None = None, direction: str | None = None
) -> TimeValue | None:
    """Read one date expression; None when it is not a date.

    ``anchor`` is the publication date: partial and relative forms are resolved from it.
    ``direction`` ("past" or "future") says which way a year-less date leans when the text's
    tense is known: "launched on December 28" in a January report is last December.

    >>> parse_time("May this year", date(2019, 3, 25)).edtf
    '2019-05'
    >>> parse_time("2027-2028").edtf
    '2027/2028'
    >>> parse_time("a few months") is None
    True
    """
    try:
        return _parse(_clean(text), anchor, direction)
    except (ValueError, OverflowError, RecursionError):
        return None


def _clean(text: str) -> str:
    s = text.translate(str.maketrans({"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u00a0": " "}))
    s = re.sub(r"\s+", " ", s.strip().lower()).strip(" ,.;:()")
    return s


def _parse(s: str, anchor: date | None, direction: str | None) -> TimeValue | None:
    if not s or len(s) > 80:
        return None
    if m := _UNTIL.match(s):
        inner = m[1]
        end_of = s.startswith(("by the end of", "by end of"))
        tv = _parse_end_of(inner, anchor) if end_of else None
        tv = tv or _parse(inner, anchor, "future")
        return until(tv) if tv and tv.latest else None
    if m := _FROM.match(s):
        tv = _parse(m[1], anchor, direction)
        return from_(tv) if tv and tv.earliest else None
    if m := _FROM_ONWARDS.match(s):
        tv = _parse(m[1], anchor, direction)
        return from_(tv) if tv and tv.earliest else None
    if s.startswith(("the end of", "end of", "at the end of")):
        tv = _parse_end_of(re.sub(r"^(at )?(the )?end of\s+", "", s), anchor)
        if tv:
            return tv
    if m := re.match(r"^between (.+) and (.+)$", s):
        return _range(m[1], m[2], anchor, direction)
    if m := re.match(r"^from (.+?) (?:to|until|through) (.+)$", s):
        return _range(m[1], m[2], anchor, direction)
    if re.fullmatch(r"(?:in|since|from|until|before|after|early|late|mid|by)[\s-]+may", s):
        return _yearless(5, None, anchor, direction) if anchor else None
    stripped = _HEDGE.sub("", s).strip()
    if stripped != s:
        return _parse(stripped, anchor, direction) if stripped else None
    return (
        _atom(s, anchor, direction)
        or _range_split(s, anchor, direction)
        or _dateparser_atom(s, anchor)
    )


def _dateparser_atom(s: str, anchor: date | None) -> TimeValue | None:
    """Forms the grammar does not know (other languages, odd orders), read by dateparser.

    Only strings with a four-digit year are tried: dateparser reads far too much else as a
    date. The precision it reports (day, month, year) becomes the granularity.
    """
    if not re.search(_YEAR, s) or re.search(r"\d{5,}|[+@]", s):
        return None
    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]}
    if anchor:
        from datetime import datetime

        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    data = _PARSER(settings).get_date_data(s)
    if not data or not data.date_obj:
        return None
    d = data.date_obj.date()
    if data.period == "day":
        return day(d.year, d.month, d.day)
    if data.period == "month":
        return month(d.year, d.month)
    if data.period == "year":
        return year(d.year)
    return None


def _PARSER(settings: dict):
    from dateparser.date import DateDataParser

    key = tuple(sorted((k, str(v)) for k, v in settings.items()))
    if key not in _PARSERS:
        _PARSERS[key] = DateDataParser(languages=["en", "fr", "de", "es", "zh"], settings=settings)
    return _PARSERS[key]


_PARSERS: dict = {}


def _parse_end_of(inner: str, anchor: date | None) -> TimeValue | None:
    """"the end of the year" is that year's December; "the end of March" is March."""
    inner = re.sub(r"^the\s+", "", inner)
    if inner in ("year", "this year", "the year") and anchor:
        return month(anchor.year, 12)
    if inner == "next year" and anchor:
        return month(anchor.year + 1, 12)
    if inner in ("month", "this month") and anchor:
        return month(anchor.year, anchor.month)
    if m := re.fullmatch(_YEAR, inner):
        return month(int(m[1]), 12)
    return None


def _range(a: str, b: str, anchor, direction) -> TimeValue | None:
    right = _parse(b, anchor, direction)
    if right is None or right.earliest is None:
        return None
    a = a.strip()
    left = None
    if re.fullmatch(_MONTH_RE, a) and right.granularity == "month":  # "June-July 2025"
        left = month(right.earliest.year, MONTHS[a])
    elif re.fullmatch(r"\d{1,2}", a) and right.granularity == "day":  # "3-5 May 2025"
        left = _safe(day, right.earliest.year, right.earliest.month, int(a))
    elif m := re.fullmatch(rf"{_DAY}\s+({_MONTH_RE})", a):  # "30 June - 2 July 2025"
        left = _safe(day, right.earliest.year, MONTHS[m[2]], int(m[1]))
    if left is None:
        left = _parse(a, anchor, direction)
    if left is None:
        return None
    if left.edtf == right.edtf:
        return left
    return interval(left, right)


def _range_split(s: str, anchor, direction) -> TimeValue | None:
    m = re.fullmatch(rf"{_YEAR}\s*(?:-|to|/|and|or)\s*(\d{{2,4}})", s)
    if m:
        y1, y2 = int(m[1]), m[2]
        y2 = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        return interval(year(y1), year(y2)) if y2 > y1 else None
    parts = _RANGE_SEP.split(s, maxsplit=1)
    if len(parts) == 2 and all(parts):
        return _range(parts[0], parts[1], anchor, direction)
    return None


def _atom(s: str, anchor: date | None, direction: str | None) -> TimeValue | None:
    s = re.sub(rf"^(?:{_WEEKDAY_RE}),?\s+(?=\d|{_MONTH_RE})", "", s)  # "Monday, September 28"
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:t[\d:.+z-]*)?", s):
        return _safe(day, *map(int, m.groups()))
    if m := re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日.*", s):
        return _safe(day, *map(int, m.groups()))
    if m := re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月", s):
        return _safe(month, *map(int, m.groups()))
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", s):  # day first, as in Europe
        return _safe(day, int(m[3]), int(m[2]), int(m[1]))
    if m := re.fullmatch(rf"{_DAY}\s+(?:of\s+)?({_MONTH_RE})\.?,?\s+{_YEAR}", s):
        return _safe(day, int(m[3]), MONTHS[m[2]], int(m[1]))
    if m := re.fullmatch(rf"({_MONTH_RE})\.?\s+{_DAY},?\s+{_YEAR}", s):
        return _safe(day, int(m[3]), MONTHS[m[1]], int(m[2]))
    if m := re.fullmatch(rf"({_MONTH_RE})\.?,?\s+(?:of\s+)?{_YEAR}", s):
        return month(int(m[2]), MONTHS[m[1]])
    if m := re.fullmatch(rf"{_YEAR}\s+({_MONTH_RE})", s):
        return month(int(m[1]), MONTHS[m[2]])
    if m := re.fullmatch(rf"(?:the\s+)?(?:year\s+)?{_YEAR}", s):
        return year(int(m[1]))
    if m := re.fullmatch(r"(?:the\s+)?(1[89]\d0|20\d0)'?s", s):
        return decade(int(m[1]))
    if m := re.fullmatch(rf"({'|'.join(SEASONS)})\s+(?:of\s+)?{_YEAR}", s):
        return season(int(m[2]), SEASONS[m[1]])
    if anchor is None:
        return None
    return _relative(s, anchor, direction)


_TODAY = re.compile(
    r"(?:earlier |later )?(?:today|tonight|this (?:morning|afternoon|evening)|"
    r"(?:earlier |later )?in the (?:morning|afternoon|evening)|the same day|aujourd'hui)"
)


def _relative(s: str, anchor: date, direction: str | None) -> TimeValue | None:
    if _TODAY.fullmatch(s):
        return day(anchor.year, anchor.month, anchor.day)
    if s == "yesterday":
        d = anchor - timedelta(days=1)
        return day(d.year, d.month, d.day)
    if s == "tomorrow":
        d = anchor + timedelta(days=1)
        return day(d.year, d.month, d.day)
    shift = {"this": 0, "last": -1, "next": 1, "previous": -1, "the previous": -1, "the next": 1,
             "the following": 1, "the coming": 1, "the past": -1}
    rel = "|".join(sorted(shift, key=len, reverse=True))
    if m := re.fullmatch(rf"({rel}) year", s):
        return year(anchor.year + shift[m[1]])
    if m := re.fullmatch(rf"({rel}) month", s):
        y, mo = divmod(anchor.year * 12 + anchor.month - 1 + shift[m[1]], 12)
        return month(y, mo + 1)
    if m := re.fullmatch(rf"({_MONTH_RE}),? ({rel}) year", s):
        return month(anchor.year + shift[m[2]], MONTHS[m[1]])
    if m := re.fullmatch(rf"({'|'.join(SEASONS)}),? ({rel}) year", s):
        return season(anchor.year + shift[m[2]], SEASONS[m[1]])
    if m := re.fullmatch(rf"({rel}) ({'|'.join(SEASONS)})", s):
        code = SEASONS[m[2]]
        y = anchor.year + (shift[m[1]] if m[1] != "this" else 0)
        return season(y, code)
    if m := re.fullmatch(rf"(last|next|this) ({_MONTH_RE})", s):
        mo = MONTHS[m[2]]
        y = anchor.year
        if m[1] == "last" and (mo >= anchor.month):
            y -= 1
        if m[1] == "next" and mo <= anchor.month:
            y += 1
        return month(y, mo)
    if m := re.fullmatch(rf"(?:(last|next|this|on|coming|past) )?({_WEEKDAY_RE})", s):
        return _weekday(WEEKDAYS[m[2]], anchor, m[1] or "", direction)
    if m := re.fullmatch(rf"{_DAY}\s+(?:of\s+)?({_MONTH_RE})\.?", s):
        return _yearless(MONTHS[m[2]], int(m[1]), anchor, direction)
    if m := re.fullmatch(rf"({_MONTH_RE})\.?\s+{_DAY}", s):
        return _yearless(MONTHS[m[1]], int(m[2]), anchor, direction)
    if m := re.fullmatch(rf"({_MONTH_RE})", s):
        if len(m[1]) <= 3 and m[1] != "may":
            return None  # "mar", "sun": too often not a month on their own
        if m[1] == "may":
            return None  # the modal verb; "in May" arrives with its preposition stripped
        return _yearless(MONTHS[m[1]], None, anchor, direction)
    if m := re.fullmatch(rf"({'|'.join(SEASONS)})", s):
        return season(anchor.year, SEASONS[m[1]])
    return None


def _yearless(mo: int, d: int | None, anchor: date, direction: str | None) -> TimeValue | None:
    """A date without its year: the publication year, moved a year back (or on) when the
    tense says the event is past (or future) and the date would fall more than a month on the
    other side ("launched on December 28" in a January report; but "invited to the signing on
    17 June" in a 5 June report stays in June)."""
    y = anchor.year
    make = (lambda yy: _safe(day, yy, mo, d)) if d else (lambda yy: month(yy, mo))
    tv = make(y)
    if tv is None:
        return None
    if direction == "past" and tv.earliest > anchor + timedelta(days=31):
        tv = make(y - 1)
    elif direction == "future" and tv.latest < anchor - timedelta(days=31):
        tv = make(y + 1)
    return tv


def _weekday(wd: int, anchor: date, qualifier: str, direction: str | None) -> TimeValue:
    """A weekday: the last such day on or before the report, unless the text looks ahead."""
    ahead = qualifier in ("next", "coming") or (direction == "future" and qualifier != "last")
    if ahead:
        delta = (wd - anchor.weekday()) % 7 or 7
        d = anchor + timedelta(days=delta)
    else:
        delta = (anchor.weekday() - wd) % 7
        if qualifier == "last" and delta == 0:
            delta = 7
        d = anchor - timedelta(days=delta)
    return day(d.year, d.month, d.day)
