"""Bundles: one document's extraction as a file, the unit between the map step (parse, extract,
validate: no store) and the reduce step (load into a store with system time).

A bundle is an N-Quads file. Its first line is a comment holding a JSON header (identity, file,
sha256, extractor, publication date, claims, entities, and the problem when the document
failed); then, sorted, the document's named graph under its first IRI (adoption 1) and its
metadata triples for the default graph, without ``prov:generatedAtTime``: system time is given
when the bundle is loaded, as it is when a file is ingested. A bundle's name is derived from its
identity, content and extractor, so a re-run finds the bundles it has written already.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from rdflib.namespace import PROV

from . import rdf
from .errors import SfkgError
from .model import Extraction

FORMAT = 1
SUFFIX = ".nq"
HEADER = "# sfkg-bundle "
META = "# the document's metadata (default graph)\n"
END = "# end of bundle\n"
# SHACL needs a system time on the metadata; the bundle carries none (the load gives it).
_PLACEHOLDER_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)


@dataclass
class Bundle:
    identity: str
    file: str  # the file name
    path: str  # the path as given to the map step
    sha256: str | None
    pipeline: str
    model: str
    published: str | None = None  # ISO date
    basis: str | None = None  # stated | inferred | given
    doc: str | None = None  # the document graph's IRI at adoption 1
    claims: int = 0
    entities: list[str] = field(default_factory=list)
    problem: str | None = None  # why the document failed (unreadable, no date, SHACL)
    warnings: list[str] = field(default_factory=list)
    graph: str = ""  # N-Quads of the document's named graph
    meta: str = ""  # N-Quads of its metadata (default graph), without system time

    @property
    def failed(self) -> bool:
        return self.problem is not None

    def header(self) -> dict:
        return {"sfkg_bundle": FORMAT, "identity": self.identity, "file": self.file,
                "path": self.path, "sha256": self.sha256, "pipeline": self.pipeline,
                "model": self.model, "published": self.published, "basis": self.basis,
                "doc": self.doc, "claims": self.claims, "entities": self.entities,
                "problem": self.problem, "warnings": self.warnings}

    def text(self) -> str:
        return HEADER + json.dumps(self.header(), sort_keys=True, ensure_ascii=False) + "\n" \
            + self.graph + META + self.meta + END


def name(identity: str, sha256: str | None, pipeline: str, model: str) -> str:
    """The bundle's file name: one per (identity, content, extractor)."""
    who = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    tag = hashlib.sha256(rdf.extractor_id(pipeline, model).encode("utf-8")).hexdigest()[:8]
    return f"{who}-{(sha256 or 'unread')[:12]}-{tag}{SUFFIX}"


def prepare(ex: Extraction, identity: str) -> tuple[Bundle, object]:
    """The bundle of an extraction (graph and metadata as N-Quads, first IRI), and the rdflib
    graphs for validation: (bundle, (graph, meta))."""
    d = ex.document
    graph, meta = rdf.document_quads(ex, _PLACEHOLDER_TIME, identity, 1)
    doc = graph.identifier
    b = Bundle(identity=identity, file=d.name, path=str(d.path), sha256=d.sha256,
               pipeline=ex.pipeline_version, model=ex.model,
               published=d.published.isoformat() if d.published else None,
               basis=d.published_basis, doc=str(doc), claims=len(ex.claims),
               entities=sorted(ex.entities))
    return b, (graph, meta)


def serialise(b: Bundle, graph, meta) -> Bundle:
    """Fill the bundle's N-Quads from its (validated) graphs; system time left out."""
    meta.remove((None, PROV.generatedAtTime, None))
    b.graph = rdf.to_nquads(graph, graph.identifier)
    b.meta = rdf.to_nquads(meta, None)
    return b


def failure(identity: str, path: str | Path, sha256: str | None, pipeline: str, model: str,
            problem: str) -> Bundle:
    p = Path(path)
    return Bundle(identity=identity, file=p.name, path=str(path), sha256=sha256,
                  pipeline=pipeline, model=model, problem=problem)


def write(b: Bundle, out: str | Path) -> Path:
    """Write a bundle into folder ``out`` atomically (a temporary file renamed into place): a
    bundle on disk is always whole."""
    out = Path(out)
    target = out / name(b.identity, b.sha256, b.pipeline, b.model)
    fd, tmp = tempfile.mkstemp(dir=out, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(b.text())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


def read(path: str | Path) -> Bundle:
    """Read a bundle; a file that is not one is an :class:`SfkgError` naming it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SfkgError(f"{path}: cannot read the bundle ({getattr(exc, 'strerror', None) or exc})") from None
    first, _, rest = text.partition("\n")
    if not first.startswith(HEADER):
        raise SfkgError(f"{path}: not an sfkg bundle (no '{HEADER.strip()}' header line)")
    try:
        h = json.loads(first[len(HEADER):])
    except json.JSONDecodeError as exc:
        raise SfkgError(f"{path}: the bundle header is not valid JSON ({exc.msg})") from None
    if not isinstance(h, dict) or h.get("sfkg_bundle") != FORMAT:
        raise SfkgError(f"{path}: unknown bundle format {h.get('sfkg_bundle') if isinstance(h, dict) else h!r}"
                        f" (this sfkg reads format {FORMAT})")
    try:
        b = Bundle(identity=h["identity"], file=h["file"], path=h["path"], sha256=h["sha256"],
                   pipeline=h["pipeline"], model=h["model"], published=h.get("published"),
                   basis=h.get("basis"), doc=h.get("doc"), claims=int(h.get("claims") or 0),
                   entities=list(h.get("entities") or []), problem=h.get("problem"),
                   warnings=list(h.get("warnings") or []))
    except (KeyError, TypeError, ValueError) as exc:
        raise SfkgError(f"{path}: the bundle header lacks {exc}") from None
    if not rest.endswith(END):
        raise SfkgError(f"{path}: the bundle is cut short (no end line)")
    if not b.failed:
        if not b.doc:
            raise SfkgError(f"{path}: the bundle header names no document graph")
        graph, sep, meta = rest.partition(META)
        meta, end, _ = meta.partition(END)
        if not sep or not end:
            raise SfkgError(f"{path}: the bundle is cut short (no metadata section)")
        b.graph, b.meta = graph, meta
    return b


def adopted(nquads: str, doc: str, adoption: int) -> str:
    """The N-Quads with the first IRI ``doc`` (and its claims and events) renamed to the
    ``adoption``-th one (content current again after another version: see rdf.document_iri)."""
    if adoption == 1:
        return nquads
    return re.sub(re.escape("<" + doc) + r"(?=[>/])", "<" + f"{doc}-{adoption}", nquads)
