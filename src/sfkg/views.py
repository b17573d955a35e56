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
    for (s, p), group in sorted(single.items()):
        a = kg.asof_row(s, p, on, known_at=known_at)["answers"]
        if not a:
            continue
        date_p, status_p = VIEW_PROPS[p]
        g.add((URIRef(s), SFKG[date_p], Literal(a[0]["time"], datatype=SFKG.edtf)))
        if a[0]["status"]:
            g.add((URIRef(s), SFKG[status_p], SFKG[a[0]["status"].capitalize()]))
        stmt = URIRef(f"{s}/asof/{p}")
        g.add((stmt, SFKG.subject, URIRef(s)))
        g.add((stmt, SFKG.property, SFKG[p]))
        g.add((stmt, SFKG.time, Literal(a[0]["time"], datatype=SFKG.edtf)))
        by_file = {r["document"]: r["iri"].rsplit("/claim/", 1)[0] for r in group}
        for src in a[0]["sources"]:
            g.add((stmt, SFKG.citedBy, URIRef(by_file[src])))
    for iri in sorted(ents):
        ref = kg.entity_ref(iri)
        g.add((URIRef(iri), RDF.type, SFKG[ref["type"]]))
        g.add((URIRef(iri), SKOS.prefLabel, Literal(ref["label"])))
    return g


def known_nquads(kg, known_at: datetime | None, system_time: bool = True) -> str:
    """Sorted N-Quads of the store as it stood at ``known_at``: the document graphs valid then,
    their metadata, the reference graph (``system_time`` False drops the system-time triples)."""
    from .query import datetime_literal as _dt

    valid = {d["iri"] for d in kg.document_versions(known_at)} if known_at else None
    limit = str(_dt(known_at)) if known_at else None
    system = (f"<{PROV.generatedAtTime}>", f"<{PROV.invalidatedAtTime}>")
    out = []
    for s, p, o, g in kg.store.quads():
        if not system_time and p in system:
            continue
        if valid is not None:
            name = g[1:-1] if g else None
            if name is not None and name != str(REFERENCE_GRAPH) and name not in valid:
                continue
            if name is None and s.startswith("<" + BASE + "doc/") and s[1:-1] not in valid:
                continue
            if p == f"<{PROV.invalidatedAtTime}>" and o.split('"')[1] > limit:
                continue
        out.append(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n")
    return "".join(sorted(out))


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
        return oxigraph_results(_scratch_store(known_nquads(kg, known_at)).query, text)
    return kg.store.sparql(text)


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
    if fmt not in FORMATS:
        raise SfkgError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if as_of is not None:
        lines = sorted(view_graph(kg, as_of, known_at).serialize(format="nt").splitlines())
        nquads = "".join(line + "\n" for line in lines if line.strip())
    else:
        nquads = known_nquads(kg, known_at, system_time)
    if fmt == "nquads":
        return nquads
    ds = Dataset()
    ds.parse(data=nquads, format="nquads")
    if fmt == "turtle":
        g = Graph()
        _bind(g)
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g.serialize(format="turtle")
    if fmt == "trig":
        return _trig(ds)
    _bind(ds)
    return ds.serialize(format=FORMATS[fmt])


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
