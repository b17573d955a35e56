"""Shared by the construction-table tests (tests/test_frames_*.py): a whole table becomes one
folder of files (one per row, its publication date in a sidecar) ingested once into one store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

HEADLINE = "A Headline About Space Cooperation News"


def ingest_rows(folder: Path, rows: list[tuple[str, dict]], published: str = "2030-06-10",
                headline: str = HEADLINE, strip: str | None = None):
    """Write each (file stem, row) as ``stem.txt`` (the row's ``text`` under ``headline``,
    unless the row says it has its own) with ``stem.meta.yaml`` giving the row's ``published``
    date (default ``published``), ingest the folder into a new in-memory store and return it;
    every file must ingest."""
    import sfkg

    for stem, row in rows:
        text = row["text"].strip(strip)
        body = text if row.get("headline") else f"{headline}\n\n{text}"
        (folder / f"{stem}.txt").write_text(body + "\n", encoding="utf-8")
        when = str(row.get("published", published))
        date.fromisoformat(when)
        (folder / f"{stem}.meta.yaml").write_text(f"published: {when}\n", encoding="utf-8")
    kg = sfkg.open("memory:")
    report = kg.ingest([folder])
    assert not report.failed, report.failed
    return kg


def claims_by_stem(kg, props: tuple[str, ...] | None = None) -> dict[str, list[dict]]:
    """The store's claim rows grouped by their document's file stem."""
    out: dict[str, list[dict]] = {}
    for c in kg.claim_rows():
        if props is None or c["p"] in props:
            out.setdefault(Path(c["document"]).stem, []).append(c)
    return out


def expected(row: dict, aliases: dict) -> tuple[list[dict], dict[str, set[str]]]:
    """A row's expected claims, and the folded labels (with the table's aliases) of the entity
    names they give, in the eval's terms."""
    from sfkg.textnorm import fold

    claims = [dict(c) for c in row.get("claims") or []]
    labels: dict[str, set[str]] = {}
    for c in claims:
        for v in [c.get(k) for k in ("s", "o", "org", "place")] + \
                [x for k in ("parties", "signatories", "participants") for x in c.get(k) or []]:
            if isinstance(v, str):
                labels[v] = {fold(x) for x in [v, *aliases.get(v, [])]}
    return claims, labels


def compare(want: list[dict], got: list[dict], labels: dict) -> tuple[list[dict], list[dict]]:
    """(missed expected claims, spurious claims shown by their main fields), matched as the
    eval matches them."""
    from sfkg.evaluate import match_claims

    pairs = match_claims(want, got, labels)
    missed = [w for i, w in enumerate(want) if i not in pairs]
    spurious = [{k: (v["label"] if isinstance(v, dict) else v) for k, v in c.items()
                 if k in ("s", "o", "p", "time", "status", "post", "org", "place") and v}
                for i, c in enumerate(got) if i not in set(pairs.values())]
    return missed, spurious
