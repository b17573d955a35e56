"""Extraction on a real Dask LocalCluster (two worker processes) and loading of the bundles: the
store they give equals a plain ingest's (claim rows, and every document graph isomorphic), a
worker killed mid-task loses and duplicates nothing, re-runs skip what is done, a load killed
mid-way and run again completes the store, and an endpoint is loaded through the Graph Store
Protocol. The cluster, the plain ingests and the extractions are shared by the whole module."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

import sfkg
from sfkg import batch
from sfkg.cli import app
from sfkg.vocab import REFERENCE_GRAPH

from .conftest import ROOT, SEEDS

distributed = pytest.importorskip("distributed")
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402  (benchmarks/corpus.py: the synthetic press releases)

N_SYNTHETIC = 300
runner = CliRunner()


def kill_once(files, out, model=None, published=None, marker=None):
    """A map task that, the first time any worker runs a batch of two or more files, writes the
    first file's bundle and then kills its own worker process: Dask must run the batch again."""
    if len(files) > 1:
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            pass
        else:
            batch.extract_files(files[:1], out, model, published)
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
            os._exit(1)
    return batch.extract_files(files, out, model, published)


@pytest.fixture(scope="module")
def cluster():
    import cloudpickle
    from distributed import LocalCluster

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers need not import tests
    c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    yield c.scheduler_address
    c.close()


def documents(kg) -> dict[str, str]:
    """Every document graph of a store, by IRI, as N-Triples."""
    return {g: kg.store.graph_ntriples(g) for g in kg.store.named_graphs() if g != str(REFERENCE_GRAPH)}


def same_graph(a: str, b: str) -> bool:
    """Isomorphic: the same lines when there is no blank node, else rdflib's comparison."""
    if "_:" not in a and "_:" not in b:
        return sorted(a.splitlines()) == sorted(b.splitlines())
    return isomorphic(Graph().parse(data=a, format="nt"), Graph().parse(data=b, format="nt"))


def assert_same_store(kg, plain):
    assert kg.claim_rows() == plain.claim_rows()
    assert kg.document_rows() == plain.document_rows()
    versions = kg.document_versions()
    assert len({v["iri"] for v in versions}) == len(versions) == len(plain.document_versions())
    mine, theirs = documents(kg), documents(plain)
    assert sorted(mine) == sorted(theirs)
    for iri, g in theirs.items():
        assert same_graph(mine[iri], g), iri


# ---------------------------------------------------------------- the seeds, with a worker killed


