"""Payloads, builders and mission events on small texts through the real pipeline: payload
lists, "X, developed by Y", relative clauses, unnamed payloads, undated and superseded plans."""


import pytest


@pytest.fixture
def extract(extract_text):
    return extract_text


def _pairs(claims, p):
    """(subject, object) by every label of each (an agency is known by its acronym too)."""
    return {(s, o) for c in claims if c["p"] == p
            for s in [c["s"]["label"], *c["s"].get("labels", [])]
            for o in [c["o"]["label"], *c["o"].get("labels", [])]}


def _events(claims, p="launch"):
    return [(c["s"]["label"], c.get("time"), c["status"]) for c in claims if c["p"] == p]


def test_payloads_list_after_a_colon_is_carried_by_the_mission_it_points_back_to(extract):
    claims = extract(
        "The Kestrel-7 satellite was presented in Toulouse on Monday. "
        "It is to take three instruments aloft: the KSX spectrometer, the KMC camera and the "
        "KRD radar.")
    carried = _pairs(claims, "carries")
    assert {("Kestrel-7", "KSX"), ("Kestrel-7", "KMC"), ("Kestrel-7", "KRD")} <= carried
    claims = extract("The Kestrel-7 satellite was presented on Monday. "
                     "Its instruments: the KSX spectrometer, the KMC camera and the KRD radar.")
    assert {("Kestrel-7", "KSX"), ("Kestrel-7", "KMC"), ("Kestrel-7", "KRD")} <= _pairs(claims, "carries")


def test_payloads_participle_with_co_builder_and_relative_clause(extract):
    claims = extract(
        "The KSX spectrometer, developed by CNES along with DLR, will fly on the Kestrel-7 "
        "satellite. The KMC camera, which the Italian Space Agency built, completes the payload.")
    built = _pairs(claims, "built_by")
    assert ("KSX", "CNES") in built and ("KSX", "German Aerospace Center") in built
    assert ("KMC", "Italian Space Agency") in built
    assert ("Kestrel-7", "KSX") in _pairs(claims, "carries")


def test_payloads_contribution_without_an_object_and_a_host_are_no_builders(extract):
    claims = extract(
        "The KSX spectrometer, to which DLR contributed, will fly on the Kestrel-7 satellite. "
        "A payload for the Kestrel-7 satellite was provided by ESA.")
    built = _pairs(claims, "built_by")
    assert ("KSX", "German Aerospace Center") not in built
    assert not any(s == "Kestrel-7" for s, _ in built)


def test_payloads_unnamed_payload_stands_for_the_instrument_named_nearby(extract):
    claims = extract(
        "Building of an advanced radar has been completed by CNES. "
        "On the Kestrel-7 mission, the KRD instrument is a radar that will map the ice.")
    assert ("KRD", "CNES") in _pairs(claims, "built_by")


def test_payloads_planned_launch_without_a_date(extract):
    claims = extract("Mounted on the Kestrel-7 lander, the KSX spectrometer is about to leave for Mars.")
    assert ("Kestrel-7", None, "planned") in _events(claims)


def test_payloads_successful_launch_without_a_date_is_actual(extract):
    claims = extract("ESA congratulated CNES on the Kestrel-7 satellite's successful launch.")
    assert _events(claims) == [("Kestrel-7", None, "actual")]


def test_payloads_an_undated_mention_of_a_dated_launch_is_the_same_event(extract):
    claims = extract(
        "The Kestrel-7 satellite lifted off on 3 May 2030. "
        "Engineers celebrated the Kestrel-7 satellite's successful launch.")
    assert _events(claims) == [("Kestrel-7", "2030-05-03", "actual")]


def test_payloads_superseded_plan_dates_nothing(extract):
    claims = extract(
        "The launch of the Kestrel-7 satellite, originally set for December 2030, is now "
        "planned for March 2031.")
    assert _events(claims) == [("Kestrel-7", "2031-03", "planned")]
    claims = extract(
        "The launch of the Kestrel-7 satellite, which had been slated for 2030, will now take "
        "place in 2032.", "2029-06-10")
    assert _events(claims) == [("Kestrel-7", "2032", "planned")]


def test_payloads_an_unnamed_satellite_launch_is_no_claim_of_the_mission_before(extract):
    claims = extract(
        "The Kestrel-7 satellite will study the ice of Mars. "
        "China has become a major space power since its first satellite was launched in 1970.")
    assert _events(claims) == []


