"""The payload frames (carries, built_by) against a construction table
(tests/data/frames/payloads.yaml): short texts written the ways agencies, wire services and trade
press phrase who built an instrument and what a mission carries, with invented mission and
instrument names. The whole table is ingested once, one file per row, into one store; each row
is then compared, in the eval's terms (labels folded), with the claims of its own document."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sfkg.textnorm import fold

from .frames import claims_by_stem, ingest_rows

TABLE = yaml.safe_load((Path(__file__).parent / "data" / "frames" / "payloads.yaml").read_text(encoding="utf-8"))
PROPS = ("carries", "built_by")
ROWS = TABLE["rows"]


def _params():
    for row in ROWS:
        marks = [pytest.mark.xfail(reason=row["xfail"], strict=True)] if row.get("xfail") else []
        yield pytest.param(row, id=row["id"], marks=marks)


def test_table_is_broad():
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids)) and 60 <= len(ids) <= 160
    assert sum(1 for r in ROWS if not any(r.get(p) for p in PROPS)) >= 10  # rows that give no claim


@pytest.fixture(scope="module")
def table_claims(tmp_path_factory):
    rows = [(row["id"], {k: v for k, v in row.items() if k != "published"}) for row in ROWS]
    kg = ingest_rows(tmp_path_factory.mktemp("frames-payloads"), rows, str(TABLE["published"]))
    return claims_by_stem(kg, PROPS)


def _labels(entity) -> set[str]:
    return {fold(x) for x in [entity.get("label") or "", *(entity.get("labels") or [])] if x} if entity else set()


def _compare(row, claims):
    """(missed pairs, spurious claims) of one row for the properties it checks."""
    missed, spurious = [], []
    for p in row.get("check", PROPS):
        got = [c for c in claims if c["p"] == p]
        used: set[int] = set()
        for s, o in row.get(p) or []:
            hit = next((i for i, c in enumerate(got) if i not in used
                        and fold(s) in _labels(c["s"]) and fold(o) in _labels(c["o"])), None)
            if hit is None:
                missed.append((p, s, o))
            else:
                used.add(hit)
        spurious += [(p, c["s"]["label"], c["o"]["label"]) for i, c in enumerate(got) if i not in used]
    return missed, spurious


@pytest.mark.parametrize("row", list(_params()))
def test_construction(row, table_claims):
    missed, spurious = _compare(row, table_claims.get(row["id"], []))
    assert not missed and not spurious, f"missed {missed}, spurious {spurious}"
