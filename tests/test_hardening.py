"""Bad input, crashes, concurrent use and untrusted queries (issue: hardening)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sfkg
from sfkg.document import read_document
from sfkg.errors import DocumentError, SfkgError

from .conftest import SEEDS, seed_batch, seed_file

GOOD = "March 9, 2031\n\nAgencies Sign A New Space Accord Today\n\nThe two agencies signed an agreement in Paris on Monday.\n"


def sfkg_cli(*args, **kw):
    return subprocess.run([sys.executable, "-c", "from sfkg.cli import main; main()", *args],
                          capture_output=True, text=True, **kw)


@pytest.fixture()
def messy(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_text("")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (d / "latin1.txt").write_bytes(GOOD.replace("Paris", "Besançon").encode("latin-1"))
    (d / "gbk.txt").write_bytes(("2031年03月09日 星期日\n\nAgencies Sign A New Space Accord Today\n\n"
                                 "The two agencies signed an agreement in Beijing on Monday. "
                                 "双方签署了合作协议。\n").encode("gb18030"))
    (d / "page.html").write_text(
        "<html><head><style>p{}</style><script>var d='1 May 2020';</script></head><body><nav>Menu</nav>"
        "<p>March 9, 2031</p><h1>Agencies Sign A New Space Accord Today</h1>"
        "<p>The two agencies signed an agreement in Paris on Monday.</p></body></html>")
    (d / "furniture.txt").write_text("Check Also\n\nRelated\n\nShare this\n")
    (d / "nodate.txt").write_text("Agencies Sign A New Space Accord\n\nThe two agencies signed an agreement.\n")
    (d / "badside.txt").write_text(GOOD)
    (d / "badside.meta.yaml").write_text("published: not-a-date\n")
    (d / "keys.txt").write_text(GOOD)
    (d / "keys.meta.yaml").write_text("published: 2031-03-09\nauthor: someone\n")
    (d / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (d / "big.txt").write_text(("The agencies met. " * 600_000)[: 10 * 2**20])
    (d / "loop").mkdir()
    os.symlink(d / "loop", d / "loop" / "again")
    os.symlink(d / "self.txt", d / "self.txt")
    (d / "good.txt").write_text(GOOD)
    return d


def test_hardening_bad_inputs_each_one_line_and_the_rest_ingests(messy, tmp_path):
    p = sfkg_cli("--store", str(tmp_path / "kg"), "ingest", str(messy), "--format", "json", timeout=300)
    assert p.returncode == 1
    summary = json.loads(p.stdout)
    errors = [line for line in p.stderr.splitlines() if line.startswith("error:")]
    expected = {"empty.txt": "empty file", "binary.txt": "binary", "furniture.txt": "page furniture",
                "nodate.txt": "no publication date", "badside.meta.yaml": "not a date",
                "keys.meta.yaml": "unknown sidecar key", "big.txt": "MiB", "self.txt": "symlink loop"}
    for name, problem in expected.items():
        assert any(name in e and problem in e for e in errors), (name, errors)
    assert summary["failed"] == len(expected) == len(errors)
    assert summary["documents"] == 4  # latin1, gbk, page.html, good
    docs = {d["document"] for d in sfkg.open(str(tmp_path / "kg"), read_only=True).document_rows()}
    assert docs == {"latin1.txt", "gbk.txt", "page.html", "good.txt"}


def test_hardening_sigkill_leaves_whole_documents_and_rerun_completes(tmp_path):
    folder = seed_batch(tmp_path / "batch", 24)
    store = tmp_path / "kg"
    proc = subprocess.Popen([sys.executable, "-c", "from sfkg.cli import main; main()", "--store",
                             str(store), "ingest", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    loaded = 0
    deadline = time.time() + 240
    while time.time() < deadline and loaded < 3:
        time.sleep(0.3)
        if (store / "CURRENT").exists():
            try:
                loaded = len(sfkg.open(str(store), read_only=True).documents())
            except SfkgError:
                loaded = 0
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 3 <= loaded < 24, "the kill should land in the middle of the batch"
    kg = sfkg.open(str(store))
    docs = kg.document_versions()
    graphs = {g for g in kg.store.named_graphs() if "/doc/" in g}
    assert graphs == {d["iri"] for d in docs}  # no graph without its metadata, and none half-made
    assert all(d["claims"] > 0 for d in docs)
    assert kg.validate().conforms
    report = kg.ingest([folder])
    assert len(report.skipped) == len(docs) and len(report.added) == 24 - len(docs)
    assert len(kg.documents()) == 24


def test_hardening_second_writer_is_refused_and_readers_keep_working(tmp_path):
    store = tmp_path / "kg"
    first = sfkg.open(str(store))
    first.ingest([SEEDS / seed_file("002")])
    p = sfkg_cli("--store", str(store), "ingest", str(SEEDS / seed_file("003")))
    assert p.returncode == 1 and "store is in use" in p.stderr
    reader = sfkg_cli("--store", str(store), "documents", "--format", "json")
    assert reader.returncode == 0 and len(json.loads(reader.stdout)) == 1
    first.close()


def test_hardening_reader_process_while_a_writer_process_ingests(tmp_path):
    store = tmp_path / "kg"
    sfkg.open(str(store)).close()
    writer = subprocess.Popen([sys.executable, "-c", "from sfkg.cli import main; main()", "--store",
                               str(store), "ingest", str(SEEDS)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen = []
    while writer.poll() is None:
        p = sfkg_cli("--store", str(store), "documents", "--format", "json")
        assert p.returncode == 0, p.stderr
        seen.append(len(json.loads(p.stdout)))
    assert writer.returncode == 0, writer.stderr.read()
    assert seen and seen == sorted(seen)  # readers saw whole documents arriving, never an error
    assert len(sfkg.open(str(store), read_only=True).documents()) == 5


def test_hardening_reading_a_store_that_does_not_exist(tmp_path):
    p = sfkg_cli("--store", str(tmp_path / "none"), "documents")
    assert p.returncode == 1 and "run 'sfkg ingest' first" in p.stderr


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("q") / "kg"
    kg = sfkg.open(str(store))
    kg.ingest([SEEDS])
    kg.close()
    return str(store)


@pytest.mark.parametrize("query,fragment", [
    ("PREFIX x: <http://x/> INSERT DATA { x:a x:b 'c' }", "read-only"),
    ("DELETE WHERE { ?s ?p ?o }", "read-only"),
    ("DROP ALL", "read-only"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "--allow-service"),
    ("SELECT ?s WHERE { ?s ?p }", "SPARQL syntax error: error at 1:"),
])
def test_hardening_untrusted_queries_are_refused_in_one_line(seeds_store, query, fragment):
    p = sfkg_cli("--store", seeds_store, "sparql", query)
    assert p.returncode == 1
    assert len(p.stderr.strip().splitlines()) == 1 and fragment in p.stderr


def test_hardening_a_string_that_looks_like_an_update_is_fine(seeds_store):
    p = sfkg_cli("--store", seeds_store, "sparql", "SELECT ?x WHERE { BIND('DELETE SERVICE' AS ?x) }",
                 "--format", "json")
    assert p.returncode == 0 and json.loads(p.stdout) == [{"x": "DELETE SERVICE"}]


def test_hardening_query_timeout(seeds_store):
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } "
            "GRAPH ?g3 { ?x ?y ?z } GRAPH ?g4 { ?k ?l ?m } }")
    started = time.time()
    p = sfkg_cli("--store", seeds_store, "sparql", slow, "--timeout", "1")
    assert p.returncode == 1 and "time limit" in p.stderr
    assert time.time() - started < 30


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000), st.sampled_from([".txt", ".html"]))
def test_hardening_reader_returns_a_document_or_a_clean_error(tmp_path, data, suffix):
    path = Path(tmp_path) / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        d = read_document(path)
    except DocumentError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
    else:
        assert len(d.body) == len(d.text) and d.sha256
