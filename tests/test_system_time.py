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


# ---------------------------------------------------------------- identity, restore, retract

TINY = ("Paris, 3 March 2021\n\nSVOM Launch Date Set By The Agencies\n\n"
        "CNES said on Wednesday that the SVOM satellite will launch in June 2022.\n")
TINY_EDIT = TINY.replace("June 2022", "October 2022")
OTHER = ("Beijing, 9 September 2021\n\nNew Launch Date For SVOM Announced\n\n"
         "CNSA said on Thursday that the SVOM satellite is now scheduled to launch in 2023.\n")
STAMPS = ("PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX sfkg: <https://w3id.org/sfkg/ontology#> "
          "SELECT ?d (COUNT(?t) AS ?n) WHERE { ?d a sfkg:Document ; prov:generatedAtTime ?t } GROUP BY ?d")


def _stamps(kg):
    return [r["n"] for r in kg.store.select(STAMPS)]


def test_system_time_restored_content_is_current_again(tmp_path):
    f = tmp_path / "release.txt"
    f.write_text(TINY)
    kg = sfkg.open("memory:")
    kg.ingest(tmp_path)
    f.write_text(TINY_EDIT)
    assert kg.ingest(tmp_path).as_dict()["superseded"] == 1
    f.write_text(TINY)  # the original bytes back
    report = kg.ingest(tmp_path)
    assert report.added == ["release.txt"] and report.superseded == ["release.txt"]
    [doc] = kg.document_versions()
    assert doc["sha256"] == versions_sha(TINY) and doc["iri"].endswith("-2")
    assert kg.asof("SVOM", "launch", "2021-06-01").value == "2022-06"
    assert _stamps(kg) == [1, 1, 1]  # three versions, one system time each
    for _ in range(2):  # later ingests change nothing
        assert kg.ingest(tmp_path).as_dict()["documents"] == 0
    assert _stamps(kg) == [1, 1, 1] and kg.validate().conforms


def versions_sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_system_time_retracted_file_stays_retracted_until_readmitted(tmp_path):
    f = tmp_path / "release.txt"
    f.write_text(TINY)
    kg = sfkg.open("memory:")
    kg.ingest(f)
    kg.retract("release.txt")
    report = kg.ingest(f)
    assert report.added == [] and report.retracted == [str(f)]
    assert report.as_dict()["skipped_retracted"] == 1
    assert kg.document_rows() == [] and _stamps(kg) == [1]
    f.write_text(TINY_EDIT)  # an edit does not bring it back either
    assert kg.ingest(f).retracted == [str(f)] and kg.document_rows() == []
    report = kg.ingest(f, readmit=True)
    assert report.added == ["release.txt"]
    assert [d["sha256"] for d in kg.document_versions()] == [versions_sha(TINY_EDIT)]
    assert _stamps(kg) == [1, 1] and kg.validate().conforms


def test_system_time_same_name_in_two_folders_is_two_documents(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "release.txt").write_text(TINY)
    (tmp_path / "b" / "release.txt").write_text(OTHER)
    kg = sfkg.open("memory:")
    kg.ingest(tmp_path / "a")
    report = kg.ingest(tmp_path / "b")
    assert report.superseded == [] and len(kg.document_rows()) == 2
    assert [d["document"] for d in kg.document_rows()] == ["release.txt", "release.txt"]
    with pytest.raises(sfkg.errors.SfkgError, match="ambiguous.*name one by its path"):
        kg.retract("release.txt")
    assert len(kg.document_rows()) == 2  # nothing retracted
    kg.retract(str(tmp_path / "a" / "release.txt"))
    [left] = kg.document_versions()
    assert left["identity"] == (tmp_path / "b" / "release.txt").as_posix()
    kg.retract("release.txt")  # now one document has the name
    assert kg.document_rows() == []


def test_system_time_sidecar_url_is_the_identity(tmp_path):
    for folder, text in (("old", TINY), ("new", TINY_EDIT)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r.txt").write_text(text)
        (tmp_path / folder / "r.meta.yaml").write_text("url: https://example.org/press/42\n")
    kg = sfkg.open("memory:")
    kg.ingest(tmp_path / "old")
    report = kg.ingest(tmp_path / "new")  # the same release, moved and edited
    assert report.superseded == ["r.txt"]
    [doc] = kg.document_versions()
    assert doc["identity"] == "https://example.org/press/42"
    assert kg.retract("https://example.org/press/42") == [doc["iri"]]


def test_system_time_iris_are_deterministic_and_a_moved_project_keeps_them(tmp_path):
    project = tmp_path / "p1"
    (project / ".git").mkdir(parents=True)
    (project / "in").mkdir()
    (project / "in" / "release.txt").write_text(TINY)
    first = sfkg.open("memory:")
    first.ingest(project / "in")
    again = sfkg.open("memory:")
    again.ingest([str(project / "in" / "release.txt")])
    [a], [b] = first.document_versions(), again.document_versions()
    assert a["iri"] == b["iri"] and a["identity"] == "in/release.txt"
    shutil.move(str(project), str(tmp_path / "p2"))  # the whole project moves
    report = first.ingest(tmp_path / "p2" / "in")
    assert report.skipped == ["release.txt"] and report.added == []
