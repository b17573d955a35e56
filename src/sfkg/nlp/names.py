"""The ``sfkg_names`` component: names the reference does not know, found by the words around
them, and abbreviations defined in the text. Runs after the model's NER and sets ``doc.ents``.

Policies (each a named function below):
- :func:`extend_person`: a PERSON span swallows the capitalised words that follow it.
- :func:`headed_names`: "the K9X satellite", "the X astrophysics mission", "instrument X",
  "X Program": an acronym-like name before (or after) a head noun of the type.
- :func:`abbreviations`: "Long Name (LN)" and "LN (Long Name)" name one entity (same ``ent_id``).
- :func:`merge`: reference spans (with an id) win over pattern spans, which win over the model's.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import patterns
from ..textnorm import fold


PATTERN_LABELS = {"Mission", "Instrument", "Program"}


@Language.factory("sfkg_names", assigns=["doc.ents"], requires=["doc.ents"])
def make_names(nlp, name):
    return NameFinder()


class NameFinder:
    def __init__(self) -> None:
        cfg = patterns.load("entities")
        self.heads = {
            "Mission": set(cfg["mission_heads"]),
            "Instrument": set(cfg["instrument_heads"]),
        }
        self.program_heads = set(cfg["program_heads"])
        self.max_mod = int(cfg["max_modifiers"])
        self.titles = patterns.titles()
        forms = sorted(self.titles, key=len, reverse=True)
        self.title_re = re.compile(r"\b(?:" + "|".join(
            r"[- ]".join(re.escape(w) for w in f.split()) for f in forms) + r")\b", re.I)

    def __call__(self, doc: Doc) -> Doc:
        spans = self.match(doc)
        self.set_annotations(doc, spans)
        return doc

    def match(self, doc: Doc) -> list[Span]:
        spans = [extend_person(doc, e, self.titles) if e.label_ == "PERSON" else numbered(doc, e)
                 for e in doc.ents]
        spans += headed_names(doc, self.heads, self.program_heads, self.max_mod)
        spans += titled_persons(doc, self.title_re)
        spans = merge(doc, spans)
        spans += abbreviations(doc, spans)
        return merge(doc, spans)

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        doc.ents = spans


def extend_person(doc: Doc, ent: Span, titles: dict) -> Span:
    """"Jean-Yves Le" + "Gall": a PERSON span runs on over capitalised words that are not
    titles, entities or sentence starts."""
    end = ent.end
    while (
        end < len(doc)
        and doc[end].is_title
        and not doc[end].is_sent_start
        and doc[end].ent_type_ in ("", "PERSON")
        and doc[end].lower_ not in titles
        and end - ent.start < 5
    ):
        end += 1
    return Span(doc, ent.start, end, label="PERSON") if end != ent.end else ent


def _word_start(doc: Doc, i: int) -> int:
    """The first token of the written word that token i ends ("Kestrel-7" is three tokens)."""
    while i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].text not in "([{\"'":
        i -= 1
    return i


def _word_end(doc: Doc, i: int) -> int:
    """One past the last token of the written word that starts at token i."""
    while i < len(doc) - 1 and not doc[i].whitespace_ and doc[i + 1].text not in ")]},;:.\"'":
        i += 1
    return i + 1


def _name_word(doc: Doc, start: int, end: int) -> bool:
    """An acronym-like or numbered written word: two capitals (SMILE, TanSat, Kestrel-7X) or a
    capital and a digit (Kestrel-7), and not a nationality."""
    word = doc[start:end].text
    caps = sum(c.isupper() for c in word)
    if not (caps >= 2 or (caps >= 1 and any(c.isdigit() for c in word))):
        return False
    if "_" in word:
        return False  # scraping debris ("CFO_")
    nationality = patterns.demonyms()
    return not all(part.lower() in nationality for part in word.split("-"))  # "Sino-French"


def titled_persons(doc: Doc, title_re: re.Pattern) -> list[Span]:
    """"Administrator Jane Roe", "Director of Science Ann Li": two or three capitalised words
    right after a capitalised title are a person's name."""
    found = []
    for m in title_re.finditer(doc.text):
        if not m.group(0)[:1].isupper():
            continue
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        i = span.end
        j = i
        while j < len(doc) and j - i < 3 and doc[j].is_title and not doc[j].is_stop \
                and doc[j].ent_type_ in ("", "PERSON", "ORG", "GPE") and not doc[j].ent_id_:
            j += 1
        if j - i >= 2 and (j == len(doc) or not doc[j].is_title):
            found.append(Span(doc, i, j, label="PERSON"))
    return found


_SERIAL = re.compile(r"\d{1,3}[A-Z]?|[IVX]{1,4}")


