"""The type of a name the reference does not know, read from the sentence around it.

The model types an invented name as it can (an organisation, a person, a place); the words
around the name say better what it is. Each rule below finds a *cue* (a type and a weight, the
words in ``patterns/types.yaml``); all the mentions of one name in a document (and of the long
and short forms of an abbreviation) pool their cues, and the type with most weight is the
name's one type in that document.

- :func:`head_cues`: a head noun in the name ("the Kestrel Imager"), after it ("the K9 satellite",
  "the K9 astrophysics mission"), before it ("the probe K9", "the probe, named K9") or in an
  apposition ("K9, a camera ...", "K9 is a lunar orbiter").
- :func:`frame_cues`: the verb frame: "launched K9", "K9 lifted off", "the launch of K9" (a
  mission); "K9 will carry Q7" (K9 a mission, Q7 an instrument); "Q7 aboard K9"; "K9's
  instruments"; "Q7, developed by ORG" (an instrument).
- :func:`list_cues`: "its instruments: A, B and C", "payloads including A and B".
- :func:`series_cue`: a name with a serial number ("Kestrel-7", "Magpie 2") names a mission.

Reference entities, agencies and persons keep their types (a person only gives way to a
serial number: "Kestrel 4" is no person); an organisation or a place gives way only to a
strong cue and not when its own name ends in an organisation's head noun.
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .. import patterns
from ..textnorm import fold
from ..vocab import SFR
from .names import launcher_flight

RETYPED = ("Mission", "Instrument", "Program")
_SERIES = re.compile(r"^[A-Za-z][^\d]*?(?:[- ]?\d{1,3}[A-Z]?|[- ][IVX]{1,4})$")
_CLAUSE = {"of", "for", "with", "by", "that", "which"}
# model labels of names that resolve() may have dropped (an invented "Tessil" read as a
# product or a nationality): their words are free for the context to name
_DROPPABLE = ("PRODUCT", "NORP", "PERSON", "ORG", "GPE", "LOC", "FAC")
_DETS = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "our", "new", "first"}


@lru_cache(maxsize=1)
def cues() -> dict:
    cfg = patterns.load("types")
    heads: dict[tuple[str, ...], str] = {}
    for label, words in cfg["heads"].items():
        for w in words:
            heads[tuple(w.lower().split())] = label
    org = {w.lower() for w in patterns.load("entities")["org_name_heads"]}
    aboard = [tuple(w.lower().split()) for w in cfg["aboard"]]
    openers = [tuple(w.lower().split()) for w in cfg["list_openers"]]
    return {**cfg, "head_map": heads, "org_heads": org, "aboard_seq": aboard, "opener_seq": openers,
            **{k: set(cfg[k]) for k in ("launch_verbs", "liftoff_verbs", "liftoff_particles", "schedule_verbs",
                                        "launch_nouns", "carry_verbs", "build_verbs", "list_heads",
                                        "not_after_head", "install_verbs", "install_preps",
                                        "naming_verbs", "fly_verbs", "fly_preps", "for_hosts")},
            "list_seq": [tuple(w.lower().split()) for w in cfg["list_heads"]]}


_LOWER: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def lower_words(doc: Doc) -> list[str]:
    """The document's tokens in lower case, read once per document (the rules below look words
    up by position many times; the tokens of a parsed document do not change)."""
    words = _LOWER.get(doc)
    if words is None:
        words = _LOWER[doc] = [t.lower_ for t in doc]
    return words


def head_at(doc: Doc, i: int) -> tuple[str, int] | None:
    """The type of the head noun starting at token i (one or two words) and one past its end."""
    heads = cues()["head_map"]
    lower = lower_words(doc)
    for n in (2, 1):
        if i + n <= len(lower):
            words = tuple(lower[i:i + n])
            if words in heads:
                return heads[words], i + n
    return None


def _head_ending(doc: Doc, end: int) -> str | None:
    """The type of a head noun that ends at token ``end`` (exclusive)."""
    for n in (2, 1):
        if end - n >= 0:
            hit = head_at(doc, end - n)
            if hit is not None and hit[1] == end:
                return hit[0]
    return None


def head_cues(doc: Doc, span: Span) -> list[tuple[str, str]]:
    cfg = cues()
    out = []
    own = _head_ending(doc, span.end)
    if own is not None and len(span) > 1:
        out.append((own, "own_head"))
    # after the name: "the K9 satellite", "the K9 astrophysics mission"
    j, mods = span.end, 0
    while j < len(doc) and mods <= cfg["max_modifiers"]:
        hit = head_at(doc, j)
        if hit is not None:
            nxt = doc[hit[1]] if hit[1] < len(doc) else None
            if nxt is None or nxt.lower_ not in cfg["not_after_head"]:
                out.append((hit[0], "head"))
            break
        t = doc[j]
        if not (t.is_lower and t.is_alpha and not t.is_stop) and t.text != "-":
            break
        j, mods = j + 1, mods + 1
    # "the K9 and Q7 missions": a name in a list that modifies a head noun
    first = _in_frame(span.root)
    if first.dep_ in ("compound", "nmod", "amod") and first.head.i >= span.end:
        typ = _head_ending(doc, first.head.i + 1)
        if typ is not None and first.head.lower_ not in cfg["not_after_head"] and not any(
                k == "head" for _, k in out):
            out.append((typ, "head"))
    # before it: "the probe K9", "the probe, named K9", "a camera called K9"
    i = span.start - 1
    while i >= 0 and span.start - i <= 4 and doc[i].lower_ in (",", "named", "called", "dubbed",
                                                                "christened", "known", "as"):
        i -= 1
    if i >= 1 and doc[i].is_lower:
        typ = _head_ending(doc, i + 1)
        det = any(doc[k].lower_ in _DETS or doc[k].lower_ in ("'s", "\u2019s")
                  for k in range(i - 1, max(-1, i - 5), -1))  # "Q7's wide-angle camera, K9"
        if typ is not None and det:
            out.append((typ, "head" if i == span.start - 1 else "apposition"))
    # apposition: "K9, a soft X-ray camera", "K9 (the lunar orbiter)"; after a bracketed short
    # name: "the Kestrel Dust Analyser (KDA), the first instrument made in France"
    j = span.end
    if j < len(doc) and doc[j].text == ")" and j + 1 < len(doc) and doc[j + 1].text == ",":
        j += 1
    elif j + 3 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")" and doc[j + 3].text == ",":
        j += 3
    dash = j < len(doc) and doc[j].text in ("-", "\u2013", "\u2014") and \
        bool(doc[j].whitespace_) and bool(doc[j - 1].whitespace_)  # "K9 - a joint satellite -"
    if j + 1 < len(doc) and (doc[j].text in (",", "(") or dash) and doc[j + 1].lower_ in _DETS:
        k = j + 2
        while k < len(doc) and (k - j <= 7 and not doc[k].is_punct or doc[k].text == "-"):
            hit = head_at(doc, k)
            last = hit is not None and (hit[1] >= len(doc) or head_at(doc, hit[1]) is None)
            if last and doc[k].is_lower:
                out.append((hit[0], "apposition"))
                break
            if doc[k].pos_ in ("VERB", "AUX") or doc[k].lower_ in _CLAUSE:
                break
            k += 1
    # "K9 is a lunar orbiter"
    root = span.root
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        for c in root.head.children:
            if c.dep_ == "attr" and c.is_lower:
                typ = _head_ending(doc, c.i + 1)
                if typ is not None:
                    out.append((typ, "apposition"))
    return out


def _verb_in(tok: Token, verbs: set[str]) -> bool:
    """The verb's lemma or its written form without an inflection is one of ``verbs`` (the
    lemmatizer reads "rides" as "rid")."""
    low = tok.lower_
    return tok.lemma_ in verbs or any(low.endswith(e) and low[:-len(e)] in verbs
                                      for e in ("s", "es", "d", "ed", "ing"))


def _in_frame(tok: Token) -> Token:
    """A name in a list ("A, B and C") stands where the list's first member stands."""
    while tok.dep_ in ("conj", "appos") and tok.head is not tok:
        tok = tok.head
    return tok


