"""The Python API: ``kg = sfkg.open(".sfkg/store")``, then ingest, documents, entities, claims,
asof, history, conflicts, sparql, export and validate. The CLI is a thin layer over this class;
listings are lists of dicts shaped exactly as the JSON rows of the design's CLI contract.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, datetime, time, timezone

from rdflib import XSD, Literal, URIRef

from . import asof as rules
from . import frames, query
from .query import datetime_literal as _dt
from .entities import EntityIndex
from .entities import local_name as _local
from .errors import SfkgError
from .ingest import IngestReport, ingest
from .store import open_store
from .timevalue import from_edtf
from .vocab import PROPERTIES, SFKG, SINGLE_VALUED

_SFKG = str(SFKG)

# The kinds of subject each property is said of: asking it of another kind is a usage mistake
# ("the launch of China"). Agreements and meetings are events: their subject is the event.
APPLIES_TO = {
    "launch": ("Mission", "Instrument", "Program"),
    "sample_return": ("Mission", "Program"),
    "data_release": ("Mission", "Instrument", "Program"),
    "carries": ("Mission", "Program"),
    "built_by": ("Mission", "Instrument", "Program"),
}  # post is said of people and of the organisations that have them


# ---------------------------------------------------------------- argument checks
# Every public method checks its arguments: a wrong type is a TypeError naming the argument, a
# malformed date the same one-line SfkgError the command line gives.


def _str(value, name: str, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, not {type(value).__name__}")
    return value


def as_paths(paths, name: str = "paths") -> list[str]:
    """One path (a string or a Path) or an iterable of them, as a list of strings (a string is
    one path, never its characters)."""
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    if isinstance(paths, (bytes, dict)) or not isinstance(paths, Iterable):
        raise TypeError(f"{name} must be a path or a list of paths, not {type(paths).__name__}")
    out = []
    for p in paths:
        if not isinstance(p, (str, os.PathLike)):
            raise TypeError(f"{name} must hold paths (str or Path), not {type(p).__name__}")
        out.append(os.fspath(p))
    return out


def as_date(value, option: str = "on") -> date | None:
    """A date given as a date or a 'YYYY-MM-DD' string (a datetime counts as its date)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise SfkgError(f"{option} {value!r} is not a date (use YYYY-MM-DD)")


