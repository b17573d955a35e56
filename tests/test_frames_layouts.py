"""Claims laid out above the sentence (tests/data/frames/layouts.yaml): bullet and numbered
lists, "Key: value" blocks and fact boxes, tables flattened to text, definition-like lines,
headings naming the subject below them, captions, sentences wrapped over lines, and page
furniture that carries no claim.

The whole table runs as one batch through the real pipeline (one in-memory store, one ingest of
one file per row, the publication date in a sidecar); each row is then compared with its
expectation in the eval's own terms (evaluate.match_claims): every expected claim must be found,
and no other claim of the row's checked properties may appear. A row marked ``xfail: reason`` is
a layout the rules do not read yet (strict)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml


from .frames import claims_by_stem, compare, expected, ingest_rows

TABLE = yaml.safe_load((Path(__file__).resolve().parent / "data" / "frames" / "layouts.yaml")
                       .read_text(encoding="utf-8"))
ROWS = TABLE["rows"]


def _params():
    for row in ROWS:
        marks = [pytest.mark.xfail(reason=row["xfail"], strict=True)] if row.get("xfail") else []
        yield pytest.param(row, id=row["id"], marks=marks)


@pytest.fixture(scope="module")
def layout_claims(tmp_path_factory):
    kg = ingest_rows(tmp_path_factory.mktemp("frames-layouts"), [(r["id"], r) for r in ROWS],
                     strip="\n")
    return claims_by_stem(kg)


@pytest.mark.parametrize("row", _params())
def test_layout_row(layout_claims, row):
    props = set(row.get("check") or TABLE["properties"])
    got = [c for c in layout_claims.get(row["id"], []) if c["p"] in props]
    want, labels = expected(row, TABLE.get("aliases") or {})
    want = [w for w in want if w["p"] in props]
    missed, spurious = compare(want, got, labels)
    assert not missed and not spurious, f"missed={missed} spurious={spurious}"


def test_table_is_well_formed():
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids)) and 50 <= len(ids) <= 90
    assert sum(1 for r in ROWS if not r.get("claims")) >= 6  # furniture and non-claims
    for r in ROWS:
        assert r["text"].strip() and isinstance(r.get("claims", []), list), r["id"]
        for c in r.get("claims") or []:
            assert c["p"] in TABLE["properties"], r["id"]
        assert set(r.get("check") or []) <= set(TABLE["properties"]), r["id"]
