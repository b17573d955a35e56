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


# ---------------------------------------------------------------- the API's argument traps

TINY = ("Paris, 3 March 2021\n\nSVOM Launch Date Set By The Agencies\n\n"
        "CNES said on Wednesday that the SVOM satellite will launch in June 2022.\n")


def test_hardening_a_string_is_one_path(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text(TINY)
    monkeypatch.chdir(tmp_path)
    kg = sfkg.open("memory:")
    report = kg.ingest("in")  # not the paths "i" and "n"
    assert report.added == ["r.txt"] and report.failed == []
    assert kg.ingest(tmp_path / "in").skipped == ["r.txt"]  # a Path too
    for bad in (5, None, b"in", {"in": 1}, [5]):
        with pytest.raises(TypeError, match="paths"):
            kg.ingest(bad)


@pytest.mark.parametrize("call,error,fragment", [
    (lambda kg: kg.asof("SVOM", "launch", on=20201231), SfkgError, "is not a date"),
    (lambda kg: kg.asof("SVOM", "launch", on="31/12/2020"), SfkgError, "is not a date"),
    (lambda kg: kg.asof("SVOM", "launch", on="2020-12-31", known_at="yesterday"), SfkgError, "not a date-time"),
    (lambda kg: kg.asof(5, "launch", on="2020-12-31"), TypeError, "subject"),
    (lambda kg: kg.asof("SVOM", 5, on="2020-12-31"), TypeError, "property"),
    (lambda kg: kg.claims(as_of=3), SfkgError, "is not a date"),
    (lambda kg: kg.claims(document=3), TypeError, "document"),
    (lambda kg: kg.conflicts(on="soon"), SfkgError, "is not a date"),
    (lambda kg: kg.history("SVOM", "launch", known_at=7), SfkgError, "not a date-time"),
    (lambda kg: kg.documents(known_at="2020-13-40"), SfkgError, "not a date-time"),
    (lambda kg: kg.entities(known_at=[1]), SfkgError, "not a date-time"),
    (lambda kg: kg.sparql(b"ASK {}"), TypeError, "query"),
    (lambda kg: kg.sparql("ASK {}", as_of=1), SfkgError, "is not a date"),
    (lambda kg: kg.sparql("ASK {}", timeout="10"), TypeError, "timeout"),
    (lambda kg: kg.export(fmt=3), TypeError, "fmt"),
    (lambda kg: kg.export(as_of="x"), SfkgError, "is not a date"),
    (lambda kg: kg.retract(3), TypeError, "document"),
    (lambda kg: kg.ingest([], workers="2"), TypeError, "workers"),
    (lambda kg: kg.ingest([], published="March"), SfkgError, "is not a date"),
    (lambda kg: kg.validate(progress=1), TypeError, "progress"),
    (lambda kg: kg.resolve(None), TypeError, "subject"),
])
def test_hardening_every_api_method_checks_its_arguments(seeds_kg, call, error, fragment):
    with pytest.raises(error, match=fragment):
        call(seeds_kg)


def test_hardening_dates_may_be_strings_or_dates(seeds_kg):
    from datetime import date, datetime

    a = seeds_kg.asof("SVOM", "launch", "2020-12-31").value
    assert a == seeds_kg.asof("SVOM", "launch", date(2020, 12, 31)).value
    assert a == seeds_kg.asof("SVOM", "launch", datetime(2020, 12, 31, 12)).value == "2022-06"
    assert len(seeds_kg.documents(known_at="2999-01-01")) == 5


# ---------------------------------------------------------------- sidecars, encodings, links


def _sidecar_error(tmp_path, yaml_text: str) -> str:
    (tmp_path / "r.txt").write_text(TINY)
    (tmp_path / "r.meta.yaml").write_text(yaml_text)
    with pytest.raises(DocumentError) as info:
        read_document(tmp_path / "r.txt")
    assert "\n" not in str(info.value)
    return str(info.value)


def test_hardening_yaml_alias_bomb_is_refused_at_once(tmp_path):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i, c in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb += f"{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    bomb = "title:\n  " + bomb.replace("\n", "\n  ").rstrip() + "\n"  # nested under title
    started = time.time()
    assert "anchors or aliases" in _sidecar_error(tmp_path, bomb)
    assert time.time() - started < 5


@pytest.mark.parametrize("yaml_text,fragment", [
    ("title: [a, b]\n", "plain value"),
    ("title: {x: 1}\n", "plain value"),
    ("title: " + "x" * 3000 + "\n", "over the 2,000"),
    ("title: x\n" + "# " + "y" * 70_000 + "\n", "over 64 KiB"),
])
def test_hardening_sidecar_values_are_bounded_plain_scalars(tmp_path, yaml_text, fragment):
    assert fragment in _sidecar_error(tmp_path, yaml_text)


def test_hardening_utf16_with_bom_is_decoded(tmp_path):
    for codec in ("utf-16", "utf-16-be", "utf-32"):
        path = tmp_path / f"{codec}.txt"
        bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-32": b""}[codec]
        path.write_bytes(bom + TINY.replace("Paris", "Besançon").encode(codec))
        d = read_document(path)
        assert "Besançon" in d.text and d.published.isoformat() == "2021-03-03"


def test_hardening_symlink_loop_is_named(tmp_path):
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    with pytest.raises(DocumentError, match="symlink loop"):
        read_document(tmp_path / "a.txt")
    p = sfkg_cli("--store", "memory:", "ingest", str(tmp_path / "a.txt"))
    assert p.returncode == 1 and "symlink loop" in p.stderr and "no such file" not in p.stderr


def test_hardening_future_sidecar_date_warns(tmp_path):
    (tmp_path / "r.txt").write_text(TINY)
    (tmp_path / "r.meta.yaml").write_text("published: 2999-01-01\n")
    report = sfkg.open("memory:").ingest(tmp_path)
    assert report.added == ["r.txt"]
    assert [m for f, m in report.warnings if f.endswith("r.txt") and "in the future" in m]


def test_hardening_control_characters_are_escaped_in_tables(tmp_path):
    (tmp_path / "r.txt").write_text(TINY)
    (tmp_path / "r.meta.yaml").write_text(
        'title: "\\e]0;owned\\a\\e[2J[bold]Title[/bold] \\e[31mred"\n')
    store = str(tmp_path / "kg")
    assert sfkg_cli("--store", store, "ingest", str(tmp_path)).returncode == 0
    p = sfkg_cli("--store", store, "documents")
    assert p.returncode == 0 and "\x1b" not in p.stdout and "\x07" not in p.stdout
    assert "\\x1b[2J" in p.stdout and "[bold]Title" in p.stdout  # shown, escaped, not obeyed
    raw = json.loads(sfkg_cli("--store", store, "documents", "--format", "json").stdout)
    assert "\x1b[2J" in raw[0]["title"]  # the data itself is kept as given


# ---------------------------------------------------------------- operating-system errors


def test_hardening_os_errors_are_one_line_and_leave_nothing(seeds_store, tmp_path):
    afile = tmp_path / "file"
    afile.write_text("x")
    (tmp_path / "folder").mkdir()
    cases = [
        (["--store", str(afile / "kg"), "ingest", str(afile)], "cannot create the folder"),
        (["--store", str(afile), "documents"], "not a folder"),
        (["--store", seeds_store, "export", "-o", str(tmp_path / "missing" / "x.trig")], "does not exist"),
        (["--store", seeds_store, "export", "-o", str(tmp_path / "folder")], "is a folder"),
        (["--store", seeds_store, "history", "SVOM", "launch", "--plot",
          str(tmp_path / "missing" / "x.png")], "does not exist"),
    ]
    for args, fragment in cases:
        p = sfkg_cli(*args)
        lines = p.stderr.strip().splitlines()
        assert p.returncode == 1 and len(lines) == 1 and fragment in lines[0], (args, p.stderr)
    assert sorted(x.name for x in tmp_path.rglob("*")) == ["file", "folder"]  # no .part, no store


# ---------------------------------------------------------------- endpoints that are not SPARQL


@pytest.fixture()
def html_server():
    import http.server
    import threading

    class Page(http.server.BaseHTTPRequestHandler):
        def _page(self):
            body = b"<html><body>Welcome to the router</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _page

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_hardening_an_html_endpoint_is_not_a_sparql_endpoint(html_server):
    p = sfkg_cli("--store", html_server, "documents")
    lines = p.stderr.strip().splitlines()
    assert p.returncode == 1 and len(lines) == 1 and "not a SPARQL endpoint" in lines[0]


def test_hardening_a_failing_service_call_is_one_line(seeds_store):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    p = sfkg_cli("--store", seeds_store, "sparql", q, "--allow-service")
    lines = p.stderr.strip().splitlines()
    assert p.returncode == 1 and len(lines) == 1, p.stderr
    assert lines[0].startswith(f"error: SERVICE <http://127.0.0.1:{port}/sparql> failed: ")
