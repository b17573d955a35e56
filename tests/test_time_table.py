"""The time grammar against a table of date expressions (tests/data/time/expressions.yaml),
one case per expression, grouped by kind: the EDTF it reads to, and bounds and granularity
that agree with that EDTF."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from sfkg.temporal import parse_time
from sfkg.timevalue import from_edtf

TABLE = yaml.safe_load((Path(__file__).parent / "data" / "time" / "expressions.yaml").read_text())
ANCHOR = TABLE["anchor"]


def _cases():
    for kind, rows in TABLE["kinds"].items():
        for row in rows:
            text, edtf, opts = row[0], row[1], (row[2] if len(row) > 2 else {})
            anchor = opts.get("anchor", ANCHOR)
            label = f"{kind}:{text}@{anchor}" + (f"/{opts['direction']}" if "direction" in opts else "")
            yield pytest.param(kind, text, edtf, anchor, opts.get("direction"), id=label)


CASES = list(_cases())


def test_table_is_large_and_covers_every_kind():
    assert len(CASES) >= 400
    kinds = {c.values[0] for c in CASES}
    assert {"numeric", "ordinal_days", "weekdays", "weeks", "quarters", "months_and_years",
            "intervals", "open_ends", "seasons_and_parts", "not_dates"} <= kinds
    assert isinstance(ANCHOR, date) and ANCHOR.weekday() == 1  # a Tuesday


@pytest.mark.parametrize("kind,text,edtf,anchor,direction", CASES)
def test_time_expression(kind, text, edtf, anchor, direction):
    tv = parse_time(text, anchor, direction)
    if edtf is None:
        assert tv is None, f"{text!r} read as {tv.edtf}"
        return
    assert tv is not None, f"{text!r} not read"
    assert tv.edtf == edtf
    expected = from_edtf(edtf)
    assert (tv.earliest, tv.latest, tv.granularity) == (
        expected.earliest, expected.latest, expected.granularity)
