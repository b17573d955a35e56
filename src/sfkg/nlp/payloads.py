"""Payloads and their builders: ``carries`` (a mission carries a named instrument) and
``built_by`` (an organisation or a country built, developed or supplied it).

The constructions are read off the dependency parse; the words they hinge on are data
(``patterns/triggers.yaml``, sections ``carries`` and ``built_by``):

- an agent phrase on a build verb: "X was developed by Y", "X, developed by Y (along with Z)",
  "X, developed by students of Y", "Building of X has been completed by Y";
- an active build verb: "Y developed X", "Y and Z developed X", "X, which Y developed",
  "a detector that Y developed", "X, which comes from Y";
- a contractor noun: "with Y acting as their prime contractor", "Y, prime contractor for X";
- a carry link: a carry verb or noun, "on board", "aboard", "on the X lander", "fitted to X",
  a payload list after a colon; the carrier is the mission named in the sentence, or the one
  "it", "its" or "the spacecraft" points back to.

An unnamed payload ("a payload for X", "the X-ray telescope, which France developed") stands
for the instrument the neighbouring sentences name (with the same head noun when it has a
specific one).
"""

from __future__ import annotations

import copy
from functools import lru_cache

from spacy.tokens import Token

from dataclasses import replace

from .. import patterns, reference
from ..model import Mention
from . import triggers
from .layouts import item_start
from .mentions import FIRM_NOUNS
from .names import launcher_flight
from .syntax import np_head, tree_distance


@lru_cache(maxsize=1)
def _instrument_heads() -> frozenset[str]:
    return frozenset(w.lower() for w in patterns.load("entities")["instrument_heads"])


_words = triggers.words  # a word list of triggers.yaml, read once


def carry_verbs() -> set[str]:
    return _words("carries", "carry_verbs")


# ------------------------------------------------------------------------------ frame typing

def framed(ctx):
    """The sentence's context with the names the reference does not know typed by the payload
    frame they stand in: a name the sentence presents as carried ("X aboard K9", "K9 carries
    X", "X, one of the instruments on K9", "the X drill") is an instrument, one it presents as
    the carrier ("X, which carries ...", "aboard X", "X's payload", "the X payload comprises")
    is a mission, whatever type the name guesser gave it. Known names keep their type."""
    cached = getattr(ctx, "_payload_frame", None)
    if cached is not None:
        return cached
    by_sent = {si: _framed_sentence(ctx, si) for si in ctx.by_sent}
    if all(by_sent[si] is ctx.by_sent[si] for si in by_sent):
        out = ctx
    else:
        out = copy.copy(ctx)
        out.by_sent = by_sent
        out.ms = by_sent.get(ctx.si, ctx.ms)
    ctx._payload_frame = out
    out._payload_frame = out
    return out


def _framed_sentence(ctx, si: int) -> list[Mention]:
    """The mentions of sentence ``si`` typed by their payload frame (once per document)."""
    cache = ctx.doc.user_data.setdefault("sfkg_payload_frame", {})
    if si in cache:
        return cache[si]
    here = copy.copy(ctx)
    here.si, here.ms = si, ctx.by_sent.get(si, [])
    retyped = []
    for m in here.ms:
        kind = None
        if m.iri not in reference.by_iri() and m.text not in ctx.countries and not _org_name(m) \
                and not (m.type == "Program" and launcher_flight(m.text)):  # "LVM3-M4": a launcher in any frame
            kind = _frame_type(here, m)
        retyped.append(replace(m, type=kind) if kind and kind != m.type else m)
    cache[si] = here.ms if all(a is b for a, b in zip(retyped, here.ms)) else retyped
    return cache[si]


