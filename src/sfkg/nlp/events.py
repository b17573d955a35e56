"""Agreements and meetings are events, not mentions: a press release names its accord or its
meeting several times ("a memorandum on X was signed ... the memorandum ... this agreement"), and
each event is one claim per document, with the parties, signatories, participants, place and
time gathered from all its mentions.

Each agreement or meeting claim carries an :class:`EventMention` (what the mention's noun phrase
says of its event); :func:`corefer` folds the mentions of one document into events:

- a *definite description* with nothing of its own ("the agreement", "this memorandum", "the
  joint declaration", "his visit", "the session") refers back to the latest event of its kind
  (the same head noun first, else any event of the property) whose time it does not contradict;
- a mention that *names* its event ("the 16th China-ESA Bilateral Meeting") is the event named
  the same way before;
- two mentions of the same property on the same date, with the same status, are one event.

The words (determiners, words that make a description new) are data in ``events.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from spacy.tokens import Token

from .. import patterns, reference
from ..model import Claim
from ..textnorm import fold
from ..timevalue import TimeValue, day, interval
from .syntax import tree_distance
from .triggers import config as triggers_config

_OWN_PREPS = ("of", "on", "for", "between", "with", "in", "at", "to", "by", "from")
_PLACE_TYPES = ("GPE", "LOC", "FAC", "Place")


@dataclass
class EventMention:
    head: str                      # the lemma of the trigger ("memorandum", "visit", "meet")
    anaphor: bool                  # a definite description that adds nothing ("the agreement")
    name: tuple[str, ...] = ()     # the words that name the event ("16th", "china-esa", ...)
    ceremony: bool = False         # a ceremony with no meeting before it: a signing's ceremony
    weak: bool = False             # undated, unplaced, no one named: only a repeat of an event
    occasion: bool = False         # "took the occasion to meet": held at the gathering before
    sent: int = -1                 # the sentence of the mention
    after: tuple = ()              # (sentence, person) named in the sentences that follow
    held: bool = False             # an accord only said to exist ("X has a deal with Y"), not made
    also: bool = False             # "they also took part in": the people of the gathering before
    words: tuple[str, ...] = ()    # the modifiers before the noun ("welcome", "closing")


@lru_cache(maxsize=1)
def words() -> dict:
    ev = patterns.load("events")
    return {
        "definite": set(ev.get("definite", [])),
        "indefinite": set(ev.get("indefinite", [])),
        "new": set(ev.get("new_words", [])),
        "generic": set(ev.get("generic_words", [])),
        "visit": set(ev.get("visit_heads", [])),
        "loose": set(ev.get("loose_heads", [])),
        "bundle": set(ev.get("bundle_words", [])),
        "onlooker_nouns": set(ev.get("onlooker_nouns", [])),
        "onlooker_verbs": set(ev.get("onlooker_verbs", [])),
        "report": set(ev.get("report_verbs", [])),
        "foreshadow": set(ev.get("foreshadow", [])),
        "submitted": set(ev.get("submitted", [])),
        "negations": set(ev.get("negations", [])),
        "gathering": set(ev.get("gathering_verbs", [])),
        "ceremony": set(ev.get("ceremony_heads", [])),
        "venue_parts": set(ev.get("venue_parts", [])),
        "shared_place": set(ev.get("shared_place_nouns", [])),
        "weeks": dict(ev.get("weeks", {})),
        "opening": set(ev.get("opening", [])),
        "event_verbs": set(ev.get("event_verbs", [])),
        "occasion_verbs": set(ev.get("occasion_verbs", [])),
        "occasion_nouns": set(ev.get("occasion_nouns", [])),
        "closing": set(ev.get("closing", [])),
        "day_counts": dict(ev.get("day_counts", {})),
        "not_held": [x for x in ev.get("not_held", [])],
        "made": set(ev.get("made_verbs", [])),
        "meet_subjects": set(ev.get("meet_subjects", [])),
        "plural_subjects": set(ev.get("plural_subjects", [])),
    }


def not_held(tok: Token) -> bool:
    """"failed to appear at a meeting", "talks ... were under way", "the meeting was postponed"."""
    nh = words()["not_held"]
    lemmas = {t.lemma_.lower() for t in [tok, *list(tok.ancestors)[:4]]}
    if lemmas & set(nh):
        return True
    head = tok.head
    text = " ".join(t.lower_ for t in head.subtree if t.i > tok.i)
    return any(" " in p and f"{p}" in text for p in nh)


def a_body(tok: Token, named: bool) -> bool:
    """A meeting word that names a body acting ("the US Congress adopted a policy")."""
    return named and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() not in words()["gathering"]


def week_of(text: str, published) -> TimeValue | None:
    """"last week" is the Monday-to-Sunday week before the report's; "next week" the one after."""
    key = " ".join(text.lower().replace("the ", "").split())
    off = words()["weeks"].get(key)
    if off is None or published is None:
        return None
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks=off)
    sunday = monday + timedelta(days=6)
    return interval(day(monday.year, monday.month, monday.day), day(sunday.year, sunday.month, sunday.day))