def _seq_at(doc: Doc, i: int, seqs: list[tuple[str, ...]]) -> int:
    lower = lower_words(doc)
    for seq in seqs:
        if i + len(seq) <= len(lower) and tuple(lower[i:i + len(seq)]) == seq:
            return len(seq)
    return 0


def _launcher(doc: Doc, span: Span) -> bool:
    """"the K9-3 rocket", "aboard a K9 launcher": the name is a launch vehicle's."""
    hit = head_at(doc, span.end) if span.end < len(doc) else None
    return (hit is not None and hit[0] == "Program") or _head_ending(doc, span.end) == "Program"


def _launch_clause(verb: Token, cfg: dict) -> bool:
    """A clause on a name that launches it: "which was launched in 2018", "launched in 2018",
    "which is scheduled for launch in 2027", "set to launch in 2026"."""
    lemma = verb.lemma_
    if lemma in cfg["launch_verbs"]:
        return not any(c.dep_ == "dobj" for c in verb.children)
    if lemma not in cfg["schedule_verbs"]:
        return False
    return _for_launch(verb, cfg) or any(c.dep_ == "xcomp" and c.lemma_ in cfg["launch_verbs"] for c in verb.children)


def _for_launch(verb: Token, cfg: dict) -> bool:
    """A schedule verb's "for launch" ("scheduled for launch", "slated for liftoff")."""
    return any(c.dep_ == "prep" and c.lower_ == "for" and any(
        o.dep_ == "pobj" and o.lemma_.lower() in cfg["launch_nouns"] for o in c.children) for c in verb.children)


