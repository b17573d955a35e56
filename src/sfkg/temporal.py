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

from . import patterns
from .timevalue import (
    TimeValue,
    _safe,
    day,
    decade,
    from_,
    from_edtf,
    interval,
    month,
    season,
    until,
    year,
)

_WORDS = patterns.load("time")
MONTHS: dict[str, int] = _WORDS["months"]
WEEKDAYS: dict[str, int] = _WORDS["weekdays"]
SEASONS: dict[str, int] = _WORDS["seasons"]
HOLIDAYS: dict[str, list[int]] = _WORDS["holidays"]
ORDINALS: dict[str, int] = _WORDS["ordinals"]
NUMBERS: dict[str, int] = _WORDS["numbers"]
SHIFTS: dict[str, int] = _WORDS["shifts"]
UNITS: dict[str, str] = _WORDS["units"]

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_SEASON_RE = "|".join(SEASONS)
_HOLIDAY_RE = "|".join(re.escape(h) for h in sorted(HOLIDAYS, key=len, reverse=True))
_SHIFT_RE = "|".join(sorted(SHIFTS, key=len, reverse=True))
_NUM_RE = r"\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True))
_ORD_RE = "|".join(sorted(ORDINALS, key=len, reverse=True))
_YEAR = r"(1[89]\d\d|20\d\d|2100)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er)?"
_ORD_DAY = r"(\d{1,2})(?:st|nd|rd|th)"  # a day with its ordinal suffix: "the 21st"
_WD = rf"({_WEEKDAY_RE})\.?"


# ---------------------------------------------------------------- the grammar

def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_HEDGE = re.compile(rf"^(?:(?:{_alternatives(_WORDS['hedges'])})\b[\s-]*)+")
_UNTIL = re.compile(rf"^({_alternatives(_WORDS['until'] + _WORDS['before'])})\s+(.*)$")
_FROM = re.compile(rf"^({_alternatives(_WORDS['from'] + _WORDS['after'])})\s+(.*)$")
_FROM_ONWARDS = re.compile(r"^(?:from\s+)?(.*?)\s+(?:onwards?|or later|and beyond)$")
_RANGE_WORD = re.compile(r"\s+(?:to|through|thru|until|till|and|or)\s+")
_RANGE_MARK = re.compile(r"\s*[-/]\s*")


