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
from ..timevalue import TimeValue, day, from_edtf
from .syntax import governing_verb
from .triggers import has_cue

_WORDS = patterns.load("time")
_OPEN_ENDS = _WORDS["until"] + _WORDS["before"] + _WORDS["from"] + _WORDS["after"]
_PREFIX_WORDS = sorted({*_OPEN_ENDS, "in", "from", "early", "late", "mid-", "mid", "earlier", "earlier on"},
                       key=len, reverse=True)
# the word before a date that is part of what it says ("by 2030", "since last year", "in May")
PREFIX = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in _PREFIX_WORDS) + r")\s*$", re.IGNORECASE)

_CURRENCY = "$€£¥"
_FIGURES = re.compile(r"(?<![\w/.+-])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|"
                      r"Q[1-4]\s+\d{4}|\d{4}\s*Q[1-4])(?![\w/+-]|\.\d)")
# a season the model leaves untyped ("will launch the mission this autumn")
_SEASON = re.compile(r"(?<![\w-])(?:this|next|last|the coming)\s+(?:" + "|".join(_WORDS["seasons"]) + r")(?![\w-])",
                     re.IGNORECASE)
_BARE_WEEKDAY = re.compile(r"(?:on\s+)?(?:" + "|".join(sorted(_WORDS["weekdays"], key=len, reverse=True))
                           + r")\.?", re.IGNORECASE)
_BARE_ORDINAL = re.compile(r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)", re.IGNORECASE)
_AFTER_ORDINAL_DAY = {"of", "at", "in", "on", "and", "to", "or", "through", "until", "from", "when",
                      "with", "for", "by", "as", "the"}
_DAY_BEFORE = re.compile(r"(?<![\d.,/-])\b(\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)$")
_DAY_AND = re.compile(r"(?<![\d.,/-])\b(\d{1,2}(?:st|nd|rd|th)?\s*(?:and|to|through|-|–)\s*)$")
_MONTH_FIRST = re.compile(r"(?:" + "|".join(sorted(_WORDS["months"], key=len, reverse=True)) + r")\b", re.IGNORECASE)
_YEARLESS_FIGURES = re.compile(r"\d{1,2}\s*[-–]\s*\d{1,2}")  # "2 - 15": a range of counts, in prose
_PHONE_CHARS = re.compile(r"[\d\s().+/-]")


@dataclass
class DateMention:
    """A date expression of a text: its value, the model's token it hangs on, and where it is
    (``text == document[start:end]``, the open-end word included)."""

    value: TimeValue
    root: Token | None  # None for the date line the document reader took
    start: int
    end: int
    text: str

    @property
    def event_value(self) -> TimeValue:
        """The time of the event the date dates: what happened "since February last year"
        happened in February last year (the open span starts with it)."""
        if re.match(r"(?:ever )?since\b|depuis\b", self.text, re.IGNORECASE) and self.value.edtf.endswith("/.."):
            return from_edtf(self.value.edtf[:-3]) or self.value
        if _END_OF.search(self.text) and re.fullmatch(r"\d{4}-12", self.value.edtf):
            # "scheduled for the end of 2031", "towards the end of this year": a hedge on the
            # year, which it gives (a claim's convention; "by the end of 2031" stays an open end)
            return from_edtf(self.value.edtf[:4]) or self.value
        return self.value

    def as_row(self) -> dict:
        v = self.value.as_dict()
        return {"text": self.text, "start": self.start, "end": self.end, "edtf": v["edtf"],
                "earliest": v["earliest"], "latest": v["latest"], "granularity": v["granularity"]}


_THAT_YEAR = re.compile(r"(.+?),?\s+(?:that|the same) year\b", re.IGNORECASE)
_END_OF = re.compile(r"\bend of (?:the |this |next )?(?:year|\d{4})\b", re.IGNORECASE)

_OTHER_CLAUSES = ("advcl", "xcomp", "ccomp", "conj", "relcl", "acl", "parataxis", "dobj", "nsubj",
                  "nsubjpass", "prep", "punct", "cc")


