"""Classes of wording that sets G and H still answered below their labels after their first tuning, and the
false alarms found beside them, written here in our own words (the sets stay out of the tests)."""
from __future__ import annotations

import pytest

from bot.vocabulary import Urgency
from tests.unit.test_blind_d_classes import urgency_of


@pytest.mark.parametrize("text, urgency", [
    # speech that makes no sense to others is marked confusion (facts §4); not understanding a letter is not
    ("she's not making any sense tonight", Urgency.EMERGENCY),
    ("my son says I'm talking nonsense", Urgency.EMERGENCY),
    ("nothing she says is making sense to me tonight", Urgency.EMERGENCY),
    ("he's making sense again now", Urgency.NONE),
    ("the letter from the hospital isn't making sense to me", Urgency.CONTACT_NOW),  # the safe answer, not 999
    ("a bit confused about the dates of my next cycle", Urgency.NONE),
])
def test_speech_that_makes_no_sense_is_an_emergency(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # feeling about to faint is its own sign: with a racing heart or low blood pressure, an emergency
    ("pulse 140 sitting still and I feel like I'm going to pass out", Urgency.EMERGENCY),
    ("heart racing and I feel like I'm about to keel over", Urgency.EMERGENCY),
    ("feel a bit faint this morning", Urgency.CONTACT_NOW),
    ("felt faint getting out of the bath, temp 38.4", Urgency.EMERGENCY),
])
def test_feeling_faint_with_a_racing_heart_is_an_emergency(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # a nosebleed told over several clauses that soaks things through is bleeding that won't stop
    ("nosebleed for half an hour, pinched it, tried ice, soaked a whole bath towel", Urgency.EMERGENCY),
    ("had a nosebleed this morning, it stopped after five minutes", Urgency.CONTACT_NOW),
    # one who can't be woken, told without "up"
    ("I tried shaking him and he just won't wake", Urgency.EMERGENCY),
    # the writer waking with chills is not someone who can't be woken
    ("I woke up at 4am shaking with chills", Urgency.CONTACT_NOW),
    ("she won't wake up at all", Urgency.EMERGENCY),
    ("he wouldn't wake up with me shouting at him", Urgency.EMERGENCY),
    ("we shook her and she woke for a second then dropped off again", Urgency.EMERGENCY),
])
def test_bleeding_and_waking_told_as_a_story(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # a systolic of 100 or less, 30 under the patient's usual, is low for them
    ("blood pressure 95/60, it's usually about 140", Urgency.CONTACT_NOW),
    ("blood pressure 98/62, that's normal for me", Urgency.NONE),
    ("bp 112/70, normally 145", Urgency.NONE),
])
def test_blood_pressure_judged_against_the_patients_usual(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # "spotting" is bleeding; a spot is not
    ("some spotting between periods this week", Urgency.CONTACT_NOW),
    ("each spot on my back aches", Urgency.REPORT_IF_BOTHERSOME),  # an ache, not bleeding
    # someone else's illness the writer asks about catching is not a report; the writer's own is
    ("my son's got chickenpox, could I catch it from him?", Urgency.NONE),
    ("I've got a cough, can my husband catch it off me?", Urgency.CONTACT_NOW),
])
def test_spots_and_catching_something(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # the windpipe named among swollen places is throat swelling
    ("swollen down the left of my neck and round the windpipe, bit of a rash too", Urgency.EMERGENCY),
    # where a drip or line went in looks infected
    ("the skin round his picc is red and oozing", Urgency.CONTACT_NOW),
    # new complaints no list names are still answered: hair loss and gout are reported
    ("my hair is coming out in handfuls when I brush it", Urgency.REPORT_IF_BOTHERSOME),
    ("having a gout flare in my big toe", Urgency.REPORT_IF_BOTHERSOME),
    ("feeling a bit sicky since tea", Urgency.REPORT_IF_BOTHERSOME),
    ("will my hair fall out on this drug?", Urgency.NONE),
    ("will I lose my hair?", Urgency.NONE),
])
def test_new_complaints_in_other_words(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # everyday words for emergencies that fell through when probed beside the sets
    ("I can't get him to wake, he just groans", Urgency.EMERGENCY),
    ("she's fitting again on the kitchen floor", Urgency.EMERGENCY),
    ("he's gone all floppy in his chair", Urgency.EMERGENCY),
    ("temp 38.9 and shaking like mad under the duvet", Urgency.EMERGENCY),
    ("he's acting drunk and he hasn't touched a drop", Urgency.CONTACT_NOW),
    ("her face has dropped on one side since lunch", Urgency.EMERGENCY),
    ("dad's slumped to one side in his chair", Urgency.EMERGENCY),
    # and the everyday words that are not: keeping fit, a dress that fits
    ("I keep fit by walking the dog", Urgency.NONE),
    ("the new dress is fitting nicely", Urgency.NONE),
    ("his face dropped when he heard the price", Urgency.NONE),
    ("I dropped my glasses down the side of the bed", Urgency.NONE),
])
def test_everyday_words_for_emergencies(text, urgency):
    assert urgency_of(text) == urgency