def parse_time(
    text: str, anchor: date | None = None, direction: str | None = None
) -> TimeValue | None:
    """Read one date expression; None when it is not a date.

    ``anchor`` is the publication date: partial and relative forms are resolved from it.
    ``direction`` ("past" or "future") says which way a year-less date leans when the text's
    tense is known: "launched on December 28" in a January report is last December. With no
    tense to go by, a weekday or a day of the month is the next one.

    >>> parse_time("May this year", date(2019, 3, 25)).edtf
    '2019-05'
    >>> parse_time("2027-2028").edtf
    '2027/2028'
    >>> parse_time("next week", date(2013, 2, 12)).edtf
    '2013-02-18/2013-02-24'
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
    s = re.sub(rf"(?<=\d)(?=(?:{_MONTH_RE})\b)", " ", s)  # "14april 2015"
    s = re.sub(rf"\b((?:{_MONTH_RE})\.?)(?=\d)", r"\1 ", s)  # "Feb13"
    return s


def _parse(s: str, anchor: date | None, direction: str | None) -> TimeValue | None:
    if not s or len(s) > 80:
        return None
    if m := re.fullmatch(r"(?:today|this morning|tonight),? (.+)", s):  # "Today, Monday 21 May 2018"
        tv = _parse(m[1], anchor, direction)
        if tv is not None and tv.granularity == "day":
            return tv
    if m := _UNTIL.match(s):
        word, inner = m[1], m[2]
        end_of = word.startswith(("by the end of", "by end of"))
        tv = _parse_end_of(inner, anchor) if end_of else None
        tv = tv or _parse(inner, anchor, "future")
        if tv is None or tv.latest is None:
            return None
        if word in _WORDS["before"] and not re.match(r"(?:the )?end of", inner):
            return _before(tv)  # "before March 2024": until February
        return until(tv)
    if m := _FROM.match(s):
        tv = _parse(m[2], anchor, direction)
        if tv is None or tv.earliest is None:
            return None
        return _after(tv) if m[1] in _WORDS["after"] else from_(tv)
    m = re.fullmatch(r"(earlier|later)(?: on| in)? (.+)", s)  # "earlier on Tuesday"
    if m and (tv := _parse(m[2], anchor, "past" if m[1] == "earlier" else "future")):
        return tv
    if m := _FROM_ONWARDS.match(s):
        tv = _parse(m[1], anchor, direction)
        return from_(tv) if tv and tv.earliest else None
    if s.startswith(("the end of", "end of", "at the end of")):
        tv = _parse_end_of(re.sub(r"^(at )?(the )?end of\s+", "", s), anchor)
        if tv:
            return tv
    if m := re.match(r"^between (.+) and (.+)$", s):
        return _range(m[1], m[2], anchor, direction)
    if m := re.match(r"^from (.+?) (?:to|until|till|through|thru|-) (.+)$", s):
        return _range(m[1], m[2], anchor, direction)
    if anchor and (m := re.fullmatch(rf"(in|within) ({_NUM_RE}) (day|week|month|year|yr)s?", s)):
        tv = _count(_number(m[2]), m[3], anchor)
        if m[1] == "within" and tv is not None:  # "within two weeks": from the report to then
            return interval(day(anchor.year, anchor.month, anchor.day), tv)
        return tv
    if anchor and s in ("the week", "the current week"):
        return _week(anchor, 0)
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


def _before(tv: TimeValue) -> TimeValue:
    """``../x``: up to the unit before x ("before 2014" is ../2013)."""
    prev = _step(tv, -1)
    return until(prev) if prev else until(tv)


def _after(tv: TimeValue) -> TimeValue:
    """``x/..``: from the unit after x ("after 2014" is 2015/..)."""
    nxt = _step(tv, 1)
    return from_(nxt) if nxt else from_(tv)


def _step(tv: TimeValue, n: int) -> TimeValue | None:
    """The day, month or year n units from a value: from the start of a span going back,
    from its end going on ("before next week" ends the Sunday before it)."""
    if "/" in tv.edtf:
        ends = tv.edtf.split("/")
        end = from_edtf(ends[0] if n < 0 else ends[-1])
        return _step(end, n) if end else None
    if tv.earliest is None:
        return None
    e = tv.earliest
    if tv.granularity == "day":
        d = e + timedelta(days=n)
        return day(d.year, d.month, d.day)
    if tv.granularity == "month":
        return _month_shift(e.year, e.month, n)
    if tv.granularity == "year":
        return year(e.year + n)
    if tv.granularity in ("season", "decade") and tv.latest:  # the month before or after it
        edge = e if n < 0 else tv.latest
        return _month_shift(edge.year, edge.month, n)
    return None


def _month_shift(y: int, mo: int, n: int) -> TimeValue:
    yy, mm = divmod(y * 12 + mo - 1 + n, 12)
    return month(yy, mm + 1)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word]


def _count(n: int, unit: str, anchor: date, sign: int = 1) -> TimeValue | None:
    """"in 3 years" (sign 1) / "two years ago" (sign -1): the unit n units away."""
    unit = UNITS.get(unit, unit)
    if unit == "day":
        d = anchor + timedelta(days=sign * n)
        return day(d.year, d.month, d.day)
    if unit == "week":
        d = anchor + timedelta(days=7 * sign * n)
        return day(d.year, d.month, d.day)
    if unit == "month":
        return _month_shift(anchor.year, anchor.month, sign * n)
    if unit == "year":
        return year(anchor.year + sign * n)
    return None


def _yy(text: str, anchor: date | None) -> int:
    """A year: two digits go to the century that puts it nearest the anchor ("82" is 1982)."""
    text = text.lstrip("'")
    n = int(text)
    if len(text) == 4:
        return n
    base = anchor.year if anchor else 2000
    return min((c * 100 + n for c in (base // 100 - 1, base // 100, base // 100 + 1)),
               key=lambda y: (abs(y - base), y))


def _dateparser_atom(s: str, anchor: date | None) -> TimeValue | None:
    """Forms the grammar does not know (other languages, odd orders), read by dateparser.

    Only strings with a four-digit year are tried: dateparser reads far too much else as a
    date. The precision it reports (day, month, year) becomes the granularity.
    """
    if not re.search(_YEAR, s) or re.search(r"\d{5,}|[+@]", s) or re.fullmatch(r"[\d\s/.,-]+", s):
        return None  # figures alone are the grammar's: "13/13/2013" is no date
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
    if inner in ("week", "this week") and anchor:
        return _week(anchor, 0)
    if m := re.fullmatch(_YEAR, inner):
        return month(int(m[1]), 12)
    return None


def _plain_day(tv: TimeValue | None) -> bool:
    return tv is not None and tv.granularity == "day" and "/" not in tv.edtf


def _range(a: str, b: str, anchor, direction) -> TimeValue | None:
    a, b = a.strip(), b.strip()
    if m := re.fullmatch(rf"(?:the\s+)?{_DAY}(?:,?\s+{_YEAR})?", b):
        # "June 3-5", "between Sep 9 and 11", "June 3-5, 2025": the month of the left end
        left = _parse(f"{a} {m[2]}" if m[2] else a, anchor, direction)
        if not _plain_day(left):
            return None
        right = _safe(day, left.earliest.year, left.earliest.month, int(m[1]))
        return interval(left, right) if right and right.edtf != left.edtf else left if right else None
    right = _parse(b, anchor, direction)
    if right is None or right.earliest is None:
        return None
    left = None
    if re.fullmatch(_MONTH_RE, a) and right.granularity == "month":  # "June-July 2025"
        left = month(right.earliest.year, MONTHS[a])
    elif (m := re.fullmatch(rf"(?:the\s+)?{_DAY}", a)) and _plain_day(right):  # "3-5 May 2025"
        left = _safe(day, right.earliest.year, right.earliest.month, int(m[1]))
    elif (m := re.fullmatch(rf"{_DAY}\s+({_MONTH_RE})", a)) and _plain_day(right):  # "30 June - 2 July"
        left = _safe(day, right.earliest.year, MONTHS[m[2]], int(m[1]))
    if left is None:
        left = _parse(a, anchor, direction)
    if left is None:
        return None
    if left.edtf == right.edtf:
        return left
    out = interval(left, right)
    if out is None and left.earliest and not re.search(_YEAR, b):
        # "from Monday to Wednesday", "Dec 30 to Jan 2": the right end is the next one after the left
        right = _parse(b, left.earliest, "future")
        out = interval(left, right) if right else None
    return out


def _range_split(s: str, anchor, direction) -> TimeValue | None:
    m = re.fullmatch(rf"{_YEAR}\s*(?:-|to|/|and|or)\s*(\d{{2,4}})", s)
    if m:
        y1, y2 = int(m[1]), m[2]
        y2 = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        return interval(year(y1), year(y2)) if y2 > y1 else None
    parts = _RANGE_WORD.split(s, maxsplit=1)
    if len(parts) == 2 and all(parts):
        return _range(parts[0], parts[1], anchor, direction)
    for m in _RANGE_MARK.finditer(s):  # "2018-06-22 - 2018-06-25": try each dash
        a, b = s[:m.start()], s[m.end():]
        if a and b and (tv := _range(a, b, anchor, direction)):
            return tv
    return None


def _ordinal_words(s: str) -> str:
    """"first of April", "third quarter", "twenty first": ordinal words as "1st", "3rd", "21st"."""
    if not re.search(rf"\b(?:{_MONTH_RE}|{_WEEKDAY_RE}|quarter|qtr|month)\b", s):
        return s
    s = re.sub(r"\b(twenty|thirty)\s+(?=[a-z]+(?:st|nd|rd|th)\b)", r"\1-", s)

    def num(m: re.Match) -> str:
        n = ORDINALS[m[0]]
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"

    return re.sub(rf"\b(?:{_ORD_RE})\b", num, s)


def _atom(s: str, anchor: date | None, direction: str | None) -> TimeValue | None:
    s = _ordinal_words(s)
    if tv := _with_weekday(s, anchor, direction):
        return tv
    if tv := _numeric(s, anchor, direction):
        return tv
    if m := re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日.*", s):
        return _safe(day, *map(int, m.groups()))
    if m := re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月", s):
        return _safe(month, *map(int, m.groups()))
    if m := re.fullmatch(rf"{_DAY}[\s-]+(?:of\s+)?({_MONTH_RE})\.?,?[\s-]+{_YEAR}", s):
        return _safe(day, int(m[3]), MONTHS[m[2]], int(m[1]))
    if m := re.fullmatch(rf"{_DAY}[\s-]+(?:of\s+)?({_MONTH_RE})\.?,?[\s-]+('?\d{{2}})", s):
        return _safe(day, _yy(m[3], anchor), MONTHS[m[2]], int(m[1]))  # "12th May 16", "30-Nov-82"
    if m := re.fullmatch(rf"({_MONTH_RE})\.?\s+(?:the\s+)?{_DAY},?\s+{_YEAR}", s):
        return _safe(day, int(m[3]), MONTHS[m[1]], int(m[2]))
    if m := re.fullmatch(rf"({_MONTH_RE})\.?\s+(?:the\s+)?{_DAY},?\s+('\d{{2}})", s):
        return _safe(day, _yy(m[3], anchor), MONTHS[m[1]], int(m[2]))  # "Nov 30 '82"
    if m := re.fullmatch(rf"({_MONTH_RE})\.?,?\s+(?:of\s+)?{_YEAR}", s):
        return month(int(m[2]), MONTHS[m[1]])
    if m := re.fullmatch(rf"({_MONTH_RE})\.?\s*('\d{{2}})", s):
        return month(_yy(m[2], anchor), MONTHS[m[1]])  # "Nov '82"
    if m := re.fullmatch(rf"{_YEAR}\s+({_MONTH_RE})", s):
        return month(int(m[1]), MONTHS[m[2]])
    if m := re.fullmatch(rf"(?:the\s+)?(?:year\s+)?{_YEAR}", s):
        return year(int(m[1]))
    if m := re.fullmatch(r"(?:the\s+)?(1[89]\d0|20\d0)'?s", s):
        return decade(int(m[1]))
    if m := re.fullmatch(rf"({_SEASON_RE})\s+(?:of\s+)?{_YEAR}", s):
        return season(int(m[2]), SEASONS[m[1]])
    if m := re.fullmatch(rf"(?:on\s+)?({_HOLIDAY_RE}),?(?:\s+(?:of\s+)?{_YEAR})?", s):
        mo, d = HOLIDAYS[m[1]]  # "Christmas Day 2021"; without its year, the nearest one
        return _safe(day, int(m[2]), mo, d) if m[2] else _yearless(mo, d, anchor, direction) if anchor else None
    if tv := _quarter(s, anchor):
        return tv
    if tv := _in_month(s, anchor, direction):
        return tv
    if m := re.fullmatch(r"(?:the\s+)?'?([2-9]0)'?s", s):  # "the '80s": the nearest such decade
        return decade(_yy(m[1], anchor))
    if anchor is None:
        return None
    return _relative(s, anchor, direction)


_NTH = r"(\d)(?:st|nd|rd|th)|(last)"


def _in_month(s: str, anchor: date | None, direction: str | None) -> TimeValue | None:
    """"the first Tuesday of October", "the last day of the month", "the first week of October
    2014" (the Monday-Sunday week of its first Monday), "the week of 6 October"."""
    m = re.fullmatch(rf"(?:{_NTH})\s+({_WEEKDAY_RE}|day|week)\s+(?:of|in)\s+(.+)", s)
    if m:
        mo = _month_of(m[4], anchor, direction)
        if mo is None:
            return None
        y, month_no, last = mo.earliest.year, mo.earliest.month, mo.latest.day
        n, unit = (int(m[1]) if m[1] else -1), m[3]
        if unit == "day":
            return _safe(day, y, month_no, n if n > 0 else last)
        wd = 0 if unit == "week" else WEEKDAYS[unit]
        if n > 0:
            first = date(y, month_no, 1)
            d = first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
        else:
            end = date(y, month_no, last) - (timedelta(days=6) if unit == "week" else timedelta(0))
            d = end - timedelta(days=(end.weekday() - wd) % 7)
        if d.month != month_no:
            return None
        if unit == "week":
            sunday = d + timedelta(days=6)
            return interval(day(d.year, d.month, d.day), day(sunday.year, sunday.month, sunday.day))
        return day(d.year, d.month, d.day)
    if m := re.fullmatch(r"week of (.+)", s):  # "the week of 6 October"
        tv = _parse(m[1], anchor, direction)
        if _plain_day(tv):
            return _week(tv.earliest, 0)
    return None


