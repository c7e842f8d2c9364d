"""Classes of wording that blind set I's first run answered below (or above) its label, in our own words.

Set I itself stays out of the tests (tests/eval/blind_i is measured by `make eval`, never asserted on).
"""
from __future__ import annotations

import pytest

from bot.detection import default_detector
from bot.vocabulary import Urgency
from tests.unit.test_blind_d_classes import urgency_of


@pytest.mark.parametrize("text, urgency", [
    ("my head's been hammering since lunch", Urgency.CONTACT_NOW),
    ("she's slow to answer when I ask her things today", Urgency.CONTACT_NOW),
    ("going to the toilet less often than usual this week", Urgency.REPORT_IF_BOTHERSOME),
    ("my stools are like little pellets", Urgency.REPORT_IF_BOTHERSOME),
    ("there was blood in the pan after I went", Urgency.CONTACT_NOW),
    ("the room is swaying when I stand", Urgency.CONTACT_NOW),
    ("a salad bowl of red peppers for tea", Urgency.NONE),
])
def test_symptoms_told_in_everyday_words(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("stools black as tar and I almost went over getting off the loo", Urgency.EMERGENCY),
    ("temp 39.1 and he's not answering properly", Urgency.EMERGENCY),
    ("she's behaving really oddly and doesn't know what year it is", Urgency.EMERGENCY),
    ("nosebleed since teatime, still going despite pinching it", Urgency.EMERGENCY),
    ("38.8 and shaking all over from the chills", Urgency.EMERGENCY),
])
def test_emergencies_told_in_pieces(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("the sore throat has sorted itself out", Urgency.NONE),
    ("the tiredness has lifted this week", Urgency.NONE),
    ("the man in the bed opposite fainted this morning", Urgency.NONE),
    ("my grandson has a cough and a temperature, should he stay away?", Urgency.NONE),
    ("my neighbour came round and he's been confused all afternoon", Urgency.CONTACT_NOW),
    ("my son gets nosebleeds, he's 12 and not the one having treatment", Urgency.NONE),
    ("will ibuprofen mask a fever?", Urgency.NONE),
    ("that drilling next door makes my ears bleed", Urgency.NONE),
    ("such a weight off my chest to have the scan done", Urgency.NONE),
])
def test_not_a_report_of_the_patients_own_symptom(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # common effects told plainly stay "report if it goes on"; feeling wiped out is not, by itself, severe
    ("everything tastes gross at the moment", Urgency.REPORT_IF_BOTHERSOME),
    ("appetite's not great this week", Urgency.REPORT_IF_BOTHERSOME),
    ("totally wiped out by the evening", Urgency.REPORT_IF_BOTHERSOME),
    # and good news about them is good news
    ("my sense of taste is back to normal", Urgency.NONE),
    ("they took lots of blood for tests this morning", Urgency.NONE),
    ("losing lots of blood from my back passage", Urgency.EMERGENCY),
])
def test_common_effects_and_good_news(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # a comparison asked about names both things
    ("what's the difference between feeling weak and being really drowsy?", Urgency.NONE),
    ("is there a difference between feeling sick and being sick, I've been vomiting all night", Urgency.CONTACT_NOW),
    # a carer who signs in speaks of themself when nobody else is named, or someone is named only to say "not her"
    ("Wife here, the cough is mine not his, he's fine", Urgency.NONE),
    ("Son here, I've got a headache myself, Mum seems well", Urgency.NONE),
    ("Wife here. I can't wake him properly", Urgency.EMERGENCY),
    ("I'm her son, I've got a sniffle and a cough, is it ok to visit?", Urgency.NONE),
    ("I'm his wife, I've got a cold and he has a fever", Urgency.CONTACT_NOW),
    ("my husband here with me, I've got chest pain", Urgency.EMERGENCY),
    # asked ahead of time: the question is asked about, a statement in the same message is still a report
    ("Do people get diarrhoea from this? asking before I start next week", Urgency.NONE),
    ("I've had diarrhoea since Sunday. Do people get it from this? asking before I start", Urgency.CONTACT_NOW),
    # a mark that has faded, a fever a medicine did not bring down
    ("the rash on my leg from the plaster has faded now", Urgency.NONE),
    ("fever of 38.6 that didn't respond to paracetamol", Urgency.CONTACT_NOW),
    ("she's not responding, I gave her paracetamol an hour ago", Urgency.EMERGENCY),
])
def test_what_is_not_the_patients_report_now(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # found probing beside set I's real excerpts: "stopped me ..." and "passed ..." are not "it's over"
    ("my headache stopped me going to work", Urgency.CONTACT_NOW),
    ("the diarrhoea has stopped me leaving the house", Urgency.CONTACT_NOW),
    ("the vomiting has stopped", Urgency.NONE),
    ("stomach pain, passed some clots", Urgency.CONTACT_NOW),
    ("passed blood this morning", Urgency.CONTACT_NOW),
    ("he hasn't passed water all day", Urgency.CONTACT_NOW),
    ("I've not had a wee since lunch", Urgency.CONTACT_NOW),
    ("the dizziness passed after a minute", Urgency.NONE),
    # "gone" somewhere, a medicine wearing off, an activity stopped: the problem is not over
    ("headache, it's gone on for three days", Urgency.CONTACT_NOW),
    ("the swelling has gone up to my knee", Urgency.CONTACT_NOW),
    ("he's been confused, gone to bed now", Urgency.CONTACT_NOW),
    ("the headache has gone", Urgency.NONE),
    ("the rash has gone down", Urgency.NONE),
    ("the rash on my back, it's not disappeared", Urgency.CONTACT_NOW),
    ("bad headache, the paracetamol wore off", Urgency.CONTACT_NOW),
    ("the headache wore off by teatime", Urgency.NONE),
    ("she was confused this morning, stopped taking her tablets", Urgency.CONTACT_NOW),
    # "has lasted" goes on; "lasted" alone is over
    ("the fever has lasted four days now", Urgency.CONTACT_NOW),
    ("a cough that's lasted since the weekend", Urgency.CONTACT_NOW),
    ("the headache lasted half an hour on monday", Urgency.NONE),
    # what can't be done "without" a symptom brings it on; done "without" it, it is absent
    ("I can't get up the stairs without getting breathless", Urgency.CONTACT_NOW),
    ("couldn't keep my dinner down without vomiting", Urgency.CONTACT_NOW),
    ("went round the garden without getting breathless today", Urgency.NONE),
    ("temp 38.2 and she can't stand up without help", Urgency.EMERGENCY),
    ("I have to stop for breath halfway up the stairs", Urgency.CONTACT_NOW),
])
def test_a_problem_that_stops_the_patient_is_going_on(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text", ["tummy cramps and passed a lot of wind", "trapped wind all evening"])
def test_wind_from_the_gut_is_not_breath(text):
    assert "breathing_trouble" not in {m.code for m in default_detector().detect(text).mentions}
