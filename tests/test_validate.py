"""SHACL on ingest: a broken claim is rejected with a readable message and nothing is stored."""

from datetime import date
from pathlib import Path

from sfkg import rdf
from sfkg.document import Document
from sfkg.ingest import store_extraction, validation_graph
from sfkg.model import Claim, Entity, Extraction
from sfkg.store import open_store
from sfkg.temporal import parse_time
from sfkg.validate import validate_graph

MISSION = "https://w3id.org/sfkg/id/mission/example-sat"


def extraction(claim: Claim) -> Extraction:
    doc = Document(path=Path("x.txt"), name="x.txt", text="The Example-Sat was launched.",
                   sha256="a" * 64, title="t", published=date(2030, 1, 10), published_basis="given")
    ents = {MISSION: Entity(MISSION, "Mission", "Example-Sat", {"Example-Sat"})}
    return Extraction(doc, ents, [claim], "model", "sfkg-test")


def launch(edtf: str, status: str) -> Claim:
    return Claim("launch", subject=MISSION, time=parse_time(edtf), status=status,
                 evidence="The Example-Sat was launched.", char_start=0, char_end=29)


def test_validate_a_sound_claim_conforms():
    g, meta = rdf.document_quads(extraction(launch("2029-12-01", "actual")))
    assert validate_graph(validation_graph(g, meta)).conforms


def test_validate_rejects_an_actual_event_after_its_report():
    g, meta = rdf.document_quads(extraction(launch("2030-02-01", "actual")))
    for sparql in (False, True):
        report = validate_graph(validation_graph(g, meta), sparql=sparql)
        assert not report.conforms
        assert any("cannot be dated after the report" in line for line in report.lines())


def test_validate_rejects_a_launch_without_status():
    claim = launch("2029-12-01", "actual")
    claim.status = None
    g, meta = rdf.document_quads(extraction(claim))
    report = validate_graph(validation_graph(g, meta))
    assert any("names its mission and has a status" in r["message"] for r in report.results)


def test_validate_accepts_an_undated_planned_launch():
    # "about to leave for the Moon": a planned launch the text does not date is a claim
    claim = launch("2029-12-01", "planned")
    claim.time = None
    g, meta = rdf.document_quads(extraction(claim))
    assert validate_graph(validation_graph(g, meta)).conforms


def test_validate_rejected_document_is_not_stored():
    store = open_store("memory:")
    problem, _ = store_extraction(store, extraction(launch("2030-02-01", "actual")))
    assert problem.startswith("SHACL: ") and "after the report" in problem
    assert len(store) == 0
    problem, _ = store_extraction(store, extraction(launch("2029-12-01", "actual")))
    assert problem is None and len(store) > 0


def _broken(mutate) -> list[str]:
    """Lines of both validations of a mutated sound graph: SHACL core (ingest) and the
    SPARQL-based constraints (sfkg validate)."""
    from rdflib import URIRef

    from sfkg.vocab import SFKG

    lines = []
    for sparql in (False, True):
        g, meta = rdf.document_quads(extraction(launch("2029-12-01", "actual")))
        claim = next(g.subjects(SFKG.property, SFKG.launch))
        mutate(g, meta, claim, URIRef)
        report = validate_graph(validation_graph(g, meta), sparql=sparql)
        assert not report.conforms
        lines += report.lines()
    return lines


def test_validate_rejects_an_interval_that_ends_before_it_starts():
    from rdflib import XSD, Literal

    from sfkg.vocab import SFKG

    def mutate(g, meta, claim, URIRef):
        g.set((claim, SFKG.earliest, Literal("2029-12-31", datatype=XSD.date)))
        g.set((claim, SFKG.latest, Literal("2029-01-01", datatype=XSD.date)))
    lines = _broken(mutate)
    assert any("start is not after its end" in line for line in lines)  # core, on ingest
    assert any("start is after its end" in line for line in lines)  # SPARQL-based


def test_validate_rejects_a_claim_whose_source_has_no_date():
    from rdflib.namespace import DCTERMS

    def mutate(g, meta, claim, URIRef):
        meta.remove((None, DCTERMS.issued, None))
    lines = _broken(mutate)
    assert any("source with a publication date" in line for line in lines)


def _no_status(g, meta, claim, URIRef):
    from sfkg.vocab import SFKG

    g.remove((claim, SFKG.status, None))


def _after_report(g, meta, claim, URIRef):
    from rdflib import XSD, Literal

    from sfkg.vocab import SFKG

    g.set((claim, SFKG.earliest, Literal("2031-01-01", datatype=XSD.date)))
    g.set((claim, SFKG.latest, Literal("2031-01-31", datatype=XSD.date)))


def _reversed(g, meta, claim, URIRef):
    from rdflib import XSD, Literal

    from sfkg.vocab import SFKG

    g.set((claim, SFKG.earliest, Literal("2029-12-31", datatype=XSD.date)))
    g.set((claim, SFKG.latest, Literal("2029-01-01", datatype=XSD.date)))


def _undated_source(g, meta, claim, URIRef):
    from rdflib.namespace import DCTERMS

    meta.remove((None, DCTERMS.issued, None))


def test_validate_sparql_constraints_once_per_graph_agree_with_pyshacl():
    """check_sparql (each constraint evaluated once, targets joined) finds exactly what pySHACL
    finds with $this bound to each focus node, on every failing example and a sound graph."""
    from sfkg.validate import check_sparql, sparql_constraints

    messages = {m for _, m, _ in sparql_constraints()}
    for mutate in (None, _no_status, _after_report, _reversed, _undated_source):
        g, meta = rdf.document_quads(extraction(launch("2029-12-01", "actual")))
        if mutate:
            from rdflib import URIRef

            from sfkg.vocab import SFKG

            mutate(g, meta, next(g.subjects(SFKG.property, SFKG.launch)), URIRef)
        data = validation_graph(g, meta)
        by_pyshacl = {(r["focus"], r["message"]) for r in validate_graph(data, sparql=True).results
                      if r["message"] in messages}
        by_once = {(r["focus"], r["message"]) for r in check_sparql(data)}
        assert by_once == by_pyshacl
        assert bool(by_once) == (mutate is not None), mutate


def test_validate_store_finds_a_broken_document_that_bypassed_ingest(tmp_path):
    import sfkg

    kg = sfkg.open(str(tmp_path / "kg"))
    assert kg.validate().conforms  # empty
    good = extraction(launch("2029-12-01", "actual"))
    assert store_extraction(kg.store, good)[0] is None
    assert kg.validate().conforms
    bad = extraction(launch("2030-02-01", "actual"))  # an actual launch after its report
    bad.document.name, bad.document.sha256 = "bad.txt", "b" * 64
    g, meta = rdf.document_quads(bad)
    kg.store.add_quads(rdf.to_nquads(g, g.identifier) + rdf.to_nquads(meta, None))  # no SHACL
    steps = []
    report = kg.validate(progress=lambda i, n, name: steps.append((i, n)))
    assert not report.conforms
    assert steps[-1] == (3, 3)  # two documents, then the metadata and reference entities
    bad_claim = f"{g.identifier}/claim/001"
    found = {(r["focus"], r["message"]) for r in report.results}
    assert (bad_claim, "an actual event cannot be dated after the report that states it") in found
    assert {f for f, _ in found} == {bad_claim}  # the good document is not blamed
