"""Claims from one parsed document: launches, sample returns, data releases, instruments carried
and built, posts, agreements and meetings, each with its evidence sentence and offsets.

A claim starts at a trigger (:mod:`sfkg.nlp.triggers`) and takes, from its sentence, the entities
it needs and the date nearest to it in the dependency tree; pronouns and "the mission"/"its" reach
back to the entities of the sentences before. The rules of time and status are
:mod:`sfkg.temporal` and :func:`status_of`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Token

from .. import patterns
from ..model import Claim, Mention
from ..textnorm import fold
from ..timevalue import TimeValue
from . import launches, payloads
from .dates import sentence_dates
from .posts import find_posts
from .syntax import evidence_span, is_past, np_head, preposition_of, tree_distance
from .triggers import find_triggers, has_cue

NOT_VENUES = {fold(x) for x in patterns.load("entities")["not_venues"]}
CARRIER_NOUNS = {"spacecraft", "satellite", "probe", "mission", "observatory", "lander", "orbiter",
                 "rover", "telescope", "station"}
DATED = ("launch", "sample_return", "data_release", "agreement", "meeting")
MAX_DATE_DISTANCE = 6
_ANAPHOR = re.compile(r"\b(it|its|this|the (mission|satellite|probe|spacecraft|observatory|"
                      r"instrument|lander))\b", re.I)
_PLURAL_ANAPHOR = re.compile(r"\b(they|their|them|both|the two)\b", re.I)


@dataclass
class Dated:
    value: TimeValue
    root: Token
    start: int
    end: int
    text: str


def extract_claims(doc: Doc, text: str, mentions: list[Mention], published: date,
                   countries: set[str], skip: list[tuple[int, int]] = ()) -> list[Claim]:
    sents = list(doc.sents)
    by_sent: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sent.setdefault(m.sent, []).append(m)
    claims: list[Claim] = []
    model_text = doc.text
    for si, sent in enumerate(sents):
        if not sent.text.strip() or any(a <= sent.start_char < b for a, b in skip):
            continue
        ms = by_sent.get(si, [])
        claims += _Context(doc, text, model_text, sent, si, ms, by_sent, published, countries).run()
    claims += find_posts(doc, text, sents, by_sent, countries, skip, model_text)
    return launches.drop_undated_repeats(merge_claims(claims))


class _Context:
    def __init__(self, doc, text, model_text, sent, si, ms, by_sent, published, countries):
        self.doc, self.text, self.model_text, self.sent, self.si = doc, text, model_text, sent, si
        self.ms, self.by_sent, self.published, self.countries = ms, by_sent, published, countries
        self.triggers = find_triggers(sent)
        self.dates = self._dates()

    # ------------------------------------------------------------------ dates

    def _dates(self) -> list[Dated]:
        """The sentence's dates, read as ``sfkg dates`` reads them (:mod:`sfkg.nlp.dates`)."""
        return [Dated(d.event_value, d.root, d.start, d.end, d.text)
                for d in sentence_dates(self.sent, self.text, self.published)]

    def date_for(self, prop: str, tok: Token) -> Dated | None:
        """The nearest date in the tree, unless another trigger of the same property is nearer."""
        shared = ("agreement", "meeting")
        rivals = [t for p, t in self.triggers if p in DATED and t.i != tok.i
                  and (p == prop or not (p in shared and prop in shared))]
        best, best_d = None, MAX_DATE_DISTANCE + 1
        for d in self.dates:
            if prop in DATED[:3] and launches.superseded(self.sent, d.start, d.text):
                # "originally set for December 2015": not the plan in force; "delayed from
                # March to June" read as one span: June is
                tail = launches.plan_in_force(d.text)
                value = launches.read_ahead(tail, self.published) if tail else None
                if value is None:
                    continue
                d = Dated(value, d.root, d.start, d.end, tail)
            dist = tree_distance(tok, d.root)
            if any(tree_distance(r, d.root) < dist for r in rivals):
                continue
            if prop in DATED[:3] and launches.across_coordination(tok, d.root):
                dist += 3  # "went up on May 21, and at 11:06 Thursday ... slipped into orbit"
            if dist < best_d:
                best, best_d = d, dist
        if best is None and prop == "agreement" and len(self.dates) == 1 and any(
            p == "meeting" for p, _ in self.triggers
        ):
            # "met in Beijing on November 5 ... and the signing of the Joint Declaration":
            # an agreement signed at a meeting takes the meeting's date, unless a launch
            # (or another single-valued event) is nearer to it
            only = self.dates[0]
            others = [t for p, t in self.triggers if p in DATED and p not in shared]
            mine = tree_distance(tok, only.root)
            if not any(tree_distance(t, only.root) < mine for t in others):
                best = only
        return best

    # ------------------------------------------------------------------ entities

    def of_type(self, *types) -> list[Mention]:
        return [m for m in self.ms if m.type in types]

    def nearest(self, tok: Token, *types) -> Mention | None:
        cands = self.of_type(*types)
        if not cands:
            return None
        return min(cands, key=lambda m: (tree_distance(tok, self.doc[m.token_start:m.token_end].root),
                                         abs(m.token_start - tok.i)))

    def recent(self, *types, back: int = 3) -> list[Mention]:
        """Mentions of these types in the sentences just before (most recent first)."""
        for k in range(1, back + 1):
            found = [m for m in self.by_sent.get(self.si - k, []) if m.type in types]
            if found:
                return found
        return []

    def subject(self, tok: Token, *types) -> str | None:
        m = self.nearest(tok, *types)
        if m is not None:
            return m.iri
        if _ANAPHOR.search(self.sent.text):
            prev = self.recent(*types)
            if prev:
                return prev[-1].iri
        return None

    # ------------------------------------------------------------------ claims

    def run(self) -> list[Claim]:
        out = []
        meetings = [t for p, t in self.triggers if p == "meeting"]
        for prop, tok in self.triggers:
            if prop in ("launch", "sample_return", "data_release"):
                out += self.dated_event(prop, tok)
            elif prop == "agreement":
                out += self.agreement(tok)
        if meetings:
            out += self.meeting(meetings)
        out += self.carries()
        out += self.built_by()
        return out

    def claim(self, prop: str, **kw) -> Claim:
        start, end = evidence_span(self.sent, self.model_text)
        return Claim(property=prop, evidence=self.text[start:end], char_start=start, char_end=end, **kw)

    def dated_event(self, prop: str, tok: Token) -> list[Claim]:
        """A launch, sample return or data release: the mission is the one the trigger's clause
        is about (:func:`sfkg.nlp.launches.event_mission`), else the nearest; a dated event needs
        a date near the trigger, an undated one a grammatical link to its mission."""
        if launches.time_reference(tok):
            return []  # "months before the launch": the sentence dates something else
        if launches.not_a_trigger(tok):
            return []
        d = self.date_for(prop, tok)
        mission, linked = launches.event_mission(self, tok, prop)
        if linked and mission is None:
            return []
        subjects = launches.carried_missions(self, tok) or ([mission] if mission else [])
        if d is None:
            if not subjects and prop == "sample_return":
                # "launches its X mission ... to gather samples and bring them home"
                subjects = launches.sole_mission(self)
                linked = bool(subjects)
            if not linked or not subjects:
                return []
            status = launches.undated_status(tok)
            return [self.claim(prop, subject=s, status=status) for s in subjects]
        if not subjects:
            subj = self.subject(tok, "Mission")
            if subj is None:
                return []
            subjects = [subj]
        if launches.planned_cue(tok) and d.value.latest is not None and d.value.latest < self.published:
            # "is due to lift off Sunday": a planned event's weekday is the next one
            ahead = launches.read_ahead(d.text, self.published)
            if ahead is not None and ahead.earliest is not None and ahead.earliest >= self.published:
                d = Dated(ahead, d.root, d.start, d.end, d.text)
        status = status_of(tok, d.value, self.published)
        return [self.claim(prop, subject=s, time=d.value, status=status) for s in subjects]

    def _persons(self) -> list[str]:
        found = [m.iri for m in self.of_type("Person")]
        if not found and _PLURAL_ANAPHOR.search(self.sent.text):
            found = [m.iri for m in self.recent("Person", back=2)]
        return _unique(found)

    def _parties(self) -> list[str]:
        found = [m.iri for m in self.ms if m.type in ("Agency", "Organization")
                 or (m.type == "Place" and m.text in self.countries)]
        if _PLURAL_ANAPHOR.search(self.sent.text):
            found += [m.iri for m in self.recent("Agency", "Organization", "Place", back=2)
                      if m.type != "Place" or m.text in self.countries]
        return _unique(found)

    def _place(self, anchors: list[Token]) -> str | None:
        places = [m for m in self.of_type("Place")
                  if self.doc[m.token_start:m.token_end].root.dep_ not in ("compound", "amod", "nmod")
                  and fold(m.text) not in NOT_VENUES]
        if not places:
            return None

        def rank(m: Mention):
            """At/in a place first, then to a place (a visit's destination), then the rest."""
            root = self.doc[m.token_start:m.token_end].root
            prep = preposition_of(root)
            dist = min(tree_distance(a, root) for a in anchors)
            visited = root.dep_ == "dobj" and root.head in anchors
            order = 0 if prep in ("at", "in") else 1 if (prep == "to" or visited) else 2
            return (order, dist)

        return min(places, key=rank).iri

    def _title(self, tok: Token) -> str:
        sub = list(tok.subtree)
        words = self.doc[sub[0].i: min(sub[-1].i + 1, sub[0].i + 16)].text
        return " ".join(words.split()).strip(" ,.;")

    def agreement(self, tok: Token) -> list[Claim]:
        d = self.date_for("agreement", tok)
        time = d.value if d else None
        return [self.claim("agreement", time=time, status=status_of(tok, time, self.published),
                           parties=self._parties(), signatories=self._persons(),
                           place=self._place([tok]), title=self._title(tok))]

    def meeting(self, toks: list[Token]) -> list[Claim]:
        dated = [(self.date_for("meeting", t), t) for t in toks]
        dated = [(d, t) for d, t in dated if d is not None]
        d, anchor = (min(dated, key=lambda x: tree_distance(x[1], x[0].root)) if dated
                     else (None, toks[0]))
        time = d.value if d else None
        c = self.claim("meeting", time=time, status=status_of(anchor, time, self.published),
                       participants=self._persons(), place=self._place(toks),
                       title=self._title(anchor))
        if c.time is None and c.place is None and not self.of_type("Person"):
            return []
        return [c]

    def carries(self) -> list[Claim]:
        """A mission carries a named instrument: see :func:`sfkg.nlp.payloads.carries`."""
        if not any(m.type in ("Instrument", "Mission") for m in self.ms):
            return []
        return [self.claim("carries", subject=s, object=o) for s, o in payloads.carries(self)]

    def _carrier_by_anaphor(self, root: Token, toks: list[Token]) -> str | None:
        return payloads._carrier_by_anaphor(self, root, toks)

    def built_by(self) -> list[Claim]:
        """An instrument built or supplied by an organisation or a country: see
        :func:`sfkg.nlp.payloads.built_by`."""
        if not any(m.type in ("Organization", "Agency", "Place") for m in self.ms):
            return []
        return [self.claim("built_by", subject=s, object=o) for s, o in payloads.built_by(self)]