def numbered(doc: Doc, ent: Span) -> Span:
    """"Known Satellite 2", "Launcher-3B": a known name followed by a serial number is another
    entity (the successor), not the known one; it loses the reference id."""
    if not ent.id_ or ent.end >= len(doc):
        return ent
    i = ent.end
    if doc[i].text == "-" and not doc[i - 1].whitespace_ and i + 1 < len(doc):
        i += 1
    if _SERIAL.fullmatch(doc[i].text) and not (i + 1 < len(doc) and doc[i + 1].lower_ in (
            "years", "year", "months", "days", "%", "percent")):
        return Span(doc, ent.start, i + 1, label=ent.label_)
    return ent


def headed_names(doc: Doc, heads: dict, program_heads: set, max_mod: int) -> list[Span]:
    found = []
    for tok in doc:
        low = tok.lower_
        for label, words in heads.items():
            if low not in words:
                continue
            if tok.is_title and not tok.is_sent_start:
                # "the Wide-field X-ray Telescope", "the High-Energy Particle Detector"
                k = tok.i
                while k > 0 and not doc[k].is_sent_start:
                    w = _word_start(doc, k - 1)
                    if not doc[w].text[:1].isupper() or doc[w].is_stop:
                        break
                    k = w
                if k < tok.i:
                    found.append(Span(doc, k, tok.i + 1, label=label))
                    continue
            # "the K9X satellite", "the XYZ astrophysics mission", "the Kestrel-7 probe"
            i, mods = tok.i - 1, 0
            while i >= 0 and mods < max_mod and doc[i].is_lower and doc[i].is_alpha:
                i, mods = i - 1, mods + 1
            end = i + 1
            start = end
            while i >= 0:
                ws = _word_start(doc, i)
                if not _name_word(doc, ws, i + 1):
                    break
                start, i = ws, ws - 1
                if doc[ws].is_sent_start:
                    break
            if start < end:
                found.append(Span(doc, start, end, label=label))
            # "instrument MAJIS"
            j = tok.i + 1
            if label == "Instrument" and j < len(doc):
                we = _word_end(doc, j)
                if _name_word(doc, j, we):
                    found.append(Span(doc, j, we, label=label))
        if low in program_heads and tok.i >= 2 and tok.is_title:
            i = tok.i - 1
            while i >= 0 and doc[i].is_title and not doc[i].is_sent_start:
                i -= 1
            if tok.i - (i + 1) >= 2:
                found.append(Span(doc, i + 1, tok.i + 1, label="Program"))
    return found


def abbreviations(doc: Doc, spans: list[Span]) -> list[Span]:
    """"Long Name (LN)" and "LN (Long Name)": the two spans share one ``ent_id``."""
    out = []
    defined: dict[str, tuple[str, str]] = {}
    by_start = {s.start: s for s in spans}
    for s in spans:
        if s.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "NORP", "MONEY", "PERCENT"):
            continue
        if s.end + 2 < len(doc) and doc[s.end].text == "(" and doc[s.end + 2].text == ")":
            inner = doc[s.end + 1]
            if re.fullmatch(r"[A-Z][A-Za-z0-9&-]{1,9}", inner.text) and sum(
                c.isupper() for c in inner.text
            ) >= 2:
                other = by_start.get(inner.i)
                key = s.ent_id_ or (other.ent_id_ if other is not None else "") or (
                    "abbr:" + fold(s.text)
                )
                out.append(Span(doc, s.start, s.end, label=s.label_, span_id=key))
                if other is None or not other.ent_id_ or other.ent_id_ == key:
                    out.append(Span(doc, inner.i, inner.i + 1, label=s.label_, span_id=key))
                    defined[inner.text] = (key, s.label_)
    for tok in doc:  # "CSES-2 will carry ...": a defined abbreviation used again
        if tok.text in defined:
            key, label = defined[tok.text]
            if not any(o.start <= tok.i < o.end for o in out):
                out.append(Span(doc, tok.i, tok.i + 1, label=label, span_id=key))
    return out


def merge(doc: Doc, spans: list[Span]) -> list[Span]:
    """Reference spans (with an id) first, then the spans found by the words around them
    (Mission, Instrument, Program), then the longest; overlaps dropped."""
    ranked = sorted(spans, key=lambda s: (not s.id_, s.label_ not in PATTERN_LABELS,
                                          -(s.end - s.start), s.start))
    kept: list[Span] = []
    taken: set[int] = set()
    for s in ranked:
        if any(i in taken for i in range(s.start, s.end)):
            continue
        kept.append(s)
        taken.update(range(s.start, s.end))
    return filter_spans(sorted(kept, key=lambda s: s.start))
