"""Construction tables for posts, launches, meetings and agreements (tests/data/frames/*.yaml).

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

from sfkg.evaluate import match_claims
from sfkg.textnorm import fold

from .frames import claims_by_stem, ingest_rows

FRAMES = Path(__file__).resolve().parent / "data" / "frames"
TABLES = tuple(t for t in ("posts", "launches", "events") if (FRAMES / f"{t}.yaml").exists())


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


def _expected(row: dict, aliases: dict) -> tuple[list[dict], dict[str, set[str]]]:
    claims = [dict(c) for c in row.get("claims") or []]
    labels: dict[str, set[str]] = {}
    for c in claims:
        for v in [c.get(k) for k in ("s", "o", "org", "place")] + \
                [x for k in ("parties", "signatories", "participants") for x in c.get(k) or []]:
            if isinstance(v, str):
                labels[v] = {fold(x) for x in [v, *aliases.get(v, [])]}
    return claims, labels


@pytest.mark.parametrize("table,row_id", _rows())
def test_frame_row(frame_claims, table, row_id):
    data = _table(table)
    row = next(r for r in data["rows"] if r["id"] == row_id)
    props = set(data["properties"])
    got = [c for doc, cs in frame_claims.items() if Path(doc).stem == f"{table}-{row_id}"
           for c in cs if c["p"] in props]
    want, labels = _expected(row, data.get("aliases") or {})
    pairs = match_claims(want, got, labels)
    missed = [w for i, w in enumerate(want) if i not in pairs]
    spurious = [{k: (v["label"] if isinstance(v, dict) else v) for k, v in c.items()
                 if k in ("s", "p", "time", "status", "post", "org", "place") and v}
                for i, c in enumerate(got) if i not in set(pairs.values())]
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