def _conjuncts(tokens: list[Token]) -> list[Token]:
    """The tokens and every token conjoined to them ("CNES and the German Aerospace Center")."""
    out = []
    for t in tokens:
        out.append(t)
        out += [c for c in t.conjuncts if c not in out]
    return out


def status_of(tok: Token, time: TimeValue | None, published: date) -> str:
    """Planned or actual, by these rules in order:
    1. a time that starts after the report is planned (it cannot have happened), and one that
       ended before the report is actual;
    2. a planned cue near the trigger ("will", "scheduled", "set to", "by the end of") is planned;
    3. a time that ends by the report, or a past-tense clause, is actual;
    4. otherwise planned if dated, actual if not."""
    if time is not None and time.earliest is not None and time.earliest > published:
        return "planned"
    if time is not None and time.latest is not None and time.latest < published:
        return "actual"
    sent = tok.sent
    window = sent[max(tok.i - 8 - sent.start, 0): tok.i - sent.start + 4]
    heads = [a for a in tok.ancestors][:3]
    scope = list(window) + [c for h in heads for c in h.children if c.dep_ in ("aux", "auxpass")]
    if has_cue(scope, "planned") and not has_cue(scope, "actual"):
        return "planned"
    if time is not None and time.latest is not None and time.latest <= published:
        return "actual"
    if is_past(tok):
        return "actual"
    return "planned" if time is not None else "actual"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def merge_claims(claims: list[Claim]) -> list[Claim]:
    """One claim per fact in a document: equal facts merge; an agreement or meeting mentioned
    twice on the same date is one event (its lists united)."""
    out: list[Claim] = []
    index: dict[tuple, Claim] = {}
    for c in claims:
        t = c.time.edtf if c.time else None
        if c.property in ("agreement", "meeting"):
            key = (c.property, t, c.status) if t else (c.property, id(c))
        elif c.property == "post":
            key = (c.property, c.subject, c.post, c.org)
        else:
            key = (c.property, c.subject, c.object, t, c.status)
        if key in index:
            kept = index[key]
            for attr in ("parties", "signatories", "participants"):
                getattr(kept, attr).extend(x for x in getattr(c, attr) if x not in getattr(kept, attr))
            kept.place = kept.place or c.place
            continue
        index[key] = c
        out.append(c)
    return out
