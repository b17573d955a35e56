"""Views that scale: the as-of view from set-oriented queries, --known-at queries on the store's
own graphs (no copy), and an export that streams a graph at a time. Each is checked against the
plain, slow way of computing the same thing (kept here as the reference) on the seeds, with an
edited and a retracted document so that system time matters."""

import io
import shutil
import time
from datetime import date, datetime, timezone

import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, SKOS

import sfkg
from sfkg import views
from sfkg.vocab import BASE, REFERENCE_GRAPH, SFKG, SINGLE_VALUED

from .conftest import SEEDS, seed_file

DATES = [date(2019, 6, 1), date(2020, 12, 31), date(2021, 6, 1), date(2024, 7, 13)]


def _now():
    return datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture(scope="module", params=["memory", "disk"])
def versions(request, tmp_path_factory):
    """The seeds; then 002 edited (a superseded version) and 003 retracted; with the system
    times before each change. In memory, and on disk (where the export and the view read the
    files derived from each document graph: sfkg.derived)."""
    folder = tmp_path_factory.mktemp("seeds")
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    kg = sfkg.open("memory:" if request.param == "memory" else str(tmp_path_factory.mktemp("store")))
    assert len(kg.ingest([folder]).added) == 5
    time.sleep(1.1)
    t1 = _now()
    time.sleep(1.1)
    edited = folder / seed_file("002")
    edited.write_text(edited.read_text(encoding="utf-8").replace("June 2022", "October 2022"),
                      encoding="utf-8")
    assert kg.ingest([folder]).superseded == [edited.name]
    time.sleep(1.1)
    t2 = _now()
    time.sleep(1.1)
    kg.retract(seed_file("003"))
    return kg, [None, t1, t2]


# ---------------------------------------------------------------- the reference (slow) ways


def reference_view(kg, on, known_at=None) -> Graph:
    """The as-of view the plain, slow way: every claim row read from the store
    (``claim_rows``), one ``asof_row`` lookup per single-valued subject/property pair, the
    entities' types and labels from the entity index."""
    g = Graph()
    g.add((URIRef(f"{BASE}view/{on.isoformat()}"), SFKG.reportedOn, Literal(on.isoformat(), datatype=XSD.date)))
    answers = per_pair_answers(kg, on, known_at)
    ents, single = set(), {}
    for r in kg.claim_rows(as_of=on, known_at=known_at):
        p, s = r["p"], (r["s"]["iri"] if r["s"] else None)
        for ref in [r["s"], r["o"], r["org"], r["place"], *r["parties"], *r["signatories"], *r["participants"]]:
            if ref and ref.get("type") and ref["type"] not in ("Agreement", "Meeting"):
                ents.add(ref["iri"])
        cite = URIRef(r["iri"].rsplit("/claim/", 1)[0])
        if p in SINGLE_VALUED and s and r["time"]:
            single.setdefault((s, p), {})[r["document"]] = cite
        elif p in ("carries", "built_by") and s and r["o"]:
            g.add((URIRef(s), SFKG.carries if p == "carries" else SFKG.builtBy, URIRef(r["o"]["iri"])))
        elif p == "post" and s:
            m = URIRef(r["iri"])
            g.add((URIRef(s), SFKG.holdsPost, m))
            g.add((m, RDF.type, ORG.Membership))
            g.add((m, SFKG.citedBy, cite))
            if r["org"]:
                g.add((m, ORG.organization, URIRef(r["org"]["iri"])))
            if r["post"]:
                g.add((m, SFKG.postTitle, Literal(r["post"])))
        elif p in ("agreement", "meeting") and s:
            ev = URIRef(s)
            g.add((ev, RDF.type, SFKG.Agreement if p == "agreement" else SFKG.Meeting))
            g.add((ev, SFKG.citedBy, cite))
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
    for (s, p), by_file in sorted(single.items()):
        a = answers.get((s, p))
        if a is None:
            continue
        date_p, status_p = {"launch": ("launchDate", "launchStatus"),
                            "sample_return": ("sampleReturnDate", "sampleReturnStatus"),
                            "data_release": ("dataReleaseDate", "dataReleaseStatus")}[p]
        g.add((URIRef(s), SFKG[date_p], Literal(a.time.edtf, datatype=SFKG.edtf)))
        if a.status:
            g.add((URIRef(s), SFKG[status_p], SFKG[a.status.capitalize()]))
        stmt = URIRef(f"{s}/asof/{p}")
        g.add((stmt, SFKG.subject, URIRef(s)))
        g.add((stmt, SFKG.property, SFKG[p]))
        g.add((stmt, SFKG.time, Literal(a.time.edtf, datatype=SFKG.edtf)))
        for src in a.sources:
            g.add((stmt, SFKG.citedBy, by_file[src]))
    for iri in ents:
        ref = kg.entity_ref(iri)
        g.add((URIRef(iri), RDF.type, SFKG[ref["type"]]))
        g.add((URIRef(iri), SKOS.prefLabel, Literal(ref["label"])))
    return g