def _built_object(ctx, head: Token) -> bool:
    """"Y supplied X", "X was developed by Y", "the explorer (X), developed by Y": the name is
    what an organisation or a country built, so a payload (a host spacecraft keeps its type)."""
    lemmas = _words("built_by", "lemmas")
    while head.dep_ == "appos" and head.head.i != head.i:
        head = head.head
    verb = head.head
    if head.dep_ == "dobj" and verb.lemma_.lower() in lemmas and not _negated(verb):
        return bool(_agents(ctx, [c for c in verb.children if c.dep_ == "nsubj"]))
    candidates = [verb] if head.dep_ == "nsubjpass" else []
    candidates += [c for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    for v in candidates:
        if v.lemma_.lower() in lemmas and not _negated(v):
            by = [o for c in v.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
            if _agents(ctx, by):
                return True
    return False


def _frame_type(ctx, m: Mention) -> str | None:
    root = _root(ctx, m)
    head = np_head(root, conj=False)
    np = np_head(root)  # the first of a list ("A and B, both aboard K9")
    payload_heads = _instrument_heads() | _words("carries", "payload_heads")
    carrier_nouns = _words("carries", "carrier_nouns")
    if m.type in ("Person", "Place", "Organization") and head.i != root.i and root.dep_ == "compound":
        lem = head.lemma_.lower()
        if lem in payload_heads:
            return "Instrument"  # "the Tisken drill"
        if lem in carrier_nouns:
            return "Mission"  # "the Lumet probe"
    if head.dep_ == "poss" and head.head.lemma_.lower() in _words("carries", "generic_payloads") | {"payload"}:
        return "Mission"  # "X's payload includes", "X's instruments"
    # a descriptive appositive, not another name the parse hung there ("X, the Y imager")
    appos = [c for c in head.children if c.dep_ == "appos" and not any(
        o is not m and np_head(_root(ctx, o), conj=False).i == c.i for o in ctx.ms)]
    for a in appos:  # "Quarrick, ESA's next comet mission"; "MIRAX, the infrared mapper"
        if a.lemma_.lower() in carrier_nouns and m.type != "Mission" and not _hosted(ctx, a):
            return "Mission"
        if a.lemma_.lower() in payload_heads or _one_of_payloads(a):
            return "Instrument"
        if _hosted(ctx, a):
            return "Instrument"
    if _hosted(ctx, np) or _hosted_subject(ctx, np):
        return "Instrument"
    if m.type in ("Person", "Place", "Organization") and head.i == root.i and _built_object(ctx, head):
        return "Instrument"
    if m.type != "Mission" and _carrier_slot(ctx, head):
        return "Mission"
    if m.type == "Instrument" and head.lemma_.lower() == "payload" and head.dep_ in ("nsubj", "nsubjpass") \
            and head.head.lemma_.lower() in _words("carries", "comprise_verbs"):
        return "Mission"  # "the Drevan payload comprises A and B"
    return None


def _org_name(m: Mention) -> bool:
    """A name that says it is an organisation ("X Institute", "X GmbH") keeps its type."""
    if m.type != "Organization":
        return False
    last = m.text.split()[-1].lower().strip(".,")
    heads = {w.lower() for w in patterns.load("entities")["organization_heads"]}
    return last in heads or last in _words("carries", "company_suffixes")


def _host_objects(tok: Token) -> list[Token]:
    """The objects of "aboard X", "onboard X", "on board X" hanging from ``tok``."""
    out = []
    for c in tok.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ in ("aboard", "onboard"):
            out += [o for o in c.children if o.dep_ == "pobj"]
        elif c.lower_ == "on":
            for o in c.children:
                if o.dep_ == "pobj" and o.lower_ == "board":
                    out += [x for p in o.children if p.dep_ == "prep" for x in p.children if x.dep_ == "pobj"]
                    out += [x for x in o.children if x.dep_ in ("pobj", "compound", "appos")]
    return out


def _names_carrier(ctx, toks: list[Token]) -> bool:
    """One of these tokens heads a mission's noun phrase, or a carrier noun with a name."""
    for o in toks:
        for m in ctx.ms:
            if _inside(o, m) or np_head(_root(ctx, m), conj=False).i == o.i:
                if m.type == "Mission" or o.lemma_.lower() in _words("carries", "carrier_nouns"):
                    return True
    return False


def _hosted(ctx, tok: Token) -> bool:
    """"X aboard K9", "X, both aboard the K9 satellite": the phrase is placed on a named carrier."""
    return _names_carrier(ctx, _host_objects(tok))


def _hosted_subject(ctx, np: Token) -> bool:
    """"X will be installed on K9", "X, which will ride to Mars aboard K9", "X will fly on K9":
    the subject of a verb that places it on a named carrier."""
    verb = None
    if np.dep_ in ("nsubj", "nsubjpass"):
        verb = np.head
    rel = [c for c in np.children if c.dep_ == "relcl" and any(
        d.dep_ in ("nsubj", "nsubjpass") and d.tag_ in ("WDT", "WP") for d in c.children)]
    fit = _words("carries", "fit_verbs")
    for v in [verb, *rel]:
        if v is None or v.pos_ not in ("VERB", "AUX"):
            continue
        if any(c.dep_ == "neg" for c in v.children):
            continue
        objs = _host_objects(v)
        if v.lemma_.lower() in fit:
            objs += [o for c in v.children if c.dep_ == "prep" and c.lower_ in ("on", "onto", "to", "aboard")
                     for o in c.children if o.dep_ == "pobj"]
        if _names_carrier(ctx, objs):
            return True
    return False


def _one_of_payloads(tok: Token) -> bool:
    """"one of the five instruments (on K9)": an appositive counting the name among payloads."""
    if tok.lower_ not in ("one", "part"):
        return False
    payload_nouns = _instrument_heads() | _words("carries", "generic_payloads")
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(
        o.dep_ == "pobj" and o.lemma_.lower() in payload_nouns for o in c.children) for c in tok.children)


def _carrier_slot(ctx, head: Token) -> bool:
    """"X carries ...", "X, which carries ...", "X is set to carry ...", "aboard X", "the
    instruments on X": the name is the carrier."""
    carry = _words("carries", "carrier_verbs")
    if head.dep_ in ("nsubj", "nsubjpass"):
        v = head.head
        if v.lemma_.lower() in carry and v.pos_ in ("VERB", "AUX") and head.dep_ == "nsubj":
            return True
        if any(c.dep_ == "xcomp" and c.lemma_.lower() in carry for c in v.children):
            return True  # "X is set to carry"
    for c in head.children:
        if c.dep_ == "relcl" and c.lemma_.lower() in carry and any(
                d.dep_ == "nsubj" and d.tag_ in ("WDT", "WP") for d in c.children):
            return True
    if head.dep_ == "pobj" and head.head.lower_ in ("aboard", "onboard"):
        return True
    payload_nouns = _instrument_heads() | _words("carries", "generic_payloads")
    if head.dep_ == "pobj" and head.head.lower_ == "on" and head.head.head.lemma_.lower() in payload_nouns \
            and head.head.head.tag_ in ("NNS", "NNPS"):
        return True  # "one of the five instruments on X", "the instruments on X"
    return False


def _root(ctx, m: Mention) -> Token:
    return ctx.doc[m.token_start:m.token_end].root


def _inside(tok: Token, m: Mention) -> bool:
    return m.token_start <= tok.i < m.token_end


def _mention_at(ctx, tok: Token, types: tuple[str, ...]) -> Mention | None:
    """The mention whose span holds ``tok`` or whose noun phrase ``tok`` heads: "K9" for
    "the K9 seismometer", "ZQ-1" for "ZQ-1, a small satellite"."""
    for m in ctx.ms:
        if m.type in types and (_inside(tok, m) or np_head(_root(ctx, m), conj=False).i == tok.i):
            return m
    for c in tok.children:  # "the ZX, a telescope": the name is the appositive
        if c.dep_ == "appos":
            for m in ctx.ms:
                if m.type in types and _inside(c, m):
                    return m
    if tok.dep_ == "appos":  # "ZX-2 (...), a detector that Y developed"
        for m in ctx.ms:
            if m.type in types and _inside(tok.head, m):
                return m
    return None


def _unnamed_payload(ctx, tok: Token) -> Mention | list[Mention] | None:
    """"a payload", "the X-ray space telescope": the instrument that the sentences around name,
    the nearest first (the sentence before wins a tie), three sentences away at most and not
    across a sentence about another mission; a specific head noun ("telescope") must be the
    named instrument's own head noun or word."""
    head = tok.lemma_.lower()
    generic = _words("carries", "generic_payloads")
    if head not in _instrument_heads() and head not in generic:
        return None
    if any(c.dep_ in ("poss", "nummod") for c in tok.children):
        return None  # "its instruments", "two instruments": not one named payload
    plural = tok.tag_ in ("NNS", "NNPS")
    colon = next((t for t in ctx.sent if t.i > tok.i and t.text == ":"), None)
    if colon is not None and not plural:  # "an instrument developed at X: the Y"
        named = [m for m in ctx.ms if m.type == "Instrument" and colon.i < m.token_start <= colon.i + 2]
        if named:
            return named[0]
    for k in (0, 1, -1, 2, -2, 3, -3):
        if _other_mission_between(ctx, k):
            continue
        found = [m for m in ctx.by_sent.get(ctx.si - k, []) if m.type == "Instrument"
                 and (k != 0 or m.token_end <= tok.i)]
        if head not in generic:  # "the X-ray telescope" is the instrument a telescope names
            found = [m for m in found if head in m.text.lower().split()
                     or np_head(ctx.doc[m.token_start:m.token_end].root, conj=False).lemma_.lower() == head
                     or any(t.lemma_.lower() == head for t in ctx.doc[m.token_start].sent)]
        if found and plural:  # "the new instruments": all those the nearest sentence names
            return list({m.iri: m for m in found}.values())
        if found:
            return found[-1] if k >= 0 else found[0]
    return None


def _other_mission_between(ctx, k: int) -> bool:
    """A sentence between this one and the one ``k`` before (after, for ``k`` < 0) names a
    mission that this one does not: the text has moved on to another mission, and the
    instruments named there are not this sentence's."""
    here = {m.iri for m in ctx.ms if m.type == "Mission"}
    step = 1 if k > 0 else -1
    between = [m for j in range(step, k, step) for m in ctx.by_sent.get(ctx.si - j, [])]
    return any(m.type == "Mission" and m.iri not in here for m in between)


def _thing(ctx, tok: Token, conj: bool = True) -> list[Mention]:
    """The payloads a noun phrase names: the mention it is (and, with ``conj``, its conjuncts),
    else the payload an unnamed instrument noun stands for; "a detector of particles that Y
    developed" reaches the detector."""
    out = []
    for t in [tok, *tok.conjuncts] if conj else [tok]:
        m = _mention_at(ctx, t, ("Instrument", "Mission"))
        if m is None:  # "a seismometer named X", "a camera called X"
            m = next((x for c in t.children if c.dep_ == "acl" and c.lemma_.lower() in ("name", "call", "dub")
                      for o in c.children if o.dep_ in ("oprd", "xcomp", "dobj", "attr")
                      for x in [_mention_at(ctx, o, ("Instrument", "Mission"))] if x), None)
        if m is None:  # "the wind scatterometer, known as X"
            m = next((x for c in t.children if c.dep_ == "acl" and c.lemma_.lower() == "know"
                      for p in c.children if p.dep_ == "prep" and p.lower_ == "as"
                      for o in p.children if o.dep_ == "pobj"
                      for x in [_mention_at(ctx, o, ("Instrument", "Mission"))] if x), None)
        if m is None and t.dep_ == "appos" and t.lemma_.lower() in _instrument_heads():
            m = _mention_at(ctx, t.head, ("Instrument", "Mission"))  # "X, a radiometer provided by Y"
        if m is None and t.pos_ == "NOUN" and t.lemma_.lower() in _LIST_NOUNS:
            # "Euclid's two instruments, the visible imager (VIS) and the ... (NISP), were
            # developed by Y": the names in apposition to the counted noun
            m = [x for a in t.children if a.dep_ == "appos" for c in [a, *a.conjuncts]
                 for x in [_mention_at(ctx, c, ("Instrument",)) or next(
                     (y for d in c.children if d.dep_ == "appos"
                      for y in [_mention_at(ctx, d, ("Instrument",))] if y), None)] if x] or None
        if m is None and t.lower_ in _PORTIONS:  # "supplied one of the two mirror assemblies of X"
            m = [x for p in t.children if p.dep_ == "prep" and p.lower_ == "of"
                 for o in p.children if o.dep_ == "pobj" for x in _thing(ctx, o, conj=False)] or None
        if m is None and t.pos_ in ("NOUN", "PROPN"):
            m = _unnamed_payload(ctx, t)
        if m is None and t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ == "NOUN":
            m = _mention_at(ctx, t.head.head, ("Instrument", "Mission")) or _unnamed_payload(ctx, t.head.head)
        parts = _words("built_by", "part_nouns")
        if m is None and (t.lemma_.lower() in parts or t.lower_ in parts):  # ("electronics": lemma "electronic")
            # "the detector of X", "X's mirror": a part of a named instrument stands for it
            owners = [o for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "for")
                      for o in c.children if o.dep_ == "pobj"] + [c for c in t.children if c.dep_ == "poss"]
            if t.dep_ == "dobj":  # "Y delivered the optics for X": the parse hangs "for X" on the verb
                owners += [o for c in t.head.children if c.dep_ in ("prep", "dative") and c.lower_ == "for"
                           for o in c.children if o.dep_ == "pobj"]
            found = [x for o in owners for x in [_mention_at(ctx, o, ("Instrument",))
                                                 or _its_instrument(ctx, o)] if x]
            m = found[0] if found else None
        for x in (m if isinstance(m, list) else [m] if m is not None else []):
            if x not in out:
                out.append(x)
    return out