def span(opened: TimeValue, closed: TimeValue | None, text: str) -> TimeValue | None:
    """Opening day to closing day, or the opening day and the days it lasts ("for five days")."""
    if opened.granularity != "day":
        return None
    if closed is not None and closed.granularity == "day" and closed.earliest > opened.earliest:
        return interval(opened, closed)
    m = re.search(r"\b(?:for|over)\s+(\w+)\s+days\b", text, re.IGNORECASE)
    if m:
        n = words()["day_counts"].get(m[1].lower()) or (int(m[1]) if m[1].isdigit() else None)
        if n and 1 < n < 32:
            end = opened.earliest + timedelta(days=n - 1)
            return interval(opened, day(end.year, end.month, end.day))
    return None


def on_occasion(tok: Token) -> bool:
    """"X took the occasion to meet Y": a meeting verb under "take the occasion/opportunity"."""
    w = words()
    if tok.pos_ != "VERB" or tok.dep_ not in ("xcomp", "advcl", "acl", "relcl"):
        return False
    head = tok.head
    if head.pos_ == "NOUN" and head.lemma_.lower() in w["occasion_nouns"]:
        head = head.head
    return head.lemma_.lower() in w["occasion_verbs"] and any(
        c.dep_ == "dobj" and c.lemma_.lower() in w["occasion_nouns"] for c in head.children)


def onlooker(person: Token) -> bool:
    """"in the presence of X", "witnessed by X", "X witnessed the signing", "with X looking on":
    the person looks on at a signing; they are not its signatory."""
    w = words()
    t = person
    first = True
    via_list = False  # reached through a list that a common noun opens ("the two Presidents, X and Y")
    while t.dep_ in ("conj", "appos", "compound") and t.head.i != t.i:
        if t.dep_ in ("conj", "appos") and t.head.tag_ in ("NNS", "NNPS") and not t.head.ent_type_:
            via_list = True
        h = t.head  # "of X and Y": the first of the list
        closed = any(x.dep_ == "cc" for x in t.doc[min(h.i, t.i) + 1:max(h.i, t.i)])
        if t.dep_ == "conj" and closed and not first:
            return False  # "in the presence of A and B, C and D signed": C follows a closed list
        if t.dep_ == "conj" and any(x.dep_ == "relcl" for x in t.doc[min(h.i, t.i) + 1:max(h.i, t.i)]):
            return False  # "in the presence of A, who is on a visit to X, C and D signed"
        first = first and t.dep_ != "conj"
        t = h
    head = t.head
    if t.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in w["onlooker_nouns"]:
        verb = head.head.head.head if head.head.dep_ == "pobj" else head.head.head
        titled = any(a.dep_ == "appos" and any(p.dep_ == "prep" and p.lower_ == "of" for p in a.children)
                     for a in person.children)  # "X, President of CNES": named by a post of their own
        if via_list and titled and verb.pos_ == "VERB" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return False  # "In the presence of the two Presidents, X and Y signed": the parser
            # hung the signatories on the onlookers' noun; the verb has no other subject
        return True
    if t.dep_ == "pobj" and head.lower_ == "by" and head.head.lemma_.lower() in w["onlooker_verbs"]:
        return True
    return t.dep_ == "nsubj" and head.lemma_.lower() in w["onlooker_verbs"]


