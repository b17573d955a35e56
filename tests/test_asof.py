"""The as-of rules as pure functions, with explicit dates (no RDF, no CLI)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sfkg.asof import Reported, answer, conflicting_pairs, contains, overlaps, slip
from sfkg.timevalue import from_edtf

T = from_edtf


def rep(doc, published, edtf, status="planned"):
    return Reported(doc, published, T(edtf), status)


CLAIMS = [
    rep("a", date(2030, 1, 10), "2032"),
    rep("b", date(2031, 2, 1), "2033-06"),
    rep("c", date(2031, 5, 1), "2033-06"),
    rep("d", date(2033, 7, 1), "2033-06-20", "actual"),
]


def test_asof_latest_report_wins():
    assert answer(CLAIMS, date(2029, 1, 1)) is None
    assert answer(CLAIMS, date(2030, 1, 10)).time.edtf == "2032"  # published that day counts
    a = answer(CLAIMS, date(2031, 6, 1))
    assert (a.time.edtf, a.sources) == ("2033-06", ["b", "c"])
    assert answer(CLAIMS, date(2040, 1, 1)).status == "actual"


def test_asof_keeps_the_precise_value_a_later_vague_claim_contains():
    claims = [rep("x", date(2030, 1, 1), "2029-10-29", "actual"),
              rep("y", date(2031, 1, 1), "2029-10", "actual")]
    a = answer(claims, date(2031, 6, 1))
    assert (a.time.edtf, a.sources) == ("2029-10-29", ["x", "y"])


def test_asof_conflicts_and_containment():
    assert not overlaps(T("2021"), T("2022-06"))
    assert contains(T("2029-10"), T("2029-10-29")) and overlaps(T("2029-10"), T("2029-10-29"))
    assert overlaps(T("../2030-12"), T("2030-06")) and overlaps(T("2030/.."), T("2035"))
    assert len(conflicting_pairs(CLAIMS)) == 3  # 2032 against each 2033 value
    assert not conflicting_pairs([rep("x", date(2030, 1, 1), "2029-10-29"),
                                  rep("y", date(2031, 1, 1), "2029-10")])


def test_asof_slip():
    s = slip(CLAIMS)
    assert s["moves"] == 2 and s["days"] == (date(2033, 6, 20) - date(2032, 12, 31)).days


EDTFS = ["2030", "2031", "2030-06", "2030-06-15", "2031-02", "2030/2031", "../2030-12", "2031/.."]
claim_st = st.builds(
    rep, st.sampled_from("abcdefgh"),
    st.dates(min_value=date(2028, 1, 1), max_value=date(2032, 12, 31)),
    st.sampled_from(EDTFS), st.sampled_from(["planned", "actual"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(claim_st, max_size=8), claim_st,
       st.dates(min_value=date(2028, 1, 1), max_value=date(2032, 12, 31)))
def test_asof_invariants(claims, extra, on):
    claims = list({c.document: c for c in claims}.values())
    before = answer(claims, on)
    if before is not None:
        published = {c.document: c.published for c in claims}
        assert all(published[s] <= on for s in before.sources)  # never cites the future
    later = Reported("zz", on + timedelta(days=1), extra.time, extra.status)
    after = answer(claims + [later], on)
    assert (before and (before.time, before.sources)) == (after and (after.time, after.sources))
    shuffled = answer(list(reversed(claims)), on)
    assert (before and (before.time, before.status, before.sources)) == (
        shuffled and (shuffled.time, shuffled.status, shuffled.sources))