def direction_of(root: Token) -> str | None:
    """The tense a date is read with: "future" in a planned clause ("will", "to be held", "is
    due to"), "past" in a past-tense one ("was launched on", "said on", "launched on"); a
    participle or gerund clause takes the tense of the verb it hangs from ("Making the
    announcement on Wednesday, the agency said")."""
    verb = governing_verb(root, steps=3)  # "on Wednesday" of "making the announcement on Wednesday"
    for _ in range(3):
        if verb is None:
            return None
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        own = [c for c in verb.children if c.dep_ not in _OTHER_CLAUSES]  # not "launched X, aiming to"
        if has_cue([verb, *own], "planned") or any(
                c.lower_ in ("will", "shall", "'ll", "to") or c.tag_ == "TO" for c in aux):
            return "future"
        if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and not any(c.tag_ == "VB" for c in aux)):
            return "past"
        if any(c.tag_ == "VBD" for c in aux):  # "did sign", "was signing"
            return "past"
        if verb.tag_ in ("VBG", "VBN") and verb.dep_ in ("advcl", "xcomp", "acl", "relcl", "ccomp", "conj"):
            verb = verb.head if verb.head.pos_ in ("VERB", "AUX") else None
            continue
        return None
    return None


def _nearest_weekday(phrase: str, published: date) -> TimeValue | None:
    """A weekday in a clause of no clear tense: the one nearer the publication date (the
    report's own day, or the past one on a tie: a report mostly reports)."""
    past = parse_time(phrase, published, "past")
    ahead = parse_time(phrase, published, "future")
    if past is None or ahead is None or past.granularity != "day":
        return None
    return past if (published - past.earliest) <= (ahead.earliest - published) else ahead


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
    if _BARE_ORDINAL.fullmatch(phrase.strip()):  # "the 12th mission", not "on the 12th"
        nxt = re.match(r"\s*([A-Za-z]+)", text[end:end + 30])
        if nxt and nxt[1].lower() not in _AFTER_ORDINAL_DAY:
            return True
    a, b = start, end
    while a > 0 and _PHONE_CHARS.match(text[a - 1]) and text[a - 1] != "\n":
        a -= 1
    while b < len(text) and _PHONE_CHARS.match(text[b]) and text[b] != "\n":
        b += 1
    run = text[a:b]
    digits = sum(c.isdigit() for c in run)
    return digits >= 8 and ("+" in run or bool(re.search(r"\d[ .]\d{2}[ .]\d{2}[ .]\d{2}", run)))


def _candidates(sent: Span, text: str, ents: list[Span] | None = None) -> list[tuple[int, int, Token]]:
    """The model's DATE and TIME entities, and dates written in figures that it left out
    ("2013-02-12", "4/17/2013", "Q3 2018"). ``ents``: the sentence's entities, if read already."""
    ents = sent.ents if ents is None else ents
    found = [(e.start_char, e.end_char, e.root) for e in ents if e.label_ in ("DATE", "TIME")]
    taken = [(e.start_char, e.end_char) for e in ents if e.label_ not in ("CARDINAL", "ORDINAL")]
    for m in [*_FIGURES.finditer(text, sent.start_char, sent.end_char),
              *_SEASON.finditer(text, sent.start_char, sent.end_char)]:
        a, b = m.span()
        if any(a < y and x < b for x, y in taken) or not sent.doc.text[a:b].strip():
            continue  # (blank in the parsed text: a date line or furniture, page metadata)
        span = sent.doc.char_span(a, b, alignment_mode="expand")
        if span is not None and len(span):
            found.append((a, b, span.root))
    for t in sent:  # "no earlier than 2028": a bare year the model left untyped, after a preposition
        if not t.ent_type_ and t.tag_ == "CD" and re.fullmatch(r"(?:19|20)\d\d", t.text) and t.head.dep_ == "prep":
            found.append((t.idx, t.idx + 4, t))
    found.sort(key=lambda c: c[0])
    merged: list[tuple[int, int, Token]] = []
    for a, b, root in found:  # "Nov. 24" and "2020": the model split one date at its comma
        if merged and re.fullmatch(r",?[ ]?", text[merged[-1][1]:a]) and re.fullmatch(r"(?:19|20)\d\d", text[a:b]) \
                and re.search(r"\d{1,2}(?:st|nd|rd|th)?$", text[merged[-1][0]:merged[-1][1]]):
            merged[-1] = (merged[-1][0], b, merged[-1][2])
            continue
        merged.append((a, b, root))
    return merged