def as_datetime(value, option: str = "known_at") -> datetime | None:
    """System time: a datetime (UTC unless it says), a date (the end of that day, UTC), or an
    ISO string of either."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime.combine(value, time(23, 59, 59), timezone.utc)
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return as_datetime(date.fromisoformat(text))
            return as_datetime(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            pass
    raise SfkgError(f"{option} {value!r} is not a date-time (use YYYY-MM-DDTHH:MM:SSZ)")


def as_property(value, optional: bool = False) -> str | None:
    """A property name, matched case-insensitively ('Launch', 'sample-return'); an unknown one
    is an error that suggests the closest."""
    if value is None and optional:
        return None
    _str(value, "property")
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    if key in PROPERTIES:
        return key
    close = difflib.get_close_matches(key, PROPERTIES, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise SfkgError(f"unknown property {value!r}{hint} (one of {', '.join(PROPERTIES)})")


@dataclass
class AsOf:
    """The answer to "what was reported on ``on``": ``answers`` holds one entry for a
    single-valued property (or none), every reported value for a multi-valued one; ``value``,
    ``status``, ``earliest``, ``latest`` and ``sources`` read the first answer."""

    subject: dict
    property: str
    on: str
    answers: list = dc_field(default_factory=list)

    def _first(self, key):
        return self.answers[0].get(key) if self.answers else None

    @property
    def value(self) -> str | None:
        return self._first("time")

    @property
    def status(self) -> str | None:
        return self._first("status")

    @property
    def earliest(self) -> date | None:
        v = self._first("earliest")
        return date.fromisoformat(v) if v else None

    @property
    def latest(self) -> date | None:
        v = self._first("latest")
        return date.fromisoformat(v) if v else None

    @property
    def sources(self) -> list[str]:
        return self._first("sources") or []

    def as_dict(self) -> dict:
        return {"subject": self.subject, "property": self.property, "on": self.on,
                "answers": self.answers}


class KnowledgeGraph:
    """A knowledge graph on one store.

    >>> import sfkg
    >>> kg = sfkg.open("memory:")
    >>> len(kg.claims())
    0
    """

    def __init__(self, store: str | None = None, model: str | None = None, read_only: bool = False):
        if isinstance(store, os.PathLike):
            store = os.fspath(store)
        _str(store, "store", optional=True)
        _str(model, "model", optional=True)
        self.store = open_store(store, read_only)
        self.model = model
        self._index = EntityIndex(self.store)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- writing

    def ingest(self, paths, published: date | str | None = None, progress=None,
               workers: int = 1, readmit: bool = False) -> IngestReport:
        """Add press releases: one file or folder (a string or Path) or a list of them.
        ``workers`` processes parse a large batch while this one extracts, validates and
        stores. A retracted document stays retracted (``report.retracted``) unless ``readmit``."""
        files = as_paths(paths)
        if isinstance(workers, bool) or not isinstance(workers, int):
            raise TypeError(f"workers must be an int, not {type(workers).__name__}")
        if workers < 1:
            raise SfkgError(f"workers {workers} must be 1 or more")
        if progress is not None and not callable(progress):
            raise TypeError("progress must be a callable (i, n, name)")
        self._index.clear()
        try:
            return ingest(self.store, files, as_date(published, "published"), self.model, progress,
                          workers, readmit=bool(readmit))
        finally:
            self._index.clear()

    # ---------------------------------------------------------------- entities

    def retract(self, document: str) -> list[str]:
        """Withdraw a document (by file name, path, sidecar url or IRI): its graph is marked
        invalidated, not deleted. ``ingest(path, readmit=True)`` brings it back."""
        from .ingest import retract

        document = os.fspath(document) if isinstance(document, os.PathLike) else document
        _str(document, "document")
        if not document.strip():
            raise SfkgError("name the document to retract: its file name, path, url or IRI")
        self._index.clear()
        return retract(self.store, document)

    def _entity_index(self, known_at: datetime | None = None) -> dict[str, dict]:
        return self._index.at(known_at)

    def entity_ref(self, iri: str | None) -> dict | None:
        """An entity as {iri, label, labels, type} (a bare IRI when the store does not know it)."""
        return self._index.ref(_str(iri, "iri", optional=True))

    def entities(self, mentioned_only: bool = True, known_at: datetime | None = None):
        """Entities named by the documents, as a DataFrame (iri, type, label, labels, documents)."""
        return frames.frame(self.entity_rows(mentioned_only, known_at), frames.ENTITY_COLUMNS)

    def entity_rows(self, mentioned_only: bool = True, known_at: datetime | None = None) -> list[dict]:
        """One row per entity: iri, type, label, labels, documents (files that name it)."""
        known_at = as_datetime(known_at)
        rows = []
        for e in sorted(self._entity_index(known_at).values(), key=lambda e: (e["type"] or "", e["label"])):
            if mentioned_only and not e["documents"]:
                continue
            rows.append({"iri": e["iri"], "type": e["type"], "label": e["label"],
                         "labels": sorted(e["labels"]), "documents": sorted(e["documents"])})
        return rows

    def resolve(self, name: str) -> str:
        """The IRI of the entity a name denotes (case, quotes and dashes folded)."""
        return self._index.resolve(_str(name, "subject"))

    # ---------------------------------------------------------------- documents and claims

    def documents(self, known_at: datetime | None = None):
        """The documents as a DataFrame (published as a date).

        >>> sfkg.open("memory:").documents().columns.tolist()
        ['document', 'title', 'published', 'published_basis', 'sha256', 'claims']
        """
        return frames.frame(self.document_rows(known_at), frames.DOCUMENT_COLUMNS)

    def document_rows(self, known_at: datetime | None = None) -> list[dict]:
        """One row per document: document, title, published, published_basis, sha256, claims."""
        return [{k: r[k] for k in ("document", "title", "published", "published_basis", "sha256",
                                   "claims")} for r in self.document_versions(known_at)]

    def document_versions(self, known_at: datetime | None = None) -> list[dict]:
        """The valid document versions (at ``known_at``), with their identity (sidecar url or
        path), IRI and system time."""
        return [{"document": r["file"], "title": r["title"], "published": _iso(r["published"]),
                 "published_basis": r["basis"], "sha256": r["sha256"], "claims": r["claims"],
                 "generated_at": _iso(r["generated"]), "iri": r["doc"],
                 "identity": r["identity"] or r["file"]}
                for r in query.run(self.store, "documents", knownAt=_dt(as_datetime(known_at)))]

    def claims(self, subject: str | None = None, property: str | None = None,
               document: str | None = None, as_of: date | None = None,
               known_at: datetime | None = None):
        """Claims as a DataFrame (dates as dates), filtered by subject (any label), property,
        document file and reported-by date; entity columns hold entity references."""
        return frames.frame(self.claim_rows(subject, property, document, as_of, known_at),
                            frames.CLAIM_COLUMNS)

    def claim_rows(self, subject: str | None = None, property: str | None = None,
                   document: str | None = None, as_of: date | None = None,
                   known_at: datetime | None = None) -> list[dict]:
        """Claim rows (the CLI's JSON rows), filtered as :meth:`claims`."""
        property = as_property(property, optional=True)
        _str(subject, "subject", optional=True)
        _str(document, "document", optional=True)
        as_of, known_at = as_date(as_of, "as_of"), as_datetime(known_at)
        subj = self.resolve(subject) if subject else None
        bound = dict(
            fileFilter=Literal(document) if document else None,
            asOf=Literal(as_of.isoformat(), datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
            if as_of else None,
            knownAt=_dt(known_at),
        )
        if subj:
            rows = self._claims_about(URIRef(subj), SFKG[property] if property else None, bound)
        else:
            rows = query.run(self.store, "claims", propertyFilter=SFKG[property] if property else None,
                             **bound)
        members: dict[str, dict[str, list[str]]] = {r["claim"]: r["_members"] for r in rows if "_members" in r}
        if not members and any(_local(r["property"]) in ("agreement", "meeting") for r in rows):
            for m in query.run(self.store, "claim_members", knownAt=_dt(known_at)):
                members.setdefault(m["claim"], {}).setdefault(_local(m["role"]), []).append(m["entity"])
        out = []
        for r in rows:
            mem = members.get(r["claim"], {})
            p = _local(r["property"])
            out.append({
                "document": r["file"], "published": _iso(r["published"]),
                "s": self.entity_ref(r["subject"]) if p not in ("agreement", "meeting") else
                {"iri": r["subject"], "label": r["title"] or p, "labels": [], "type": p.capitalize()}
                if r["subject"] else None,
                "p": p, "time": r["time"], "status": _local(r["status"]).lower() if r["status"] else None,
                "earliest": _iso(r["earliest"]), "latest": _iso(r["latest"]),
                "o": self.entity_ref(r["object"]), "post": r["post"], "org": self.entity_ref(r["org"]),
                "parties": [self.entity_ref(x) for x in mem.get("party", [])],
                "signatories": [self.entity_ref(x) for x in mem.get("signatory", [])],
                "participants": [self.entity_ref(x) for x in mem.get("participant", [])],
                "place": self.entity_ref(r["place"]), "title": r["title"],
                "evidence": r["evidence"], "char_start": r["start"], "char_end": r["end"],
                "iri": r["claim"],
            })
        return out

    _VALUE_KEYS = {"subject": "subject", "property": "property", "object": "object", "time": "time",
                   "status": "status", "earliest": "earliest", "latest": "latest", "postTitle": "post",
                   "organization": "org", "place": "place", "title": "title", "evidence": "evidence",
                   "charStart": "start", "charEnd": "end"}

    def _claims_about(self, subject: URIRef, prop: URIRef | None, bound: dict) -> list[dict]:
        """Claim rows about one subject in two index lookups (no OPTIONAL scans): the claims and
        their documents, then every value of those claims."""
        heads = query.run(self.store, "claims_about", subject=subject, property=prop, **bound)
        if not heads:
            return []
        values: dict[str, dict] = {}
        members: dict[str, dict[str, list[str]]] = {h["claim"]: {} for h in heads}
        for r in query.run(self.store, "claim_values", claim=[URIRef(h["claim"]) for h in heads]):
            key = r["p"].rsplit("#", 1)[-1] if r["p"].startswith(_SFKG) else None
            if key in self._VALUE_KEYS:
                values.setdefault(r["claim"], {})[self._VALUE_KEYS[key]] = r["o"]
            elif key in ("party", "signatory", "participant"):
                members[r["claim"]].setdefault(key, []).append(r["o"])
        out = []
        for h in heads:
            row = dict.fromkeys(self._VALUE_KEYS.values())
            row.update(values.get(h["claim"], {}))
            row.update(h)
            row["_members"] = {k: sorted(v) for k, v in members[h["claim"]].items()}
            out.append(row)
        return out

    def _multi_values(self, subject: URIRef, prop: URIRef, on: date, known_at) -> list[dict]:
        """The values of a multi-valued property reported by ``on``, one row per claim in
        report order (one query: ``asof_values.rq``)."""
        rows = query.run(self.store, "asof_values", subject=subject, property=prop,
                         knownAt=_dt(known_at), asOf=Literal(on.isoformat(), datatype=XSD.date))
        return [{"document": r["file"], "o": self.entity_ref(r["object"]), "post": r["post"],
                 "org": self.entity_ref(r["org"]), "time": r["time"],
                 "status": _local(r["status"]).lower() if r["status"] else None}
                for r in rows]

    # ---------------------------------------------------------------- as of, history, conflicts

    def asof(self, subject: str, property: str, on: date, known_at: datetime | None = None) -> "AsOf":
        """What was reported on ``on`` (see :mod:`sfkg.asof` for the rules), as the graph stood
        at ``known_at`` (system time) if given: an :class:`AsOf` with value, status, bounds and
        sources (``.as_dict()`` is the CLI's JSON row)."""
        return AsOf(**self.asof_row(subject, property, on, known_at))

    def asof_row(self, subject: str, property: str, on: date, known_at: datetime | None = None) -> dict:
        if on is None:
            raise SfkgError("on: the report date is required (YYYY-MM-DD)")
        on, known_at = as_date(on, "on"), as_datetime(known_at)
        property = as_property(property)
        iri = self.resolve(subject)
        subj = self.entity_ref(iri)
        kinds = APPLIES_TO.get(property)
        if kinds and subj.get("type") and subj["type"] not in kinds:
            said = [k.lower() for k in kinds]
            said = ", ".join(said[:-1]) + " or " + said[-1] if len(said) > 1 else said[0]
            kind = subj["type"].lower()
            raise SfkgError(f"{property} does not apply to {subj['label']}, "
                            f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}: it is said of a {said}")
        out = {"subject": subj, "property": property, "on": on.isoformat(), "answers": []}
        if property in SINGLE_VALUED:  # a lean lookup: only the times, by index
            rows = [{"document": r["file"], "published": _iso(r["published"]), "time": r["time"],
                     "status": _local(r["status"]).lower()}
                    for r in query.run(self.store, "asof_times", subject=URIRef(iri),
                                       property=SFKG[property], knownAt=_dt(known_at),
                                       asOf=Literal(on.isoformat(), datatype=XSD.date))]
            a = rules.answer(_reported(rows), on)
            if a is not None:
                out["answers"].append({
                    "time": a.time.edtf, "status": a.status,
                    "earliest": _iso(a.time.earliest), "latest": _iso(a.time.latest),
                    "sources": a.sources})
            return out
        known = self._multi_values(URIRef(iri), SFKG[property], on, known_at)
        grouped: dict[tuple, dict] = {}
        for r in known:
            key = (r["o"]["iri"] if r["o"] else None, r["post"], r["org"]["iri"] if r["org"] else None,
                   r["time"], r["status"])
            g = grouped.setdefault(key, {"o": r["o"], "post": r["post"], "org": r["org"],
                                         "time": r["time"], "status": r["status"], "sources": []})
            if r["document"] not in g["sources"]:
                g["sources"].append(r["document"])
        out["answers"] = [dict(v, sources=sorted(v["sources"])) for v in grouped.values()]
        return out

    def history(self, subject: str, property: str, known_at: datetime | None = None):
        """Every claim on a subject's property, ordered by report date, as a
        :class:`sfkg.frames.History` DataFrame whose ``.plot()`` draws the slip chart."""
        return frames.History(frames.frame(self.history_rows(subject, property, known_at),
                                           frames.CLAIM_COLUMNS))

    def timeline(self, subject: str, known_at: datetime | None = None):  # checked by claim_rows
        """Every dated claim whose subject is this entity, as a :class:`sfkg.frames.Timeline`
        DataFrame whose ``.plot()`` draws the subject's timeline."""
        rows = [r for r in self.claim_rows(subject=subject, known_at=known_at) if r["time"]]
        return frames.Timeline(frames.frame(rows, frames.CLAIM_COLUMNS))

    def history_rows(self, subject: str, property: str, known_at: datetime | None = None) -> list[dict]:
        _str(subject, "subject")
        if property is None:
            raise TypeError("property must be a string, not NoneType")
        return sorted(self.claim_rows(subject=subject, property=property, known_at=known_at),
                      key=lambda r: (r["published"], r["document"], r["iri"]))

    def conflicts(self, on: date | None = None, known_at: datetime | None = None):
        """Conflicts as a DataFrame: subject, property, times, claims, moves, slip_days."""
        rows = [dict(r, moves=r["slip"]["moves"], slip_days=r["slip"]["days"])
                for r in self.conflict_rows(on, known_at, slip=True)]
        for r in rows:
            del r["slip"]
        return frames.frame(rows, frames.CONFLICT_COLUMNS)

    def conflict_rows(self, on: date | None = None, known_at: datetime | None = None,
                      slip: bool = False) -> list[dict]:
        """Subject/property pairs (single-valued) whose claims reported by ``on`` cannot all be
        true, each with its claims (rows of the CLI contract: subject, property, times, claims);
        ``slip`` adds how many times and how far the planned date moved."""
        on, known_at = as_date(on, "on"), as_datetime(known_at)
        rows = [r for r in self.claim_rows(as_of=on, known_at=known_at)
                if r["p"] in SINGLE_VALUED and r["s"] and r["time"]]
        by_key: dict[tuple, list[dict]] = {}
        for r in rows:
            by_key.setdefault((r["s"]["iri"], r["p"]), []).append(r)
        out = []
        for (s, p), group in sorted(by_key.items()):
            reported = _reported(group)
            if rules.conflicting_pairs(reported):
                row = {"subject": group[0]["s"], "property": p,
                       "times": rules.times_in_order(reported), "claims": group}
                if slip:
                    row["slip"] = rules.slip(reported)
                out.append(row)
        return out

    # ---------------------------------------------------------------- SPARQL, export, validate

    def sparql(self, text: str, as_of: date | None = None, known_at: datetime | None = None,
               timeout: float | None = 30.0, allow_service: bool = False):
        """Any read-only SPARQL query (see :func:`sfkg.views.run_sparql`)."""
        from .views import run_sparql

        _str(text, "query")
        as_of, known_at = as_date(as_of, "as_of"), as_datetime(known_at)
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))):
            raise TypeError(f"timeout must be a number of seconds, not {type(timeout).__name__}")
        if timeout is not None and timeout < 0:
            raise SfkgError(f"timeout {timeout} must be 0 or more seconds")

        from .guard import star_order

        result = run_sparql(self, text, as_of, known_at, timeout, allow_service)
        if isinstance(result, tuple):
            names, rows = result
            names = star_order(text, names)
            result = (names, [{n: r[n] for n in names} for r in rows])
        return result

    def export(self, fmt: str = "trig", as_of: date | None = None, known_at: datetime | None = None,
               system_time: bool = True, out=None) -> str | None:
        """The store (or the view as of a date) serialised (see :func:`sfkg.views.export`);
        with ``out`` (a text stream) written to it as it is read, a graph at a time for
        N-Quads, and None returned."""
        from .views import export, write_export

        _str(fmt, "fmt")
        as_of, known_at = as_date(as_of, "as_of"), as_datetime(known_at)
        if out is not None:
            write_export(self, out, fmt, as_of, known_at, system_time)
            return None
        return export(self, fmt, as_of, known_at, system_time)

    def validate(self, progress=None):
        """SHACL over the whole store, a document at a time (see :func:`sfkg.views.validate_store`);
        ``progress(i, n, name)`` is called before each step."""
        from .views import validate_store

        if progress is not None and not callable(progress):
            raise TypeError("progress must be a callable (i, n, name)")

        return validate_store(self, progress)

    def load(self, folder, readmit: bool = False, progress=None, bulk: bool = True) -> IngestReport:
        """Load a folder of bundles (written by :func:`sfkg.extract_bundles`) with the semantics of
        :meth:`ingest`: unchanged documents skipped, changed ones superseding their earlier version
        with system time now, retracted ones kept out unless ``readmit``, one transaction per
        document; the graphs go through the store's bulk loader (Oxigraph's, or an endpoint's
        Graph Store Protocol) unless ``bulk`` is false. Safe to stop and run again."""
        from .batch import load_bundles

        if not isinstance(folder, (str, os.PathLike)):
            raise TypeError(f"folder must be a path (str or Path), not {type(folder).__name__}")
        if progress is not None and not callable(progress):
            raise TypeError("progress must be a callable (i, n, name)")
        self._index.clear()
        try:
            return load_bundles(self.store, os.fspath(folder), readmit=bool(readmit), progress=progress,
                                bulk=bool(bulk))
        finally:
            self._index.clear()


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _reported(rows: list[dict]) -> list[rules.Reported]:
    out = []
    for r in rows:
        tv = from_edtf(r["time"]) if r["time"] else None
        if tv is not None:
            out.append(rules.Reported(r["document"], date.fromisoformat(r["published"]), tv, r["status"]))
    return out