def frame_cues(doc: Doc, span: Span) -> list[tuple[str, str]]:
    if _launcher(doc, span):
        return []
    cfg = cues()
    out = []
    tok = _in_frame(span.root)
    head = tok.head
    dep = tok.dep_
    if dep in ("dobj", "nsubjpass") and head.lemma_ in cfg["launch_verbs"]:
        out.append(("Mission", "frame"))
    if dep == "nsubj" and head.lemma_ in cfg["launch_verbs"] and not any(
            c.dep_ in ("dobj", "attr") for c in head.children):
        out.append(("Mission", "frame"))  # "K9 will launch in 2027"
    if dep == "nsubj" and head.lemma_ in cfg["liftoff_verbs"] and any(
            c.dep_ == "prt" and c.lower_ in cfg["liftoff_particles"] for c in head.children):
        out.append(("Mission", "frame"))
    if dep == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in cfg["launch_nouns"]:
        out.append(("Mission", "frame"))
    if dep in ("nsubj", "nsubjpass") and head.lemma_ in cfg["schedule_verbs"] and _for_launch(head, cfg):
        out.append(("Mission", "frame"))  # "K9 is scheduled for launch in 2027"
    clauses = [c for c in tok.children if c.dep_ in ("relcl", "acl")]
    if span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].tag_ == "VBN":
        clauses.append(doc[span.end + 1])  # "K9, set to launch in 2026," (hung on the main verb)
    if any(_launch_clause(c, cfg) for c in clauses):
        out.append(("Mission", "frame"))  # "K9, which is scheduled for launch in 2027"
    if head.lemma_ in cfg["carry_verbs"]:
        if dep == "nsubj":
            out.append(("Mission", "frame"))
        elif dep in ("dobj", "nsubjpass"):
            out.append(("Instrument", "frame"))
    if dep == "pobj" and head.dep_ == "agent" and head.head.lemma_ in cfg["carry_verbs"]:
        out.append(("Mission", "frame"))
    # "Q7 was installed on K9", "they mounted Q7 onto K9": Q7 an instrument, K9 its host
    if _verb_in(head, cfg["install_verbs"]) and dep in ("dobj", "nsubjpass"):
        out.append(("Instrument", "frame"))
    # the host of a payload: the name itself is the preposition's object (a list's members
    # too, not an apposition: "fly on the lander, namely Q7" does not make Q7 a host)
    obj = span.root
    while obj.dep_ == "conj" and obj.head is not obj:
        obj = obj.head
    prep = obj.head
    if obj.dep_ == "pobj" and prep.lower_ in cfg["install_preps"] and _verb_in(prep.head, cfg["install_verbs"]):
        out.append(("Mission", "frame"))
    if obj.dep_ == "pobj" and prep.lower_ in cfg["fly_preps"] and _verb_in(prep.head, cfg["fly_verbs"]):
        out.append(("Mission", "frame"))
    if obj.dep_ == "pobj" and prep.lower_ == "for" and prep.head.lemma_ in cfg["build_verbs"]:
        # "ORG built the camera for K9" (not "a camera for X-rays": a noun's "for" is its use)
        owner = next((c for c in prep.head.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if owner is not None and owner.is_lower and _head_ending(doc, owner.i + 1) == "Instrument":
            out.append(("Mission", "frame"))
    if obj.dep_ == "pobj" and prep.lower_ == "for" and prep.head.text in cfg["for_hosts"]:
        out.append(("Mission", "frame"))  # "a payload for K9" (not "Seismic Experiment for ...")
    # "the satellite was named K9", "ESA called its new probe K9": the type of the named noun
    if dep in ("oprd", "attr", "xcomp", "dobj", "npadvmod") and head.lemma_ in cfg["naming_verbs"]:
        named = [c for c in head.children if c.dep_ in ("nsubjpass", "dobj") and c is not tok]
        if head.dep_ == "acl":
            named.append(head.head)  # "the mission, called K9,"
        for c in named:
            typ = _head_ending(doc, c.i + 1)
            if typ is not None:
                out.append((typ, "apposition"))
    # "Q7 aboard K9", "Q7 on board the K9 orbiter": K9 a mission, Q7 (just before) an instrument
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in ("the", "a", "an"):
        i -= 1
    owner = span.end < len(doc) and doc[span.end].lower_ in ("'s", "\u2019s", "'", "\u2019")
    for n in (2, 1):  # not "aboard the K9's ship": the owner of the host
        if not owner and i - n + 1 >= 0 and _seq_at(doc, i - n + 1, cfg["aboard_seq"]) == n:
            out.append(("Mission", "frame"))
            break
    j = span.end
    if j < len(doc) and doc[j].text in (",", "("):
        j += 1
    n = _seq_at(doc, j, cfg["aboard_seq"])
    if n and j + n < len(doc) and (doc[j + n].lower_ in ("the", "a", "an", "its", "their")
                                   or doc[j + n].text[:1].isupper()):
        out.append(("Instrument", "frame"))  # not "with X on board, the rocket ..."
    # "K9's instruments", "K9's payload"
    j = span.end
    if j < len(doc) and doc[j].lower_ in ("'s", "\u2019s"):
        for k in range(j + 1, min(len(doc), j + 6)):
            hit = head_at(doc, k)
            if hit is not None:
                if hit[0] == "Instrument":
                    out.append(("Mission", "frame"))
                break
    # "Q7, developed by ORG", "Q7 was built by ORG"
    if dep == "nsubjpass" and head.lemma_ in cfg["build_verbs"] and any(
            c.dep_ == "agent" for c in head.children):
        out.append(("Instrument", "built"))
    for c in tok.children:
        if c.dep_ in ("acl", "relcl") and c.lemma_ in cfg["build_verbs"] and any(
                g.dep_ == "agent" for g in c.children):
            out.append(("Instrument", "built"))
    return out


def list_cues(doc: Doc, spans: list[Span]) -> dict[int, list[tuple[str, str]]]:
    """"its instruments: A, B and C", "payloads including A and B": the names listed after a
    plural instrument noun and an opener, up to the end of the clause."""
    cfg = cues()
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    starts = {s.start: n for n, s in enumerate(spans)}
    lower = lower_words(doc)
    lasts = {seq[-1] for seq in cfg["list_seq"]}
    for i, word in enumerate(lower):
        if word not in lasts or not any(seq[-1] == word and i + 1 >= len(seq) and tuple(
                lower[i + 1 - len(seq):i + 1]) == seq for seq in cfg["list_seq"]):
            continue
        tok = doc[i]
        k = tok.i + 1
        n = _seq_at(doc, k, cfg["opener_seq"])
        if not n:
            continue
        k += n
        sent_end = tok.sent.end
        while k < sent_end and doc[k].text not in (";", ".") and not (
                doc[k].pos_ in ("VERB", "AUX") and k not in starts):
            if k in starts:
                out[starts[k]].append(("Instrument", "list"))
                k = spans[starts[k]].end
                continue
            k += 1
    return out


def series_cue(label: str) -> list[tuple[str, str]]:
    return [("Mission", "series")] if _SERIES.match(label) else []


def _context_weight(found: list[tuple[str, str]], cfg: dict) -> float:
    """The weight of the cues that the words around a name give (not its own words)."""
    own = ("own_head", "series")
    return max((cfg["weights"][k] for _, k in found if k not in own), default=0.0)


def _retypable(etype: str, label: str, best: float, cfg: dict, context: float = 0.0) -> bool:
    if etype == "Person":
        # a serial number ("Kestrel 4"), or one word in a mission's or an instrument's frame
        # ("Zorvath will carry ...", "... aboard Tavismo"): no person
        serial = bool(re.search(r"\d[A-Z]?$", label)) and bool(_SERIES.match(label))  # not "John Smith III"
        # ("Syracuse 4B" read as a person)
        return serial and best >= cfg["weights"]["series"] or (
            " " not in label and context >= cfg["weights"]["apposition"])
    if etype in ("Organization", "Place"):
        words = re.split(r"[\s-]+", label.lower())
        if any(w in cfg["org_heads"] for w in words) or \
                all(w in patterns.demonyms() for w in words) or \
                etype == "Place" and words[-1] in cfg["region_heads"]:
            return False  # "the Kestrel Science Team", "Sino-French"
        return best >= 2
    if etype == "Program" and launcher_flight(label):
        return False  # "PSLV-C57": a launcher's flight number, read by names.series_members
    return etype in RETYPED


def _inner_caps(word: str) -> bool:
    """"miniRAD", "eROSITA": a name written with a small first letter and capitals inside."""
    return word[:1].islower() and word.isalnum() and not word.islower() and sum(c.isupper() for c in word) >= 2


def _name_run(doc: Doc, i: int) -> tuple[int, int]:
    """The capitalised (or numbered, hyphen-joined) words around token i, in its sentence."""
    sent = doc[i].sent

    def part(t: Token) -> bool:
        after = t.i > 0 and (doc[t.i - 1].text[:1].isupper() or not doc[t.i - 1].whitespace_
                             and doc[t.i - 1].text == "-")  # "Kestrel 4", "Kestrel-4"
        numbered = t.is_digit or bool(re.fullmatch(r"\d{1,3}[A-Z]{0,2}", t.text))  # "Long March 2C"
        return (t.text[:1].isupper() or _inner_caps(t.text) or numbered and after) and not t.is_punct

    a = i
    while a > sent.start and (part(doc[a - 1]) and not doc[a - 1].is_sent_start or
                              doc[a - 1].text == "-" and not doc[a - 1].whitespace_
                              and a - 2 >= sent.start and part(doc[a - 2])):
        a -= 1
    b = i + 1
    while b < sent.end and (part(doc[b]) or doc[b].text == "-" and not doc[b - 1].whitespace_
                            and b + 1 < sent.end and (doc[b + 1].is_digit or part(doc[b + 1]))):
        b += 1
    return a, b


def unfound(doc: Doc, raw: list[tuple], common=frozenset()) -> list[tuple]:
    """Names the model did not find, found by a frame or an apposition that only a mission or
    an instrument stands in ("Zorvath will carry Quillex", "Quorvex, developed by ORG"): a
    capitalised word that no entity covers and no dictionary holds."""
    cfg = cues()
    taken = {i for e in doc.ents if e.label_ not in ("WORK_OF_ART", "LAW") + _DROPPABLE
             for i in range(e.start, e.end)}
    taken |= {i for r in raw for i in range(r[0].start, r[0].end)}
    titles = patterns.titles()
    out = []
    listed = {}
    texts = [t.text for t in doc]
    for i, text in enumerate(texts):  # the list cues of every capitalised word, by its start
        if (text[:1].isupper() or _inner_caps(text)) and i not in taken:
            a, b = _name_run(doc, i)
            listed.setdefault(a, Span(doc, a, b))
    runs = sorted(listed.values(), key=lambda sp: sp.start)
    by_run = list_cues(doc, runs)
    listed = {runs[n].start: v for n, v in by_run.items()}
    for i, text in enumerate(texts):
        capitalised = text[:1].isupper() and text[1:2].isalnum() or _inner_caps(text)
        if not capitalised or i in taken:
            continue
        tok = doc[i]
        if tok.is_stop:
            continue
        a, b = _name_run(doc, tok.i)
        while a < b and (doc[a].lower_ in patterns.demonyms() or doc[a].text in ("-", "/")):
            a += 1  # "the Sino-French K9 satellite": the nationality is no part of the name
        if a >= b or a > tok.i or any(i in taken for i in range(a, b)):
            continue
        span = Span(doc, a, b)
        words = [t for t in span if any(c.isalpha() for c in t.text)]
        if len(span.text) < 3 or not words or all(t.lower_ in titles or t.lower_ in patterns.demonyms() for t in words):
            continue
        found = head_cues(doc, span) + frame_cues(doc, span) + listed.get(a, [])
        if all(t.lower_ in common or t.lemma_.lower() in common for t in words) and not (
                strong_context(doc, span, found)):
            continue
        weight = _context_weight(found, cfg)
        if len(words) > 1 and any(k == "own_head" for _, k in found):
            weight = max(weight, cfg["weights"]["own_head"])  # "the Gallow 2 Explorer"
        if weight < cfg["weights"]["built"]:
            continue
        votes: dict[str, float] = defaultdict(float)
        for typ, kind in found:
            votes[typ] += cfg["weights"][kind]
        typ = max(votes, key=lambda t: (votes[t], t == "Mission"))
        if typ in RETYPED:
            out.append((span, doc.text[span.start_char:span.end_char], typ, ""))
            taken.update(range(a, b))
    return out


def strong_context(doc: Doc, span: Span, found: list[tuple[str, str]] | None = None) -> bool:
    """A capitalised common word ("Teller", "Corbel") that the words around it name as a
    mission, an instrument or a launcher: a head noun or an apposition next to it, or a verb
    frame, and not the sentence's first word (where any word has a capital)."""
    acronym = len(span) == 1 and len(span.text) >= 3 and span.text.isupper() and span.text.isalpha()
    if not acronym and (span.start == span.sent.start or doc[span.start].is_sent_start) \
            or span.start == 0 or not doc[span.start].text[:1].isupper():
        return False  # (a word in capitals is written so at a sentence's start too: "- JANUS, a camera")
    before, after = doc[span.start - 1], doc[span.end] if span.end < len(doc) else None
    if before.text in (":", "[", "(") or before.is_space or "\n" in before.whitespace_ or \
            after is None or after.text == ":" or after.is_space or "\n" in span[-1].whitespace_:
        return False  # a line's first or last word, a credit's "[Photo:"
    if before.lower_ in ("a", "an") or any(head_at(doc, t.i) is not None for t in span):
        return False  # "a Mission satellite": a description, not a name
    if found is None:
        found = head_cues(doc, span) + frame_cues(doc, span)
    weights = cues()["weights"]
    return any(k in ("head", "apposition", "frame") and weights[k] >= weights["apposition"]
               for _, k in found)


def retype(doc: Doc, raw: list[tuple], common=frozenset()) -> list[tuple]:
    """``raw`` is ``(span, label, type, key)`` per name found; the names the reference does not
    know take the type their pooled cues give (see the module's doc). Returns a new list."""
    cfg = cues()
    weights = cfg["weights"]
    ref = str(SFR)
    extra = unfound(doc, raw, common)
    if extra:
        raw = sorted(list(raw) + extra, key=lambda r: r[0].start)
    # group the mentions of one name: same folded label, or the same abbreviation/alias key
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    surnames = {fold(lb).split()[-1] for _, lb, et, _ in raw if et == "Person" and " " in lb}
    for span, label, etype, key in raw:
        a = "label:" + fold(label)
        if key and not key.startswith(ref) and not key.startswith(("org:",)):
            parent[find(a)] = find("key:" + key)
        else:
            find(a)
    spans = [r[0] for r in raw]
    by_start = {sp.start: n for n, sp in enumerate(spans)}
    for n, sp in enumerate(spans):  # "Long Name (LN)": one thing, whatever its letters
        m = by_start.get(sp.end + 1)
        if m is not None and sp.end < len(doc) and doc[sp.end].text == "(" and \
                spans[m].end < len(doc) and doc[spans[m].end].text == ")":
            parent[find("label:" + fold(raw[n][1]))] = find("label:" + fold(raw[m][1]))
    listed = list_cues(doc, spans)
    named: set[tuple[str, str]] = set()
    scores: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    members: dict[str, list[int]] = defaultdict(list)
    ctx: dict[int, float] = {}
    kept = {(sp.start, sp.end) for sp in spans}
    for e in doc.ents:  # a mention typed by its head noun or a naming verb, but not kept on its own
        if e.label_ in ("Mission", "Instrument") and not e.id_.startswith(ref) and \
                (e.start, e.end) not in kept:
            g = "label:" + fold(re.sub(r"^(?:the|a|an)\s+", "", e.text, flags=re.IGNORECASE))
            if g in parent:
                scores[find(g)][e.label_] += weights["head"]
    for n, (span, label, etype, key) in enumerate(raw):
        g = find("label:" + fold(label))
        members[g].append(n)
        found = head_cues(doc, span) + frame_cues(doc, span) + listed.get(n, []) + series_cue(label)
        for typ, kind in found:
            if kind in ("own_head", "series"):  # the name's own words count once
                if (fold(label), kind) in named:
                    continue
                named.add((fold(label), kind))
            scores[g][typ] += weights[kind]
        ctx[n] = _context_weight(found, cfg)
    out = list(raw)
    for g, idx in members.items():
        context = max((ctx.get(n, 0.0) for n in idx), default=0.0)
        entries = [raw[n] for n in idx]
        if any(k.startswith(ref) or t == "Agency" for _, _, t, k in entries):
            continue
        s = scores.get(g)
        if not s:
            continue
        current = {e[2] for e in entries}
        total = {t: s.get(t, 0.0) + (weights["model"] if t in current else 0.0)
                 for t in set(s) | current}
        best_type = max(total, key=lambda t: (total[t], t == "Mission"))
        if best_type not in RETYPED:
            continue
        for n in idx:
            span, label, etype, key = raw[n]
            if etype == "Person" and fold(label) in surnames:
                continue
            if etype != best_type and _retypable(etype, label, s[best_type], cfg, context):
                out[n] = (span, label, best_type, key)
    return out