def test_payloads_a_delay_dates_the_launch_by_the_new_plan(extract):
    claims = extract("The launch of the Kestrel-7 satellite has been delayed from March 2031 to June 2031.")
    assert _events(claims) == [("Kestrel-7", "2031-06", "planned")]


def test_payloads_a_mission_scheduled_for_a_date_is_its_launch(extract):
    claims = extract("The Kestrel-7 probe, scheduled for 2032, will study Venus. "
                     "The agreement, expected in 2031, covers the Kestrel-7 probe.")
    assert _events(claims) == [("Kestrel-7", "2032", "planned")]


def test_payloads_builder_of_a_gerund_and_plural_unnamed_payloads(extract):
    claims = extract(
        "In developing the new instruments for the Kestrel-7 satellite, CNES will work with "
        "several laboratories. The contribution is made up of the KSX spectrometer and the KMC "
        "camera.")
    built = _pairs(claims, "built_by")
    assert ("KSX", "CNES") in built and ("KMC", "CNES") in built


def test_payloads_a_supporter_is_no_builder(extract):
    claims = extract("ESA will support CNES in developing the KSX spectrometer for the Kestrel-7 satellite.")
    built = _pairs(claims, "built_by")
    assert ("KSX", "CNES") in built and ("KSX", "ESA") not in built


def test_payloads_a_payload_flying_on_a_dated_mission_gives_the_mission_launch(extract):
    claims = extract("Under the deal, the first rover of the country is to fly in 2033 as part of "
                     "the Kestrel-7 mission.")
    assert _events(claims) == [("Kestrel-7", "2033", "planned")]


def test_payloads_fitted_to_a_mission_are_the_instruments_the_next_sentence_names(extract):
    claims = extract("Two countries will each have payloads fitted to the Kestrel-7 lander. "
                     "France supplied the KSX spectrometer, and Italy built the KMC camera.")
    assert {("Kestrel-7", "KSX"), ("Kestrel-7", "KMC")} <= _pairs(claims, "carries")
    assert {("KSX", "France"), ("KMC", "Italy")} <= _pairs(claims, "built_by")


def test_payloads_a_launch_due_on_a_weekday_is_the_next_one(extract):
    # 2030-06-08 is a Saturday: "due to lift off Sunday" is 9 June
    claims = extract("The Kestrel-7 probe is due to lift off Sunday.", "2030-06-08")
    assert _events(claims) == [("Kestrel-7", "2030-06-09", "planned")]


def test_payloads_two_builders_of_one_instrument_and_a_caption(extract):
    claims = extract(
        "The KSX spectrometer, which CNES and DLR developed jointly, will map the ice.\n\n"
        "The KMC camera integrated on the Kestrel-7 satellite (Credit: ESA)")
    built = _pairs(claims, "built_by")
    assert ("KSX", "CNES") in built and ("KSX", "German Aerospace Center") in built
    assert ("Kestrel-7", "KMC") in _pairs(claims, "carries")


def test_payloads_listed_by_these_are_after_a_counted_set_on_the_carrier(extract):
    claims = extract(
        "The Kestrel-7 satellite was launched on Monday. Of the six instruments carried on the "
        "satellite, two were built in France. These are the KSX spectrometer and the KMC camera.")
    assert {("Kestrel-7", "KSX"), ("Kestrel-7", "KMC")} <= _pairs(claims, "carries")
    claims = extract(
        "The Kestrel-7 satellite was launched on Monday. Two teams won prizes in Paris. "
        "These are the KSX spectrometer and the KMC camera.")
    assert not _pairs(claims, "carries")


def test_payloads_gapped_list_of_builders_and_payloads(extract):
    claims = extract(
        "France, Italy and Germany will have payloads on the Kestrel-7 lander. "
        "France supplied the KSX spectrometer, the Italians the KMC camera, and the Germans the "
        "KRD radar.")
    built = _pairs(claims, "built_by")
    assert {("KSX", "France"), ("KMC", "Italy"), ("KRD", "Germany")} <= built
    assert ("KMC", "France") not in built and ("KRD", "Italy") not in built


