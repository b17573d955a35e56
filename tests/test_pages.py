"""Pages sfkg was not written against: invented pages in the shapes that news and agency sites
use (wire reprints, mastheads with the date of the day, listings, related/tags/share blocks,
credits, cookie banners, footers, newsletters, "Last modified" lines, other languages' month
names, time zones). Each states its publication date; its furniture must leave the body."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from sfkg import datelines
from sfkg.document import read_document

PAGES = Path(__file__).parent / "data" / "pages"
CASES = yaml.safe_load((PAGES / "cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_page(case):
    doc = read_document(PAGES / case["file"])
    expected = case["published"]
    assert doc.published == expected
    assert doc.published_basis == ("stated" if expected else None)
    if "title" in case:
        assert doc.title == case["title"]
    body = doc.body
    for s in case["furniture"]:
        assert s not in body, f"furniture left in the body: {s!r}"
    for s in case["article"]:
        assert s in body, f"article text blanked: {s!r}"


@pytest.mark.parametrize("line,day", [
    ("Publicado: 14 de marzo de 2031", date(2031, 3, 14)),
    ("Veröffentlicht am 3. März 2032", date(2032, 3, 3)),
    ("Pubblicato il 9 settembre 2030", date(2030, 9, 9)),
    ("Wednesday, 21 November 2029", date(2029, 11, 21)),
    ("Published: 5 Nov 2030, 21:10 AEDT", date(2030, 11, 5)),
    ("March 4, 2031 at 9:00 a.m. EST", date(2031, 3, 4)),
    ("Mar. 4, 2031, 9:00 PM ET", date(2031, 3, 4)),
    ("Date de publication : 4 mars 2031", date(2031, 3, 4)),
    ("Published 4 March 2031 · 5 min read", date(2031, 3, 4)),
])
def test_date_lines_in_other_shapes(line, day):
    dl = datelines.read_line(line)
    assert dl is not None and dl.date == day and dl.whole


@pytest.mark.parametrize("line,day,updated", [
    ("By Jane Roe | Published March 4, 2031", date(2031, 3, 4), False),
    ("Updated: 5 March 2031 | Published: 4 March 2031", date(2031, 3, 4), False),
    ("Last modified on 5 March 2031", date(2031, 3, 5), True),
    ("2031年3月4日 09:00 来源：新华网", date(2031, 3, 4), False),
])
def test_date_lines_with_bylines_and_second_dates(line, day, updated):
    dl = datelines.read_line(line)
    assert dl is not None and (dl.date, dl.updated) == (day, updated)


@pytest.mark.parametrize("line", [
    "The satellite was launched on 3 March 2031 from Kourou.",
    "© 2032 Stellar Beat Media Group. All rights reserved.",
    "Marzo 2031 fue un buen mes para la agencia espacial del país.",
    "4 March 2031 was a good day for the agency",
    "The launch took place on 4 March 2031 at 9:00 a.m. EST from the site.",
])
def test_not_date_lines(line):
    assert datelines.read_line(line) is None
