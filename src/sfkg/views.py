"""The as-of view (direct triples of what was reported on a date), SPARQL over the store or the
view, exports, and validation of the whole store."""

from __future__ import annotations

from datetime import date, datetime

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import ORG, PROV, SKOS

from . import derived as derived_mod
from . import guard
from .asofview import documents_at, view_lines
from .errors import SfkgError
from .validate import Report, check_sparql, validate_graph
from .vocab import BASE, REFERENCE_GRAPH, SFKG

PREFIXES = ("sfkg", "sfd", "sfr", "prov", "dct", "skos", "org", "xsd", "owl", "rdf", "rdfs")
FORMATS = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


def view_graph(kg, on: date, known_at: datetime | None = None) -> Graph:
    """What was reported on ``on`` (as known at ``known_at``), as direct triples: one value per
    single-valued property, with the documents that support it (see :mod:`sfkg.asofview`)."""
    return Graph().parse(data="".join(view_lines(kg, on, known_at)), format="nt")


def known_nquads(kg, known_at: datetime | None, system_time: bool = True) -> str:
    """Sorted N-Quads of the store as it stood at ``known_at``: the document graphs valid then,
    their metadata, the reference graph (``system_time`` False drops the system-time triples).
    See :func:`nquads_chunks` for the order."""
    return "".join(nquads_chunks(kg, known_at, system_time))


def valid_graphs(kg, known_at: datetime | None) -> list[str] | None:
    """The named graphs of the store as it stood at ``known_at`` (the document versions valid
    then and the reference graph), in IRI order; None (every graph) without ``known_at``."""
    if known_at is None:
        return None
    return sorted({d["doc"] for d in documents_at(kg.store, None, known_at)} | {str(REFERENCE_GRAPH)})


def nquads_chunks(kg, known_at: datetime | None = None, system_time: bool = True):
    """The N-Quads export as it streams from the store, one graph at a time: the default graph
    first, then each named graph in IRI order, each graph's lines sorted. Only one graph is held
    at a time; the same store always gives the same bytes. ``known_at`` keeps the graphs valid
    then and their metadata (the store as it stood then); ``system_time`` False drops the
    ingest and invalidation times."""
    from .query import datetime_literal as _dt

    store = kg.store
    valid = valid_graphs(kg, known_at)
    keep = set(valid) if valid is not None else None
    limit = str(_dt(known_at)) if known_at else None
    generated, invalidated = f"<{PROV.generatedAtTime}>", f"<{PROV.invalidatedAtTime}>"
    doc = "<" + BASE + "doc/"

    def wanted(line: str, default: bool) -> bool:
        if not system_time and (generated in line or invalidated in line):
            if line.split(" ", 2)[1] in (generated, invalidated):
                return False
        if keep is None:
            return True
        if default and line.startswith(doc) and line[1:line.index(">")] not in keep:
            return False
        if invalidated in line:
            _, p, o = line.split(" ", 2)
            if p == invalidated and o.split('"')[1] > limit:
                return False
        return True

    default = derived_mod.default_graph_lines(store)
    yield "".join(line for line in default if wanted(line, True))
    del default
    names = store.named_graphs()
    derived = derived_mod.of(store)
    for name in names if keep is None else [n for n in names if n in keep]:
        text = derived.nquads(name) if derived is not None and name != str(REFERENCE_GRAPH) else None
        if text is None:  # read from the store (and derived, for the next export)
            quads = derived_mod.stored_quads(store, name)
            if derived is not None and name != str(REFERENCE_GRAPH):
                derived.put(name, quads)
            text = derived_mod.sorted_nquads(quads)
        if not (system_time and keep is None):
            text = "".join(line for line in text.splitlines(keepends=True) if wanted(line, False))
        yield text


