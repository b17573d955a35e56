"""Posts read through the real pipeline, one construction per test: titles before and after
names, worded titles, appositions, appointments, pronouns, mission titles, affiliations, and
the country of a head of state or minister the text leaves implicit."""

from datetime import date

import pytest


@pytest.fixture(scope="module")
def posts_of(tmp_path_factory):
    import sfkg

    def run(body: str, published: str = "2030-06-10") -> set[tuple]:
        folder = tmp_path_factory.mktemp("p")
        (folder / "t.txt").write_text("A Headline About Space Cooperation News\n\n" + body + "\n")
        kg = sfkg.open("memory:")
        report = kg.ingest([folder / "t.txt"], published=date.fromisoformat(published))
        assert not report.failed, report.failed
        return {(c["s"]["label"], c["post"], c["org"]["label"] if c["org"] else None)
                for c in kg.claim_rows() if c["p"] == "post"}
    return run


def _person(found: set[tuple], name: str) -> set[tuple]:
    return {(post, org) for who, post, org in found if who == name}


def test_posts_title_keeps_its_complement_and_possessive_modifiers(posts_of):
    found = posts_of(
        "Maria Lopez, ESA's Director of Launchers and Ground Systems, opened the session. "
        "\"The work goes on,\" said Peter Hansen, JAXA's international affairs director.")
    assert ("Director of Launchers and Ground Systems", "European Space Agency") in \
        _person(found, "Maria Lopez")
    assert ("international affairs director", "Japan Aerospace Exploration Agency") in \
        _person(found, "Peter Hansen")
    assert not any(post == "Director" for _, post, _ in found)


def test_posts_deputy_title_before_the_name(posts_of):
    found = posts_of("On Monday, JAXA's deputy head Hiroshi Yamada said the probe was ready.")
    assert ("deputy head", "Japan Aerospace Exploration Agency") in _person(found, "Hiroshi Yamada")


def test_posts_former_and_next_titles_make_no_claim(posts_of):
    found = posts_of(
        "Former NASA Administrator John Carter visited the site in Toulouse on 3 May. "
        "The ESA Council today appointed Sarah Miller as ESA's next Director General.")
    assert _person(found, "John Carter") == set()
    assert _person(found, "Sarah Miller") == set()


def test_posts_appointment_with_its_pronoun_and_coordinated_titles(posts_of):
    found = posts_of(
        "Robert Klein had been appointed to lead the German Aerospace Center (DLR), "
        "as its new Chairman. "
        "Last week he was also named Director of the Italian Space Agency, as well as Director "
        "of the Indian Space Research Organisation.")
    mine = _person(found, "Robert Klein")
    assert ("Chairman", "German Aerospace Center") in mine
    assert ("Director", "Italian Space Agency") in mine
    assert ("Director", "Indian Space Research Organisation") in mine


def test_posts_mission_title_has_no_organisation(posts_of):
    found = posts_of("\"We are ready,\" said Chen Wei, the SVOM mission's spokesman.")
    assert _person(found, "Chen Wei") == {("spokesman", None)}


def test_posts_affiliation_without_title(posts_of):
    found = posts_of(
        "Anna Berg, of the German Aerospace Center, presented the results. "
        "In May, ESA's Luca Rossi and Marco Neri trained with the crew in Cologne.")
    assert (None, "German Aerospace Center") in _person(found, "Anna Berg")
    assert (None, "European Space Agency") in _person(found, "Luca Rossi")
    assert (None, "European Space Agency") in _person(found, "Marco Neri")


def test_posts_envoy_keeps_the_posting_and_takes_the_nationality(posts_of):
    found = posts_of("Li Ming, the Chinese Ambassador to Brazil, attended the ceremony in "
                     "Brasilia.")
    assert ("Ambassador to Brazil", "China") in _person(found, "Li Ming")


def test_posts_unit_named_after_the_organisation(posts_of):
    found = posts_of("The CNES President met the Chair of DLR's Supervisory Board, Anna Schmidt, "
                     "in Berlin on 2 February.")
    assert ("Chair of Supervisory Board", "German Aerospace Center") in \
        _person(found, "Anna Schmidt")


def test_posts_bare_head_of_state_takes_the_country_not_the_one_visited(posts_of):
    found = posts_of(
        "Sweden and Brazil signed the accord in Brasilia on 4 March, while President Erik "
        "Lindqvist was on a state visit to Brazil. Sweden will build the camera.")
    assert ("President", "Sweden") in _person(found, "Erik Lindqvist")
    assert ("President", "Brazil") not in _person(found, "Erik Lindqvist")


def test_posts_minister_before_a_comma_takes_the_country(posts_of):
    found = posts_of(
        "The signing, held while French President Paul Girard was on a state visit to Japan, "
        "was witnessed by the Minister for Digital Affairs, Claire Dubois.")
    assert ("President", "France") in _person(found, "Paul Girard")
    assert ("Minister for Digital Affairs", "France") in _person(found, "Claire Dubois")


