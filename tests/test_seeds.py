"""Every expectation of eval/seeds-asof.yaml, each as its own test, on the seeds graph."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from sfkg.textnorm import fold

EXP = yaml.safe_load((Path(__file__).parent / "data" / "eval" / "seeds-asof.yaml").read_text())


def _cases():
    for block in EXP["asof"]:
        for a in block["answers"]:
            yield pytest.param(block["subject"], block["property"], a,
                               id=f"{block['subject']}-{block['property']}-{a['reported_on']}")


@pytest.mark.parametrize("subject,prop,expected", list(_cases()))
def test_seeds_asof(seeds_kg, subject, prop, expected):
    result = seeds_kg.asof(subject, prop, expected["reported_on"]).as_dict()
    if expected.get("expect") == "none":
        assert result["answers"] == []
        return
    [answer] = result["answers"]
    assert answer["time"] == expected["time"]
    assert answer["status"] == expected["status"]
    assert sorted(s[:3] for s in answer["sources"]) == sorted(expected["sources"])


CONFLICTS = EXP["conflicts"]


@pytest.mark.parametrize("expected", CONFLICTS["expect"], ids=lambda e: f"{e['subject']}-{e['property']}")
def test_seeds_conflict(seeds_kg, expected):
    found = seeds_kg.conflict_rows(CONFLICTS["reported_on"])
    rows = [r for r in found if fold(expected["subject"]) in {fold(x) for x in r["subject"]["labels"]}
            and r["property"] == expected["property"]]
    assert len(rows) == 1
    assert rows[0]["times"] == expected["times"]


@pytest.mark.parametrize("expected", CONFLICTS["not_conflicts"], ids=lambda e: f"{e['subject']}-{e['property']}")
def test_seeds_not_conflict(seeds_kg, expected):
    found = seeds_kg.conflict_rows(CONFLICTS["reported_on"])
    assert not [r for r in found if fold(expected["subject"]) in {fold(x) for x in r["subject"]["labels"]}
                and r["property"] == expected["property"]]


def test_seeds_conflicts_are_exactly_the_expected(seeds_kg):
    found = {(r["subject"]["label"], r["property"]) for r in seeds_kg.conflict_rows(CONFLICTS["reported_on"])}
    assert len(found) == len(CONFLICTS["expect"])


@pytest.mark.parametrize("expected", EXP["posts"], ids=lambda e: f"{e['org']}-{e['reported_on']}")
def test_seeds_posts(seeds_kg, expected):
    rows = seeds_kg.claim_rows(property="post", as_of=expected["reported_on"])
    held = {(fold(r["s"]["label"]), fold(r["post"] or "")) for r in rows
            if r["org"] and fold(expected["org"]) in {fold(x) for x in r["org"]["labels"]}}
    for e in expected["expect"]:
        labels = {fold(x) for r in rows if r["s"] for x in r["s"]["labels"]
                  if fold(e["person"]) in {fold(y) for y in r["s"]["labels"]}}
        assert any(p in labels and post == fold(e["post"]) for p, post in held), e


def test_seeds_asof_on_a_date_before_any_report_is_empty(seeds_kg):
    assert seeds_kg.asof("SVOM", "launch", date(1990, 1, 1)).answers == []