def _month_of(text: str, anchor: date | None, direction: str | None) -> TimeValue | None:
    """The month of "of October 2014", "of October", "of this month", "of the month"."""
    text = re.sub(r"^the\s+", "", text)
    if text == "month":
        text = "this month"
    tv = _parse(text, anchor, direction)
    return tv if tv is not None and tv.granularity == "month" and "/" not in tv.edtf else None


def _numeric(s: str, anchor: date | None, direction: str | None) -> TimeValue | None:
    """Dates in figures: ISO, US month-first (day-first when the first number cannot be a
    month), European day-first with dots, and year-less "4/17"."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:t[\d:.+z-]*)?", s):
        return _safe(day, *map(int, m.groups()))
    if m := re.fullmatch(r"(\d{4})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{1,2})", s):  # "2015-3-3"
        return _safe(day, int(m[1]), int(m[3]), int(m[4]))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", s):  # "2013-02" (not a span like "2011-12")
        y, mo = int(m[1]), int(m[2])
        if 1 <= mo <= 12 and (y // 100) * 100 + mo <= y:
            return month(y, mo)
        return None
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})", s):  # day first, as in Europe
        return _safe(day, _yy(m[3], anchor), int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(\d{1,2})\s*([/-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})", s):
        a, b, y = int(m[1]), int(m[3]), _yy(m[4], anchor)
        return _safe(day, y, a, b) if a <= 12 else _safe(day, y, b, a)
    if m := re.fullmatch(r"(\d{1,2})\s*/\s*(\d{4})", s):  # "2/2013"
        return _safe(month, int(m[2]), int(m[1]))
    if anchor and (m := re.fullmatch(r"(\d{1,2})\s*[/-]\s*(\d{1,2})", s)):  # "4/17", "4 - 17"
        a, b = int(m[1]), int(m[2])
        if a <= 12 and 1 <= b <= 31:
            return _yearless(a, b, anchor, direction)
        if b <= 12 and 1 <= a <= 31:
            return _yearless(b, a, anchor, direction)
    return None


def _quarter(s: str, anchor: date | None) -> TimeValue | None:
    """Q3, third quarter, the 4th qtr of 2018, 2018Q4, 18q4, this/next quarter: a span of months."""
    q = y = None
    if m := re.fullmatch(rf"(?:q([1-4])|([1-4])(?:st|nd|rd|th)\s+(?:quarter|qtr))"
                         rf"(?:,?\s+(?:of\s+)?(?:{_YEAR}|('\d{{2}})))?", s):
        q = int(m[1] or m[2])
        y = int(m[3]) if m[3] else _yy(m[4], anchor) if m[4] else None
    elif m := re.fullmatch(r"(\d{4}|\d{2})\s*-?\s*q([1-4])", s):
        q, y = int(m[2]), _yy(m[1], anchor)
    elif anchor and (m := re.fullmatch(rf"({_SHIFT_RE})\s+(?:quarter|qtr)", s)):
        n = (anchor.year * 4 + (anchor.month - 1) // 3) + SHIFTS[m[1]]
        y, q = n // 4, n % 4 + 1
    if q is None:
        return None
    if y is None:
        if anchor is None:
            return None
        y = anchor.year
    return interval(month(y, 3 * q - 2), month(y, 3 * q))


_TODAY = re.compile(
    r"(?:earlier |later )?(?:today|tonight|now|right now|just now|this (?:morning|afternoon|evening)|"
    r"(?:earlier |later )?in the (?:morning|afternoon|evening)|the same day|aujourd'hui)"
)


def _week(anchor: date, n: int) -> TimeValue:
    """The Monday-Sunday week n weeks from the anchor's."""
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=7 * n)
    sunday = monday + timedelta(days=6)
    return interval(day(monday.year, monday.month, monday.day), day(sunday.year, sunday.month, sunday.day))


