"""The temporal rules, as pure functions over claims (no RDF, no CLI).

- **as reported on X** (:func:`answer`): for a single-valued property, the claims of the latest
  document published on or before X that makes one; of those, actual before planned, then the
  most precise. If an earlier claim is more precise and contained in that value (2031-05
  contains 2031-05-14), the answer takes the precise value. Every claim reported by X whose
  interval contains the answer's is cited. A document published on X counts as reported on X.
- **conflict** (:func:`conflicts`): two claims on one single-valued property whose intervals
  cannot overlap; containment and overlap (open ends included) are not conflicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .timevalue import TimeValue

_MIN, _MAX = date.min, date.max


@dataclass(frozen=True)
class Reported:
    """One claim's valid time as one document reported it."""

    document: str
    published: date
    time: TimeValue
    status: str | None


@dataclass
class Answer:
    time: TimeValue
    status: str | None
    sources: list[str] = field(default_factory=list)


def bounds(tv: TimeValue) -> tuple[date, date]:
    return (tv.earliest or _MIN, tv.latest or _MAX)


def contains(outer: TimeValue, inner: TimeValue) -> bool:
    a0, a1 = bounds(outer)
    b0, b1 = bounds(inner)
    return a0 <= b0 and b1 <= a1


def overlaps(a: TimeValue, b: TimeValue) -> bool:
    a0, a1 = bounds(a)
    b0, b1 = bounds(b)
    return a0 <= b1 and b0 <= a1


def width(tv: TimeValue) -> int:
    a, b = bounds(tv)
    return (b.toordinal() - a.toordinal()) if a != _MIN and b != _MAX else 10**9


def reported_by(claims: list[Reported], on: date) -> list[Reported]:
    return [c for c in claims if c.published <= on]


def answer(claims: list[Reported], on: date) -> Answer | None:
    """The single-valued answer as reported on ``on`` (None when nothing was reported yet)."""
    known = reported_by(claims, on)
    if not known:
        return None
    latest_day = max(c.published for c in known)
    # the latest document(s) of that day; names break ties so the answer never depends on order
    latest = [c for c in known if c.published == latest_day]
    base = min(latest, key=lambda c: (c.status != "actual", width(c.time), c.document, c.time.edtf))
    # a more precise value that the latest report contains wins: the latest, then by name
    contained = [c for c in known if contains(base.time, c.time)]
    best = min(contained, key=lambda c: (width(c.time), -c.published.toordinal(), c.document))
    status = "actual" if base.status == "actual" else best.status
    sources = sorted({c.document for c in known if contains(c.time, best.time)})
    return Answer(best.time, status, sources)


def conflicting_pairs(claims: list[Reported]) -> list[tuple[Reported, Reported]]:
    out = []
    for i, a in enumerate(claims):
        for b in claims[i + 1:]:
            if not overlaps(a.time, b.time):
                out.append((a, b))
    return out


def times_in_order(claims: list[Reported]) -> list[str]:
    """The distinct times, in the order they were first reported."""
    out: list[str] = []
    for c in sorted(claims, key=lambda c: (c.published, c.document, c.time.edtf)):
        if c.time.edtf not in out:
            out.append(c.time.edtf)
    return out


def slip(claims: list[Reported]) -> dict:
    """How a planned date moved before it happened: number of moves and days moved (latest
    bound of the first planned time to the latest bound of the last one)."""
    ordered = sorted(claims, key=lambda c: (c.published, c.document))
    planned = [c for c in ordered if c.status == "planned"]
    moves = sum(1 for a, b in zip(planned, planned[1:]) if a.time.edtf != b.time.edtf)
    final = next((c for c in reversed(ordered) if c.status == "actual"), None)
    first = planned[0] if planned else None
    end = final or (planned[-1] if planned else None)
    days = None
    if first and end and first.time.latest and end.time.latest:
        days = (end.time.latest - first.time.latest).days
    return {"moves": moves + (1 if final and planned and final.time.edtf != planned[-1].time.edtf else 0),
            "days": days}
