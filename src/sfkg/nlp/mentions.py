"""From ``doc.ents`` to resolved mentions: each name in the body lands on one entity.

- Reference spans carry their entity's IRI (``ent_id``).
- A name the reference knows under another spelling is looked up by its folded form.
- Within a document, a surname ("Bianchi" for "Marco Bianchi") is the person named in full elsewhere in it,
  and an abbreviation defined in the text is its long form (shared ``ent_id``).
- A new entity's IRI is ``sfr:{type}/{slug of its longest name}``: the same name in two
  documents is one entity.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.lookups import Lookups
from spacy.tokens import Doc

from .. import patterns, reference
from ..model import Entity, Mention
from ..textnorm import fold, slug
from ..vocab import SFR
from . import pipeline, typing_rules
from .names import NESTED, described, headed_word

MODEL_TYPES = {
    "PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place",
    "PRODUCT": "Mission",
}
SFKG_TYPES = {"Agency", "Organization", "Person", "Mission", "Instrument", "Program", "Place"}
_LEAD = re.compile(r"^(the|a|an)\s+", re.I)
GENERIC = {w.lower() for w in patterns.load("entities")["organization_heads"]}
_CFG = patterns.load("entities")
EVENT_HEADS = {w.lower() for w in _CFG["event_heads"]}
EVENTS = {fold(w) for w in _CFG["events"]}
NOT_NAMES = {w.lower() for w in _CFG["not_names"]}
FIRM_NOUNS = frozenset(_CFG["firm_nouns"])


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The English dictionary words (nouns, verbs, adjectives, adverbs) the model's lemmatizer
    knows: a one-word name the reference lacks that is such a word ("Results", "Progress",
    "Outreach") is a capitalised common word, not a name."""
    try:
        root = Path(spacy.util.get_package_path(pipeline.model_name()))
    except Exception:  # noqa: BLE001 - a model given by path, or none installed
        return frozenset()
    for path in root.glob("**/lemmatizer/lookups"):
        try:
            table = Lookups().from_disk(path).get_table("lemma_index")
        except Exception:  # noqa: BLE001
            continue
        words = {w for pos in ("noun", "verb", "adj", "adv") if pos in table for w in table[pos]}
        try:  # irregular forms ("begun", "written")
            exc = Lookups().from_disk(path).get_table("lemma_exc")
            words.update(f for pos in ("noun", "verb", "adj", "adv") if pos in exc for f in exc[pos])
        except Exception:  # noqa: BLE001
            pass
        return frozenset(words)
    return frozenset()


def _common(tok) -> bool:
    words = common_words()
    low = tok.lower_
    return low in words or tok.lemma_.lower() in words or (
        low.endswith("s") and (low[:-1] in words or low.endswith("ies") and low[:-3] + "y" in words))


def after_firm_noun(doc, i: int) -> bool:
    """A name starting at token ``i`` right after a company noun ("the Belgian company AMOS"):
    a body's."""
    return i > 0 and doc[i - 1].lower_ in FIRM_NOUNS


def generic(span, label: str, etype: str) -> bool:
    """A name the model found that is no name: one capitalised common word ("Results", "Solar";
    not "The Courier", whose capital "The" marks a title), a time-zone code."""
    if label.lower() in NOT_NAMES:
        return True
    toks = list(span)
    if len(toks) == 2 and toks[0].lower_ == "the" and (toks[0].text == "the" or toks[0].is_sent_start):
        toks = toks[1:]
    if etype == "Place" or len(toks) != 1 or not toks[0].is_alpha:
        return False
    w = toks[0]
    if w.text.isupper() and len(w.text) < 4:
        return False  # an acronym
    if after_firm_noun(w.doc, w.i):
        return False  # "the Belgian company AMOS"
    return _common(w)


def description(span, label: str, ref) -> bool:
    """A reference name written as a description, not a name: all in lower case where the name
    has capitals ("the hope it gives"), or a common noun phrase after "a"/"an" ("a Japanese
    space station", "a soft gamma-ray imager")."""
    if ref is None:
        return False
    if label[:1].islower() and all(n[:1].isupper() for n in ref.names):
        return True
    prev = span.doc[span.start - 1] if span.start > 0 else None
    return prev is not None and prev.lower_ in ("a", "an") and any(t.is_lower for t in span[1:]) \
        and (span[0].is_lower or span[0].lower_ in patterns.demonyms())


