"""Date lines: each shape a page states its date in, the basis it gives, and what is no date line.

The pages are made up here in the shape of real ones (mastheads, menus, teasers, wire
datelines); none is copied from a corpus.
"""

from datetime import date

import pytest

from sfkg import datelines
from sfkg.document import read_document

BODY = ("The two agencies signed an agreement on the Kestrel-9 orbiter in Toulouse, and the "
        "orbiter is set to be launched from Kourou in the coming years.\n")


@pytest.mark.parametrize("line,expected", [
    ("21.03.2031 10:42", date(2031, 3, 21)),  # numeric, day first, with the clock
    ("by Staff Writers Leiden NL (SPX) Mar 03, 2031", date(2031, 3, 3)),  # a wire reprint's byline and dateline
    ("Leiden, South Holland, Netherlands (SPX) Mar 03, 2031", date(2031, 3, 3)),
    ("2031.7.4", date(2031, 7, 4)),  # numeric, year first
    ("2031-07-04", date(2031, 7, 4)),
    ("04/07/2031", date(2031, 4, 7)),  # slashes: month first when both readings fit (the time grammar)
    ("04.07.2031", date(2031, 7, 4)),  # dots: day first
    ("2031年7月4日 星期五", date(2031, 7, 4)),
    ("3 Mars 2031", date(2031, 3, 3)),
    ("March 3, 2031", date(2031, 3, 3)),
    ("Published on 3 March 2031", date(2031, 3, 3)),
    ("UPDATED: 2031-03-03 16:20 GMT", date(2031, 3, 3)),
    ("Date :03-Mar-2031", date(2031, 3, 3)),
    ("Press release issued: 3 March 2031", date(2031, 3, 3)),
    ("Dernière modification : 03/03/2031", date(2031, 3, 3)),
    ("Posted: Mar 3, 2031 07:15 AM", date(2031, 3, 3)),
    ("- Mar 03, 2031", date(2031, 3, 3)),  # a list item under the headline
    ("Editor: | Mar 03 , 2031", date(2031, 3, 3)),  # an empty byline field and the date
    ("toulouse, France (AFP) Mar 3, 2031", date(2031, 3, 3)),  # byline of a news site
    ("Mar 03, 2031 by Ana Lima", date(2031, 3, 3)),  # date then author
    ("(Wire)  09:05, March 3, 2031", date(2031, 3, 3)),  # wire, clock, date
    ("NAIROBI (Agency) - 3 March 2031", date(2031, 3, 3)),
    ("3rd March, 2031", date(2031, 3, 3)),
    ("Posted by Ana Lima on March 3, 2031", date(2031, 3, 3)),
    ("Source: Wire | 2031-03-03", date(2031, 3, 3)),
    ("Press release | 3 March 2031", date(2031, 3, 3)),
    ("Publié le 3 mars 2031", date(2031, 3, 3)),
    ("Toulouse, le 3 mars 2031", date(2031, 3, 3)),
    ("2031-03-03T10:00:00Z", date(2031, 3, 3)),
    ("Last Updated: Monday, March 3, 2031 - 10:00", date(2031, 3, 3)),
    ("(Andes Wire / Agency - 3rd March, 2031)", date(2031, 3, 3)),  # a source line alone
    ("21/03/2031 1204 views 17 likes", date(2031, 3, 21)),  # counters after the date
    ("21/03/2031 - PRESS RELEASE", date(2031, 3, 21)),  # the kind of item after the date
    ("March 21, 2031 Spaceflight", date(2031, 3, 21)),  # a site's section after the date
    ("By Ana Lima published March 21, 2031", date(2031, 3, 21)),  # a byline, then its label
    ("Home > News > 21 March 2031", date(2031, 3, 21)),  # a breadcrumb trail, then the date
    ("Agency / Science & Exploration / 21/03/2031", date(2031, 3, 21)),
    ("Updated 10:31 GMT (18:31 HKT) March 21, 2031", date(2031, 3, 21)),  # two clocks first
])
def test_read_line_states_the_date(line, expected):
    dl = datelines.read_line(line)
    assert dl is not None and dl.date == expected and dl.shape == "line"


