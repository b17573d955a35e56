"""Agreements and meetings are events: each one is one claim per document, whatever the number
of its mentions, with what all its mentions say of it (sentences run through the real pipeline)."""




def _of(claims, p):
    return [c for c in claims if c["p"] == p]


def _labels(items):
    return {x["label"] for x in items or []}


def test_events_agreement_mentioned_again_is_one_claim(extract_text):
    claims = extract_text(
        "On 3 March in Madrid, the European Space Agency and the Indian Space Research Organisation "
        "signed a memorandum of understanding on lunar science. "
        "Once the memorandum had been signed, the two agencies said this agreement opens a new chapter. "
        "The memorandum covers data exchange and joint instruments.",
        "2031-03-10")
    agreements = _of(claims, "agreement")
    assert len(agreements) == 1
    assert agreements[0]["time"] == "2031-03-03"
    assert agreements[0]["place"]["label"] == "Madrid"


def test_events_meeting_repeated_gathers_participants_from_every_mention(extract_text):
    claims = extract_text(
        "On 12 May, a bilateral meeting was held between the European Space Agency and the "
        "Japan Aerospace Exploration Agency. "
        "The meeting was co-chaired by Anna Keller and Hiroshi Tanabe.",
        "2031-05-20")
    meetings = _of(claims, "meeting")
    assert len(meetings) == 1
    assert meetings[0]["time"] == "2031-05-12"
    assert {"Anna Keller", "Hiroshi Tanabe"} <= _labels(meetings[0]["participants"])


def test_events_separate_agreements_stay_separate(extract_text):
    claims = extract_text(
        "The European Space Agency and the Indian Space Research Organisation signed an agreement "
        "on lunar science in 2027. "
        "They signed an agreement on Earth observation in 2029.",
        "2031-03-10")
    assert sorted(c["time"] for c in _of(claims, "agreement")) == ["2027", "2029"]


def test_events_place_is_the_events_own(extract_text):
    # a place in a clause about something else is not where the meeting was
    claims = extract_text(
        "The Orbital Review, a magazine based in Geneva, reported that Anna Keller "
        "failed to appear at a meeting.",
        "2031-05-20")
    assert not [c for c in _of(claims, "meeting") if c["place"]]


def test_events_negated_or_foreshadowed_are_no_claims(extract_text):
    claims = extract_text(
        "Astronauts of the agency should not expect to visit the station soon, Anna Keller said. "
        "A roadmap for a future accord is being drawn up, and letters of intent must be submitted.",
        "2031-05-20")
    assert not _of(claims, "meeting")
    assert not _of(claims, "agreement")


def test_events_a_planned_gathering_reads_its_dates_forward(extract_text):
    claims = extract_text(
        "Anna Keller will prepare the next council meeting, to be held in Paris on 13 and 14 March.",
        "2031-02-02")
    meeting = _of(claims, "meeting")[0]
    assert meeting["time"] == "2031-03-13/2031-03-14" and meeting["status"] == "planned"


def test_events_the_two_sides_are_the_parties_named_before(extract_text):
    claims = extract_text(
        "President Anna Keller of Italy received Prime Minister Hiroshi Tanabe of Japan in Rome. "
        "The two sides signed an agreement on space research.",
        "2031-02-02")
    agreement = _of(claims, "agreement")[0]
    assert {"Italy", "Japan"} <= _labels(agreement["parties"])


def test_events_a_person_come_to_a_city_is_on_a_visit(extract_text):
    claims = extract_text(
        "Anna Keller, the new head of the European Space Agency, has come to Tokyo in search of "
        "wider cooperation.",
        "2031-02-02")
    visits = _of(claims, "meeting")
    assert len(visits) == 1 and visits[0]["place"]["label"] == "Tokyo"
    assert "Anna Keller" in _labels(visits[0]["participants"])


def test_events_last_week_is_the_week_before_the_report(extract_text):
    # published on Wednesday 5 February 2031: last week is Monday 27 January to Sunday 2 February
    claims = extract_text("Anna Keller told a press briefing last week that the mission is on track.",
                          "2031-02-05")
    assert _of(claims, "meeting")[0]["time"] == "2031-01-27/2031-02-02"


def test_events_a_visit_and_a_meeting_held_during_it_are_two_claims(extract_text):
    claims = extract_text(
        "During his visit to Beijing on 5 May, French minister Jean Dupont met Zhang Kejian, "
        "head of the China National Space Administration.",
        "2031-05-10")
    meetings = _of(claims, "meeting")
    assert len(meetings) == 2
    # both dated by the visit; only the visit is located by its destination
    assert {m["time"] for m in meetings} == {"2031-05-05"}
    assert sorted((m["place"] or {}).get("label", "") for m in meetings) == ["", "Beijing"]


def test_events_accords_of_two_years_are_two_claims(extract_text):
    claims = extract_text("Agreements were signed in 2014 and in 2015 between the European Space Agency "
                          "and the Indian Space Research Organisation.", "2031-06-20")
    assert sorted(c["time"] for c in _of(claims, "agreement")) == ["2014", "2015"]