def _scratch_store(nquads: str) -> ox.Store:
    store = ox.Store()
    if nquads.strip():
        store.load(input=nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def run_sparql(kg, text: str, as_of: date | None = None, known_at: datetime | None = None,
               timeout: float | None = guard.DEFAULT_TIMEOUT, allow_service: bool = False):
    """Run any read-only SPARQL query with Oxigraph's engine: on the store, on the store as it
    stood at ``known_at``, or on the view as reported on ``as_of``.

    Returns (variables, rows) for SELECT, a bool for ASK, N-Triples text for CONSTRUCT/DESCRIBE."""
    guard.check(text, allow_service)
    return guard.with_timeout(lambda: _run(kg, text, as_of, known_at), timeout)


def _run(kg, text, as_of, known_at):
    if as_of is not None:
        return oxigraph_results(_scratch_store("".join(view_lines(kg, as_of, known_at, ordered=False))).query, text)
    if known_at is not None:
        if reads_default_graph(text):  # the metadata of the valid versions only: a copy
            return oxigraph_results(_scratch_store(known_nquads(kg, known_at)).query, text)
        return kg.store.sparql(text, named_graphs=valid_graphs(kg, known_at))
    return kg.store.sparql(text)


def reads_default_graph(text: str) -> bool:
    """Whether a query may read the default graph (a triple pattern outside ``GRAPH``, a
    DESCRIBE, its own FROM/FROM NAMED, or a query rdflib cannot parse): only then does a
    ``--known-at`` query need the store's metadata filtered to the versions valid then. The
    named graphs are restricted in the query's dataset instead (no copy)."""
    import re

    if re.search(r"\b(FROM|DESCRIBE|SERVICE)\b", text, re.IGNORECASE):
        return True
    try:
        from rdflib.plugins.sparql.algebra import translateQuery
        from rdflib.plugins.sparql.parser import parseQuery
        from rdflib.plugins.sparql.parserutils import CompValue

        algebra = translateQuery(parseQuery(text)).algebra
    except Exception:  # noqa: BLE001 - Oxigraph-only syntax: take the safe path
        return True

    def walk(node) -> bool:
        if isinstance(node, CompValue):
            if node.name in ("Graph", "GraphGraphPattern"):  # EXISTS keeps the parser's form
                return False  # everything inside reads a named graph
            if node.name in ("BGP", "TriplesBlock") and node.get("triples"):
                return True
            return any(walk(v) for k, v in node.items() if k != "template")
        if isinstance(node, dict):
            return any(walk(v) for v in node.values())
        if isinstance(node, (list, tuple)):
            return any(walk(v) for v in node)
        return False

    return walk(algebra)


def oxigraph_results(runner, text: str):
    """Run a query with a pyoxigraph ``query`` method; results as plain Python."""
    try:
        result = runner(text)
    except SyntaxError as exc:
        raise SfkgError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise SfkgError(f"SPARQL query failed: {' '.join(str(exc).split())}") from None
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return names, [{n: _term_text(sol[n]) for n in names} for sol in result]
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in result)