def test_posts_job_at_an_organisation_and_title_in_a_comma_apposition(posts_of):
    found = posts_of("\"It works,\" said Tom Baker, a scientist at the National Space Science "
                     "Center. ESA's Director General, Josef Weber, agreed.")
    assert ("scientist", "National Space Science Center") in _person(found, "Tom Baker")
    assert ("Director General", "European Space Agency") in _person(found, "Josef Weber")


def test_posts_closed_term_and_surname_mentions(posts_of):
    found = posts_of(
        "Hugo Marchand, President of CNES from 2003 to 2013, spoke first. Paolo Conti, Head of "
        "Operations at the Italian Space Agency at the time, approved the plan. "
        "Karl Vogt met the delegation in Bonn on 2 May. Vogt currently serves as ESA Director "
        "of Space Transportation.")
    assert _person(found, "Hugo Marchand") == set()
    assert _person(found, "Paolo Conti") == set()
    assert ("Director of Space Transportation", "European Space Agency") in \
        _person(found, "Karl Vogt")


def test_posts_most_specific_organisation_and_bracketed_affiliation(posts_of):
    found = posts_of(
        "Marie Lefevre, Director of CNES's Toulouse Space Centre, welcomed the team. "
        "Taking part were Pierre Durand (Italian Space Agency) and Laura Bianchi, from the German "
        "Aerospace Center.")
    assert ("Director", "Toulouse Space Centre") in _person(found, "Marie Lefevre")
    assert (None, "Italian Space Agency") in _person(found, "Pierre Durand")
    assert (None, "German Aerospace Center") in _person(found, "Laura Bianchi")


def test_posts_plural_title_before_two_names(posts_of):
    found = posts_of("ESA astronauts Samantha Moretti and Thomas Berger trained in Cologne in May.")
    assert ("astronaut", "European Space Agency") in _person(found, "Samantha Moretti")
    assert ("astronaut", "European Space Agency") in _person(found, "Thomas Berger")


def test_posts_visitor_and_host_take_their_own_countries(posts_of):
    found = posts_of(
        "During his visit to India, President Marc Leblanc met Prime Minister Raj Kumar in New "
        "Delhi. India and France signed three agreements. The talks were prepared by Wang Qiang "
        "of the National Space Science Center.")
    assert ("President", "France") in _person(found, "Marc Leblanc")
    assert ("Prime Minister", "India") in _person(found, "Raj Kumar")
    assert (None, "National Space Science Center") in _person(found, "Wang Qiang")


def test_posts_title_reaching_the_person_through_an_object_pronoun(posts_of):
    found = posts_of("Karl Weber led the comet mission team for a decade. On Monday the government "
                     "named him CNES President.")
    assert ("President", "Centre national d'études spatiales") in _person(found, "Karl Weber")


def test_posts_caption_titles_in_brackets(posts_of):
    found = posts_of("Hiroshi Yamada (President, JAXA) and Li Ming (CNSA Administrator) after the "
                     "signing in Beijing on 4 May.")
    assert ("President", "Japan Aerospace Exploration Agency") in _person(found, "Hiroshi Yamada")
    assert ("Administrator", "China National Space Administration") in _person(found, "Li Ming")


def test_posts_title_before_the_name_and_organisation_after_it(posts_of):
    found = posts_of("Director General Wang Lei of the National Space Science Center opened the "
                     "forum. President Ana Lima of Brazil visited the launch centre on Monday.")
    assert _person(found, "Wang Lei") == {("Director General", "National Space Science Center")}
    assert ("President", "Brazil") in _person(found, "Ana Lima")


def test_posts_unknown_acronym_after_a_title_is_the_organisation(posts_of):
    found = posts_of(
        "The talks were hosted by the Velmora Research Centre (VRC) in Kestrel on 4 May. "
        "Dr. Anja Brill, Director General of VRC, opened the session. Also present was "
        "Tomas Orrin, Head of Flight Planning at VRC.")
    brill = _person(found, "Anja Brill")
    assert brill and all(post == "Director General" and org for post, org in brill)
    assert not any("VRC" in (post or "") for _, post, _ in found)


def test_posts_unknown_organisation_with_its_bracketed_acronym_before_the_name(posts_of):
    found = posts_of(
        "The accord was witnessed by the Director of the Office of Orbital Quarvel Studies "
        "(OOQS), Dr. Lena Marsh, in Kestrel on 4 May.")
    mine = _person(found, "Lena Marsh")
    assert ("Director", "Office of Orbital Quarvel Studies") in mine


def test_posts_envoy_posting_read_from_the_words_after_to(posts_of):
    found = posts_of(
        "The seminar opened in Velmora on 4 May. The programme was praised by Chinese Ambassador "
        "to Portugal Kim Tallis.")
    assert ("Ambassador to Portugal", "China") in _person(found, "Kim Tallis")


def test_posts_title_inside_a_person_mention_is_read(posts_of):
    found = posts_of(
        "Last January, the forum was showcased at the summit that French President Okafor "
        "organized with partners.")
    mine = {post for who, post, org in found if who.endswith("Okafor") and org == "France"}
    assert mine == {"President"}
