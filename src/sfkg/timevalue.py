"""Time values: an EDTF string, a granularity and inclusive earliest/latest bounds.

``2031-05-14`` (day), ``2030-09`` (month), ``2027-21`` (spring 2027), ``2021`` (year), ``198X``
(the 1980s), ``2023/2024`` (an interval), ``../2020-12`` and ``2030/..`` (open ends). The
constructors build them, :func:`from_edtf` reads back what sfkg writes; :mod:`sfkg.temporal`
reads date expressions into them. All functions are pure.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

GRANULARITIES = ("day", "month", "season", "year", "decade")
SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}  # EDTF season code -> months


@dataclass(frozen=True)
class TimeValue:
    """A valid-time value: EDTF text, granularity and inclusive bounds (None = open)."""

    edtf: str
    granularity: str
    earliest: date | None
    latest: date | None

    def as_dict(self) -> dict:
        return {
            "edtf": self.edtf,
            "granularity": self.granularity,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
        }


# ---------------------------------------------------------------- constructors


def day(y: int, m: int, d: int) -> TimeValue:
    dt = date(y, m, d)
    return TimeValue(dt.isoformat(), "day", dt, dt)


def month(y: int, m: int) -> TimeValue:
    last = calendar.monthrange(y, m)[1]
    return TimeValue(f"{y:04d}-{m:02d}", "month", date(y, m, 1), date(y, m, last))


def year(y: int) -> TimeValue:
    return TimeValue(f"{y:04d}", "year", date(y, 1, 1), date(y, 12, 31))


def season(y: int, code: int) -> TimeValue:
    first, last = SEASON_MONTHS[code]
    end_year = y + 1 if code == 24 else y
    end = date(end_year, last, calendar.monthrange(end_year, last)[1])
    return TimeValue(f"{y:04d}-{code}", "season", date(y, first, 1), end)


def decade(y: int) -> TimeValue:
    start = y - y % 10
    return TimeValue(f"{str(start)[:3]}X", "decade", date(start, 1, 1), date(start + 9, 12, 31))


def interval(a: TimeValue, b: TimeValue) -> TimeValue | None:
    """``a/b``: somewhere from a to b. None when b ends before a starts."""
    if a.earliest and b.latest and a.earliest > b.latest:
        return None
    coarse = max(a.granularity, b.granularity, key=GRANULARITIES.index)
    return TimeValue(f"{a.edtf}/{b.edtf}", coarse, a.earliest, b.latest)


def until(b: TimeValue) -> TimeValue:
    """``../b``: no later than b (no later than the end of b, when b is a span)."""
    return TimeValue(f"../{b.edtf.split('/')[-1]}", b.granularity, None, b.latest)


def from_(a: TimeValue) -> TimeValue:
    """``a/..``: no earlier than a (no earlier than the start of a, when a is a span)."""
    return TimeValue(f"{a.edtf.split('/')[0]}/..", a.granularity, a.earliest, None)


# ---------------------------------------------------------------- reading EDTF back


def from_edtf(text: str) -> TimeValue | None:
    """Read back the EDTF values sfkg writes (and the gold files use)."""
    text = text.strip()
    if "/" in text:
        left, right = text.split("/", 1)
        if left in ("..", ""):
            b = from_edtf(right)
            return until(b) if b else None
        if right in ("..", ""):
            a = from_edtf(left)
            return from_(a) if a else None
        a, b = from_edtf(left), from_edtf(right)
        return interval(a, b) if a and b else None
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return _safe(day, *map(int, m.groups()))
    if m := re.fullmatch(r"(\d{4})-(2[1-4])", text):
        return season(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return _safe(month, *map(int, m.groups()))
    if m := re.fullmatch(r"(\d{4})", text):
        return year(int(m[1]))
    if m := re.fullmatch(r"(\d{3})X", text):
        return decade(int(m[1]) * 10)
    return None


def _safe(fn, *args):
    try:
        return fn(*args)
    except ValueError:
        return None
