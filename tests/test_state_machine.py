"""The store's invariants under random use: a hypothesis state machine edits, restores, renames,
copies, retracts, re-ingests and kills ingests of a few tiny press releases, on the embedded
store and on a real ``oxigraph serve``, and after every step compares the store with a plain
replay of the history:

- every document graph has exactly one ``prov:generatedAtTime`` and its metadata;
- each identity has at most one valid version, and the valid versions are exactly the replay's;
- ``sfkg validate`` conforms;
- every as-of answer cites only valid versions published by its date (and gives the latest).

Speed: the texts are three sentences, the model is loaded once, and SHACL results are memoised
on graph content (system-time values aside: their number is kept), so a step costs tens of
milliseconds (dateparser's reading of the header lines is memoised too); validation runs again
only when the store changed. (Killing a real process on a
store on disk is tests/test_hardening.py's SIGKILL test.)
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, \
    run_state_machine_as_test
from rdflib import Literal
from rdflib.namespace import PROV

import sfkg
import sfkg.document
import sfkg.ingest
import sfkg.views
from sfkg.errors import SfkgError
from sfkg.ingest import IngestInterrupted

# Three releases on one launch: (text, publication date, the launch time it reports).
TEXTS = [
    ("Paris, 3 March 2021\n\nSVOM Launch Date Set By The Agencies\n\n"
     "CNES said on Wednesday that the SVOM satellite will launch in June 2022.\n",
     date(2021, 3, 3), "2022-06"),
    ("Beijing, 9 September 2021\n\nNew Launch Date For SVOM Announced\n\n"
     "CNSA said on Thursday that the SVOM satellite is now scheduled to launch in 2023.\n",
     date(2021, 9, 9), "2023"),
    ("Toulouse, 24 June 2024\n\nSVOM Satellite Launched From Xichang\n\n"
     "The SVOM satellite was launched on June 22, 2024, CNES said.\n",
     date(2024, 6, 24), "2024-06-22"),
]
FOLDERS = ("a", "b")
NAMES = ("x.txt", "y.txt")
PATHS = [f"{f}/{n}" for f in FOLDERS for n in NAMES]
ON = (date(2021, 6, 1), date(2022, 1, 1), date(2024, 12, 31))
SVOM = "https://w3id.org/sfkg/id/mission/svom"  # a reference entity: known before any document
SEQUENCES = int(os.environ.get("SFKG_STATE_SEQUENCES", "60"))  # per store (more: set the variable)
STEPS = 5
SYSTEM = (str(PROV.generatedAtTime), str(PROV.invalidatedAtTime))
BASE = Path(tempfile.mkdtemp(prefix="sfkg-state-"))


def _sha(i: int) -> str:
    return hashlib.sha256(TEXTS[i][0].encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- memoised SHACL


def _key(graph) -> frozenset:
    """A graph's content with the values of its system-time triples blanked (their number kept,
    so two stamps on one document still differ from one)."""
    out = set()
    n = 0
    for s, p, o in graph:
        if str(p) in SYSTEM:
            n += 1
            o = Literal(f"time-{n}")
        out.add((s, p, o))
    return frozenset(out)


@pytest.fixture(scope="module")
def memo_shacl():
    mp = pytest.MonkeyPatch()
    for module, name in ((sfkg.views, "validate_graph"), (sfkg.views, "check_sparql"),
                         (sfkg.ingest, "validate_graph")):
        original = getattr(module, name)
        cache: dict = {}

        def memo(graph, _original=original, _cache=cache):
            k = _key(graph)
            if k not in _cache:
                _cache[k] = _original(graph)
            return _cache[k]

        mp.setattr(module, name, memo)
    # the header's date lines are parsed by dateparser: the same few lines every time
    mp.setattr(sfkg.document, "parse_time", functools.lru_cache(maxsize=None)(sfkg.document.parse_time))
    gc.collect()
    gc.freeze()  # what is loaded by now (the model, other tests' graphs) is not rescanned by every collection
    yield
    gc.unfreeze()
    mp.undo()


# ---------------------------------------------------------------- the stores


class KillingStore:
    """A store that raises KeyboardInterrupt before its ``n``-th write: Ctrl-C, or a kill,
    between two documents of a batch."""

    def __init__(self, store, n: int):
        self._store, self._left = store, n

    def add_quads(self, nquads: str) -> None:
        self._left -= 1
        if self._left <= 0:
            raise KeyboardInterrupt
        self._store.add_quads(nquads)

    def __getattr__(self, name):
        return getattr(self._store, name)

    def __len__(self):
        return len(self._store)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    binary = shutil.which("oxigraph")
    assert binary, "the oxigraph server (pip package 'oxigraph') is part of the test extra"
    port = _free_port()
    proc = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}"],  # in memory
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            import time

            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


# ---------------------------------------------------------------- the machine


class Archive(RuleBasedStateMachine):
    """Files in two folders, a store, and the replay model: ``valid`` maps an identity (the
    file's absolute path) to the text index of its valid version; ``seen`` holds the identities
    with any version (a seen identity without a valid version was retracted)."""

    location: str = "memory:"  # the embedded store, or the URL of a SPARQL server

    def __init__(self):
        super().__init__()
        # the same folder for every sequence: the same paths give the same IRIs, so memoised
        # SHACL results carry over from one sequence to the next
        self.root = BASE / "archive"
        shutil.rmtree(self.root, ignore_errors=True)
        self.files = self.root / "files"
        for f in FOLDERS:
            (self.files / f).mkdir(parents=True)
        self.disk: dict[str, int] = {}  # relative path -> text index
        self.written: dict[str, list[int]] = {}  # relative path -> texts written, in order
        self.valid: dict[str, int] = {}
        self.seen: set[str] = set()
        self.kg = self._open(fresh=True)
        self.last: dict[str, tuple] = {}

    def _open(self, fresh: bool = False):
        if self.location == "memory:":  # a fresh embedded Oxigraph store for each sequence
            return self.kg if not fresh else sfkg.open("memory:")
        kg = sfkg.open(self.location)
        if fresh:
            kg.store._update("DROP ALL")
        return kg

    def teardown(self):  # a memory store or a server: nothing to release but the files
        shutil.rmtree(self.root, ignore_errors=True)

    def _id(self, rel: str) -> str:
        return (self.files / rel).absolute().as_posix()

    def _write(self, rel: str, i: int) -> None:
        (self.files / rel).write_text(TEXTS[i][0], encoding="utf-8")
        self.disk[rel] = i
        self.written.setdefault(rel, []).append(i)

    # ------------------------------------------------------------ the replay

    def _pending(self, rels: list[str], readmit: bool) -> list[tuple[str, int]]:
        out = []
        for rel in sorted(rels):
            ident, i = self._id(rel), self.disk[rel]
            if ident in self.seen and ident not in self.valid and not readmit:
                continue  # retracted
            if self.valid.get(ident) == i:
                continue  # unchanged
            out.append((ident, i))
        return out

    def _apply(self, pending) -> None:
        for ident, i in pending:
            self.valid[ident] = i
            self.seen.add(ident)

    # ------------------------------------------------------------ rules

    @initialize(rel=st.sampled_from(PATHS), i=st.integers(0, 2))
    def first_file(self, rel, i):
        self._write(rel, i)
        self.ingest(False)

    @rule(rel=st.sampled_from(PATHS), i=st.integers(0, 2), then_ingest=st.booleans())
    def edit(self, rel, i, then_ingest):
        """Write a file (new, or changed), and often ingest at once: a step is then a whole
        user action, so that short sequences still reach restores and re-ingests."""
        self._write(rel, i)
        if then_ingest:
            self.ingest(False)

    @rule(data=st.data(), then_ingest=st.booleans())
    def restore(self, data, then_ingest):
        """Put a file's earlier content back."""
        older = [r for r, w in self.written.items() if r in self.disk and len(set(w)) > 1]
        if older:
            rel = data.draw(st.sampled_from(sorted(older)))
            self._write(rel, self.written[rel][0])
            if then_ingest:
                self.ingest(False)

    @rule(src=st.sampled_from(PATHS), dst=st.sampled_from(PATHS))
    def rename(self, src, dst):
        if src in self.disk and dst not in self.disk:
            (self.files / src).rename(self.files / dst)
            self._write(dst, self.disk.pop(src))

    @rule(src=st.sampled_from(PATHS))
    def copy_to_other_folder(self, src):
        if src in self.disk:
            folder, name = src.split("/")
            dst = f"{'b' if folder == 'a' else 'a'}/{name}"
            self._write(dst, self.disk[src])

    @rule(readmit=st.booleans())
    def reingest(self, readmit):
        self.ingest(readmit)

    def ingest(self, readmit):
        pending = self._pending(list(self.disk), readmit)
        report = self.kg.ingest(self.files, readmit=readmit)
        assert not report.failed, report.failed
        assert len(report.added) == len(pending)
        self._apply(pending)

    @rule(rel=st.sampled_from(PATHS), readmit=st.booleans())
    def ingest_one(self, rel, readmit):
        if rel not in self.disk:
            return
        pending = self._pending([rel], readmit)
        report = self.kg.ingest(str(self.files / rel), readmit=readmit)  # a string: one path
        assert len(report.added) == len(pending)
        retracted = self._id(rel) in self.seen and self._id(rel) not in self.valid and not readmit
        assert len(report.retracted) == int(retracted)
        self._apply(pending)

    @rule(n=st.integers(1, 3))
    def kill(self, n):
        """Ctrl-C (or a kill) before the n-th document of a batch is stored."""
        pending = self._pending(list(self.disk), False)
        real = self.kg.store
        self.kg.store = KillingStore(real, n)
        try:
            report = self.kg.ingest(self.files)
        except IngestInterrupted as exc:
            assert n <= len(pending)
            assert len(exc.report.added) == n - 1
            self._apply(pending[: n - 1])
        else:
            assert n > len(pending) and len(report.added) == len(pending)
            self._apply(pending)
        finally:
            self.kg.store = real
        self.kg = self._open()  # the process is gone; a new one opens the store

    @rule(rel=st.sampled_from(PATHS))
    def retract_path(self, rel):
        ident = self._id(rel)
        if ident in self.valid:
            assert len(self.kg.retract(ident)) == 1
            del self.valid[ident]
        else:
            with pytest.raises(SfkgError, match="no such document"):
                self.kg.retract(ident)

    @rule(name=st.sampled_from(NAMES))
    def retract_name(self, name):
        owners = [i for i in self.valid if i.endswith("/" + name)]
        if len(owners) == 1:
            self.kg.retract(name)
            del self.valid[owners[0]]
        else:
            with pytest.raises(SfkgError, match="ambiguous" if owners else "no such document"):
                self.kg.retract(name)

    # ------------------------------------------------------------ invariants

    @invariant()
    def one_generation_time_per_document(self):
        rows = self.kg.store.select(
            "PREFIX sfkg: <https://w3id.org/sfkg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
            "SELECT ?d (COUNT(?t) AS ?n) WHERE { ?d a sfkg:Document . "
            "OPTIONAL { ?d prov:generatedAtTime ?t } } GROUP BY ?d")
        assert all(r["n"] == 1 for r in rows), rows
        graphs = {g for g in self.kg.store.named_graphs() if "/doc/" in g}
        assert graphs == {r["d"] for r in rows}  # every graph has its metadata, and no more

    @invariant()
    def valid_versions_are_the_replay(self):
        versions = self.kg.document_versions()
        identities = [v["identity"] for v in versions]
        assert len(identities) == len(set(identities)), "an identity with two valid versions"
        assert {v["identity"]: v["sha256"] for v in versions} == \
            {ident: _sha(i) for ident, i in self.valid.items()}

    def _changed(self, check: str) -> bool:
        """Whether the store or the replay changed since ``check`` last ran (validation and
        as-of answers are functions of the store: rerun only when it changed)."""
        size = self.kg.store.select("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION "
                                    "{ GRAPH ?g { ?s ?p ?o } } }")[0]["n"]
        state = (size, frozenset(self.valid.items()))
        if self.last.get(check) == state:
            return False
        self.last[check] = state
        return True

    @invariant()
    def store_validates(self):
        if self._changed("validate"):
            report = self.kg.validate()
            assert report.conforms, report.results[:3]

    @invariant()
    def asof_cites_valid_versions_published_by_then(self):
        if not self._changed("asof"):
            return
        for on in ON:
            known = {ident: i for ident, i in self.valid.items() if TEXTS[i][1] <= on}
            answer = self.kg.asof(SVOM, "launch", on)
            if not known:
                assert answer.answers == []
                continue
            latest = max(known.values(), key=lambda i: TEXTS[i][1])
            assert answer.value == TEXTS[latest][2]
            expected = {ident.rsplit("/", 1)[1] for ident, i in known.items() if i == latest}
            assert set(answer.sources) == expected


def _run(location: str) -> None:
    machine = type("ArchiveOn", (Archive,), {"location": location})
    run_state_machine_as_test(machine, settings=settings(
        max_examples=SEQUENCES, stateful_step_count=STEPS, deadline=None, derandomize=True,
        suppress_health_check=list(HealthCheck), database=None))


def test_state_machine_embedded_store(memo_shacl):
    _run("memory:")


def test_state_machine_oxigraph_server(memo_shacl, oxigraph_server):
    _run(oxigraph_server)


def teardown_module():
    shutil.rmtree(BASE, ignore_errors=True)