def test_payloads_a_mission_conjoined_to_a_scheduled_one_has_its_own_date(extract):
    claims = extract("Two missions to the Moon are being readied by China: the Kestrel-7 probe, expected "
                     "around 2031, and the Kestrel-8 mission, devoted to mapping, no earlier than 2033.")
    events = _events(claims)
    assert ("Kestrel-7", "2031", "planned") in events
    assert ("Kestrel-8", "2033/..", "planned") in events


def test_payloads_a_coarse_and_a_fine_date_of_one_plan_are_one_claim(extract):
    claims = extract("The Kestrel-7 probe will be launched later this year. "
                     "Its launch is set for November 2030.")
    assert _events(claims) == [("Kestrel-7", "2030-11", "planned")]


def test_payloads_an_unnamed_instrument_does_not_reach_across_another_mission(extract):
    claims = extract("The KSX spectrometer will fly on the Kestrel-7 satellite. "
                     "Engineers finished the tests in May. The instrument was built by CNES.")
    assert ("KSX", "CNES") in _pairs(claims, "built_by")
    claims = extract("The KSX spectrometer will fly on the Kestrel-7 satellite. "
                     "The Kestrel-9 probe was launched in May. The instrument was built by CNES.")
    assert ("KSX", "CNES") not in _pairs(claims, "built_by")


def test_payloads_a_plural_pronoun_opening_a_carry_clause_stands_for_the_instruments_before(extract):
    claims = extract("The KSX spectrometer was supplied by France, and the KMC camera by Italy. "
                     "Both will fly on the Kestrel-7 satellite.")
    assert {("Kestrel-7", "KSX"), ("Kestrel-7", "KMC")} <= _pairs(claims, "carries")
    claims = extract("The KSX spectrometer was built by CNES. The KMC camera was built by Italy. "
                     "They will be installed on the Kestrel-7 lander.")
    assert {("Kestrel-7", "KSX"), ("Kestrel-7", "KMC")} <= _pairs(claims, "carries")
    claims = extract("The KSX spectrometer was tested in Toulouse on Monday. "
                     "Engineers said they will fly on the Kestrel-7 satellite.")
    assert not _pairs(claims, "carries")


def test_payloads_an_ordinal_list_after_a_count_on_the_carrier(extract):
    claims = extract("The Kestrel-7 satellite carries two French instruments. The first is the KSX "
                     "spectrometer, developed by CNES. The second is the KMC camera, built by Thales "
                     "Alenia Space.")
    assert {("Kestrel-7", "KSX"), ("Kestrel-7", "KMC")} <= _pairs(claims, "carries")
    assert ("KMC", "Thales Alenia Space") in _pairs(claims, "built_by")


def test_payloads_a_fronted_participle_is_about_the_clause_subject(extract):
    claims = extract("Developed by CNES, the KSX spectrometer will be carried by the Kestrel-7 satellite.")
    assert ("KSX", "CNES") in _pairs(claims, "built_by")


def test_payloads_builders_realised_at_a_part_both_and_a_gap_after_and(extract):
    claims = extract("The KSX spectrometer, which will fly on the Kestrel-7 satellite, was realised at "
                     "the Laboratoire d'Astrophysique de Marseille.")
    assert ("KSX", "Laboratoire d'Astrophysique de Marseille") in {
        (s, o.replace("astrophysique", "Astrophysique")) for s, o in _pairs(claims, "built_by")}
    claims = extract("The detector of the KSX spectrometer was supplied by CNES. "
                     "The KSX spectrometer will fly on the Kestrel-7 satellite.")
    assert ("KSX", "CNES") in _pairs(claims, "built_by")
    claims = extract("The KSX spectrometer and the KMC camera, both built by CNES, will fly on the "
                     "Kestrel-7 satellite.")
    assert {("KSX", "CNES"), ("KMC", "CNES")} <= _pairs(claims, "built_by")
    claims = extract("CNES will supply the KSX spectrometer and DLR the KMC camera for the Kestrel-7 satellite.")
    built = _pairs(claims, "built_by")
    assert ("KMC", "DLR") in built and ("KMC", "CNES") not in built
    claims = extract("The KSX spectrometer was built in France for the Kestrel-7 satellite.")
    assert not _pairs(claims, "built_by")


def test_payloads_its_payload_as_subject_points_back_to_the_mission(extract):
    claims = extract("The Kestrel-7 satellite was presented on Monday. "
                     "Its payload consists of the KSX spectrometer and the KMC camera.")
    assert {("Kestrel-7", "KSX"), ("Kestrel-7", "KMC")} <= _pairs(claims, "carries")