def per_pair_answers(kg, on, known_at=None) -> dict:
    """The as-of answers the slow way: one ``asof_row`` lookup per subject/property pair."""
    from sfkg.asof import Answer
    from sfkg.timevalue import from_edtf

    out = {}
    for r in kg.claim_rows(as_of=on, known_at=known_at):
        if r["p"] in SINGLE_VALUED and r["s"] and r["time"]:
            a = kg.asof_row(r["s"]["iri"], r["p"], on, known_at=known_at)["answers"]
            if a:
                out[(r["s"]["iri"], r["p"])] = Answer(from_edtf(a[0]["time"]), a[0]["status"],
                                                      a[0]["sources"])
    return out


def _lines(g) -> list[str]:
    return sorted(x for x in g.serialize(format="nt").splitlines() if x.strip())


def reference_nquads(kg, known_at) -> list[str]:
    """The store's quads as they stood at ``known_at``, filtered one quad at a time."""
    valid = {d["iri"] for d in kg.document_versions(known_at)} if known_at else None
    limit = str(sfkg.query.datetime_literal(known_at)) if known_at else None
    out = []
    for s, p, o, g in kg.store.quads():
        if valid is not None:
            name = g[1:-1] if g else None
            if name is not None and name != str(REFERENCE_GRAPH) and name not in valid:
                continue
            if name is None and s.startswith("<" + BASE + "doc/") and s[1:-1] not in valid:
                continue
            if p == f"<{PROV.invalidatedAtTime}>" and o.split('"')[1] > limit:
                continue
        out.append(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n")
    return sorted(out)


# ---------------------------------------------------------------- the view


def test_views_scale_asof_view_is_the_view_of_every_claim_row(versions):
    kg, times = versions
    cases = [(on, known_at) for known_at in times for on in DATES]
    ours = [_lines(views.view_graph(kg, on, known_at)) for on, known_at in cases]
    slow = [_lines(reference_view(kg, on, known_at)) for on, known_at in cases]
    assert ours == slow
    dated = [x for lines in ours for x in lines if f"<{SFKG.launchDate}>" in x]
    assert len(dated) > 10  # the seeds do report launch dates on these days
    assert len({len(lines) for lines in ours}) > 3  # and the views differ by date and system time


def test_views_scale_asof_view_sees_the_edit_only_after_it(versions):
    kg, (now, t1, _) = versions
    on = date(2021, 6, 1)
    svom = kg.resolve("SVOM")
    launch = lambda g: {str(o) for o in g.objects(URIRef(svom), SFKG.launchDate)}  # noqa: E731
    assert launch(views.view_graph(kg, on)) == {"2022-10"}
    assert launch(views.view_graph(kg, on, t1)) == {"2022-06"}


# ---------------------------------------------------------------- the export


def test_views_scale_export_streams_graphs_in_order_with_the_same_quads(versions):
    kg, times = versions
    for known_at in times:
        for system_time in (True, False):
            text = kg.export("nquads", known_at=known_at, system_time=system_time)
            expected = reference_nquads(kg, known_at)
            if not system_time:
                expected = [x for x in expected if "generatedAtTime>" not in x.split(" ")[1]
                            and "invalidatedAtTime>" not in x.split(" ")[1]]
            assert sorted(text.splitlines(keepends=True)) == expected
            # graphs in IRI order (the default graph first), each graph's lines sorted
            quads = list(ox.parse(input=text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
            keys = ["" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value for q in quads]
            assert keys == sorted(keys) and len(set(keys)) > 3
            lines = text.splitlines()
            for key in set(keys):
                block = [x for x, k in zip(lines, keys) if k == key]
                assert block == sorted(block)
            out = io.StringIO()
            views.write_export(kg, out, "nquads", known_at=known_at, system_time=system_time)
            assert out.getvalue() == text


def test_views_scale_retracted_document_is_out_of_the_export_and_back_before(versions):
    kg, (now, t1, t2) = versions
    iri = next(d["iri"] for d in kg.document_versions(t2) if d["document"] == seed_file("003"))
    assert f" <{iri}> ." in kg.export("nquads")  # the whole store: every version
    assert f" <{iri}> ." not in kg.export("nquads", known_at=_now())  # its graph, retracted
    assert f" <{iri}> ." in kg.export("nquads", known_at=t2)
    assert "invalidatedAtTime" not in kg.export("nquads", known_at=t1)


# ---------------------------------------------------------------- --known-at queries

QUERIES = [
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "PREFIX sfkg: <https://w3id.org/sfkg/ontology#> SELECT ?c ?t WHERE { GRAPH ?g { ?c sfkg:property "
    "sfkg:launch ; sfkg:time ?t } } ORDER BY ?c ?t",
    "ASK { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), '/doc/003_')) }",
    "SELECT ?s WHERE { GRAPH <%s> { ?s ?p ?o } } ORDER BY ?s LIMIT 5" % REFERENCE_GRAPH,
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?h { ?s a ?t } } } }",
]
DEFAULT_READERS = [
    "SELECT ?d ?f WHERE { ?d <https://w3id.org/sfkg/ontology#fileName> ?f } ORDER BY ?d",
    "SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } LIMIT 3",
    "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } FILTER EXISTS { ?s ?q ?v } } LIMIT 3",
    "SELECT * FROM NAMED <x:y> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "DESCRIBE <x:y>",
    "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } OPTIONAL { ?s ?p ?x } }",
]


