"""Construction tables for posts, launches, data releases, meetings and agreements
(tests/data/frames/*.yaml).

Each row is a short text written the way agencies, wire services and trade press phrase the
thing, with the claims a careful annotator gives it under tests/data/eval/CONVENTIONS.md. The
whole table runs as one batch through the real pipeline (one in-memory store, one ingest), then
each row is compared with its expectation in the eval's own terms (evaluate.claim_matches):
every expected claim must be found, and no other claim of the family's properties may appear.
A row marked ``xfail: reason`` is a construction the rules do not read yet (strict)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml


from .frames import claims_by_stem, compare, expected, ingest_rows

FRAMES = Path(__file__).resolve().parent / "data" / "frames"
TABLES = tuple(t for t in ("posts", "launches", "releases", "events") if (FRAMES / f"{t}.yaml").exists())


def _table(name: str) -> dict:
    return yaml.safe_load((FRAMES / f"{name}.yaml").read_text(encoding="utf-8"))


def _rows() -> list:
    out = []
    for name in TABLES:
        table = _table(name)
        for row in table["rows"]:
            marks = [pytest.mark.xfail(reason=row["xfail"], strict=True)] if row.get("xfail") else []
            out.append(pytest.param(name, row["id"], id=f"{name}:{row['id']}", marks=marks))
    return out


@pytest.fixture(scope="module")
def frame_claims(tmp_path_factory):
    """Every row of every table as one file, ingested once; claim rows grouped by file."""
    rows = [(f"{name}-{row['id']}", row) for name in TABLES for row in _table(name)["rows"]]
    kg = ingest_rows(tmp_path_factory.mktemp("frames"), rows)
    return {f"{stem}.txt": claims for stem, claims in claims_by_stem(kg).items()}


@pytest.mark.parametrize("table,row_id", _rows())
def test_frame_row(frame_claims, table, row_id):
    data = _table(table)
    row = next(r for r in data["rows"] if r["id"] == row_id)
    props = set(data["properties"])
    got = [c for doc, cs in frame_claims.items() if Path(doc).stem == f"{table}-{row_id}"
           for c in cs if c["p"] in props]
    want, labels = expected(row, data.get("aliases") or {})
    missed, spurious = compare(want, got, labels)
    assert not missed and not spurious, f"missed={missed} spurious={spurious}"


def test_tables_are_well_formed():
    for name in TABLES:
        data = _table(name)
        ids = [r["id"] for r in data["rows"]]
        assert len(ids) == len(set(ids)), name
        for r in data["rows"]:
            assert r["text"].strip() and isinstance(r.get("claims", []), list), r["id"]
            for c in r.get("claims") or []:
                assert c["p"] in data["properties"], r["id"]