def test_events_a_signing_at_a_named_show_takes_its_city_and_is_no_meeting(extract_text):
    claims = extract_text(
        "Josef Aschbacher and Anna Keller signed the declaration at the Paris Air Show on 19 June.",
        "2031-06-20")
    agreement = _of(claims, "agreement")[0]
    assert agreement["place"]["label"] == "Paris" and agreement["time"] == "2031-06-19"
    assert not _of(claims, "meeting")


def test_events_a_conference_spans_its_opening_to_its_close(extract_text):
    # published Wednesday 11 June 2031: opened on Tuesday 10, closes on Thursday 12
    claims = extract_text("The conference, which opened in Vienna on Tuesday, closes on Thursday. "
                          "Anna Keller spoke at the conference.", "2031-06-11")
    meeting = _of(claims, "meeting")[0]
    assert meeting["time"] == "2031-06-10/2031-06-12" and meeting["status"] == "actual"
    assert "Anna Keller" in _labels(meeting["participants"])


def test_events_a_seminar_opening_on_a_day_lasts_the_days_a_later_mention_gives(extract_text):
    claims = extract_text(
        "The 3rd Polar Programme seminar (2031-2035 phase) opened on June 24th in Lisbon. "
        "Anna Keller welcomed the participants. "
        "Over five days, the seminar is to concentrate on sea ice.", "2031-06-26")
    meetings = _of(claims, "meeting")
    assert len(meetings) == 1
    assert meetings[0]["time"] == "2031-06-24/2031-06-28" and meetings[0]["place"]["label"] == "Lisbon"


def test_events_receiving_a_person_is_a_meeting_and_dates_stay_in_their_clause(extract_text):
    claims = extract_text(
        "President Anna Keller received Prime Minister Hiroshi Tanabe at the Quirinal Palace on 5 May. "
        "The institute received funding in 2020, and hosted a workshop.", "2031-05-12")
    meetings = _of(claims, "meeting")
    assert [m["time"] for m in meetings] == ["2031-05-05"]
    assert {"Anna Keller", "Hiroshi Tanabe"} <= _labels(meetings[0]["participants"])


def test_events_a_joint_roadmap_is_an_accord_but_not_dated_by_its_horizon(extract_text):
    claims = extract_text(
        "Anna Keller of Italy met Hiroshi Tanabe of Japan in Rome. "
        "A Horizon 2050 Roadmap, charting the course of the partnership until 2050, was released by "
        "the two sides. The Italian Space Agency also published its own roadmap.", "2031-05-12")
    accords = _of(claims, "agreement")
    assert len(accords) == 1 and accords[0]["time"] is None
    assert {"Italy", "Japan"} <= _labels(accords[0]["parties"])


def test_events_a_meeting_on_the_occasion_of_an_event_shares_its_day_and_place(extract_text):
    claims = extract_text(
        "Saturday 1 February, Vienna was the setting for the traditional New Year event of the Austrian "
        "Space Forum. Anna Keller took the occasion to meet Marco Bianchi. "
        "As her visit drew to a close, Anna Keller remarked that partners in Europe matter.",
        "2031-02-02")
    meetings = _of(claims, "meeting")
    dated = [m for m in meetings if m["time"] == "2031-02-01"]
    assert len(dated) == 2 and all(m["place"]["label"] == "Vienna" for m in dated)
    # the people met at the event are at the event
    assert all({"Anna Keller", "Marco Bianchi"} <= _labels(m["participants"]) for m in dated)
    # the visit is a third claim, not located by what was said during it
    visits = [m for m in meetings if m["time"] is None]
    assert len(visits) == 1 and visits[0]["place"] is None


def test_events_named_accords_keep_their_parties_and_a_resolution_is_no_accord(extract_text):
    claims = extract_text(
        "The two countries inked an implementing agreement for the new satellite. "
        "A letter of intent on launch services was signed by Arianespace and the Indian Space "
        "Research Organisation. "
        "The memorandum builds on the ESA-JAXA agreement on data centres. "
        "The resolution to that effect was signed by Prime Minister Anna Keller.", "2031-05-12")
    accords = _of(claims, "agreement")
    titles = " | ".join(c["title"] or "" for c in accords)
    assert "letter of intent" in titles and "resolution" not in titles.lower()
    named = [c for c in accords if "ESA-JAXA" in (c["title"] or "")]
    assert named and {"European Space Agency", "Japan Aerospace Exploration Agency"} <= _labels(named[0]["parties"])


def test_events_a_superseded_plan_does_not_date_the_meeting(extract_text):
    claims = extract_text("The meeting of the joint committee, originally planned for March, will take "
                          "place in Paris in June.", "2031-02-12")
    meeting = _of(claims, "meeting")[0]
    assert meeting["time"] == "2031-06" and meeting["status"] == "planned"