# the day a clock time is given on ("04:03 GMT this morning", "at 9 p.m. yesterday")
_DAY_OF_CLOCK = re.compile(r"\b(?:this (?:morning|afternoon|evening)|tonight|today|yesterday|last night)\b",
                           re.IGNORECASE)


def sentence_dates(sent: Span, text: str, published: date | None,
                   ents: list[Span] | None = None) -> list[DateMention]:
    """The date expressions of one sentence, read at the publication date (``ents``: the
    sentence's entities, if read already: see :func:`sfkg.nlp.syntax.sentence_ents`)."""
    out = []
    for start, end, root in _candidates(sent, text, ents):
        m = _DAY_BEFORE.search(text, max(sent.start_char, start - 12), start)
        if m and _MONTH_FIRST.match(text, start):  # "PARIS, 12 | February 2013": the day is the date's
            start = m.start(1)
        m = _DAY_AND.search(text, max(sent.start_char, start - 16), start)
        if m and re.match(r"\d{1,2}(?:st|nd|rd|th)?\b", text[start:end]):  # "13 and | 14 March"
            start = m.start(1)
        if not_a_date(text, start, end):
            continue
        before = text[max(sent.start_char, start - 30):start]
        phrase_start = start
        if m := PREFIX.search(before):
            phrase_start = start - len(before) + m.start(1)
        phrase = text[phrase_start:end]
        direction = direction_of(root)
        value = parse_time(phrase, published, direction)
        if value is None and (same := _THAT_YEAR.match(phrase)):
            # "on Dec 17 that year": the year the text named last
            years = re.findall(r"\b(?:19|20)\d\d\b", text[max(0, phrase_start - 400):phrase_start])
            value = parse_time(f"{same[1]} {years[-1]}", published, direction) if years else None
        if value is None and (day := _DAY_OF_CLOCK.search(phrase)):
            value = parse_time(day[0], published, direction)  # "04:03 GMT this morning"
        if value is None and phrase_start != start:  # the word before was not part of it
            phrase_start, phrase = start, text[start:end]
            value = parse_time(phrase, published, direction)
        if value is not None and direction is None and published and _BARE_WEEKDAY.fullmatch(phrase.strip()):
            value = _nearest_weekday(phrase, published) or value
        if value is not None:
            out.append(DateMention(value, root, phrase_start, end, phrase))
    return out


def document_dates(path: str | Path, anchor: date | None = None, model: str | None = None) -> list[dict]:
    """Every date expression sfkg finds in a press release, one row each (``text``, ``start``,
    ``end``, ``edtf``, ``earliest``, ``latest``, ``granularity``), read at ``anchor`` (default:
    the document's own publication date, as ingest finds it)."""
    from ..document import read_document
    from ..errors import SfkgError
    from ..extract import parse, publication_date

    document = read_document(path)
    _, docs = parse([document], model)
    doc = next(docs)
    text = document.text
    if anchor is None:
        anchor = document.published
    if anchor is None:
        found = publication_date(document, doc)
        anchor = found[0] if found else None
    if anchor is None:
        raise SfkgError(f"{path}: no publication date: no dateline and no dated event in the text; "
                        f"pass --anchor")
    rows = []
    if document.dateline is not None and document.published_basis == "stated":
        a, b = document.dateline  # the date line: read by the document reader, blanked for the model
        rows.append(DateMention(day(*document.published.timetuple()[:3]), None, a, b, text[a:b]).as_row())
    for sent in doc.sents:
        rows += [d.as_row() for d in sentence_dates(sent, text, anchor)]
    return rows
