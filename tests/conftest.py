"""Shared fixtures: the seeds graph is built once per test session, in memory, with the real
spaCy model, pyshacl and Oxigraph."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EVAL = Path(__file__).resolve().parent / "data" / "eval"


@pytest.fixture(scope="session")
def seeds_kg():
    import sfkg

    kg = sfkg.open("memory:")
    report = kg.ingest([SEEDS])
    assert not report.failed, report.failed
    return kg


@pytest.fixture(scope="session")
def extract_text(tmp_path_factory):
    """Claims of one small text (a headline, then ``body``) published on ``published``, through
    the real pipeline into a fresh in-memory store."""
    from datetime import date

    import sfkg

    def run(body: str, published: str = "2030-06-10"):
        folder = tmp_path_factory.mktemp("t")
        (folder / "t.txt").write_text("A Headline About Space Cooperation News\n\n" + body + "\n")
        kg = sfkg.open("memory:")
        report = kg.ingest([folder / "t.txt"], published=date.fromisoformat(published))
        assert not report.failed, report.failed
        return kg.claim_rows()
    return run


@pytest.fixture(scope="session")
def gold():
    return yaml.safe_load((EVAL / "seeds-gold.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def expectations():
    return yaml.safe_load((EVAL / "seeds-asof.yaml").read_text(encoding="utf-8"))


def seed_file(prefix: str) -> str:
    return next(p.name for p in SEEDS.iterdir() if p.name.startswith(prefix))


def seed_batch(folder: Path, n: int) -> Path:
    """``n`` distinct documents made from the seeds (each copy numbered), in ``folder``."""
    folder.mkdir()
    seeds = sorted(SEEDS.iterdir())
    for i in range(n):
        src = seeds[i % len(seeds)]
        (folder / f"doc{i:02d}.txt").write_text(
            src.read_text(encoding="utf-8") + f"\nReference number {i}.\n", encoding="utf-8")
    return folder