def _span(n: int, unit: str, anchor: date, sign: int) -> TimeValue | None:
    """"the last two years" (the two before this one), "the next 3 weeks" (the three after this
    one): a span of whole units next to the anchor's, which it leaves out."""
    if n < 1:
        return None
    if unit == "day":
        a, b = (anchor - timedelta(days=n), anchor - timedelta(days=1)) if sign < 0 else \
            (anchor + timedelta(days=1), anchor + timedelta(days=n))
        return interval(day(a.year, a.month, a.day), day(b.year, b.month, b.day)) if n > 1 else day(a.year, a.month, a.day)
    if unit == "week":
        first, last = (_week(anchor, -n), _week(anchor, -1)) if sign < 0 else (_week(anchor, 1), _week(anchor, n))
        return TimeValue(f"{first.edtf.split('/')[0]}/{last.edtf.split('/')[1]}", "day", first.earliest, last.latest)
    if unit == "month":
        first, last = (-n, -1) if sign < 0 else (1, n)
        a, b = _month_shift(anchor.year, anchor.month, first), _month_shift(anchor.year, anchor.month, last)
    else:
        a, b = (year(anchor.year - n), year(anchor.year - 1)) if sign < 0 else (year(anchor.year + 1), year(anchor.year + n))
    return interval(a, b) if a.edtf != b.edtf else a