@pytest.mark.parametrize("line", [
    "Home News Search Login Friday, Mar 7, 2031",  # the date of the day among the menu
    "© 2031 Example Space Agency. All rights reserved.",  # a copyright year
    "On 3 March 2031 the orbiter reached its first orbit around Mars.",  # a sentence
    "Updated : 09:07:40 GMT",  # a clock without a date
    "Views: 2031",
    "Launch window: 2031",
    "Launch: 3 March 2031",  # a fact box, not the page's date
    "Launch on 3 March 2031",
])
def test_read_line_refuses_what_is_no_date_line(line):
    assert datelines.read_line(line) is None


def test_ambiguous_numeric_date_follows_the_page():
    """"04/07/2031" is 7 April unless the page writes its dates day first ("3 March")."""
    assert datelines.read_line("04/07/2031 520 views").date == date(2031, 4, 7)
    assert datelines.read_line("04/07/2031 520 views", page_day_first=True).date == date(2031, 7, 4)
    assert datelines.writes_day_first("set to fly on Friday 3 March, and by 17th May it")
    assert not datelines.writes_day_first("set to fly on Friday, March 3, and by May 17 it")
    assert datelines.writes_day_first("on 3 May aboard a Long March 5 rocket")
    # numeric dates that read only one way ("31/01/2031") say how the page writes them
    assert datelines.writes_day_first("Orsova passes its tests   31/01/2031\nCrew back   14/12/2030")
    assert not datelines.writes_day_first("Orsova passes its tests   01/31/2031")


def test_read_line_run_in_headline():
    dl = datelines.read_line("3 March 2031Kestrel-9 orbiter reaches Mars")
    assert dl.shape == "run-in" and dl.date == date(2031, 3, 3)
    assert dl.headline == "Kestrel-9 orbiter reaches Mars"


def test_read_line_updated_label_is_marked():
    assert datelines.read_line("Last updated: 5 March 2031").updated
    assert not datelines.read_line("Published: 5 March 2031").updated
    assert datelines.read_line("By Ana Lima last updated 5 March 2031").updated


@pytest.mark.parametrize("paragraph,expected,partial", [
    ("NAIROBI, 3 March 2031 (Agency News) – The regional agency said", date(2031, 3, 3), None),
    ("LIMA (Andes Wire / Agency - 3rd March, 2031) The space agency of Peru", date(2031, 3, 3), None),
    ("QUITO, March 3 (Wire) -- The agency said on Monday", None, "March 3"),
    ("SANTIAGO. Mar. 3 (Agency) - A memorandum was signed", None, "Mar. 3"),
    ("BOGOTA -- March 3, 2031 -- The agency said", date(2031, 3, 3), None),
    ("Osterfeld, Germany (SPX) Mar 03, 2031 - The Kestrel antenna will fly", date(2031, 3, 3), None),
    ("Leiden, the Netherlands (SPX) Mar 03, 2031 The Kestrel antenna will fly", date(2031, 3, 3), None),
    ("by Staff Writers Leiden NL (SPX) Mar 03, 2031 The Kestrel antenna will fly", date(2031, 3, 3), None),
])
def test_read_wire(paragraph, expected, partial):
    dl = datelines.read_wire(paragraph)
    assert dl is not None and (dl.date, dl.partial) == (expected, partial)


@pytest.mark.parametrize("paragraph", [
    "NAIROBI: The regional agency said on Monday that it would launch a probe.",
    "PARIS (Agency) - The agency said on Tuesday that the probe was ready.",
    "In March 2031, the agency said, the probe was ready.",
])
def test_read_wire_refuses_a_dateline_without_a_date(paragraph):
    dl = datelines.read_wire(paragraph)
    assert dl is None or (dl.date is None and dl.partial is None)


