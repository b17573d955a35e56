"""``sfkg dates``: every date expression the pipeline reads in a text, with the real model, on a
seed and on a small release written for this test (tests/data/time/dated-release.txt)."""

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sfkg
from sfkg.cli import app
from sfkg.document import read_document
from sfkg.nlp.dates import not_a_date

from .conftest import SEEDS, seed_file

runner = CliRunner()
RELEASE = Path(__file__).parent / "data" / "time" / "dated-release.txt"
COLUMNS = ["text", "start", "end", "edtf", "earliest", "latest", "granularity"]


@pytest.fixture(scope="module")
def release_rows():
    r = runner.invoke(app, ["dates", str(RELEASE), "--format", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def seed_rows():
    return sfkg.dates(SEEDS / seed_file("002_"))


def _value(rows, text):
    found = [r["edtf"] for r in rows if r["text"].lower() == text.lower()]
    assert found, f"{text!r} not among {[r['text'] for r in rows]}"
    return found[0]


def test_rows_point_at_the_text_as_read(release_rows, seed_rows):
    for path, rows in ((RELEASE, release_rows), (SEEDS / seed_file("002_"), seed_rows)):
        text = read_document(path).text
        assert rows
        for r in rows:
            assert list(r) == COLUMNS
            assert text[r["start"]:r["end"]] == r["text"]
            assert r["earliest"] is None or r["latest"] is None or r["earliest"] <= r["latest"]
        starts = [r["start"] for r in rows]
        assert starts == sorted(starts)


def test_release_dates_read_in_context(release_rows):
    # published 12 February 2013 (a Tuesday), from the dateline; its day is part of the date
    assert _value(release_rows, "12 February 2013") == "2013-02-12"
    assert _value(release_rows, "Monday") == "2013-02-11"  # "said on Monday": past, the last one
    assert _value(release_rows, "Saturday") == "2013-02-09"  # "was launched on Saturday"
    assert _value(release_rows, "Thursday") == "2013-02-14"  # "will take place on Thursday"
    assert _value(release_rows, "in the third quarter") == "2013-07/2013-09"
    assert _value(release_rows, "last year") == "2012"
    assert _value(release_rows, "by 2030") == "../2030"
    assert _value(release_rows, "no later than June 2014") == "../2014-06"
    assert _value(release_rows, "next week") == "2013-02-18/2013-02-24"
    assert _value(release_rows, "last March") == "2012-03"
    assert _value(release_rows, "since 2011") == "2011/.."
    # "to be held on": ahead, not last year; the first day is part of the span
    assert _value(release_rows, "13 and 14 March") == "2013-03-13/2013-03-14"
    assert _value(release_rows, "Wednesday") == "2013-02-06"  # "making the announcement ..., said"
    assert _value(release_rows, "Friday") == "2013-02-15"  # "opens Friday": no tense, the nearer one
    assert _value(release_rows, "Q3 2013") == "2013-07/2013-09"
    assert _value(release_rows, "2/26/2013") == "2013-02-26"  # month first


def test_numbers_that_are_not_dates(release_rows):
    for figure in ("27", "2 - 15", "+33", "44 76", "We"):
        word = re.compile(rf"(?<!\w){re.escape(figure)}(?!\w)")
        assert not any(word.search(r["text"]) for r in release_rows), figure


@pytest.mark.parametrize("sentence,phrase", [
    ("The kit costs $27 in the shop.", "27"),
    ("Budgets grew 12 % in 2019.", "12"),
    ("Engineers delivered 2 - 15 units a month.", "2 - 15"),
    ("Call +33 1 44 76 75 39 for details.", "44 76"),
    ("Call 01 44 76 75 39 for details.", "76 75"),
    ("We launched it.", "We"),
    ("The SAT team met.", "SAT"),
    ("Support is available 24/7.", "24/7"),
])
def test_not_a_date(sentence, phrase):
    start = sentence.index(phrase)
    assert not_a_date(sentence, start, start + len(phrase))


@pytest.mark.parametrize("sentence,phrase", [
    ("It was launched on 2018-10-29 from Jiuquan.", "2018-10-29"),
    ("It was launched on 4/17 from Jiuquan.", "4/17"),
    ("It was launched on Saturday.", "Saturday"),
    ("It will fly in 2030.", "2030"),
])
def test_dates_are_dates(sentence, phrase):
    start = sentence.index(phrase)
    assert not not_a_date(sentence, start, start + len(phrase))


def test_seed_dates(seed_rows):
    assert _value(seed_rows, "2 March") == "2021-03-02"
    assert _value(seed_rows, "today") == "2021-03-09"
    assert _value(seed_rows, "Tuesday 9 March") == "2021-03-09"
    assert _value(seed_rows, "in October 2018") == "2018-10"
    assert _value(seed_rows, "since February last year") == "2020-02/.."
    assert _value(seed_rows, "in June 2022") == "2022-06"


def test_anchor_moves_relative_dates_only(seed_rows):
    from datetime import date

    later = sfkg.dates(SEEDS / seed_file("002_"), anchor=date(2022, 3, 9))
    assert _value(later, "since February last year") == "2021-02/.."
    assert _value(later, "in October 2018") == "2018-10"
    # the weekday still picks the year: 9 March is a Tuesday in 2021, not in 2022
    assert _value(later, "Tuesday 9 March") == "2021-03-09"
    assert [r["text"] for r in later] == [r["text"] for r in seed_rows]


def test_every_format(release_rows):
    jsonl = runner.invoke(app, ["dates", str(RELEASE), "--format", "jsonl"])
    assert [json.loads(line) for line in jsonl.stdout.splitlines()] == release_rows
    out = runner.invoke(app, ["dates", str(RELEASE), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == COLUMNS and len(rows) == len(release_rows)
    assert [r["edtf"] for r in rows] == [r["edtf"] for r in release_rows]
    table = runner.invoke(app, ["dates", str(RELEASE)])
    assert table.exit_code == 0 and "granularity" in table.stdout and "../2030" in table.stdout


@pytest.mark.parametrize("args,message", [
    (["dates", "no/such/file.txt"], "no such file"),
    (["dates", str(RELEASE), "--anchor", "12/02/2013"], "--anchor"),
])
def test_errors_are_one_line(args, message):
    r = subprocess.run([sys.executable, "-c", "from sfkg.cli import main; main()", *args],
                       capture_output=True, text=True, env=os.environ.copy(), timeout=120, check=False)
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and message in r.stderr
    assert "Traceback" not in r.stderr


def test_ordinal_that_counts_is_no_date():
    s = "The 12th mission of the programme flew on the 21st, as planned."
    assert not_a_date(s, s.index("12th"), s.index("12th") + 4)
    assert not not_a_date(s, s.index("21st"), s.index("21st") + 4)