def _term_text(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return term.value
    return str(term)


def export(kg, fmt: str = "trig", as_of: date | None = None, known_at: datetime | None = None,
           system_time: bool = True) -> str:
    """The store (or the view as of a date) serialised; the same store gives the same bytes.
    ``known_at`` exports the store as it stood then; ``system_time`` False leaves out the
    ingest and invalidation times (for files that must not change with every ingest)."""
    import io

    out = io.StringIO()
    write_export(kg, out, fmt, as_of, known_at, system_time)
    return out.getvalue()


def write_export(kg, out, fmt: str = "trig", as_of: date | None = None,
                 known_at: datetime | None = None, system_time: bool = True) -> None:
    """:func:`export` written to a text stream ``out`` as it is read: N-Quads of the store a
    graph at a time (memory bounded by the largest graph, see :func:`nquads_chunks`); the other
    formats and the views are built whole, then written."""
    if fmt not in FORMATS:
        raise SfkgError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if as_of is not None:
        nquads = "".join(view_lines(kg, as_of, known_at))
    elif fmt == "nquads":
        for chunk in nquads_chunks(kg, known_at, system_time):
            out.write(chunk)
        return
    else:  # parsed in the order of the whole sorted file (rdflib's JSON-LD follows it)
        nquads = "".join(sorted(known_nquads(kg, known_at, system_time).splitlines(keepends=True)))
    if fmt == "nquads":
        out.write(nquads)
        return
    ds = Dataset()
    ds.parse(data=nquads, format="nquads")
    if fmt == "turtle":
        g = Graph()
        _bind(g)
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        out.write(g.serialize(format="turtle"))
    elif fmt == "trig":
        out.write(_trig(ds))
    else:
        _bind(ds)
        out.write(ds.serialize(format=FORMATS[fmt]))


def _trig(ds: Dataset) -> str:
    """TriG with the graphs in IRI order (the default graph first), each written as sorted
    Turtle, so that the same quads always give the same bytes."""
    graphs: dict = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = None if g in (None, DATASET_DEFAULT_GRAPH_ID) else g
        graphs.setdefault(name, Graph()).add((s, p, o))
    header = Graph()
    _bind(header)
    prefixes = "".join(f"@prefix {k}: <{v}> .\n" for k, v in sorted(header.namespaces())
                       if k in PREFIXES)
    parts = [prefixes]
    for name in sorted(graphs, key=lambda n: "" if n is None else str(n)):
        g = graphs[name]
        _bind(g)
        body = "\n".join(line for line in g.serialize(format="turtle").splitlines()
                         if not line.startswith("@prefix")).strip("\n")
        if name is None:
            parts.append(body + "\n")
        else:
            indented = "\n".join(("    " + line) if line else "" for line in body.splitlines())
            parts.append(f"<{name}> {{\n{indented}\n}}\n")
    return "\n".join(parts)


def _bind(g) -> None:
    from rdflib.namespace import DCTERMS, OWL, XSD

    for prefix, ns in (("sfkg", str(SFKG)), ("sfd", BASE + "doc/"), ("sfr", BASE + "id/"),
                       ("prov", PROV), ("dct", DCTERMS), ("skos", SKOS), ("org", ORG),
                       ("xsd", XSD), ("owl", OWL)):
        g.bind(prefix, ns, override=True, replace=True)


def validate_store(kg, progress=None) -> Report:
    """SHACL over the whole store, a document at a time, each in a plain in-memory graph (never
    validated in place): the document's graph with its metadata and the type and label of the
    entities it points to, under the SHACL core shapes (pyshacl) and the SPARQL-based ones
    (:func:`sfkg.validate.check_sparql`); then the documents' metadata with the reference
    entities. Memory and time grow with one document, not with the store.
    ``progress(i, n, graph)`` is called before each step."""
    from .ingest import validation_graph

    store = kg.store
    meta = Graph().parse(data=store.graph_ntriples(None), format="nt")
    reference = Graph().parse(data=store.graph_ntriples(str(REFERENCE_GRAPH)), format="nt")
    docs = [g for g in store.named_graphs() if g != str(REFERENCE_GRAPH)]
    results: dict[tuple, dict] = {}

    def add(rows):
        for r in rows:
            results.setdefault((r["focus"], r["path"], r["message"], r["value"]), r)

    for i, iri in enumerate(docs, start=1):
        if progress:
            progress(i, len(docs) + 1, iri)
        graph = Graph().parse(data=store.graph_ntriples(iri), format="nt")
        own = Graph()
        for t in meta.triples((URIRef(iri), None, None)):
            own.add(t)
        data = validation_graph(graph, own, reference)
        add(validate_graph(data).results)
        add(check_sparql(data))
    if progress:
        progress(len(docs) + 1, len(docs) + 1, "documents and reference entities")
    add(validate_graph(meta + reference).results)
    rows = sorted(results.values(), key=lambda r: (r["focus"], r["path"], r["message"]))
    return Report(not any(r["severity"] == "Violation" for r in rows), rows)
