"""The store's entities by IRI and by name: labels, type, the files that name them.

:class:`EntityIndex` reads them with three queries the first time it is asked (per system time)
and keeps them until :meth:`EntityIndex.clear` (called by every write); names are matched with
case, quotes and dashes folded (:func:`sfkg.textnorm.fold`).
"""

from __future__ import annotations

import difflib
from datetime import datetime

from . import derived, query
from .errors import SfkgError
from .textnorm import fold


def local_name(iri: str | None) -> str | None:
    """The part of an IRI after its ``#`` (a vocabulary term's name)."""
    return iri.rsplit("#", 1)[-1] if iri else None


def entity_table(rows) -> dict[str, tuple[str, str]]:
    """entity -> (type, label) from (entity, type, label) rows: the type of the entity's first
    row in (label, type) order, and its fullest label (the longest, then the first)."""
    seen: dict[str, list[tuple[str, str]]] = {}
    for entity, type_, label in rows:
        seen.setdefault(entity, []).append((label, type_))
    return {e: (min(pairs)[1], min((lb for lb, _ in pairs), key=lambda s: (-len(s), s)))
            for e, pairs in seen.items()}


def _entities(rows) -> dict[str, dict]:
    return {e: {"iri": e, "type": t, "label": lb, "labels": set(), "documents": set()}
            for e, (t, lb) in entity_table(rows).items()}


class EntityIndex:
    def __init__(self, store):
        self.store = store
        self.clear()

    def clear(self) -> None:
        self._at: dict = {}  # known_at -> {iri: entity}
        self._names: dict[str, set[str]] | None = None  # folded label -> IRIs (current graph)

    def at(self, known_at: datetime | None = None) -> dict[str, dict]:
        """Every entity as {iri, type, label, labels, documents}, as known at ``known_at``: the
        type of its first row in label order and its fullest label (:func:`entity_table`)."""
        if known_at not in self._at:
            self._at[known_at] = (self._derived if derived.of(self.store) else self._queried)(known_at)
        return self._at[known_at]

    def _queried(self, known_at: datetime | None) -> dict[str, dict]:
        """From three queries over every graph (a memory store or an endpoint)."""
        rows = [(r["entity"], local_name(r["type"]), r["label"]) for r in query.run(self.store, "entities")]
        ents = _entities(rows)
        for r in query.run(self.store, "entity_labels"):
            if r["entity"] in ents:
                ents[r["entity"]]["labels"].add(r["label"])
        for r in query.run(self.store, "entity_documents", knownAt=query.datetime_literal(known_at)):
            if r["entity"] in ents:
                ents[r["entity"]]["documents"].add(r["file"])
        return ents

    def _derived(self, known_at: datetime | None) -> dict[str, dict]:
        """From the files derived from each document graph (an on-disk store: the three queries
        decode every entity row of every graph, half a minute at 10,000 documents) and one query
        for the documents valid at ``known_at``."""
        from .asofview import documents_at, store_entity_data

        data = store_entity_data(self.store)
        ents = _entities(data["rows"])
        for entity, label in data["names"]:
            if entity in ents:
                ents[entity]["labels"].add(label)
        for d in documents_at(self.store, None, known_at):
            for entity in data["mentions"].get(d["doc"], ()):
                if entity in ents:
                    ents[entity]["documents"].add(d["file"])
        return ents

    def ref(self, iri: str | None) -> dict | None:
        """An entity as {iri, label, labels, type} (a bare IRI when the store does not know it)."""
        if iri is None:
            return None
        e = self.at().get(iri)
        if e is None:
            return {"iri": iri, "label": iri.rsplit("/", 1)[-1], "labels": [], "type": None}
        return {"iri": iri, "label": e["label"], "labels": sorted(e["labels"]), "type": e["type"]}

    def resolve(self, name: str) -> str:
        """The IRI of the entity a name denotes; an IRI is returned as it is. Several entities
        with the name: the one that documents mention, if only one is; else an error listing
        them. No entity: an error suggesting close names."""
        if name.startswith(("http://", "https://")):
            return name
        index = self.at()
        if self._names is None:
            self._names = {}
            for e in index.values():
                for lb in e["labels"] | {e["label"]}:
                    self._names.setdefault(fold(lb), set()).add(e["iri"])
        hits = [index[iri] for iri in sorted(self._names.get(fold(name), ()))]
        if len(hits) > 1:
            mentioned = [e for e in hits if e["documents"]]
            hits = mentioned if len(mentioned) == 1 else hits
        if len(hits) == 1:
            return hits[0]["iri"]
        if len(hits) > 1:
            names = ", ".join(sorted(f"{e['label']} ({e['type']}, {e['iri']})" for e in hits))
            raise SfkgError(f"ambiguous subject {name!r}: it names {names}; give the IRI")
        labels = {lb for e in index.values() if e["documents"] for lb in e["labels"] | {e["label"]}}
        close = difflib.get_close_matches(name, sorted(labels), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise SfkgError(f"unknown subject {name!r}{hint}")
