from datetime import date

import pytest

from sfkg.document import read_document
from sfkg.errors import DocumentError

from .conftest import SEEDS, seed_file


@pytest.mark.parametrize("prefix,published,basis", [
    ("000", None, None), ("001", None, None),
    ("002", date(2021, 3, 9), "stated"), ("003", date(2020, 10, 2), "stated"),
    ("004", date(2024, 7, 13), "stated"),
])
def test_document_dateline(prefix, published, basis):
    d = read_document(SEEDS / seed_file(prefix))
    assert (d.published, d.published_basis) == (published, basis)


def test_document_boilerplate_is_blanked_with_offsets_kept():
    d = read_document(SEEDS / seed_file("000"))
    assert len(d.body) == len(d.text)
    assert "Check Also" not in d.body and "Sidus" not in d.body
    assert "ISU MSS" not in d.body  # the banner above the title
    assert d.title.startswith("France And China")
    contacts = read_document(SEEDS / seed_file("002"))
    assert "Press Officer" not in contacts.body and "+33" not in contacts.body


def test_document_errors(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    (tmp_path / "x.pdf").write_text("text")
    for name, problem in [("empty.txt", "empty"), ("bin.txt", "binary"), ("x.pdf", "unsupported"),
                          ("missing.txt", "no such file")]:
        with pytest.raises(DocumentError) as err:
            read_document(tmp_path / name)
        assert problem in str(err.value) and name in str(err.value)
        assert "\n" not in str(err.value)


def test_document_decodes_latin1_and_gb18030(tmp_path):
    (tmp_path / "fr.txt").write_bytes("Le président du CNES a signé un accord à Paris.".encode("latin-1"))
    assert "président" in read_document(tmp_path / "fr.txt").text
    (tmp_path / "zh.txt").write_bytes("中国国家航天局与法国国家空间研究中心签署合作协议。".encode("gb18030"))
    assert "国家航天局" in read_document(tmp_path / "zh.txt").text


def test_document_sidecar_gives_the_date(tmp_path):
    (tmp_path / "a.txt").write_text("A Headline About Space Cooperation Here\n\nThe agency met.\n")
    (tmp_path / "a.meta.yaml").write_text("published: 2031-02-17\npublisher: Example Press\n")
    d = read_document(tmp_path / "a.txt")
    assert (d.published, d.published_basis, d.publisher) == (date(2031, 2, 17), "given", "Example Press")
    (tmp_path / "a.meta.yaml").write_text("published: 2031-02-17\npublished_basis: given\n")
    assert read_document(tmp_path / "a.txt").published_basis == "given"  # the gold format's key
    (tmp_path / "a.meta.yaml").write_text("published: 2031-02-17\npublished_basis: stated\n")
    with pytest.raises(DocumentError, match="can only be given"):
        read_document(tmp_path / "a.txt")
    (tmp_path / "a.meta.yaml").write_text("published: 2031-02-17\ncolour: red\n")
    with pytest.raises(DocumentError, match="unknown sidecar key"):
        read_document(tmp_path / "a.txt")
    (tmp_path / "a.meta.yaml").write_text("published: soon\n")
    with pytest.raises(DocumentError, match="not a date"):
        read_document(tmp_path / "a.txt")


def test_document_html(tmp_path):
    (tmp_path / "p.html").write_text(
        "<html><head><title>Site</title><meta property='article:published_time' "
        "content='2030-05-04T10:00:00Z'><script>var x = 'March 3, 2020';</script></head>"
        "<body><nav>Home | News</nav><h1>Agencies Sign A New Space Accord</h1>"
        "<p>The two agencies signed an agreement in Paris.</p><footer>Copyright 2030</footer>"
        "</body></html>", encoding="utf-8")
    d = read_document(tmp_path / "p.html")
    assert d.title == "Agencies Sign A New Space Accord"
    assert d.published == date(2030, 5, 4) and d.published_basis == "stated"
    assert "var x" not in d.text and "Home | News" not in d.text and "Copyright" not in d.body


def test_document_wire_dateline_without_year_takes_the_year_from_the_body(tmp_path):
    """The dateline gives month and day, the body the year: the date is inferred, not stated."""
    import sfkg

    (tmp_path / "w.txt").write_text(
        "PARIS, March 4 (AFP) - The agency said on Tuesday that the Kestrel-7 satellite was "
        "launched on 1 March 2031 from Kourou.\n")
    kg = sfkg.open("memory:")
    assert not kg.ingest([tmp_path]).failed
    [doc] = kg.document_rows()
    assert (doc["published"], doc["published_basis"]) == ("2031-03-04", "inferred")


@pytest.mark.parametrize("line,expected", [
    ("Toulouse, 18 September 2024", date(2024, 9, 18)),
    ("UPDATED: 2031-02-17", date(2031, 2, 17)),
    ("Published on 3rd May, 2030", date(2030, 5, 3)),
    ("BEIJING (Xinhua) - 12 Janvier 2030", date(2030, 1, 12)),
])
def test_document_dateline_forms(tmp_path, line, expected):
    (tmp_path / "d.txt").write_text(f"{line}\n\nA Headline About A New Space Accord\n\n"
                                    "The two agencies signed an agreement in Paris on Monday.\n")
    d = read_document(tmp_path / "d.txt")
    assert (d.published, d.published_basis) == (expected, "stated")


PARA = ("The agency said on Monday that the Kestrel-9 orbiter, which carries a camera built by "
        "the Example Institute, passed its last tests in Toulouse before shipment.")


def _page(tmp_path, text):
    (tmp_path / "page.txt").write_text(text, encoding="utf-8")
    d = read_document(tmp_path / "page.txt")
    assert len(d.body) == len(d.text)
    return d


def test_furniture_masthead_menu_and_placeholders_are_cut(tmp_path):
    d = _page(tmp_path, "Orbit Daily (Asia Edition)\n\nHome | Missions | Science | About us\n\n"
                        "Kestrel-9 orbiter passes its last tests\n\nillustration only\n"
                        "kestrel9_cleanroom.jpg\n\n" + PARA + "\n\n"
                        "The orbiter in the cleanroom of the Example Institute. (Photo: Example Agency)\n"
                        "\nFacebook Twitter LinkedIn\n")
    assert d.title == "Kestrel-9 orbiter passes its last tests"
    for gone in ("Orbit Daily", "Missions", "illustration only", ".jpg", "LinkedIn"):
        assert gone not in d.body
    assert "(Photo: Example Agency)" in d.body  # a caption and its credit are article text


def test_furniture_repeated_site_name_is_cut_also_when_glued_to_the_headline(tmp_path):
    d = _page(tmp_path, "Orbit Today - orbittoday\n" * 3 + "\nOrbit Today - orbittoday Kestrel-9 "
                        "orbiter passes its last tests\n\n" + PARA + "\norbittoday\n")
    assert "orbittoday" not in d.body and "Orbit Today" not in d.body
    assert "Kestrel-9 orbiter passes its last tests" in d.body


def test_furniture_inline_teasers_and_related_links(tmp_path):
    d = _page(tmp_path, "Kestrel-9 orbiter passes its last tests\n\n" + PARA + "\n"
                        "Zephyr Motors recalls its Gale sedan over brake fault\n"
                        "The Kestrel-9 team now prepares the shipment to Kourou.\n"
                        "Kestrel-9 on its way to Kourou\n"
                        "RelatedOrbit programme: the latest news\n"
                        "The Example Institute will follow the launch from Toulouse.\n")
    assert "Zephyr" not in d.body and "RelatedOrbit" not in d.body
    assert "Kestrel-9 on its way to Kourou" in d.body  # a subheading of the article
    assert "follow the launch" in d.body  # an inline "Related" link does not end the article


def test_furniture_other_items_of_a_listing_page(tmp_path):
    d = _page(tmp_path, "Kestrel-9 Launch Date Moved by the Agency\n\n" + PARA + "\n\n"
                        "Kestrel-9 Orbiter Encapsulated as Readiness Review Ends\n\n"
                        "Teams of the Example Institute met on Dec. 9 for the readiness review.\n")
    assert "Readiness Review" not in d.body and "Dec. 9" not in d.body
    assert "passed its last tests" in d.body


def test_furniture_tail_marker_ends_the_article(tmp_path):
    d = _page(tmp_path, "Kestrel-9 orbiter passes its last tests\n\n" + PARA + "\n\nRelated stories\n"
                        "Zephyr Motors recalls its Gale sedan\n\nMedia contact\nJane Roe, +33 5 61 00 00 00\n")
    assert "Zephyr" not in d.body and "Jane Roe" not in d.body and "passed its last tests" in d.body


def test_html_furniture_elements_are_dropped_and_captions_kept(tmp_path):
    (tmp_path / "p.html").write_text(
        "<html><head><meta name='date' content='2031-03-03'></head><body>"
        "<div class='site-masthead'>Orbit Daily</div><article><h1>Kestrel-9 Orbiter Ships To Kourou</h1>"
        f"<p>{PARA}</p><figure><img src='k9.jpg' alt='k9'><figcaption>The orbiter in Toulouse. "
        "(Photo: Example Agency)</figcaption></figure>"
        "<div class='related-posts'><h3>More</h3><ul><li>Zephyr Motors recalls Gale</li></ul></div>"
        "<p>It is set to be launched in May.</p><div id='social_share'>Share Tweet</div></article>"
        "</body></html>", encoding="utf-8")
    d = read_document(tmp_path / "p.html")
    assert d.title == "Kestrel-9 Orbiter Ships To Kourou" and d.published == date(2031, 3, 3)
    assert "Orbit Daily" not in d.text and "Zephyr" not in d.text and "Tweet" not in d.text
    assert "(Photo: Example Agency)" in d.body and "launched in May" in d.body


def test_html_article_header_is_read_and_the_site_header_is_not(tmp_path):
    (tmp_path / "p.html").write_text(
        "<html><head><title>Orbit Daily | Kestrel</title></head><body>"
        "<header><h1>Orbit Daily</h1><nav>Home News</nav></header><main><article><header>"
        "<h1>Kestrel-9 Orbiter Ships To Kourou</h1><p>By Ana Lima</p>"
        "<time datetime='2031-03-03'>3 March 2031</time></header>"
        f"<p>{PARA}</p><footer>Tags: orbit</footer></article></main></body></html>", encoding="utf-8")
    d = read_document(tmp_path / "p.html")
    assert d.title == "Kestrel-9 Orbiter Ships To Kourou" and d.published == date(2031, 3, 3)
    assert "By Ana Lima" in d.body and "Orbit Daily" not in d.text and "Tags" not in d.text


def test_listing_items_with_their_own_date_lines(tmp_path):
    """A blog listing: each item has a headline and a date line; the first is the story."""
    d = _page(tmp_path, "Kestrel-9 orbiter passes its last tests\nMar 03, 2031 by Ana Lima\n\n" + PARA
              + "\n\nZephyr rover team picks its landing site\nFeb 27, 2031 by Rui Costa\n\n"
              "The Zephyr team of the Example Institute chose a crater near the pole for the rover.\n")
    assert d.published == date(2031, 3, 3)
    assert "Zephyr" not in d.body and "Rui Costa" not in d.body and "Ana Lima" in d.body


def test_html_a_class_on_a_wrapper_does_not_drop_the_article(tmp_path):
    (tmp_path / "p.html").write_text(
        "<html><body class='single has-sidebar'><div id='page' class='site has-sidebar'>"
        f"<h1>Kestrel-9 Orbiter Ships To Kourou</h1><p>{PARA}</p>"
        "<aside><time datetime='2030-01-01'>1 Jan</time></aside>"
        "<div class='related'><time datetime='2030-02-02'></time>Zephyr Motors recalls Gale</div>"
        "<p>Published 3 March 2031</p></div></body></html>", encoding="utf-8")
    d = read_document(tmp_path / "p.html")
    assert "passed its last tests" in d.body and d.title == "Kestrel-9 Orbiter Ships To Kourou"
    assert d.published == date(2031, 3, 3)  # not the date of a related story


def test_bulleted_list_is_no_next_listing_item(tmp_path):
    """A title-case bulleted line ("• Visible Emission Line Coronagraph (VELC) - Institute of
    X, Town") under a title-case headline is a list item of the body, not the next story of a
    listing page: what follows it stays in the body."""
    (tmp_path / "a.txt").write_text(
        "Kestrel-9: Orbit Insertion Accomplished\n\n3 March 2031\n\n"
        "The Kestrel-9 observatory reached its halo orbit today after a cruise of four months, "
        "the agency said in a statement.\n\nIts payloads and the centres that built them are:\n\n"
        "• Wide Field Dust Imaging Camera (WDC) - Institute of Dust Studies (IDS), Toulouse\n"
        "• Narrow Field Plasma Analyser Package (NPA) - Orbital Physics Laboratory (OPL), Lyon\n\n"
        "Both payloads were switched on during the cruise and have been collecting data since "
        "January.\n", encoding="utf-8")
    d = read_document(tmp_path / "a.txt")
    assert "Narrow Field Plasma Analyser Package" in d.body
    assert "Both payloads were switched on" in d.body


@pytest.mark.parametrize("marker", ["[Related]", "More from Orbit News Daily", "Correlati",
                                    "À lire aussi", "## Related:"])
def test_tail_markers_of_other_shapes(tmp_path, marker):
    """A related list opened by "[Related]", "More from SITE" or a marker in the page's own
    language is furniture, with everything after it."""
    (tmp_path / "a.txt").write_text(
        "Kestrel-9 Reaches Its Orbit\n\n3 March 2031\n\n"
        "The Kestrel-9 observatory reached its halo orbit today after a cruise of four months, "
        "the agency said in a statement.\n\n"
        f"{marker}\n- Zorvath rover returns first images of the crater\n- Falcon launches next week\n",
        encoding="utf-8")
    d = read_document(tmp_path / "a.txt")
    assert "Kestrel-9 observatory reached" in d.body
    assert "Zorvath" not in d.body and "Falcon" not in d.body
