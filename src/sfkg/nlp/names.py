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
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import patterns, reference
from ..textnorm import fold


PATTERN_LABELS = {"Mission", "Instrument", "Program", "Place"}


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
        self.place_heads = [tuple(w.lower().split()) for w in cfg["place_heads"]]
        self.org_heads = set(cfg["organization_heads"])
        self.connectors = set(cfg["connectors"])
        self.honorifics = set(cfg["honorifics"])
        self.org_name_heads = set(cfg["org_name_heads"]) | set(cfg["org_heads_first"])
        self.head_first = frozenset(cfg["org_heads_first"])
        self.max_mod = int(cfg["max_modifiers"])
        self.firm_nouns = frozenset(cfg["firm_nouns"])
        self.titles = patterns.titles()
        forms = sorted(self.titles, key=len, reverse=True)
        self.title_re = re.compile(r"\b(?:" + "|".join(
            r"[- ]".join(re.escape(w) for w in f.split()) for f in forms) + r")\b", re.I)

    def __call__(self, doc: Doc) -> Doc:
        known = [(e.start, e.end, e.ent_id_) for e in doc.ents if e.ent_id_]
        spans = self.match(doc)
        self.set_annotations(doc, spans)
        doc.spans[NESTED] = nested_known(doc, known, spans)
        return doc

    def match(self, doc: Doc) -> list[Span]:
        spans = [first_name(doc, e) for e in doc.ents]
        spans = [extend_person(doc, e, self.titles) if e.label_ == "PERSON" else numbered(doc, e)
                 for e in spans]
        spans = [p for e in spans for p in split_glued(doc, e, self.honorifics)]
        spans = [person_by_context(doc, e) for e in spans]
        spans = [p for e in spans for p in known_parts(doc, e, self.connectors)]
        credits = credited_persons(doc)
        spans = [s for s in spans if s.id_ or not any(c.start < s.end and s.start < c.end for c in credits)]
        spans += credits
        series = series_members(doc)
        spans = [s for s in spans if not any(m.start <= s.start and s.end <= m.end and
                                             (s.start, s.end) != (m.start, m.end) for m in series)]
        spans += series
        spans += headed_names(doc, self.heads, self.program_heads, self.max_mod)
        spans += headed_places(doc, self.place_heads)
        spans += titled_persons(doc, self.title_re, self.honorifics)
        spans += firm_names(doc, self.firm_nouns)
        apposed = apposed_persons(doc, self.title_re, _common_words(), self.honorifics)
        spans = [s for s in spans if s.id_ or not any(a.start < s.end and s.start < a.end for a in apposed)]
        spans += apposed  # the model's body or part-name there gives way
        spans += headed_orgs(doc, self.org_name_heads, self.connectors, _common_words(),
                             head_first=self.head_first)
        spans = split_paired_orgs(doc, spans, self.org_name_heads)
        spans = [_without_home(doc, s, self.org_name_heads) for s in spans]
        bylines = byline_persons(doc, _common_words())
        spans = [s for s in spans if s.id_ or not any(b.start < s.end and s.start < b.end for b in bylines)]
        spans += bylines
        spans = merge(doc, spans)
        spans += family_names(doc, spans, _common_words())
        spans = merge(doc, spans)
        abbr = abbreviations(doc, spans, self)
        redefined = {(s.start, s.end) for s in abbr if s.id_.startswith("abbr:")}
        spans = [s for s in spans if not (s.id_.startswith("http") and (s.start, s.end) in redefined)] + abbr
        spans = _redefined_uses(doc, spans, abbr)
        spans = merge(doc, spans)
        spans += comma_abbreviations(doc, spans)
        spans = merge(doc, spans)
        spans += named_aliases(doc, spans, self.heads)
        spans = titled_headed(doc, merge(doc, spans), self.heads)
        spans = [_without_title(doc, s, self.title_re) for s in spans]
        again = repeated_names(doc, spans, _common_words(), self.title_re)
        at = {(s.start, s.end) for s in again}
        spans = given_names(doc, merge(doc, [s for s in spans if (s.start, s.end) not in at] + again), self.title_re)
        return with_initials(doc, spans)

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        for tok in doc:  # a known name that a longer name took over leaves no id on its tokens
            tok.ent_id = 0  # (the spans set their own ids again)
        doc.ents = spans


NESTED = "sfkg_nested"


def nested_known(doc: Doc, known: list[tuple[int, int, str]], spans: list[Span]) -> list[Span]:
    """Known names inside an organisation's name ("the ESA/JAXA Joint Working Group" names ESA
    and JAXA too): kept beside ``doc.ents`` with the entity's IRI as label."""
    orgs = [s for s in spans if s.id_.startswith("org:")]
    out = [Span(doc, a, b, label=iri) for a, b, iri in known
           if any(o.start <= a and b <= o.end for o in orgs)]
    return out + _known_inside_known(doc, spans)


def _known_inside_known(doc: Doc, spans: list[Span]) -> list[Span]:
    """"the Space Research Institute of the Russian Academy of Sciences": a known body's name
    that ends on "of" and another known body's name names that body too."""
    index = reference.index()
    out = []
    for s in spans:
        if not s.id_.startswith("http") or s.label_ not in ("Organization", "Agency"):
            continue
        for k in range(s.start + 1, s.end - 1):
            if doc[k].lower_ != "of":
                continue
            a = k + 1 + (doc[k + 1].lower_ == "the")
            hit = index.get(fold(doc[a:s.end].text)) if s.end - a >= 2 else None
            if hit is not None and hit.iri != s.id_ and hit.type in ("Organization", "Agency"):
                out.append(Span(doc, a, s.end, label=hit.iri))
                break
    return out


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


_NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
_SEPARATORS = {"/", "|", "—", "–", ";", "•", "·"}


def split_glued(doc: Doc, ent: Span, honorifics: set[str]) -> list[Span]:
    """A name found by the model never runs across a separator ("Agency/Ann Lee", "OSLO —
    Lunar"), a sentence end ("Kestrel. The"), a comma between two names ("Roe, Lee") or a line
    break; a person's name starts after an honorific ("Academician Ann Lee") and after a place
    name before it ("Ambassador to Chile Ann Lee")."""
    if ent.id_ or ent.label_ not in _NAME_LABELS:
        return [ent]
    cuts, a = [], ent.start
    for t in ent:
        sep = t.text in _SEPARATORS or (t.text == "-" and t.whitespace_ and t.i > 0 and
                                         doc[t.i - 1].whitespace_) or "\n" in t.whitespace_
        sep = sep or (t.text in (".", ",") and t.i + 1 < ent.end and doc[t.i + 1].text[:1].isupper()
                      and (t.text == "," or t.i == ent.start or len(doc[t.i - 1].text) > 2))
        if sep:
            end = t.i + 1 if "\n" in t.whitespace_ and not t.is_punct else t.i
            if a < end:
                cuts.append((a, end))
            a = t.i + 1
    if a < ent.end:
        cuts.append((a, ent.end))
    out = []
    for a, b in cuts:
        while a < b and doc[b - 1].is_space:
            b -= 1
        while a < b and doc[a].is_space:
            a += 1
        if ent.label_ == "PERSON":
            while a < b - 1 and doc[b - 1].is_lower and doc[b - 1].is_alpha and doc[b - 2].text != "-":
                b -= 1  # "Wang Chi of" (the model's span ran on to a body's name)
            while a < b - 1 and (doc[a].lower_.rstrip(".") in honorifics or doc[a].lower_ in honorifics
                                 or doc[a].ent_iob_ and _is_place_word(doc[a])):
                a += 1
                if a < b and doc[a].text == ".":
                    a += 1
        if a < b and any(c.isalpha() for t in doc[a:b] for c in t.text):  # "Tianlu-4" is one token
            out.append(Span(doc, a, b, label=ent.label_))
    return out


