"""Trigger words of each claim property, read from ``patterns/triggers.yaml`` and ``cues.yaml``.

:func:`find_triggers` returns, for one sentence, the (property, anchor token) pairs where a claim
may start; nothing in this module names a particular word: the words are data.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

from .. import patterns


@lru_cache(maxsize=1)
def config() -> dict:
    return patterns.load("triggers")


@lru_cache(maxsize=None)
def words(section: str, key: str) -> frozenset[str]:
    """One word list of ``triggers.yaml`` (``section``/``key``), lower-cased, read once."""
    return frozenset(w.lower() for w in config()[section].get(key, []))


@lru_cache(maxsize=1)
def cues() -> dict:
    return patterns.load("cues")


class _Words:
    """A sentence's tokens with their lower-case words, lemmas, parts of speech and
    dependencies, read once for every rule and phrase that looks them up."""

    def __init__(self, sent: Span):
        self.sent = sent
        self.tokens = list(sent)
        self.lower = [t.lower_ for t in self.tokens]
        self.lemma = [t.lemma_.lower() for t in self.tokens]
        self.pos = [t.pos_ for t in self.tokens]
        self.dep = [t.dep_ for t in self.tokens]
        self.forms = (self.lower, self.lemma)
        self.firsts = set(self.lower) | set(self.lemma)

    def each(self):
        """(token, lower-case word, lemma, part of speech) for each token, in order."""
        return zip(self.tokens, self.lower, self.lemma, self.pos)


def _phrase_hits(words: _Words, phrases) -> list[Token]:
    """The last token of each occurrence of a phrase (by lower-case words or lemmas)."""
    hits = []
    for phrase in phrases:
        p = phrase.lower().split()
        if p[0] not in words.firsts:
            continue
        for seq in words.forms:
            for i in range(len(seq) - len(p) + 1):
                if seq[i:i + len(p)] == p:
                    hits.append(words.tokens[i + len(p) - 1])
    return hits


@lru_cache(maxsize=1)
def _carry_words() -> frozenset[str]:
    return frozenset(config()["carries"]["lemmas"]) | frozenset(patterns.load("entities")["instrument_heads"])


def find_triggers(sent: Span) -> list[tuple[str, Token]]:
    cfg = config()
    words = _Words(sent)
    out: list[tuple[str, Token]] = []
    launch = cfg["launch"]
    for t, low, lemma, pos in words.each():
        if (lemma in launch["lemmas"] and pos in ("VERB", "NOUN", "PROPN")) or (
                lemma in launch.get("verbs", ()) and pos == "VERB"):
            out.append(("launch", t))
        if lemma in launch.get("orbit_verbs", ()) and pos == "VERB" and any(
                p.dep_ == "prep" and p.lower_ in ("in", "into") and any(o.lemma_ == "orbit" for o in p.children)
                for p in t.children) and any(c.dep_ == "dobj" for c in t.children):
            out.append(("launch", t))  # "placing X and Y in orbit" (the phrases need the words together)
        leave = lemma in launch.get("leave_verbs", ())
        if lemma == "carry" or lemma in ("send", "take", "bring") or leave:
            for prep in t.children:
                if prep.dep_ == "prep" and prep.lower_ in (("for", "to") if leave else ("to", "into")) and any(
                    o.lower_ in launch["carry_to"] for o in prep.children
                ):
                    out.append(("launch", t))
    out += [("launch", t) for t in _phrase_hits(words, launch["phrases"])]
    schedule = launch.get("schedule_words", ())
    out += [("launch", t) for t, _, lemma, _ in words.each()
            if lemma in schedule and _scheduled_mission(t, schedule)]
    out += [("launch", t) for t, dep in zip(words.tokens, words.dep)
            if dep == "conj" and _scheduled_conjunct(t, schedule)]
    out += [("launch", t) for t, _, lemma, pos in words.each() if lemma in launch.get("dated_verbs", ())
            and pos == "VERB" and _dated_here(t)]
    sr = cfg["sample_return"]
    out += [("sample_return", t) for t in _phrase_hits(words, sr["phrases"])]
    if any(lemma in sr["nouns"] for lemma in words.lemma):  # "collect samples ... bring them back"
        out += [("sample_return", t) for t, _, lemma, pos in words.each() if lemma in sr["verbs"]
                and pos == "VERB" and (any(c.dep_ in ("prt", "advmod") and c.lower_ in sr.get("particles", ("back",))
                                           for c in t.children)
                                       or lemma == "return")]
    dr = cfg["data_release"]
    if any(low in dr["nouns"] for low in words.lower):
        out += [("data_release", t) for t in _phrase_hits(words, dr["phrases"])]
    carry_words = _carry_words()
    out += [("carries", t) for t, low, lemma, _ in words.each() if lemma in carry_words or low in carry_words]
    bb = cfg["built_by"]
    out += [("built_by", t) for t in _phrase_hits(words, bb["phrases"])]
    out += [("built_by", t) for t, _, lemma, pos in words.each()
            if lemma in bb["lemmas"] and pos == "VERB"
            and any(c.dep_ == "nsubj" for c in t.children)]
    ag = cfg["agreement"]
    nouns = [n for n in ag["nouns"] if " " not in n]
    out += [("agreement", t) for t in _phrase_hits(words, [n for n in ag["nouns"] if " " in n])]
    out += [("agreement", t) for t, _, lemma, pos in words.each() if lemma in nouns and pos in ("NOUN", "PROPN")]
    for t, _, lemma, pos in words.each():  # "the signing of the founding document": the signed thing is an agreement
        if lemma in ag["sign_nouns"] or (
            lemma in ag["sign_verbs"] and pos == "VERB"
        ):
            obj = _signed_object(t)
            if obj is not None and obj.lemma_.lower() not in nouns:
                out.append(("agreement", obj))
    mt = cfg["meeting"]
    out += [("meeting", t) for t in _phrase_hits(words, [n for n in mt["nouns"] if " " in n])]
    out += [("meeting", t) for t, low, lemma, pos in words.each()
            if ((lemma in mt["nouns"] or low in mt["nouns"]) and pos in ("NOUN", "PROPN"))
            or ((lemma in mt["verbs"] or lemma in mt.get("travel_verbs", ()))
                and pos == "VERB" and _meets(t))]
    mods = set(mt.get("event_modifiers", ()))
    out += [("meeting", t) for t, _, lemma, pos in words.each() if lemma in mt.get("event_nouns", ()) and pos == "NOUN"
            and any(c.dep_ in ("amod", "compound") and c.lower_ in mods for c in t.children)]
    return _dedupe(out)


def _dated_here(t: Token) -> bool:
    """A date hangs from the verb itself ("is to fly in 2028")."""
    return any(c.ent_type_ == "DATE" and c.dep_ in ("npadvmod", "tmod") for c in t.children) or any(
        o.ent_type_ == "DATE" for c in t.children if c.dep_ == "prep" and c.lower_ in ("in", "on", "by")
        for o in c.children if o.dep_ == "pobj")


def _scheduled_mission(t: Token, words) -> bool:
    """"K9, expected around 2027, ...", "the K9 probe, scheduled for 2027": a schedule
    participle on a name, dated directly and with no other verb, is the name's launch."""
    if t.lemma_.lower() not in words or t.dep_ not in ("acl", "amod") or t.tag_ != "VBN":
        return False
    named = t.head.ent_type_ in ("Mission", "PRODUCT") or (
        t.head.lemma_.lower() in config()["carries"]["carrier_nouns"]
        and any(c.ent_type_ in ("Mission", "PRODUCT") for c in t.head.children))
    if not named or any(c.dep_ in ("xcomp", "ccomp", "aux") for c in t.children):
        return False
    return any(o.ent_type_ == "DATE" for c in t.children if c.dep_ == "prep"
               for o in c.children if o.dep_ == "pobj")