def _weekend(anchor: date, n: int) -> TimeValue:
    saturday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=5 + 7 * n)
    sunday = saturday + timedelta(days=1)
    return interval(day(saturday.year, saturday.month, saturday.day), day(sunday.year, sunday.month, sunday.day))


def _relative(s: str, anchor: date, direction: str | None) -> TimeValue | None:
    if _TODAY.fullmatch(s):
        return day(anchor.year, anchor.month, anchor.day)
    one = {"yesterday": -1, "tomorrow": 1, "last night": -1, "the day before yesterday": -2, "day before yesterday": -2,
           "the day after tomorrow": 2, "day after tomorrow": 2, "hier": -1, "demain": 1}
    if s in one:
        d = anchor + timedelta(days=one[s])
        return day(d.year, d.month, d.day)
    rel = _SHIFT_RE
    if m := re.fullmatch(rf"({_NUM_RE}) (day|week|month|year|yr)s? (?:ago|earlier|before)", s):
        return _count(_number(m[1]), m[2], anchor, -1)
    if m := re.fullmatch(rf"({_NUM_RE}) (day|week|month|year|yr)s? (?:from now|hence|from today)", s):
        return _count(_number(m[1]), m[2], anchor)
    if m := re.fullmatch(rf"(last|past|previous|next|coming|following) ({_NUM_RE}) (day|week|month|year|yr)s", s):
        return _span(_number(m[2]), UNITS.get(m[3], m[3]), anchor, SHIFTS[m[1]])
    if m := re.fullmatch(rf"(?:({rel}) (week|wk|month|year|yr)|(week|month|year) (after next|before last))", s):
        n = SHIFTS[m[1]] if m[1] else (2 if m[4] == "after next" else -2)
        unit = UNITS[m[2] or m[3]]
        if unit == "week":
            return _week(anchor, n)
        if unit == "month":
            return _month_shift(anchor.year, anchor.month, n)
        return year(anchor.year + n)
    if m := re.fullmatch(r"(this|current|the current|next|the next|coming|the coming) decade", s):
        return decade(anchor.year + 10 * SHIFTS[m[1]])  # ("the last decade" is mostly ten years to now)
    if m := re.fullmatch(rf"(?:({rel}) )?weekend", s):
        n = SHIFTS.get(m[1] or "this", 0)
        n = 0 if n > 0 and anchor.weekday() < 5 else n  # "next weekend" on a Tuesday: the coming one
        return _weekend(anchor, n)
    if m := re.fullmatch(rf"({_MONTH_RE}),? (?:of )?({rel}) (?:year|yr)", s):
        return month(anchor.year + SHIFTS[m[2]], MONTHS[m[1]])
    if m := re.fullmatch(rf"({_MONTH_RE}) in ({_NUM_RE}) (?:year|yr)s?", s):  # "April in a year"
        return month(anchor.year + _number(m[2]), MONTHS[m[1]])
    if m := re.fullmatch(rf"({_SEASON_RE}),? (?:of )?({rel}) year", s):
        return season(anchor.year + SHIFTS[m[2]], SEASONS[m[1]])
    if m := re.fullmatch(rf"({rel}) ({_SEASON_RE})", s):
        code = SEASONS[m[2]]
        y = anchor.year + SHIFTS[m[1]]
        return season(y, code)
    if m := re.fullmatch(rf"(?:(last|past|previous|this past|next|coming|upcoming|following|this) ({_MONTH_RE})"
                         rf"|({_MONTH_RE}) (after next|before last))", s):
        mo = MONTHS[m[2] or m[3]]
        word = m[1] or m[4]
        if len(m[2] or m[3]) <= 3 and not m[3] and m[2] not in ("may",) and word == "this":
            return None
        y = anchor.year
        if word in ("last", "past", "previous", "this past", "before last") and mo >= anchor.month:
            y -= 1
        if word in ("next", "coming", "upcoming", "following", "after next") and mo <= anchor.month:
            y += 1
        if word == "after next":
            y += 1
        if word == "before last":
            y -= 1
        return month(y, mo)
    if tv := _weekday_phrase(s, anchor, direction):
        return tv
    if m := re.fullmatch(rf"(?:the\s+)?{_DAY}\s+(?:of\s+)?({rel}|the) month", s):  # "18th of next month"
        mo = _month_shift(anchor.year, anchor.month, SHIFTS.get(m[2], 0))
        return _safe(day, mo.earliest.year, mo.earliest.month, int(m[1]))
    # "July 23 last year", "23 July this year", "Dec. 8, last year": a day of a named year
    if m := re.fullmatch(rf"(?:({_MONTH_RE})\.?\s+(?:the\s+)?{_DAY}|{_DAY}\s+(?:of\s+)?({_MONTH_RE})\.?)"
                         rf",?\s+(last|this|next) year", s):
        y = anchor.year + SHIFTS[m[5]]
        return _safe(day, y, MONTHS[m[1] or m[4]], int(m[2] or m[3]))
    if m := re.fullmatch(rf"{_DAY}\s+(?:of\s+)?({_MONTH_RE})\.?", s):
        return _yearless(MONTHS[m[2]], int(m[1]), anchor, direction)
    if m := re.fullmatch(rf"({_MONTH_RE})\.?\s+(?:the\s+)?{_DAY}", s):
        return _yearless(MONTHS[m[1]], int(m[2]), anchor, direction)
    if m := re.fullmatch(_ORD_DAY, s):  # "the 21st", "on the 9th"
        return _day_of_month(int(m[1]), anchor, direction)
    if m := re.fullmatch(rf"({_MONTH_RE})", s):
        if len(m[1]) <= 3 and m[1] != "may":
            return None  # "mar", "sun": too often not a month on their own
        if m[1] == "may":
            return None  # the modal verb; "in May" arrives with its preposition stripped
        return _yearless(MONTHS[m[1]], None, anchor, direction)
    if m := re.fullmatch(rf"({_SEASON_RE})", s):
        return season(anchor.year, SEASONS[m[1]])
    return None