def known_parts(doc: Doc, ent: Span, connectors: set[str], longest: int = 6) -> list[Span]:
    """A model span that is a reference name takes its entity; one that holds reference names
    joined only by lower-case words ("Gaia and Euclid on board") is those names. A span with
    other capitalised words ("Max Euclid Institute for ...") stays whole."""
    if ent.id_ or ent.label_ not in _NAME_LABELS:
        return [ent]
    index = reference.index()
    hit = index.get(fold(ent.text))
    if hit is not None and ent.text[:1].isupper():
        return [Span(doc, ent.start, ent.end, label=hit.type, span_id=hit.iri)]
    found, i = [], ent.start
    while i < ent.end:
        for j in range(min(ent.end, i + longest), i, -1):
            if doc[i].text[:1].isupper() and (j - i > 1 or doc[i].is_alpha):
                hit = index.get(fold(doc[i:j].text))
                if hit is not None:
                    found.append(Span(doc, i, j, label=hit.type, span_id=hit.iri))
                    i = j
                    break
        else:
            i += 1
    if not found:
        return [ent]
    inside = {t for f in found for t in range(f.start, f.end)}
    rest = [t for t in ent if t.i not in inside]
    if len(found) == 1 and found[0].start == ent.start and rest and \
            _SERIAL.fullmatch("".join(t.text for t in rest).lstrip("-")):
        # a known programme's or series' numbered member ("Kestrel 14"): an entity of its own
        label = "Mission" if found[0].label_ == "Program" else found[0].label_
        return [Span(doc, ent.start, ent.end, label=label)]
    if rest and rest[0].i == found[-1].end and rest[-1].i == ent.end - 1:
        # "Roscosmos Director General (Arkady Voronin)" read as one person: the body, a title
        # and the name after it
        titles = patterns.titles()
        after = next((k for k in range(ent.end, found[-1].end, -1)
                      if patterns.title_key(doc[found[-1].end:k].text) in titles), None)
        if after == ent.end:
            return found
        if after is not None and all(t.text[:1].isupper() for t in doc[after:ent.end]):
            return found + [Span(doc, after, ent.end, label="PERSON")]
    if any(t.text[:1].isupper() or t.is_digit for t in rest):
        return [ent]
    return found


def _common_words():
    from .mentions import common_words
    return common_words()


def person_by_context(doc: Doc, ent: Span) -> Span:
    """Two or three capitalised words the model took for a place or a body are a person's name
    when they are joined by "and" to a person ("Ann Lee and Jon Roe") or follow a byline's
    "by" at the start of a line."""
    words = ent.text.replace("-", " ").split()  # "Anne-Marie Vasseur"
    if ent.id_ or ent.label_ not in ("GPE", "LOC", "ORG", "FAC") or not 2 <= len(words) <= 4 or \
            not all(t.is_title and t.is_alpha or t.text == "-" and not t.whitespace_ for t in ent):
        return ent
    if reference.index().get(fold(ent.text)) is not None:
        return ent
    if ent[0].is_title and patterns.title_key(ent[0].text) in _heads("state_heads") and len(ent) >= 2 \
            and reference.index().get(fold(ent[1:].text)) is None:
        return Span(doc, ent.start + 1, ent.end, label="PERSON")  # "King Ralf Bengtsson" read as a place
    root = ent.root
    conj = (root.dep_ == "conj" and root.head.ent_type_ == "PERSON") or any(
        c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in root.children)
    by = ent.start > 0 and doc[ent.start - 1].lower_ == "by" and (
        ent.start == 1 or "\n" in doc[ent.start - 2].text + doc[ent.start - 2].whitespace_)
    return Span(doc, ent.start, ent.end, label="PERSON") if conj or by or titled_apposition(doc, ent) \
        or titled_before(doc, ent) else ent


def family_names(doc: Doc, spans: list[Span], common) -> list[Span]:
    """"Philippe Roe, CNES President, said ... Roe and Li Hua met in Baku": after a person's
    full name, the last word alone (where the model found no name) is that person."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    first: dict[str, int] = {}
    for s in spans:
        if s.label_ in ("PERSON", "Person") and len(s) >= 2 and s[-1].is_title and s[-1].is_alpha and len(s[-1]) >= 3 \
                and s[-1].lower_ not in common:
            first.setdefault(s[-1].text, s.end)
    out = []
    for tok in doc:
        if tok.text in first and tok.i >= first[tok.text] and tok.i not in taken and \
                not (tok.i + 1 < len(doc) and doc[tok.i + 1].is_title and not doc[tok.i + 1].is_sent_start):
            out.append(Span(doc, tok.i, tok.i + 1, label="PERSON"))
    return out


def first_name(doc: Doc, ent: Span) -> Span:
    """"Lisa Campbell, President of the CSA": an acronym matched in a word's case ("Lisa" for
    LISA) before a capitalised word is a first name; the person runs over the words after it."""
    if not ent.id_ or len(ent) != 1 or not ent.text.istitle() or ent.end >= len(doc):
        return ent
    nxt = doc[ent.end]
    if not (nxt.is_title and nxt.is_alpha and not nxt.is_sent_start):
        return ent
    if not any(n.isupper() and n.lower() == ent.text.lower() for n in _ref_names(ent.id_)):
        return ent
    end = ent.end
    while end < len(doc) and doc[end].is_title and doc[end].is_alpha and end - ent.end < 2:
        end += 1
    return Span(doc, ent.start, end, label="PERSON")


def _ref_names(iri: str) -> tuple[str, ...]:
    ent = reference.by_iri().get(iri)
    return ent.names if ent is not None else ()


def _redefined(iri: str, short: str) -> bool:
    """"the Multispectral Camera (MUX)": the known entity ``iri`` given a short name of the
    text's own, so another thing (:func:`sfkg.reference.other_short_name`)."""
    ent = reference.by_iri().get(iri)
    return ent is not None and reference.other_short_name(ent, short)


def _redefined_uses(doc: Doc, spans: list[Span], abbr: list[Span]) -> list[Span]:
    """A known short name the text defined as its own ("... Telescope (HIT)") is that thing
    wherever the text writes it again, not the known entity."""
    own = {doc[s.start:s.end].text: s for s in abbr if s.id_.startswith("abbr:") and len(s) == 1}
    out = []
    for s in spans:
        d = own.get(s.text) if s.id_.startswith("http") and len(s) == 1 else None
        out.append(s if d is None else Span(doc, s.start, s.end, label=d.label_, span_id=d.id_))
    return out


def _other_kind(iri: str, short: str, long: Span, finder: NameFinder) -> bool:
    """A known short name ``iri`` that a text defines with a long name whose letters it matches
    and whose head noun names another kind of thing (:func:`sfkg.reference.kind`: an
    instrument's "... Telescope (HIT)" against a known institute HIT, a satellite against a
    known series): the text's own abbreviation, not the known entity."""
    ent = reference.by_iri().get(iri)
    if ent is None or not initials_match(short, long.text):
        return False
    if fold(long.text) in {fold(v) for n in ent.names for v in reference.variants(n)}:
        return False
    kind = head_label(long, finder.heads, finder.program_heads, finder.org_heads, "")
    return bool(kind) and reference.kind(kind) != reference.kind(ent.type)


_WORK_LABELS = frozenset({"WORK_OF_ART", "LAW"})


def repeated_names(doc: Doc, spans: list[Span], common, title_re: re.Pattern | None = None) -> list[Span]:
    """"The K9 mission ... K9 carries two cameras": a name of a thing or a body (not a person's
    or a place's) found once is that name wherever the text writes it again, word for word and
    in the same case, where no other name was found."""
    names: dict[tuple[str, ...], Span] = {}
    for s in spans:
        words = tuple(t.text for t in s)
        if s.id_ or s.label_ not in ("Mission", "Instrument", "Program", "PRODUCT", "ORG") \
                or not any(c.isupper() for c in s.text) \
                or len(s.text) < 2:
            continue
        names.setdefault(words, s)
    out = []
    if not names:
        return out
    # a span the model read as a title of a work ("... on Korvane." as WORK_OF_ART), word for
    # word a name found as a thing elsewhere, is that name: it does not hold the place
    # so does a one-word person's name that is no word of a person's full name in the text
    # ("the Tumbril rover ... Tumbril was developed by CNES")
    in_full = {t.text for s in spans if s.label_ == "PERSON" and len(s) > 1 for t in s}
    upper = {w[0].lower() for w in names if len(w) == 1 and w[0].isupper()}  # (recased: "Kmx")
    taken = {i for s in spans if s.id_ or not (
                 s.label_ in _WORK_LABELS and tuple(t.text for t in s) in names
                 or s.label_ == "PERSON" and len(s) == 1 and s.text not in in_full
                 and ((s.text,) in names or s.text.lower() in upper))
             for i in range(s.start, s.end)}
    at: dict[str, list[int]] = {}  # a token's lower-cased text -> where it stands
    for t in doc:
        at.setdefault(t.lower_, []).append(t.i)
    for words, first in names.items():
        n = len(words)
        for i in at.get(words[0].lower(), ()):
            if i + n > len(doc):
                continue
            same = all(doc[i + k].text == w for k, w in enumerate(words)) or n == 1 and words[0].isupper() and \
                doc[i].text[:1].isupper()  # (recased by the model text: "Mixs")
            if not same or any(j in taken for j in range(i, i + n)):
                continue
            if n == 1 and doc[i].lower_ in common and doc[i].pos_ != "PROPN":
                continue  # a dictionary word used as a word
            titled = i + n < len(doc) and title_re is not None and title_re.match(doc.text, doc[i + n].idx)
            if i > 0 and doc[i - 1].is_title and not doc[i - 1].is_sent_start and doc[i - 1].is_alpha \
                    or i + n < len(doc) and doc[i + n].is_title and doc[i + n].is_alpha and not titled:
                continue  # a word of a longer capitalised name ("the K9 Science Team"), not "K9 Principal Investigator"
            out.append(Span(doc, i, i + n, label=first.label_))
            taken.update(range(i, i + n))
    return out


