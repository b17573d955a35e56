from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sfkg.temporal import parse_time
from sfkg.timevalue import from_edtf

A = date(2019, 3, 25)


@pytest.mark.parametrize("text,anchor,edtf,gran", [
    ("25 March 2019", None, "2019-03-25", "day"),
    ("March 25, 2019", None, "2019-03-25", "day"),
    ("Monday, September 28, 2020", None, "2020-09-28", "day"),
    ("3rd May, 2030", None, "2030-05-03", "day"),
    ("12 Janvier 2030", None, "2030-01-12", "day"),
    ("2024年07月13日 星期六", None, "2024-07-13", "day"),
    ("June 2022", None, "2022-06", "month"),
    ("Oct 2021", None, "2021-10", "month"),
    ("1997", None, "1997", "year"),
    ("in 2011", None, "2011", "year"),
    ("2023-2024", None, "2023/2024", "year"),
    ("between 2027 and 2028", None, "2027/2028", "year"),
    ("June-July 2025", None, "2025-06/2025-07", "month"),
    ("no later than March 2031", None, "../2031-03", "month"),
    ("no earlier than 2030", None, "2030/..", "year"),
    ("NET 2031", None, "2031/..", "year"),
    ("before the end of the year", date(2024, 9, 18), "../2024-12", "month"),
    ("spring 2027", None, "2027-21", "season"),
    ("mid-2029", None, "2029", "year"),
    ("around 2030", None, "2030", "year"),
    ("the 1980s", None, "198X", "decade"),
    ("May this year", A, "2019-05", "month"),
    ("January last year", A, "2018-01", "month"),
    ("July 23 last year", A, "2018-07-23", "day"),
    ("8 December, last year", A, "2018-12-08", "day"),
    ("Dec. 8 this year", A, "2019-12-08", "day"),
    ("last year", A, "2018", "year"),
    ("by the end of the year", date(2020, 10, 2), "../2020-12", "month"),
    ("June 22", date(2024, 7, 13), "2024-06-22", "day"),
    ("Tuesday 9 March", date(2021, 3, 9), "2021-03-09", "day"),
    ("today", A, "2019-03-25", "day"),
    ("Earlier in the afternoon", A, "2019-03-25", "day"),
    ("on Saturday", date(2030, 6, 5), "2030-06-08", "day"),  # no tense: the next one
    ("this autumn", A, "2019-23", "season"),
    ("in November", date(2021, 3, 9), "2021-11", "month"),
    ("since February last year", date(2021, 3, 9), "2020-02/..", "month"),
    ("before March 2024", None, "../2024-02", "month"),
    ("after 2014", None, "2015/..", "year"),
])
def test_temporal_reads(text, anchor, edtf, gran):
    tv = parse_time(text, anchor)
    assert tv is not None, text
    assert (tv.edtf, tv.granularity) == (edtf, gran)


@pytest.mark.parametrize("text", [
    "a few months", "60th anniversary", "monthly", "first", "the day", "15+ years",
    "+33 (0)1 44 76 75 39", "ISU MSS 2024", "EUSI Banner_ Oct 2021", "May", "",
])
def test_temporal_not_dates(text):
    assert parse_time(text, A) is None


def test_temporal_yearless_date_leans_with_the_tense():
    jan = date(2031, 1, 3)
    assert parse_time("December 28", jan, "past").edtf == "2030-12-28"
    assert parse_time("December 28", jan).edtf == "2031-12-28"
    # a weekday: the last one in a past-tense text, the next one otherwise
    wed = date(2030, 6, 5)
    assert parse_time("on Saturday", wed, "past").edtf == "2030-06-01"
    assert parse_time("on Saturday", wed, "future").edtf == "2030-06-08"
    # a date less than a month ahead is not moved back, whatever the tense
    assert parse_time("17 June", date(2030, 6, 5), "past").edtf == "2030-06-17"


def test_temporal_bounds():
    tv = parse_time("2023-2024")
    assert (tv.earliest, tv.latest) == (date(2023, 1, 1), date(2024, 12, 31))
    open_end = parse_time("no later than March 2031")
    assert open_end.earliest is None and open_end.latest == date(2031, 3, 31)
    winter = parse_time("winter 2030")
    assert winter.latest == date(2031, 2, 28)


@pytest.mark.parametrize("edtf", ["2024-06-22", "2022-06", "2021", "2023/2024", "../2020-12",
                                  "2030/..", "2027-21", "198X"])
def test_temporal_edtf_round_trip(edtf):
    assert from_edtf(edtf).edtf == edtf


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_temporal_never_raises_and_bounds_are_ordered(text, anchor):
    tv = parse_time(text, anchor)
    if tv is not None and tv.earliest and tv.latest:
        assert tv.earliest <= tv.latest