def _named_mission(t: Token) -> bool:
    return t.ent_type_ in ("Mission", "PRODUCT") or (
        t.lemma_.lower() in config()["carries"]["carrier_nouns"]
        and any(c.ent_type_ in ("Mission", "PRODUCT") for c in t.children))


def _scheduled_conjunct(t: Token, words) -> bool:
    """"K9, expected around 2027, and the K10 mission, ..., no earlier than 2029": a mission
    conjoined to a scheduled one and dated in its own phrase shares the schedule (gapped)."""
    if t.dep_ != "conj" or not _named_mission(t) or t.ent_iob_ == "I":
        return False
    first = t
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if not any(_scheduled_mission(c, words) for c in first.children):
        return False
    if any(_scheduled_mission(c, words) for c in t.children):
        return False  # its own schedule participle is its trigger
    later = {d.i for c in t.children if c.dep_ == "conj" for d in c.subtree}
    return any(_date_word(d) for d in t.subtree if d.i not in later)


def _date_word(t: Token) -> bool:
    """A token of a date: the model's DATE, or a bare year the model left untyped."""
    return t.ent_type_ == "DATE" or (t.tag_ == "CD" and len(t.text) == 4 and t.text[:2] in ("19", "20")
                                     and t.text.isdigit())


def _signed_object(t: Token) -> Token | None:
    obj = _signed(t)
    if obj is not None and obj.lemma_.lower() in config()["agreement"].get("not_signed", ()):
        return None  # "the resolution was signed by the Prime Minister"
    return obj