def _its_instrument(ctx, poss: Token) -> Mention | None:
    """"its optics were supplied by Y": the instrument "its" points back to, when the name
    nearest before it (in its sentence or the one before) is an instrument's."""
    if poss.lower_ != "its":
        return None
    for k in (0, 1):
        named = [m for m in ctx.by_sent.get(ctx.si - k, []) if m.type in ("Instrument", "Mission")
                 and (k or m.token_end <= poss.i)]
        subjects = [m for m in named if _subject_like(ctx.doc[m.token_start:m.token_end].root)]
        if k and subjects:  # the sentence before: what it is about, else the name nearest
            named = subjects
        if named:
            return named[-1] if named[-1].type == "Instrument" else None
    return None


def _subject_like(t: Token) -> bool:
    """A clause's subject, or a name in apposition to one (or to its "of" object)."""
    while t.dep_ in ("appos", "pobj", "prep") and t.head.i != t.i:
        t = t.head
    return t.dep_ in ("nsubj", "nsubjpass")


_LIST_NOUNS = frozenset({"instrument", "payload", "experiment", "sensor"})
_PORTIONS = frozenset({"one", "two", "three", "part", "parts", "some", "each", "several", "all", "half"})


def _agents(ctx, toks: list[Token]) -> list[Mention]:
    """Organisations or countries named by these tokens and their conjuncts, and by "along
    with"/"together with" phrases on them; "students of Y" is Y."""
    out: list[Mention] = []
    people = _words("built_by", "people")
    todo = list(toks)
    todo += [o for t in toks if t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.head.pos_ == "VERB"
             for o in co_objects(t.head.head)]  # "developed by X, together with Y": on the verb
    seen = set()
    while todo:
        t = todo.pop(0)
        if t.i in seen:
            continue
        seen.add(t.i)
        todo += [c for c in t.conjuncts]
        m = _agent_at(ctx, t)
        if m is not None and m not in out:
            out.append(m)
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "at", "from") and (
                    t.lemma_.lower() in people or t.lower_.removesuffix("s") in people):
                todo += [o for o in c.children if o.dep_ == "pobj"]
            if m is None and c.dep_ == "appos" and t.lower_ in FIRM_NOUNS:
                todo.append(c)  # "the Swiss firm Syderal supplied ..."
        todo += co_objects(t)
    return out


def co_objects(tok: Token) -> list[Token]:
    """The objects of "along with Y", "together with Y", "alongside Y" on a token."""
    co = _words("built_by", "co_makers")
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in co:  # "alongside Y"
            out += [o for o in c.children if o.dep_ == "pobj"]
        if c.dep_ in ("advmod", "prep") and f"{c.lower_} with" in co:  # "along with Y"
            for p in c.children:
                if p.dep_ == "prep" and p.lower_ == "with":
                    out += [o for o in p.children if o.dep_ == "pobj"]
        if c.dep_ == "prep" and c.lower_ == "with" and any(  # ("together" hung on "with")
                f"{a.lower_} with" in co for a in c.children if a.dep_ == "advmod"):
            out += [o for o in c.children if o.dep_ == "pobj"]
    return out


def _agent_at(ctx, tok: Token) -> Mention | None:
    for m in ctx.ms:
        if not (_inside(tok, m) or np_head(_root(ctx, m), conj=False).i == tok.i):
            continue
        if m.type in ("Organization", "Agency") or (m.type == "Place" and m.text in ctx.countries):
            return m
    return None