def _ends_with_title(window: str, title_re: re.Pattern) -> bool:
    return any(m.end() == len(window) for m in title_re.finditer(window))


def given_names(doc: Doc, spans: list[Span], title_re: re.Pattern | None = None) -> list[Span]:
    """"Simonetta Cheli" read as a people's adjective and a name: a one-word NORP that is no
    nationality, right before a person's name, is its first word; so is a capitalised common word
    between a title and a person's name ("project scientist Go Murakami")."""
    nations = patterns.demonyms()
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = []
    for s in spans:
        k = s.start - 1
        if s.label_ == "PERSON" and not s.id_ and k > 1 and k not in taken and doc[k].is_title and doc[k].is_alpha \
                and doc[k].is_stop and not doc[k].is_sent_start and doc[k].whitespace_ and title_re is not None \
                and _ends_with_title(doc.text[max(0, doc[k].idx - 40):doc[k].idx].rstrip(), title_re):
            s = Span(doc, k, s.end, label="PERSON")
        out.append(s)
    spans = out
    by_start = {s.start: s for s in spans}
    joined = {}
    for s in spans:
        nxt = by_start.get(s.end)
        if s.label_ == "NORP" and len(s) == 1 and nxt is not None and nxt.label_ == "PERSON" and not nxt.id_ \
                and s.text.istitle() and s.text.lower() not in nations and doc[s.start].whitespace_:
            joined[s.start] = nxt.start
    gone = set(joined.values())
    return [Span(doc, s.start, by_start[joined[s.start]].end, label="PERSON") if s.start in joined else s
            for s in spans if s.start not in gone]


def _without_title(doc: Doc, s: Span, title_re: re.Pattern) -> Span:
    """"KMX Principal Investigator" read as a person's name: a title that ends a person's span is
    no word of the name (the words before it stay a name)."""
    if s.label_ != "PERSON" or s.id_ or len(s) < 3:
        return s
    for k in range(s.start + 1, s.end - 1):
        m = title_re.fullmatch(doc.text, doc[k].idx, s.end_char)
        if m is not None and doc[k].text[:1].isupper():
            return Span(doc, s.start, k, label="PERSON")
    return s


_INITIAL = re.compile(r"[A-Z]\.")


def with_initials(doc: Doc, spans: list[Span]) -> list[Span]:
    """"Shri M. Sankaran", "Dr S. Mohana Kumar": the initials written before a person's name
    are part of it."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = []
    for s in spans:
        a = s.start
        while s.label_ == "PERSON" and not s.id_ and a > 0 and a - 1 not in taken \
                and _INITIAL.fullmatch(doc[a - 1].text) and doc[a - 1].whitespace_:
            a -= 1
        out.append(s if a == s.start else Span(doc, a, s.end, label="PERSON"))
    return out


def titled_before(doc: Doc, ent: Span) -> bool:
    """"The French Ambassador to Chile, Ann Lee, ...": a name in apposition after a title (and
    its capitalised complement) that ends right before its comma."""
    i = ent.start - 1
    if i < 1 or doc[i].text != "," or ent.end >= len(doc) or doc[ent.end].text not in (",", ".", ")"):
        return False
    titles = patterns.titles()
    k = i
    for _ in range(4):  # the complement: "to Chile", "of the Kestrel Institute"
        if k - 1 >= 0 and (doc[k - 1].is_title or doc[k - 1].lower_ in ("of", "to", "for", "the")):
            k -= 1
        else:
            break
    return any(a >= 0 and patterns.title_key(doc[a:b].text) in titles and (b == i or doc[b].lower_ in ("of", "to", "for"))
               for b in range(k, i + 1) for a in (b - 1, b - 2, b - 3))


@lru_cache(maxsize=8)
def _heads(key: str) -> frozenset[str]:
    """A list of head words of ``patterns/entities.yaml``."""
    return frozenset(patterns.load("entities")[key])


def titled_apposition(doc: Doc, ent: Span) -> bool:
    """"Ann Lee, ESA's director of science", "Ann Lee, the mission's chief engineer": a post
    written in apposition after the name (past a determiner or an owner's "'s")."""
    j = ent.end
    if j >= len(doc) or doc[j].text != ",":
        return False
    j += 1
    if j < len(doc) and doc[j].lower_ in ("the", "a", "an"):
        j += 1
    k = j
    while k < len(doc) and k - j < 5 and doc[k].lower_ not in ("'s", "\u2019s") and not doc[k].is_punct:
        k += 1
    if k < len(doc) and doc[k].lower_ in ("'s", "\u2019s"):
        j = k + 1
    titles = patterns.titles()
    if j + 1 < len(doc) and (doc[j].is_upper or doc[j].is_title) and doc[j].is_alpha and \
            patterns.title_key(doc[j].text) not in titles:
        j = j + 1 if any(j + 1 + n <= len(doc) and patterns.title_key(doc[j + 1:j + 1 + n].text) in titles
                         for n in (3, 2, 1)) else j  # "Ann Lee, Irfu physicist"
    return any(j + n <= len(doc) and patterns.title_key(doc[j:j + n].text) in titles
               for n in (3, 2, 1))


_CREDIT_FIELDS = frozenset({"editor", "author", "reporter", "writer", "correspondent"})
_DATE_LABELS = frozenset({"published", "updated", "posted", "date", "source"})


def byline_persons(doc: Doc, common) -> list[Span]:
    """"By Ann Lee", "- By Ann Lee in Wuhan", "Editor: Ann Lee": two or three capitalised words
    after a byline's "By" at the start of a line (or after an editor's or author's field) are its
    author, unless all are common words ("Staff Writers")."""
    out = []
    for tok in doc:
        if tok.i + 2 >= len(doc):
            continue
        if tok.lower_ in _CREDIT_FIELDS and doc[tok.i + 1].text == ":":
            start = tok.i + 2  # "Source: Xinhua | Editor: Ann Lee"
        elif tok.lower_ == "by":
            before = doc[tok.i - 1] if tok.i else None
            if before is not None and not ("\n" in before.text + before.whitespace_ or before.text in "-\u2013\u2014"
                                           and (before.i == 0 or "\n" in doc[before.i - 1].text
                                                + doc[before.i - 1].whitespace_)):
                continue
            start = tok.i + 1
        else:
            continue
        j = start
        while j < len(doc) and j - start < 3 and doc[j].is_title and doc[j].is_alpha and not doc[j].ent_id_ \
                and doc[j].lower_ not in _DATE_LABELS and (j == start or "  " not in doc[j - 1].whitespace_):
            j += 1  # (not "By Ann Lee  Published: ...")
        words = doc[start:j]
        if 2 <= len(words) <= 3 and (all(t.ent_type_ == "PERSON" for t in words) or not all(
                t.lower_ in common or t.lower_.rstrip("s") in common for t in words)):
            out.append(Span(doc, words.start, words.end, label="PERSON"))
    return out


_NAMING = {"named", "called", "dubbed", "christened", "nicknamed"}


def _title_run(doc: Doc, i: int, limit: int = 4) -> int:
    """One past a run of capitalised (or numbered, hyphen-joined) words starting at token i."""
    j = i
    while j < len(doc) and j - i < limit + 3 and "\n" not in doc[j].text:
        t = doc[j]
        glued = j > i and not doc[j - 1].whitespace_
        if t.text[:1].isupper() or (glued and (t.text in "-'\u2019" or t.is_digit or t.is_alpha)):
            j += 1
        else:
            break
    while j > i and doc[j - 1].text in "-'\u2019":
        j -= 1
    return j


def named_aliases(doc: Doc, spans: list[Span], heads: dict) -> list[Span]:
    """"a relay satellite named Kestrel, or Magpie, ...", "The probe, called Kestrel-2, ...",
    "Kestrel, also known as Magpie": the name after "named"/"called" takes the type of the noun
    it names (a satellite: a mission; a camera: an instrument), and the name after ", or" or
    "also known as" is the same entity."""
    out = []
    by_start = {s.start: s for s in spans}
    n = len(doc)

    def known(a: int, b: int) -> Span | None:
        k = by_start.get(a)
        return k if k is not None and k.end == b and k.id_ else None

    for tok in doc:
        also = tok.lower_ == "as" and tok.i >= 2 and doc[tok.i - 1].lower_ == "known" and \
            doc[tok.i - 2].lower_ == "also"
        if tok.lower_ not in _NAMING and not also:
            continue
        i = tok.i + 1
        if also and i < n and doc[i].lower_ == "the":
            i += 1
        end = _title_run(doc, i)
        if end == i or doc[i].lower_ in ("the", "a", "an"):
            continue
        names = [(i, end)]
        if also:  # "X, also known as Y": Y is X
            prev = next((s for s in spans if s.end in (tok.i - 2, tok.i - 3) and s.id_), None)
            if prev is None:
                continue
            names.append((prev.start, prev.end))
        else:
            j = end
            if j + 2 < n and doc[j].text == "," and doc[j + 1].lower_ == "or":
                j += 2
            elif j + 1 < n and doc[j].lower_ == "or":
                j += 1
            end2 = _title_run(doc, j) if j > end else j
            if end2 > j and end2 < n and doc[end2].text in (",", ")", ".", ";"):
                names.append((j, end2))
        hit = next((k for k in (known(a, b) for a, b in names) if k is not None), None)
        if hit is not None:
            label, key = hit.label_, hit.id_
        else:
            label = None
            sent = tok.sent
            for t in list(doc[sent.start:tok.i])[::-1] + list(doc[end:sent.end]):
                label = next((lab for lab, words in heads.items() if t.lower_ in words), None)
                if label:
                    break
            if label is None:
                continue
            key = "alias:" + fold(doc[i:end].text)
        out.extend(Span(doc, a, b, label=label, span_id=key) for a, b in names)
    return out


def _is_place_word(tok) -> bool:
    """A country or city word at the start of a person span ("Chile Ann Lee")."""
    hit = reference.index().get(fold(tok.text))
    return hit is not None and hit.type == "Place"


_CREDIT = re.compile(r"(?<=/)\s?([A-Z]\.\s?[A-Z][a-z]+|[A-Z][a-z]+(?: [A-Z][a-z\u2019'-]+){1,2})"
                     r"(?=\s*\)|\.?[ \t]*(?:\n|$))")


def credited_persons(doc: Doc) -> list[Span]:
    """A photo credit "(Agency/Ann Lee)", "(Photo: Agency/A. Roe)": the name after the slash is
    the photographer."""
    out = []
    for m in _CREDIT.finditer(doc.text):
        span = doc.char_span(m.start(1), m.end(1))
        if span is not None and not any(t.ent_id_ for t in span):
            out.append(Span(doc, span.start, span.end, label="PERSON"))
    return out


def _word_start(doc: Doc, i: int) -> int:
    """The first token of the written word that token i ends ("Kestrel-7" is three tokens)."""
    while i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].text not in "([{\"'" and \
            not doc[i - 1].is_space and not doc[i].is_space:
        i -= 1  # (a line break is a space token of its own: words never run across it)
    return i


