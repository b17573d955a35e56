"""The development set (tests/data/dev): texts written for sfkg, scored against their gold."""

from pathlib import Path

import pytest

import sfkg
from sfkg.evaluate import load_gold, score

DEV = Path(__file__).parent / "data" / "dev"


@pytest.fixture(scope="module")
def result():
    kg = sfkg.open("memory:")
    report = kg.ingest([DEV])
    assert not report.failed, report.failed
    return score(kg, load_gold(DEV / "gold.yaml"))


def test_dev_publication_dates(result):
    assert result["published"]["correct"] == result["published"]["total"] >= 12


def test_dev_claim_floor(result):
    assert result["claims"]["f1"] >= 0.85


def test_dev_entity_floor(result):
    assert result["entities"]["f1"] >= 0.85 and result["entities"]["split"] == []


def test_dev_no_boilerplate_errors(result):
    assert result["boilerplate_errors"] == []