def _clause_subjects(verb: Token) -> list[Token]:
    """The subject of a verb, reaching through a passive/active chain ("were designed and built")."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        subj = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subj


def built_by(ctx, pending: list | None = None) -> list[tuple[str, str]]:
    """(payload IRI, builder IRI) pairs of one sentence. Pairs whose thing is a mission this
    sentence does not present as carried go to ``pending``: a rover or a cubesat that another
    sentence puts aboard a mission is a payload, a host spacecraft is not."""
    ctx = framed(ctx)
    sent = ctx.sent
    lemmas = _words("built_by", "lemmas")
    nouns = _words("built_by", "nouns")
    from_verbs = _words("built_by", "from_verbs")
    at_verbs = _words("built_by", "at_verbs")
    pairs: list[tuple[Mention, Mention]] = []
    for tok in sent:
        lem = tok.lemma_.lower()
        if _negated(tok if tok.lower_ not in ("by", "at") else tok.head):
            continue  # "JAXA did not build X", "X was not built by Y"
        if tok.lower_ == "by" and tok.dep_ in ("agent", "prep"):
            by_pairs = _by_agent(ctx, tok, lemmas, nouns)
            pairs += by_pairs + _by_words(ctx, tok, lemmas, by_pairs)
        elif tok.pos_ == "VERB" and lem in lemmas:
            pairs += _active(ctx, tok)
        elif tok.lower_ == "at" and tok.dep_ == "prep" and tok.head.lemma_.lower() in at_verbs and (any(
                c.dep_ in ("nsubjpass", "auxpass") for c in _passive_base(tok.head).children)
                or tok.head.tag_ == "VBN" and _passive_base(tok.head).dep_ == "acl"):  # "X, a magnetometer built at Y"
            makers = [m for m in _agents(ctx, [o for o in tok.children if o.dep_ == "pobj"])
                      if m.type in ("Organization", "Agency")]  # "realised at LAM", not "in France"
            pairs += [(th, mk) for th in _verb_things(ctx, _passive_base(tok.head)) for mk in makers]
        elif tok.pos_ == "VERB" and lem in from_verbs:
            for p in tok.children:
                if p.dep_ == "prep" and p.lower_ == "from":
                    makers = _agents(ctx, [o for o in p.children if o.dep_ == "pobj"])
                    for th in _verb_things(ctx, tok):
                        pairs += [(th, mk) for mk in makers]
        elif lem in _words("built_by", "contractor_nouns"):
            pairs += _contractor(ctx, tok)
        elif tok.lower_ == "responsible":
            pairs += _responsible(ctx, tok)
        elif tok.pos_ == "NOUN" and lem in _words("built_by", "gift_nouns"):
            pairs += _contribution(ctx, tok)
        elif tok.pos_ == "VERB" and lem in _words("built_by", "lead_verbs"):
            pairs += _led_work(ctx, tok)
        if lem in lemmas and tok.tag_ == "VBN":
            pairs += _hyphen_builder(ctx, tok)
    segments = _list_segments(sent)
    if segments:
        pairs = [(th, mk) for th, mk in pairs if not _across_items(ctx, segments, th, mk)]
        pairs += _item_pairs(ctx, segments, lemmas, at_verbs)
    out = []
    for thing, maker in pairs:
        if thing.iri == maker.iri:
            continue
        if not _payload_ok(ctx, thing):
            if thing.type == "Mission" and pending is not None and (thing.iri, maker.iri) not in pending:
                pending.append((thing.iri, maker.iri))
            continue
        if (thing.iri, maker.iri) not in out:
            out.append((thing.iri, maker.iri))
    for pair in _gapped(ctx, lemmas):
        if pair not in out:
            out.append(pair)
    return out


def _list_segments(sent) -> list[tuple[int, int]]:
    """The items of a list written as one sentence with semicolons ("the A, built by X; the B,
    developed by Y; and the C, provided by Z"): token ranges, or none for a sentence with fewer
    than two semicolons."""
    cuts = [t.i for t in sent if t.text == ";"]
    if len(cuts) < 2:
        return []
    bounds = [sent.start, *[c + 1 for c in cuts]]
    ends = [*cuts, sent.end]
    return list(zip(bounds, ends))


def _segment_of(segments, i: int) -> int:
    return next((n for n, (a, b) in enumerate(segments) if a <= i < b), -1)


def _item_instruments(ctx, segment) -> list[Mention]:
    a, b = segment
    return [m for m in ctx.ms if a <= m.token_start and m.token_end <= b and m.type == "Instrument"]


def _across_items(ctx, segments, thing: Mention, maker: Mention) -> bool:
    """A builder paired with a payload of another item of the list, while its own item names a
    payload of its own: the parse hung the item's participle on the wrong noun."""
    st, sm = _segment_of(segments, thing.token_start), _segment_of(segments, maker.token_start)
    return st != sm and any(m.token_start < maker.token_start for m in _item_instruments(ctx, segments[sm]))


def _item_pairs(ctx, segments, lemmas, at_verbs) -> list[tuple[Mention, Mention]]:
    """Each item of a semicolon list that names one payload and then "built/developed/provided
    by Y" or "built at Y": Y built that payload."""
    doc = ctx.doc
    out = []
    for seg in segments:
        things = _item_instruments(ctx, seg)
        if not things or len({m.iri for m in things}) != 1:
            continue
        b = seg[1]
        for t in doc[things[-1].token_end:b]:
            if t.tag_ != "VBN" or t.lemma_.lower() not in lemmas or _negated(t):
                continue
            nxt = doc[t.i + 1] if t.i + 1 < b else None
            if nxt is None or not (nxt.lower_ == "by" or nxt.lower_ == "at" and t.lemma_.lower() in at_verbs):
                continue
            out += [(things[0], m) for m in _phrase_makers(ctx, nxt, countries=nxt.lower_ == "by")]
            break
    return out


def _passive_base(verb: Token) -> Token:
    """"was developed and built at X": the second verb shares the first one's subject."""
    return verb.head if verb.dep_ == "conj" and verb.head.pos_ == "VERB" else verb


_BY_STOPS = {"with", "under", "using", "for", "while", "whereas", "which", "who", "thanks", "but",
             "after", "before", "since", "as", "to", "from", "through", "within", "over", "during"}


def _phrase_makers(ctx, prep: Token, countries: bool = True) -> list[Mention]:
    """The organisations (and, with ``countries``, countries) named from ``prep`` ("by", "at") to
    the end of its phrase (a semicolon, a relative or another clause, "with ...", "under ..."),
    not those named after "of", "at" or "in" or before an owner's "'s" (parts of a name: "IHEP of
    the Chinese Academy of Sciences", "Spain's Centro de Astrobiología")."""
    doc, sent = prep.doc, ctx.sent
    end = prep.i + 1
    while end < sent.end:
        t = doc[end]
        if t.text in (";", ":", "(") and not (t.text == "(" and end + 1 < sent.end and doc[end + 1].text.isupper()):
            break
        if t.lower_ in _BY_STOPS or t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound"):
            break
        if t.text == "," and end + 1 < sent.end and doc[end + 1].lower_ in ("which", "who", "its", "while", "and", "but", "whose") \
                and (doc[end + 1].lower_ != "and" or end + 2 < sent.end and doc[end + 2].pos_ in ("PRON", "VERB", "AUX", "DET")):
            break
        end += 1
    makers: list[Mention] = []
    for m in ctx.ms:
        if not (prep.i < m.token_start < end) or m.token_start < 1:
            continue
        k = m.token_start - 1
        if doc[k].lower_ == "the" and k > prep.i + 1:
            k -= 1
        if doc[k].lower_ in ("of", "at", "in") or m.token_end < len(doc) and doc[m.token_end].tag_ == "POS":
            continue  # "IHEP of the Chinese Academy of Sciences", "CEA's Institute of ..."
        if (m.type in ("Organization", "Agency") or (countries and m.type == "Place" and m.text in ctx.countries)) \
                and all(x.iri != m.iri for x in makers):
            makers.append(m)
    return makers


def _by_words(ctx, by: Token, lemmas, found: list) -> list[tuple[Mention, Mention]]:
    """"X, a telescope that ..., was developed by A, the B institute in Toulouse and C": when the
    parse hangs a long subject or a list of builders awry, the words decide. The builders are the
    organisations (and countries) named from "by" to the end of its phrase (a semicolon, a
    relative or another clause, "with ...", "under ..."), not those named after "of" or "at"
    (parts of a name: "IHEP of the Chinese Academy of Sciences"); the payload is the one the
    dependency rules found, else the one instrument the subject before the verb names."""
    verb = by.head
    if verb.lemma_.lower() not in lemmas or verb.tag_ != "VBN" or by.i < verb.i:
        return []
    doc, sent = by.doc, ctx.sent
    makers = _phrase_makers(ctx, by)
    if not makers:
        return []
    things = [th for th, _ in found if _payload_ok(ctx, th)]
    if not things:
        subj_from = max([sent.start] + [t.i + 1 for t in doc[sent.start:verb.i] if t.text == ";"])
        named = [m for m in ctx.ms if subj_from <= m.token_start and m.token_end <= verb.i
                 and m.type == "Instrument"]
        things = named[:1] if len({m.iri for m in named}) == 1 else []
    return [(th, mk) for th in things for mk in makers]


def _hyphen_builder(ctx, part: Token) -> list[tuple[Mention, Mention]]:
    """"the NASA-built X spectrometer", "a CNES-developed camera named X": the builder written
    onto the participle with a hyphen, the payload the phrase names."""
    doc = part.doc
    i = part.i
    if i < 2 or doc[i - 1].text != "-" or doc[i - 1].whitespace_ or doc[i - 2].whitespace_:
        return []
    maker = _agent_at(ctx, doc[i - 2])
    if maker is None:
        return []
    things = _thing(ctx, part.head, conj=False)
    if not things:  # the participle hangs off the name's first word ("built" <- "Harrow")
        things = [m for m in ctx.ms if m.type in ("Instrument", "Mission") and m.token_start == i + 1]
    return [(th, maker) for th in things]


def _negated(tok: Token) -> bool:
    """A verb the text denies ("did not build", "was never supplied")."""
    return tok.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "neg" or c.lower_ in ("never", "not") for c in tok.children)


def _gapped(ctx, lemmas) -> list[tuple[str, str]]:
    """A gapped list after an active build verb: "Y supplied X, the Germans the P, the Swedish
    the Q": each later pair of a builder (a named organisation or country, or a people's name)
    and a payload name with no verb of its own has the verb's meaning."""
    verbs = [t for t in ctx.sent if t.pos_ == "VERB" and t.lemma_.lower() in lemmas
             and any(c.dep_ == "dobj" for c in t.children)
             and _agents(ctx, [c for c in t.children if c.dep_ == "nsubj"])]
    if not verbs:
        return []
    obj = next(c for c in verbs[0].children if c.dep_ == "dobj")
    start = next((t.i for t in ctx.doc[obj.i:ctx.sent.end] if t.lower_ in (",", ";", "and")), ctx.sent.end)
    builders = []  # (first token, last token, builder IRI)
    for t in ctx.sent:
        if t.i < start:
            continue
        m = next((m for m in ctx.ms if m.token_start == t.i), None)
        if m is not None and _agent_at(ctx, t) is m:
            builders.append((t.i, m.token_end - 1, m.iri))
        elif m is None and t.pos_ in ("PROPN", "NOUN", "ADJ"):
            iri = _people_country(ctx, t)
            if iri:
                builders.append((t.i, t.i, iri))
    out = []
    for k, (a, b, iri) in enumerate(builders):
        before = ctx.doc[a - 1] if a - 1 >= ctx.sent.start else None
        if before is not None and before.lower_ == "the":
            before = ctx.doc[a - 2] if a - 2 >= ctx.sent.start else None
        if before is None or before.lower_ not in (",", ";", "and"):
            continue
        end = builders[k + 1][0] if k + 1 < len(builders) else ctx.sent.end
        stop = next((t.i for t in ctx.doc[b + 1:end] if t.lower_ in (",", ";")), end)
        first = next((m for m in ctx.ms if b < m.token_start < stop and m.type == "Instrument"), None)
        if first is None or any(t.pos_ not in ("DET", "PROPN", "PUNCT", "CCONJ") and not t.is_title
                                for t in ctx.doc[b + 1:first.token_start]):
            continue
        for m in ctx.ms:
            if m.type == "Instrument" and b < m.token_start < stop and (m.iri, iri) not in out:
                out.append((m.iri, iri))
    return out