def _word_end(doc: Doc, i: int) -> int:
    """One past the last token of the written word that starts at token i."""
    while i < len(doc) - 1 and not doc[i].whitespace_ and doc[i + 1].text not in ")]},;:.\"'" and \
            not doc[i + 1].is_space and not doc[i].is_space:
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


def titled_headed(doc: Doc, spans: list[Span], heads: dict) -> list[Span]:
    """"the Hollis camera", "the Zhurong rover": one capitalised word between "the" and a head
    noun of a mission or an instrument is a name (see :func:`_titled_name`). It is given the
    model's generic label for products, so the sentence decides its type as for any name the
    model found; a model span of that word alone (a nationality, a person) takes it instead."""
    words = set().union(*heads.values())
    at = {s.start: s for s in spans}
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = list(spans)
    for tok in doc:
        if tok.lower_ not in words or tok.i < 2 or not _titled_name(doc, tok.i - 1, tok):
            continue
        i = tok.i - 1
        old = at.get(i)
        if i not in taken:
            out.append(Span(doc, i, i + 1, label="PRODUCT"))
        elif old is not None and old.end == i + 1 and not old.id_ and old.label_ in _DROPPABLE_LABELS:
            out[out.index(old)] = Span(doc, i, i + 1, label="PRODUCT")
    return sorted(out, key=lambda s: s.start)


_DROPPABLE_LABELS = {"NORP", "PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART"}
_NOT_NAME_TYPES = {"GPE", "LOC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY",
                   "PERCENT"}


def _titled_name(doc: Doc, i: int, head) -> bool:
    """One capitalised word right after "the" (or a possessive) and right before a head noun that
    heads its phrase ("the Zhurong rover", "ESA's Hollis camera"): the name of that rover or
    camera, unless it is a nationality, a place or a date by the model's reading, or the head
    noun itself modifies another noun ("the Xichang satellite launch centre")."""
    tok = doc[i]
    if i < 1 or tok.is_sent_start or not tok.is_title or not tok.is_alpha or tok.is_stop:
        return False
    if head.dep_ == "compound" or head.i + 1 < len(doc) and doc[head.i + 1].pos_ in ("NOUN", "PROPN") \
            and head.head.i != head.i:
        return False
    before = doc[i - 1]
    if before.lower_ not in ("the", "its", "their", "his", "her") and before.tag_ != "POS":
        return False
    if tok.ent_type_ in _NOT_NAME_TYPES or tok.lower_ in patterns.demonyms():
        return False
    return tok.lower_ not in _MONTHS_DAYS


def headed_word(span: Span, heads: frozenset[str]) -> bool:
    """Whether ``span`` is one capitalised word between "the" (or "its", "their") and a head noun
    of ``heads`` ("the Halvar observatory"): :func:`_titled_name` asked of a span."""
    doc = span.doc
    return len(span) == 1 and span.end < len(doc) and doc[span.end].lower_ in heads and \
        _titled_name(doc, span.start, doc[span.end])


_MONTHS_DAYS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def firm_names(doc: Doc, nouns: frozenset[str]) -> list[Span]:
    """"the Belgian company AMOS", "Swiss firm Syderal": the capitalised name right after a
    company noun names an organisation."""
    out = []
    for t in doc:
        if t.lower_ not in nouns or not t.is_lower or t.i + 1 >= len(doc):
            continue
        j = k = t.i + 1
        while k < len(doc) and not doc[k].is_sent_start and (
                doc[k].text[:1].isupper() and doc[k].is_alpha
                or doc[k].text in ("&", "-") and k > j and not doc[k].whitespace_ and not doc[k - 1].whitespace_):
            k += 1
        while k > j and doc[k - 1].text in ("&", "-"):
            k -= 1
        if k > j and not all(w.is_stop for w in doc[j:k]):
            out.append(Span(doc, j, k, label="ORG"))
    return out


def titled_persons(doc: Doc, title_re: re.Pattern, honorifics=frozenset()) -> list[Span]:
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
        if i + 1 < len(doc) and doc[i].lower_ == "to" and doc[i + 1].ent_type_ in ("GPE", "Place"):
            i += 1  # "Ambassador to Chile Ann Lee"
            while i < len(doc) and doc[i].ent_iob_ == "I" or (i < len(doc) and doc[i].ent_iob_ == "B"
                                                                and doc[i].ent_type_ in ("GPE", "Place")):
                i += 1
        while i + 1 < len(doc) and doc[i].lower_.rstrip(".") in honorifics:
            i += 2 if doc[i + 1].text == "." else 1  # "Prime Minister Shri Ann Lee", "Dr. Ann Lee"
        j = i
        while j < len(doc) and j - i < 3 and doc[j].is_title and not doc[j].is_stop \
                and doc[j].ent_type_ in ("", "PERSON", "ORG", "GPE") and not doc[j].ent_id_:
            j += 1
        if j - i >= 2 and (j == len(doc) or not doc[j].is_title):
            found.append(Span(doc, i, j, label="PERSON"))
    return found


