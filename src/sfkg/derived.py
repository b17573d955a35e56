"""Files derived from the document graphs, kept beside an embedded on-disk store.

Reading terms back out of an on-disk Oxigraph store costs a key lookup per term (about 16 us per
quad on a 2-core machine: 27 s for Oxigraph's own dump of 1.7 million quads), so an export or
an as-of view that decodes every claim cannot be fast at 10,000 documents. But a document graph
is written once and never changed (a new version is a new graph; retraction and supersession
only add metadata to the default graph), so what is derived from it can be written once too,
when the graph is stored, and read back as text:

- ``<sha1>.nq``: the graph's quads as sorted N-Quads, exactly as the store would serialise them
  (the export copies them);
- ``<sha1>.view``: the graph's part of the as-of view (:func:`sfkg.asofview.part`): a JSON
  line (the entities its claims point to, its dated single-valued claims), then N-Triples;
- ``<sha1>.names.json``: the type and label rows of its entities and the entities it names;
- ``entities.json``: those rows of every document graph, by graph (extended when graphs are
  added);
- ``metadata.nt``: the default graph's triples (the documents' metadata), appended after each
  transaction that adds some. The store's default graph only grows, so the journal is a subset
  of it; a reader uses it only when it holds as many distinct triples as the store's default
  graph (one count), and otherwise reads the store and writes the journal again.

The files live in ``<store>/sfkg-derived/`` and are written only after their graph is wholly in
the store, atomically; so a file that exists is exact. A graph without its files (a store made
before them, a process stopped between the store and the files) is read from the store, and its
files are written then. The reference graph is replaced on every ingest: it is never derived.
A memory store or a SPARQL endpoint has no derived files (their readers compute the same from
the store each time).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyoxigraph as ox

FOLDER = "sfkg-derived"
VIEW_KEYS = {"entities", "single"}  # and "lines", after the header line of a .view file
NAMES_KEYS = {"labels", "names", "mentions"}


def as_stored(nquads: str) -> list:
    """The quads of N-Quads text with their terms as a store gives them back (typed literals in
    their canonical form: "2026-12-01T19:43:04+00:00" is stored as "...Z")."""
    memory = ox.Store()
    if nquads.strip():
        memory.load(input=nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return list(memory)


def stored_quads(store, graph: str) -> list:
    """A named graph read back from the store, as pyoxigraph quads."""
    tail = f" <{graph}> .\n"
    text = "".join(line[:-2].rstrip() + tail for line in store.graph_ntriples(graph).splitlines() if line.strip())
    return list(ox.parse(input=text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def sorted_nquads(quads) -> str:
    """Quads as sorted N-Quads lines, each once, terms written as the store writes them."""
    return "".join(sorted({f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n" for q in quads}))


class Derived:
    """The derived files of one embedded store (see the module's docstring)."""

    def __init__(self, root: Path):
        self.root = root
        self._prefix = str(root) + os.sep

    def _path(self, graph: str, suffix: str) -> str:
        key = hashlib.sha1(graph.encode("utf-8")).hexdigest()
        return f"{self._prefix}{key[:2]}{os.sep}{key}{suffix}"

    def _read(self, path: str | Path) -> str | None:
        try:
            with open(path, encoding="utf-8") as f:
                return f.read()
        except (OSError, UnicodeDecodeError):
            return None

    def _write(self, path: str | Path, text: str) -> None:
        """Atomically; a failure (a read-only folder, a full disk) only means the next reader
        computes the same from the store."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass

    def nquads(self, graph: str) -> str | None:
        return self._read(self._path(graph, ".nq"))

    def view_part(self, graph: str) -> dict | None:
        """The graph's part of the as-of view: ``lines``, ``entities``, ``single``."""
        text = self._read(self._path(graph, ".view"))
        if text is None:
            return None
        head, _, body = text.partition("\n")
        try:
            part = json.loads(head)
        except ValueError:
            return None
        if not isinstance(part, dict) or not VIEW_KEYS <= part.keys():
            return None
        part["lines"] = body.splitlines(keepends=True)
        return part

    def names_part(self, graph: str) -> dict | None:
        """The graph's entity rows: ``labels``, ``names``, ``mentions``."""
        text = self._read(self._path(graph, ".names.json"))
        try:
            part = json.loads(text) if text else None
        except ValueError:
            return None
        return part if isinstance(part, dict) and NAMES_KEYS <= part.keys() else None

    def put(self, graph: str, quads: list) -> dict:
        """Write a stored graph's files from its quads (pyoxigraph); returns its whole part."""
        from .asofview import part

        whole = part(quads)
        head = json.dumps({k: whole[k] for k in VIEW_KEYS}, sort_keys=True)
        self._write(self._path(graph, ".view"), head + "\n" + "".join(whole["lines"]))
        self._write(self._path(graph, ".names.json"), json.dumps({k: whole[k] for k in NAMES_KEYS}, sort_keys=True))
        self._write(self._path(graph, ".nq"), sorted_nquads(quads))
        return whole

    def entity_rows(self) -> dict | None:
        text = self._read(self.root / "entities.json")
        try:
            return json.loads(text) if text else None
        except ValueError:
            return None

    def put_entity_rows(self, data: dict) -> None:
        self._write(self.root / "entities.json", json.dumps(data, sort_keys=True))


def metadata_journal(d: Derived) -> set[str] | None:
    """The journal's distinct lines (a line cut short by a stop is not one)."""
    text = d._read(d.root / "metadata.nt")
    if text is None:
        return None
    return {line for line in text.splitlines(keepends=True) if line.endswith(" .\n")}


def journal_metadata(store, nquads: str) -> None:
    """Append the default-graph quads of a transaction that has been committed."""
    d = of(store)
    if d is None or not nquads.strip():
        return
    lines = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in as_stored(nquads)
                    if isinstance(q.graph_name, ox.DefaultGraph))
    try:
        d.root.mkdir(parents=True, exist_ok=True)
        with open(d.root / "metadata.nt", "a", encoding="utf-8") as f:
            f.write(lines)
    except OSError:
        pass


def default_graph_lines(store) -> list[str]:
    """The default graph's triples as sorted N-Triples lines: from the journal when it holds
    them all (it never holds a triple the store lacks), else from the store (and the journal
    is written again)."""
    d = of(store)
    if d is not None:
        lines = metadata_journal(d)
        count = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]
        if lines is not None and len(lines) == count:
            return sorted(lines)
    lines = sorted({line + "\n" for line in store.graph_ntriples(None).splitlines() if line.strip()})
    if d is not None:
        d._write(d.root / "metadata.nt", "".join(lines))
    return lines


def of(store) -> Derived | None:
    """The derived files of an embedded on-disk store; None for memory stores and endpoints."""
    found = getattr(store, "_derived", False)
    if found is not False:
        return found
    location = getattr(store, "location", "")
    if not location or location == "memory:" or location.startswith(("http://", "https://")):
        found = None
    else:
        found = Derived(Path(location) / FOLDER)
    try:
        store._derived = found
    except AttributeError:
        pass
    return found


def record(store, nquads: str) -> None:
    """Derive the files of the document graphs in ``nquads`` (already wholly in the store)."""
    d = of(store)
    if d is None:
        return
    by_graph: dict[str, list] = {}
    for q in as_stored(nquads):
        if isinstance(q.graph_name, ox.NamedNode):
            by_graph.setdefault(q.graph_name.value, []).append(q)
    for name, quads in by_graph.items():
        d.put(name, quads)