def _people_country(ctx, tok: Token) -> str | None:
    """"the Germans", "the Swedish": the country of a people named as an agent, when the text
    names the country (its IRI is the document's)."""
    names = patterns.demonyms()
    country = names.get(tok.lower_) or (names.get(tok.lower_[:-1]) if tok.lower_.endswith("s") else None)
    if country is None or not any(d.lower_ == "the" for d in tok.children):
        return None
    for ms in ctx.by_sent.values():
        for m in ms:
            if m.type == "Place" and m.text == country:
                return m.iri
    return None


def _payload_ok(ctx, m: Mention) -> bool:
    """Builders are for payloads: an instrument, or a mission the sentence has carried
    (a rover carried by a lander); a host spacecraft ("a payload for X") is out."""
    if m.type == "Instrument":
        return True
    if m.type != "Mission":
        return False
    head = np_head(_root(ctx, m))
    carry = _words("carries", "carry_verbs")
    return head.dep_ in ("dobj", "conj", "appos") and any(
        a.lemma_.lower() in carry for a in head.ancestors)


def _by_agent(ctx, by: Token, lemmas, nouns) -> list[tuple[Mention, Mention]]:
    verb = by.head
    makers = _agents(ctx, [c for c in by.children if c.dep_ == "pobj"] + co_objects(verb))
    if not makers:
        return []
    things: list[Mention] = []
    if verb.lemma_.lower() in lemmas:
        things = _verb_things(ctx, verb)
    elif verb.pos_ in ("NOUN", "PROPN") and any(
            t.lemma_.lower() in lemmas and t.pos_ == "VERB" and t.i < by.i for t in ctx.sent):
        # a gapped clause: "P was built by A, and Q by B": the payload named last before "by"
        before = [m for m in ctx.ms if m.type == "Instrument" and m.token_end <= by.i]
        things = [max(before, key=lambda m: m.token_start)] if before else []
    else:  # "Building of X has been completed by Y"
        for s in _clause_subjects(verb):
            if s.lemma_.lower() in nouns:
                for p in s.children:
                    if p.dep_ == "prep" and p.lower_ == "of":
                        for o in p.children:
                            if o.dep_ == "pobj":
                                things += _thing(ctx, o)
        if not things:
            return []
    return [(th, mk) for th in things for mk in makers]


def _verb_things(ctx, verb: Token) -> list[Mention]:
    """What a build verb is about: its object (active), its subject (passive), or the noun its
    participle or relative clause modifies ("X, developed by Y", "X, which Y developed")."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if verb.dep_ in ("acl", "relcl") and not objs and verb.head.dep_ == "appos" and \
            verb.head.lower_ in _words("built_by", "quantifiers"):
        return _thing(ctx, verb.head.head)  # "A and B, both built by Y"
    if verb.dep_ in ("acl", "relcl") and not objs:
        return _thing(ctx, _antecedent(ctx, verb), conj=False)
    if any(c.dep_ in ("nsubjpass",) for c in verb.children) or (
        verb.dep_ == "conj" and not objs and any(c.dep_ == "auxpass" for c in verb.head.children)):
        subj = _clause_subjects(verb)
        if [s.lower_ for s in subj] == ["it"]:
            return _previous_payload(ctx)
        return [m for s in subj for m in _thing(ctx, s)]
    out = []
    for o in objs:
        out += _thing(ctx, o)
    if not out and verb.dep_ == "conj" and verb.head.dep_ in ("acl", "relcl"):
        out = _thing(ctx, verb.head.head, conj=False)
    if not out and verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl"):
        out = _thing(ctx, verb.head, conj=False)
    if not out and verb.tag_ == "VBN" and verb.dep_ == "advcl" and verb.i < verb.head.i:
        # "Developed by Y, X will fly on K9": a fronted participle is about the clause's subject
        out = [m for s in _clause_subjects(verb.head) for m in _thing(ctx, s)]
    return out


def _previous_payload(ctx) -> list[Mention]:
    """"The X camera will fly on K9. It was built by Y.": a sentence opening with "it" as the
    subject of a build verb is about the one payload the sentence before names."""
    if ctx.si == 0:
        return []
    before = [m for m in ctx.by_sent.get(ctx.si - 1, []) if m.type == "Instrument"]
    return before[:1] if len({m.iri for m in before}) == 1 else []


def _active(ctx, verb: Token) -> list[tuple[Mention, Mention]]:
    """"Y developed X", "Y and Z developed X jointly", "X, which Y developed"."""
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subj and verb.dep_ == "conj":  # "ESA provided A and the UK Space Agency provided B"
        subj = [ctx.doc[m.token_end - 1] for m in ctx.ms if m.token_end == verb.i
                and (m.type in ("Organization", "Agency") or m.text in ctx.countries)]
    if not subj and verb.dep_ == "conj":
        subj = [c for c in verb.head.children if c.dep_ == "nsubj"]
    t = verb
    while not subj and t.dep_ in ("pcomp", "xcomp", "prep", "acomp") and t.head.i != t.i:
        # "Y is responsible for developing X", "In developing X, Y will ...", "Y aims to build X"
        t = t.head
        subj = [c for c in t.children if c.dep_ == "nsubj"]
        helped = [c for c in t.children if c.dep_ == "dobj" and _agent_at(ctx, c) is not None
                  and t.lemma_.lower() in _words("built_by", "helper_verbs")]
        if helped:  # "ESA will support CNES in developing X": CNES develops
            subj = helped
    if [s.lower_ for s in subj] == ["it"] and verb.dep_ == "relcl":
        # "X has delivered the Y camera, which it designed": "it" is the main clause's subject
        main = verb.head
        while main.dep_ not in ("ROOT",) and main.head.i != main.i and main.pos_ not in ("VERB", "AUX"):
            main = main.head
        subj = [c for c in main.children if c.dep_ == "nsubj"]
    if not subj and verb.dep_ == "amod":  # "the ESA-supplied X drill", "a CNES-developed seismometer"
        subj = [c for c in verb.children if c.dep_ in ("npadvmod", "compound", "nmod")]
        if _agents(ctx, subj):
            return [(th, mk) for th in _thing(ctx, verb.head, conj=False) for mk in _agents(ctx, subj)]
    makers = _agents(ctx, subj + co_objects(verb))
    if not makers:
        return []
    objs = [o for o in verb.children if o.dep_ == "dobj"]
    things = [m for o in objs if o.tag_ not in ("WDT", "WP") for m in _thing(ctx, o)]
    if not objs and verb.lemma_.lower() in _words("built_by", "to_verbs"):
        # "INAF contributed to the K9 camera", "... contributed to another of its instruments, the X"
        tos = [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "to" for o in p.children
               if o.dep_ == "pobj"]
        things = [m for o in tos for m in _thing(ctx, o)] or [
            m for o in tos if o.lower_ in ("another", "one") for c in verb.children
            if c.dep_ in ("npadvmod", "appos") for m in _thing(ctx, c)]
        objs = tos if things else objs
    if not things and verb.dep_ == "relcl" and not _pobj_relative(verb):
        things = _thing(ctx, _antecedent(ctx, verb), conj=False)
    if not objs and verb.lemma_.lower() in _words("built_by", "need_object") and (
            not things or _pobj_relative(verb) or verb.dep_ != "relcl"):
        return []  # "to which Y contributed": no named object
    return [(th, mk) for th in things for mk in makers]


def _antecedent(ctx, verb: Token) -> Token:
    """The noun a relative clause is about: a relative pronoun follows its antecedent, so a
    payload named right before the clause's opening "which"/"that" (a comma between at most)
    is it, wherever the parse hangs the clause ("A, which X built for ...; B, which comes from
    Y": Y's is B); else the parse's head."""
    rel = verb.left_edge
    if verb.dep_ != "relcl" or rel.tag_ not in ("WDT", "WP"):
        return verb.head
    j = rel.i - 1
    while j >= ctx.sent.start and ctx.doc[j].lower_ == ",":
        j -= 1
    for m in ctx.ms:
        if m.type in ("Instrument", "Mission") and m.token_end - 1 == j:
            return _root(ctx, m)
    return verb.head


def _pobj_relative(verb: Token) -> bool:
    """"to which Y contributed": the relative pronoun is the object of a preposition."""
    return any(c.dep_ == "prep" and any(o.tag_ in ("WDT", "WP") for o in c.children)
               for c in verb.children)


def _contractor(ctx, tok: Token) -> list[tuple[Mention, Mention]]:
    """"with Y acting as their prime contractor", "Y is prime contractor for X",
    "Y, the prime contractor for X"."""
    makers: list[Mention] = []
    t = tok
    if t.head.lower_ == "as" and t.dep_ == "pobj":
        verb = t.head.head
        makers = _agents(ctx, [c for c in verb.children if c.dep_ == "nsubj"])
        if not makers and verb.dep_ in ("acl", "relcl"):
            makers = _agents(ctx, [verb.head])
    elif t.dep_ == "attr":
        makers = _agents(ctx, [c for c in t.head.children if c.dep_ == "nsubj"])
    elif t.dep_ == "appos":
        makers = _agents(ctx, [t.head])
    if not makers:
        makers = [m for m in [_agent_at(ctx, c) for c in t.children if c.dep_ in ("compound", "appos")] if m]
    if not makers:
        return []
    things: list[Mention] = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "of"):
            things += [m for o in c.children if o.dep_ == "pobj" for m in _thing(ctx, o)]
    if not things and any(c.dep_ == "poss" and c.lower_ in ("their", "its") for c in tok.children):
        things = [m for m in ctx.ms if m.type == "Instrument" and m.token_end <= tok.i]
    which = [o for c in tok.head.children if c.dep_ == "prep" and c.lower_ in ("for", "of")
             for o in c.children if o.dep_ == "pobj" and o.lower_ == "which"]
    if not things and which:  # "X, the first radar of its kind, for which Y was prime contractor"
        things = [m for m in ctx.ms if m.type == "Instrument" and m.token_end <= which[0].i][-1:]
    return [(th, mk) for th in things for mk in makers]


