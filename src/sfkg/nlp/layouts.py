"""Claims that pages lay out above the sentence: "Key: value" blocks and fact boxes ("Instrument:
X / Provider: Y", "Mission: X / Launch date: ..."), tables flattened to text (cells split by
pipes, tabs or runs of spaces, a header row naming each column's role), and lists whose lead line
says they are a mission's payload ("The X orbiter carries three instruments:" then one item a
line). Keys, headers, list markers and cue words are data (src/sfkg/patterns/layouts.yaml).

Two steps: the pipeline component ``sfkg_layouts`` (:func:`sfkg.nlp.pipeline.layout_names`)
makes the bare names that a key or a
column header types ("Instrument: HELIX") entities of that type (a name the reference or the
model already found keeps its span); :func:`layout_claims` then reads each block, table and list
as a record of roles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from .. import patterns
from ..model import Claim, Mention
from ..temporal import parse_time

BUILDERS = ("Agency", "Organization", "Place")
NOT_PAYLOAD = ("Agency", "Organization", "Person", "Place", "Program")
_NUMBERED = re.compile(r"^[ \t]*(?:\d{1,2}|[a-z])[.)][ \t]+(?=\S)")
_KV = re.compile(r"^[ \t]*([A-Za-z][A-Za-z' /-]{0,30}?)[ \t]*:[ \t]+(\S.*?)[ \t]*$")
_NAME = re.compile(r"^(?:the |The )?([A-Z0-9][\w'\u2019.-]*(?: (?:[A-Z0-9][\w'\u2019.-]*|of|for|de|d'\w+))*)$")
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


@lru_cache(maxsize=1)
def config() -> dict:
    cfg = patterns.load("layouts")
    roles = {k.lower(): role for role, keys in cfg["roles"].items() for k in keys}
    markers = "|".join(re.escape(m) for m in cfg["markers"])
    phrases = "|".join(re.escape(p) for p in sorted(cfg["builder_phrases"], key=len, reverse=True))
    return {"roles": roles, "types": cfg["types"], "cues": [c.lower() for c in cfg["carry_cues"]],
            "marker": re.compile(rf"^[ \t]*(?:{markers})[ \t]+(?=\S)"),
            "builder": re.compile(rf"\b(?:{phrases})\s+(?:the\s+)?", re.IGNORECASE),
            "built_lead": re.compile(r"\b(?:" + "|".join(map(re.escape, cfg["builder_lead_words"])) + r")\b",
                                     re.IGNORECASE)}


_HEAD_NAME = re.compile(r"[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*(?=\s*(?:,|:|\s[-\u2013\u2014]\s|\())")


def item_name(line: str) -> tuple[int, int] | None:
    """The acronym an item or a definition line is about, when the line says who built it
    ("- IDM, an ion drift meter supplied by JAXA", "JMAG: magnetometer, provided by X"):
    offsets in the line."""
    s = item_start(line)
    s = 0 if s is None else s
    m = _HEAD_NAME.match(line, s + len(line[s:]) - len(line[s:].lstrip()))
    if not m or not config()["builder"].search(line, m.end()):
        return None
    return m.start(), m.end()


def lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def item_start(line: str) -> int | None:
    """Where a list item's text begins ("- X", "• X", "1. X", "2) X"), or None."""
    m = config()["marker"].match(line) or _NUMBERED.match(line)
    return m.end() if m else None


def key_value(line: str) -> tuple[str | None, int, int] | None:
    """A "Key: value" line: the key's role (None for a key of no role, "Mass: 12 kg") and the
    value's offsets in the line."""
    m = _KV.match(line)
    if not m or len(m[2].split()) > 12:
        return None
    return config()["roles"].get(m[1].strip().lower()), m.start(2), m.end(2)


def title_key_value(line: str) -> tuple[str, int, int] | None:
    """A "Title: Name, Organisation" line ("Principal investigator: X, University of Y"):
    the title as written and the value's offsets in the line."""
    m = _KV.match(line)
    if not m or len(m[2].split()) > 12 or patterns.title_key(m[1]) not in patterns.titles():
        return None
    return m[1].strip(), m.start(2), m.end(2)


def cells(line: str) -> list[tuple[int, int]]:
    """The cells of a table row flattened to text: split by pipes, else tabs, else runs of
    two or more spaces; offsets of each stripped cell in the line."""
    if "|" in line:
        sep = r"\|"
    elif "\t" in line:
        sep = r"\t+"
    elif re.search(r"\S {2,}\S", line):
        sep = r" {2,}"
    else:
        return []
    out, pos = [], 0
    for m in list(re.finditer(sep, line)) + [None]:
        end = m.start() if m else len(line)
        chunk = line[pos:end]
        if chunk.strip():
            a = pos + len(chunk) - len(chunk.lstrip())
            out.append((a, a + len(chunk.strip())))
        pos = m.end() if m else end
    return out if len(out) >= 2 else []