_SAYING = frozenset({"said", "says", "added", "explained", "noted", "told", "stated", "commented",
                     "recalled", "stressed", "emphasised", "emphasized", "underlined", "remarked"})


def _untagged_name(t, honorifics=frozenset()) -> bool:
    return t.lower_.rstrip(".") not in honorifics and t.is_title and t.is_alpha and len(t) > 1 and t.pos_ in ("PROPN", "NOUN", "ADJ") and not t.is_stop \
        and t.ent_type_ in ("", "PERSON", "ORG") and not t.ent_id_ and t.lower_ not in _MONTHS_DAYS


def apposed_persons(doc: Doc, title_re: re.Pattern, common, honorifics=frozenset()) -> list[Span]:
    """"Olivier Roe, Juice project scientist", "said Ann Lee", "Ann Lee said": two or three
    capitalised words that the model left untagged (or tagged in part), followed by a comma and
    a title, or beside a verb of saying, are a person's name."""
    found = []
    i, n = 0, len(doc)
    while i < n:
        if not _untagged_name(doc[i], honorifics) or (i and _untagged_name(doc[i - 1], honorifics)):
            i += 1
            continue
        j = i
        while j < n and j - i < 3 and _untagged_name(doc[j], honorifics) and doc[j - 1].whitespace_ != "\n":
            j += 1
        span = doc[i:j]
        orgs = {t.ent_iob_ for t in span if t.ent_type_ == "ORG"}  # a body's name read whole, or none
        whole_org = not orgs or (span[0].ent_iob_ == "B" and (j == n or doc[j].ent_iob_ != "I"))
        if j - i >= 2 and whole_org and span[-1].pos_ == "PROPN" and span[-1].lower_ not in common and not title_re.search(span.text) and not all(
                t.ent_type_ == "PERSON" for t in span):
            said = (i and doc[i - 1].lower_ in _SAYING) or (j < n and doc[j].lower_ in _SAYING)
            titled = False
            if j + 1 < n and doc[j].text == ",":
                tail = []
                for t in doc[j + 1:j + 9]:
                    if t.text in (",", ".", ";", "\n") or t.is_space:
                        break
                    tail.append(t)
                m = title_re.search(" ".join(t.text for t in tail)) if tail else None
                titled = m is not None and len(" ".join(t.text for t in tail)[:m.start()].split()) <= 3
            if said or titled:
                found.append(Span(doc, i, j, label="PERSON"))
        i = j
    return found


_SERIAL = re.compile(r"\d{1,3}[A-Z]?|[IVX]{1,4}")


_MEMBER = re.compile(r"(?P<name>(?!(?:The|A|An|In|On|At|By|Of)\b)[A-Z][\w'’]*(?: [A-Z][\w'’]*)??)[- ](?P<n>\d{1,3}[A-Z]?|[A-Z]{1,4}-\d{1,3}[A-Z]?|(?<=-)[A-Z]{1,2}\d{1,3})")


def series_members(doc: Doc) -> list[Span]:
    """"Shenzhou-9", "Soyuz TMA-19M", "Cygnus OA-4": a known programme or mission followed by a
    serial number names one mission of the series (the model often misses such a name, or
    reads the number apart)."""
    index = reference.index()
    out = []
    for m in _MEMBER.finditer(doc.text):
        hit = index.get(fold(m["name"]))
        if hit is None or hit.type not in ("Program", "Mission") or index.get(fold(m[0])) is not None:
            continue  # (a member the reference knows is matched by its own name)
        if m.start() > 0 and (doc.text[m.start() - 1].isalnum() or doc.text[m.start() - 1] in "-'’"):
            continue
        if m.end() < len(doc.text) and (doc.text[m.end()].isalnum() or doc.text[m.end()] == "-"):
            continue
        variant = re.fullmatch(r"\d{1,3}[A-Z]?", m["n"]) and _launcher_family(fold(m["name"]))
        if _FLIGHT_NUMBER.fullmatch(m["n"]):
            if hit.type != "Program":
                continue
            variant = True  # "PSLV-C57", "GSLV-F12": one flight of a launcher is the launcher
        span = doc.char_span(m.start(), m.end(), label="Program" if variant else "Mission")
        if span is not None:
            out.append(span)  # ("Long March 7A" is a launcher of its family, "Soyuz MS-25" a flight)
    return out


_FLIGHT_NUMBER = re.compile(r"[A-Z]{1,2}\d{1,3}")  # "C57", "M4"
_FLIGHT = re.compile(rf"[A-Z][\w]*-{_FLIGHT_NUMBER.pattern}")


def launcher_flight(label: str) -> bool:
    """"PSLV-C57", "LVM3-M4": a name and a launcher's flight number (a launcher when the name is
    one, see :func:`series_members`; kept a programme by the typing and payload frames)."""
    return _FLIGHT.fullmatch(label) is not None


@lru_cache(maxsize=1)
def _launcher_families() -> frozenset[str]:
    """Names whose numbered members the reference holds as programmes (Long March 2C, Ariane
    6, Soyuz-2): launcher families."""
    names = {fold(n) for e in reference.load() if e.type == "Program" for n in e.names}
    return frozenset(re.sub(r"[- ]\w{1,3}$", "", n) for n in names if re.search(r"[- ]\w{1,3}$", n))


def _launcher_family(name: str) -> bool:
    return name in _launcher_families()


def numbered(doc: Doc, ent: Span) -> Span:
    """"Known Satellite 2", "Launcher-3B": a known name followed by a serial number is another
    entity (the successor), not the known one; it loses the reference id."""
    if not ent.id_ or ent.end >= len(doc):
        return ent
    i = ent.end
    if doc[i].text == "-" and not doc[i - 1].whitespace_ and i + 1 < len(doc):
        i += 1
    if _SERIAL.fullmatch(doc[i].text) and not (i + 1 < len(doc) and doc[i + 1].lower_ in (
            "years", "year", "months", "days", "%", "percent")) and not (
            i + 1 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_):  # "MXT X-ray camera"
        return Span(doc, ent.start, i + 1, label=ent.label_)
    return ent


def _made_by(doc: Doc, a: int, b: int) -> bool:
    """"French-made", "CNES-built", "Leicester-developed": a hyphenated word ending in a
    participle says who made the thing, it is no word of its name."""
    last = doc[b - 1]
    return b - a > 2 and doc[b - 2].text == "-" and last.is_lower and last.is_alpha and (
        last.tag_ == "VBN" or last.lower_ in _heads("maker_participles"))


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
                    if doc[w].lower_ in ("and", "&") and w > 0 and doc[w - 1].is_title and \
                            not doc[w - 1].is_stop and not doc[w].is_sent_start and k - w == 1:
                        k = w  # "the Solar Dust and Plasma Wave Instrument"
                        continue
                    if not doc[w].text[:1].isupper() or doc[w].is_stop or _made_by(doc, w, k) or \
                            doc[k - 1].lower_ in ("'s", "\u2019s") or doc[k - 1].text in (",", ";", ":"):
                        break  # (not "K9's": the owner is no word of the name)
                    k = w
                while doc[k].lower_ in ("and", "&"):
                    k += 1
                if k < tok.i and low == "station" and doc[tok.i - 1].lower_ in _heads("ground_stations"):
                    break  # "Cape Canaveral Space Force Station", "the Kiruna Ground Station": places
                if k < tok.i and low in _OBSERVATORY and not _space_observatory(doc[k:tok.i + 1]):
                    break  # "the Royal Observatory of Belgium", "the Shanghai Astronomical
                    # Observatory": an institution, not a spacecraft
                if k < tok.i:
                    found.append(Span(doc, k, tok.i + 1, label=label))
                    continue
            # "the K9X satellite", "the XYZ astrophysics mission", "the Kestrel-7 probe"
            i, mods = tok.i - 1, 0
            while i >= 0 and mods < max_mod and doc[i].is_lower and doc[i].is_alpha and not doc[i].is_stop:
                w = _word_start(doc, i)
                if w < i and any(t.text == "-" for t in doc[w:i]):
                    i = w  # "X-ray", "Ka-band": a hyphenated modifier is one word
                i, mods = i - 1, mods + 1
            end = i + 1
            start = end
            while i >= 0 and not doc[i].is_punct:  # "miniRAD, a radiometer": no name before a comma
                ws = _word_start(doc, i)
                if not _name_word(doc, ws, i + 1):
                    break
                start, i = ws, ws - 1
                if doc[ws].is_sent_start:
                    break
            if start < end and not (label == "Instrument" and described(doc, start, end)):
                found.append(Span(doc, start, end, label=label))
            # "instrument MAJIS"
            j = tok.i + 1
            if label == "Instrument" and j < len(doc) and not doc[j].is_punct:
                we = _word_end(doc, j)
                if _name_word(doc, j, we):
                    found.append(Span(doc, j, we, label=label))
            # "the relay satellite Tarn'e 3", "the probe Kestrel-2": a numbered name after the noun
            if label == "Mission" and tok.is_lower and j < len(doc) and doc[j].text[:1].isupper() \
                    and not doc[j].is_stop and doc[j].ent_type_ not in _NOT_NAME_TYPES and not doc[j].ent_id_:
                we = _word_end(doc, j)
                if we < len(doc) and re.fullmatch(r"\d{1,3}[A-Z]?", doc[we].text) and doc[we - 1].whitespace_:
                    we += 1
                if we - j <= 3 and _name_word(doc, j, we) and any(c.isdigit() for c in doc[j:we].text):
                    found.append(Span(doc, j, we, label=label))
        if low in program_heads and tok.i >= 2 and tok.is_title:
            i = tok.i - 1
            while i >= 0 and doc[i].is_title and not doc[i].is_sent_start:
                i -= 1
            if tok.i - (i + 1) >= 2:
                found.append(Span(doc, i + 1, tok.i + 1, label="Program"))
    return found


