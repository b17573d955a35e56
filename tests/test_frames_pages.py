"""Page tops and bottoms in the shapes the web prints them (tests/data/frames/pages.yaml): each
page's publication date (or why it states none) and its furniture, read by the document reader
and, as one batch, by the whole pipeline (no entity may come from furniture; a page without a
date is refused by name, or dated from its body as ``inferred``)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

import sfkg
from sfkg import datelines
from sfkg.document import read_document

TABLE = Path(__file__).parent / "data" / "frames" / "pages.yaml"
ROWS = yaml.safe_load(TABLE.read_text(encoding="utf-8"))


def _params(test: str) -> list:
    """One parameter per row; a row marked ``xfail_<test>`` is a strict xfail of that test."""
    def marks(r):
        why = r.get(f"xfail_{test}")
        return [pytest.mark.xfail(reason=why, strict=True)] if why else []
    return [pytest.param(r, id=r["id"], marks=marks(r)) for r in ROWS]


def _names(row) -> bool:
    """Whether the row's furniture names something (a capitalised word that is no month)."""
    return any(not datelines.is_date_word(w) for f in row["furniture"]
               for w in re.findall(r"\b[A-Z][a-z]+\b", f))


PIPELINE = {r["id"] for r in ROWS if r["published"] is None or _names(r)}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Every page in one folder, read once and ingested once into one in-memory store."""
    folder = tmp_path_factory.mktemp("pages")
    for row in ROWS:
        (folder / f"{row['id']}.txt").write_text(row["page"], encoding="utf-8")
    docs = {row["id"]: read_document(folder / f"{row['id']}.txt") for row in ROWS}
    kg = sfkg.open("memory:")  # the pages that name things in their furniture or state no date
    report = kg.ingest(sorted(folder / f"{i}.txt" for i in PIPELINE))
    documents = {Path(r["document"]).stem: r for r in kg.document_rows()}
    entities: dict[str, list[dict]] = {}
    for e in kg.entity_rows():
        for d in e["documents"]:
            entities.setdefault(Path(d).stem, []).append(e)
    failed = {Path(f).stem: (f, m) for f, m in report.failed}
    return docs, documents, entities, failed


def test_table_shape():
    assert 80 <= len(ROWS) <= 200
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    for r in ROWS:
        assert (r["published"] is None) == ("refuse" in r), r["id"]
        assert r["published"] is None or isinstance(r["published"], date), r["id"]


@pytest.mark.parametrize("row", _params("date"))
def test_publication_date(batch, row):
    docs, documents, _, failed = batch
    doc = docs[row["id"]]
    expected = row["published"]
    if expected is not None:
        assert (doc.published, doc.published_basis) == (expected, "stated")
        if row["id"] in PIPELINE:
            assert documents[row["id"]]["published"] == expected.isoformat()
        return
    assert doc.published is None, f"{row['refuse']}, yet {doc.published} was read"
    if row["pipeline"] == "refused":
        name, message = failed[row["id"]]
        assert row["id"] in name and "publication date" in message
        assert row.get("says", "") in message
    else:
        assert documents[row["id"]]["published_basis"] == "inferred"
        if "inferred" in row:  # the day the body gives
            assert documents[row["id"]]["published"] == row["inferred"].isoformat()


@pytest.mark.parametrize("row", _params("furniture"))
def test_furniture(batch, row):
    docs, _, entities, _ = batch
    body = docs[row["id"]].body
    for s in row["furniture"]:
        assert s not in body, f"furniture left in the body: {s!r}"
    for s in row.get("article", []):
        assert s in body, f"article text blanked: {s!r}"
    def in_body(label):
        return re.search(rf"(?<!\w){re.escape(label)}(?!\w)", body)
    from_furniture = [e["label"] for e in entities.get(row["id"], [])
                      if not any(in_body(x) for x in e["labels"])
                      and any(x in f for x in e["labels"] for f in row["furniture"])]
    assert not from_furniture, f"entities read from furniture: {from_furniture}"