@dataclass
class Table:
    header: tuple[int, int]
    roles: list[str | None]
    rows: list[tuple[tuple[int, int], list[tuple[int, int]]]] = field(default_factory=list)


def tables(text: str) -> list[Table]:
    """Runs of two or more lines with the same number of cells, whose first line names the role
    of at least one column (a header)."""
    out: list[Table] = []
    spans = lines(text)
    i = 0
    while i < len(spans):
        a, b = spans[i]
        head = cells(text[a:b])
        roles = [config()["roles"].get(text[a + x:a + y].strip().lower()) for x, y in head]
        if head and any(roles):
            t = Table((a, b), roles)
            j = i + 1
            while j < len(spans):
                c, d = spans[j]
                row = cells(text[c:d])
                if len(row) != len(head):
                    break
                t.rows.append(((c, d), [(c + x, c + y) for x, y in row]))
                j += 1
            if t.rows:
                out.append(t)
                i = j
                continue
        i += 1
    return out


def table_lines(text: str) -> set[int]:
    """The offsets of the lines that are a table's header or rows (article text, however
    much a row of short cells looks like a menu)."""
    return {a for t in tables(text) for a, _ in [t.header] + [r for r, _ in t.rows]}


# ---------------------------------------------------------------------- names


def _names(value: str, role: str) -> list[tuple[int, int]]:
    """The bare names of a value (offsets in it): one name, or a list of them for payloads."""
    parts = [(0, len(value))]
    if role == "instrument":
        parts, pos = [], 0
        for m in list(_LIST_SPLIT.finditer(value)) + [None]:
            end = m.start() if m else len(value)
            parts.append((pos, end))
            pos = m.end() if m else end
    out = []
    for a, b in parts:
        m = _NAME.match(value[a:b])
        if m and len(m[1].split()) <= 6 and parse_time(m[1]) is None:
            out.append((a + m.start(1), a + m.end(1)))
    return out


def typed_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, role) of the values that a key or a column header types."""
    out = []
    for a, b in lines(text):
        kv = key_value(text[a:b])
        if kv and kv[0] in config()["types"]:
            role, x, y = kv
            out += [(a + x + s, a + x + e, role) for s, e in _names(text[a + x:a + y], role)]
    for t in tables(text):
        for _, row in t.rows:
            for role, (x, y) in zip(t.roles, row):
                if role in config()["types"]:
                    out += [(x + s, x + e, role) for s, e in _names(text[x:y], role)]
    for a, b in lines(text):
        named = item_name(text[a:b])
        if named:
            out.append((a + named[0], a + named[1], "instrument"))
        tkv = title_key_value(text[a:b])
        if tkv:
            first = text[a + tkv[1]:a + tkv[2]].split(",")[0]
            out += [(a + tkv[1] + s, a + tkv[1] + e, "person") for s, e in _names(first, "person")
                    if 2 <= len(first[s:e].split()) <= 4]
    return out


# ---------------------------------------------------------------------- claims


def _status(tv, published: date) -> str:
    return "planned" if tv.earliest is not None and tv.earliest > published else "actual"


class _Record:
    def __init__(self):
        self.missions: list[str] = []
        self.payload: list[str] = []
        self.builders: list[str] = []
        self.times: list = []

    def add(self, role: str | None, ms: list[Mention], value: str, published: date) -> None:
        if role == "mission":
            self.missions += [m.iri for m in ms if m.type not in NOT_PAYLOAD]
        elif role == "instrument":
            self.payload += [m.iri for m in ms if m.type not in NOT_PAYLOAD]
        elif role == "builder":
            self.builders += [m.iri for m in ms if m.type in BUILDERS]
        elif role == "launch":
            tv = parse_time(value, published)
            if tv is not None:
                self.times.append(tv)

    def claims(self, make, published: date, carrier: str | None = None) -> list[Claim]:
        out = []
        missions = self.missions or ([carrier] if carrier else [])
        for i in self.payload:
            out += [make("built_by", subject=i, object=b) for b in self.builders if b != i]
            out += [make("carries", subject=m, object=i) for m in missions if m != i]
        for tv in self.times[:1]:
            out += [make("launch", subject=m, time=tv, status=_status(tv, published))
                    for m in self.missions]
        return out


def layout_claims(text: str, mentions: list[Mention], published: date,
                  skip: list[tuple[int, int]] = ()) -> list[Claim]:
    """The claims of the page's key-value blocks, tables and payload lists."""
    if "\n" not in text:
        return []

    def within(a: int, b: int) -> list[Mention]:
        return [m for m in mentions if a <= m.start and m.end <= b]

    def maker(a: int, b: int):
        def make(prop: str, **kw) -> Claim:
            return Claim(property=prop, evidence=text[a:b], char_start=a, char_end=b, **kw)
        return make

    spans = [(a, b) for a, b in lines(text) if not any(x <= a < y for x, y in skip)]
    out: list[Claim] = []
    # key-value blocks
    block: list[tuple[int, int, tuple]] = []
    for a, b in spans + [(len(text), len(text))]:
        kv = key_value(text[a:b]) if b > a else None
        if kv:
            block.append((a, b, kv))
            continue
        if any(kv[0] for _, _, kv in block):
            rec = _Record()
            for x, y, (role, s, e) in block:
                rec.add(role, within(x + s, x + e), text[x + s:x + e], published)
            out += rec.claims(maker(block[0][0], block[-1][1]), published)
        block = []
    # "Title: Name, Organisation" lines
    for a, b in spans:
        tkv = title_key_value(text[a:b])
        if not tkv:
            continue
        title, x, y = tkv
        ms = within(a + x, a + y)
        people = [m for m in ms if m.type == "Person"]
        if people:
            orgs = [m for m in ms if m.type in ("Agency", "Organization") and m.start > people[0].end]
            out.append(maker(a, b)("post", subject=people[0].iri, post=title[:1].lower() + title[1:]
                                   if not title[1:2].isupper() else title,
                                   org=orgs[0].iri if orgs else None))
    # tables
    for t in tables(text):
        carrier = _carrier(text, spans, t.header[0], mentions)
        for (a, b), row in t.rows:
            rec = _Record()
            for role, (x, y) in zip(t.roles, row):
                rec.add(role, within(x, y), text[x:y], published)
            out += rec.claims(maker(a, b), published, carrier)
    # items and definition lines that say who built their name
    for a, b in spans:
        named = item_name(text[a:b])
        if not named:
            continue
        thing = [m for m in mentions if m.start == a + named[0] and m.type not in ("Person", "Place")]
        m = config()["builder"].search(text, a + named[1], b)
        who = [w for w in within(m.start(), b) if w.start <= m.end() + 1 and w.type in BUILDERS] if m else []
        if thing and who:
            out.append(maker(a, b)("built_by", subject=thing[0].iri, object=who[0].iri))
    # payload lists: items (or definition lines) under a lead line naming the mission
    def item(k: int) -> int | None:
        line = text[slice(*spans[k])]
        s = item_start(line)
        return s if s is not None else (0 if item_name(line) else None)

    for k, (a, b) in enumerate(spans):
        if item(k) is None or (k and item(k - 1) is not None):
            continue
        carrier = _carrier(text, spans, a, mentions)
        builders = _lead_builds(text, spans, a)  # "... and the centres that developed them are:"
        if builders:
            out += _item_builders(text, spans, k, item, within, maker)
        if not carrier:
            continue
        j = k
        while j < len(spans) and (s := item(j)) is not None:
            x, y = spans[j]
            s += len(text[x + s:y]) - len(text[x + s:y].lstrip())
            first = [m for m in within(x, y) if m.start - (x + s) <= 4]
            built = item_name(text[x:y]) is not None  # a built thing, however the model typed it
            if first and (first[0].type not in NOT_PAYLOAD or built and first[0].type
                          not in ("Person", "Place")) and first[0].iri != carrier:
                out.append(maker(x, y)("carries", subject=carrier, object=first[0].iri))
            j += 1
    return out


