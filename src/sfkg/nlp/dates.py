"""Date expressions in context: what sfkg reads as a date in a sentence, and how.

A date is a DATE or TIME entity of the model, with the open-end or hedge word just before it
("by", "no later than", "since", "in"), read by :func:`sfkg.temporal.parse_time` at the
publication date, with the tense of the clause it belongs to (weekdays and bare months: a
past-tense clause points back, a planned one ahead). Numbers that are not dates are left out:
amounts (``$27``, ``27%``), ranges of counts (``2 - 15 units``), phone numbers, and
capitalised words that only look like a weekday. Claims (:mod:`sfkg.nlp.claims`) and
``sfkg dates`` both read dates here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.tokens import Span, Token

from .. import patterns
from ..temporal import parse_time
from ..timevalue import TimeValue, from_edtf
from .syntax import governing_verb
from .triggers import has_cue

_WORDS = patterns.load("time")
_OPEN_ENDS = _WORDS["until"] + _WORDS["before"] + _WORDS["from"] + _WORDS["after"]
_PREFIX_WORDS = sorted({*_OPEN_ENDS, "in", "from", "early", "late", "mid-", "mid", "earlier", "earlier on"},
                       key=len, reverse=True)
# the word before a date that is part of what it says ("by 2030", "since last year", "in May")
PREFIX = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in _PREFIX_WORDS) + r")\s*$", re.I)

_CURRENCY = "$€£¥"
_DAY_BEFORE = re.compile(r"(?<![\d.,/-])\b(\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)$")
_MONTH_FIRST = re.compile(r"(?:" + "|".join(sorted(_WORDS["months"], key=len, reverse=True)) + r")\b", re.I)
_YEARLESS_FIGURES = re.compile(r"\d{1,2}\s*[-–]\s*\d{1,2}")  # "2 - 15": a range of counts, in prose
_PHONE_CHARS = re.compile(r"[\d\s().+/-]")


@dataclass
class DateMention:
    """A date expression of a text: its value, the model's token it hangs on, and where it is
    (``text == document[start:end]``, the open-end word included)."""

    value: TimeValue
    root: Token
    start: int
    end: int
    text: str

    @property
    def event_value(self) -> TimeValue:
        """The time of the event the date dates: what happened "since February last year"
        happened in February last year (the open span starts with it)."""
        if re.match(r"(?:ever )?since\b|depuis\b", self.text, re.I) and self.value.edtf.endswith("/.."):
            return from_edtf(self.value.edtf[:-3]) or self.value
        return self.value

    def as_row(self) -> dict:
        v = self.value.as_dict()
        return {"text": self.text, "start": self.start, "end": self.end, "edtf": v["edtf"],
                "earliest": v["earliest"], "latest": v["latest"], "granularity": v["granularity"]}


def direction_of(root: Token) -> str | None:
    """The tense a date is read with: "past" in a past-tense clause, "future" in a planned one."""
    verb = governing_verb(root)
    if verb is None:
        return None
    if verb.tag_ in ("VBD", "VBN"):
        return "past"
    if has_cue([verb, *verb.children], "planned"):
        return "future"
    return None


def not_a_date(text: str, start: int, end: int) -> bool:
    """An amount, a count range, a phone number or a capitalised word, not a date."""
    phrase = text[start:end]
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    if any(c in _CURRENCY for c in before + phrase) or after.lstrip().startswith(("%", "per cent")):
        return True
    if _YEARLESS_FIGURES.fullmatch(phrase.strip()):
        return True
    if re.fullmatch(r"[A-Z]{2,4}\.?|[A-Z][a-z]", phrase.strip()):  # "SAT", "SUN", "We"
        return True
    if phrase.strip() in ("24/7", "365"):
        return True
    a, b = start, end
    while a > 0 and _PHONE_CHARS.match(text[a - 1]) and text[a - 1] != "\n":
        a -= 1
    while b < len(text) and _PHONE_CHARS.match(text[b]) and text[b] != "\n":
        b += 1
    run = text[a:b]
    digits = sum(c.isdigit() for c in run)
    if digits >= 8 and ("+" in run or re.search(r"\d[ .]\d{2}[ .]\d{2}[ .]\d{2}", run)):
        return True
    return False


def sentence_dates(sent: Span, text: str, published: date | None) -> list[DateMention]:
    """The date expressions of one sentence, read at the publication date."""
    out = []
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        start, end = ent.start_char, ent.end_char
        if m := _DAY_BEFORE.search(text, max(sent.start_char, start - 12), start):
            if _MONTH_FIRST.match(text, start):  # "PARIS, 12 | February 2013": the day is the date's
                start = m.start(1)
        if not_a_date(text, start, end):
            continue
        before = text[max(sent.start_char, start - 30):start]
        phrase_start = start
        if m := PREFIX.search(before):
            phrase_start = start - len(before) + m.start(1)
        phrase = text[phrase_start:end]
        value = parse_time(phrase, published, direction_of(ent.root))
        if value is None and phrase_start != start:  # the word before was not part of it
            phrase_start, phrase = start, text[start:end]
            value = parse_time(phrase, published, direction_of(ent.root))
        if value is not None:
            out.append(DateMention(value, ent.root, phrase_start, end, phrase))
    return out


def document_dates(path: str | Path, anchor: date | None = None, model: str | None = None) -> list[dict]:
    """Every date expression sfkg finds in a press release, one row each (``text``, ``start``,
    ``end``, ``edtf``, ``earliest``, ``latest``, ``granularity``), read at ``anchor`` (default:
    the document's own publication date, as ingest finds it)."""
    from ..document import read_document
    from ..errors import SfkgError
    from ..extract import infer_published, parse

    document = read_document(path)
    _, docs = parse([document], model)
    doc = next(docs)
    text = document.text
    if anchor is None:
        anchor = document.published
    if anchor is None and document.dateline_partial:  # "PARIS, March 4 (AFP)": the year from the body
        year_from = infer_published(doc, text)
        tv = parse_time(document.dateline_partial, year_from, "past") if year_from else None
        anchor = tv.earliest if tv is not None and tv.granularity == "day" else None
    anchor = anchor or infer_published(doc, text)
    if anchor is None:
        raise SfkgError(f"{path}: no publication date: no dateline and no dated event in the text; "
                        f"pass --anchor")
    rows = []
    for sent in doc.sents:
        rows += [d.as_row() for d in sentence_dates(sent, text, anchor)]
    return rows