def _weekday_phrase(s: str, anchor: date, direction: str | None) -> TimeValue | None:
    """"monday", "next monday", "this past Saturday", "monday after next", "wednesday of next week"."""
    if m := re.fullmatch(rf"(?:(last|past|this past|previous|next|this coming|coming|upcoming|following|this) )?{_WD}", s):
        return _weekday(WEEKDAYS[m[2]], anchor, m[1] or "", direction)
    if m := re.fullmatch(rf"{_WD},? (after next|before last)", s):
        wd = WEEKDAYS[m[1]]
        if m[2] == "after next":
            d = _weekday(wd, anchor, "next", None).earliest + timedelta(days=7)
        else:
            d = _weekday(wd, anchor, "last", None).earliest - timedelta(days=7)
        return day(d.year, d.month, d.day)
    m = (re.fullmatch(rf"{_WD},? (?:of |from )?({_SHIFT_RE}) week", s)  # "wednesday of next week"
         or re.fullmatch(rf"(?P<shift>{_SHIFT_RE}) week'?s {_WD}", s))  # "last week's sunday"
    if m:
        wd, shift = (m[2], m[1]) if m.re.groupindex else (m[1], m[2])
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=7 * SHIFTS[shift])
        d = monday + timedelta(days=WEEKDAYS[wd])
        return day(d.year, d.month, d.day)
    return None


