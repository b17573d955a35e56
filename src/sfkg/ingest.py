"""Ingest: files -> documents -> claims -> RDF -> SHACL -> store, one transaction per document.

An unchanged file (same sha256 as a valid version in the store) is skipped. A changed file adds a
new document graph and marks the earlier version ``prov:invalidatedAtTime`` (nothing is deleted).
A document that cannot be read or whose graph violates the shapes is reported and not loaded;
the rest of the batch still loads.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from . import query, rdf
from .document import SUFFIXES, Document, read_document
from .errors import DocumentError, SfkgError
from .extract import PIPELINE_VERSION, extract, parse
from .nlp.pipeline import build, model_version
from .validate import validate_graph
from .vocab import REFERENCE_GRAPH


STAGES = ("document", "nlp", "claims", "rdf", "shacl", "store")
FLUSH_EVERY = 100  # documents: keeps the memory of a long ingest flat (measured: 140 MB per 1,000 unflushed)


class _Clock:
    """Adds the time spent in a ``with`` block to one stage of the report."""

    def __init__(self, timings: dict):
        self.timings = timings

    def __call__(self, stage: str):
        self.stage = stage
        return self

    def __enter__(self):
        self.t0 = time.perf_counter()

    def __exit__(self, *exc):
        self.timings[self.stage] += time.perf_counter() - self.t0


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    claims: int = 0
    entities: set[str] = field(default_factory=set)
    shacl_violations: int = 0
    timings: dict = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    def as_dict(self) -> dict:
        return {"documents": len(self.added), "skipped_unchanged": len(self.skipped),
                "superseded": len(self.superseded), "failed": len(self.failed),
                "claims": self.claims, "entities": len(self.entities),
                "shacl": "conforms" if not self.shacl_violations else
                f"{self.shacl_violations} document(s) rejected",
                "errors": [f"{f}: {m}" for f, m in self.failed]}


def collect(paths: list[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest (folders searched recursively for .txt/.html), and the paths that fail."""
    files: list[Path] = []
    errors: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if not p.exists():
            errors.append((str(p), "no such file or folder"))
        elif p.is_dir():
            found = []
            try:
                for f in sorted(p.rglob("*")):  # rglob does not follow links to folders: no loops
                    if f.suffix.lower() not in SUFFIXES:
                        continue  # other files (images, sidecars) are not press releases
                    if f.is_symlink() and not f.exists():
                        errors.append((str(f), "broken or looping symbolic link"))
                    elif f.is_file():
                        found.append(f)
            except OSError as exc:
                errors.append((str(p), f"cannot list folder ({exc.strerror or exc})"))
            if not found:
                errors.append((str(p), f"no {'/'.join(SUFFIXES)} files in the folder"))
            files += found
        else:
            files.append(p)
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, errors


@lru_cache(maxsize=1)
def _reference_graph() -> Graph:
    return rdf.reference_graph()


def ensure_reference(store) -> None:
    g = _reference_graph()
    rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{REFERENCE_GRAPH}> {{ ?s ?p ?o }} }}")
    if rows and rows[0]["n"] == len(g):
        return
    nt = g.serialize(format="nt")
    store.replace_graph(str(REFERENCE_GRAPH), nt)


def validation_graph(graph: Graph, meta: Graph, reference: Graph | None = None) -> Graph:
    """The document's graph, its metadata and the type and label of the entities it points to
    (from ``reference``, by default sfkg's reference entities)."""
    data = Graph()
    for t in graph:
        data.add(t)
    for t in meta:
        data.add(t)
    ref = _reference_graph() if reference is None else reference
    for o in set(graph.objects()) | set(graph.subjects()):
        if isinstance(o, URIRef):
            for p in (RDF.type, SKOS.prefLabel):
                for v in ref.objects(o, p):
                    data.add((o, p, v))
    return data


