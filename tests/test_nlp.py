"""Rules tested on hand-built docs, and the pipeline on small texts with the real model."""


import spacy
from spacy.tokens import Doc, Span

from sfkg.nlp.names import abbreviations, extend_person, headed_names
from sfkg.nlp.pipeline import model_text


def test_nlp_extend_person_runs_over_capitalised_words():
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["Ms", "Anne", "Le", "Roux", "said"])
    doc.ents = [Span(doc, 1, 3, label="PERSON")]
    assert extend_person(doc, doc.ents[0], {}).text == "Anne Le Roux"


def test_nlp_headed_names_find_unknown_missions_and_instruments():
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["the", "K9X", "astrophysics", "mission", "carries", "instrument",
                                "ZQ3", "and", "the", "Grand", "Lunar", "Survey", "Program"])
    found = {(s.text, s.label_) for s in headed_names(doc, {"Mission": {"mission"},
                                                            "Instrument": {"instrument"}},
                                                      {"program"}, 2)}
    assert ("K9X", "Mission") in found and ("ZQ3", "Instrument") in found
    assert ("Grand Lunar Survey Program", "Program") in found


def test_nlp_abbreviation_defined_in_text_shares_one_id():
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["the", "Deep", "Field", "Institute", "(", "DFI", ")", "said"])
    spans = [Span(doc, 1, 4, label="ORG")]
    out = abbreviations(doc, spans)
    assert {s.text for s in out} == {"Deep Field Institute", "DFI"}
    assert len({s.id_ for s in out}) == 1


def test_nlp_model_text_keeps_length_and_recases_surnames():
    text = "By WANG Lina and CNES staff\n"
    out = model_text(text, frozenset({"CNES"}))
    assert len(out) == len(text) and "Wang Lina" in out and "CNES" in out


def test_nlp_pipeline_reads_a_new_mission_launch_and_post(extract_text):
    claims = extract_text(
        "ESA Director General Jane Roe said the Kestrel-7 satellite will be launched in spring 2031. "
        "On 4 May, Marco Bianchi, President of the Italian Space Agency, met Jane Roe in Rome.",
        "2030-06-10")
    by_p = {}
    for c in claims:
        by_p.setdefault(c["p"], []).append(c)
    launch = by_p["launch"][0]
    assert (launch["s"]["label"], launch["time"], launch["status"]) == ("Kestrel-7", "2031-21", "planned")
    posts = {(c["s"]["label"], c["post"], c["org"]["label"]) for c in by_p["post"]}
    assert ("Jane Roe", "Director General", "European Space Agency") in posts
    assert ("Marco Bianchi", "President", "Italian Space Agency") in posts
    meeting = by_p["meeting"][0]
    assert meeting["time"] == "2030-05-04" and meeting["status"] == "actual"
    assert meeting["place"]["label"] == "Rome"
