"""The map and reduce steps of a large ingest, apart: files -> bundles (:func:`extract_files`, no
store: any process or machine can run it), bundles -> store (:func:`load_bundles`, with the
semantics of :func:`sfkg.ingest.ingest`: unchanged skipped, changed superseding, retracted kept
out unless readmitted, one transaction per document)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from . import bundle as bundle_mod
from . import derived
from . import paths as paths_mod
from .document import read_document
from .errors import DocumentError, SfkgError
from .extract import PIPELINE_VERSION, extract, parse
from .ingest import (FLUSH_EVERY, IngestReport, _verdict, _versions, commit, ensure_reference,
                     interruptible, make_bundle, staged)
from .nlp.pipeline import build, model_version

BULK_DOCS = 100  # documents whose graphs go through the store's bulk loader in one call


@dataclass
class ExtractReport:
    written: list[str] = field(default_factory=list)  # bundle file names written by this run
    done: list[str] = field(default_factory=list)  # files whose bundle was there already
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, problem), bundled too
    claims: int = 0
    seconds: float = 0.0

    def merge(self, other: "ExtractReport") -> None:
        self.written += other.written
        self.done += other.done
        self.failed += other.failed
        self.claims += other.claims


def extractor(model: str | None = None) -> tuple[str, str]:
    """(pipeline version, model version) of this process's pipeline (loaded once)."""
    return PIPELINE_VERSION, model_version(build(model))


def extract_files(files: list[str], out: str | Path, model: str | None = None,
                  published: date | None = None) -> ExtractReport:
    """The map step for one batch of files: read, parse, extract, validate, and write one bundle
    per file into ``out`` (a failed file gets a bundle saying why). A file whose bundle exists
    already (same identity, content and extractor) is not parsed again. Deterministic: the same
    files give byte-identical bundles."""
    report = ExtractReport()
    started = time.perf_counter()
    out = Path(out)
    pipeline_v, model_v = extractor(model)
    todo = []
    for f in files:
        try:
            d = read_document(f, published)
        except DocumentError as exc:
            ident = paths_mod.identity(Path(f))
            b = bundle_mod.failure(ident, f, None, pipeline_v, model_v, exc.problem)
            bundle_mod.write(b, out)
            report.failed.append((str(f), exc.problem))
            continue
        ident = paths_mod.identity(d.path, d.url)
        if (out / bundle_mod.name(ident, d.sha256, pipeline_v, model_v)).exists():
            report.done.append(str(f))
            continue
        todo.append((d, ident))
    if todo:
        _, parsed = parse([d for d, _ in todo], model, workers=1)
        for (d, ident), pdoc in zip(todo, parsed):
            try:
                ex = extract(d, pdoc, model_v)
            except DocumentError as exc:
                b = bundle_mod.failure(ident, d.path, d.sha256, pipeline_v, model_v, exc.problem)
                report.failed.append((str(d.path), exc.problem))
            else:
                b, problem = make_bundle(ex, ident)
                if problem:
                    report.failed.append((str(d.path), problem))
                else:
                    report.claims += b.claims
            report.written.append(bundle_mod.write(b, out).name)
    report.seconds = time.perf_counter() - started
    return report


def bundle_files(folder: str | Path) -> list[Path]:
    """The bundles in a folder, in name order (deterministic load order)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SfkgError(f"{folder}: no such folder of bundles")
    return sorted(p for p in folder.iterdir() if p.suffix == bundle_mod.SUFFIX
                  and not p.name.startswith("."))


def load_bundles(store, folder: str | Path, readmit: bool = False,
                 progress: Callable[[int, int, str], None] | None = None,
                 bulk: bool = True) -> IngestReport:
    """The reduce step: load a folder of bundles into the store as :func:`sfkg.ingest.ingest`
    would have stored their files (system time now). Safe to stop and run again: a document is
    whole or absent, and a re-run skips what is stored."""
    return interruptible(store, _load, folder, readmit, progress, bulk)


def _load(store, report, folder, readmit, progress, bulk) -> None:
    files = bundle_files(folder)
    ensure_reference(store)
    n = len(files)
    batched = bulk and hasattr(store, "bulk_add")
    pending: list[tuple[bundle_mod.Bundle, str, list[str]]] = []  # staged: graph sent, not metadata
    graphs: list[str] = []

    def stored(b, older) -> None:
        report.added.append(b.file)
        report.superseded += [b.file for _ in older]
        report.claims += b.claims
        report.entities.update(b.entities)
        if len(report.added) % FLUSH_EVERY == 0:
            store.flush()

    def settle() -> None:
        """The staged documents' graphs in one bulk load (invisible: no metadata points to them
        yet), then each document's metadata in its own transaction: from then on it exists."""
        if not pending:
            return
        store.bulk_add("".join(graphs))
        derived.record(store, "".join(graphs))  # the graphs are wholly in: derive their files
        for b, meta, older in pending:
            store.add_quads(meta)
            derived.journal_metadata(store, meta)
            stored(b, older)
        pending.clear()
        graphs.clear()

    for i, p in enumerate(files, start=1):
        if progress:
            progress(i - 1, n, p.name)
        try:
            b = bundle_mod.read(p)
        except SfkgError as exc:
            report.failed.append((str(p), str(exc).removeprefix(f"{p}: ")))
            continue
        if b.failed:
            report.failed.append((b.path, b.problem))
            if b.problem.startswith("SHACL:"):
                report.shacl_violations += 1
            continue
        if any(x.identity == b.identity for x, _, _ in pending):
            settle()  # a second version of a staged document: its versions must be stored first
        versions = _versions(store, b.identity)
        verdict = _verdict(versions, b.sha256, (b.pipeline, b.model), readmit)
        if verdict == "unchanged":
            report.skipped.append(b.file)
            continue
        if verdict == "retracted":
            report.retracted.append(b.path)
            continue
        if batched:
            graph, meta, older = staged(b, versions)
            pending.append((b, meta, older))
            graphs.append(graph)
            if len(pending) >= BULK_DOCS:
                settle()
        else:
            stored(b, commit(store, b, versions))
    settle()
    store.flush()
    if progress:
        progress(n, n, "")