# Whole pages: the date line among the page's furniture, with the date and basis read.
PAGES = {
    "masthead date of the day, dated story below the headline": (
        "Facebook Twitter YouTube Weibo Wednesday, Mar 12, 2031\nArchive\nSearch\n\n"
        "Kestrel-9 orbiter and its partners reach a new agreement\n\n(Wire)   13:51, March 3, 2031\n\n"
        + BODY, date(2031, 3, 3)),
    "date run into the headline, copyright footer under it": (
        "3 March 2031Kestrel-9 orbiter reaches Mars\n\n"
        "© 2032 Example Observatory | Site by Somebody.\n\n" + BODY, date(2031, 3, 3)),
    "byline line of a news site": (
        "Sign up for our daily newsletters\n. Orbit News 24/7 .\n\n"
        "Kestrel-9 payload is set for lift-off\nby Staff Writers\n"
        "toulouse, France (AFP) Mar 3, 2031\n\n" + BODY, date(2031, 3, 3)),
    "published line below a teaser": (
        "You are here : Home > News > Kestrel-9 orbiter is ready\n\n"
        "Kestrel-9: orbiter is ready to fly!\n\n"
        "The orbiter that the agency built for the Kestrel-9 mission can now be shipped to the "
        "launch site, two years after its design review.\n\nPublished on 3 March 2031\n\n" + BODY,
        date(2031, 3, 3)),
    "updated line under a share bar": (
        "Kestrel-9 orbiter to fly with four partner payloads\n\nCopy link\n"
        "Updated 3 March 2031\nFollow us\n\n" + BODY, date(2031, 3, 3)),
    "published wins over updated": (
        "Kestrel-9 orbiter to fly with four partner payloads\n\nUpdated: 2031-03-09\n"
        "Published: 2031-03-03\n\n" + BODY, date(2031, 3, 3)),
    "wire dateline in the first paragraph after a caption": (
        "Agencies call for experiments aboard the Kestrel station\n\n"
        "(Credit: Example Agency) The Kestrel station as an artist imagines it, seen from orbit.\n\n"
        "NAIROBI, 3 March 2031 (Agency News) – " + BODY, date(2031, 3, 3)),
    "a date of the day above the headline loses to the story's date": (
        "Wednesday, 12 March 2031\n\nKestrel-9 orbiter to fly with four partner payloads\n\n"
        "March 3, 2031\n\n" + BODY, date(2031, 3, 3)),
    "wire dateline with the date inside the brackets": (
        "LIMA (Andes Wire / Agency - 3rd March, 2031) " + BODY, date(2031, 3, 3)),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_date_is_stated(tmp_path, name):
    page, expected = PAGES[name]
    (tmp_path / "p.txt").write_text(page, encoding="utf-8")
    d = read_document(tmp_path / "p.txt")
    assert (d.published, d.published_basis) == (expected, "stated")
    assert len(d.body) == len(d.text)


def test_page_without_date_line_has_none_and_a_sidecar_wins(tmp_path):
    """A copyright year and a masthead date of the day are no publication date; a sidecar's
    date is taken as given, over any date line."""
    (tmp_path / "p.txt").write_text(
        "Home News Search Login Friday, Mar 14, 2031\n\nKestrel-9 orbiter reaches its orbit\n\n"
        + BODY + "\n© 2031 Example Agency. All rights reserved.\n", encoding="utf-8")
    d = read_document(tmp_path / "p.txt")
    assert d.published is None and d.dateline_partial is None
    (tmp_path / "q.txt").write_text("Published: 2031-03-03\n\nKestrel-9 orbiter reaches its orbit\n\n"
                                    + BODY, encoding="utf-8")
    (tmp_path / "q.meta.yaml").write_text("published: 2031-03-05\n")
    d = read_document(tmp_path / "q.txt")
    assert (d.published, d.published_basis) == (date(2031, 3, 5), "given")


def test_page_wire_dateline_without_year_is_partial(tmp_path):
    (tmp_path / "w.txt").write_text("QUITO, March 3 (Wire) -- " + BODY, encoding="utf-8")
    d = read_document(tmp_path / "w.txt")
    assert d.published is None and d.dateline_partial == "March 3"


def test_date_line_with_a_source_keeps_the_source(tmp_path):
    (tmp_path / "p.txt").write_text("Kestrel-9 orbiter reaches its orbit\n\nSource: Wire | 2031-03-03\n\n"
                                    + BODY, encoding="utf-8")
    d = read_document(tmp_path / "p.txt")
    assert d.published == date(2031, 3, 3) and "Source: Wire" in d.body and "2031-03-03" not in d.body


def test_date_of_a_date_line_is_blanked_but_the_wire_name_kept(tmp_path):
    (tmp_path / "p.txt").write_text(
        "Kestrel-9 payload is set for lift-off\nby Staff Writers\n"
        "toulouse, France (AFP) Mar 3, 2031\n\n" + BODY, encoding="utf-8")
    d = read_document(tmp_path / "p.txt")
    assert "Mar 3, 2031" not in d.body and "(AFP)" in d.body
