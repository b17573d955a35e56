"""Files derived from each document graph beside an on-disk store (sfkg.derived): written once
the graph is stored, exact (the same quads as the store, the same view as reading every claim),
and never needed: without them every reader gets the same bytes from the store."""

import shutil
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

import sfkg
from sfkg import asofview, derived, views
from sfkg.vocab import REFERENCE_GRAPH

from .conftest import SEEDS, seed_file


def _store_graph(kg, name: str) -> str:
    tail = f" <{name}> .\n"
    return "".join(sorted(line[:-2] + tail for line in kg.store.graph_ntriples(name).splitlines() if line.strip()))


def _docs(kg) -> list[str]:
    return [g for g in kg.store.named_graphs() if g != str(REFERENCE_GRAPH)]


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """An on-disk store after ingest, an edit, the edit undone (the first content adopted again
    under a new IRI), a retraction, and a load of bundles of two more files."""
    folder = tmp_path_factory.mktemp("files")
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    store = tmp_path_factory.mktemp("store")
    kg = sfkg.open(str(store))
    kg.ingest([folder])
    edited = folder / seed_file("002")
    first = edited.read_text(encoding="utf-8")
    edited.write_text(first.replace("June 2022", "October 2022"), encoding="utf-8")
    kg.ingest([folder])
    edited.write_text(first, encoding="utf-8")
    assert kg.ingest([folder]).superseded == [edited.name]
    kg.retract(seed_file("003"))
    more = tmp_path_factory.mktemp("more")
    for name in ("001", "004"):
        text = (SEEDS / seed_file(name)).read_text(encoding="utf-8")
        (more / f"copy-{seed_file(name)}").write_text(text.replace("2024", "2025"), encoding="utf-8")
    bundles = tmp_path_factory.mktemp("bundles")
    sfkg.extract_bundles([more], bundles)
    assert len(kg.load(bundles).added) == 2
    return kg, store


def test_derived_files_are_written_for_every_document_graph_and_match_the_store(history):
    kg, _store = history
    d = derived.of(kg.store)
    docs = _docs(kg)
    assert len(docs) == 9  # 5 seeds, the edit, the first content again, 2 loaded
    assert any(g.endswith("-2") for g in docs)  # adopted again under its second IRI
    for g in docs:
        assert d.nquads(g) == _store_graph(kg, g), g
        whole = asofview.part(list(ox.parse(input=_store_graph(kg, g).encode("utf-8"), format=ox.RdfFormat.N_QUADS)))
        assert {**d.view_part(g), **d.names_part(g)} == whole
    assert d.nquads(str(REFERENCE_GRAPH)) is None  # replaced on every ingest: never derived
    assert derived.of(sfkg.open("memory:").store) is None


def test_derived_entity_index_is_the_one_the_queries_give(history):
    """On disk the entity index (types, fullest labels, every label, the files naming each
    entity) is read from the derived files, not by three queries over every graph."""
    from datetime import datetime

    from sfkg.entities import EntityIndex

    kg, _store = history
    index = EntityIndex(kg.store)
    first = datetime.fromisoformat(min(v["generated_at"] for v in kg.document_versions()))
    for known_at in (None, first):
        derived_index, queried = index._derived(known_at), index._queried(known_at)
        assert derived_index == queried
    assert sum(bool(e["documents"]) for e in index._derived(None).values()) > 20


def test_derived_export_and_view_are_the_same_bytes_without_the_files(history, tmp_path):
    kg, store = history
    on = [date(2020, 12, 31), date(2024, 7, 13), date(2025, 12, 31)]
    with_files = (kg.export("nquads"), kg.export("trig"), [asofview.view_lines(kg, d) for d in on],
                  kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", as_of=on[1]))
    shutil.rmtree(store / derived.FOLDER)
    without = (kg.export("nquads"), kg.export("trig"), [asofview.view_lines(kg, d) for d in on],
               kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", as_of=on[1]))
    assert with_files == without
    assert len(list((store / derived.FOLDER).rglob("*.nq"))) == 9  # derived again, as read
    # one graph's files lost (a process stopped between the store and the files): still exact
    victim = _docs(kg)[3]
    d = derived.of(kg.store)
    Path(d._path(victim, ".nq")).unlink()
    Path(d._path(victim, ".view")).unlink()
    Path(d._path(victim, ".names.json")).unlink()
    assert d.nquads(victim) is None and d.view_part(victim) is None and d.names_part(victim) is None
    assert kg.export("nquads") == with_files[0]
    assert views.view_graph(kg, on[1]) is not None and asofview.view_lines(kg, on[1]) == with_files[2][1]


def test_derived_files_of_a_read_only_store_that_cannot_be_written(history, tmp_path):
    kg, store = history
    copy = tmp_path / "copy"
    kg.close()
    shutil.copytree(store, copy, ignore=shutil.ignore_patterns("LOCK", derived.FOLDER))
    (copy / derived.FOLDER).write_text("not a folder", encoding="utf-8")  # nothing can be derived
    ro = sfkg.open(str(copy), read_only=True)
    reopened = sfkg.open(str(store), read_only=True)
    assert ro.export("nquads") == reopened.export("nquads")
    assert asofview.view_lines(ro, date(2024, 7, 13)) == asofview.view_lines(reopened, date(2024, 7, 13))
    ro.close()
    reopened.close()


def test_derived_record_ignores_the_default_graph_and_literals_that_look_like_graphs(tmp_path):
    kg = sfkg.open(str(tmp_path / "s"))
    text = ('<http://a/s> <http://a/p> <http://a/o> .\n'
            '<http://a/s> <http://a/p> "x <http://a/g>" <http://a/g1> .\n')
    kg.store.add_quads(text)
    derived.record(kg.store, text)
    d = derived.of(kg.store)
    assert d.nquads("http://a/o") is None and d.nquads("http://a/g>") is None
    assert d.nquads("http://a/g1") == '<http://a/s> <http://a/p> "x <http://a/g>" <http://a/g1> .\n'
    kg.close()



def test_derived_metadata_journal_is_used_only_when_complete(tmp_path):
    """The default graph comes from the journal only when it holds every triple of it: a
    journal that lost its last transaction, or ends in a line cut short, is read again from
    the store; the export is the same bytes every time."""
    folder = tmp_path / "files"
    folder.mkdir()
    for name in ("001", "002"):
        shutil.copy(SEEDS / seed_file(name), folder / seed_file(name))
    kg = sfkg.open(str(tmp_path / "s"))
    kg.ingest([folder])
    kg.retract(seed_file("001"))
    journal = tmp_path / "s" / derived.FOLDER / "metadata.nt"
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(set(lines)) == kg.store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]
    expected = kg.export("nquads")
    journal.write_text("".join(lines[:-1]) + lines[-1][:-5], encoding="utf-8")  # cut short
    assert derived.metadata_journal(derived.of(kg.store)) == set(lines[:-1])
    assert kg.export("nquads") == expected
    assert set(journal.read_text(encoding="utf-8").splitlines(keepends=True)) == set(lines)  # whole again
    kg.close()