_ITEM_SEP = re.compile(r"\s[-–—]\s|:\s")


def _lead_builds(text: str, spans: list[tuple[int, int]], at: int) -> bool:
    """The lead line of a list says its items give who built each payload ("The payloads and
    the centres that developed them are:", "Instruments and their providers:")."""
    above = [(a, b) for a, b in spans if b < at and text[a:b].strip()][-1:]
    return any(text[a:b].rstrip().endswith(":") and config()["built_lead"].search(text[a:b]) for a, b in above)


def _item_builders(text, spans, k, item, within, maker) -> list[Claim]:
    """"• Long Name (LN) - Builder (B), Town" under such a lead line: the item's first name was
    built by the first organisation (or country) after the dash."""
    out = []
    j = k
    while j < len(spans) and (s := item(j)) is not None:
        x, y = spans[j]
        sep = _ITEM_SEP.search(text, x + s, y)
        ms = within(x, y)
        if sep:
            things = [m for m in ms if m.end <= sep.start() and m.type not in BUILDERS + ("Person",)]
            who = [m for m in ms if m.start >= sep.end() and m.type in BUILDERS]
            if things and who:
                out.append(maker(x, y)("built_by", subject=things[0].iri, object=who[0].iri))
        j += 1
    return out


def _carrier(text: str, spans: list[tuple[int, int]], at: int, mentions: list[Mention]) -> str | None:
    """The mission a list or table below a lead line belongs to: the lead line (the nearest
    non-blank line above, or the one above that) says it is a payload and names the mission."""
    above = [(a, b) for a, b in spans if b < at and text[a:b].strip()][-2:]
    for a, b in reversed(above):
        line = text[a:b].lower()
        if not any(re.search(rf"\b{re.escape(c)}\b", line) for c in config()["cues"]):
            continue
        ms = [m for m in mentions if a <= m.start and m.end <= b and m.type not in NOT_PAYLOAD]
        named = [m for m in ms if m.type == "Mission"] or ms
        if named:
            return named[0].iri
    return None