def event_name(span, label: str, doc) -> bool:
    """Summits, forums, conferences and air shows are events (meeting claims), not entities:
    a name ending in such a word or followed by one ("the KSX conference", "the ABC air
    show"), or a well-known gathering."""
    if fold(label) in EVENTS or label.split()[-1].lower() in EVENT_HEADS:
        return True
    i = span.end
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        i += 3
    nxt = [t.lower_ for t in doc[i:i + 2]]
    return bool(nxt) and (nxt[0] in EVENT_HEADS or nxt[-1] in EVENT_HEADS and nxt[0] == "air"
                          or nxt[0] in ("show", "airshow"))


def title_name(span, doc) -> bool:
    """A post read as an organisation: "Head of Lunar Science", "Chairman & CEO", or the
    field of a title written before it ("Director of Launch Programmes")."""
    titles = patterns.titles()
    key = patterns.title_key(span.text)
    parts = [p.strip() for p in re.split(r"\s(?:&|and)\s", key)]
    if all(p in titles for p in parts):
        return True
    if any(key.startswith(t + " of ") for t in titles):
        return True
    if span.start >= 2 and doc[span.start - 1].lower_ == "for" and \
            patterns.title_key(doc[span.start - 2].text) in titles:
        return True  # a minister's portfolio ("Minister for Ocean Affairs")
    for k in (2, 3, 4):
        a = span.start - k
        if a >= 0 and doc[span.start - 1].lower_ in ("of", "for") and \
                patterns.title_key(doc[a:span.end].text) in titles:
            return True
    return False


def clean_label(text: str) -> str:
    text = " ".join(text.split())
    text = _LEAD.sub("", text)
    return re.sub(r"('s|')$", "", text).strip(" ,.;:")


def _keep(text: str, etype: str, span=None) -> bool:
    """Whether a name the reference does not know is worth keeping (see the rules inline)."""
    if len(text) < 3 and not (etype == "Person" and re.fullmatch(r"[A-Z][a-z]", text)) or \
            not re.search(r"[A-Za-z\u00c0-\u024f\u4e00-\u9fff]", text):
        return False  # a two-letter family name ("Xi", "Li") is kept, to join a full name
    last = text.split()[-1]
    if not (last[0].isupper() or last[0].isdigit()):
        return False  # "Administrator of", "Republic to": a name ends on a name word
    if etype in ("Organization", "Place") and (
        text.lower() in GENERIC or any(c.isdigit() for c in text)
    ):
        return False  # "Centre", "COVID-19"
    if span is not None and etype in ("Place", "Organization") and len(span) == 1 and \
            span[0].pos_ in ("VERB", "AUX", "ADJ") and not after_firm_noun(span.doc, span.start):
        return False  # "Edited" read as a place (not "the Swiss firm Syderal")
    if etype in ("Person", "Organization", "Mission") and not text[0].isupper() and not (
            etype == "Mission" and re.match(r"\d[A-Z]", text)):  # "3DIM", "3D Ion Mapper"
        return False
    if etype == "Person" and len(text.split()) == 1 and text.isupper():
        return False  # an acronym read as a person
    if etype == "Mission" and not (any(c.isdigit() for c in text) or sum(c.isupper() for c in text) >= 2) \
            and not (span is not None and headed_word(span, _HEADS)):  # "the Halvar observatory"
        return False
    return True


_HEADS = frozenset(w.lower() for k in ("mission_heads", "instrument_heads") for w in _CFG[k])


def _same_words(full: list[str], toks: list[str]) -> bool:
    """Words of a person's name, an initial standing for a word ("D. Roe" for "Dana Roe")."""
    return all(a == b or len(b) == 2 and b.endswith(".") and a[:1] == b[:1] and len(a) > 2
               for a, b in zip(full, toks))


def _unless_redefined(hit, key: str, etype: str = ""):
    """The reference entity a label names, unless the text defined that label with a short name
    of its own ("the Multispectral Camera (MUX)" is not the known MSCam) or defined a known short
    name as another kind of thing ("the Kestrel Imaging Telescope (HIT)", not the institute)."""
    if hit is not None and key.startswith("abbr:") and (
            reference.other_short_name(hit, key[5:]) or etype and reference.kind(hit.type) != reference.kind(etype)):
        return None
    return hit


def _family_first(label: str, text: str) -> bool:
    """A one-word name that opens a full name given elsewhere in the text and that the text
    uses alone as a name ("Wang said", after "Wang Lifen"): a family name written first."""
    return bool(re.search(rf"\b{re.escape(label)}\s+(?:said|says|added|explained|noted|told)\b", text))


_SERIAL = re.compile(r"(?P<stem>[A-Z][\w']{2,})-(?P<n>\d{1,3}[A-Z]?)")


