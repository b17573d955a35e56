"""A real SPARQL server as the store: Oxigraph's server on a free loopback port, started here and
stopped by its process id. The seeds give the same answers as in the embedded store, row for row."""

import re
import shutil
import socket
import subprocess
import time
from datetime import date

import pytest

import sfkg
from sfkg.errors import SfkgError

from .conftest import SEEDS

SYSTEM_TIME = re.compile(r"(generatedAtTime|invalidatedAtTime)>")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module", params=[False, True], ids=["default-graph", "union-default-graph"])
def server(request, tmp_path_factory):
    binary = shutil.which("oxigraph")
    assert binary, "the oxigraph server (pip package 'oxigraph') is part of the test extra"
    port = _free_port()
    cmd = [binary, "serve", "--location", str(tmp_path_factory.mktemp("ox")), "--bind", f"127.0.0.1:{port}"]
    if request.param:
        cmd.append("--union-default-graph")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    kg = sfkg.open(url)
    report = kg.ingest([SEEDS])
    assert not report.failed and len(report.added) == 5
    yield request.param, kg
    proc.terminate()
    proc.wait(timeout=10)


def test_remote_same_answers_as_embedded(server, seeds_kg):
    _, kg = server
    assert kg.document_rows() == seeds_kg.document_rows()
    assert kg.entity_rows() == seeds_kg.entity_rows()
    assert kg.claim_rows() == seeds_kg.claim_rows()
    for subject, prop, on in [("SVOM", "launch", date(2020, 12, 31)), ("SVOM", "launch", date(2021, 6, 1)),
                              ("CFOSat", "launch", date(2021, 3, 9)), ("Chang'e 6", "sample_return", date(2019, 3, 25)),
                              ("CNSA", "post", date(2021, 3, 9))]:
        assert kg.asof(subject, prop, on) == seeds_kg.asof(subject, prop, on)
    assert kg.conflict_rows(date(2024, 7, 13)) == seeds_kg.conflict_rows(date(2024, 7, 13))
    q = "PREFIX sfkg: <https://w3id.org/sfkg/ontology#> SELECT ?m ?d WHERE { ?m sfkg:launchDate ?d } ORDER BY ?m"
    assert kg.sparql(q, as_of=date(2021, 1, 1)) == seeds_kg.sparql(q, as_of=date(2021, 1, 1))


def test_remote_reingest_is_skipped_and_export_matches(server, seeds_kg):
    union, kg = server
    assert len(kg.ingest([SEEDS]).skipped) == 5
    if not union:  # with a union default graph the server's "default graph" is everything
        a = [x for x in kg.export("nquads").splitlines() if not SYSTEM_TIME.search(x)]
        b = [x for x in seeds_kg.export("nquads").splitlines() if not SYSTEM_TIME.search(x)]
        assert a == b


def test_remote_validate_reads_one_document_at_a_time(server, seeds_kg):
    _, kg = server
    steps = []
    report = kg.validate(progress=lambda i, n, name: steps.append(name))
    assert report.conforms and report.results == seeds_kg.validate().results == []
    assert sorted(steps[:-1]) == sorted(d["iri"] for d in seeds_kg.document_versions())


def test_remote_syntax_error_and_unreachable_server_are_clear(server):
    _, kg = server
    with pytest.raises(SfkgError, match="SPARQL syntax error"):
        kg.sparql("SELEC nothing")
    with pytest.raises(SfkgError, match="cannot reach the SPARQL endpoint"):
        sfkg.open(f"http://127.0.0.1:{_free_port()}")


def test_remote_known_at_restricts_the_named_graphs_on_the_server(server, seeds_kg):
    from datetime import datetime, timezone

    from sfkg.vocab import REFERENCE_GRAPH

    _, kg = server
    now, past = datetime.now(timezone.utc), datetime(2000, 1, 1, tzinfo=timezone.utc)
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert kg.sparql(q, known_at=now) == seeds_kg.sparql(q, known_at=now) == seeds_kg.sparql(q)
    assert {r["g"] for r in kg.sparql(q, known_at=past)[1]} <= {str(REFERENCE_GRAPH)}
    assert {r["g"] for r in kg.sparql(q, known_at=now)[1]} >= {d["iri"] for d in kg.document_versions()}
    files = "PREFIX sfkg: <https://w3id.org/sfkg/ontology#> SELECT ?f WHERE { ?d sfkg:fileName ?f } ORDER BY ?f"
    assert kg.sparql(files, known_at=past) == (["f"], [])
    assert kg.sparql(files, known_at=now) == seeds_kg.sparql(files)
