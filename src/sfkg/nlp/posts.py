"""Posts: who holds which title at which organisation, as the text says on its publication date.

A sentence is read as a sequence of items (person P, organisation or country O, title T) with
the words between them; a post is one of these arrangements (gaps are data-free, structural):

- ``O T P``        "ESA Director General Jane Roe", "Brazil's President Ana Lima"
- ``P , T of O``   "Wang Lei, Administrator of the CMSA"
- ``T of O , P``   "The President of ASI, Marco Bianchi"
- ``P , O T``      "Jean Dupont, CNES President"
- ``P is/was/became (the new) T of O``   "X was appointed Director General of ESA"
- ``P is with O``  "LIU Yong is with the National Space Science Center" (no title)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import patterns, reference
from ..model import Claim
from ..textnorm import fold, slug
from ..vocab import SFR
from .syntax import evidence_span


@dataclass
class Item:
    kind: str  # P, O, T
    start: int
    end: int
    value: str  # iri, or canonical title


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern:
    forms = sorted(patterns.titles(), key=len, reverse=True)
    alt = "|".join(r"[- ]".join(re.escape(w) for w in f.split()) for f in forms)
    return re.compile(rf"(?<![\w-])(?:acting |interim |new |former )?({alt})(?![\w-])", re.I)


def _country_iri(name: str) -> str:
    hit = reference.index().get(fold(name))
    return hit.iri if hit else str(SFR[f"place/{slug(name)}"])


_OF = r"(?:of|at|for)(?: the)?(?: \w+)?"
_ARRANGEMENTS = [
    # (kinds, gap patterns, index of person, title, org)
    (("O", "T", "P"), (r"('s?)?", r""), 2, 1, 0),
    (("P", "T", "O"), (r",(?: the| its| and)?", _OF), 0, 1, 2),
    (("T", "O", "P"), (_OF, r","), 2, 0, 1),
    (("P", "O", "T"), (r",(?: the)?", r"('s?)?"), 0, 2, 1),
    (("P", "T", "O"), (r"(?:,? ?(?:who )?(?:is|was|has been|had been|became|becomes|will become|"
                       r"was appointed|has been appointed|was named|has been named|was elected|"
                       r"takes office as|took office as)(?: as)?(?: the)?(?: new)?)", _OF), 0, 1, 2),
]
_WITH = re.compile(r"^(?:is|was|works|worked) (?:with|at)(?: the)?$")


def find_posts(doc, text, sents, by_sent, countries, skip, model_text=None) -> list[Claim]:
    """Posts over the whole body: the arrangements need their items side by side on one line,
    so a sentence split inside "ESA Director General Jane Roe" does not lose the post."""
    demonyms = patterns.demonyms()
    sent_of = {}
    items = []
    for si, sent in enumerate(sents):
        if any(a <= sent.start_char < b for a, b in skip):
            continue
        for m in by_sent.get(si, []):
            if m.type == "Person":
                items.append(Item("P", m.start, m.end, m.iri))
                sent_of[m.start] = sent
            elif m.type in ("Agency", "Organization") or (m.type == "Place" and m.text in countries):
                items.append(Item("O", m.start, m.end, m.iri))
        for ent in sent.ents:
            if ent.label_ == "NORP" and ent.text.lower() in demonyms:
                items.append(Item("O", ent.start_char, ent.end_char,
                                  _country_iri(demonyms[ent.text.lower()])))
        for m in _title_re().finditer(text, sent.start_char, sent.end_char):
            if not any(i.start <= m.start() < i.end for i in items):
                items.append(Item("T", m.start(), m.end(), patterns.titles()[patterns.title_key(m[1])]))
    items = _collapse(sorted(items, key=lambda i: i.start), text)
    out = []
    for claim, person in _match(items, text):
        sent = sent_of[person.start]
        claim.char_start, claim.char_end = evidence_span(sent, model_text)
        claim.evidence = text[claim.char_start:claim.char_end]
        out.append(claim)
    return out


def _collapse(items: list[Item], text: str) -> list[Item]:
    """"Centre national d'études spatiales (CNES)" is one organisation item."""
    out: list[Item] = []
    for it in items:
        if out and out[-1].kind == it.kind == "O" and out[-1].value == it.value and \
                text[out[-1].end:it.start].strip() in ("(", ""):
            end = it.end + (1 if text[it.end:it.end + 1] == ")" else 0)
            out[-1] = Item("O", out[-1].start, end, it.value)
            continue
        out.append(it)
    return out


def _gap(text: str, a: Item, b: Item) -> str:
    g = text[a.end:b.start]
    if "\n" in g:
        return "\n"  # items on different lines never form a post
    g = g.replace(")", " ").replace("(", " ")
    g = re.sub(r"\s+", " ", g).strip()
    return re.sub(r"\s+,", ",", g).lower()


def _match(items: list[Item], text: str) -> list[tuple[Claim, Item]]:
    found = []
    for n in range(len(items)):
        for kinds, gaps, pi, ti, oi in _ARRANGEMENTS:
            seq = items[n:n + len(kinds)]
            if len(seq) < len(kinds) or tuple(i.kind for i in seq) != kinds:
                continue
            nxt = items[n + len(kinds)] if n + len(kinds) < len(items) else None
            if kinds[-1] == "T" and nxt is not None and nxt.kind == "P" and not _gap(text, seq[-1], nxt):
                continue  # "X, CNES President Y": the title is Y's
            if all(re.fullmatch(g, _gap(text, seq[k], seq[k + 1])) for k, g in enumerate(gaps)):
                found.append((Claim("post", subject=seq[pi].value, post=seq[ti].value,
                                    org=seq[oi].value), seq[pi]))
        if n + 1 < len(items) and items[n].kind == "P" and items[n + 1].kind == "O" and \
                _WITH.match(_gap(text, items[n], items[n + 1])):
            found.append((Claim("post", subject=items[n].value, post=None, org=items[n + 1].value),
                          items[n]))
    return found
