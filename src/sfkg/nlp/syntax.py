"""Small, pure helpers over the dependency parse."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token


def ancestors_incl(tok: Token) -> list[Token]:
    return [tok, *tok.ancestors]


def tree_distance(a: Token, b: Token) -> int:
    """Edges on the path between two tokens of one sentence (large if they do not meet)."""
    if a.i == b.i:
        return 0
    up_a = ancestors_incl(a)
    pos = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate(ancestors_incl(b)):
        if t.i in pos:
            return pos[t.i] + n
    return 99


def span_root(doc, start: int, end: int) -> Token:
    return Span(doc, start, end).root


def is_past(tok: Token) -> bool:
    """The token's clause is in the past: a past-tense verb, or a participle after have/be."""
    for t in ancestors_incl(tok)[:4]:
        if t.tag_ == "VBD":
            return True
        if t.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in (
                "has", "have", "had", "was", "were") for c in t.children):
            return True
        if t.tag_ == "VBN" and t.dep_ in ("acl", "relcl", "ROOT", "advcl"):
            return True
        if t.pos_ == "VERB" and t.tag_ not in ("VBD", "VBN"):
            return False
    return False


def preposition_of(tok: Token) -> str | None:
    """"at" for the object of "at the Great Hall"."""
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent"):
        return tok.head.lower_
    return None


def np_head(tok: Token, conj: bool = True) -> Token:
    """The noun a name modifies: "LESIA" in "the LESIA research laboratory" -> "laboratory"
    (and, with ``conj``, "A" in "the A and B instruments" -> "instruments")."""
    deps = ("compound", "amod", "nmod", "conj") if conj else ("compound", "amod", "nmod")
    while tok.dep_ in deps and tok.head.i != tok.i:
        tok = tok.head
    return tok


def governing_verb(tok: Token, steps: int = 2) -> Token | None:
    """The verb a date hangs from, if it is at most ``steps`` edges up."""
    for t in list(tok.ancestors)[:steps]:
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def sentence_ents(doc: Doc, sents: list[Span]) -> list[list[Span]]:
    """The entities of each sentence, as ``sent.ents`` gives them, from one reading of
    ``doc.ents`` (``sent.ents`` builds every entity of the document on each access)."""
    ents = list(doc.ents)
    starts = [e.start for e in ents]
    out = []
    for sent in sents:
        k = bisect.bisect_left(starts, sent.start)
        mine = []
        while k < len(ents) and ents[k].end <= sent.end:
            mine.append(ents[k])
            k += 1
        out.append(mine)
    return out


def evidence_span(sent: Span, text: str | None = None) -> tuple[int, int]:
    """The sentence's offsets, trimmed of the white space around it in the text the model read
    (``text``, where page furniture is blanked: pass ``doc.text`` once, it is rebuilt on every
    access): slice the document's own text with them for evidence."""
    text = sent.doc.text if text is None else text
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
