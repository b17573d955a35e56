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
from ..temporal import parse_time
from ..timevalue import TimeValue
from . import events, launches, layouts, payloads
from .dates import sentence_dates
from .posts import find_posts
from .syntax import (evidence_span, governing_verb, is_past, np_head, preposition_of, sentence_ents,
                     tree_distance)
from .triggers import config as triggers_config
from .triggers import attended_before, find_triggers, has_cue

NOT_VENUES = {fold(x) for x in patterns.load("entities")["not_venues"]}
CARRIER_NOUNS = {"spacecraft", "satellite", "probe", "mission", "observatory", "lander", "orbiter",
                 "rover", "telescope", "station"}
DATED = ("launch", "sample_return", "data_release", "agreement", "meeting")
MAX_DATE_DISTANCE = 6
AFTER = 8  # sentences after a meeting whose speakers a report of it may quote
_ANAPHOR = re.compile(r"\b(it|its|this|the (mission|satellite|probe|spacecraft|observatory|"
                      r"instrument|lander))\b", re.I)
_PLURAL_ANAPHOR = re.compile(r"\b(they|their|them|both|the two)\b", re.I)
_SIDES = re.compile(r"\b(both|the two|two) (sides|parties|countries|nations|agencies|governments|institutes|"
                    r"organi[sz]ations|partners|leaders)\b", re.I)


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
    pending: list[Claim] = []  # built_by of a mission that only another sentence shows carried
    model_text = doc.text
    ents = sentence_ents(doc, sents)
    for si, sent in enumerate(sents):
        if not sent.text.strip() or any(a <= sent.start_char < b for a, b in skip):
            continue
        ms = by_sent.get(si, [])
        ctx = _Context(doc, text, model_text, sent, si, ms, by_sent, published, countries, ents[si])
        claims += ctx.run()
        pending += ctx.pending
    carried = {c.object for c in claims if c.property == "carries"}
    claims += [c for c in pending if c.subject in carried]  # "IDEFIX, the rover that MMX will carry"
    claims += find_posts(doc, text, sents, by_sent, countries, skip, model_text, ents)
    claims += layouts.layout_claims(text, mentions, published, skip)  # lists, tables, key: value
    return launches.drop_undated_repeats(merge_claims(launches.name_described_launches(claims)))


