"""Posts: who holds which title at which organisation, as the text says on its publication date.

A text is read as a sequence of items with the words between them: P a person, R a pronoun
that an appointment clause attaches to the last person named ("his promotion to ..."), T a
title, O an organisation or a country, D a nationality adjective, M a mission, instrument or
programme. A post is one of the arrangements of ``patterns/titles.yaml`` (items side by side,
each gap matching a small regular expression), for example:

- ``O T P``      "ESA Director General Jane Roe", "NASA's deputy head Tom Lee"
- ``P , T of O`` "Wang Lei, Administrator of the CMSA"
- ``T of O , P`` "The President of ASI, Marco Bianchi"
- ``P , O T``    "Jean Dupont, CNES President", "Ann Roe, JAXA's public affairs director"
- ``P is/was appointed (the new) T of O``, ``named P as T of O``, "he was named T of O"
- ``T P``        "President Ana Lima": a head of state or government, a minister or an envoy
  holds the post at a country even where the text does not name it (:func:`_country_for`)
- ``P , M's T``  "Li Hua, the K9 mission's spokeswoman": a mission's title has no organisation
- ``P is with O``, ``P , of O``, ``O's P``: an affiliation, a post with no title

A title is worded as the text words it: its modifiers ("deputy director", "acting head"), a
complement of capitalised words ("Head of Planetary Science", "Ambassador to Chile") and a unit
named after the organisation ("Chair of ASI's Supervisory Board" is "Chair of Supervisory Board"
at ASI); "new" and nationality adjectives are dropped; "former", "then-", "next" make no claim.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .. import patterns, reference
from ..model import Claim
from ..textnorm import fold, slug
from ..vocab import SFR
from .mentions import common_words
from .syntax import evidence_span, sentence_ents


@dataclass
class Item:
    kind: str  # P, R, T, O, D, M
    start: int
    end: int
    value: str  # an IRI; for T the post as worded
    form: str = ""  # T: the title's head form ("prime minister"); O: a unit named after it
    stale: bool = False  # T: "former", "then-", "next"
    country: bool = False  # O, D: a country
    known: bool = False  # O: a reference entity
    firm: bool = False  # O: read as an organisation by its form or other mentions, known or not


@dataclass(frozen=True)
class Rule:
    kinds: tuple[str, ...]
    gaps: tuple[re.Pattern, ...]
    org: bool = True
    names: int = 1  # words a person's name needs ("ESA's Jane Roe", not "NASA's Orion")
    holder: int | None = None  # the one person who holds the post ("X succeeds Y as ...")
    jobs_only: bool = False  # the arrangement holds for the titles of ``jobs`` only


# ---------------------------------------------------------------------------- pattern data

@lru_cache(maxsize=1)
def _cfg() -> dict:
    return patterns.load("titles")


@lru_cache(maxsize=None)
def _words(key: str) -> frozenset[str]:
    return frozenset(patterns.title_key(w) for w in _cfg().get(key) or [])


def _alt(words) -> str:
    return "|".join(r"[- ]+".join(re.escape(w) for w in f.split())
                    for f in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern:
    lead = _alt(_words("dropped") | _words("stale"))
    mods = _alt(_words("modifiers"))
    forms = _alt(patterns.titles())
    return re.compile(rf"(?<![\w-])((?:(?:{lead})[- ]+)*)((?:(?:{mods})[- ]+)*)({forms})(?![\w-])",
                      re.I)


_CAP = r"[A-Z][\w’'&-]*"
_POSTED = re.compile(r"[ ]+of[ ]+(?:the[ ]+)?[A-Z][\w’'-]*(?:[ ]+[A-Z][\w’'-]*)*[ ]+to[ ]+(?:the[ ]+)?"
                     r"([A-Z][\w’'-]*(?:[ ]+[A-Z][\w’'-]*){0,3})")
# the capitalised portfolio written before a minister's title ("External Affairs Minister")
_PORTFOLIO = re.compile(r"(?<![\w'’-])((?:[A-Z][a-z]+[ ]+(?:(?:and|&)[ ]+)?){1,3})$")
_NOT_PORTFOLIO = {"The", "A", "An", "Prime", "Deputy", "Vice", "Chief", "Former", "Then", "New"}  # and nationalities
_COMPLEMENT = re.compile(
    rf"[ ]+(of|for|to)[ ]+((?:the[ ]+)?{_CAP}(?:,?[ ]+(?:(?:and|&|of|for|the)[ ]+)*{_CAP})*)")
# "minister of science,", "professor of astrophysics at X": a short lower-case portfolio that
# ends the phrase or stands before the organisation ("at/of/in the ...")
_LOWER_COMPLEMENT = re.compile(
    r"[ ]+(of|for)[ ]+((?!(?:the|a|an|his|her|its|their|this|that|our|all|both|some)\b)[a-z][a-z-]+"
    r"(?:(?:,[ ]+|[ ]+)(?:and[ ]+)?(?!(?:the|a|an|at|of|in|with|from|on|and|who|which|that|was|is|"
    r"has|said|says)\b)[a-z][a-z-]+){0,3})(?=[ ]*(?:[,.;:)]|$|[ ]+(?:at|of|in|with)[ ]+))")
_POSSESSIVE_WORDS = re.compile(r"['’]s[ ]+((?:[a-z]+[ ]+){1,2})$")
_SHORT_NAME = re.compile(r"^[ ]*[(\[][ ]*[A-Z][A-Z0-9&.-]{1,11}[a-z]?[ ]*[)\]]")
_CAPTION_MARK = re.compile(r"\((?:l|r|c|left|right|centre|center|front|back)\)|[®©]", re.I)
_FOREIGN_BRACKET = re.compile(r"[(\[][^()\[\]]*[\u2e80-\u9fff\uac00-\ud7af][^()\[\]]*[)\]]")


@lru_cache(maxsize=None)
def _rules(section: str) -> tuple[Rule, ...]:
    macros = _cfg()["gap_macros"]

    def expand(g: str) -> re.Pattern:
        return re.compile(re.sub(r"\$(\w+)", lambda m: macros[m[1]], g))

    return tuple(Rule(tuple(r["items"].split()), tuple(expand(g) for g in r["gaps"]),
                      r.get("org") != "none", int(r.get("names", 1)), r.get("holder"),
                      r.get("jobs") == "only")
                 for r in _cfg()[section])


@lru_cache(maxsize=None)
def _macro(name: str) -> re.Pattern:
    return re.compile(_cfg()["gap_macros"][name])


@lru_cache(maxsize=1)
def _honorific_re() -> re.Pattern:
    words = sorted({w.rstrip(".") for w in _cfg()["honorifics"]}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, words)) + r")\.?(?![\w])")


@lru_cache(maxsize=1)
def _unit_re() -> re.Pattern:
    units = "|".join(map(re.escape, sorted(_cfg()["units"], key=len, reverse=True)))
    word = r"(?!(?:and|or|of|the|with|for|to|in|on|at)\b)[A-Za-z][a-z]+[ ]+"
    return re.compile(rf"(['’]s)?[ ]+((?:{word}){{0,2}}?(?:{units}))(?![\w-])", re.I)


@lru_cache(maxsize=1)
def _pronoun_re() -> re.Pattern:
    cue = _cfg()["gap_macros"]["PRONOUN_AS"]
    verbs = "|".join(map(re.escape, _cfg()["appointment_verbs"]))
    return re.compile(rf"\b(?:he|she|his|her)\b(?=[ ]+(?:{cue}))|\b(?:{verbs})[ ]+(him|her)\b",
                      re.I)


def _country_iri(name: str) -> str:
    hit = reference.index().get(fold(name))
    return hit.iri if hit else str(SFR[f"place/{slug(name)}"])


# ---------------------------------------------------------------------------- items

def find_posts(doc, text, sents, by_sent, countries, skip, model_text=None, ents=None) -> list[Claim]:
    """Posts over the whole body: the arrangements need their items side by side on one line,
    so a sentence split inside "ESA Director General Jane Roe" does not lose the post
    (``ents``: the entities of each sentence, if read already)."""
    ents = sentence_ents(doc, sents) if ents is None else ents
    demonyms = patterns.demonyms()
    known = reference.by_iri()
    starts = [s.start_char for s in sents]

    def skipped(pos: int) -> bool:
        return any(a <= pos < b for a, b in skip)

    items: list[Item] = []
    for si, sent in enumerate(sents):
        if skipped(sent.start_char):
            continue
        for m in by_sent.get(si, []):
            if m.type == "Person":
                items.append(Item("P", m.start, m.end, m.iri))
            elif m.type in ("Agency", "Organization") and not (
                    m.iri not in known and _PROJECT_AFTER.match(text, m.end)):
                items.append(Item("O", m.start, m.end, m.iri, known=m.iri in known))
            elif m.type in ("Agency", "Organization"):  # "PI of the Limadou project": a project's
                items.append(Item("M", m.start, m.end, m.iri))
            elif m.type == "Place" and m.text in countries:
                items.append(Item("O", m.start, m.end, m.iri, country=True, known=True))
            elif m.type in ("Mission", "Instrument", "Program"):
                items.append(Item("M", m.start, m.end, m.iri, known=m.iri in known))
        for ent in ents[si]:
            if ent.label_ == "NORP" and ent.text.lower() in demonyms:
                items.append(Item("D", ent.start_char, ent.end_char,
                                  _country_iri(demonyms[ent.text.lower()]), country=True))
    _untitled_persons(items, text)
    items = _with_surnames(items, text, skipped)
    items = _with_short_names(items, text, skipped)
    _mark_firm(items, text)
    items = _with_titles(items, text, skipped)
    items = _with_pronouns(items, text)
    items = _collapse(sorted(items, key=lambda i: (i.start, -i.end)), text)
    out = []
    for claim, person in _resolve_countries(_match(items, text), items, text):
        sent = sents[max(0, bisect.bisect_right(starts, person.start) - 1)]
        claim.char_start, claim.char_end = evidence_span(sent, model_text)
        claim.evidence = text[claim.char_start:claim.char_end]
        out.append(claim)
    return out


class _Spans:
    """Items by start offset, for range look-ups in logarithmic time."""

    def __init__(self, items: list[Item]):
        self.items = sorted(items, key=lambda i: i.start)
        self.starts = [i.start for i in self.items]

    def starting_in(self, a: int, b: int) -> list[Item]:
        return self.items[bisect.bisect_left(self.starts, a):bisect.bisect_left(self.starts, b)]

    def covering(self, pos: int) -> list[Item]:
        k = bisect.bisect_right(self.starts, pos)
        return [i for i in self.items[max(0, k - 4):k] if i.start <= pos < i.end]


def _with_titles(items: list[Item], text: str, skipped) -> list[Item]:
    """Title items; a title wins over an unknown organisation or mission the model found in its
    words ("Head of Planetary Science", "Vice Chair"), not over a person or a known name."""
    firm = _Spans([i for i in items if i.kind == "P" or (i.kind in ("O", "M") and i.known)])
    spans = _Spans(items)
    titles = []
    for m in _title_re().finditer(text):
        head = m.start(2 if m[2] else 3)
        if skipped(m.start()) or firm.covering(head):
            continue
        start, end, words = m.start(), m.end(), ""
        form = patterns.title_key(m[3])
        if m[2] and patterns.title_key(m[2] + m[3]) in patterns.titles():
            form = patterns.title_key(m[2] + m[3])  # "chief scientist", not "scientist"
        stale = any(w in _words("stale") for w in patterns.title_key(m[1]).split())
        if not m[1]:
            before = _POSSESSIVE_WORDS.search(text, max(0, start - 40), start)
            lost = _words("dropped") | _words("stale") | set(patterns.demonyms())
            if before and not any(w in lost for w in before[1].split()):
                words, start = before[1], before.start(1)
        if not m[1] and not m[2]:
            words, start = _modifier_before_org(text, start, spans, words)
        if form in _words("portfolio_titles") and not words and (pf := _PORTFOLIO.search(text, max(0, start - 50), start)) \
                and not any(i.kind in "PD" or i.known or i.firm or i.country for i in spans.starting_in(pf.start(1), start)) \
                and pf[1].split()[0] not in _NOT_PORTFOLIO and pf[1].split()[0].lower() not in patterns.demonyms():
            words, start = pf[1], pf.start(1)  # "External Affairs Minister", "Universities and Science Minister"
        comp = _COMPLEMENT.match(text, end)
        if comp and (comp[1] != "to" or form in _words("state_titles")) and not (
                form in _words("jobs") and comp[1] != "to"):  # "principal investigator of Limadou": a mission's
            end = _complement_end(comp, spans) or end
        elif not comp and (low := _LOWER_COMPLEMENT.match(text, end)) and \
                not spans.starting_in(low.start(2), low.end(2)):
            end = low.end(2)
        post = " ".join((words + text[head:end]).split())
        if form in _words("postings") and (posted := _POSTED.match(text, end)):
            post = f"{post} to {posted[1]}"  # "Ambassador of France to Chile": the post is
            # "Ambassador to Chile", France its organisation (read after the title as usual)
        titles.append(Item("T", start, end, post, form, stale))
    titles = _joined_titles(titles, text)
    inside = _Spans(titles)
    kept = [i for i in items
            if i.kind == "P" or (i.kind in ("O", "M") and (i.known or i.firm) and not i.country)
            or not inside.covering(i.start)]
    return kept + titles


def _joined_titles(titles: list[Item], text: str) -> list[Item]:
    """"Chairman and CEO", "President & Chief Executive Officer": two titles joined by "and"
    with nothing else between them are one post."""
    out: list[Item] = []
    for t in sorted(titles, key=lambda i: i.start):
        prev = out[-1] if out else None
        if prev is not None and not prev.stale and not t.stale and \
                re.fullmatch(r"[ ]+(?:and|&)[ ]+", text[prev.end:t.start]) and t.start > prev.end \
                and not {prev.form, t.form} & _words("jobs") \
                and not (re.match(r"[ ]+of[ ]", text[t.end:]) and re.search(r"\b[A-Z][\w-]*[ ]+$", text[:prev.start])):
            # "PI and director general of X": two; "DLR board member and head of the K9 office": two
            joint = " ".join(text[prev.end:t.start].split())
            out[-1] = Item("T", prev.start, t.end, f"{prev.value} {joint} {t.value}", prev.form, False)
            continue
        out.append(t)
    return out


_ACRONYM = re.compile(r"[A-Z][A-Z0-9&-]*[A-Z0-9][a-z]?")


def _modifier_before_org(text: str, start: int, spans, words: str) -> tuple[str, int]:
    """"Acting NASA Administrator X", "Deputy ESA Director Y": a modifier written before the
    organisation that stands in front of the title belongs to the post."""
    orgs = [i for i in spans.starting_in(max(0, start - 60), start)
            if i.kind == "O" and re.fullmatch(r"(?:['’]s)?[ ]+", text[i.end:start])]
    if not orgs:
        return words, start
    mod = re.search(rf"(?<![\w-])((?:(?:{_alt(_words('modifiers'))})[- ]+)+)$",
                    text[max(0, orgs[-1].start - 40):orgs[-1].start], re.I)
    if not mod:
        return words, start
    return mod[1] + words, start


_BRACKETED_SHORT = re.compile(r"[ ]*\([ ]*([A-Z][A-Z0-9&-]{1,9}[a-z]?)[ ]*\)")


def _with_short_names(items: list[Item], text: str, skipped) -> list[Item]:
    """"the Kalvo Institute (KVI) ... Director General of KVI": an acronym the text gives in
    brackets after an organisation names that organisation wherever the text uses it again."""
    short: dict[str, Item] = {}
    for i in items:
        if i.kind == "O" and not i.country:
            m = _BRACKETED_SHORT.match(text, i.end)
            if m:
                short.setdefault(m[1], i)
    if not short:
        return items
    spans = _Spans(items)
    out = list(items)
    alt = "|".join(re.escape(a) for a in sorted(short, key=len, reverse=True))
    for m in re.finditer(rf"(?<![\w-])(?:{alt})(?![\w-])", text):
        a, b = m.span()
        if skipped(a) or spans.covering(a) or spans.starting_in(a, b) or text[a - 1:a] == "(":
            continue
        org = short[m[0]]
        out.append(Item("O", a, b, org.value, known=org.known, firm=True))
    return out


def _mark_firm(items: list[Item], text: str) -> None:
    """An organisation sfkg does not know is still one when it is written as an acronym
    ("Director General of XKRT") or is named elsewhere in the text under another form ("the
    Kalvo Institute (KVI)" ... "Head of KVI") or as one capitalised word no dictionary holds
    ("CEO of Avio"): a title's complement stops before it."""
    forms: dict[str, set[str]] = {}
    for i in items:
        if i.kind == "O":
            forms.setdefault(i.value, set()).add(fold(text[i.start:i.end]))
    for i in items:
        if i.kind == "O":
            written = text[i.start:i.end]
            i.firm = i.firm or i.known or bool(_ACRONYM.fullmatch(written)) or len(forms[i.value]) > 1 or \
                bool(re.fullmatch(r"[A-Z][a-z]+", written)) and written.lower() not in common_words()  # "CEO of Avio"


def _complement_end(comp: re.Match, spans: _Spans) -> int | None:
    """Where a title's complement ends: before a person or a known name (a country after "to"
    is the envoy's posting), trimmed of joining words; None if it names an organisation."""
    start, end = comp.start(2), comp.end(2)
    inner = spans.starting_in(start, end)
    if comp[1] == "to":  # an envoy's posting: the country named right after "to"
        place = [i for i in inner if i.country and i.kind == "O"]
        if place and re.fullmatch(r"(?:the )?", comp.string[start:place[0].start]):
            return place[0].end
        if place or any(i.kind in "OM" for i in inner) or \
                len(comp.string[start:end].split()) > 3:
            return None
        # "Ambassador to Norvania Kim Lee": a posting the text names in a capitalised word or
        # two, read as such even where sfkg does not know the country
    for i in inner:
        if i.kind == "O" and i.start > start and comp.string[i.start - 2:i.start] == ", " and not i.country:
            continue  # "Minister of Higher Education, Research and Innovation": a portfolio's list
        if i.kind == "O" and comp[1] == "for" and i.start == start and re.match(r" and [A-Z]", comp.string[i.end:i.end + 6]):
            continue  # "Minister for Europe and Foreign Affairs": a portfolio, not a posting
        if i.kind in "PM" or i.known or i.firm:
            end = min(end, i.start)  # "chief designer of the K9 mission": the mission's title
    phrase = comp.string[start:end]
    phrase = re.sub(r"(?:[ ,]+(?:and|&|of|for|the))*[ ,]*$", "", phrase)
    phrase = re.sub(r"^the[ ]+", "", phrase)
    if not phrase or phrase.lower() == "the" or any(
            w.lower() in _cfg()["org_words"] for w in re.findall(r"[\w’']+", phrase)):
        return None
    end = start + comp.string[start:end].find(phrase) + len(phrase)
    nxt = re.match(r"[ ]*([\w-]+)", comp.string[end:end + 40])
    if re.search(r"-[a-z]", phrase) or (nxt and nxt[1][:1].islower() and "-" in nxt[1]):
        return None  # "for the Space-based multi-band ...": a longer name, not a portfolio
    return end


def _untitled_persons(items: list[Item], text: str) -> None:
    """"President Okafor", "Chancellor Brandt": a person's mention that holds the title before
    the name is the name only; the title is read as any other (not only for known people)."""
    for p in items:
        if p.kind != "P":
            continue
        m = _title_re().match(text, p.start, p.end)
        if m and m.end() < p.end and text[m.end()] == " " and text[m.end() + 1:p.end][:1].isupper():
            p.start = m.end() + 1


def _with_surnames(items: list[Item], text: str, skipped) -> list[Item]:
    """"Marchetti now serves as ...": a person named in full is later named by the rest of the
    name ("Van der Berg", "Marchetti"); those words alone, where no other item is, are the
    person too (for the posts only: the mentions are not changed)."""
    spans = _Spans(items)
    out = list(items)
    seen: dict[str, str] = {}
    for p in sorted((i for i in items if i.kind == "P"), key=lambda i: i.start):
        words = text[p.start:p.end].split()
        if len(words) >= 2 and words[0][:1].isupper():
            rest = " ".join(words[1:])
            if len(rest) >= 3 and rest[:1].isupper() and rest.lower() not in patterns.titles():
                seen.setdefault(rest, p.value)
    if not seen:
        return out
    first: dict[str, int] = {}
    for i in items:
        if i.kind == "P":
            first[i.value] = min(first.get(i.value, i.end), i.end)
    alt = "|".join(re.escape(r) for r in sorted(seen, key=len, reverse=True))
    for m in re.finditer(rf"(?<![\w-])(?:{alt})(?![\w-])", text):
        iri = seen[m[0]]
        a, b = m.start(), m.end()
        if a >= first[iri] and not skipped(a) and not spans.covering(a) and \
                not spans.starting_in(a, b):
            out.append(Item("P", a, b, iri))
    return out


def _with_pronouns(items: list[Item], text: str) -> list[Item]:
    """"her promotion to ...", "he was named ...", "appointed him Director": the pronoun stands
    for the last person named before it (within a few sentences)."""
    persons = sorted((i for i in items if i.kind == "P"), key=lambda i: i.start)
    ends = [p.end for p in persons]
    out = list(items)
    for m in _pronoun_re().finditer(text):
        a, b = m.span(1) if m[1] else m.span()
        k = bisect.bisect_right(ends, a) - 1
        if k >= 0 and a - persons[k].end < 600:
            out.append(Item("R", a, b, persons[k].value))
    return out


def _collapse(items: list[Item], text: str) -> list[Item]:
    """"Centre national d'études spatiales (CNES)" is one organisation item; "China's Ministry
    of X" is the ministry; an organisation's unit after it ("ASI's Supervisory Board") is kept on
    the organisation's item for the title before it."""
    out: list[Item] = []
    for it in items:
        if out and out[-1].kind == it.kind == "O" and out[-1].value == it.value and \
                text[out[-1].end:it.start].strip() in ("(", "[", ""):
            end = it.end + (1 if text[it.end:it.end + 1] in ")]" else 0)
            out[-1] = Item("O", out[-1].start, end, it.value, country=it.country, known=it.known)
            continue
        if out and out[-1].end > it.start:
            continue  # nested in the item before
        if out and out[-1].kind in "OD" and it.kind == "O" and not it.country and \
                text[out[-1].end:it.start].strip() in ("'s", "’s") and (
                    out[-1].country or it.known or not _unit_re().match(text, out[-1].end, it.end)):
            out[-1] = Item("O", out[-1].start, it.end, it.value, known=it.known)
            # the most specific organisation: "CNES's Toulouse Space Centre"
            continue
        out.append(it)
    drop = set()
    for n, it in enumerate(out):
        if it.kind == "O" and not it.country:
            unit = _unit_re().match(text, it.end, it.end + 60)
            if unit:
                it.form = " ".join(unit[2].split())
                drop.update(id(x) for x in out[n + 1:n + 3]
                            if x.kind == "O" and not x.known and x.start < unit.end())
    return [it for it in out if id(it) not in drop]


# ---------------------------------------------------------------------------- arrangements

def _gap(text: str, a: Item, b: Item) -> str:
    g = text[a.end:b.start]
    if "\n" in g:
        return "\n"  # items on different lines never form a post
    if a.kind == "O":  # "the Kalvo Institute (KVI), Jane Roe": the short name is the body's
        g = _SHORT_NAME.sub("", g, count=1)
    if a.kind == "O" and a.form:
        unit = _unit_re().match(g)
        if unit:
            g = g[unit.end():]
            if "\n" in g:
                return "\n"
    g = _FOREIGN_BRACKET.sub(" ", g)
    g = _CAPTION_MARK.sub(" ", g)
    g = g.replace(")", " ").replace("(", " ").replace("[", " ").replace("]", " ")
    g = g.replace("’", "'")
    g = _honorific_re().sub(" ", g.lower())
    g = re.sub(r"\s+", " ", g).strip()
    return re.sub(r"\s+,", ",", g)


def _claim(rule_org: bool, person: Item, title: Item | None, org: Item | None) -> Claim | None:
    post = title.value if title else None
    if title is not None and title.form in _words("plurals"):
        post = post[:-1]  # "astronauts X and Y": each is an astronaut
    if title is not None and org is not None and org.form and org.start > title.start:
        post = f"{post} of {org.form}"
    o = org.value if org is not None and rule_org else None
    if title is not None and org is None and rule_org and title.form not in _words("state_titles") \
            and title.form not in _words("jobs"):
        return None  # "Director Jane Roe": a title that needs its organisation
    return Claim("post", subject=person.value, post=post, org=o)


def _at(items: list[Item], n: int, rule: Rule) -> list[Item] | None:
    """The items from n on whose kinds are the rule's arrangement, if they are."""
    seq = items[n:n + len(rule.kinds)]
    return seq if tuple(i.kind for i in seq) == rule.kinds else None


def _gaps_fit(rule: Rule, seq: list[Item], text: str) -> bool:
    """Whether the text between each two items is what the rule allows there."""
    return all(g.fullmatch(_gap(text, seq[j], seq[j + 1])) for j, g in enumerate(rule.gaps))


def _match(items: list[Item], text: str) -> list[tuple[Claim, Item]]:
    found: list[tuple[Claim, Item, Item | None]] = []
    used: set[int] = set()  # title items already read
    for n in range(len(items)):
        for rule in _rules("arrangements"):
            seq = _at(items, n, rule)
            if seq is None:
                continue
            k = len(seq)
            title = next(i for i in seq if i.kind == "T")
            if id(title) in used or rule.jobs_only and title.form not in _words("jobs"):
                continue
            nxt = items[n + k] if n + k < len(items) else None
            if rule.kinds[-1] == "T" and nxt is not None and nxt.kind in "PD" and \
                    not _gap(text, seq[-1], nxt):
                continue  # "X, CNES President Y": the title is Y's
            if rule.kinds[0] == "T" and n and items[n - 1].kind in ("O", "D") and \
                    _gap(text, items[n - 1], seq[0]) in ("", "'s"):
                continue  # "ESA Director General Y" is read with its organisation
            if not _gaps_fit(rule, seq, text):
                continue
            if rule.holder is None and seq[0].kind == "P" and re.search(
                    rf"\b(?:{_alt(_words('successions'))})\s+$", text[max(0, seq[0].start - 30):seq[0].start]):
                continue  # "X succeeds Y as Director": the post is not Y's
            last = seq[-1]
            if last.kind == "O" and not last.form and \
                    re.match(r"['’]s\s+[a-z]", text[last.end:last.end + 6]):
                continue  # "head of Japan's rocket industry": the organisation is not named
            used.add(id(title))
            if title.stale or (seq[0].kind in "OD" and _stale_before(text, seq[0].start)) or \
                    _CLOSED_TERM.match(text, seq[-1].end):
                continue  # "former ESA Director General X", "President of X from 2003 to 2013",
                # "X, then head of Y", "X, head of Y at the time"
            orgs = [i for i in seq if i.kind in "OD"]
            org = orgs[-1] if orgs else None
            persons = [i for i in seq if i.kind in "PR"]
            if rule.holder is not None:
                persons = [persons[rule.holder]]
            elif title.form not in _words("plurals"):
                persons = persons[:1]  # "CNES President X and Y, who heads DLR": the title is X's
            person = persons[0]
            for who in persons:  # "ESA astronauts X and Y": each holds the post
                claim = _claim(rule.org, who, title, org)
                if claim is not None:
                    found.append((claim, who, title))
            if seq[-1] is title or seq[-2] is title and (seq[-1] is org or seq[-1].kind == "M"):
                # ("chief scientist of K9 and a researcher at Y")
                found += _coordinated(items, n + k, person, text, used)
        for rule in _rules("affiliations"):
            seq = _at(items, n, rule)
            if seq is None:
                continue
            org = next(i for i in seq if i.kind == "O")
            if org.country or not _gaps_fit(rule, seq, text):
                continue
            persons = [i for i in seq if i.kind == "P"]
            if any(len(text[i.start:i.end].split()) < rule.names for i in persons):
                continue
            for person in persons:
                found.append((Claim("post", subject=person.value, post=None, org=org.value),
                              person, None))
        found += _bracketed(items, n, text)
        found += _lead_frame(items, n, text, used)
        found += _predicate_title(items, n, text, used)
    return _prune(found)


_YEAR = r"(?:\w+ )?(?:19|20)\d\d"
_CLOSED_TERM = re.compile(rf"[ ]*[,)]?[ ]*\(?(?:from |between )?{_YEAR}[ ]*"
                          rf"(?:-|–|to|until|and)[ ]*{_YEAR}|[ ]*[,)]?[ ]*until {_YEAR}"
                          r"|[ ]*,?[ ]*(?:at the time|back then|in those days)\b")


def _bracketed(items, n, text):
    """"Jean Dupont (CNES)": an affiliation in brackets."""
    if n + 1 >= len(items) or items[n].kind != "P" or items[n + 1].kind != "O":
        return []
    person, org = items[n], items[n + 1]
    if org.country or not re.fullmatch(r"[ ]*\([ ]*", text[person.end:org.start]) or \
            text[org.end:org.end + 1] != ")":
        return []
    return [(Claim("post", subject=person.value, post=None, org=org.value), person, None)]


def _stale_before(text: str, pos: int) -> bool:
    words = re.findall(r"[\w]+", text[max(0, pos - 20):pos].lower())
    return bool(words) and words[-1] in _words("stale")


_PROJECT_AFTER = re.compile(r"[ ]+(?:project|programme|program|mission|experiment)\b")
_CARRIER_WORDS = rf"(?:{'|'.join(map(re.escape, _cfg()['unnamed_carriers']))})"
_UNNAMED_OF = re.compile(rf"^(?:of|for|on) (?:the|its) {_CARRIER_WORDS}(?= |,|$) ?")
# after a title at a body: "and", then a name or lowercase words before the next title
_AND_TITLE = re.compile(r"(?:[ ]+[a-z]+){0,2},?[ ]+(?:and|as well as|and also)(?:[ ]+(?:the|a|an))?"
                        r"(?P<words>(?:[ ]+[\w.'-]+?(?:'s)?){0,3})[ ]*")
_UNTOLD_BODY = re.compile(r"[ ]+(?:at|of|with|for|in)[ ]+(?:the[ ]+)?[A-Z]")  # a body no item names
_OWNED = re.compile(rf",? ?(?:as well as|and|and also) (?:the|its) {_CARRIER_WORDS}'s")
_AND_IS = re.compile(r"and (?:is|was|serves as)(?: also| now)?(?: the| a| an)?")
_WORKS_AT = re.compile(r",? ?who (?:works|worked|is based|was based) (?:at|for|with|in)(?: the)?")


def _coordinated(items, n, person, text, used):
    """"named Director of X, as well as Director of Y", "PI of K9 and a researcher at Y", "PI
    of K9, who is an astronomer at Y": one claim per coordinated title; "..., who works at
    Y": an affiliation."""
    out = []
    while n < len(items):
        gap = _UNNAMED_OF.sub("", _gap(text, items[n - 1], items[n]))  # "PI of the mission and ..."
        if items[n - 1].kind == "O":  # "at France's CNRS research centre and K9's PI"
            gap = re.sub(r"^(?:[a-z]+ ){1,2}(?=,? ?(?:and|as well as)\b)", "", gap)
        if items[n - 1].kind == "M":  # "PI of the K9 project and professor at Y"
            gap = re.sub(rf"^{_CARRIER_WORDS} ?(?=,|and|as)", "", gap)
        a, b = items[n], items[n + 1] if n + 1 < len(items) else None
        if a.kind == "M" and items[n - 1].kind == "T" and re.fullmatch(r"(?:of|for|on)(?: the)?", gap):
            n += 1  # "chief scientist of K9 and a researcher at Y": the title's mission
            continue
        if a.kind == "T" and _OWNED.fullmatch(gap):  # "... and the mission's chief scientist"
            used.add(id(a))
            if not a.stale:
                out.append((Claim("post", subject=person.value, post=a.value, org=None), person, a))
            n += 1
            continue
        if a.kind == "O" and _WORKS_AT.fullmatch(gap) and not a.country:
            org = b if b is not None and b.kind == "O" and _gap(text, a, b) == "'s" else a
            out.append((Claim("post", subject=person.value, post=None, org=org.value), person, None))
            # "who works at ESA's operations centre (ESOC)": the most specific one; "... and is
            # the principal investigator of K9": the clause goes on with a title
            n += 2 if org is b else 1
            if n < len(items) and items[n].kind == "T" and _AND_IS.fullmatch(_gap(text, items[n - 1], items[n])):
                continue
            break
        lead = _AND_TITLE.fullmatch(text[items[n - 1].end:a.start].replace("\u2019", "'")) \
            if a.kind == "T" and items[n - 1].kind == "O" else None
        if lead is not None and not (b is not None and b.kind in "OM" and (
                _macro("OF").fullmatch(_gap(text, a, b)) or _gap(text, a, b) == ",")) \
                and not _UNTOLD_BODY.match(text, a.end):
            # "a researcher at Y and deputy chief designer of the ground system", "... and lead
            # lander scientist", "... and KX Principal Investigator" (the title's mission)
            used.add(id(a))
            words = (lead["words"] or "").split()
            mods = [w for w in words if w.islower() and w.isalpha()]
            rest = words[1:] if words and not words[0].islower() else words  # after a name ("KX")
            if not a.stale and (not mods or mods == rest):  # names only, or lowercase modifiers
                post = " ".join(mods + [a.value])
                out.append((Claim("post", subject=person.value, post=post, org=None), person, a))
            n += 1
            continue
        if b is None or not (_macro("AND").fullmatch(gap) or _macro("BE").fullmatch(gap) or _AND_IS.fullmatch(gap)):
            break
        comma = n >= 2 and items[n - 1].kind == "O" and items[n - 2].kind == "T" and \
            _gap(text, items[n - 2], items[n - 1]) == ","  # "Chairman, ISRO and Secretary, Department of Space"
        if a.kind == "T" and b.kind in "OM" and (_macro("OF").fullmatch(_gap(text, a, b)) or comma and _gap(text, a, b) == ","):
            title, org = a, b  # "... and Director of Y"; "... and principal investigator of K9"
        elif a.kind == "M" and b.kind == "T" and _gap(text, a, b) in ("'s", ""):
            title, org = b, None  # "... and K9's principal investigator", "... and K9 PI"
        else:
            break
        used.add(id(title))
        if not title.stale:
            out.append((Claim("post", subject=person.value, post=title.value,
                              org=org.value if org is not None and org.kind == "O" else None),
                        person, title))
        n += 2
    return out


_PREDICATE_GAP = re.compile(
    r"(?:,[^;.!?\n]{1,90}?,|[ ]+(?:of|from|at)[ ]+[^;.!?\n]{1,90}?,)[ ]+(?:is|was|remains|has been|serves as)"
    r"(?:[ ]+(?:also|now|currently|still))?(?:[ ]+as)?(?:[ ]+(?:the|a|an|its))?(?:[ ]+\w+(?:['’]s)?){0,2}[ ]*")
_CLOSING_GAP = re.compile(r"[ ]+(?:of|from|at)[ ]+[^;.!?\n]{1,90}?,[ ]+(?:the|its)(?:[ ]+\w+(?:['’]s)?)?[ ]*")


# what may follow a closing apposition's title: the end of the clause, or "of the instrument,"
_CLOSES = re.compile(rf"(?: (?:of|for|on) (?:the|its) {_CARRIER_WORDS})?[ ]*(?:[.;)]|,(?! and))")


def _predicate_title(items, n, text, used):
    """"Ann Roe, a researcher at X, is the French principal investigator of K9"; "the project is
    led by Li Hua of X, the Chinese principal investigator.": a title that a clause (or a closing
    apposition) gives the person after their affiliation."""
    if items[n].kind != "P":
        return []
    person = items[n]
    for t in items[n + 1:n + 7]:
        if t.kind == "P" or t.start - person.end > 160:
            return []
        if t.kind != "T" or id(t) in used or t.stale:
            continue
        between = text[person.end:t.start]
        if "\n" in between:
            return []
        job = t.form in _words("jobs")
        if _PREDICATE_GAP.fullmatch(between) or job and _CLOSING_GAP.fullmatch(between) \
                and _CLOSES.match(text, t.end):
            used.add(id(t))
            return [(Claim("post", subject=person.value, post=t.value, org=None), person, t)] if job else []
    return []


def _lead_frame(items, n, text, used):
    """"X had been appointed to lead ORG (...), as its new Administrator"."""
    if n + 1 >= len(items) or items[n].kind != "P" or items[n + 1].kind != "O":
        return []
    person, org = items[n], items[n + 1]
    if not re.fullmatch(_cfg()["lead_frame"], _gap(text, person, org)):
        return []
    for t in items[n + 2:n + 8]:
        between = text[org.end:t.start]
        if "\n" in between or re.search(r"[.;!?] ", between):
            break
        if t.kind == "T" and re.search(r"\bas its\s*$", between):
            used.add(id(t))
            return [] if t.stale else [(Claim("post", subject=person.value, post=t.value,
                                              org=org.value), person, t)]
    return []


def _prune(found):
    """A post read with its organisation makes the same post without one redundant, and a
    titled post at an organisation makes the bare affiliation to it redundant."""
    with_org = {(c.subject, fold(c.post)) for c, _, _ in found if c.post and c.org}
    titled_at = {(c.subject, c.org) for c, _, _ in found if c.post}
    out = []
    for c, person, title in found:
        if c.post and not c.org and (c.subject, fold(c.post)) in with_org:
            continue
        if not c.post and (c.subject, c.org) in titled_at:
            continue
        out.append((c, person, title))
    return out


# ---------------------------------------------------------------------------- countries

def _resolve_countries(found, items: list[Item], text: str) -> list[tuple[Claim, Item]]:
    """A head of state or government, a minister or an envoy named without a country holds the
    post at the country the text gives the same person elsewhere; else at the country named
    nearest to the name in its paragraph, else at the one the text names most. Never at a
    country the person is visiting or meeting ("on a state visit to X", "talks with X's
    President"), nor where another person holds the same title."""
    countries = [i for i in items if i.country]
    counts = Counter(i.value for i in countries)
    spans = _Spans(items)
    held: dict[str, str] = {}  # person -> country
    holders: dict[tuple[str, str], str] = {}  # (post, country) -> person
    explicit: dict[str, str] = {}
    country_iris = {i.value for i in countries}
    for c, _, title in found:
        if title is not None and c.org and title.form in _words("state_titles") and \
                c.org in country_iris:
            held.setdefault(c.subject, c.org)
            explicit.setdefault(c.subject, c.org)
            holders.setdefault((fold(c.post), c.org), c.subject)
    out = []
    for c, person, title in found:
        if title is None or c.org or title.form not in _words("state_titles"):
            out.append((c, person))
            continue
        org = held.get(c.subject) or _served(c.subject)
        if org is None:
            away = _counterparts(person, title, spans, held, explicit, text)
            free = [i for i in countries if i.value not in away and
                    holders.get((fold(c.post), i.value), c.subject) == c.subject]
            org = _country_for(person, free, counts, text)
        if org:
            c.org = org
            held.setdefault(c.subject, org)
            holders.setdefault((fold(c.post), org), c.subject)
            out.append((c, person))
    return out


def _served(person: str) -> str | None:
    """The country that the reference says a head of state or government serves (the reference
    gives it), whatever country the sentence names around the title ("the state visit of
    President X to Y")."""
    ent = reference.by_iri().get(person)
    return _country_iri(ent.country) if ent is not None and ent.country else None


@lru_cache(maxsize=1)
def _counterpart_re() -> re.Pattern:
    cues = "|".join(r"\s+".join(map(re.escape, c.split())) for c in _cfg()["counterpart_cues"])
    return re.compile(rf"\b(?i:{cues})\s+(?:(?i:the)\s+)?(?:[A-Z][\w-]*\s+){{0,3}}$")


def _line(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b < 0 else b


def _counterparts(person: Item, title: Item, items: _Spans, held: dict[str, str],
                  explicit: dict[str, str], text: str) -> set[str]:
    """The countries of the other side in the person's paragraph. A person met ("met Prime
    Minister X", "talks with President X") is the host: not of the country of the others named
    there. Anyone else is not of a country named after a visit or meeting cue, nor of the
    country of a person (or nationality) so introduced."""
    a, b = _line(text, person.start)
    lead = min(person.start, title.start)
    if _counterpart_re().search(text, max(a, lead - 60), lead):
        return {held[i.value] for i in items.starting_in(a, b)
                if i.kind == "P" and i.value != person.value and i.value in held}
    away = set()
    for i in items.starting_in(a, b):
        if i is person or not _counterpart_re().search(text, max(a, i.start - 60), i.start):
            continue
        if i.country:
            away.add(i.value)
        elif i.kind == "P" and i.value in explicit and i.value != person.value:
            away.add(explicit[i.value])
    return away


def _country_for(person: Item, candidates: list[Item], counts: Counter, text: str) -> str | None:
    a, b = _line(text, person.start)
    near = [i for i in candidates if a <= i.start < b and abs(i.start - person.start) <= 300]
    if near:
        return min(near, key=lambda i: abs(i.start - person.start)).value
    best, best_key = None, None
    for i in candidates:
        key = (counts[i.value], -abs(i.start - person.start))
        if best_key is None or key > best_key:
            best, best_key = i.value, key
    return best
