"""Names the reference does not know take their type from the sentence around them: head nouns,
appositions, verb frames, instrument lists, serial numbers; one type per name in a document.
All names here are invented."""

import pytest


@pytest.fixture(scope="module")
def types():
    from sfkg.nlp import pipeline
    from sfkg.nlp.mentions import resolve

    nlp = pipeline.build()

    def run(text: str) -> dict[str, set[str]]:
        doc = nlp(pipeline.model_text(text, pipeline.known_upper()))
        mentions, _ = resolve(doc, text)
        out: dict[str, set[str]] = {}
        for m in mentions:
            out.setdefault(m.text, set()).add(m.type)
        return out
    return run


def test_typing_carry_frame_makes_a_mission_and_an_instrument(types):
    got = types("Officials said on Monday that Zorvath will carry Quillex to the Moon next year.")
    assert got.get("Zorvath") == {"Mission"}
    assert got.get("Quillex") == {"Instrument"}


def test_typing_aboard_types_both_sides(types):
    got = types("The agency confirmed that BQX, aboard Tavismo, returned its first data.")
    assert got.get("Tavismo") == {"Mission"}
    assert got.get("BQX") == {"Instrument"}


def test_typing_launch_verb_and_liftoff(types):
    got = types("The Velmora Agency launched Orvantis on Tuesday. Orvantis lifted off at dawn.")
    assert got.get("Orvantis") == {"Mission"}
    got = types("Grelmark lifted off from the coast on Friday.")
    assert got.get("Grelmark") == {"Mission"}


def test_typing_apposition_and_head_noun(types):
    got = types("Engineers tested Trevalon, a compact hyperspectral camera, in March. "
                "It will fly on the Hadrix satellite.")
    assert got.get("Trevalon") == {"Instrument"}
    assert got.get("Hadrix") == {"Mission"}


def test_typing_instrument_list_after_a_colon(types):
    got = types("The Hadrix satellite was unveiled on Monday. Its instruments: Trevalon, Quillex "
                "and Morvane.")
    for name in ("Trevalon", "Quillex", "Morvane"):
        assert got.get(name) == {"Instrument"}, (name, got)


def test_typing_built_by_participle_makes_an_instrument(types):
    got = types("Quorvex, developed by the Halden Institute of Optics, was delivered in May.")
    assert got.get("Quorvex") == {"Instrument"}
    assert "Organization" in got.get("Halden Institute of Optics", {"Organization"})


def test_typing_serial_number_is_a_mission_not_a_person(types):
    got = types("Marveno Tesk 4 landed on the far side of the Moon. Marveno Tesk 4 sent images.")
    assert got.get("Marveno Tesk 4") == {"Mission"}


def test_typing_one_type_per_name_in_a_document(types):
    got = types("The Olvaris mission will study the solar wind. Scientists at the Pellan "
                "Institute said Olvaris would transform the field. Olvaris is due in 2031.")
    assert got.get("Olvaris") == {"Mission"}


def test_typing_persons_and_organisations_keep_their_types(types):
    got = types("Ann Verhoeven, director of the Kastel Space Institute, said the Kastel Space "
                "Institute would build the Quorvex camera.")
    assert got.get("Ann Verhoeven") == {"Person"}
    assert got.get("Kastel Space Institute") == {"Organization"}
    assert got.get("Quorvex") == {"Instrument"}


def test_typing_a_launcher_is_no_mission(types):
    got = types("The Dravenko-3 rocket lifted off on Monday carrying the Hadrix satellite.")
    assert got.get("Dravenko-3", {"Program"}) <= {"Program"}
    assert got.get("Hadrix") == {"Mission"}


def test_typing_named_probe_and_mission_head(types):
    got = types("The agency unveiled the probe, named Salvorin, on Monday. Salvorin will reach "
                "the asteroid in 2033. Engineers said the Pelquin mission was delayed.")
    assert got.get("Salvorin") == {"Mission"}
    assert got.get("Pelquin") == {"Mission"}


def test_typing_acronym_takes_its_long_forms_head_noun(types):
    got = types("The Brevant Ultraviolet Imager (BUVI) passed its tests. BUVI was shipped to "
                "the launch site in June.")
    assert got.get("BUVI") == {"Instrument"}


def test_typing_carried_thing_with_a_serial_number_is_an_instrument(types):
    got = types("The Hadrix orbiter will carry Vantor-2 and Quillex to Mars.")
    assert got.get("Vantor-2") == {"Instrument"}
    assert got.get("Hadrix") == {"Mission"}


def test_typing_a_person_aboard_stays_a_person(types):
    got = types("Lena Varga flew to the station in May. Varga, aboard Tavismo, sent a message "
                "to schools.")
    assert got.get("Lena Varga") == {"Person"}
    assert got.get("Varga", {"Person"}) == {"Person"}
    assert got.get("Tavismo") == {"Mission"}


def test_typing_a_capitalised_surname_ending_in_i_is_no_serial_number(types):
    got = types("Officials met on Monday.\n- By WANG LEI in Wuhan\nThe Hadrix satellite will "
                "carry Quillex.")
    assert "Mission" not in got.get("WANG LEI", set())


def test_typing_the_owner_of_a_host_is_no_mission(types):
    got = types("The Hadrix satellite was pictured aboard the Velmora Shipping Company's "
                "Colvane vessel on Monday.")
    assert "Mission" not in got.get("Velmora Shipping Company", set())
    assert got.get("Hadrix") == {"Mission"}
