"""The extraction scored against the gold standard of the seeds: floors the suite enforces."""

import pytest

from sfkg.evaluate import claim_matches, load_gold, match_claims, score

from .conftest import EVAL


@pytest.fixture(scope="module")
def result(seeds_kg):
    return score(seeds_kg, load_gold(EVAL / "seeds-gold.yaml"))


def test_evaluate_publication_dates(result):
    assert result["published"]["correct"] == result["published"]["total"] == 5


def test_evaluate_entity_floor(result):
    assert result["entities"]["f1"] >= 0.9
    assert result["entities"]["split"] == []


def test_evaluate_claim_floor(result):
    assert result["claims"]["f1"] >= 0.9
    for prop, r in result["claims"]["by_property"].items():
        assert r["f1"] >= 0.8, prop


def test_evaluate_no_boilerplate_errors(result):
    assert result["boilerplate_errors"] == []


def test_evaluate_lists_missed_and_spurious_with_evidence(result):
    for s in result["spurious"]:
        assert s["evidence"] and s["document"]
    assert len(result["missed"]) == result["claims"]["fn"]


def ent(label):
    return {"iri": "x", "label": label, "labels": [label], "type": "Mission"}


def test_evaluate_matching_rules():
    labels = {"M": {"m one", "m 1"}}  # folded, as score() builds them
    got = {"p": "launch", "s": ent("M-1"), "time": "2030-06", "status": "planned"}
    assert claim_matches({"p": "launch", "s": "M", "time": "2030-06", "status": "planned"}, got, labels)
    assert not claim_matches({"p": "launch", "s": "M", "time": "2030-06-15"}, got, labels)
    assert not claim_matches({"p": "launch", "s": "M", "status": "actual"}, got, labels)
    post = {"p": "post", "s": ent("A B"), "post": "Vice-Administrator", "org": ent("X")}
    assert claim_matches({"p": "post", "post": "vice administrator"}, post, {})
    chair = {"p": "post", "s": ent("A B"), "post": "Chair of the Executive Board", "org": None}
    assert claim_matches({"p": "post", "post": "Chair of Executive Board"}, chair, {})
    assert claim_matches({"p": "post", "post": "the chair of an executive board"}, chair, {})
    assert not claim_matches({"p": "post", "post": "Chair of the Board"}, chair, {})


def test_evaluate_one_to_one_matching_prefers_a_full_assignment():
    vague = {"p": "agreement"}
    precise = {"p": "agreement", "time": "2030"}
    got = [{"p": "agreement", "time": "2030"}, {"p": "agreement", "time": None}]
    pairs = match_claims([vague, precise], got, {})
    assert pairs == {0: 1, 1: 0}
