"""Ingest: files -> documents -> claims -> RDF -> SHACL -> store, one transaction per document.

An unchanged file (same sha256 as a valid version in the store) is skipped. A changed file adds a
new document graph and marks the earlier version ``prov:invalidatedAtTime`` (nothing is deleted).
A document that cannot be read or whose graph violates the shapes is reported and not loaded;
the rest of the batch still loads.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from . import paths as paths_mod
from . import bundle as bundle_mod
from . import derived, query, rdf
from .document import SUFFIXES, Document, read_document
from .errors import DocumentError, SfkgError
from .extract import PIPELINE_VERSION, extract, model_text, parse
from .nlp import workers as workers_mod
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
    retracted: list[str] = field(default_factory=list)  # skipped: retracted (see readmit)
    superseded: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    claims: int = 0
    entities: set[str] = field(default_factory=set)
    shacl_violations: int = 0
    timings: dict = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    seconds: float = 0.0
    interrupted: bool = False

    def as_dict(self) -> dict:
        return {"documents": len(self.added), "skipped_unchanged": len(self.skipped),
                "skipped_retracted": len(self.retracted),
                "superseded": len(self.superseded), "failed": len(self.failed),
                "claims": self.claims, "entities": len(self.entities),
                "shacl": "conforms" if not self.shacl_violations else
                f"{self.shacl_violations} document(s) rejected",
                "seconds": round(self.seconds, 1),
                "docs_per_s": round(len(self.added) / self.seconds, 2) if self.seconds > 0 else 0.0,
                "errors": [f"{f}: {m}" for f, m in self.failed],
                "warnings": [f"{f}: {m}" for f, m in self.warnings]}


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during an ingest: the documents stored so far are whole and stay; ``report``
    says how many."""

    def __init__(self, report: IngestReport):
        super().__init__()
        self.report = report


def link_problem(p: Path) -> str | None:
    """Why a path that does not exist cannot be read: a symlink loop, a broken link, or none."""
    if not p.is_symlink():
        return None
    try:
        p.resolve(strict=True)
    except RuntimeError:
        return "symlink loop"
    except OSError as exc:
        if getattr(exc, "errno", None) == 40:  # ELOOP
            return "symlink loop"
        return "broken symbolic link (its target does not exist)"
    return None


