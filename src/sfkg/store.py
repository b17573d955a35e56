"""The one module that knows the store: embedded Oxigraph on disk (a folder), in memory
(``memory:``), or a SPARQL endpoint (:mod:`sfkg.remote`). The rest of sfkg asks it to add a document's quads in one transaction, to replace
the reference graph, to run a SPARQL query with values bound as RDF terms, and to dump quads.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import SfkgError

DEFAULT_LOCATION = ".sfkg/store"
XSD = "http://www.w3.org/2001/XMLSchema#"


def default_location() -> str:
    return os.environ.get("SFKG_STORE") or DEFAULT_LOCATION


def open_store(location: str | None = None, read_only: bool = False):
    """A folder (embedded Oxigraph), ``memory:``, or the URL of a SPARQL 1.1 endpoint.

    ``read_only`` opens an embedded store for reading: any number of readers, even while one
    process writes (each reader sees the store as it was when it opened it)."""
    location = location or default_location()
    if location.startswith(("http://", "https://")):
        from .remote import SparqlStore

        return SparqlStore(location)
    return OxigraphStore(location, read_only)


def to_ox(term: Node):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot bind {term!r}")


def to_python(term):
    """A pyoxigraph term as a plain Python value (IRIs as strings, typed literals converted)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        v = term.value
        try:
            if dt == XSD + "integer" or dt == XSD + "int" or dt == XSD + "long":
                return int(v)
            if dt == XSD + "decimal":
                return Decimal(v)
            if dt in (XSD + "double", XSD + "float"):
                return float(v)
            if dt == XSD + "date":
                return date.fromisoformat(v[:10])
            if dt == XSD + "dateTime":
                return datetime.fromisoformat(v.replace("Z", "+00:00"))
            if dt == XSD + "boolean":
                return v == "true"
        except ValueError:
            return v
        return v
    return str(term)


def service_error(query: str, exc: Exception) -> SfkgError | None:
    """The one-line error of a query whose SERVICE call failed (None: the query calls none)."""
    import re

    from .guard import words

    if "SERVICE" not in [w.upper() for w in words(query)]:
        return None
    m = re.search(r"SERVICE\s+(?:SILENT\s+)?(<[^<>\s]*>|\S+)", query, re.I)
    target = m.group(1) if m else "(endpoint)"
    return SfkgError(f"SERVICE {target} failed: {' '.join(str(exc).split())[:300]}")


class OxigraphStore:
    def __init__(self, location: str, read_only: bool = False):
        self.location = location
        self.read_only = read_only and location != "memory:"
        if location == "memory:":
            self._store = ox.Store()
        else:
            path = Path(location)
            if path.exists() and not path.is_dir():
                raise SfkgError(f"store {location}: exists and is not a folder")
            if self.read_only:
                if not (path / "CURRENT").exists():
                    raise SfkgError(f"store {location}: no store here yet; run 'sfkg ingest' first")
                try:
                    self._store = ox.Store.read_only(str(path))
                except (OSError, RuntimeError) as exc:  # e.g. a store still being created
                    raise SfkgError(f"store {location}: cannot open for reading "
                                    f"({str(exc).splitlines()[0]})") from None
                return
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SfkgError(f"store {location}: cannot create the folder "
                                f"({exc.strerror or exc})") from None
            if not os.access(path, os.W_OK):
                raise SfkgError(f"store {location}: the folder is not writable") from None
            try:
                self._store = ox.Store(str(path))
            except OSError as exc:
                msg = str(exc)
                if "lock" in msg.lower():
                    raise SfkgError(f"store {location}: the store is in use by another sfkg "
                                    f"process; wait for it to finish") from None
                raise SfkgError(f"store {location}: cannot open ({msg.splitlines()[0]})") from None

    # ---------------------------------------------------------------- writes

    def add_quads(self, nquads: str) -> None:
        """Add quads (N-Quads text) in one transaction: all of them or none."""
        self._writable()
        self._store.load(input=nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)

    def bulk_add(self, nquads: str) -> None:
        """Add quads through Oxigraph's bulk loader: fast, not transactional (a kill may leave
        part of them; callers add what makes them visible afterwards, in a transaction)."""
        self._writable()
        self._store.bulk_load(input=nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)

    def _writable(self) -> None:
        if self.read_only:
            raise SfkgError(f"store {self.location}: opened read-only")

    def replace_graph(self, graph: str, ntriples: str) -> None:
        """Replace one named graph's content in one transaction."""
        self._writable()
        self._store.update(f"DROP SILENT GRAPH <{graph}> ; INSERT DATA {{ GRAPH <{graph}> {{\n"
                           f"{ntriples}\n}} }}")

    def flush(self) -> None:
        if self.location != "memory:" and not self.read_only:
            self._store.flush()

    # ---------------------------------------------------------------- reads

    def select(self, query: str) -> list[dict]:
        """Rows of a SELECT query as dicts of Python values."""
        result = self.raw_query(query)
        names = [v.value for v in result.variables]
        return [{n: to_python(sol[n]) for n in names} for sol in result]

    def raw_query(self, query: str):
        """Run a SPARQL query with Oxigraph's engine (SyntaxError on a malformed query)."""
        return self._store.query(query)

    def sparql(self, text: str, named_graphs: list[str] | None = None):
        """Any SPARQL query, read-only (an update is a syntax error here), as plain Python; a
        SERVICE call that fails is named in the one-line error. ``named_graphs`` restricts the
        graphs ``GRAPH`` sees (the query's dataset; nothing is copied)."""
        from .views import oxigraph_results

        runner = self._store.query
        if named_graphs is not None:
            graphs = [ox.NamedNode(g) for g in named_graphs]
            runner = lambda q: self._store.query(q, named_graphs=graphs)  # noqa: E731
        error = None
        try:
            return oxigraph_results(runner, text)
        except (OSError, RuntimeError) as exc:  # a SERVICE call fails while results are read
            error = service_error(text, exc) or SfkgError(
                f"SPARQL query failed: {' '.join(str(exc).split())[:300]}")
        raise error  # outside the handler: the failed results are released on this thread

    def quads(self):
        """Every quad as N-Triples term strings (s, p, o, g), g "" for the default graph."""
        for q in self._store:
            g = q.graph_name
            yield str(q.subject), str(q.predicate), str(q.object), (
                "" if isinstance(g, ox.DefaultGraph) else str(g))

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def graph_ntriples(self, graph: str | None) -> str:
        """One graph's triples as N-Triples (``None``: the default graph)."""
        name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name).decode("utf-8")

    def dump_nquads(self) -> str:
        data = self._store.dump(format=ox.RdfFormat.N_QUADS)
        return "".join(sorted(line + "\n" for line in data.decode("utf-8").splitlines() if line))

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        """Release the store (and its lock on disk)."""
        if getattr(self, "_store", None) is not None:
            self.flush()
            self._store = None
            import gc

            gc.collect()
