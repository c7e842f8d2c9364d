"""Kinds of wording that blind set D's first run answered below their urgency (tests/eval/blind_d/README.md).

Each case is a class of wording written here in our own words, not a message of the set: the set stays out of
the tests and the training data.
"""
from __future__ import annotations

import pytest

from bot.detection import default_detector
from bot.temperature import find_temperatures
from bot.triage import PatientMessage, decide
from bot.vocabulary import Urgency
from tests.unit.test_conversation import Chat


def urgency_of(text: str) -> Urgency:
    return decide(PatientMessage(default_detector().detect(text))).urgency


@pytest.mark.parametrize("text, celsius", [
    ("mid 38s most of the evening", 38.0),         # a band: its whole number
    ("fevers of 99-100,6 every afternoon", 38.11),  # the top of a range, decimal comma
    ("40ish, I reckon", 40.0),                     # "ish" after the number
    ("39 and shaking", 39.0),                      # the message opens with the reading
    ("thirty nine point two, what now", 39.2),     # spoken with a decimal
    ("a hundred and two, and my chest is tight", 38.89),
    ("just over 38 tonight", 38.0),
])
def test_loosely_written_temperatures_are_read(text, celsius):
    assert max(t.celsius for t in find_temperatures(text)) == pytest.approx(celsius, abs=0.01)


@pytest.mark.parametrize("text", ["a hundred and one things to do today", "he's in his mid 40s", "38 exactly",
                                  "95 and a bit dizzy", "38 weeks along"])
def test_numbers_that_are_not_temperatures_stay_unread(text):
    assert all(t.celsius < 38 for t in find_temperatures(text))


@pytest.mark.parametrize("text, urgency", [
    ("worst headache I've ever had, out of nowhere", Urgency.EMERGENCY),
    ("thunderclap headache at the back of my head", Urgency.EMERGENCY),
    ("bit of a headache this afternoon", Urgency.CONTACT_NOW),
    ("his left side has gone numb from the face down", Urgency.EMERGENCY),
    ("her right hand can't grip anything since lunch", Urgency.EMERGENCY),
    ("pins and needles in both feet", Urgency.CONTACT_NOW),
    ("coughing and there's fresh red blood coming up", Urgency.EMERGENCY),
    ("vomited and it was dark red", Urgency.EMERGENCY),
    ("he thinks I'm his mother, I'm his daughter", Urgency.EMERGENCY),
    ("she didn't recognise our son this morning", Urgency.EMERGENCY),
    ("he tries to answer and nothing comes out", Urgency.EMERGENCY),
    ("we shook her and she barely reacts", Urgency.EMERGENCY),
    ("woke up on the kitchen floor, no idea how I got there", Urgency.EMERGENCY),
    ("next thing I know I'm on the landing floor", Urgency.EMERGENCY),
    ("had a nosebleed earlier, it stopped after 15 minutes", Urgency.CONTACT_NOW),
    ("100 degree fever that won't go away", Urgency.CONTACT_NOW),
    ("low 38s all day", Urgency.CONTACT_NOW),
    ("not much appetite and lost a pound or two", Urgency.REPORT_IF_BOTHERSOME),
    ("napping more than usual", Urgency.REPORT_IF_BOTHERSOME),
    # trouble speaking that is sudden or comes with confusion; bleeding that goes on; shock
    ("he is slurring his words and seems confused", Urgency.EMERGENCY),
    ("her words keep coming out wrong, it started ten minutes ago", Urgency.EMERGENCY),
    ("all of a sudden he can't find his words", Urgency.EMERGENCY),
    ("he can't find his words sometimes, it's been like that for weeks", Urgency.CONTACT_NOW),
    ("nose has bled since teatime. I've pinched it for ages, still pouring out", Urgency.EMERGENCY),
    ("its still pouring with rain", Urgency.NONE),
    ("bp 82/50 and pulse 130, skin cold and clammy", Urgency.EMERGENCY),
    ("difficulty thinking since yesterday and a temperature of 38.4", Urgency.EMERGENCY),
])
def test_wording_told_as_a_story_or_loosely_reaches_its_urgency(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text", ["I sat on the floor next to him", "I found my glasses on the floor",
                                  "my right hand is fine now", "temp 99.1 and I feel fine",
                                  "I feel sick and my face is red"])
def test_near_misses_are_not_raised(text):
    assert urgency_of(text) < Urgency.EMERGENCY


def test_a_measured_fever_is_not_ended_by_a_lower_reading_after_a_fever_medicine():
    chat = Chat()
    assert chat.say("temp was 38.7 an hour ago").urgency == Urgency.CONTACT_NOW
    later = chat.say("gave her paracetamol, 37.3 now")
    assert later.urgency == Urgency.CONTACT_NOW and "in_force:contact_now" in later.reasons
    assert "general.temperature_below_fever" in later.guidance_ids  # fever medicines can hide a fever


def test_a_felt_fever_measured_below_the_line_is_ended_by_the_reading():
    chat = Chat()
    assert chat.say("I feel a bit feverish").urgency == Urgency.CONTACT_NOW
    assert chat.say("thermometer says 36.9").urgency == Urgency.NONE


@pytest.mark.parametrize("first, between, number", [
    ("a bit short of breath today", "I'll check with the finger clip", "it says 87"),  # a meter announced
    ("sats 95", "sitting down now", "its 88"),                                          # an aside
    ("oxygen 97", "a bit puffed on the stairs", "sat down and its 88"),                 # a symptom of its kind
])
def test_a_bare_number_after_a_turn_that_stays_on_the_reading_is_that_reading(first, between, number):
    chat = Chat()
    chat.say(first)
    chat.say(between)
    assert chat.say(number).urgency == Urgency.EMERGENCY


def test_a_bleed_told_earlier_that_has_stopped_is_news_not_a_new_report():
    chat = Chat()
    assert chat.say("my nose is bleeding").urgency == Urgency.CONTACT_NOW
    chat.say("I rang the nurse")
    assert chat.say("the nosebleed has stopped now").urgency == Urgency.NONE


@pytest.mark.parametrize("text, urgency", [
    ("her handwriting is all confused", Urgency.CONTACT_NOW),  # one phrase: trouble writing, not two symptoms
    ("he's slurring and seems confused", Urgency.EMERGENCY),   # two symptoms, each in its own words
])
def test_a_combination_needs_each_symptom_told_in_its_own_words(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("the dog's been sick in the hall", Urgency.NONE),                      # someone else: an animal
    ("my grandson has a temperature of 38.9, can he visit?", Urgency.NONE),
    ("my dog bit me and my hand is bleeding a lot", Urgency.CONTACT_NOW),   # the cue stops at "me"
    ("a headache on monday, been fine since", Urgency.NONE),                # over
    ("temperature of 38.6 this morning, fine now", Urgency.CONTACT_NOW),    # a measured fever still counts
])
def test_other_beings_and_problems_that_are_over(text, urgency):
    assert urgency_of(text) == urgency
