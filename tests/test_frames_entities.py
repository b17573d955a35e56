"""The entity construction table (tests/data/frames/entities.yaml) through the real pipeline:
every row is one file of one batch, ingested once into one in-memory store; each row then checks
the entities its document names in the eval's terms (labels folded as the scorer folds them,
scored types only, Place when the row lists it), the names that must not be entities, and the
labels that must share one IRI."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sfkg.evaluate import SCORED_TYPES
from sfkg.textnorm import fold

TABLE = yaml.safe_load((Path(__file__).parent / "data" / "frames" / "entities.yaml")
                       .read_text(encoding="utf-8"))
ROWS = TABLE["rows"]


def _key(label: str) -> str:
    return fold(label).rstrip(".").strip()


@pytest.fixture(scope="module")
def named(tmp_path_factory) -> dict[str, list[dict]]:
    """Entity rows per table row id, from one ingest of the whole table."""
    import sfkg

    folder = tmp_path_factory.mktemp("frames-entities")
    for row in ROWS:
        (folder / f"{row['id']}.txt").write_text(
            "Space Agencies Report Progress\n\n" + row["text"] + "\n", encoding="utf-8")
        (folder / f"{row['id']}.meta.yaml").write_text(f"published: {TABLE['published']}\n")
    kg = sfkg.open("memory:")
    report = kg.ingest([folder])
    assert not report.failed, report.failed
    out: dict[str, list[dict]] = {row["id"]: [] for row in ROWS}
    for e in kg.entity_rows():
        for doc in e["documents"]:
            out.setdefault(Path(doc).stem, []).append(e)
    return out


def _labels(e: dict) -> set[str]:
    return {_key(x) for x in [e["label"], *e["labels"]]}


def _params():
    for row in ROWS:
        marks = [pytest.mark.xfail(reason=row["xfail"], strict=True)] if row.get("xfail") else []
        yield pytest.param(row, id=row["id"], marks=marks)


@pytest.mark.parametrize("row", list(_params()))
def test_frames_entities_row(row, named):
    got = named[row["id"]]
    want = {_key(k): v for k, v in (row.get("entities") or {}).items()}
    problems = []
    for label, typ in want.items():
        hits = [e for e in got if label in _labels(e)]
        if not hits:
            problems.append(f"missed {label} ({typ})")
        elif not any(e["type"] == typ for e in hits):
            problems.append(f"{label}: {typ} expected, got {sorted({e['type'] for e in hits})}")
    for e in got:
        if e["type"] in SCORED_TYPES and not _labels(e) & set(want):
            problems.append(f"spurious {e['label']} ({e['type']})")
    for bad in row.get("not") or []:
        if any(_key(bad) in _labels(e) for e in got):
            problems.append(f"not an entity: {bad}")
    for group in row.get("same") or []:
        iris = {e["iri"] for label in group for e in got if _key(label) in _labels(e)}
        if not any(_key(group[0]) in _labels(e) for e in got):
            problems.append(f"missed {group[0]}")
        elif len(iris) > 1:
            problems.append(f"split over {len(iris)} IRIs: {group}")
    assert not problems, problems