def _signed(t: Token) -> Token | None:
    for c in t.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN"):
            return c
        if c.dep_ == "prep" and c.lower_ == "of":
            for o in c.children:
                if o.dep_ == "pobj":
                    return o
    return None


# the model's labels and the reference entities' types (a known person or city is labelled by
# the entity ruler with its sfkg type)
_PERSON = ("PERSON", "Person")
_PLACE = ("GPE", "LOC", "FAC", "Place")


def _meets(t: Token) -> bool:
    """"meet"/"visit" are meetings on their own; "hold"/"chair"/"attend" need a meeting noun
    (or "receive"/"welcome"/"host", a person); "come"/"travel"/"arrive" need a person going to a
    place."""
    if t.lemma_.lower() in ("meet", "visit"):
        return True
    received = config()["meeting"].get("received", ())
    if t.lemma_.lower() in config()["meeting"].get("receive_verbs", ()) and any(
            c.dep_ == "dobj" and (c.ent_type_ in _PERSON or c.lemma_.lower() in received) for c in t.children):
        return True  # "received Premier X", "hosted a delegation from Y"
    if t.lemma_.lower() in config()["meeting"].get("travel_verbs", ()):
        # a person (not a spacecraft) travelling to a city or country
        who = [c for c in t.children if c.dep_ == "nsubj" and c.ent_type_ in _PERSON]
        where = [o for c in t.children if c.dep_ == "prep" and c.lower_ in ("to", "in")
                 for o in c.children if o.dep_ == "pobj" and o.ent_type_ in _PLACE]
        return bool(who and where)
    if attended_before(t):
        return True
    return any(c.dep_ == "dobj" and c.lemma_.lower() in config()["meeting"]["nouns"] for c in t.children)


def attended_before(t: Token) -> bool:
    """"X, Vice President of Y, who also attended, said ...": a person at the gathering the text
    has reported (an intransitive "attend" in a relative clause on the person)."""
    return t.lemma_.lower() == "attend" and t.dep_ == "relcl" and t.head.ent_type_ in _PERSON and not any(
        c.dep_ in ("dobj", "prep", "attr", "xcomp") for c in t.children)


def _dedupe(found: list[tuple[str, Token]]) -> list[tuple[str, Token]]:
    """One trigger per token and property; a trigger that modifies another trigger of the same
    property ("intention" in "intention letter") gives way to it."""
    pairs = {(prop, tok.i) for prop, tok in found}
    out = []
    for prop, tok in sorted(found, key=lambda x: (x[1].i, x[0])):
        if (prop, tok.i) in pairs:
            pairs.discard((prop, tok.i))
            if any(p == prop and t.i != tok.i and _inside(tok, t)
                   and not (prop == "meeting" and t.pos_ == "VERB") for p, t in found):  # "during his visit, X met Y"
                continue
            out.append((prop, tok))
    return out


def _inside(tok: Token, head: Token) -> bool:
    """``tok`` modifies ``head`` within its noun phrase: "intention" in "intention letter",
    "intent" in "letter of intent"."""
    t, steps = tok, 0
    while t.head.i != t.i and steps < 2:
        if t.dep_ not in ("compound", "amod", "nmod", "pobj", "prep"):
            return False
        t, steps = t.head, steps + 1
        if t.i == head.i:
            return True
    return False


def has_cue(tokens, kind: str) -> bool:
    c = cues()[kind]
    words = [t.lower_ for t in tokens]
    if any(t.lemma_.lower() in c["lemmas"] or t.lower_ in c["lemmas"] for t in tokens):
        return True
    text = " " + " ".join(words) + " "
    return any(f" {p} " in text for p in c["phrases"])
