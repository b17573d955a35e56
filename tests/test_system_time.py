"""System time: append-only ingest, supersession of an edited document, retraction, --known-at."""

import shutil
import time
from datetime import datetime, timezone

import pytest

import sfkg

from .conftest import SEEDS, seed_file


def _now():
    return datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture()
def folder(tmp_path):
    for prefix in ("002", "003"):
        shutil.copy(SEEDS / seed_file(prefix), tmp_path / seed_file(prefix))
    return tmp_path


def test_system_time_edit_supersedes_and_known_at_sees_both_states(folder):
    kg = sfkg.open("memory:")
    assert len(kg.ingest([folder]).added) == 2
    assert kg.asof("SVOM", "launch", datetime(2021, 6, 1).date()).answers[0]["time"] == "2022-06"
    time.sleep(1.1)
    before_edit = _now()
    time.sleep(1.1)
    edited = folder / seed_file("002")
    edited.write_text(edited.read_text(encoding="utf-8").replace("June 2022", "October 2022"),
                      encoding="utf-8")
    report = kg.ingest([folder])
    assert report.added == [edited.name] and report.superseded == [edited.name]
    assert report.skipped == [seed_file("003")]
    now = kg.asof("SVOM", "launch", datetime(2021, 6, 1).date()).answers[0]
    assert (now["time"], now["sources"]) == ("2022-10", [edited.name])
    then = kg.asof("SVOM", "launch", datetime(2021, 6, 1).date(), known_at=before_edit).answers[0]
    assert then["time"] == "2022-06" and sorted(then["sources"]) == sorted([edited.name, seed_file("003")])
    # nothing was deleted: both versions of the file are in the store
    versions = kg.sparql("PREFIX sfkg: <https://w3id.org/sfkg/ontology#> "
                         f"SELECT ?d WHERE {{ ?d sfkg:fileName '{edited.name}' }}")
    assert len(versions[1]) == 2
    assert len(kg.documents()) == 2 and len(kg.documents(known_at=before_edit)) == 2


def test_system_time_retract_and_known_at(folder):
    kg = sfkg.open("memory:")
    kg.ingest([folder])
    time.sleep(1.1)
    before = _now()
    time.sleep(1.1)
    [iri] = kg.retract(seed_file("003"))
    assert iri.startswith("https://w3id.org/sfkg/doc/003_")
    assert [d["document"][:3] for d in kg.document_rows()] == ["002"]
    assert [d["document"][:3] for d in kg.document_rows(known_at=before)] == ["002", "003"]
    assert kg.claim_rows(document=seed_file("003")) == []
    assert kg.claim_rows(document=seed_file("003"), known_at=before)
    old_export = kg.export("nquads", known_at=before)
    assert f"<{iri}>" in old_export and "invalidatedAtTime" not in old_export
    assert kg.sparql("ASK { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), STR(<%s>))) }" % iri,
                     known_at=before) is True
    with pytest.raises(sfkg.errors.SfkgError, match="no such document"):
        kg.retract("missing.txt")


def test_system_time_unchanged_file_is_skipped(folder):
    kg = sfkg.open("memory:")
    kg.ingest([folder])
    report = kg.ingest([folder])
    assert report.added == [] and len(report.skipped) == 2