def _responsible(ctx, tok: Token) -> list[tuple[Mention, Mention]]:
    """"Y was responsible for the design, manufacture and testing of X": the builder of X."""
    makers = _agents(ctx, [c for c in tok.head.children if c.dep_ == "nsubj"]) if tok.dep_ == "acomp" else []
    things = _work_of(ctx, [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "for"
                            for o in p.children if o.dep_ == "pobj"])
    return [(th, mk) for th in things for mk in makers]


def _work_of(ctx, nouns: list[Token]) -> list[Mention]:
    """The payloads of work nouns and their conjuncts: "the design, manufacture and testing of X"."""
    work = _words("built_by", "work_nouns")
    return [m for o in nouns if o.lemma_.lower() in work for n in [o, *o.conjuncts]
            for q in n.children if q.dep_ == "prep" and q.lower_ == "of"
            for x in q.children if x.dep_ == "pobj" for m in _thing(ctx, x)]


def _contribution(ctx, noun: Token) -> list[tuple[Mention, Mention]]:
    """"X is a contribution of Y", "X, Y's contribution to K9,": Y built X (the noun's "of"/
    "from" object or its possessive; X the subject it is said of, or the name it is in
    apposition to)."""
    makers = _agents(ctx, [o for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "by")
                           for o in c.children if o.dep_ == "pobj"] + [c for c in noun.children if c.dep_ == "poss"])
    if not makers:
        return []
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        things = [m for c in noun.head.children if c.dep_ == "nsubj" for m in _thing(ctx, c)]
    elif noun.dep_ == "appos":
        things = _thing(ctx, noun.head, conj=False)
    else:
        return []
    return [(th, mk) for th in things for mk in makers if th.type == "Instrument"]


def _led_work(ctx, verb: Token) -> list[tuple[Mention, Mention]]:
    """"Y leads the development of X", "Y led the design and construction of X": the builder
    of X (a work noun as the lead verb's object)."""
    makers = _agents(ctx, _clause_subjects(verb))
    things = _work_of(ctx, [o for o in verb.children if o.dep_ == "dobj"])
    return [(th, mk) for th in things for mk in makers]


# ---------------------------------------------------------------------------------- carries

def carry_links(ctx) -> list[Token]:
    """Tokens that link a payload to a carrier in this sentence: carry verbs and nouns outside
    any name ("instrument" in "the Electric Field Instrument" is a name's word), and "on"/"aboard"/
    "fitted to" a mission."""
    words = _words("carries", "lemmas") | _instrument_heads()
    host_preps = _words("carries", "host_preps")
    fit_verbs = _words("carries", "fit_verbs")
    out = []
    for t in ctx.sent:
        if any(_inside(t, m) for m in ctx.ms):
            continue
        host = t.dep_ == "prep" and (t.lower_ in host_preps or (
            t.lower_ in ("to", "on", "onto") and t.head.lemma_.lower() in fit_verbs))
        if _own_head_only(ctx, t):
            continue  # "readings from the X seismometer": a named instrument's own head noun
        if _compared(t):
            continue  # "X is similar to the cameras on K9": K9's payloads, not X
        if _denied(t):
            continue  # "K9 will not carry X", "X was dropped from the payload"
        if t.lemma_.lower() in words or t.lower_ in words or host and any(
                m.type == "Mission" for o in t.children if o.dep_ == "pobj"
                for m in [_mention_in_np(ctx, o)] if m):
            out.append(t)
    return out


def _denied(tok: Token) -> bool:
    """A link whose verb is negated, or that names what a payload was removed from."""
    verbs = [t for t in [tok, *tok.ancestors][:3] if t.pos_ in ("VERB", "AUX")]
    if not verbs:
        return False
    removal = _words("carries", "removal_verbs")
    return _negated(verbs[0]) or (verbs[0] is not tok and verbs[0].lemma_.lower() in removal)


def _compared(tok: Token) -> bool:
    """A link inside the term of a comparison ("similar to the cameras on K9", "like the one
    aboard K9", "compared with the K9 instruments") speaks of the other carrier's payloads."""
    words = _words("carries", "comparison")
    return any(t.lower_ in words or t.lemma_.lower() in words for t in [tok, *tok.ancestors][:4]
               if t.pos_ in ("ADJ", "ADP", "SCONJ") or t.pos_ == "VERB" and t.lemma_.lower() not in ("like",))


def _own_head_only(ctx, tok: Token) -> bool:
    """An instrument head noun ("camera", "seismometer") that only heads a named instrument's
    own noun phrase links nothing: "the X seismometer" says what X is, not what carries it; it
    does link with a possessive carrier ("K9's X camera")."""
    lem = tok.lemma_.lower()
    if lem in _words("carries", "lemmas") or lem not in _instrument_heads():
        return False
    if any(c.dep_ == "poss" for c in tok.children):
        return False
    return any(m.type == "Instrument" and np_head(_root(ctx, m), conj=False).i == tok.i for m in ctx.ms)


def _mention_in_np(ctx, tok: Token) -> Mention | None:
    """The mission a noun phrase names: "the K9 lander", "China's K9 mission"."""
    for m in ctx.ms:
        if m.type == "Mission" and (_inside(tok, m) or np_head(_root(ctx, m), conj=False).i == tok.i):
            return m
    return None


def carries(ctx) -> list[tuple[str, str]]:
    """(carrier IRI, payload IRI) pairs of one sentence."""
    ctx = framed(ctx)
    out = _carried(ctx)
    return out + [p for p in _possessed(ctx) if p not in out]


def _possessed(ctx) -> list[tuple[str, str]]:
    """"K9's Tarn Burst Monitor (TBM) was developed by X, and its Tarn Visible Telescope
    (TVT) by Y": a named instrument that a mission's possessive (or an "its" after one in the
    same sentence) owns is carried by that mission."""
    out: list[tuple[str, str]] = []
    owner = None
    for m in sorted(ctx.ms, key=lambda m: m.token_start):
        if m.type == "Mission" and m.token_end < len(ctx.doc) and ctx.doc[m.token_end].lower_ in ("'s", "\u2019s"):
            owner = m.iri
            continue
        if m.type != "Instrument" or m.token_start == 0:
            continue
        before = ctx.doc[m.token_start - 1]
        if before.lower_ in ("'s", "\u2019s") and m.token_start >= 2:
            host = _mention_at(ctx, ctx.doc[m.token_start - 2], ("Mission",))
            if host is not None and (host.iri, m.iri) not in out:
                out.append((host.iri, m.iri))
        elif before.lower_ == "its" and owner is not None and (owner, m.iri) not in out:
            out.append((owner, m.iri))
    return out