def described(doc: Doc, start: int, end: int) -> bool:
    """"an ultraviolet Raman spectrometer", "a Langmuir probe", "Langmuir probes": a scientist's
    name (a plain capitalised word, no acronym or figure) in an indefinite phrase or a bare
    plural describes a kind of instrument and names none."""
    if not all(t.is_title and t.is_alpha or t.text == "-" for t in doc[start:end]):
        return False
    i = start - 1
    while i >= 0 and (doc[i].is_lower and doc[i].is_alpha and not doc[i].is_stop or doc[i].text == "-"):
        i -= 1
    if end < len(doc) and doc[end].tag_ == "NNS" and (i < 0 or doc[i].pos_ not in ("DET", "PRON", "PROPN")
                                                     and doc[i].tag_ != "POS"):
        return True  # "Langmuir probes": a kind, in the plural
    return i >= 0 and doc[i].lower_ in ("a", "an")


_OBSERVATORY = frozenset({"observatory", "observatories"})


def _space_observatory(span: Span) -> bool:
    """Whether a capitalised name ending in "Observatory" names a spacecraft: a word of what it
    observes from space ("the Kestrel X-ray Observatory", "the Solar Dynamics Observatory")
    and no "of" after it; else it is a ground institution."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ == "of":
        return False
    words = patterns.load("entities")["space_observatory_words"]
    return any(w in t.lower_ for t in span[:-1] for w in words)


def headed_places(doc: Doc, heads: list[tuple[str, ...]]) -> list[Span]:
    """Launch sites named by their head noun: "the Sarnoth Launch Complex" (the head written in
    capitals is part of the name), "the Kestrel spaceport" (the name before a lower-case head)."""
    found = []
    lower = [t.lower_ for t in doc]  # the words, read once: every head is tried at every token
    for k, word in enumerate(lower):
        for head in heads:
            a = k - len(head) + 1
            if word != head[-1] or a < 1 or tuple(lower[a:k + 1]) != head:
                continue
            tok = doc[k]
            titled = all(t.is_title for t in doc[a:tok.i + 1])
            i = a - 1
            while i >= 0 and (doc[i].is_title or doc[i].is_upper and doc[i].is_alpha) and \
                    not doc[i].is_stop and not doc[i].is_space:
                i -= 1
                if doc[i + 1].is_sent_start:
                    break
            if i + 1 < a:
                found.append(Span(doc, i + 1, tok.i + 1 if titled else a, label="Place"))
    return found


def _acronym_letters(short: str) -> list[str]:
    """The letters a long form must hold: the capitals, after the figure that opens a short
    name ("3DEES": 3, D, E, E, S)."""
    lead = re.match(r"\d*", short)[0]
    return list(lead) + [c.lower() for c in short if c.isupper()]


def initials_match(short: str, long: str) -> bool:
    """Whether ``short`` (ZPRI, ZoLab, BfWi) abbreviates ``long``: its capitals, in order, in
    the long form from its first word's initial (English order), or all of them among the long
    form's initials (another language's order: "Lyon Space Centre (CSL)")."""
    letters = _acronym_letters(short)
    words = re.findall(r"[^\W_]+", long)
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if len(letters) < 2 or not words:
        return False
    if letters[0] == words[0][0].lower():
        text, pos = " ".join(words).lower(), 1
        for c in letters[1:]:
            pos = text.find(c, pos) + 1
            if pos == 0:
                break
        else:
            return True
    initials = [w[0].lower() for w in words if w[0].isupper() or w[0].isdigit()]
    return all(initials.count(c) >= letters.count(c) for c in set(letters))


_ACRONYM = re.compile(r"(?:[A-Z]|\d[A-Z])[A-Za-z0-9&/-]{1,11}")


def _is_acronym(text: str) -> bool:
    return bool(_ACRONYM.fullmatch(text)) and sum(c.isupper() for c in text) >= 2


def long_form(doc: Doc, i: int, short: str, connectors: set[str], limit: int = 14) -> Span | None:
    """The long name written before the bracket at token ``i`` that ``short`` abbreviates: a run
    of capitalised words (joined by connectors: "and", "&", "for", "of") ending at the bracket;
    the longest part of it that starts with the acronym's first letter and matches it, else the
    shortest part whose initials hold all its letters."""
    k = i - 1
    while k >= 0 and i - k <= limit:
        t = doc[k]
        if "\n" in t.text or "\n" in t.whitespace_:
            break
        glued = k + 1 < i and not t.whitespace_ and doc[k + 1].text not in "("
        ok = t.text[:1].isupper() or t.text[:1].isdigit() or t.lower_ in connectors or \
            (glued and (t.text in "-'’" or t.is_alpha)) or (k > 0 and not doc[k - 1].whitespace_
                                                             and doc[k - 1].text in "-'’")
        slash = t.text == "/" and not t.whitespace_ and k > 0 and not doc[k - 1].whitespace_ \
            and doc[k - 1].text[:1].isupper()  # "Spectrometer/Telescope for Imaging X-rays"
        ok = ok or slash
        if not ok or t.is_punct and t.text not in "-'’&" and not slash:
            break
        k -= 1
        if t.is_sent_start:
            break
    first = k + 1
    starts = [s for s in range(first, i) if (doc[s].text[:1].isupper() or doc[s].text[:1].isdigit()
                                             and (s == first or doc[s - 1].lower_ in connectors)) and doc[s].lower_ not in connectors
              and (s == first or doc[s - 1].whitespace_ or doc[s - 1].text not in "-'’")]
    letters = _acronym_letters(short)
    if not starts or not letters:
        return None
    for s in starts:  # longest first
        if doc[s].lower_[:1] == letters[0] and initials_match(short, doc[s:i].text):
            return doc[s:i]
    for s in reversed(starts):  # shortest first
        caps = sum(t.text[:1].isupper() for t in doc[s:i])
        if caps >= len(letters) and initials_match(short, doc[s:i].text):
            return doc[s:i]
    return None


def head_label(span: Span, heads: dict, program_heads: set, org_heads: set, default: str) -> str:
    """The type a long name's head noun gives (its last head word), else ``default``."""
    for t in reversed(span):
        low = t.lower_
        for label, words in heads.items():
            if low in words:
                return label
        if low in program_heads:
            return "Program"
        if low in org_heads:
            return "ORG"
    return default


def split_paired_orgs(doc: Doc, spans: list[Span], heads: set[str]) -> list[Span]:
    """"Brown University and Kestrel Valley University": a body's name that runs over "and" from
    one head noun to another is two bodies' names."""
    out = []
    for s in spans:
        cut = next((t.i for t in s if t.lower_ in ("and", "&") and s.start < t.i < s.end - 2
                    and doc[t.i - 1].lower_ in heads and doc[t.i + 1].text[:1].isupper()), None)
        if s.id_.startswith("http") or s.label_ != "ORG" or cut is None or doc[s.end - 1].lower_ not in heads:
            out.append(s)
            continue
        a, b = doc[s.start:cut], doc[cut + 1:s.end]
        out += [Span(doc, a.start, a.end, label="ORG", span_id="org:" + fold(a.text)),
                Span(doc, b.start, b.end, label="ORG", span_id="org:" + fold(b.text))]
    return out