def test_payloads_it_as_the_object_of_a_carry_link_points_back(extract):
    claims = extract("The Kestrel-7 satellite will be launched on Sunday. "
                     "Travelling with it is the KSX spectrometer.")
    assert ("Kestrel-7", "KSX") in _pairs(claims, "carries")
    claims = extract("The Kestrel-7 satellite will be launched on Sunday. "
                     "The KSX spectrometer was installed on it in May.")
    assert ("Kestrel-7", "KSX") in _pairs(claims, "carries")
    claims = extract("The Kestrel-7 satellite will be launched on Sunday. "
                     "The KSX spectrometer was tested with it.")
    assert not _pairs(claims, "carries")


def test_payloads_it_is_the_mission_the_sentence_before_is_about(extract):
    claims = extract("The Kestrel-7 satellite was unveiled in Toulouse alongside the Kestrel-8 probe. "
                     "It carries the KSX spectrometer.")
    carried = _pairs(claims, "carries")
    assert ("Kestrel-7", "KSX") in carried and ("Kestrel-8", "KSX") not in carried


def test_payloads_it_launched_is_the_mission_the_sentence_before_is_about(extract):
    claims = extract("The Kestrel-7 satellite was unveiled in Toulouse alongside the Kestrel-8 probe. "
                     "It will be launched in 2031.")
    assert _events(claims) == [("Kestrel-7", "2031", "planned")]


def test_payloads_a_participle_on_an_apposition_launches_the_mission_it_renames(extract):
    claims = extract(
        "The Tarvel-2 satellite will be launched in 2031. Tarvel-2 is to work in tandem with "
        "Tarvel-1, its twin satellite, launched in 2027 and still operational.")
    assert ("Tarvel-1", "2027", "actual") in _events(claims)
    assert not any(s == "Tarvel-2" and t == "2027" for s, t, _ in _events(claims))


def test_payloads_named_with_two_names_the_phrase_verb_launches_the_named_mission(extract):
    claims = extract(
        "Named Brisk, or Vantor Relay, the Kolm-3 lander's relay satellite went up on May 21, "
        "2030, and reached its orbit some days later.")
    events = _events(claims)
    assert any(s in ("Vantor Relay", "Brisk") and t == "2030-05-21" for s, t, _ in events), events
    assert not any(s == "Kolm-3" for s, _, _ in events), events


def test_payloads_a_relative_clause_is_about_the_payload_named_right_before_it(extract):
    claims = extract(
        "Three of the chosen apparatuses will go on the Vardo-4 lander, namely the Quillon "
        "Ranging Arrays, which the Pelham Physics Laboratory developed for making precise "
        "measurements of the surface and for providing the Vardo-4 orbiter with navigation "
        "services; the Dust and Plasma Sensing Instrument, which comes from the Orvane Space "
        "Research Institute, meant to detect the dusty plasma on the surface; and the Tarn "
        "Camera.")
    built = _pairs(claims, "built_by")
    assert ("Dust and Plasma Sensing Instrument", "Orvane Space Research Institute") in built, built
    assert ("Quillon Ranging Arrays", "Orvane Space Research Institute") not in built, built


def test_payloads_a_date_restated_in_another_zone_does_not_date_the_launch(extract):
    claims = extract(
        "A first is drawing near: on 31 October at 23:00 CET - that is, 1 November at 06:00 "
        "local time - Varno-8, the crewless spacecraft, is to be sent aloft by a rocket.",
        published="2030-10-30")
    events = _events(claims)
    assert ("Varno-8", "2030-10-31", "planned") in events, events
    assert not any(t == "2030-11-01" for _, t, _ in events), events


def test_payloads_its_in_a_fronted_phrase_points_ahead_to_the_clause_subject(extract):
    claims = extract(
        "The Veltra-3 satellite was shown in Paris. Since its launch on 3 May 2030, the Kestrel-9 "
        "satellite has finished its in-orbit tests and spotted more than 100 bursts.",
        published="2030-09-10")
    events = _events(claims)
    assert ("Kestrel-9", "2030-05-03", "actual") in events, events
    assert not any(s == "Veltra-3" for s, _, _ in events), events
