"""Mission events (``launch``, ``sample_return``, ``data_release``): whose event a trigger is,
whether a date near it is a plan the text says was superseded, and the status of an event the
text does not date.

- The mission is the grammatical subject of the trigger's clause ("K9 lifted off", "Due to
  lift off in May, K9 is ...", "Named K9, the relay satellite went up"), the
  possessor or "of" object of a trigger noun ("K9's launch", "the launch of K9"),
  or a mission carried by a launcher subject ("the launcher, with X on board, climbs"). An
  instrument subject ("the ZX instrument is about to leave for Mars") stands for the
  mission named with it. A subject that is some other thing ("its first satellite was
  launched") is no mission's event.
- A date that the text reports as a superseded plan ("originally set for December 2015",
  "had been slated for 2024", "delayed from March") dates no claim; the plan in force does.
- An undated event needs that grammatical link; it is planned unless the text says it
  happened (a past-tense clause, "successful").
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span, Token

from .. import patterns
from ..model import Claim, Mention
from ..temporal import parse_time
from ..timevalue import TimeValue
from . import triggers
from .payloads import topic_mission
from .syntax import is_past, np_head
from .triggers import has_cue

_words = triggers.words  # a word list of triggers.yaml, read once


def _root(doc, m: Mention) -> Token:
    return doc[m.token_start:m.token_end].root


def mention_of(doc, ms: list[Mention], tok: Token, types=("Mission", "Instrument")) -> Mention | None:
    """The mention a token is part of or heads ("K9" for "the K9 satellite"), or its
    appositive names ("the relay satellite, K9")."""
    for m in ms:
        if m.type in types and (m.token_start <= tok.i < m.token_end
                                or np_head(_root(doc, m), conj=False).i == tok.i):
            return m
    for c in tok.children:
        if c.dep_ in ("appos", "oprd", "attr") or (c.dep_ == "acl" and c.lemma_.lower() in ("name", "call", "dub")):
            for cc in [c, *c.children]:
                for m in ms:
                    if m.type in types and m.token_start <= cc.i < m.token_end:
                        return m
    return None


def time_reference(tok: Token) -> bool:
    """"months before the launch", "ahead of its launch", "in preparation for the launch":
    the event is a reference point for something else the sentence dates."""
    if tok.dep_ != "pobj" or _dated_itself(tok):
        return False
    head = tok.head
    if head.lower_ in _words("launch", "reference_preps"):
        return True
    return head.lower_ in ("of", "to", "for") and head.head.lower_ in _words("launch", "reference_heads")


def _dated_itself(tok: Token) -> bool:
    """"following its launch on 21 January": the trigger noun carries its own date, so it is
    the dated event, not a reference point."""
    return any(c.dep_ == "prep" and c.lower_ in ("on", "in") and
               any(g.ent_type_ == "DATE" for g in c.subtree if g is not c) for c in tok.children)


def _cancelled(tok: Token) -> bool:
    """"X had been slated to launch in 2029 but was cancelled": the clause of the plan is
    coordinated with a verb that ends it; there is no launch to claim."""
    head = tok
    while head.dep_ in ("xcomp", "aux", "acomp") and head.head.i != head.i:
        head = head.head
    ends = _words("launch", "cancel_verbs")
    return any(c.dep_ == "conj" and c.lemma_.lower() in ends for c in head.children)


def not_a_trigger(tok: Token) -> bool:
    """"Launch" in "X Satellite Launch Centre", "launch vehicle", "launch managers"."""
    if _cancelled(tok):
        return True
    if tok.lemma_.lower() == "fly" and any(c.lower_ in _words("launch", "flyby_words")
                                           and c.dep_ in ("prep", "prt", "advmod") for c in tok.children):
        return True  # "the probe will fly past Mars in March": a flyby, not a launch
    if tok.lemma_.lower() in _words("launch", "verbs") and (tok.tag_ == "VBG" or any(
            c.dep_ == "dobj" for c in tok.children)):
        return True  # "to orbit a moon", "has been orbiting Mars since 2003": in orbit, not launched
    if tok.lemma_.lower() not in _words("launch", "lemmas"):
        return False
    if tok.lemma_.lower() in _words("launch", "object_lemmas") and any(c.dep_ == "dobj" for c in tok.children):
        return True  # "the arm lifted the seismometer off the deck": nothing took off
    heads = _words("launch", "not_heads")
    return tok.dep_ in ("compound", "amod", "nmod") and tok.head.lemma_.lower() in heads


def superseded(sent: Span, start_char: int, text: str = "") -> bool:
    """The date at ``start_char`` (``text``, which may begin with its preposition: "from
    March") is a plan the text reports as no longer in force."""
    toks = []
    for t in reversed([t for t in sent if t.idx < start_char][-12:]):
        if t.lower_ in _BARRIERS and not (t.lower_ == "to" and t.dep_ == "aux"):
            break  # "delayed from March to June": June is the plan in force (not "slated to launch")
        toks.insert(0, t)
    lead = re.match(r"((?:[a-z]+\s+)*)", text)[1].split() if text else []
    words = [t.lower_ for t in toks] + lead
    if restated(sent, start_char):
        return True
    return has_cue(toks, "superseded") or any(
        f" {p} " in " " + " ".join(words) + " " for p in patterns.load("cues")["superseded"]["phrases"])


_BARRIERS = {"to", "until", "now", "but", ",", ";", "into", "instead"}


def restated(sent: Span, start_char: int) -> bool:
    """"on 31 October at 23:00 CET - that is, 1 November at 06:00 local time": a date that
    restates the one before it (in another time zone) is not the event's date; the first is."""
    before = [t.lower_ for t in sent if t.idx < start_char and not t.is_space][-5:]
    while before and before[-1] in (",", "-", "--", "\u2013", "\u2014", "on", "at"):
        before.pop()
    text = " " + " ".join(before)
    if any(text.endswith(" " + p) for p in patterns.load("cues")["restated"]["phrases"]):
        return True
    # "lifted off at 04:03 GMT this morning (11:03pm local time on Sunday)": a bracket that gives
    # the local time of a time stated before it
    opens = [t for t in sent if t.idx < start_char and t.text == "("]
    if not opens or any(t.text == ")" and opens[-1].idx < t.idx < start_char for t in sent):
        return False
    close = next((t for t in sent if t.idx > start_char and t.text == ")"), None)
    inside = {t.lower_ for t in sent if opens[-1].idx < t.idx < (close.idx if close else sent.end_char)}
    timed = any(t.ent_type_ in ("TIME", "DATE") or re.fullmatch(r"\d{1,2}[:.h]\d{2}", t.text)
                for t in sent if t.idx < opens[-1].idx)
    return timed and "local" in inside and "time" in inside


def moved_to(sent: Span, start_char: int) -> bool:
    """"originally set for January, was pushed back to March": the date a plan was moved to is
    the plan in force, whatever superseded date stands nearer the trigger."""
    before = [t for t in sent if t.idx < start_char and not t.is_space][-4:]
    return bool(before) and before[-1].lower_ in ("to", "until", "till", "into") and any(
        t.lemma_.lower() in _words("launch", "move_verbs") for t in before[:-1])


def across_coordination(tok: Token, date_root: Token) -> bool:
    """A date after ", and" that follows the trigger's clause belongs to the coordinated
    clause, whatever the parse attached it to."""
    if date_root.i <= tok.i:
        return False
    between = tok.doc[tok.i + 1:date_root.i]
    return any(t.dep_ == "cc" and t.i > 0 and tok.doc[t.i - 1].lower_ == "," for t in between)


def read_ahead(text: str, published: date) -> TimeValue | None:
    """A date phrase of a plan, read forward from the publication date ("Sunday" is the next)."""
    return parse_time(text, published, "future")


def plan_in_force(span_text: str) -> str | None:
    """"March 2031 to June 2031" after "delayed from": the new date ("June 2031")."""
    parts = re.split(r"\s+(?:to|until|till)\s+", span_text, maxsplit=1)
    return parts[1] if len(parts) == 2 else None


def _subject_token(tok: Token) -> tuple[Token | None, bool, Token]:
    """The subject of the clause a verb trigger is in, climbing through "due to", "set to",
    "is to be", conjoined and participial verbs; and whether it is the trigger's own subject
    (reached through "due to be launched", not through another clause or a relative pronoun)."""
    t, own = tok, True
    for _ in range(4):
        subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")]
        if subj:
            s = subj[0]
            if s.tag_ in ("WDT", "WP") and t.dep_ == "relcl":
                return t.head, False, t
            return (None, False, t) if s.dep_ in ("expl", "csubj") else (s, own, t)
        if t.dep_ in ("xcomp", "conj", "advcl", "acomp", "ccomp", "aux", "prep", "pcomp", "pobj") \
                and t.head.i != t.i:
            own = own and t.dep_ in ("xcomp", "acomp", "aux")
            t = t.head
            continue
        if t.dep_ in ("acl", "relcl"):
            return t.head, False, t
        return None, False, t
    return None, False, t


def _data_mission(ctx, tok: Token) -> str | None:
    """"will get the K9 data", "share the data that X's payloads gather", "images from X
    were released": the mission named in the data noun's phrase."""
    nouns = _words("data_release", "nouns")
    if any(a.lemma_.lower() in _words("data_release", "proposal_verbs") for a in tok.ancestors):
        return None  # "the group recommended that X data be distributed": no release yet
    if tok.lemma_.lower() in _words("data_release", "receive_verbs"):
        # "the community will get the data": only a release when scientists or users get them
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not any(t.lemma_.lower() in _words("data_release", "recipients") for s in subj for t in s.subtree):
            return None
    cands = [tok, *tok.children]
    if tok.dep_ in ("acomp", "oprd", "attr", "advmod"):
        head = tok.head  # "the data are expected to be made available": the raised subject
        for _ in range(4):
            cands += [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if head.dep_ not in ("xcomp", "ccomp", "acomp") or head.head.i == head.i:
                break
            head = head.head
    cands += [g for c in list(cands) if c.pos_ == "NOUN" for g in c.children
              if g.dep_ == "compound" and g.lemma_.lower() in nouns]  # "the LND data set"
    carrier_nouns = _words("carries", "carrier_nouns")
    for c in cands:
        if c.lower_ in nouns or c.lemma_.lower() in nouns or (c.i == tok.i and tok.pos_ == "NOUN"):
            whose = next((t for t in c.children if t.dep_ == "poss" and t.lower_ == "whose"), None)
            if whose is not None:  # "K9, whose data will be opened to all"
                before = [m for m in ctx.ms if m.type in ("Mission", "Instrument") and m.token_end <= whose.i]
                if before:
                    return before[-1].iri
            for t in c.subtree:  # "its data", "data from the mission": the mission before
                if (t.dep_ == "poss" and t.lower_ == "its" and t.head.i == c.i) or (
                        t.lemma_.lower() in carrier_nouns and _owns(t, c)
                        and any(d.lower_ in ("the", "this", "its") for d in t.children)
                        and mention_of(ctx.doc, ctx.ms, t, ("Mission",)) is None):
                    return _anaphor(ctx, t)
            for t in c.subtree:  # (a named instrument's data are released too: "images from X")
                m = mention_of(ctx.doc, ctx.ms, t, ("Mission", "Instrument"))
                if m is not None and _owns(t, c):
                    return m.iri
    return None


def _owns(t: Token, noun: Token) -> bool:
    """The mission word ``t`` says whose data ``noun`` is: no preposition other than "of",
    "from" or "by" on the path ("images obtained through work on a relay for X" are not X's)."""
    while t.i != noun.i:
        if t.dep_ == "prep" and t.lower_ not in ("of", "from", "by"):
            return False
        if t.head.i == t.i:
            return False
        t = t.head
    return True


def event_mission(ctx, tok: Token, prop: str = "launch") -> tuple[str | None, bool]:
    """(the mission IRI, whether the link is grammatical) for a trigger; (None, True) when the
    trigger is plainly about something else."""
    doc, ms = ctx.doc, ctx.ms
    if prop == "data_release":  # data are the mission's when the text says so, else no claim
        return _data_mission(ctx, tok), True
    carrier_nouns = _words("carries", "carrier_nouns")
    launchers = _words("launch", "launcher_nouns")
    if tok.dep_ == "prt":  # "went up", "lifted off": the phrase's verb carries its links
        tok = tok.head
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.children:
            m = None
            if c.dep_ in ("poss", "compound", "nmod"):
                m = mention_of(doc, ms, c, ("Mission",))
                if m is None and c.dep_ == "poss" and c.lower_ == "its":
                    return _anaphor(ctx, c), True
                if m is None and c.dep_ == "poss" and c.lemma_.lower() in carrier_nouns:
                    return _anaphor(ctx, c), True
            elif c.dep_ == "prep" and c.lower_ == "of":
                for o in c.children:
                    if o.dep_ == "pobj":
                        m = mention_of(doc, ms, o, ("Mission",))
            if m is not None:
                return m.iri, True
        verb = _verb_of_noun(tok)
        if verb is not None:  # "the mission will comprise ... a retrieval of samples"
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    m = mention_of(doc, ms, c, ("Mission",))
                    if m is not None:
                        return m.iri, True
        if tok.dep_ in ("compound", "amod", "nmod"):  # "a sample return mission"
            m = mention_of(doc, ms, np_head(tok), ("Mission",))
            if m is not None:
                return m.iri, True
            head = np_head(tok)
            if head.dep_ == "appos":
                m = mention_of(doc, ms, head.head, ("Mission",))
                if m is not None:
                    return m.iri, True
        return None, False
    part = tok.head if tok.dep_ == "xcomp" and tok.head.tag_ == "VBN" and \
        tok.head.lemma_.lower() in _words("launch", "schedule_words") else tok  # "K9, set to launch in 2026"
    if part.tag_ == "VBN" and part.i >= 2 and doc[part.i - 1].text == "," and not any(
            c.dep_ in ("nsubj", "nsubjpass", "auxpass") for c in part.children):
        # "through the relay satellite K9, launched in May 2018": a participle after a comma is
        # about the name just before it, wherever the parser hangs it
        before = doc[part.i - 2]
        if before.text == ")" and part.i >= 3:
            before = doc[part.i - 3]  # "the Kestrel Satellite (KS), launched in 2018"
        m = mention_of(doc, ms, before, ("Mission",))
        if m is not None and before.dep_ != "conj" and not any(c.dep_ == "conj" for c in before.children):
            return m.iri, True  # (not "B and C, launched in 2012 and 2018": each its own)
    for c in tok.children:  # "flies on K9", "aboard K9", "as part of the K9 mission": the host
        if c.dep_ == "prep" and c.lower_ in ("on", "aboard", "onboard", "as"):
            for o in c.children:
                if o.dep_ != "pobj":
                    continue
                if o.lemma_.lower() == "part":
                    o = next((pp for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
                              for pp in p.children if pp.dep_ == "pobj"), o)
                m = mention_of(doc, ms, o, ("Mission",))
                if m is not None:
                    return m.iri, True
    for c in tok.children:  # "China launched K9", "the rocket carried X into orbit"
        if c.dep_ in ("dobj", "nsubjpass"):
            m = mention_of(doc, ms, c, ("Mission",))
            if m is not None:
                return m.iri, True
    for c in tok.children:  # "Named K9, the relay satellite went up"
        if c.dep_ in ("advcl", "csubj") and c.lemma_.lower() in ("name", "call", "dub"):
            # "Named K9, or Long Name, the relay satellite": either name of the pair
            for cc in [n for ch in c.children for n in (ch, *ch.conjuncts)]:
                m = mention_of(doc, ms, cc, ("Mission",))
                if m is not None:
                    return m.iri, True
    s, own, verb = _subject_token(tok)
    if s is None:
        return None, False
    if mention_of(doc, ms, s, ("Agency", "Organization", "Place", "Person", "Program")) is not None:
        # an agent acts: "China launches its K9 mission ... to bring samples home"
        for c in verb.children:
            if c.dep_ == "dobj":
                m = mention_of(doc, ms, c, ("Mission",))
                if m is not None:
                    return m.iri, True
        return None, False
    m = mention_of(doc, ms, s)
    if m is not None and m.type == "Mission":
        return m.iri, True
    if m is not None:  # an instrument: the mission named with it
        others = [x for x in ms if x.type == "Mission"]
        return (others[0].iri, True) if others else (None, True)
    if s.lower_ in ("it", "they") or (s.lemma_.lower() in carrier_nouns and not any(
            c.dep_ in ("amod", "nummod", "compound", "poss") and c.lower_ != "its" for c in s.children)
            and any(c.lower_ in ("the", "this", "its") for c in s.children)):
        return _anaphor(ctx, s), True
    if s.lemma_.lower() in launchers or any(a.lemma_.lower() in launchers for a in s.subtree):
        # "the launcher, with P and Q on board, climbs": the missions it carries
        for m in ms:
            if m.type == "Mission":
                return m.iri, True
        return None, True
    if (own or verb.dep_ == "acl") and s.lemma_.lower() in carrier_nouns:
        # "K9, its twin satellite, launched in 2018": a participle on an apposition's noun
        named = _named_just_before(ctx, s)
        if named is not None:  # "K9 (Long Name), the second satellite of ...": an apposition
            return named.iri, True
        return None, True  # "its first satellite was launched": not a mission the text names
    return None, False


def _verb_of_noun(tok: Token) -> Token | None:
    """The verb whose object a trigger noun is part of ("comprise ... a retrieval of samples")."""
    t = tok
    for _ in range(5):
        if t.dep_ not in ("pobj", "prep", "conj", "dobj", "appos", "attr") or t.head.i == t.i:
            return None
        if t.dep_ == "prep" and t.lower_ != "of":
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _named_just_before(ctx, s: Token) -> Mention | None:
    """A mission named right before a subject noun phrase, with only punctuation between
    (an apposition the parse did not attach)."""
    left = s.left_edge.i
    for m in ctx.ms:
        if m.type == "Mission" and left - 3 <= m.token_end <= left and all(
                t.is_punct for t in ctx.doc[m.token_end:left]):
            return m
    return None


def sole_mission(ctx) -> list[str]:
    """The one mission the sentence names (a sample-return phrase whose parse is lost)."""
    found = list(dict.fromkeys(m.iri for m in ctx.ms if m.type == "Mission"))
    return found if len(found) == 1 else []


def carried_missions(ctx, tok: Token) -> list[str]:
    """Every mission a launcher subject carries ("with P and Q on board")."""
    s = _subject_token(tok)[0] if tok.pos_ not in ("NOUN", "PROPN") else None
    launchers = _words("launch", "launcher_nouns")
    if s is None:
        return []
    by_name = mention_of(ctx.doc, ctx.ms, s, ("Program",)) is not None
    if not (by_name or s.lemma_.lower() in launchers or any(a.lemma_.lower() in launchers for a in s.subtree)):
        return []
    if mention_of(ctx.doc, ctx.ms, s) is not None:
        return []  # a mission or an instrument subject ("PSLV-C57 lifted off carrying X" carries)
    heads = [x for o in tok.children if o.dep_ == "dobj" for x in [o, *o.conjuncts]]
    objects = [m.iri for x in heads for m in ctx.ms if m.type == "Mission"
               and x.left_edge.i <= m.token_start and m.token_end <= x.i + 1]  # ("the K1 and K2 satellites")
    if objects:  # "a Falcon 9 launched A in July and will launch B this autumn": each its own
        return list(dict.fromkeys(objects))
    return list(dict.fromkeys(m.iri for m in ctx.ms if m.type == "Mission"))


def _anaphor(ctx, s: Token) -> str | None:
    """"it", "its", "the mission": a mission named before it in the sentence, else the one the
    sentences before are about."""
    before = [m for m in ctx.ms if m.type == "Mission" and m.token_end <= s.i]
    if before:
        return before[-1].iri
    root = s.sent.root
    if s.i < root.i:  # "Since its launch in 2024, K9 has ...": a fronted phrase points ahead
        for c in root.children:  # to the subject of the clause it opens
            if c.dep_ in ("nsubj", "nsubjpass") and c.i > s.i:
                m = mention_of(ctx.doc, ctx.ms, c, ("Mission",))
                if m is not None:
                    return m.iri
    return topic_mission(ctx, back=3)


_CONDITIONS = frozenset({"once", "after", "when", "until", "before", "if", "as"})


def _scope(tok: Token) -> list[Token]:
    """The words around a trigger that may say its status, without a condition clause of
    another verb ("Once in-orbit tests are completed, X's data will be shared")."""
    sent = tok.sent
    window = sent[max(tok.i - 8 - sent.start, 0): tok.i - sent.start + 4]
    heads = list(tok.ancestors)[:3]
    conditions = {t.i for v in sent if v.dep_ == "advcl" and tok not in v.subtree and any(
        c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in v.children) for t in v.subtree}
    return [t for t in window if t.i not in conditions] + [
        c for h in [tok, *heads] for c in h.children if c.dep_ in ("aux", "auxpass", "amod")]


def planned_cue(tok: Token) -> bool:
    """The words around a trigger say it is ahead ("is due to", "will") and not that it happened."""
    scope = _scope(tok)
    return has_cue(scope, "planned") and not has_cue(scope, "actual") and not (
        tok.pos_ == "VERB" and tok.tag_ in ("VBD",))


def undated_status(tok: Token) -> str:
    """An event the text does not date: actual if the text says it happened, else planned."""
    scope = _scope(tok)
    planned = has_cue(scope, "planned") or has_cue(scope, "undated_planned")
    actual = has_cue(scope, "actual") or has_cue(scope, "undated_actual")
    if planned and not actual:
        return "planned"
    if actual:
        return "actual"
    if tok.pos_ == "VERB" and is_past(tok):
        return "actual"
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound", "amod", "nmod") and is_past(tok):
        return "actual"
    return "planned"


EVENTS = ("launch", "sample_return", "data_release")


def drop_undated_repeats(claims: list[Claim]) -> list[Claim]:
    """One mission event per document: an undated launch (sample return, data release) of a
    mission that the document also dates is the same event; two undated ones are one; a dated
    one whose time holds the finer time of another of the same status is that one."""
    dated = {(c.property, c.subject) for c in claims if c.property in EVENTS and c.time is not None}
    seen = set()
    out = []
    for c in claims:
        if c.property in EVENTS and c.time is not None and any(
                _finer(o, c) for o in claims if o is not c):
            continue  # "later this year" and "in November": one plan, the finer date
        if c.property in EVENTS and c.time is None:
            key = (c.property, c.subject)
            if key in dated or key in seen:
                continue
            seen.add(key)
        out.append(c)
    return out


def _finer(o: Claim, c: Claim) -> bool:
    """``o`` is the event ``c`` with a finer, closed time inside ``c``'s ("2017-11" in "2017")."""
    a, b = o.time, c.time
    if (o.property, o.subject, o.status) != (c.property, c.subject, c.status) or a is None or b is None:
        return False
    if None in (a.earliest, a.latest, b.earliest, b.latest):
        return False
    inside = b.earliest <= a.earliest and a.latest <= b.latest
    return inside and (a.earliest, a.latest) != (b.earliest, b.latest)


def described_subject(tok: Token) -> bool:
    """"A satellite jointly developed by two agencies ... was launched": the trigger's own
    subject is an indefinite mission noun (a satellite, a new probe), not a name."""
    subj, own, _ = _subject_token(tok)
    objs = [c for c in tok.children if c.dep_ == "dobj"] if tok.pos_ == "VERB" else []
    for noun in ([subj] if own and subj is not None else []) + objs[:1]:
        if noun.pos_ == "NOUN" and noun.lower_ in _MISSION_HEADS and any(
                c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children):
            return True  # "China launched a new X-ray astronomy satellite on Tuesday"
    return False


_MISSION_HEADS = frozenset(patterns.load("entities")["mission_heads"])


def name_described_launches(claims: list[Claim]) -> list[Claim]:
    """A dated launch of "a satellite" gives its date to the undated launch of the mission the
    next two sentences name ("... was launched on Saturday. The Kestrel Ocean Explorer lifted
    off at noon aboard an Ariane 6"); with none, it is no claim."""
    out = []
    for i, c in enumerate(claims):
        if c.property != "launch" or c.subject is not None:
            out.append(c)
            continue
        for n in claims[i + 1:]:
            if n.char_start - c.char_end > 400:
                break
            if n.property == "launch" and n.subject is not None and n.time is None:
                n.time, n.status = c.time, c.status
                break
    return out