def series_siblings(doc: Doc, text: str, raw: list[tuple]) -> list[tuple]:
    """"Korvane-1C ... fly in tandem with Korvane-1A": a serial name on the stem of a mission
    the text names is another mission of that series, wherever the model missed it or read it
    as a person's or a body's name. Returns ``raw`` so retyped and extended, in text order."""
    stems = {m["stem"] for _, lb, et, _ in raw if et == "Mission" for m in [_SERIAL.fullmatch(lb)] if m}
    if not stems:
        return raw
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(stems))) + r")-\d{1,3}[A-Z]?(?![\w-])")
    raw = [(s, lb, "Mission" if not k.startswith(str(SFR)) and pattern.fullmatch(lb) else et, k)
           for s, lb, et, k in raw]  # (read as a person's or a body's name)
    taken = {i for r in raw for i in range(r[0].start, r[0].end)}
    for m in pattern.finditer(text):
        span = doc.char_span(m.start(), m.end())
        if span is not None and not any(i in taken for i in range(span.start, span.end)):
            raw.append((span, m[0], "Mission", ""))
    return sorted(raw, key=lambda r: r[0].start)


def resolve(doc: Doc, text: str, skip: list[tuple[int, int]] = ()) -> tuple[list[Mention], dict[str, Entity]]:
    """Mentions (in text order) and the entities they name. ``text`` is the document text
    (labels are taken from it, not from the model's recased copy)."""
    ref_index = reference.index()
    ref_iris = reference.by_iri()
    sent_of = {}
    for i, s in enumerate(doc.sents):
        for t in s:
            sent_of[t.i] = i
    raw = []
    weak = []  # names dropped on their own, kept where the same name stands kept elsewhere
    events = {span.ent_id_ for span in doc.ents if span.ent_id_ and not span.ent_id_.startswith(str(SFR))
              and event_name(span, clean_label(text[span.start_char:span.end_char]), doc)}
    for span in doc.ents:
        etype = span.label_ if span.label_ in SFKG_TYPES else MODEL_TYPES.get(span.label_)
        label = clean_label(text[span.start_char:span.end_char])
        if etype is None and span.label_ == "NORP":  # "the Gaganyaan programme" read as a people's name
            hit = ref_index.get(fold(label))
            etype = hit.type if hit is not None and hit.type != "Place" and label[:1].isupper() else None
        if etype is None:
            continue
        key = span.ent_id_ or ""
        if not key.startswith(str(SFR)):
            hit = ref_index.get(fold(label))
            hit = _unless_redefined(hit, key, etype)  # "the Multispectral Camera (MUX)": not the known camera
            if hit is not None and text[span.start_char:span.start_char + 1].isupper() and (
                    hit.type == etype or etype in ("Organization", "Place", "Mission") or len(span) == 1):
                key = hit.iri  # the model's span is a known name (a one-word name of any type)
        elif description(span, label, ref_iris.get(key)):
            continue
        if not key and etype in ("Place", "Organization") and typing_rules.series_cue(label) \
                and re.search(r"[-\s]\d", label) and not re.sub(r"[^A-Za-z]", "", label).isupper():
            etype = "Mission"  # "Tianlu-4" read as a place: a numbered name is a mission's
        if not key.startswith((str(SFR), "alias:")) and not _keep(label, etype, span):  # ("the probe, called Hera,")
            weak.append((span, label, etype, key))
            continue
        if not key.startswith(str(SFR)) and (key in events or event_name(span, label, doc) or (
                etype in ("Organization", "Person") and title_name(span, doc))):
            continue
        raw.append((span, label, etype, key))
    full_names = [fold(lb).split() for _, lb, et, _ in raw if et == "Person" and " " in lb]
    raw = [(s, lb, "Person" if et in ("Place", "Organization") and not k and any(
        full[-len(fold(lb).split()):] == fold(lb).split() or  # "Wang" after "Wang Lifen"
        len(fold(lb).split()) == 1 and len(full) in (2, 3) and full[0] == fold(lb) and
        _family_first(lb, text) for full in full_names) else et, k)
        for s, lb, et, k in raw]
    full_tokens = {t for full in full_names for t in full}
    named = [r for r in raw if r[3].startswith(str(SFR)) or r[3] or not generic(r[0], r[1], r[2]) or (
        r[2] == "Person" and fold(r[1]) in full_tokens) or (
        r[1].lower() not in NOT_NAMES and typing_rules.strong_context(doc, r[0]))]
    kept_ids = {id(r) for r in named}
    weak += [r for r in raw if id(r) not in kept_ids]
    raw = named
    # "The K9 mission ... K9 carries two cameras": a name kept once is a name where it stands again
    kept = {fold(lb) for s, lb, et, k in raw if et != "Person" and not k.startswith(str(SFR))}
    raw = sorted(raw + [r for r in weak if fold(r[1]) in kept and r[2] != "Person" and r[1][:1].isupper()],
                 key=lambda r: r[0].start)
    raw = typing_rules.retype(doc, raw, common_words())  # an unknown name's type from its context
    raw = [(s, lb, "Organization" if not k.startswith(str(SFR)) and after_firm_noun(doc, s.start) else et, k)
           for s, lb, et, k in raw]  # "the Swiss firm Syderal supplied ...": a body whatever its frame
    raw = series_siblings(doc, text, raw)
    raw = [r for r in raw if not (r[2] == "Instrument" and not r[3].startswith(str(SFR))
                                  and r[0].end < len(doc) and doc[r[0].end].lemma_.lower() in _HEADS
                                  and described(doc, r[0].start, r[0].end))]  # "a Langmuir probe"
    defined = {fold(lb): k for _, lb, _, k in raw if k.startswith("abbr:")}
    raw = [(s, lb, et, defined.get(fold(lb), k) if not k or k.startswith("org:") else k) for s, lb, et, k in raw]
    # (the long name used again alone, after "Long Name (LN)", is that entity too)
    # cluster what the reference does not know
    clusters: dict[str, tuple[str, str]] = {}  # key -> (type, longest label)
    persons: list[tuple[list[str], str]] = []  # (folded tokens, key)
    key_of: dict[tuple[str, str, str], str] = {}  # (type, folded label, span id) -> cluster key
    for span, label, etype, key in sorted(raw, key=lambda r: -len(r[1])):
        if key.startswith(str(SFR)):
            if etype == "Person" or getattr(ref_iris.get(key), "type", "") == "Person":
                persons.append((fold(label).split(), key))  # a known person's surname joins it
            continue
        own = (etype, fold(label), key)
        if etype == "Person":
            toks = fold(label).split()
            for full, pkey in persons:
                if len(toks) <= len(full) and (_same_words(full[-len(toks):], toks) or full[:len(toks)] == toks):
                    key = pkey
                    break
            else:
                if len(label) < 3:
                    continue  # a two-letter name that opens or closes no full name here
                key = key or "person:" + fold(label)
                persons.append((toks, key))
        if etype == "Organization" and (not key or key.startswith("org:")) and len(fold(label).split()) >= 2:
            toks = fold(label).split()
            longer = {k for k, (t, lb) in clusters.items() if t == "Organization"
                      and len(fold(lb).split()) > len(toks) and fold(lb).split()[-len(toks):] == toks}
            if len(longer) == 1:
                key = longer.pop()  # "the Science Team" after "the Kestrel Science Team"
        key_of[own] = key = key or f"{etype}:{fold(label)}"
        if not key.startswith(str(SFR)):
            clusters.setdefault(key, (etype, label))
    entities: dict[str, Entity] = {}
    mentions: list[Mention] = []
    for span, label, etype, key in raw:
        if not key.startswith(str(SFR)):
            if (etype, fold(label), key) not in key_of:
                continue
            key = key_of[(etype, fold(label), key)]
        if not key.startswith(str(SFR)):
            ctype, canonical = clusters[key]
            hit = ref_index.get(fold(canonical))
            hit = _unless_redefined(hit, key)  # "Multispectral Camera (MUX)": another mission's camera
            # a name defined with its abbreviation is named by the abbreviation, which other
            # documents use alone ("ZPRI" names the same body as "... Institute (ZPRI)")
            short = key[5:] if key.startswith("abbr:") else canonical
            iri = hit.iri if hit is not None else str(SFR[f"{ctype.lower()}/{slug(short)}"])
        else:
            iri = key
        ref = ref_iris.get(iri)
        if ref is not None:
            etype = ref.type
            ent = entities.setdefault(iri, Entity(iri, ref.type, ref.label, set(ref.names), known=True))
        else:
            etype = clusters[key][0]
            ent = entities.setdefault(iri, Entity(iri, etype, clusters[key][1]))
        ent.labels.add(label)
        if any(a <= span.start_char < b for a, b in skip):
            continue
        mentions.append(Mention(span.start_char, span.end_char, label, iri, etype,
                                span.start, span.end, sent_of.get(span.start, 0)))
    for span in doc.spans.get(NESTED, []):  # known names inside an organisation's name
        ref = ref_iris.get(span.label_)
        if ref is not None:
            ent = entities.setdefault(ref.iri, Entity(ref.iri, ref.type, ref.label, set(ref.names), known=True))
            ent.labels.add(clean_label(text[span.start_char:span.end_char]))
    return mentions, entities
