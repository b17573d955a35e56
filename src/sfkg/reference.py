"""Reference entities: the field's agencies, bodies, missions, instruments, programmes and places.

Read from ``data/reference/*.yaml``. Each entity has an id, a type, a label, aliases, an
abbreviation and perhaps a Wikidata id; its IRI is ``sfr:{type}/{id}``. :func:`variants` spells
each alias the ways texts write it (hyphen or space before a number, "China's X" for "China X").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from . import paths
from .errors import SfkgError
from .textnorm import fold
from .vocab import ENTITY_TYPES, SFR


@dataclass(frozen=True)
class RefEntity:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    abbr: str | None
    wikidata: str | None
    country: str | None = None  # a head of state or government, a minister: the country served

    @property
    def iri(self) -> str:
        return str(SFR[f"{self.type.lower()}/{self.id}"])

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *((self.abbr,) if self.abbr else ()), *self.aliases)


@lru_cache(maxsize=4)
def load(directory: str | None = None) -> tuple[RefEntity, ...]:
    folder = Path(directory) if directory else paths.reference_dir()
    out: list[RefEntity] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        default_type = data.get("type")
        for item in data.get("entities", []):
            etype = item.get("type", default_type)
            if etype not in ENTITY_TYPES:
                raise SfkgError(f"{path}: entity {item.get('id')!r} has unknown type {etype!r}")
            ent = RefEntity(
                id=str(item["id"]), type=etype, label=str(item["label"]),
                aliases=tuple(str(a) for a in item.get("aliases") or ()),
                abbr=str(item["abbr"]) if item.get("abbr") else None,
                wikidata=item.get("wikidata"), country=item.get("country"),
            )
            if ent.iri in seen:
                raise SfkgError(f"{path}: duplicate reference entity {ent.iri}")
            seen.add(ent.iri)
            out.append(ent)
    return tuple(out)


_COUNTRY_LEAD = ("China", "France", "Japan", "India", "Russia", "Korea", "Germany", "Italy")


def variants(name: str) -> set[str]:
    """The spellings under which texts write one name."""
    out = {name}
    out.add(re.sub(r"(?<=\w)-(?=\d)", " ", name))  # Tianwen-3 -> Tianwen 3
    out.add(re.sub(r"(?<=\D) (?=\d+\b)", "-", name))  # Tianwen 3 -> Tianwen-3
    out.add(re.sub(r"(?<=\w) (?=\d+\b)", "", name))  # Tianwen 1 -> Tianwen1
    for lead in _COUNTRY_LEAD:
        if name.startswith(lead + " "):
            out.add(lead + "'s" + name[len(lead):])  # China X -> China's X
    for v in list(out):
        if v.lower().startswith("the "):
            out.add(v[4:])
    for v in list(out):
        if " and " in v:
            out.add(v.replace(" and ", " & "))  # "Science & Technology"
        for a, b in (("Center", "Centre"), ("Centre", "Center")):
            if re.search(rf"\b{a}\b", v):
                out.add(re.sub(rf"\b{a}\b", b, v))  # Launch Center / Launch Centre
        if "'" in v:
            out.add(v.replace("'", "\u2019"))  # a curly apostrophe
    for v in list(out):
        plain = _unaccented(v)
        if plain != v:
            out.add(plain)  # a name written without its accents
    return {v for v in out if v.strip()}


def _unaccented(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def index() -> dict[str, RefEntity]:
    """fold(name) -> entity, for every name variant of every reference entity."""
    idx: dict[str, RefEntity] = {}
    for ent in load():
        for name in ent.names:
            for v in variants(name):
                idx.setdefault(fold(v), ent)
    return idx


@lru_cache(maxsize=1)
def by_iri() -> dict[str, RefEntity]:
    return {e.iri: e for e in load()}


_KINDS = {"ORG": "body", "Organization": "body", "Agency": "body", "Mission": "craft", "Instrument": "craft"}


def kind(etype: str) -> str:
    """The kind of thing a type names, for telling one name's readings apart: bodies
    (organisations, agencies), craft (missions, instruments: a "... Telescope" is either) and
    the rest by their type."""
    return _KINDS.get(etype, etype)


def other_short_name(ent: RefEntity, short: str) -> bool:
    """Whether a text's "Long Name (SHORT)" names another thing than the known entity whose name
    the long form is: the entity has short names of its own (all capitals, or a label like
    "MSCam") and ``short`` is none of them. A description that several missions use for their
    instrument ("Multispectral Camera") is one mission's in the reference, another's in the text."""
    own = [n for n in ent.names if " " not in n and sum(c.isupper() for c in n) >= 2]
    return bool(own) and fold(short) not in {fold(v) for n in own for v in variants(n)}