def ingest(store, paths: list[str | Path], published: date | None = None,
           model: str | None = None, progress: Callable[[int, int, str], None] | None = None,
           workers: int = 1) -> IngestReport:
    report = IngestReport()
    clock = _Clock(report.timings)
    files, errors = collect(paths)
    report.failed += errors
    if published is not None and len(files) > 1:
        raise SfkgError("--published states the date of a single file; use sidecars for several")
    ensure_reference(store)
    docs: list[Document] = []
    extractor = None
    for f in files:
        try:
            with clock("document"):
                d = read_document(f, published)
        except DocumentError as exc:
            report.failed.append((exc.path, exc.problem))
            continue
        if extractor is None:
            with clock("nlp"):
                extractor = (PIPELINE_VERSION, model_version(build(model)))
        with clock("store"):
            versions = _versions(store, d.name)
        if any(r["sha256"] == d.sha256 and (r["pipeline"], r["model"]) == extractor for r in versions):
            report.skipped.append(d.name)  # unchanged: same content read by the same extractor
            continue
        docs.append((d, versions))
    if not docs:
        return report
    nlp, parsed = parse([d for d, _ in docs], model, workers)
    version = model_version(nlp)
    for i, (d, versions) in enumerate(docs, start=1):
        if progress:
            progress(i, len(docs), d.name)
        with clock("nlp"):
            pdoc = next(parsed)
        try:
            with clock("claims"):
                ex = extract(d, pdoc, version)
        except DocumentError as exc:
            report.failed.append((exc.path, exc.problem))
            continue
        problem, older = store_extraction(store, ex, clock, versions)
        if problem:
            report.shacl_violations += 1
            report.failed.append((str(d.path), problem))
            continue
        report.added.append(d.name)
        if len(report.added) % FLUSH_EVERY == 0:
            with clock("store"):
                store.flush()  # the embedded store holds its writes in memory until flushed
        report.superseded += [d.name for _ in older]
        report.claims += len(ex.claims)
        report.entities.update(ex.entities)
    with clock("store"):
        store.flush()
    return report


def store_extraction(store, ex, clock: _Clock | None = None,
                     versions: list[dict] | None = None) -> tuple[str | None, list[str]]:
    """Validate one document's graph and add it to the store in one transaction, superseding
    the earlier versions of the same file (``versions``, looked up when not given). Returns
    (the SHACL problem or None, superseded IRIs)."""
    clock = clock or _Clock(dict.fromkeys(STAGES, 0.0))
    d = ex.document
    now = datetime.now(timezone.utc).replace(microsecond=0)
    with clock("rdf"):
        graph, meta = rdf.document_quads(ex, now)
    with clock("shacl"):
        result = validate_graph(validation_graph(graph, meta))
    if not result.conforms:
        first = result.results[0]
        more = f" (+{len(result.results) - 1} more)" if len(result.results) > 1 else ""
        return f"SHACL: {first['focus']}: {first['message']}{more}", []
    with clock("rdf"):
        doc_iri = graph.identifier
        nquads = rdf.to_nquads(graph, doc_iri) + rdf.to_nquads(meta, None)
    with clock("store"):
        if versions is None:
            versions = _versions(store, d.name)
        older = [r["doc"] for r in versions if r["doc"] != str(doc_iri)]
        stamp = query.datetime_literal(now).n3()
        for old in older:
            nquads += f"<{old}> <{PROV.invalidatedAtTime}> {stamp} .\n"
        store.add_quads(nquads)
    return None, older


def _versions(store, name: str) -> list[dict]:
    """The valid versions of a file in the store."""
    return query.run(store, "document_versions", file=Literal(name))


def retract(store, name: str) -> list[str]:
    """Withdraw a document: its valid versions are marked invalidated now (nothing is deleted)."""
    rows = _versions(store, name)
    if not rows:
        raise SfkgError(f"{name}: no such document in the store (see 'sfkg documents')")
    now = datetime.now(timezone.utc).replace(microsecond=0)
    stamp = query.datetime_literal(now).n3()
    store.add_quads("".join(f"<{r['doc']}> <{PROV.invalidatedAtTime}> {stamp} .\n" for r in rows))
    store.flush()
    return [r["doc"] for r in rows]