def _with_weekday(s: str, anchor: date | None, direction: str | None) -> TimeValue | None:
    """A weekday written with a date: "Monday, September 28, 2020" (the weekday says nothing
    more), "Sat, Aug 16" (the year in which the weekday fits), "Thursday the 21st" (the month
    in which it fits)."""
    if m := re.fullmatch(rf"{_WD},?\s+(?:the\s+)?(.+)", s):
        wd_word, rest = m[1], m[2]
    elif m := re.fullmatch(rf"(.+?),?\s+{_WD}", s):
        rest, wd_word = m[1], m[2]
    else:
        return None
    if not re.match(rf"(?:\d|(?:{_MONTH_RE})\b)", rest):
        return None
    wd = WEEKDAYS[wd_word]
    if re.search(rf"\b{_YEAR}\b|'\d\d$|\d/\d+/\d", rest):
        return _atom(rest, anchor, direction)
    if anchor is None:
        return None
    if m := re.fullmatch(_ORD_DAY + "|" + r"(\d{1,2})", rest):
        return _weekday_day(wd, int(m[1] or m[2]), anchor, direction)
    md = None
    if m := re.fullmatch(rf"{_DAY}\s+(?:of\s+)?({_MONTH_RE})\.?", rest):
        md = MONTHS[m[2]], int(m[1])
    elif m := re.fullmatch(rf"({_MONTH_RE})\.?\s+(?:the\s+)?{_DAY}", rest):
        md = MONTHS[m[1]], int(m[2])
    elif m := re.fullmatch(r"(\d{1,2})/(\d{1,2})", rest):
        md = int(m[1]), int(m[2])
    if md is None:
        return None
    return _weekday_year(wd, md[0], md[1], anchor) or _yearless(md[0], md[1], anchor, direction)