def foreign_clause(tok: Token, date_root: Token) -> bool:
    """The date sits in a clause on the event's noun that is about something else ("a roadmap
    charting the course until 2047")."""
    up = {t.i for t in [tok, *tok.ancestors]}
    t = date_root
    while t.i not in up and t.head.i != t.i:
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() not in words()["event_verbs"] and (
                t.dep_ in ("acl", "relcl") or _purpose(t)):
            return True
        t = t.head
    return False


def _purpose(t: Token) -> bool:
    """An infinitive of purpose on the event's verb ("a roadmap was drawn up to reinforce ties
    for the coming 25 years", "signed an accord to fly a rover in 2028"): what it dates is the
    aim, not the event."""
    return t.dep_ in ("advcl", "xcomp", "acl") and t.tag_ == "VB" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in t.children)


def negated(tok: Token) -> bool:
    """"should not expect to visit", "no agreement was reached": the trigger, or one of the two
    words it hangs from, is negated."""
    neg = words()["negations"]
    for t in [tok, *list(tok.ancestors)[:2]]:
        if any(c.dep_ in ("neg", "det", "cc", "preconj") and c.lower_ in neg for c in t.children):
            return True
    return False


def submitted(tok: Token) -> bool:
    """A document sent in ("letters of intent must be submitted"), not an accord."""
    return any(t.lemma_.lower() in words()["submitted"] for t in [tok, *list(tok.ancestors)[:3]])