def _without_home(doc: Doc, s: Span, heads: set[str]) -> Span:
    """"GomSpace of Denmark": a firm's name read on over "of" and its country is the firm's name
    ("the Technical University of Denmark", whose head noun comes before "of", keeps it)."""
    if s.id_ or s.label_ != "ORG" or len(s) < 3 or doc[s.end - 2].lower_ != "of":
        return s
    home = reference.index().get(fold(doc[s.end - 1].text))
    if home is None or home.type != "Place" or any(t.lower_ in heads for t in s[:-2]):
        return s
    return Span(doc, s.start, s.end - 2, label="ORG")


def _trim_joins(doc: Doc, j: int, m: int) -> int:
    """The end of a name's run after "of", without the joining words it ends on."""
    while m > j and doc[m - 1].lower_ in ("and", "&", "of", "for", "the"):
        m -= 1
    return m


def headed_orgs(doc: Doc, heads: set[str], connectors: set[str], common,
                premises: frozenset[str] = frozenset({"head", "main", "regional"}),
                head_first: frozenset[str] = frozenset()) -> list[Span]:
    """"the SCO Steering Committee", "the CNES/CNSA Joint Steering Committee", "the Bureau for
    Major Research Programs": capitalised words ending in an organisation's head noun (and the
    capitalised words after it joined by "of" or "for"), when one of them is a name (an acronym,
    a known name, a word no dictionary holds). Known names inside keep their own span when the
    head noun is theirs."""
    found = []
    n = len(doc)
    known_at = {e.start: e.end for e in doc.ents if e.ent_id_}
    for tok in doc:
        if tok.lower_ not in heads or not tok.is_title or tok.ent_id_:
            continue
        if tok.i > 0 and doc[tok.i - 1].lower_ in premises:
            continue  # "the Agency Head Office": a body's premises, not a body
        k = tok.i
        while k > 0 and not doc[k].is_sent_start:
            p = doc[k - 1]
            if "\n" in p.whitespace_:
                break
            if p.text[:1].isupper() or p.text[:1].isdigit():
                k -= 1
            elif p.text == "-" and not p.whitespace_ and k >= 2 and not doc[k - 2].whitespace_ \
                    and doc[k - 2].text[:1].isupper():
                k -= 1  # "Paris-Sud University"
            elif p.text == "/" and k >= 2 and doc[k - 2].text[:1].isupper():
                k -= 1
            elif p.lower_ in ("and", "&") and k >= 2 and doc[k - 2].is_title and not doc[k - 2].ent_id_:
                k -= 1
            else:
                break
        while k < tok.i and (doc[k].lower_ in ("the", "and", "&") or doc[k].text == "/"):
            k += 1
        end = tok.i + 1
        j = end
        if j + 1 < n and doc[j].lower_ in ("of", "for") and "\n" not in doc[j - 1].whitespace_:
            j += 1
            if doc[j].lower_ == "the" and j + 1 < n:
                j += 1
            m = j
            while m < n and (doc[m].text[:1].isupper() or doc[m].lower_ in ("and", "&", "of", "for", "the")
                             and m + 1 < n and doc[m + 1].text[:1].isupper() or doc[m].lower_ == "the"
                             and m + 2 < n and doc[m + 2].is_title) and "\n" not in doc[m - 1].whitespace_:
                if doc[m].ent_type_ == "PERSON" and doc[m].ent_iob_ == "B":
                    break  # "... of Belgium and Tomas Reyl of ...": a person is no part of it
                if doc[m].ent_id_:  # a known name of several words ends it ("... of the Kestrel
                    known = known_at.get(m)  # Science Observatory"); an acronym stops before
                    if known is None or known - m < 2:
                        break
                    m = known
                    break
                m += 1  # "Institute for the History of Natural Sciences"
            m = _trim_joins(doc, j, m)
            if m > j and tok.lower_ in _heads("unit_heads"):
                # "the Kestrel Radio Lab of Tarn University", "the School of Earth Sciences of
                # Tarn University": a unit of another body ends before the "of" that names it
                # (a known name, else the last run ending on a body's head noun)
                cuts = [x for x in range(j - 1, m) if doc[x].lower_ == "of"]
                known = [x for x in cuts if x + 1 < m and (doc[x + 1].ent_id_ and doc[x + 1].ent_iob_ == "B" or
                                                           doc[x + 1].lower_ == "the" and x + 2 < m and doc[x + 2].ent_id_
                                                           and doc[x + 2].ent_iob_ == "B")]
                if known:
                    m = known[0]
                elif doc[m - 1].lower_ in heads and cuts:
                    m = cuts[-1]
                m = _trim_joins(doc, j, m)
            if m > j:
                end = m
        if k == tok.i and tok.lower_ in head_first:  # "École Supérieure d'Optique"
            m = end
            while m < n and (doc[m].text[:1].isupper() or doc[m].lower_ in connectors and m + 1 < n
                             and doc[m].lower_ not in ("in", "at", "on", "to")  # "... de Liège in Belgium"
                             and doc[m + 1].text[:1].isupper() or doc[m].lower_ in ("d'", "d\u2019", "l'")
                             or doc[m].lower_[:2] in ("d'", "d\u2019", "l'", "l\u2019") and doc[m].text[2:3].isupper()) \
                    and not doc[m].ent_id_ and "\n" not in doc[m - 1].whitespace_:
                m += 1
            while m > end and (doc[m - 1].lower_ in connectors or doc[m - 1].lower_ in ("d'", "d\u2019")):
                m -= 1
            end = max(end, m)
        span = doc[k:end]
        words = [t for t in span if t.is_alpha and t.lower_ not in connectors and t.i != tok.i]
        if not words and not any(t.ent_id_ or not t.is_alpha for t in span if t.i != tok.i):
            continue
        caps = sum(t.text[:1].isupper() for t in span)
        if len(span) < 2 or caps < 3 and not any(t.ent_id_ or t.is_upper and len(t) > 1 or not t.is_alpha
                                                 or t.lower_ not in common for t in span if t.i != tok.i):
            continue  # "the Executive Board" is no name; "the Joint Science Working Group" is
        found.append(Span(doc, span.start, span.end, label="ORG", span_id="org:" + fold(span.text)))
    return found


def comma_abbreviations(doc: Doc, spans: list[Span]) -> list[Span]:
    """"RoMAG, the Mars Rover Magnetometer": a short form, a comma, "the" and a long name of an
    instrument or a mission whose words its capitals match name one entity (a list item's
    way of defining it)."""
    by_start = {s.start: s for s in spans}
    out = []
    for s in spans:
        if s.id_ or s.label_ not in ("Mission", "Instrument") or len(s) < 2 or s.start < 3:
            continue
        if doc[s.start - 1].lower_ != "the" or doc[s.start - 2].text != ",":
            continue
        a = _word_start(doc, s.start - 3)
        short = doc[a:s.start - 2]
        if not _is_acronym(short.text) or not (initials_match(short.text, s.text) or
                                               initials_match(short.text, s.text.split(" ", 1)[-1])):
            continue  # (the long name may open with a place: "Mars Rover Magnetometer")
        old = by_start.get(a)
        if old is not None and old.end != s.start - 2:
            continue
        key = old.id_ if old is not None and old.id_ else "abbr:" + fold(short.text)  # a known short form
        out += [Span(doc, a, s.start - 2, label=s.label_, span_id=key),
                Span(doc, s.start, s.end, label=s.label_, span_id=key)]
    return out