def _weekday_year(wd: int, mo: int, d: int, anchor: date) -> TimeValue | None:
    """The day mo/d nearest the anchor, within ten years, that falls on weekday wd."""
    best = None
    for y in range(anchor.year - 10, anchor.year + 11):
        try:
            cand = date(y, mo, d)
        except ValueError:
            continue
        if cand.weekday() == wd and (best is None or abs(cand - anchor) < abs(best - anchor)):
            best = cand
    return day(best.year, best.month, best.day) if best else None


def _weekday_day(wd: int, d: int, anchor: date, direction: str | None) -> TimeValue | None:
    """"Thursday the 21st": the next month (the last one, in a past-tense text) whose day d
    falls on that weekday."""
    return _day_in_months(d, anchor, direction, 28, wd)


def _day_of_month(d: int, anchor: date, direction: str | None) -> TimeValue | None:
    """"the 21st": that day of the report's month, or of the next (past tense: previous) month
    when it would fall on the other side of the report."""
    return _day_in_months(d, anchor, direction, 3)


def _day_in_months(d: int, anchor: date, direction: str | None, months: int,
                   wd: int | None = None) -> TimeValue | None:
    """Day d of the report's month or of the ``months - 1`` months after it (before it, in a
    past-tense text), the first that is on the right side of the report (and on weekday wd)."""
    step = -1 if direction == "past" else 1
    for k in range(months):
        y, mo = divmod(anchor.year * 12 + anchor.month - 1 + step * k, 12)
        try:
            cand = date(y, mo + 1, d)
        except ValueError:
            continue
        if (wd is None or cand.weekday() == wd) and (cand >= anchor if step > 0 else cand <= anchor):
            return day(cand.year, cand.month, cand.day)
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
    """A weekday. "last"/"past" (or a past-tense text): the last such day (on or before the
    report unless "last" says before); "this": on or after the report; "next"/"coming" and a
    bare weekday with no tense to go by: the next one after the report."""
    if qualifier in ("last", "past", "this past", "previous") or (direction == "past" and not qualifier):
        delta = (anchor.weekday() - wd) % 7
        if qualifier and delta == 0:
            delta = 7
        d = anchor - timedelta(days=delta)
    elif qualifier == "this":  # "this coming" falls to the next one, below
        d = anchor + timedelta(days=(wd - anchor.weekday()) % 7)
    else:
        d = anchor + timedelta(days=(wd - anchor.weekday()) % 7 or 7)
    return day(d.year, d.month, d.day)