def test_views_scale_known_at_reads_the_store_itself_only_for_named_graphs():
    for q in QUERIES:
        assert not views.reads_default_graph(q), q
    for q in DEFAULT_READERS:
        assert views.reads_default_graph(q), q


@pytest.mark.parametrize("text", QUERIES + DEFAULT_READERS[:3])
def test_views_scale_known_at_sparql_sees_what_the_copy_sees(versions, text):
    kg, times = versions
    for known_at in times[1:] + [_now()]:
        copy = views.oxigraph_results(views._scratch_store(views.known_nquads(kg, known_at)).query, text)
        expected = _ordered(text, copy) if isinstance(copy, tuple) else copy
        assert kg.sparql(text, known_at=known_at) == expected, known_at


def _ordered(text, result):
    from sfkg.guard import star_order

    names, rows = result
    names = star_order(text, names)
    return names, [{n: r[n] for n in names} for r in rows]


def test_views_scale_known_at_sparql_copies_nothing(versions, monkeypatch):
    kg, (_, t1, _) = versions

    def no_copy(*a, **k):
        raise AssertionError("copied the store")

    monkeypatch.setattr(views, "_scratch_store", no_copy)
    names, rows = kg.sparql(QUERIES[0], known_at=t1)
    graphs = {r["g"] for r in rows}
    assert str(REFERENCE_GRAPH) in graphs or not kg.store.graph_ntriples(str(REFERENCE_GRAPH))
    assert {d["iri"] for d in kg.document_versions(t1)} <= graphs
    assert len(graphs - {str(REFERENCE_GRAPH)}) == 5  # the first version of each seed
    assert kg.sparql(QUERIES[2], known_at=t1) is True
    assert kg.sparql(QUERIES[2], known_at=_now()) is False and kg.sparql(QUERIES[2]) is True


def test_views_scale_view_classes(versions):
    """The view still holds memberships, events and entity labels (built from one claims query)."""
    kg, _ = versions
    g = views.view_graph(kg, date(2024, 7, 13))
    assert any(g.triples((None, SFKG.holdsPost, None)))
    assert any(g.triples((None, RDF.type, SFKG.Agreement)))
    assert any(g.triples((None, SKOS.prefLabel, None)))
    assert (None, None, Literal("2024-07-13", datatype=XSD.date)) in g


def test_views_scale_export_to_a_stream_is_the_same_bytes(versions):
    kg, (_, t1, _) = versions
    for fmt, kwargs in (("nquads", {}), ("nquads", {"known_at": t1}), ("trig", {}),
                        ("turtle", {"as_of": date(2021, 6, 1)})):
        out = io.StringIO()
        assert kg.export(fmt, out=out, **kwargs) is None
        assert out.getvalue() == kg.export(fmt, **kwargs) and out.getvalue()


def test_views_scale_claims_known_at_keep_the_members_of_a_superseded_version(versions):
    """As known before 002 was edited, its first version's meeting still has its participants
    (the members were once read only from the versions valid now)."""
    kg, (_, t1, _) = versions
    old = [r for r in kg.claim_rows(known_at=t1) if r["document"] == seed_file("002")
           and r["p"] in ("meeting", "agreement")]
    assert old and all(r["participants"] or r["parties"] or r["signatories"] for r in old)
    now = {d["iri"] for d in kg.document_versions()}
    assert not any(r["iri"].rsplit("/claim/", 1)[0] in now for r in old)  # superseded since