def _carried(ctx) -> list[tuple[str, str]]:
    """The pairs the sentence's carry links give."""
    toks = carry_links(ctx)
    if not toks:
        return _listed_payloads(ctx)
    missions = [m for m in ctx.ms if m.type == "Mission"]
    carry = _words("carries", "carry_verbs")
    carried = [m for m in ctx.ms if m.type == "Instrument"] + [
        m for m in missions
        if np_head(_root(ctx, m)).dep_ in ("dobj", "conj")
        and any(t.lemma_.lower() in carry for t in np_head(_root(ctx, m)).ancestors)
        or _apposed_carried(np_head(_root(ctx, m)), carry)]
    if not carried:
        return _payloads_named_nearby(ctx, toks, missions) or _pronoun_payloads(ctx, toks, missions)
    pointed = _pointed_carrier(ctx, toks)
    if pointed is not None and any(m.iri == pointed and m.type == "Program" for m in ctx.ms):
        pointed = None  # "X, launched by LVM3-M4, which carried P": a launcher carries no payload
    out = []
    for inst in carried:
        root = _root(ctx, inst)
        others = [m for m in missions if m.iri != inst.iri and m not in carried
                  and not _same_phrase(ctx, m, inst)]
        if pointed is not None:
            mission = pointed
        elif others:
            mission = min(others, key=lambda m: tree_distance(root, _root(ctx, m))).iri
        else:
            mission = _carrier_by_anaphor(ctx, root, toks)
            if mission is None and _aboard_unnamed(ctx):
                mission = topic_mission(ctx)  # "... carrying the relay satellite K9. On board is X"
        if mission and mission != inst.iri and (mission, inst.iri) not in out:
            out.append((mission, inst.iri))
    return out or _listed_payloads(ctx)


def _apposed_carried(head: Token, carry: set[str]) -> bool:
    """"X, the rover that K9 will carry", "X, the lander carried by K9": a name whose apposition
    says a carrier carries it."""
    for ap in head.children:
        if ap.dep_ != "appos":
            continue
        for v in ap.children:
            if v.lemma_.lower() not in carry:
                continue
            if v.dep_ == "relcl" and any(c.dep_ == "dobj" and c.tag_ in ("WDT", "WP") for c in v.children):
                return True
            if v.dep_ == "acl" and v.tag_ == "VBN" and any(c.dep_ == "agent" for c in v.children):
                return True
    return False


def _aboard_unnamed(ctx) -> bool:
    """"On board is X", "Three other payloads are aboard: ...": on board of a carrier that the
    sentence does not name (the one the sentences before are about)."""
    words = [t.lower_ for t in ctx.sent if not t.is_space]
    if " ".join(words[:2]) in ("on board", "on-board") or words[:1] in (["onboard"], ["aboard"]):
        return True
    return any(t.lower_ in ("aboard", "onboard", "board") and t.head.lemma_ == "be" and t.dep_ in ("advmod", "prep", "acomp")
               and not any(c.dep_ == "pobj" for c in t.children) for t in ctx.sent) or any(
        t.lower_ == "board" and t.dep_ == "pobj" and t.head.lower_ == "on" and t.head.head.lemma_ == "be"
        and not any(c.dep_ in ("prep", "pobj", "dobj", "npadvmod") for c in t.children)
        for t in ctx.sent)  # "Four instruments are on board: A, B, C and D"


def _payloads_named_nearby(ctx, toks: list[Token], missions: list[Mention]) -> list[tuple[str, str]]:
    """"Four countries will each have payloads fitted to K9." followed (or preceded) by a
    sentence naming the payloads: K9 carries the instruments of the nearest sentence that
    names some (two sentences at most away)."""
    hosts = list(dict.fromkeys(m.iri for m in missions))
    generic = _words("carries", "generic_payloads")
    nouns = [t for t in ctx.sent if (t.lemma_.lower() in generic or t.lemma_.lower() in _instrument_heads()
                                     and any(c.dep_ == "nummod" for c in t.children))  # "four cameras"
             and t.tag_ in ("NNS", "NNPS")
             and not any(c.dep_ == "poss" for c in t.children)
             and any(tree_distance(t, k) <= 2 for k in toks if k.i != t.i)]
    if not nouns:
        return []
    counted = [t for t in nouns if any(c.dep_ == "nummod" for c in t.children)]
    if counted or not hosts:
        return _counted_payloads(ctx, toks, hosts, counted)
    if len(hosts) != 1:
        return []
    for k in (-1, 1, -2, 2):
        if _other_mission_between(ctx, k):
            continue
        found = [m for m in ctx.by_sent.get(ctx.si - k, []) if m.type == "Instrument"]
        if found:
            return [(hosts[0], iri) for iri in dict.fromkeys(m.iri for m in found) if iri != hosts[0]]
    return []


def _list_item(sent) -> bool:
    """Whether the sentence is (or opens) an item of a list: its line starts as one
    (:func:`sfkg.nlp.layouts.item_start`)."""
    text = sent.doc.text
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", sent.start_char)
    return item_start(text[start:end if end >= 0 else len(text)]) is not None


_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12}


def _counted_payloads(ctx, toks: list[Token], hosts: list[str], counted: list[Token]) -> list[tuple[str, str]]:
    """"The spacecraft carries two instruments. The WXT ... its FXT ...", "K9 will carry three
    other instruments. A will ..., while B and C ...": a carrier that the sentence names (or
    points back to: "it", "the spacecraft") carries a counted number of payloads, and the
    instruments named in the sentences after it (as many as it counts, within three
    sentences, up to a sentence naming another mission) are those payloads."""
    if len(hosts) > 1:
        return []
    host = hosts[0] if hosts else _carrier_of(ctx, toks)
    if host is None:
        return []
    want = None
    for t in counted:  # "four in-situ instruments and six remote-sensing instruments": ten
        for c in t.children:
            if c.dep_ == "nummod":
                count = _COUNTS.get(c.lower_) or (int(c.text) if c.text.isdigit() else None)
                if count is not None:
                    want = (want or 0) + count
    if want is None and not hosts:
        return []  # "the satellite carries instruments": not a list to read on
    found: list[str] = []
    last = 0
    sents = list(ctx.doc.sents)
    for k in range(1, min(24, 2 * max(3, want or 3)) + 1):  # (a list mark may be a sentence)
        if ctx.si + k >= len(sents):
            break
        item = _list_item(sents[ctx.si + k])  # a list item names the next payload
        if not item and (_other_mission_between(ctx, -k) or any(
                m.type == "Mission" and m.iri != host for m in ctx.by_sent.get(ctx.si + k, []))):
            break
        if k > 3 and not item and (want is None or k - last > 1):
            break  # (a count not reached yet reads on while each sentence names more of them)
        before = len(found)
        found = list(dict.fromkeys(found + [m.iri for m in ctx.by_sent.get(ctx.si + k, [])
                                            if m.type == "Instrument" and m.iri != host]))
        if len(found) > before:
            last = k
        if want is not None and len(found) >= want:
            break
    if want is not None and len(found) > want:
        found = found[:want]
    return [(host, iri) for iri in found]


def _pronoun_payloads(ctx, toks: list[Token], missions: list[Mention]) -> list[tuple[str, str]]:
    """"A was built by X, and B by Y. Both will fly on K9.": a plural pronoun opening the
    sentence as the subject of a carry verb ("they", "both", "the two") stands for the
    instruments the sentence before names (with the ones before it, while each names one, until
    there are two); the carrier is the one mission of this sentence."""
    hosts = list(dict.fromkeys(m.iri for m in missions))
    if len(hosts) != 1:
        return []
    pronouns = _words("carries", "plural_pronouns")
    verbs = [t for t in toks if t.pos_ in ("VERB", "AUX")] + [
        t.head for t in toks if t.dep_ == "prep" and t.head.pos_ in ("VERB", "AUX")]
    verbs += [v.head for v in verbs if v.dep_ == "xcomp"]  # "The two are to be mounted on K9"
    subj = [c for v in verbs for c in _clause_subjects(v)
            if c.left_edge.i == ctx.sent.start]  # the sentence opens with it
    if any(c.lower_ == "it" for c in subj):  # "X was built at Y. It will fly on K9."
        before = [m for m in ctx.by_sent.get(ctx.si - 1, []) if m.type in ("Instrument", "Mission")
                  and _subject_like(ctx.doc[m.token_start:m.token_end].root)]
        if before and before[0].type == "Instrument" and before[0].iri != hosts[0]:
            return [(hosts[0], before[0].iri)]
        return []
    if not any(c.lower_ in pronouns or " ".join(d.lower_ for d in c.subtree) in pronouns for c in subj):
        return []
    found: list[str] = []
    for k in (1, 2, 3):  # a plural stands for two or more: the sentences before, as far as they name some
        here = [m.iri for m in ctx.by_sent.get(ctx.si - k, []) if m.type == "Instrument"]
        if not here:
            break
        found = list(dict.fromkeys(found + here))
        if len(found) > 1:
            break
    return [(hosts[0], iri) for iri in found if iri != hosts[0]]