@pytest.fixture(scope="module")
def seed_bundles(cluster, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("seeds")
    marker = tmp / "killed"
    from sfkg.distributed import extract

    report = extract([SEEDS], tmp / "bundles", scheduler=cluster, batch_size=3,
                     task=partial(kill_once, marker=str(marker)))
    return tmp / "bundles", report, marker


def test_seeds_on_dask_with_a_worker_killed_equal_a_plain_ingest(seed_bundles, seeds_kg):
    folder, report, marker = seed_bundles
    assert marker.exists(), "no task killed its worker"
    assert not report.failed and len(report.written) + len(report.done) == 5
    assert len(report.done) == 1  # the bundle the killed task wrote was kept, not redone
    assert len(list(folder.glob("*.nq"))) == 5 and not list(folder.glob(".*"))  # no partial file left
    kg = sfkg.open("memory:")
    r = kg.load(folder)
    assert len(r.added) == 5 and not r.failed and not r.skipped
    assert_same_store(kg, seeds_kg)


def test_bundles_are_deterministic(seed_bundles, tmp_path):
    """The same files extracted in this process give byte-identical bundles."""
    folder, _, _ = seed_bundles
    report = sfkg.extract_bundles([SEEDS], tmp_path, workers=1)
    assert len(report.written) == 5
    for p in folder.glob("*.nq"):
        assert (tmp_path / p.name).read_bytes() == p.read_bytes()


def test_endpoint_is_loaded_through_the_graph_store_protocol(seed_bundles, seeds_kg, tmp_path,
                                                             monkeypatch):
    folder, _, _ = seed_bundles
    binary = shutil.which("oxigraph")
    assert binary, "the oxigraph server (pip package 'oxigraph') is part of the test extra"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "ox"), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        kg = sfkg.open(f"http://127.0.0.1:{port}")
        puts = []
        real = kg.store._gsp_put
        monkeypatch.setattr(kg.store, "_gsp_put", lambda g, nt: puts.append(g) or real(g, nt))
        r = kg.load(folder)
        assert len(r.added) == 5 and not r.failed
        assert len(puts) == 5 and kg.store._gsp is True
        assert_same_store(kg, seeds_kg)
        assert len(kg.load(folder).skipped) == 5
        # a server without the Graph Store Protocol there: SPARQL Update instead
        monkeypatch.setenv("SFKG_SPARQL_STORE", f"http://127.0.0.1:{port}/no-such-service")
        kg2 = sfkg.open(f"http://127.0.0.1:{port}")
        kg2.store._update("DROP ALL")  # the same server, empty again
        r = kg2.load(folder)
        assert len(r.added) == 5 and kg2.store._gsp is False
        monkeypatch.delenv("SFKG_SPARQL_STORE")
        assert_same_store(sfkg.open(f"http://127.0.0.1:{port}"), seeds_kg)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_load_names_a_corrupt_bundle(seed_bundles, tmp_path):
    folder, _, _ = seed_bundles
    bad = tmp_path / "bundles"
    shutil.copytree(folder, bad)
    victim = sorted(bad.glob("*.nq"))[0]
    victim.write_text(victim.read_text(encoding="utf-8")[:-200], encoding="utf-8")  # cut short
    (bad / "junk.nq").write_text("<a> <b> <c> .\n", encoding="utf-8")
    result = runner.invoke(app, ["--store", str(tmp_path / "kg"), "load", str(bad), "--format", "json"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert any(victim.name in e and "cut short" in e for e in errors), result.stderr
    assert any("junk.nq" in e and "not an sfkg bundle" in e for e in errors), result.stderr
    assert '"documents": 4' in result.stdout  # the other bundles are stored


def test_unreachable_scheduler_is_one_line_and_exit_1(tmp_path, monkeypatch, capsys):
    from sfkg.cli import main

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once closed
    monkeypatch.setattr(sys, "argv", ["sfkg", "extract", str(SEEDS), "--out", str(tmp_path / "b"),
                                      "--scheduler", f"tcp://127.0.0.1:{port}"])
    with pytest.raises(SystemExit) as exit_:
        main()  # the command line's entry point, in this process (as a process costs ~10 s more)
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0] and "Dask scheduler" in lines[0], err


# ---------------------------------------------------------------- 300 synthetic documents


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic") / "corpus"
    corpus.build(N_SYNTHETIC, seed=11, out=folder, words=(40, 80))
    return folder


@pytest.fixture(scope="module")
def synthetic_plain(synthetic):
    kg = sfkg.open("memory:")
    report = kg.ingest([synthetic])
    assert len(report.added) == N_SYNTHETIC and not report.failed, report.failed[:3]
    return kg


@pytest.fixture(scope="module")
def synthetic_bundles(synthetic, cluster, tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic-bundles")
    seen = []
    report = sfkg.extract_bundles([synthetic], out, scheduler=cluster, batch_size=20,
                          progress=lambda i, n, name: seen.append((i, n)))
    assert seen[-1] == (N_SYNTHETIC, N_SYNTHETIC)
    return out, report


def test_synthetic_on_dask_equal_a_plain_ingest_and_reruns_skip(synthetic, synthetic_bundles,
                                                                synthetic_plain, cluster):
    folder, report = synthetic_bundles
    assert len(report.written) == N_SYNTHETIC and not report.failed
    kg = sfkg.open("memory:")
    r = kg.load(folder)
    assert len(r.added) == N_SYNTHETIC and not r.failed
    assert_same_store(kg, synthetic_plain)
    again = sfkg.extract_bundles([synthetic], folder, scheduler=cluster, batch_size=20)
    assert not again.written and len(again.done) == N_SYNTHETIC
    r = kg.load(folder)
    assert not r.added and len(r.skipped) == N_SYNTHETIC


KILLER = """
import os, signal, sys
from sfkg.store import OxigraphStore
import sfkg
real, calls = OxigraphStore.add_quads, []
def add_quads(self, nquads):  # the metadata that makes a document exist, after its graph
    calls.append(1)
    if len(calls) == int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)  # killed between a graph and its metadata
    real(self, nquads)
OxigraphStore.add_quads = add_quads
sfkg.open(sys.argv[1]).load(sys.argv[2])
"""


def test_load_killed_midway_then_rerun_gives_the_complete_store(synthetic_bundles, synthetic_plain,
                                                               tmp_path):
    folder, _ = synthetic_bundles
    store = tmp_path / "kg"
    killed = subprocess.run([sys.executable, "-c", KILLER, str(store), str(folder), "140"],
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert killed.returncode == -9, killed.stderr[-2000:]
    kg = sfkg.open(str(store))
    stored = len(kg.document_versions())
    assert stored < N_SYNTHETIC
    r = kg.load(folder)
    assert len(r.added) == N_SYNTHETIC - stored and len(r.skipped) == stored and not r.failed
    assert_same_store(kg, synthetic_plain)
    kg.close()


def test_ingest_with_scheduler_extracts_then_loads(cluster, seeds_kg, tmp_path):
    store = tmp_path / "kg"
    result = runner.invoke(app, ["--store", str(store), "ingest", str(SEEDS), "--scheduler", cluster,
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"documents": 5' in result.stdout
    assert len(list((tmp_path / "kg.bundles").glob("*.nq"))) == 5  # beside the store
    kg = sfkg.open(str(store))
    assert kg.claim_rows() == seeds_kg.claim_rows()
    kg.close()
    result = runner.invoke(app, ["--store", str(store), "ingest", str(SEEDS), "--scheduler", cluster,
                                 "--format", "json"])
    assert result.exit_code == 0 and '"skipped_unchanged": 5' in result.stdout, result.output
