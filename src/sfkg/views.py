"""The as-of view (direct triples of what was reported on a date), SPARQL over the store or the
view, exports, and validation of the whole store."""

from __future__ import annotations

from datetime import date, datetime

import pyoxigraph as ox
from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import ORG, PROV, SKOS

from . import guard
from .errors import SfkgError
from .validate import Report, check_sparql, validate_graph
from .vocab import BASE, REFERENCE_GRAPH, SFKG, SINGLE_VALUED

VIEW_PROPS = {"launch": ("launchDate", "launchStatus"),
              "sample_return": ("sampleReturnDate", "sampleReturnStatus"),
              "data_release": ("dataReleaseDate", "dataReleaseStatus")}
PREFIXES = ("sfkg", "sfd", "sfr", "prov", "dct", "skos", "org", "xsd", "owl", "rdf", "rdfs")
FORMATS = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


def view_graph(kg, on: date, known_at: datetime | None = None) -> Graph:
    """What was reported on ``on`` (as known at ``known_at``), as direct triples: one value per
    single-valued property, with the documents that support it."""
    g = Graph()
    view = URIRef(f"{BASE}view/{on.isoformat()}")
    g.add((view, SFKG.reportedOn, Literal(on.isoformat(), datatype=XSD.date)))
    rows = kg.claim_rows(as_of=on, known_at=known_at)
    ents: set[str] = set()
    single: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        p = r["p"]
        s = r["s"]["iri"] if r["s"] else None
        for ref in [r["s"], r["o"], r["org"], r["place"], *r["parties"], *r["signatories"],
                    *r["participants"]]:
            if ref and ref.get("type") and ref["type"] not in ("Agreement", "Meeting"):
                ents.add(ref["iri"])
        if p in SINGLE_VALUED and s and r["time"]:
            single.setdefault((s, p), []).append(r)
        elif p == "carries" and s and r["o"]:
            g.add((URIRef(s), SFKG.carries, URIRef(r["o"]["iri"])))
        elif p == "built_by" and s and r["o"]:
            g.add((URIRef(s), SFKG.builtBy, URIRef(r["o"]["iri"])))
        elif p == "post" and s:
            m = URIRef(r["iri"])
            g.add((URIRef(s), SFKG.holdsPost, m))
            g.add((m, RDF.type, ORG.Membership))
            g.add((m, SFKG.citedBy, URIRef(r["iri"].rsplit("/claim/", 1)[0])))
            if r["org"]:
                g.add((m, ORG.organization, URIRef(r["org"]["iri"])))
            if r["post"]:
                g.add((m, SFKG.postTitle, Literal(r["post"])))
        elif p in ("agreement", "meeting") and s:
            ev = URIRef(s)
            g.add((ev, RDF.type, SFKG.Agreement if p == "agreement" else SFKG.Meeting))
            g.add((ev, SFKG.citedBy, URIRef(r["iri"].rsplit("/claim/", 1)[0])))
            if r["title"]:
                g.add((ev, SKOS.prefLabel, Literal(r["title"])))
            if r["time"]:
                g.add((ev, SFKG.date, Literal(r["time"], datatype=SFKG.edtf)))
            if r["status"]:
                g.add((ev, SFKG.status, SFKG[r["status"].capitalize()]))
            for pred, key in ((SFKG.party, "parties"), (SFKG.signatory, "signatories"),
                              (SFKG.participant, "participants")):
                for ref in r[key]:
                    g.add((ev, pred, URIRef(ref["iri"])))
            if r["place"]:
                g.add((ev, SFKG.place, URIRef(r["place"]["iri"])))
    answers = _single_answers(kg, on, known_at)
    for (s, p), group in sorted(single.items()):
        a = answers.get((s, p))
        if a is None:
            continue
        date_p, status_p = VIEW_PROPS[p]
        g.add((URIRef(s), SFKG[date_p], Literal(a.time.edtf, datatype=SFKG.edtf)))
        if a.status:
            g.add((URIRef(s), SFKG[status_p], SFKG[a.status.capitalize()]))
        stmt = URIRef(f"{s}/asof/{p}")
        g.add((stmt, SFKG.subject, URIRef(s)))
        g.add((stmt, SFKG.property, SFKG[p]))
        g.add((stmt, SFKG.time, Literal(a.time.edtf, datatype=SFKG.edtf)))
        by_file = {r["document"]: r["iri"].rsplit("/claim/", 1)[0] for r in group}
        for src in a.sources:
            g.add((stmt, SFKG.citedBy, URIRef(by_file[src])))
    for iri in sorted(ents):
        ref = kg.entity_ref(iri)
        g.add((URIRef(iri), RDF.type, SFKG[ref["type"]]))
        g.add((URIRef(iri), SKOS.prefLabel, Literal(ref["label"])))
    return g


def _single_answers(kg, on: date, known_at: datetime | None) -> dict:
    """The as-of answer of every subject's single-valued properties (the rules of
    :func:`sfkg.asof.answer`, as :meth:`KnowledgeGraph.asof_row` applies them to one pair), from
    one query over all pairs (``asof_times_all.rq``) instead of one lookup per pair."""
    from . import asof as rules
    from . import query
    from .api import _iso, _reported
    from .entities import local_name

    rows = query.run(kg.store, "asof_times_all", property=[SFKG[p] for p in sorted(SINGLE_VALUED)],
                     knownAt=query.datetime_literal(known_at),
                     asOf=Literal(on.isoformat(), datatype=XSD.date))
    pairs: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        pairs.setdefault((r["subject"], local_name(r["property"])), []).append(
            {"document": r["file"], "published": _iso(r["published"]), "time": r["time"],
             "status": local_name(r["status"]).lower()})
    order = lambda r: (r["document"], r["published"], r["time"], r["status"])  # noqa: E731
    return {key: a for key, group in pairs.items()
            if (a := rules.answer(_reported(sorted(group, key=order)), on)) is not None}


def known_nquads(kg, known_at: datetime | None, system_time: bool = True) -> str:
    """Sorted N-Quads of the store as it stood at ``known_at``: the document graphs valid then,
    their metadata, the reference graph (``system_time`` False drops the system-time triples).
    See :func:`nquads_chunks` for the order."""
    return "".join(nquads_chunks(kg, known_at, system_time))


def valid_graphs(kg, known_at: datetime | None) -> list[str] | None:
    """The named graphs of the store as it stood at ``known_at`` (the document versions valid
    then and the reference graph), in IRI order; None (every graph) without ``known_at``."""
    from . import query

    if known_at is None:
        return None
    rows = query.run(kg.store, "valid_graphs", knownAt=query.datetime_literal(known_at))
    return sorted({r["doc"] for r in rows} | {str(REFERENCE_GRAPH)})


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

    default = [line + "\n" for line in store.graph_ntriples(None).splitlines()
               if line.strip() and wanted(line, True)]
    yield "".join(sorted(default))
    del default
    names = store.named_graphs()
    for name in names if keep is None else [n for n in names if n in keep]:
        tail = f" <{name}> .\n"
        lines = [line[:-2] + tail for line in store.graph_ntriples(name).splitlines()
                 if line.strip() and (system_time and keep is None or wanted(line, False))]
        lines.sort()
        yield "".join(lines)


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
        nt = view_graph(kg, as_of, known_at).serialize(format="nt")
        return oxigraph_results(_scratch_store(nt).query, text)
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

    if re.search(r"\b(FROM|DESCRIBE|SERVICE)\b", text, re.I):
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
        lines = sorted(view_graph(kg, as_of, known_at).serialize(format="nt").splitlines())
        nquads = "".join(line + "\n" for line in lines if line.strip())
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