def _listed_payloads(ctx) -> list[tuple[str, str]]:
    """"Of the eleven instruments carried on the satellite, two were built in Italy. These are
    A and B.": a sentence opening with "These are" names payloads that the sentence before
    counts (a plural payload noun) on a carrier it links them to, named or pointed back to."""
    listed = [m for m in ctx.ms if m.type == "Instrument"]
    if not _opens_list(ctx.sent) or not listed or ctx.si == 0:
        return []
    sents = list(ctx.doc.sents)
    prev = copy.copy(ctx)
    prev.si = ctx.si - 1
    while prev.si > 0 and ctx.si - prev.si < 4 and _opens_list(sents[prev.si]):
        prev.si -= 1  # "The first is A. The second is B.": the list goes back to its count
    prev.sent = sents[prev.si]
    prev.ms = ctx.by_sent.get(prev.si, [])
    if any(m.type == "Instrument" for m in prev.ms):
        return []  # the sentence before names its own payloads
    toks = carry_links(prev)
    payload_nouns = _words("carries", "generic_payloads") | _instrument_heads()
    if not any(t.lemma_.lower() in payload_nouns and t.tag_ in ("NNS", "NNPS") for t in toks):
        return []
    host = _carrier_of(prev, toks)
    return [(host, iri) for iri in dict.fromkeys(m.iri for m in listed) if host and iri != host]


def _opens_list(sent) -> bool:
    words = [t.lower_ for t in sent if not t.is_space][:3]
    return any(" ".join(words[:n]) in _words("carries", "list_openers") for n in (2, 3))


def _carrier_of(ctx, toks: list[Token]) -> str | None:
    """The carrier a sentence links payloads to: the mission it names nearest to a carry link,
    else the mission "it", "its" or "the satellite" points back to (the last one a sentence
    was about)."""
    missions = [m for m in ctx.ms if m.type == "Mission"]
    if missions:
        return min(missions, key=lambda m: min(tree_distance(t, _root(ctx, m)) for t in toks)).iri
    carrier_nouns = _words("carries", "carrier_nouns")
    pointed = any(t.lower_ == "it" or (t.lemma_.lower() in carrier_nouns and any(
        d.lower_ in ("the", "this", "its") for d in t.children)) for t in ctx.sent)
    return topic_mission(ctx) if pointed else None


def topic_mission(ctx, back: int = 6) -> str | None:
    """The mission the sentences before are about: the last one named as a clause's subject
    or at the head of its sentence (or in apposition to either), else the first one that the
    nearest sentence naming one names."""
    nearest = None
    for k in range(1, back + 1):
        for m in reversed(ctx.by_sent.get(ctx.si - k, [])):
            if m.type != "Mission":
                continue
            head = np_head(_root(ctx, m))
            while head.dep_ == "appos" and head.head.i != head.i:
                head = head.head
            first = next((t for t in head.sent if not (t.is_punct or t.is_space)), None)
            if head.dep_ in ("nsubj", "nsubjpass") or head == first:
                return m.iri  # a name opening its sentence is what it is about
        names = [m.iri for m in ctx.by_sent.get(ctx.si - k, []) if m.type == "Mission"]
        nearest = nearest or (names[0] if names else None)
    return nearest


def _same_phrase(ctx, a: Mention, b: Mention) -> bool:
    """Two names of one noun phrase or list ("NCLE (NCLE), the Germans the LND"): neither
    carries the other."""
    ra, rb = np_head(_root(ctx, a)), np_head(_root(ctx, b))
    return ra.i == rb.i or rb in ra.children and rb.dep_ in ("appos", "conj") or \
        ra in rb.children and ra.dep_ in ("appos", "conj")


def _pointed_carrier(ctx, toks: list[Token]) -> str | None:
    """"Of the instruments it carries, ...": a carry verb whose subject is "it" and no mission
    named before it in the sentence points back to the mission of the sentences before."""
    for t in toks:
        if t.pos_ != "VERB":
            continue
        for c in t.children:
            if c.dep_ == "nsubj" and c.lower_ == "it":
                if any(m.type == "Mission" and m.token_end <= c.i for m in ctx.ms):
                    return None
                return topic_mission(ctx, back=3)
    return None


def _named_with_head(ctx, noun: str) -> str | None:
    """The mission that "the rover" points back to: of the missions the text named before with
    that head noun ("NASA's K9 rover"), the one it names most often (the page's subject, not a
    predecessor named once in passing), the latest on a tie."""
    counts: dict[str, list[int]] = {}
    for k in range(ctx.si + 1):
        for m in ctx.by_sent.get(k, []):
            if m.type != "Mission" or k == ctx.si and m.token_start >= ctx.sent.start:
                continue
            seen = counts.setdefault(m.iri, [0, 0, 0])
            seen[0] += 1
            seen[2] = m.token_start
            head = np_head(_root(ctx, m), conj=False)
            if head.lemma_.lower() == noun and not _inside(head, m):
                seen[1] = 1
    named = [(n, last, iri) for iri, (n, headed, last) in counts.items() if headed]
    return max(named)[2] if named else None


def _carrier_by_anaphor(ctx, root: Token, toks: list[Token]) -> str | None:
    """No mission in the sentence: "its instruments", "Its payload consists of ...", "It is to
    take four instruments aloft: ...", "the spacecraft carries ..." point back to the mission
    of the sentences before."""
    head = np_head(root)
    while head.dep_ in ("appos", "conj") and head.head.i != head.i:  # "Its instruments: A, B"
        head = head.head
    carrier_nouns = _words("carries", "carrier_nouns")

    def owner(t: Token) -> bool:  # "its", "the satellite's"
        return t.dep_ == "poss" and (t.lower_ == "its" or t.lemma_.lower() in carrier_nouns and any(
            d.lower_ in ("the", "this") for d in t.children))

    owners = [t for t in head.subtree if t.i <= root.i and owner(t)] + [
        c for t in toks if t.pos_ == "NOUN" and (t.dep_ in ("nsubj", "nsubjpass") or t.tag_ == "NNS")
        for c in t.children if owner(c) and (t.dep_ in ("nsubj", "nsubjpass") or c.lower_ != "its")]
    owned = bool(owners)
    # "Its payload consists of A and B", "Its instruments include A", "the satellite's instruments"
    if any(t.lower_ != "its" for t in owners):
        named = _named_with_head(ctx, next(t for t in owners if t.lower_ != "its").lemma_.lower())
        if named is not None:
            return named
    verbs = []
    for t in toks:
        verbs += [t, *list(t.ancestors)[:3]]
    subj = [c for v in verbs for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    nouns = [c.lemma_.lower() for c in subj if c.lemma_.lower() in carrier_nouns and any(
        d.lower_ in ("the", "this", "its") for d in c.children)]
    if nouns:
        named = _named_with_head(ctx, nouns[0])
        if named is not None:
            return named  # "the rover carries ...": the mission the text named "X rover"
    pointed = any(c.lower_ == "it" for c in subj) or bool(nouns)
    # "The in-situ instruments include A and B": the payloads of the mission the page is on
    generic = _words("carries", "generic_payloads")
    pointed = pointed or any(c.lemma_.lower() in generic and c.tag_ == "NNS" and any(
        d.lower_ == "the" for d in c.children) and c.head.lemma_.lower() in ("include", "comprise", "be")
        for c in subj)
    # "Travelling with it is X", "X was installed on it": "it" as the link's prepositional object
    pointed = pointed or any(o.lower_ == "it" for t in toks if t.pos_ == "VERB" for p in t.children
                             if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj")
    # "one of four instruments aboard the spacecraft", "installed on the lander"
    host_preps = _words("carries", "host_preps") | {"board"}
    hosts = [o.lemma_.lower() for o in ctx.sent if o.lemma_.lower() in carrier_nouns and o.dep_ == "pobj"
             and any(d.lower_ in ("the", "this", "its") for d in o.children)
             and (o.head in toks or o.head.head in toks) and o.head.lower_ in host_preps]
    if hosts:
        return _named_with_head(ctx, hosts[0]) or topic_mission(ctx, back=3)
    if owned or pointed:
        return topic_mission(ctx, back=3)
    return None