def test_events_purpose_clause_date_does_not_date_the_event(extract_text):
    # the years an accord or a speech aims at ("to reinforce ties for the coming 25 years") are
    # not when it was made; an undated accord only being drawn up is no claim
    claims = extract_text(
        "Addressing a joint press event in Paris, ESA Director General Josef Aschbacher said that a "
        "roadmap was being drawn up by the European Space Agency and the Indian Space Research Organisation to strengthen "
        "their ties for the coming 25 years.",
        "2031-06-20")
    assert _of(claims, "agreement") == []
    meetings = _of(claims, "meeting")
    assert len(meetings) == 1
    assert meetings[0]["time"] is None
    assert meetings[0]["status"] == "actual"


def test_events_accord_said_to_exist_is_the_one_reported(extract_text):
    # "X has a deal in place with Y" after the signing of an accord between X and Y: one accord;
    # an accord signed by the same parties is another one
    claims = extract_text(
        "On 3 March, an agreement was signed between the European Space Agency and the Indian Space "
        "Research Organisation on astronaut training. "
        "The European Space Agency now has a deal in place with the Indian Space Research "
        "Organisation under which an astronaut will be trained.",
        "2031-03-10")
    agreements = _of(claims, "agreement")
    assert len(agreements) == 1
    assert agreements[0]["time"] == "2031-03-03"
    claims = extract_text(
        "On 3 March, an agreement was signed between the European Space Agency and the Indian Space "
        "Research Organisation on astronaut training. "
        "The European Space Agency also signed a deal with the Indian Space Research Organisation "
        "on lunar rovers.",
        "2031-03-10")
    assert len(_of(claims, "agreement")) == 2
    claims = extract_text(
        "On 3 March, an agreement was signed between the European Space Agency and the Indian Space "
        "Research Organisation on astronaut training. "
        "The European Space Agency also has a deal with the Indian Space Research Organisation "
        "on lunar rovers.",
        "2031-03-10")
    assert len(_of(claims, "agreement")) == 2


def test_events_place_of_the_aim_is_not_the_venue(extract_text):
    # "an agreement to roll out X in France": France is where the accord aims, not where it was made
    claims = extract_text(
        "On 3 March, the European Space Agency and the Indian Space Research Organisation reached an "
        "agreement to roll out a ground station network in Brazil.",
        "2031-03-10")
    agreements = _of(claims, "agreement")
    assert len(agreements) == 1
    assert agreements[0]["place"] is None


def test_events_accord_signed_at_the_ceremony_just_reported(extract_text):
    # "signed ... at the ceremony": the day and place of the event the sentence before reports
    claims = extract_text(
        "The new ground station was inaugurated in Toulouse on 12 June 2031 by the European Space "
        "Agency and the Indian Space Research Organisation. "
        "The two agencies signed a memorandum of understanding on data sharing at the ceremony.",
        "2031-06-20")
    agreements = _of(claims, "agreement")
    assert len(agreements) == 1
    assert agreements[0]["time"] == "2031-06-12"
    assert agreements[0]["place"]["label"] == "Toulouse"
    assert {"European Space Agency", "Indian Space Research Organisation"} <= _labels(agreements[0]["parties"])


def test_events_they_also_took_part_in_another_gathering(extract_text):
    # "They also took part in the 3rd meeting of ...": a second gathering, with the people just
    # named, on the day of the first
    claims = extract_text(
        "Josef Aschbacher and Hiroshi Yamakawa chaired the 4th meeting of the joint space committee "
        "in Tokyo on 5 June 2031. "
        "They also took part in the 3rd meeting of the working group on lunar exploration.",
        "2031-06-20")
    meetings = _of(claims, "meeting")
    assert len(meetings) == 2
    second = next(m for m in meetings if "working group" in (m["title"] or ""))
    assert second["time"] == "2031-06-05"
    assert {"Josef Aschbacher", "Hiroshi Yamakawa"} <= _labels(second["participants"])


def test_events_people_looking_on_at_a_signing_are_not_its_signatories(extract_text):
    claims = extract_text(
        "The agreement was signed by ESA Director General Tomas Lindqvist and CNSA Administrator "
        "Zhao Minghua in the presence of Chinese Premier Li Wen at the Great Hall of the People "
        "on 6 May.",
        "2031-05-20")
    agreements = _of(claims, "agreement")
    assert len(agreements) == 1
    signers = _labels(agreements[0]["signatories"])
    assert {"Tomas Lindqvist", "Zhao Minghua"} <= signers
    assert "Li Wen" not in signers
    assert not _of(claims, "meeting")


def test_events_signers_after_a_fronted_presence_list_stay_signatories(extract_text):
    claims = extract_text(
        "At a ceremony in Paris on 6 May, in the presence of President Claire Dumas and Premier Li "
        "Wen, CNES President Jean-Marc Vidal and CNSA Administrator Zhao Minghua signed an agreement.",
        "2031-05-20")
    agreements = _of(claims, "agreement")
    assert len(agreements) == 1
    signers = _labels(agreements[0]["signatories"])
    assert {"Jean-Marc Vidal", "Zhao Minghua"} <= signers
    assert not signers & {"Claire Dumas", "Li Wen"}
