"""Parsing in worker processes (``--workers``): the same graph as parsing in-process, and no
parser process outlives the ingest that started it."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import sfkg
from sfkg.errors import SfkgError
from sfkg.nlp import workers

from .conftest import SEEDS, seed_batch

DEV = Path(__file__).resolve().parent / "data" / "dev"
SYSTEM_TIME = re.compile(r"(generatedAtTime|invalidatedAtTime)>")


def parsers_of(pid: int) -> set[int]:
    """The sfkg parser processes whose parent is ``pid``."""
    out = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"sfkg.nlp.workers" in cmd:
            out.add(int(entry.name))
    return out


def alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


def test_workers_give_the_same_graph_as_parsing_in_process(seeds_kg, monkeypatch):
    monkeypatch.setattr(workers, "MIN_DOCS", 1)
    monkeypatch.setattr(workers, "BATCH", 2)  # several batches per worker, answered in order
    kg = sfkg.open("memory:")
    report = kg.ingest([SEEDS], workers=2)
    assert not report.failed and len(report.added) == 5
    a = [line for line in seeds_kg.export("nquads").splitlines() if not SYSTEM_TIME.search(line)]
    b = [line for line in kg.export("nquads").splitlines() if not SYSTEM_TIME.search(line)]
    assert a == b


def test_workers_parse_every_text_in_order():
    texts = [f"Text number {i} was published in Paris on {i + 1} May 2020." for i in range(40)]
    nlp, docs = workers.parse_texts(texts, workers=2, min_docs=1)
    docs = list(docs)
    assert [d.text for d in docs] == texts
    assert all(any(e.label_ == "DATE" for e in d.ents) for d in docs)  # parsed, not just tokenised
    assert not alive(parsers_of(os.getpid()))


def test_workers_stopping_early_stops_the_parsers():
    texts = ["The agencies met in Beijing on 3 June 2021."] * 200
    _, docs = workers.parse_texts(texts, workers=1, min_docs=1)
    next(docs)
    assert alive(parsers_of(os.getpid()))
    docs.close()
    assert not alive(parsers_of(os.getpid()))


def test_workers_a_parser_that_dies_is_a_clean_error():
    texts = ["The agencies met in Beijing on 3 June 2021."] * 400
    _, docs = workers.parse_texts(texts, workers=1, min_docs=1)
    next(docs)
    for pid in parsers_of(os.getpid()):
        os.kill(pid, signal.SIGKILL)
    try:
        list(docs)
    except SfkgError as exc:
        assert "parser process exited unexpectedly" in str(exc)
    else:
        raise AssertionError("the docs of a dead parser cannot all arrive")
    assert not alive(parsers_of(os.getpid()))


def test_workers_a_killed_ingest_leaves_no_parser_behind(tmp_path):
    folder = seed_batch(tmp_path / "batch", 40)
    proc = subprocess.Popen([sys.executable, "-c", "from sfkg.cli import main; main()", "--store",
                             str(tmp_path / "kg"), "ingest", str(folder), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    found: set[int] = set()
    deadline = time.time() + 120
    while time.time() < deadline and len(found) < 2:
        time.sleep(0.2)
        found |= parsers_of(proc.pid)
    assert len(found) == 2, "the ingest should start two parser processes"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 60
    while alive(found) and time.time() < deadline:
        time.sleep(0.2)
    assert not alive(found), "parser processes outlived the ingest"