def abbreviations(doc: Doc, spans: list[Span], finder: "NameFinder | None" = None) -> list[Span]:
    """"Long Name (LN)", "LN (Long Name)" and "English Name (Native Name; LN)": the spans share
    one ``ent_id`` when the short form's letters match the long form's words."""
    finder = finder or NameFinder()
    out = []
    defined: dict[str, tuple[str, str]] = {}
    by_end = {s.end: s for s in spans}
    by_start = {s.start: s for s in spans}
    skip = ("DATE", "TIME", "CARDINAL", "ORDINAL", "NORP", "MONEY", "PERCENT", "QUANTITY")
    n = len(doc)
    for tok in doc:
        if tok.text != "(":
            continue
        i = tok.i
        close = next((j for j in range(i + 1, min(n, i + 20)) if doc[j].text == ")"), None)
        if close is None or close == i + 1 or "\n" in doc[i:close].text:
            continue
        prev = by_end.get(i)
        if prev is not None and prev.label_ in skip:
            prev = None
        parts, a = [], i + 1
        for j in range(i + 1, close + 1):
            if j == close or doc[j].text in (";", ","):
                if a < j:
                    parts.append(doc[a:j])
                a = j + 1
        short = parts[-1] if parts and _is_acronym(parts[-1].text) else None
        native = parts[0] if short is not None and len(parts) == 2 and len(parts[0]) > 1 else None
        if short is None:
            # "KVOM (Kestrel-based ... Variable Objects Monitor)": the long form in the brackets
            inner = doc[i + 1:close]
            if prev is None and i > 0 and _is_acronym(doc[i - 1].text) and len(doc[i - 1].text) >= 3:
                w = _word_start(doc, i - 1)
                prev = Span(doc, w, i, label=head_label(inner, finder.heads, finder.program_heads,
                                                         finder.org_heads, "ORG"))
            if prev is not None and len(inner) >= 2 and len(prev.text.split()) <= 2 and \
                    sum(t.text[:1].isupper() for t in inner) >= 2 and initials_match(prev.text, inner.text):
                key = prev.id_ or "abbr:" + fold(prev.text)
                out.append(Span(doc, prev.start, prev.end, label=prev.label_, span_id=key))
                out.append(Span(doc, inner.start, inner.end, label=prev.label_, span_id=key))
            continue
        inner_ent = by_start.get(short.start)
        inner_id = inner_ent.id_ if inner_ent is not None and inner_ent.end == short.end else ""
        text = short.text
        long = None
        if prev is not None and (initials_match(text, prev.text) or (inner_id and prev.id_ == inner_id)):
            long = prev
        if long is None or not long.id_:
            run = long_form(doc, i, text, finder.connectors)
            if run is not None and (long is None or run.start <= long.start):
                long = run
        if long is None and prev is not None and prev.label_ in ("Instrument", "Mission") and not inner_id \
                and _redefined(prev.id_, text):
            long = prev  # "the Multispectral Camera (MUX)": the text's own short name for it
        if native is not None and initials_match(text, native.text):
            long = long or prev
        elif long is None:
            continue
        if long is not None and prev is not None and long is not prev and prev.id_ and \
                prev.start >= long.start:
            long = prev  # a known name inside the run keeps its own span
        if inner_id.startswith("http") and long is not None and not long.id_ and \
                _other_kind(inner_id, text, long, finder):
            inner_id = ""  # "the Kestrel Imaging Telescope (HIT)": not the known institute HIT
        known_long = long.id_ if long is not None and long.id_.startswith("http") else ""
        if known_long and not inner_id and _redefined(known_long, text):
            known_long = ""  # "Multispectral Camera (MUX)": not the known MSCam
        key = inner_id or known_long or "abbr:" + fold(text)
        if inner_id and inner_ent is not None:
            label = inner_ent.label_
        elif long is not None and long.id_:
            label = long.label_
        else:
            default = prev.label_ if prev is not None else (inner_ent.label_ if inner_ent is not None else "ORG")
            label = head_label(long if long is not None else native, finder.heads,
                               finder.program_heads, finder.org_heads, default)
        if long is not None and inner_id and long.id_ != inner_id and (
                long.id_.startswith("http") or any(t.ent_id_ == inner_id for t in long)):
            continue  # two known entities ("ESA (Chile)"), or the acronym of a known name inside
        if long is not None:
            out.append(Span(doc, long.start, long.end, label=label, span_id=key))
        if native is not None and initials_match(text, native.text):
            out.append(Span(doc, native.start, native.end, label=label, span_id=key))
        out.append(Span(doc, short.start, short.end, label=label, span_id=key))
        defined[text] = (key, label)
    for short, long in appositive_abbreviations(doc, finder):  # "KX, the Kestrel X-ray camera,"
        if short.text in defined or any(o.start <= short.start < o.end or o.start <= long.start < o.end
                                        for o in out):
            continue
        inner_ent = by_start.get(short.start)
        key = inner_ent.id_ if inner_ent is not None and inner_ent.end == short.end and inner_ent.id_ \
            else "abbr:" + fold(short.text)
        if key.startswith("http"):
            continue  # a known acronym keeps its own entity
        label = head_label(long, finder.heads, finder.program_heads, finder.org_heads,
                           "ORG" if inner_ent is None else inner_ent.label_
                           if inner_ent.label_ not in _NOT_NAME_TYPES else "PRODUCT")
        # (a short name the model read as a number, "3DIM": the sentence decides its type)
        out.append(Span(doc, long.start, long.end, label=label, span_id=key))
        out.append(Span(doc, short.start, short.end, label=label, span_id=key))
        defined[short.text] = (key, label)
    for tok in doc:  # "CSES-2 will carry ...": a defined abbreviation used again
        if tok.text in defined:
            key, label = defined[tok.text]
            if not any(o.start <= tok.i < o.end for o in out):
                out.append(Span(doc, tok.i, tok.i + 1, label=label, span_id=key))
    return out


def appositive_abbreviations(doc: Doc, finder: "NameFinder") -> list[tuple[Span, Span]]:
    """"KX, the Kestrel X-ray Camera, ...": an acronym followed, between commas or dashes, by
    the long name whose initials it holds (the apposition spells it out)."""
    out = []
    n = len(doc)
    for tok in doc:
        if tok.text not in (",", "\u2013", "\u2014") or tok.i == 0:
            continue
        a = tok.i - 1
        while a > 0 and not doc[a - 1].whitespace_ and not doc[a - 1].is_space and \
                not doc[a - 1].is_punct or a > 1 and doc[a - 1].text == "-" and not doc[a - 2].is_space:
            a -= 1
        short = doc[a:tok.i]
        if not _is_acronym(short.text) or len(short.text) < 3 or \
                (a > 0 and doc[a - 1].text[:1].isupper() and not doc[a - 1].is_sent_start):
            continue
        j = tok.i + 1
        if j < n and doc[j].lower_ in ("the", "a", "an", "its"):
            j += 1
        k = next((m for m in range(j + 1, min(n, j + 15)) if doc[m].text in (",", ".", ";", "(", ")",
                                                                           tok.text)
                  or "\n" in doc[m].text), None)
        if k is None:
            continue
        long = long_form(doc, k, short.text, finder.connectors)
        if long is not None and long.start == j and len(long) >= 2:
            out.append((short, long))
    return out


def merge(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans with an id (reference names, abbreviations with their long forms, headed
    organisations) first, the longest of them first; then the spans found by the words around
    them (Mission, Instrument, Program), then the longest; overlaps dropped. A known place
    inside the capitalised name of an instrument or a mission ("the Mars Rover Magnetometer",
    "the Moon Mineralogy Mapper") is part of that name."""
    named = [s for s in spans if not s.id_ and s.label_ in ("Mission", "Instrument") and len(s) >= 3
             and doc[s.end - 1].is_title]
    ids = [s for s in spans if s.id_]
    spans = [s for s in spans if not (s.label_ == "Place" and s.id_ and any(
        (n.start <= s.start or n.start == s.start + 1 and doc[s.start].lower_ == "the")
        and s.end < n.end for n in named))]  # ("The Moon" before "Moon Dust Monitor")
    # "the Wide Angle Panoramic Camera": a known name that ends a longer capitalised name of an
    # instrument or a mission is only its tail (nothing else known in the longer name)
    spans = [s for s in spans if not (s.id_ and any(
        n.start < s.start and s.end == n.end and not any(o is not s and o.start < n.end and n.start < o.end
                                                         for o in ids) for n in named))]
    ranked = sorted(spans, key=lambda s: (not s.id_, not s.id_ and s.label_ not in PATTERN_LABELS,
                                          -(s.end - s.start), s.id_.startswith("org:"), s.start))
    kept: list[Span] = []
    taken: set[int] = set()
    for s in ranked:
        if any(i in taken for i in range(s.start, s.end)):
            continue
        kept.append(s)
        taken.update(range(s.start, s.end))
    return filter_spans(sorted(kept, key=lambda s: s.start))