def standing(tok: Token) -> bool:
    """"under contract to CNES": the terms work is done under, no accord the text reports."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "under" and \
        tok.lemma_.lower() in triggers_config()["agreement"].get("standing_only", ())


def foreshadowed(tok: Token) -> bool:
    """An accord only being prepared, proposed or asked for ("a roadmap was being drawn up",
    "the proposal that a memorandum be signed", "letters of intent must be submitted")."""
    fw = words()["foreshadow"]
    for t in _own_clause(tok):
        if t.lemma_.lower() in fw or any(c.dep_ == "aux" and c.lower_ in fw for c in t.children):
            return True
    return False


def _own_clause(tok: Token) -> list[Token]:
    """The trigger, the words up to the verb it hangs from, and the noun that verb's clause
    completes ("the proposal that a memorandum be signed"); not the clauses above ("the
    memorandum was being drawn up to build on the agreement": the agreement exists)."""
    out = [tok]
    for t in list(tok.ancestors)[:3]:
        out.append(t)
        if t.pos_ in ("VERB", "AUX"):
            if t.dep_ in ("acl", "relcl", "ccomp") and t.head.pos_ == "NOUN":
                out.append(t.head)
            break
    return out


def reaches(anchor: Token, tok: Token) -> bool:
    """``tok`` is tied to the event of ``anchor``: they meet in the tree, and the way up from
    ``tok`` does not pass through a clause or apposition that modifies something else ("a
    magazine based in Washington", "representatives of Egypt")."""
    up = {t.i for t in [anchor, *anchor.ancestors]}
    t = tok
    while t.i not in up:
        if t.head.i == t.i:
            return False
        if t.dep_ in ("acl", "relcl", "appos", "advcl") and t.head.i not in up:
            return False
        if t.dep_ in ("ccomp", "parataxis"):  # what someone said there is not where it was
            return False
        if _purpose(t) and t.lemma_.lower() not in words()["event_verbs"]:
            return False  # "an agreement to roll out the system in France": where it aims
        t = t.head
    return True


def _near(a: Token, b: Token) -> bool:
    """One event: a verb and the trigger next to it ("held a meeting", "visit Paris to meet
    X"), or a trigger inside the other's noun phrase ("the 9th meeting of the sub-group of the
    strategic dialogue", "the seminar, together with the launch meeting")."""
    if a.pos_ == "VERB" or b.pos_ == "VERB":
        noun = b if a.pos_ == "VERB" else a
        if noun.dep_ == "pobj" and noun.head.lower_ == "during":
            return False  # "during his visit, X met Y": a visit and an event held during it
        return tree_distance(a, b) <= 2
    for x, y in ((a, b), (b, a)):
        t = x
        while t.i != y.i and t.head.i != t.i and t.dep_ in ("pobj", "prep", "compound", "conj", "cc", "appos", "advmod", "nmod", "amod"):
            t = t.head
        if t.i == y.i:
            return True
    return False


def groups(toks: list[Token]) -> list[list[Token]]:
    """Meeting triggers of one sentence grouped by event (:func:`_near`); a visit never shares
    one with what is held during it."""
    visit = words()["visit"]
    out: list[list[Token]] = []
    for t in sorted(toks, key=lambda x: x.i):
        kind = t.lemma_.lower() in visit
        for g in out:
            if any(_near(t, u) and ((u.lemma_.lower() in visit) == kind or "VERB" in (t.pos_, u.pos_))
                   for u in g):
                g.append(t)
                break
        else:
            out.append([t])
    return out


def signing_venue(tok: Token) -> bool:
    """"signed ... at the ceremony", "the signing ... at the Paris Air Show": the gathering is
    where a signing took place, and the signing is the claim."""
    ag = triggers_config()["agreement"]
    signs = set(ag["sign_verbs"]) | set(ag["sign_nouns"])
    if not (tok.dep_ == "pobj" and tok.head.lower_ in ("at", "during")):
        return False
    if tok.lemma_.lower() in words()["visit"] and any(
            c.dep_ == "prep" and c.lower_ in ("of", "to", "by") for c in tok.children):
        return False  # "signed during the state visit of X to Y": a visit is more than its signing
    if any(a.lemma_.lower() in signs for a in list(tok.ancestors)[:4]):
        return True
    host = tok.head.head  # "invited X to the signing ... at the Air Show"
    return any(g.lemma_.lower() in signs for c in host.children if c.dep_ == "prep" for g in c.children)


def also_attended(tok: Token) -> bool:
    """"They also took part in the 9th meeting", "Both also attended the forum": the people of
    the gathering just reported (a plural pronoun subject) also went to this one, that day."""
    verb = tok if tok.pos_ == "VERB" else next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    kids = list(verb.children)
    return any(c.dep_ == "advmod" and c.lower_ == "also" for c in kids) and any(
        c.dep_ == "nsubj" and c.lower_ in w_plural() for c in kids)


def w_plural() -> set[str]:
    return set(words()["plural_subjects"])


def occasion_venue(tok: Token) -> Token | None:
    """"signed ... at the ceremony", "on the occasion": a definite gathering or occasion the
    signing took place at, which names nothing of its own (so it is the one reported before)."""
    w = words()
    nouns = w["ceremony"] | w["occasion_nouns"] | set(triggers_config()["meeting"].get("event_nouns", ()))
    def verb(t):
        return next((a for a in t.ancestors if a.pos_ in ("VERB", "AUX")), None)
    mine = verb(tok)
    for n in tok.sent:
        if n.dep_ == "pobj" and n.head.lower_ in ("at", "on", "during") and n.lemma_.lower() in nouns \
                and verb(n) == mine and mention_of(n).anaphor:
            return n
    return None


def phrase_noun(tok: Token) -> Token:
    """"a letter of intent" is found at "intent": the phrase's noun carries its determiner."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN") \
            and not any(c.dep_ == "det" for c in tok.children):
        return tok.head.head
    return tok


def mention_of(tok: Token) -> EventMention:
    """What the noun phrase of a trigger says of its event."""
    w = words()
    head = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        return EventMention(head, False)
    tok = phrase_noun(tok)
    kids = list(tok.children)
    dets = [c for c in kids if c.dep_ in ("det", "poss", "nummod") and c.i < tok.i]
    # "the agreement", "his visit", and a bare "talks between the two leaders"
    definite = not any(c.lower_ in w["indefinite"] or c.like_num for c in dets)
    named: list[str] = []
    own = left = False
    for c in kids:
        if c.i > tok.i and c.dep_ == "prep" and c.lower_ in _OWN_PREPS and any(
                _naming(t) for t in c.subtree if not (t.dep_ == "nummod" and t.head.tag_ == "NNS")) and not (
                c.lower_ in ("in", "at") and all(t.ent_type_ in _PLACE_TYPES or not _naming(t) for t in c.subtree)):
            own = True  # "the agreement between China and ESOC" (not "between the two leaders";
            # not "the ceremony in Wuhan": a place, which the antecedent must share)
        if c.i < tok.i and c.dep_ in ("compound", "nmod", "nummod", "amod", "npadvmod", "quantmod"):
            for t in c.subtree:
                lw = t.lower_
                if lw in w["generic"] or t.is_punct:
                    continue
                named.append(lw)
                if _naming(t) or t.like_num or lw in w["new"]:
                    own = left = True
    anaphor = definite and not own
    return EventMention(head, anaphor, tuple(named + [head]) if left else (), words=tuple(named))


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    return {fold(n): e.iri for e in reference.load() if e.type == "Place" for n in e.names}


def named_place(tok: Token, countries) -> str | None:
    """The city an event's own name gives ("the Paris Air Show", "the Beijing Forum"): a known
    place among the proper nouns before the event's head word (not a country)."""
    left = [t for t in tok.lefts if t.dep_ in ("compound", "nmod", "amod") and t.pos_ == "PROPN"]
    if not left:
        return None
    words_ = [t.text for t in tok.doc[left[0].i:tok.i]]
    for n in range(len(words_), 0, -1):
        for i in range(len(words_) - n + 1):
            name = " ".join(words_[i:i + n])
            iri = _places().get(fold(name))
            if iri is not None and name not in countries:
                return iri
    return None


def _visit(c: Claim) -> bool:
    m = getattr(c, "event", None)
    return m is not None and m.head in words()["visit"]


def _naming(t: Token) -> bool:
    """A word that names something: a proper noun (not one capitalised only because it opens
    the sentence), a number, an entity."""
    if t.ent_type_ and t.ent_type_ not in ("CARDINAL",):
        return True
    if t.pos_ == "NUM":
        return True
    return t.pos_ == "PROPN" and t.i != t.sent.start


def _same_time(a: Claim, b: Claim) -> bool | None:
    """True when both are dated alike, False when their dates differ, None when one is undated."""
    if a.time is None or b.time is None:
        return None
    if a.time.edtf == b.time.edtf:
        return True
    # a day inside a span the other gives ("the conference, 23-25 September ... on the 24th")
    ea, la, eb, lb = a.time.earliest, a.time.latest, b.time.earliest, b.time.latest
    return None not in (ea, la, eb, lb) and ((eb <= ea and la <= lb) or (ea <= eb and lb <= la))


def _absorb(kept: Claim, c: Claim) -> None:
    for attr in ("parties", "signatories", "participants"):
        have = getattr(kept, attr)
        have.extend(x for x in getattr(c, attr) if x not in have)
    if kept.time is None and c.time is not None:
        kept.time, kept.status = c.time, c.status
    elif kept.time is not None and c.time is None and kept.property == "meeting":
        longer = span(kept.time, None, c.evidence)  # "Over five days, the meeting is to ..."
        if longer is not None:
            kept.time = longer
    kept.place = kept.place or c.place
    km, cm = getattr(kept, "event", None), getattr(c, "event", None)
    if km is not None and cm is not None and not km.name and cm.name:
        km.name = cm.name


def _distinct(a: EventMention | None, b: EventMention | None) -> bool:
    """Two gatherings of one day that the text tells apart: different kinds ("a welcome
    ceremony", "talks", "a state banquet") or the same kind told apart by its words ("the welcome
    ceremony", "the closing ceremony"); a plain "meeting" or "talks" may be either."""
    if a is None or b is None or a.head == b.head and not (a.words and b.words):
        return False
    loose = words()["loose"]
    if a.head != b.head:
        return a.head not in loose and b.head not in loose
    return not set(a.words) & set(b.words)


def bundle(tok: Token) -> bool:
    """"signed a series of cooperation agreements", "several agreements": an uncounted bundle of
    accords, none of them told apart, is no claim."""
    w = words()["bundle"]
    if tok.pos_ == "VERB":  # "signed a series of agreements", "signed several agreements"
        return any(bundle(o) or o.lemma_.lower() in w and any(
            p.lower_ == "of" and any(x.tag_ == "NNS" for x in p.children) for p in o.children)
            for o in tok.children if o.dep_ in ("dobj", "nsubjpass"))
    if tok.lemma_.lower() in w and tok.pos_ == "NOUN":  # the trigger read on "series" itself
        return any(p.lower_ == "of" and any(x.tag_ == "NNS" for x in p.children) for p in tok.children)
    if tok.tag_ != "NNS":
        return False
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in w:
        return True
    return any(c.dep_ in ("amod", "det") and c.lower_ in w for c in tok.children)


def corefer(claims: list[Claim]) -> list[Claim]:
    """The agreement and meeting claims of one document folded into one claim per event (in
    the order of their first mention)."""
    events: list[Claim] = []
    for c in claims:
        m: EventMention | None = getattr(c, "event", None)
        target = None
        if m is not None and m.anaphor:
            target = _antecedent(events, c, m)
        if target is None and m is not None and m.name:
            target = next((e for e in reversed(events) if e.property == c.property
                           and getattr(e, "event", None) is not None and e.event.name == m.name
                           and _same_time(e, c) is not False), None)
        if target is None and c.time is not None:
            target = next((e for e in reversed(events) if e.property == c.property
                           and e.status == c.status and e.time is not None
                           and e.time.edtf == c.time.edtf and _visit(e) == _visit(c)
                           and not (c.property == "meeting" and _distinct(getattr(e, "event", None), m))
                           and not (e.place and c.place and e.place != c.place
                                    and getattr(e, "event", None) and m and e.event.head != m.head)), None)
        if target is None and m is not None and m.held and c.time is None and not m.name:
            target = _same_parties(events, c)
        if target is not None:
            _absorb(target, c)
            continue
        if m is not None and m.weak:
            continue
        if m is not None and m.occasion:
            before = [e for e in events if e.property == "meeting"]
            if before:  # held at the gathering just reported: its time and place, and its people
                host = before[-1]
                if c.time is None and host.time is not None:
                    c.time, c.status = host.time, host.status
                c.place = c.place or host.place
                host.participants.extend(x for x in c.participants if x not in host.participants)
        if m is not None and m.also and c.time is None and c.property == "meeting":
            before = [e for e in events if e.property == "meeting" and e.time is not None]
            if before:  # "They also took part in ...": the same day as the gathering before
                c.time, c.status = before[-1].time, before[-1].status
        if m is not None and m.anaphor and m.head in words()["ceremony"] and c.property == "meeting":
            signed = [e for e in events if e.property == "agreement"]
            if signed:  # "X and Y signed the agreement ... The ceremony was witnessed by Z"
                sig = signed[-1]
                if c.time is None and sig.time is not None:
                    c.time, c.status = sig.time, sig.status
                c.place = c.place or sig.place
                c.participants.extend(x for x in sig.signatories if x not in c.participants)
                m.ceremony = True
        events.append(c)
    # a headline-like mention before the event is named ("X and Y seal deal ... an agreement
    # signed on Friday by X and Y"): an undated description with no antecedent is the next event
    out: list[Claim] = []
    for i, c in enumerate(events):
        m = getattr(c, "event", None)
        if m is not None and m.anaphor and c.time is None and not any(
                e.property == c.property for e in events[:i]):
            nxt = next((e for e in events[i + 1:] if e.property == c.property and (
                c.property == "agreement" or getattr(e, "event", None) is not None
                and e.event.head == m.head)), None)
            if nxt is not None:
                _absorb(nxt, c)
                continue
        out.append(c)
    _report_participants(out)
    _at_gathering(out)
    return out


def _at_gathering(events: list[Claim], reach: int = 6) -> None:
    """An accord made, undated, at the gathering reported just before (in the presence of its
    hosts, at the end of the talks) takes that gathering's day and place."""
    cues = patterns.load("events").get("at_gathering", [])
    last = None
    for c in events:
        m = getattr(c, "event", None)
        if c.property == "meeting" and c.time is not None and c.time.granularity == "day" and c.status == "actual":
            last = c
        elif c.property == "agreement" and c.time is None and c.status == "actual" and last is not None \
                and m is not None and not m.held and 0 <= m.sent - last.event.sent <= reach \
                and any(cue in (c.evidence or "").lower() for cue in cues):
            c.time = last.time
            c.place = c.place or last.place


def _same_parties(events: list[Claim], c: Claim) -> Claim | None:
    """"SUPARCO now has a deal with CMSA" after "an agreement between SUPARCO and CMSA was
    signed": an accord only said to exist, between two parties or more that an accord reported
    before has, is that accord."""
    own = set(c.parties)
    if len(own) < 2:
        return None
    return next((e for e in reversed(events) if e.property == "agreement" and own <= set(e.parties)), None)


def held_only(tok: Token) -> bool:
    """An accord the sentence does not make: no signing, conclusion or reaching of it in its own
    clause or on its noun ("has a deal in place with", "under an agreement with")."""
    ag = triggers_config()["agreement"]
    signs = set(ag["sign_verbs"]) | set(ag["sign_nouns"]) | set(words()["made"])
    near = [*list(tok.ancestors)[:3], *tok.subtree]
    if any(c.dep_ == "advmod" and c.lower_ in ("also", "further") for a in list(tok.ancestors)[:2] for c in a.children):
        return False  # "ESA also has an agreement with NASA on ...": another one
    return not any(t.lemma_.lower() in signs for t in near)


def _report_participants(events: list[Claim]) -> None:
    """A report led by a dated meeting ("The 16th bilateral meeting was held on ... X and Y
    co-chaired it. Also present was Z. X outlined ...") places at it the people it goes on to
    quote, up to the next gathering it names."""
    if not events or events[0].property != "meeting" or events[0].time is None:
        return
    lead = events[0]
    m = getattr(lead, "event", None)
    if m is None or not m.after:
        return
    later = [e.event.sent for e in events[1:] if e.property == "meeting"
             and getattr(e, "event", None) is not None and e.event.sent > m.sent]
    stop = min(later, default=10 ** 9)
    lead.participants.extend(p for si, p in m.after if si < stop and p not in lead.participants)


def _antecedent(events: list[Claim], c: Claim, m: EventMention) -> Claim | None:
    fits = [e for e in events if e.property == c.property and _same_time(e, c) is not False
            and not (e.place and c.place and e.place != c.place)
            and (c.property != "meeting" or _visit(e) == _visit(c))]  # "his visit" is no other gathering
    same = [e for e in fits if getattr(e, "event", None) is not None and e.event.head == m.head]
    if same:
        return same[-1]
    return fits[-1] if fits else None