class _Context:
    def __init__(self, doc, text, model_text, sent, si, ms, by_sent, published, countries, ents=None):
        self.doc, self.text, self.model_text, self.sent, self.si = doc, text, model_text, sent, si
        self.ms, self.by_sent, self.published, self.countries = ms, by_sent, published, countries
        self.ents = sent.ents if ents is None else ents  # the sentence's entities
        self.triggers = find_triggers(sent)
        self.dates = self._dates()
        self.stale_after: set[int] = set()  # triggers followed by a superseded plan of theirs
        self.pending: list[Claim] = []

    # ------------------------------------------------------------------ dates

    def _dates(self) -> list[Dated]:
        """The sentence's dates, read as ``sfkg dates`` reads them (:mod:`sfkg.nlp.dates`)."""
        return [Dated(d.event_value, d.root, d.start, d.end, d.text)
                for d in sentence_dates(self.sent, self.text, self.published, self.ents)]

    def date_for(self, prop: str, tok: Token) -> Dated | None:
        """The nearest date in the tree, unless another trigger of the same property is nearer."""
        shared = ("agreement", "meeting")
        rivals = [t for p, t in self.triggers if p in DATED and t.i != tok.i
                  and (p == prop or not (p in shared and prop in shared))]
        best, best_d = None, MAX_DATE_DISTANCE + 1
        stale_d = MAX_DATE_DISTANCE + 1  # the nearest superseded plan of the trigger
        for d in self.dates:
            before = self.text[max(self.sent.start_char, d.start - 90):d.start]
            if _FIRST_SINCE.search(before + (" since" if re.match(r"since\b", d.text, re.I) else "")):
                continue  # "the first lunar samples retrieved since 1976": another event's year
            if prop in DATED[:3] and launches.superseded(self.sent, d.start, d.text):
                # "originally set for December 2015": not the plan in force; "delayed from
                # March to June" read as one span: June is
                tail = launches.plan_in_force(d.text)
                value = launches.read_ahead(tail, self.published) if tail else None
                if value is None:
                    if not launches.restated(self.sent, d.start):
                        stale_d = min(stale_d, tree_distance(tok, d.root))
                        if d.start > tok.idx:
                            self.stale_after.add(tok.i)
                    continue
                d = Dated(value, d.root, d.start, d.end, tail)
            dist = tree_distance(tok, d.root)
            own = tok.is_ancestor(d.root) and not any(r.is_ancestor(d.root) and tok.is_ancestor(r) for r in rivals)
            if not own and any(tree_distance(r, d.root) < dist for r in rivals):
                continue  # (a date in the trigger's own phrase is its own: "launched in October
                # 2018, whose data will be opened ..." where the clause hangs from the date)
            if prop in DATED[:3] and launches.across_coordination(tok, d.root):
                dist += 3  # "went up on May 21, and at 11:06 Thursday ... slipped into orbit"
            if dist < best_d or dist == best_d and best is not None and tok.is_ancestor(d.root) \
                    and not tok.is_ancestor(best.root):  # a tie: the date inside the trigger's clause
                best, best_d = d, dist
        if best is not None and stale_d < best_d:
            best = None  # "which was approved in 2016, was originally scheduled for launch in
            # 2024": the trigger's own date is the superseded plan, the other dates something else
        elif best is None and stale_d > MAX_DATE_DISTANCE:
            best = self._caption_date()
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

    def _caption_date(self) -> Dated | None:
        """"... sign a letter of intent in Paris, France, May 6, 2024.": a photo caption ends on
        the place and the day of what it shows; that date is the event's when nothing nearer is."""
        if not self.dates:
            return None
        last = self.dates[-1]
        rest = [t for t in self.sent if t.i > last.root.i and not last.start <= t.idx < last.end]
        if last.root.dep_ == "appos" and last.root.head.ent_type_ in ("GPE", "Place", "LOC", "FAC") \
                and all(t.is_punct or t.is_space for t in rest) and last.value.granularity == "day":
            return last
        return None

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
            if types == ("Mission",):  # "it", "the mission": the one the sentences before are about
                return payloads.topic_mission(self, back=3)
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
        if d is None and tok.i in self.stale_after and not any(
                launches.moved_to(self.sent, x.start) for x in self.dates):
            return []  # "had been scheduled to fly in the spring of 2023": a plan no longer in force
            # (not "originally set for January, was pushed back to March")
        mission, linked = launches.event_mission(self, tok, prop)
        described = d is not None and prop == "launch" and launches.described_subject(tok)
        if described and (mission is None and (linked or self.subject(tok, "Mission") is None)):
            # "A satellite jointly developed by ... was launched on Saturday", "the agency
            # launched a new satellite on Tuesday": the mission is named in the sentences after
            # (:func:`sfkg.nlp.launches.name_described_launches`)
            return [self.claim(prop, subject=None, time=d.value,
                               status=status_of(tok, d.value, self.published))]
        if linked and mission is None:
            return []
        carried = launches.carried_missions(self, tok)
        subjects = carried or ([mission] if mission else [])
        if mission and not carried and len(self.dates) <= 1:
            subjects += self._conjoined(mission, tok)  # "X and Y were launched", "with two satellites, X and Y"
        if d is None:
            linked = linked or bool(carried)  # "A Long March 2C rocket carrying X lifted off"
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

    def _conjoined(self, iri: str, verb: Token) -> list[str]:
        """The missions coordinated with this one's name as the launch verb's object or plural
        subject ("launched X and Y", "X and Y were launched")."""
        out = []
        for m in self.of_type("Mission"):
            if m.iri != iri:
                continue
            root = self.doc[m.token_start:m.token_end].root
            head = np_head(root, conj=False)
            plural = head.dep_ in ("nsubj", "nsubjpass") and head.head == verb and (verb.tag_ == "VBP" or any(
                c.dep_ in ("aux", "auxpass") and c.lower_ in ("were", "are", "have") for c in verb.children))
            if not (plural or head.dep_ == "dobj" and head.head == verb):
                continue
            # the name's own conjuncts too ("the K3 and K4 satellites")
            for c in list(head.conjuncts) + [c for c in root.conjuncts if root.i != head.i]:
                other = payloads._mention_at(self, c, ("Mission",))
                if other is not None and other.iri != iri and other.iri not in out:
                    out.append(other.iri)
        return out

    def _persons(self) -> list[str]:
        found = [m.iri for m in self.of_type("Person")]
        anaphor = _PLURAL_ANAPHOR.search(self.sent.text)
        pair = anaphor is not None and anaphor.group(1).lower() in ("both", "the two")
        if anaphor and (not found or pair and len(_unique(found)) < 2):
            found += [m.iri for m in self.recent("Person", back=2)]
            for k in range(2, 6):  # "the two leaders": the two people named last, if one sentence names one
                if not pair or len(_unique(found)) >= 2:
                    break
                found += [m.iri for m in self.by_sent.get(self.si - k, []) if m.type == "Person"]
        return _unique(found)

    def _signatories(self) -> list[str]:
        """The people of the sentence but those looking on ("in the presence of X")."""
        away = {m.iri for m in self.of_type("Person")
                if events.onlooker(self.doc[m.token_start:m.token_end].root)}
        return [p for p in self._persons() if p not in away]

    def _bodies(self, place: str | None = None) -> list[str]:
        """The agencies, organisations and countries a sentence names (a meeting's place is not
        one of its participants)."""
        return _unique([m.iri for m in self.ms if (m.type in ("Agency", "Organization") or (
            m.type == "Place" and m.text in self.countries)) and m.iri != place
            and not self._in_event_name(m)])

    def _in_event_name(self, m: Mention) -> bool:
        """"Paris" in "the Paris Air Show", "St. Petersburg" in "the St. Petersburg Forum"."""
        if m.type != "Place":
            return False  # "the Roscosmos-CNSA agreement" names its parties
        root = self.doc[m.token_start:m.token_end].root
        head = np_head(root, conj=False)
        return head.i != root.i and any(head.i == t.i for p, t in self.triggers if p in ("meeting", "agreement"))

    def _parties(self) -> list[str]:
        found = [m.iri for m in self.ms if (m.type in ("Agency", "Organization")
                 or (m.type == "Place" and m.text in self.countries)) and not self._in_event_name(m)]

        def named(k):
            return _unique([m.iri for m in self.by_sent.get(self.si - k, [])
                            if m.type in ("Agency", "Organization") or (m.type == "Place" and m.text in self.countries)])

        sides = _SIDES.search(self.sent.text)
        if sides:
            # "the two sides", "both parties": the nearest sentence before that names two (two
            # countries for "the two countries/leaders/sides", two agencies for "the two
            # agencies"), else the two named last
            noun = sides[2].lower()
            agency_iris = {m.iri for ms in self.by_sent.values() for m in ms if m.type == "Agency"}
            kinds = [self._country_iris()] if noun in ("sides", "countries", "nations", "governments", "leaders") \
                else [agency_iris] if noun == "agencies" else []
            pick = None
            for kind in kinds + [None]:
                pick = next((c for k in range(1, 9) if len(c := [x for x in named(k) if kind is None or x in kind]) >= 2), None)
                if pick:
                    break
            if not pick:
                pick = []
                for k in range(1, 9):
                    pick += [x for x in named(k) if x not in pick and (not kinds or x in kinds[0])]
                    if len(pick) >= 2:
                        break
            found += pick
        elif _PLURAL_ANAPHOR.search(self.sent.text):
            found += named(1) or named(2)
        return _unique(found)

    def _country_iris(self) -> set[str]:
        return {m.iri for ms in self.by_sent.values() for m in ms
                if m.type == "Place" and m.text in self.countries}

    def _place(self, anchors: list[Token], others: list[Token] = (), exclude=()) -> str | None:
        """The place of the event, tied to its trigger: not a place inside another clause's
        modifier ("a magazine based in Washington"), and a city in the event's own name
        ("the St. Petersburg Forum") when the text gives no other."""
        own = []
        places = []
        gatherings = {t.i for p, t in self.triggers if p == "meeting"}
        for m in self.of_type("Place"):
            root = self.doc[m.token_start:m.token_end].root
            if fold(m.text) in NOT_VENUES or m.iri in exclude:
                continue
            if root.dep_ in ("compound", "amod", "nmod"):
                host = np_head(root, conj=False)
                if m.text not in self.countries and (host in anchors or (
                        host.i in gatherings and preposition_of(host) == "at"
                        and any(events.reaches(a, host) for a in anchors))):
                    own.append(m)  # "the St. Petersburg Forum"; "signed at the Paris Air Show"
                continue
            if not any(events.reaches(a, root) for a in anchors):
                continue
            if any(o in root.ancestors and not any(o in a.ancestors for a in anchors) for o in others):
                continue  # the place of another gathering of the sentence (a visit's destination)
            prep = preposition_of(root)
            if prep == "of" and root.head.head.pos_ == "NOUN" and \
                    root.head.head.lemma_.lower() in events.words()["venue_parts"]:
                prep = preposition_of(root.head.head)  # "in the courtyard of the Kestrel Hotel"
            near = min(tree_distance(a, root) for a in anchors) <= 3
            country = m.text in self.countries
            # "Nanjing hosted the meeting", "Berlin was the setting for the event"
            hosted = root.dep_ == "nsubj" and (near or root.head.lemma_ in ("be", "host")) and not country
            visited = root.dep_ == "dobj" and root.head in anchors   # "visited China"
            going = prep == "to" and any(a.lemma_.lower() in events.words()["visit"] for a in anchors)
            if not (prep in ("at", "in", "inside") or going or hosted or visited):
                continue  # "a welcome to the representatives of Egypt": not where it was held
            places.append(m)
        if not places:
            if own:
                return own[0].iri
            for t in self.sent:  # "at the Paris Air Show", "the St. Petersburg Forum"
                if t.i in gatherings and (t in anchors or (preposition_of(t) == "at" and any(
                        events.reaches(a, t) for a in anchors))):
                    found = events.named_place(t, self.countries)
                    if found:
                        return found
                if t.i in gatherings and self._on_occasion_of(t, anchors):
                    for m in self.of_type("Place"):  # "on the occasion of the summit held in Tarnville"
                        root = self.doc[m.token_start:m.token_end].root
                        if t in root.ancestors and preposition_of(root) in ("at", "in") \
                                and m.text not in self.countries:
                            return m.iri
            return self._place_named_before(anchors)

        def rank(m: Mention):
            """At/in a place first, then to a place (a visit's destination), then the rest."""
            root = self.doc[m.token_start:m.token_end].root
            prep = preposition_of(root)
            dist = min(tree_distance(a, root) for a in anchors)
            visited = root.dep_ == "dobj" and root.head in anchors
            order = 0 if prep in ("at", "in") else 1 if (prep == "to" or visited) else 2
            # "arrived in Paris for a state visit to France": the visit's own destination
            own_to = prep == "to" and root.head.head in anchors and root.head.head.pos_ == "NOUN"
            return (not own_to, order, dist)

        return min(places, key=rank).iri

    def _on_occasion_of(self, t: Token, anchors: list[Token]) -> bool:
        """A gathering the event is held on the occasion or the sidelines of (it shares the
        gathering's place; not one held during a visit)."""
        noun = t.head.head if preposition_of(t) == "of" else None
        return noun is not None and noun.lemma_.lower() in events.words()["shared_place"] and any(
            events.reaches(a, noun) or noun in a.subtree for a in anchors)

    def _place_named_before(self, anchors: list[Token]) -> str | None:
        """"A ceremony was held at the launch center": a definite place the text named before
        ("the Xichang Satellite Launch Center"), the latest place whose name ends on those words."""
        for t in self.sent:
            if t.pos_ != "NOUN" or preposition_of(t) not in ("at", "in") or not any(
                    c.dep_ == "det" and c.lower_ == "the" for c in t.children) or any(
                    c.dep_ in ("compound", "amod") and c.pos_ == "PROPN" for c in t.children):
                continue
            if not any(events.reaches(a, t) for a in anchors):
                continue
            words = [c.lower_ for c in t.lefts if c.dep_ in ("compound", "amod")] + [t.lower_]
            if len(words) < 2:
                continue  # "at the centre" says too little
            tail = " ".join(words).replace("centre", "center")
            for k in range(self.si, -1, -1):
                for m in reversed(self.by_sent.get(k, [])):
                    if m.type == "Place" and fold(m.text).replace("centre", "center").endswith(tail) \
                            and (k < self.si or m.token_start < t.i):
                        return m.iri
        return None

    def _title(self, tok: Token) -> str:
        """The event as the text names it: the trigger's noun phrase without its relative
        clauses and appositions ("the 16th China-ESA Space Science Bilateral Meeting"), or, for
        a verb, its subject, the verb and what it reaches ("Xu Dazhe has come to Washington")."""
        cut = ("relcl", "acl", "appos", "advcl", "punct", "cc", "conj") if tok.pos_ != "VERB" else (
            "advcl", "punct", "cc", "conj", "ccomp", "xcomp", "advmod", "npadvmod")
        keep = [tok]
        for c in tok.children:
            if c.dep_ not in cut:
                keep += list(c.subtree)
        keep = sorted(keep, key=lambda t: t.i)
        words = self.doc[keep[0].i: min(keep[-1].i + 1, keep[0].i + 16)].text
        return " ".join(words.split()).strip(" ,.;-–(")

    def _event_date(self, prop: str, tok: Token) -> Dated | None:
        """The date of an agreement or meeting: the nearest one in the tree, unless it dates
        something else (the report of it, another clause, a superseded plan: "the meeting,
        originally planned for March, will take place in June"), then the next nearest."""
        d = self.date_for(prop, tok)
        if d is None:
            return self._week(tok)
        if d.value.granularity == "year" and d.root.dep_ in ("nummod", "compound", "amod") \
                and d.root.head.pos_ in ("PROPN", "NOUN") and d.end - d.start == 4:
            # "at the opening ceremony of the 2024 China Space Day on Wednesday": the year is the
            # name's; a day of that year in the sentence dates the gathering
            day = next((x for x in self.dates if x is not d and x.value.granularity == "day"
                        and x.value.earliest.year == d.value.earliest.year), None)
            if day is not None:
                d = day
        if not self._foreign_date(d, tok):
            return self._reread(d, tok)
        rivals = [t for p, t in self.triggers if p == prop and t.i != tok.i]
        others = sorted((x for x in self.dates if x is not d
                         and tree_distance(tok, x.root) <= MAX_DATE_DISTANCE
                         and not any(tree_distance(r, x.root) < tree_distance(tok, x.root) for r in rivals)),
                        key=lambda x: tree_distance(tok, x.root))
        for x in others:
            if not self._foreign_date(x, tok):
                return self._reread(x, tok)
        return None

    def _foreign_date(self, d: Dated, tok: Token) -> bool:
        hangs = d.root.head.head if d.root.head.dep_ == "prep" else d.root.head
        mine = next((t for t in [tok, *tok.ancestors] if t.pos_ in ("VERB", "AUX")), None)
        if mine is not None and hangs.i != mine.i and hangs in mine.conjuncts and hangs.i < d.root.i < mine.i \
                and not self._signed_at_meeting(hangs, tok):
            return True  # "received funding in 2020, and hosted a workshop": another clause's date
        if events.foreign_clause(tok, d.root):
            return True  # "a roadmap charting the course until 2047", "originally planned for March"
        verb = governing_verb(d.root, steps=3)
        if verb is not None and verb.lemma_.lower() in events.words()["report"] and verb not in (tok, tok.head):
            clause = [a for a in [tok, *tok.ancestors] if a.head.i == verb.i and a.i != verb.i]
            if clause and clause[0].dep_ in ("ccomp", "xcomp") and not clause[0].tag_.startswith("N"):
                return True  # "On 19 October X wrote that a videoconference had been held"
        return False

    def _signed_at_meeting(self, verb: Token, tok: Token) -> bool:
        """"met in Tokyo on 19 May, and the two agencies signed an agreement": an accord signed
        in a clause joined to a meeting's takes the meeting's date."""
        if not any(p == "agreement" and t.i == tok.i for p, t in self.triggers):
            return False
        return any(p == "meeting" and t.i == verb.i for p, t in self.triggers)

    def _span(self, value, group: list[Token]):
        """A gathering that opens on one day and closes on another (or lasts "five days")."""
        w = events.words()
        verbs = {}
        subject_opens = False
        for x in self.dates:
            # the verb the date hangs from: "opened on June 24th", "closes Thursday"
            v = x.root.head.head if x.root.head.dep_ == "prep" else x.root.head
            if v.pos_ == "VERB" and v.lemma_.lower() in w["opening"] | w["closing"]:
                kind = "open" if v.lemma_.lower() in w["opening"] else "close"
                verbs.setdefault(kind, x.value)
                if kind == "open" and any(t.head.i == v.i and t.dep_ in ("nsubj", "nsubjpass") for t in group):
                    subject_opens = True  # "The seminar (2024-2028 programme) opened on June 24th"
        opened = verbs.get("open")
        if opened is None or (opened.edtf != value.edtf and not subject_opens):
            return value
        closed = verbs.get("close")
        if closed is not None and closed.earliest is not None and opened.earliest is not None \
                and closed.earliest <= opened.earliest:
            # "opened on Tuesday, closes on Thursday": the close is after the opening
            text = next(x.text for x in self.dates if x.value is closed)
            closed = parse_time(text, opened.earliest, "future")
        return events.span(opened, closed, self.sent.text) or opened

    def _week(self, tok: Token) -> Dated | None:
        """"told a press briefing last week": a relative week near the trigger."""
        for ent in self.ents:
            if ent.label_ == "DATE" and tree_distance(tok, ent.root) <= MAX_DATE_DISTANCE:
                value = events.week_of(ent.text, self.published)
                if value is not None:
                    return Dated(value, ent.root, ent.start_char, ent.end_char, ent.text)
        return None

    def _reread(self, d: Dated, tok: Token) -> Dated:
        """A gathering's date read forward when the event is announced ahead ("to be held in
        Paris on 13 and 14 March"; the date reader already takes "13 and" with "14 March")."""
        v = d.root.head.head if d.root.head.dep_ == "prep" else d.root.head
        if v.tag_ == "VBN" and v.dep_ == "acl" and (v.head.i == tok.i or tok in v.head.ancestors) and not any(
                c.dep_ in ("aux", "auxpass") for c in v.children):
            return d  # "under an MoU signed on Tuesday, X will join": the signing is past
        ahead = status_of(tok, None, self.published) == "planned" or has_cue(
            [c for a in [tok, *list(tok.ancestors)[:2]] for c in a.children], "planned")
        if not ahead:
            return d
        value = parse_time(d.text, self.published, "future")
        if value is None or (value.latest is not None and value.latest < self.published):
            return d
        return Dated(value, d.root, d.start, d.end, d.text)

    def _event_status(self, tok: Token, time, spans: bool = False) -> str:
        if time is None and tok.dep_ == "pobj" and tok.head.lower_ in ("under", "according"):
            return "actual"  # "under an agreement between A and B, ... will": the accord exists
        return status_of(tok, time, self.published, spans)

    def agreement(self, tok: Token) -> list[Claim]:
        if events.negated(tok) or events.submitted(tok) or events.bundle(tok) or events.standing(tok):
            return []
        d = self._event_date("agreement", tok)
        time = d.value if d else None
        if time is None and events.foreshadowed(tok):
            return []
        joint_only = triggers_config()["agreement"].get("joint_only", ())
        if tok.lemma_.lower() in joint_only and len(self._parties()) < 2:
            return []  # one body's roadmap or statement is no accord
        out = []
        sides = self._subject_places(tok)
        place = self._place([tok], exclude=sides)
        if d is None and place is None:
            d, place = self._occasion_before(tok)
        for one in [d, *self._conjoined_dates(d, tok)]:
            time = one.value if one else None
            c = self.claim("agreement", time=time, status=self._event_status(tok, time),
                           parties=_unique(self._parties() + sides), signatories=self._signatories(),
                           place=place, title=self._title(events.phrase_noun(tok)))
            c.event = events.mention_of(tok)
            c.event.sent = self.si
            c.event.held = events.held_only(tok)
            out.append(c)
        return out

    def _subject_places(self, tok: Token) -> list[str]:
        """"Portugal and Brazil concluded an agreement": places that are the subjects of the verb
        that makes the accord sign it; they are its parties, not where it was signed (a city that
        "hosted the signing" is a place: its verb is no accord-making verb)."""
        verb = tok.head if tok.dep_ in ("dobj", "nsubjpass") else tok
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in events.words()["event_verbs"] \
                or verb.lemma_.lower() in ("host", "hold", "take", "open", "mark", "celebrate"):
            return []
        subjects = {x.i for c in verb.children if c.dep_ == "nsubj" for x in [c, *c.conjuncts]}
        return _unique([m.iri for m in self.of_type("Place") if fold(m.text) not in NOT_VENUES
                        and self.doc[m.token_start:m.token_end].root.i in subjects])

    def _occasion_before(self, tok: Token) -> tuple[Dated | None, str | None]:
        """"The centre was inaugurated in Brest on 12 June. The two institutes signed a
        memorandum at the ceremony": an accord signed at "the ceremony" (or "the event", "the
        occasion") that its own sentence neither dates nor places was signed at the event the
        sentence before reports, on its day and at its place."""
        venue = events.occasion_venue(tok)
        if venue is None or self.sent.start == 0:
            return None, None
        prev = self.doc[self.sent.start - 1].sent
        days = [x for x in sentence_dates(prev, self.text, self.published)
                if x.event_value is not None and x.event_value.granularity == "day"]
        if len(days) != 1:
            return None, None
        day_ = days[0]
        verb = governing_verb(day_.root, steps=3)
        place = None
        for m in self.by_sent.get(self.si - 1, []):
            root = self.doc[m.token_start:m.token_end].root
            if m.type == "Place" and m.text not in self.countries and preposition_of(root) in ("in", "at") \
                    and verb is not None and governing_verb(root, steps=3) == verb:
                place = m.iri
                break
        return Dated(day_.event_value, day_.root, day_.start, day_.end, day_.text), place

    def _conjoined_dates(self, d: Dated | None, tok: Token) -> list[Dated]:
        """"agreements signed in 2014 and in 2015": a plural accord with conjoined dates is one
        accord per date."""
        if d is None or tok.tag_ not in ("NNS", "NNPS"):
            return []
        def gov(t):
            if t.dep_ != "pobj":
                return t.head
            prep = t.head
            while prep.dep_ == "conj" and prep.head.dep_ == "prep":
                prep = prep.head  # "in 2016 and in 2021": the second "in" joins the first
            return prep.head
        out = []
        for x in self.dates:
            if x.root.i == d.root.i:
                continue
            a, b = sorted((x.root.i, d.root.i))
            joined = x.root in d.root.conjuncts or (
                gov(x.root).i == gov(d.root).i and any(t.dep_ == "cc" for t in self.doc[a:b]))
            if joined:
                out.append(x)
        return out

    def _thing_meets(self, tok: Token) -> bool:
        """"where the solar wind meets Earth's magnetic field": a meet verb whose subject is no
        name, pronoun or people's noun gathers nobody."""
        if tok.pos_ != "VERB" or tok.lemma_.lower() != "meet":
            return False
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if not subj:
            return False
        s = subj[0]
        return s.pos_ == "NOUN" and s.lemma_.lower() not in events.words()["meet_subjects"] and \
            not any(m.token_start <= s.i < m.token_end for m in self.ms)

    def meeting(self, toks: list[Token]) -> list[Claim]:
        """One claim per gathering the sentence names: triggers close in the tree ("held a
        meeting", "the seminar, together with the launch meeting") are one, a visit and an event
        held during it are two."""
        named = [(m.token_start, m.token_end) for m in self.of_type("Agency", "Organization")]
        toks = [t for t in toks if not events.a_body(t, any(a <= t.i < b for a, b in named))
                and not events.negated(t) and not events.not_held(t) and not events.signing_venue(t)
                and not self._thing_meets(t)]
        out = []
        grouped = self._own_groups(events.groups(toks))
        made: dict[int, Claim] = {}
        for group in grouped:
            dated = [(self._event_date("meeting", t), t) for t in group]
            dated = [(d, t) for d, t in dated if d is not None]
            d, anchor = (min(dated, key=lambda x: tree_distance(x[1], x[0].root)) if dated
                         else (None, group[0]))
            time = self._span(d.value, group) if d else None
            others = [t for g in grouped if g is not group for t in g]
            place = self._place(group, others)
            persons = self._persons()
            # a gathering under way by the report (opened, not yet closed) has happened
            status = self._event_status(anchor, d.value if d and time is not d.value else time, spans=True)
            persons = _unique(persons + self._pronoun_person(group))
            extra = [x for x in self._conjoined_dates(d, anchor) if anchor.tag_ == "NNS"] if d else []
            for more in extra:  # "paid state visits to France in 2014 and in 2019": one each
                out.append(self.claim("meeting", time=more.value,
                                      status=self._event_status(anchor, more.value, spans=True),
                                      participants=persons + self._bodies(place), place=place,
                                      title=self._title(anchor)))
            c = self.claim("meeting", time=time, status=status,
                           participants=persons + self._bodies(place), place=place,
                           title=self._title(anchor))
            nouns = [t for t in group if t.pos_ != "VERB"]
            c.event = events.mention_of(nouns[0] if nouns else anchor)
            c.event.occasion = any(events.on_occasion(t) for t in group)
            c.event.sent = self.si
            c.event.after = tuple((self.si + k, m.iri) for k in range(1, AFTER + 1)
                                  for m in self.by_sent.get(self.si + k, []) if m.type == "Person")
            c.event.also = events.also_attended(anchor)
            if attended_before(anchor):
                c.event.anaphor = c.event.weak = True  # "X, who also attended, said": at the
                # gathering reported before (no claim of its own)
            if c.event.also and not self.of_type("Person"):
                # "They also took part in the 9th meeting of ...": the people just named
                c.participants = _unique([m.iri for m in self.recent("Person", back=2)] + c.participants)
            if c.time is None and c.place is None and not self.of_type("Person") and not c.event.also:
                if not c.event.anaphor:
                    continue
                c.event.weak = True
            made[id(group)] = c
            out.append(c)
        opening = self._opening_date()
        for group in grouped:  # an event held during a dated visit takes the visit's dates
            c = made.get(id(group))
            if c is None or c.time is not None:
                continue
            if opening is not None and len(made) > 1 and any(
                    t.dep_ == "pobj" and t.head.lower_ in ("after", "before", "following") for t in group):
                c.time = opening.value  # "On Monday, after the ceremony at X, they held talks at Y"
                c.status = self._event_status(group[0], c.time, spans=True)
                continue
            for h in grouped:
                v = made.get(id(h))
                if v is not None and v is not c and v.time is not None and any(
                        t.dep_ == "pobj" and t.head.lower_ == "during" and t.head.head in group for t in h):
                    c.time, c.status = v.time, v.status
        return out

    def _pronoun_person(self, group: list[Token]) -> list[str]:
        """"He paid state visits to France", "his visit": the person named last before the
        pronoun (in the sentence, else in the two before it)."""
        near = set()
        for t in group:
            near.update(c for c in t.children if c.dep_ == "poss")
            verb = t if t.pos_ in ("VERB", "AUX") else t.head if t.dep_ in ("dobj", "attr") else None
            if verb is None and t.dep_ == "pobj" and t.head.dep_ == "prep":
                verb = t.head.head  # "is on an official visit"
            if verb is not None:
                near.update(c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
        pron = sorted((t for t in near if t.lower_ in ("he", "she", "his", "her")), key=lambda t: t.i)
        if not pron:
            return []
        before = [m for m in self.of_type("Person") if m.token_end <= pron[0].i]
        if before:
            return [before[-1].iri]
        for k in range(1, 4):  # the subject of a sentence just before, else its first person
            named = [m for m in self.by_sent.get(self.si - k, []) if m.type == "Person"]
            subjects = [m for m in named if self.doc[m.token_start:m.token_end].root.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return [subjects[0].iri]
        found = self.recent("Person", back=2)
        return [found[0].iri] if found else []

    def _opening_date(self) -> Dated | None:
        """The date a sentence opens with, before a comma ("On Monday, ..."): it dates all that
        the sentence tells."""
        for d in self.dates:
            lead = self.text[self.sent.start_char:d.start].strip().lower()
            if lead in ("", "on", "in") and self.text[d.end:d.end + 1] == "," and d.end < self.sent.end_char:
                return d
        return None

    def _own_groups(self, groups: list[list[Token]]) -> list[list[Token]]:
        """A second gathering in a sentence is its own claim only when someone is named at it
        ("Modi, who is on an official visit", "while Hollande was on a state visit"); otherwise
        its words describe the first ("met in Beijing on the occasion of the official visit")."""
        if len(groups) < 2:
            return groups
        persons = [self.doc[m.token_start:m.token_end].root for m in self.of_type("Person")]

        def own(g):
            if any(c.dep_ == "poss" and c.pos_ == "PRON" for t in g for c in t.children) and persons:
                return True  # "during his visit": the person the sentence names
            for p in persons:
                d = min(tree_distance(p, t) for t in g)
                if d <= 3 and all(d <= min(tree_distance(p, t) for t in h) for h in groups if h is not g):
                    return True
            return False
        def located(g):  # "the ceremony at the Tarn Arch", "talks at the Kestrel Hall"
            return {m.iri for m in self.of_type("Place")
                    for r in [self.doc[m.token_start:m.token_end].root]
                    if preposition_of(r) in ("at", "in") and r.head.head in g}
        out = [groups[0]]
        for g in groups[1:]:
            if own(g) and own(out[0]) or located(g) and located(out[0]) and not located(g) & located(out[0]):
                out.append(g)
            else:
                out[0] = out[0] + g
        return out

    def carries(self) -> list[Claim]:
        """A mission carries a named instrument: see :func:`sfkg.nlp.payloads.carries`."""
        if not self.ms and not any(t.lemma_.lower() in payloads.carry_verbs() for t in self.sent):
            return []  # a sentence without names only counts a carrier's payloads ("it carries two instruments")
        return [self.claim("carries", subject=s, object=o) for s, o in payloads.carries(self)]

    def _carrier_by_anaphor(self, root: Token, toks: list[Token]) -> str | None:
        return payloads._carrier_by_anaphor(self, root, toks)

    def built_by(self) -> list[Claim]:
        """An instrument built or supplied by an organisation or a country: see
        :func:`sfkg.nlp.payloads.built_by`."""
        if not any(m.type in ("Organization", "Agency", "Place") for m in self.ms):
            return []
        pending: list[tuple[str, str]] = []
        out = [self.claim("built_by", subject=s, object=o) for s, o in payloads.built_by(self, pending)]
        self.pending = [self.claim("built_by", subject=s, object=o) for s, o in pending]
        return out


_FIRST_SINCE = re.compile(r"\bfirst\b[^.;]{0,80}?\bsince\s*$", re.I)


def _conjuncts(tokens: list[Token]) -> list[Token]:
    """The tokens and every token conjoined to them ("CNES and the German Aerospace Center")."""
    out = []
    for t in tokens:
        out.append(t)
        out += [c for c in t.conjuncts if c not in out]
    return out


def status_of(tok: Token, time: TimeValue | None, published: date, spans: bool = False) -> str:
    """Planned or actual, by these rules in order:
    1. a time that starts after the report is planned (it cannot have happened), and one that
       ended before the report is actual;
    2. a planned cue near the trigger ("will", "scheduled", "set to", "by the end of") is planned;
    3. a time that ends by the report, or a past-tense clause, is actual; with ``spans`` (a
       gathering), so is a span of days begun by the report ("is on a visit from June 30 to
       July 2", reported on July 1: under way);
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
    if spans and time is not None and time.earliest is not None and time.latest is not None \
            and time.earliest < time.latest and time.earliest <= published:
        return "actual"
    if is_past(tok):
        return "actual"
    return "planned" if time is not None else "actual"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def merge_claims(claims: list[Claim]) -> list[Claim]:
    """One claim per fact in a document: equal facts merge; the mentions of one agreement or
    meeting are one event (:func:`sfkg.nlp.events.corefer`, its lists united), and an accord
    with neither parties, signatories, date nor place in any of its mentions is no claim."""
    out: list[Claim] = []
    index: dict[tuple, Claim] = {}
    for c in claims:
        if c.property in ("agreement", "meeting"):
            out.append(c)
            continue
        t = c.time.edtf if c.time else None
        if c.property == "post":
            key = (c.property, c.subject, c.post, c.org)
        else:
            key = (c.property, c.subject, c.object, t, c.status)
        if key in index:
            continue
        index[key] = c
        out.append(c)
    merged = events.corefer([c for c in out if c.property in ("agreement", "meeting")])
    keep = {id(c) for c in merged if c.property == "meeting" or c.parties or c.signatories or c.time or c.place}
    return [c for c in out if c.property not in ("agreement", "meeting") or id(c) in keep]
