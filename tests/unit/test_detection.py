"""The rule-based spaCy detector: lexicon phrases, near rules, typos, negation, hypotheticals."""
import pytest

from bot.detection import default_detector
from bot.triage import PatientMessage, decide


@pytest.fixture(scope="module")
def detect():
    return default_detector().detect


@pytest.mark.parametrize("text, code", [
    ("my pee looks like cola", "dark_urine"),
    ("pins and needles in my feet", "numbness_tingling"),
    ("I feel like I'm burning up", "fever"),
    ("my gums bled when I brushed", "bleeding"),
    ("the whites of his eyes look yellowish", "jaundice"),
    ("food tastes like tin foil", "taste_change"),
    ("her speech is slurred", "slurred_or_garbled_speech"),
    ("can't wake him up", "cannot_wake"),
    ("my heart is thumping really hard", "fast_heartbeat"),
    ("blood in the toilet after I peed", "blood_in_urine"),
    ("throat feels like it's closing up", "throat_or_face_swelling"),
    # severity told by description, not by a medical word
    ("threw up stuff that looks like coffee grounds", "severe_bleeding"),
    ("gums bleeding non stop, mouth keeps filling with blood", "severe_bleeding"),
    ("I cut my hand on a knife and it's pouring", "severe_bleeding"),
    ("he's talking gibberish, none of his words make sense", "cannot_speak_or_understand"),
    ("so wheezy i can barely talk in sentences", "severe_breathing_trouble"),
    ("I could barely breath", "severe_breathing_trouble"),
    ("I can barely keep her awake long enough to answer", "cannot_wake"),
    ("we shake him and he mumbles something then drops off again", "cannot_wake"),
    ("she became minimally responsive", "cannot_wake"),
    ("my heart is beating out of my chest", "fast_heartbeat"),
    ("he is rambling nonsense", "severe_confusion"),
    ("I've gone a funny yellow colour", "jaundice"),
    ("food didn't taste right", "taste_change"),
    # classes from blind set C's one run
    ("i dont see the point anymore and ive been thinking about ending it", "self_harm"),
    ("he keeps asking me what year it is", "disoriented"),
    ("she felt paralyzed and could not move", "stroke_like_signs"),
    ("my chest feels like someone's sitting on it", "chest_pain"),
])
def test_lay_phrasings_are_recognised(detect, text, code):
    assert code in detect(text).present


@pytest.mark.parametrize("text, code", [
    ("I have a feaver", "fever"),
    ("dizzzy", "dizziness"),
    ("confussed all day", "confusion"),
    ("bad diarhea", "diarrhea"),
    ("tounge feels swollen", "throat_or_face_swelling"),
])
def test_misspellings_are_repaired(detect, text, code):
    assert code in detect(text).present


def test_known_english_words_are_not_repaired_into_symptoms(detect):
    assert detect("fewer visits this month, sitting on the couch").present == ()


@pytest.mark.parametrize("text, negated", [
    ("no fever", {"fever"}),
    ("I don't have a fever", {"fever"}),
    ("no fever, cough or chills", {"fever", "cough", "chills"}),
    ("fever: none. rash - no", {"fever", "rash"}),
    ("the rash is gone", {"rash"}),
    ("hasn't bled at all", {"bleeding"}),
    ("his eyes are not yellow", {"jaundice"}),
])
def test_negated_mentions_do_not_count(detect, text, negated):
    findings = detect(text)
    assert findings.present == ()
    assert set(findings.negated) == negated


def test_negation_scope_stops_at_but(detect):
    findings = detect("I don't have a fever but I feel dizzy")
    assert findings.present == ("dizziness",) and findings.negated == ("fever",)


def test_negation_does_not_cross_a_comma_outside_a_list(detect):
    findings = detect("no fever, lips swelling")
    assert "throat_or_face_swelling" in findings.present and findings.negated == ("fever",)


@pytest.mark.parametrize("text", ["I can't breathe", "I have no appetite", "I can't stop shaking",
                                  "I'm not hungry", "not able to breathe"])
def test_cue_words_inside_a_symptom_phrase_are_not_negations(detect, text):
    assert detect(text).present


@pytest.mark.parametrize("text", ["no idea why but I have a rash", "not sure if this is a rash",
                                  "I don't know if it's a fever", "I don't like this rash"])
def test_pseudo_negations_keep_the_symptom(detect, text):
    assert detect(text).present


@pytest.mark.parametrize("text, code", [
    ("what if I get a rash?", "rash"),
    ("what are the signs of fever to watch for", "fever"),
    ("can imdelltra cause diarrhea?", "diarrhea"),
    ("what does it mean if my pee turns dark?", "dark_urine"),
])
def test_hypothetical_mentions_do_not_count(detect, text, code):
    findings = detect(text)
    assert findings.present == () and code in findings.hypothetical


def test_a_real_symptom_next_to_a_question_counts(detect):
    assert "rash" in detect("wonder if this rash is from the infusion").present


def test_exclusions_are_not_symptoms(detect):
    assert detect("should I get a flu shot? just chilling out at home").present == ()


@pytest.mark.parametrize("text", ["the traffic made my blood boil", "sick to death of waiting rooms",
                                  "the view was breathtaking", "bored stiff in here", "this waiting is killing me"])
def test_everyday_idioms_with_a_body_word_are_figures_of_speech(detect, text):
    findings = detect(text)
    assert findings.present == () and findings.figures_of_speech


@pytest.mark.parametrize("text", ["it's still pouring outside", "sorry I'm rambling, a question about my dose",
                                  "the leaflet is gibberish to me"])
def test_words_of_severe_symptoms_need_their_body_context(detect, text):
    assert detect(text).present == ()


@pytest.mark.parametrize("text", ["morning! had a good night sleep for once", "slept well all night"])
def test_a_good_nights_sleep_is_not_trouble_sleeping(detect, text):
    assert "insomnia" not in detect(text).present


def test_someone_who_cannot_be_kept_awake_is_hard_to_wake_not_sleepless(detect):
    assert detect("I can barely keep him awake").present == ("cannot_wake",)


def test_temperature_below_fever_line_cancels_a_felt_fever(detect):
    result = decide(PatientMessage(detect("I feel feverish but my temp is 37.2")))
    assert "fever" not in result.symptoms and "fever" in result.negated
    assert "reading:temperature_37.2C_below_fever" in result.reasons


def test_temperature_at_fever_line_is_a_fever(detect):
    result = decide(PatientMessage(detect("temp 38.1")))
    assert result.symptoms == ("fever",) and "reading:temperature_38.1C" in result.reasons


def test_vital_signs_become_symptoms(detect):
    assert {"fever", "low_blood_pressure"} <= set(decide(PatientMessage(detect("fever 38.8, bp 86/50"))).symptoms)


def test_vague_complaint_gives_way_to_a_specific_symptom(detect):
    assert detect("my foot hurts").present == ("general_symptom",)
    assert detect("my chest hurts").present == ("chest_pain",)


def test_offsets_point_at_the_original_text(detect):
    text = "Since Tuesday I have had NOSEBLEEDS"
    mention = detect(text).mentions[0]
    assert text[mention.start:mention.end] == "NOSEBLEEDS"
