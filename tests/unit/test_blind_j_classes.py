"""Classes of wording that blind set J's first run (small words around a symptom) answered below or above its label,
in our own words. Set J itself stays out of the tests (tests/eval/blind_j is measured by `make eval`)."""
from __future__ import annotations

import pytest

from bot.detection import default_detector
from bot.triage import PatientMessage, decide
from bot.vocabulary import Urgency
from tests.unit.test_blind_d_classes import urgency_of


@pytest.mark.parametrize("text, urgency", [
    # a word that usually means "absent" inside a report of something present
    ("can't say more than a few words without stopping to breathe", Urgency.EMERGENCY),
    ("he tries to answer but the words just won't come out", Urgency.EMERGENCY),
    ("sometimes the words won't come out right, I know what I mean", Urgency.CONTACT_NOW),
    ("she can no longer feel her feet... sorry, I mean I can no longer feel my feet", Urgency.CONTACT_NOW),
    ("none of the painkillers are touching this headache", Urgency.CONTACT_NOW),
    ("didn't see the bruises till I got changed, they're all over my legs", Urgency.CONTACT_NOW),
    ("nose has been bleeding 40 minutes and still hasn't stopped with pressure", Urgency.EMERGENCY),
    ("my brain feels slow, thinking's gone slow since Tuesday", Urgency.CONTACT_NOW),
    ("not bothered about food at all this week", Urgency.REPORT_IF_BOTHERSOME),
    # Scots negative verbs read like English ones
    ("I cannae breathe right", Urgency.EMERGENCY),
    ("cannae taste my dinner", Urgency.REPORT_IF_BOTHERSOME),
    ("I'm gonna be sick", Urgency.CONTACT_NOW),
    ("dad keeled over in the kitchen, out for a few seconds, seems fine now", Urgency.EMERGENCY),
])
def test_a_symptom_told_with_an_absence_word_is_present(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("I didn't see any bruises when I checked", Urgency.NONE),
    ("the tummy upset lifted after a few days", Urgency.NONE),
    ("had shingles as a teenager, never since", Urgency.NONE),
    ("a bit of diarrhoea last week, sorted in a day", Urgency.NONE),
    ("the dogs been coughing all night, poor thing", Urgency.NONE),
    ("our neighbour's off sick with the flu", Urgency.NONE),
    ("getting a parking space there is a right headache", Urgency.NONE),
    ("had a full roast and loved it", Urgency.NONE),
    ("sun's out so we're off for a walk", Urgency.NONE),
    ("bleeding typical, the bus was late again", Urgency.NONE),
    ("the concert sold out in seconds", Urgency.NONE),
])
def test_a_look_alike_that_reports_nothing_stays_none(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text", [
    "my appetite has come back, cleared my plate",
    "taste is back, coffee tastes like coffee",
    "breathing is fine and chest fine, just checking in",
    "slept right through last night",
    "no issues this week, went to the cinema",
])
def test_good_news_is_not_read_as_a_symptom_by_the_classifier(text):
    # the classifier's safety net hears a symptom in good news about the body; the patient saying all is well wins
    message = PatientMessage(default_detector().detect(text), intent="report_common", confidence=0.99,
                             symptom_likelihood=0.99)
    assert decide(message).urgency == Urgency.NONE


def test_good_news_beside_a_symptom_does_not_hide_it():
    text = "appetite's back but I've had a temperature of 38.4 since lunch"
    message = PatientMessage(default_detector().detect(text), intent="report_crs", confidence=0.99,
                             symptom_likelihood=0.99)
    assert decide(message).urgency == Urgency.CONTACT_NOW


@pytest.mark.parametrize("text, urgency", [
    # found probing beside set J: no change for the better, no doubt, not a day without it
    ("temperature's no lower since the paracetamol, 38.3", Urgency.CONTACT_NOW),
    ("no amount of ibuprofen shifts this headache", Urgency.CONTACT_NOW),
    ("no way this rash is normal, it's everywhere", Urgency.CONTACT_NOW),
    ("not a single day without diarrhoea since the dose", Urgency.CONTACT_NOW),
    ("no way I've got a fever, it's 36.7", Urgency.NONE),
])
def test_no_that_does_not_deny_the_symptom(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # found by sweeping symptoms through everyday frames: new is not absent, the patient's own is not asked about
    ("never had shortness of breath this bad", Urgency.CONTACT_NOW),
    ("not had a rash before, got one now", Urgency.CONTACT_NOW),
    ("never had a sore throat before today", Urgency.CONTACT_NOW),
    ("should I be worried about my headache?", Urgency.CONTACT_NOW),
    ("should I be worried about getting a fever?", Urgency.NONE),
    ("is a cough a side effect? because I have it", Urgency.CONTACT_NOW),
    ("is a cough a side effect?", Urgency.NONE),
    ("is tingling in my feet a side effect?", Urgency.NONE),
    ("tingling down one side of my face", Urgency.EMERGENCY),
    ("no sign of the diarrhoea easing", Urgency.CONTACT_NOW),
    ("doesn't look like this rash is going anywhere", Urgency.CONTACT_NOW),
    ("no end to this cough", Urgency.CONTACT_NOW),
    ("tried everything, none of it helps the nausea", Urgency.REPORT_IF_BOTHERSOME),
    ("nosebleed with no warning while watching telly", Urgency.CONTACT_NOW),
    ("had shingles years ago and I've got it again", Urgency.CONTACT_NOW),
    # a reading given with "does that count as a fever?" is the patient's; the question alone is not a report
    ("my temp is 38.3, does that count as a fever?", Urgency.CONTACT_NOW),
    ("is 38.2 classed as a fever?", Urgency.CONTACT_NOW),
    ("what temperature counts as a fever on this drug?", Urgency.NONE),
])
def test_a_frame_around_the_symptom_does_not_hide_it(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text", ["39 under the arm", "forehead 38.6", "38.4 in my ear, shivery"])
def test_where_a_temperature_was_taken_makes_the_number_a_reading(text):
    assert urgency_of(text) == Urgency.CONTACT_NOW


def test_an_age_after_an_ear_is_not_a_temperature():
    assert default_detector().detect("my ear hurts, I'm 38").temperature is None