def collect(paths: list[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest (folders searched recursively for .txt/.html), and the paths that fail."""
    files: list[Path] = []
    errors: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if not p.exists():
            errors.append((str(p), link_problem(p) or "no such file or folder"))
        elif p.is_dir():
            found = []
            try:
                for f in sorted(p.rglob("*")):  # rglob does not follow links to folders: no loops
                    if f.suffix.lower() not in SUFFIXES:
                        continue  # other files (images, sidecars) are not press releases
                    if f.is_symlink() and not f.exists():
                        errors.append((str(f), link_problem(f) or "broken symbolic link"))
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
           workers: int = 1, readmit: bool = False) -> IngestReport:
    """Ingest files and folders. ``progress(i, n, name)`` is called with i = 0 and the name
    "loading the model" while the model loads, then before each document is stored. Ctrl-C
    raises :class:`IngestInterrupted` after the current document (the ones stored are whole).
    A retracted document is skipped (``report.retracted``) unless ``readmit``."""
    return interruptible(store, _ingest, paths, published, model, progress, workers, readmit)


@contextmanager
def whole_document():
    """Ctrl-C inside the block is held until its end (in the main thread): a document written
    to the store is also in the report, so the interrupted ingest says exactly what it stored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if held and callable(previous):
        previous(signal.SIGINT, None)  # the default handler raises KeyboardInterrupt here


def interruptible(store, run: Callable, *args) -> IngestReport:
    """``run(store, report, *args)`` with a new report, timed; Ctrl-C flushes what is stored
    (whole documents only) and raises :class:`IngestInterrupted` with the report."""
    started = time.perf_counter()
    report = IngestReport()
    try:
        run(store, report, *args)
    except KeyboardInterrupt:
        report.interrupted = True
        try:
            store.flush()
        finally:
            report.seconds = time.perf_counter() - started
        raise IngestInterrupted(report) from None
    report.seconds = time.perf_counter() - started
    return report


def _ingest(store, report, paths, published, model, progress, workers, readmit) -> None:
    clock = _Clock(report.timings)
    files, errors = collect(paths)
    report.failed += errors
    if published is not None and len(files) > 1:
        raise SfkgError("--published states the date of a single file; use sidecars for several")
    # the parser processes load the model while the documents are read and checked here, and
    # parse them as they are accepted
    parsers = workers_mod.start(model, workers, len(files))
    try:
        _read_and_store(store, report, clock, files, published, model, progress, workers, readmit,
                        parsers)
    finally:
        if parsers is not None:
            parsers.close()  # those that no parse took over


def _read_and_store(store, report, clock, files, published, model, progress, workers, readmit,
                    parsers) -> None:
    ensure_reference(store)
    docs: list[tuple[Document, str]] = []
    extractor = None
    for f in files:
        try:
            with clock("document"):
                d = read_document(f, published)
        except DocumentError as exc:
            report.failed.append((exc.path, exc.problem))
            continue
        if d.published_basis == "given" and d.published and d.published > date.today():
            report.warnings.append((str(d.path), f"the given publication date {d.published} is in "
                                                  f"the future; check the sidecar or --published"))
        if extractor is None:
            if progress:
                progress(0, 0, "loading the model")
            with clock("nlp"):
                extractor = (PIPELINE_VERSION, model_version(build(model)))
        ident = paths_mod.identity(d.path, d.url)
        with clock("store"):
            versions = _versions(store, ident)
        verdict = _verdict(versions, d.sha256, extractor, readmit)
        if verdict == "unchanged":
            report.skipped.append(d.name)  # unchanged: same content read by the same extractor
            continue
        if verdict == "retracted":
            report.retracted.append(str(d.path))
            continue
        docs.append((d, ident))
        if parsers is not None:
            parsers.add(model_text(d))
    if not docs:
        return
    if progress:
        progress(0, len(docs), "loading the model")
    nlp, parsed = parse([d for d, _ in docs], model, workers, parsers=parsers)
    version = model_version(nlp)
    for i, (d, ident) in enumerate(docs, start=1):
        if progress:
            progress(i - 1, len(docs), d.name)
        with clock("nlp"):
            pdoc = next(parsed)
        try:
            with clock("claims"):
                ex = extract(d, pdoc, version)
        except DocumentError as exc:
            report.failed.append((exc.path, exc.problem))
            continue
        with whole_document():  # stored and counted, or neither: Ctrl-C waits for both
            problem, older, verdict = _store(store, ex, clock, identity=ident, readmit=readmit)
            if verdict == "unchanged":  # the same document twice in the batch (one url, two files)
                report.skipped.append(d.name)
                continue
            if verdict == "retracted":
                report.retracted.append(str(d.path))
                continue
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
        if progress:
            progress(i, len(docs), d.name)
    with clock("store"):
        store.flush()


def _verdict(versions: list[dict], sha256: str, extractor: tuple, readmit: bool) -> str | None:
    """"unchanged" (a valid version has this content and extractor), "retracted" (versions
    exist and none is valid: only a retraction leaves a document so), or None: store it."""
    valid = [r for r in versions if r["invalidated"] is None]
    if versions and not valid and not readmit:
        return "retracted"
    if any(r["sha256"] == sha256 and (r["pipeline"], r["model"]) == extractor for r in valid):
        return "unchanged"
    return None


def store_extraction(store, ex, clock: _Clock | None = None, versions: list[dict] | None = None,
                     identity: str | None = None) -> tuple[str | None, list[str]]:
    """Validate one document's graph and add it to the store in one transaction, superseding
    the valid versions of the same document (its identity: see :func:`sfkg.paths.identity`).
    Returns (the SHACL problem or None, superseded IRIs); an unchanged or retracted document
    is not stored (no problem, nothing superseded)."""
    problem, older, _ = _store(store, ex, clock, versions, identity)
    return problem, older


def _store(store, ex, clock: _Clock | None = None, versions: list[dict] | None = None,
           identity: str | None = None,
           readmit: bool = False) -> tuple[str | None, list[str], str | None]:
    """:func:`store_extraction`, and "unchanged"/"retracted" when it stored nothing for that
    reason."""
    clock = clock or _Clock(dict.fromkeys(STAGES, 0.0))
    d = ex.document
    identity = identity or paths_mod.identity(d.path, d.url)
    with clock("store"):
        if versions is None:
            versions = _versions(store, identity)
    verdict = _verdict(versions, d.sha256, (ex.pipeline_version, ex.model), readmit)
    if verdict:
        return None, [], verdict
    b, problem = make_bundle(ex, identity, clock)
    if problem:
        return problem, [], None
    with clock("store"):
        older = commit(store, b, versions)
    return None, older, None


def make_bundle(ex, identity: str, clock: _Clock | None = None) -> tuple[bundle_mod.Bundle, str | None]:
    """A document's bundle (its graph and metadata as N-Quads, no system time), validated with
    SHACL: (bundle, None), or (bundle, the SHACL problem) with the problem also in the bundle."""
    clock = clock or _Clock(dict.fromkeys(STAGES, 0.0))
    with clock("rdf"):
        b, (graph, meta) = bundle_mod.prepare(ex, identity)
    with clock("shacl"):
        result = validate_graph(validation_graph(graph, meta))
    if not result.conforms:
        first = result.results[0]
        more = f" (+{len(result.results) - 1} more)" if len(result.results) > 1 else ""
        b.problem = f"SHACL: {first['focus']}: {first['message']}{more}"
        return b, b.problem
    with clock("rdf"):
        bundle_mod.serialise(b, graph, meta)
    return b, None


def commit(store, b: bundle_mod.Bundle, versions: list[dict]) -> list[str]:
    """Add a bundle's document to the store as a new version, system time now, superseding the
    valid versions of its document, in one transaction; returns the superseded IRIs (a bulk
    loader stages many documents' graphs first: see :func:`staged`)."""
    graph, meta, older = staged(b, versions)
    store.add_quads(graph + meta)
    derived.record(store, graph)  # only once the graph is wholly stored
    derived.journal_metadata(store, meta)
    return older


def staged(b: bundle_mod.Bundle, versions: list[dict]) -> tuple[str, str, list[str]]:
    """What :func:`commit` adds for a bundle: (the document graph's N-Quads at its adoption, the
    metadata's N-Quads with system time now and the supersession of the valid versions, the
    superseded IRIs). A loader may add the graphs of many documents at once and then each
    metadata in its own transaction: a document exists once its metadata is in."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    taken = {r["doc"] for r in versions}
    adoption = 1
    while (f"{b.doc}-{adoption}" if adoption > 1 else b.doc) in taken:
        adoption += 1  # this content was current before: a new version, with its own time
    doc = f"{b.doc}-{adoption}" if adoption > 1 else b.doc
    stamp = query.datetime_literal(now).n3()
    meta = bundle_mod.adopted(b.meta, b.doc, adoption)
    meta += f"<{doc}> <{PROV.generatedAtTime}> {stamp} .\n"
    older = [r["doc"] for r in versions if r["invalidated"] is None]
    for old in older:
        meta += f"<{old}> <{PROV.invalidatedAtTime}> {stamp} .\n"
    graph = bundle_mod.adopted(b.graph, b.doc, adoption)
    return graph, meta, older


def _versions(store, identity: str) -> list[dict]:
    """Every version of a document (valid or not), oldest first."""
    return query.run(store, "document_versions", identity=Literal(identity))


def find_documents(store, name: str) -> list[dict]:
    """The documents (grouped versions) a name denotes: a document IRI, an identity (url or
    path), a path on disk, or a file name. One dict per identity: identity, file, versions."""
    if name.startswith(str(rdf.SFD)):
        rows = query.run(store, "document_versions", doc=URIRef(name))
    else:
        rows = query.run(store, "document_versions", identity=Literal(name))
        if not rows:
            rows = query.run(store, "document_versions",
                             identity=Literal(paths_mod.identity(Path(name))))
        if not rows and "/" not in name:
            rows = query.run(store, "document_versions", file=Literal(name))
    groups: dict[str, dict] = {}
    for r in rows:
        g = groups.setdefault(r["identity"], {"identity": r["identity"], "file": r["file"], "versions": []})
        g["versions"].append(r)
    if name.startswith(str(rdf.SFD)):  # one version named: every version of its document
        return [{"identity": i, "file": g["file"], "versions": _versions(store, i)} for i, g in groups.items()]
    return list(groups.values())


def retract(store, name: str) -> list[str]:
    """Withdraw a document: its valid versions are marked invalidated now (nothing is deleted).
    ``name`` is its file name, path, sidecar url or IRI; a file name that two documents share
    is refused as ambiguous."""
    found = [g for g in find_documents(store, name)
             if any(r["invalidated"] is None for r in g["versions"])]
    if not found:
        raise SfkgError(f"{name}: no such document in the store (see 'sfkg documents')")
    if len(found) > 1:
        names = ", ".join(sorted(g["identity"] for g in found))
        raise SfkgError(f"{name} is ambiguous: it names {len(found)} documents ({names}); "
                        f"name one by its path or url, e.g. 'sfkg retract {found[0]['identity']}'")
    rows = [r for r in found[0]["versions"] if r["invalidated"] is None]
    now = datetime.now(timezone.utc).replace(microsecond=0)
    stamp = query.datetime_literal(now).n3()
    lines = "".join(f"<{r['doc']}> <{PROV.invalidatedAtTime}> {stamp} .\n" for r in rows)
    store.add_quads(lines)
    derived.journal_metadata(store, lines)
    store.flush()
    return [r["doc"] for r in rows]
