"""Classes of wording that blind set G's first run answered below its label, written here in our own words.

Set G itself stays out of the tests (tests/eval/blind_g is measured by `make eval`, never asserted on).
"""
from __future__ import annotations

import pytest

from bot.vocabulary import Urgency
from tests.unit.test_blind_d_classes import urgency_of


@pytest.mark.parametrize("text, urgency", [
    # shaking chills (rigors) with a fever: facts §2.3, an emergency; either alone is not
    ("38.9 and shivering so hard my teeth won't stop", Urgency.EMERGENCY),
    ("temperature 101.8, he's shaking uncontrollably under three blankets", Urgency.EMERGENCY),
    ("rigors again tonight and a temp of 38.4", Urgency.EMERGENCY),
    ("can't stop shivering, no thermometer in the house", Urgency.CONTACT_NOW),
    ("bit shivery with a temp of 38.2", Urgency.CONTACT_NOW),
])
def test_fever_with_shaking_chills_is_an_emergency(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # confused and asking what day it is stays contact now (nurse script icans_contact_now_confused_caregiver)
    ("mum's a bit confused, keeps asking what day it is", Urgency.CONTACT_NOW),
    # a relative who died long ago, named by the patient, does not make the rest "in the past"
    ("he doesn't know where he is and keeps calling for his dad who died years ago", Urgency.CONTACT_NOW),
    ("my gran died years ago of a stroke", Urgency.NONE),
    # calling someone by the wrong name is not recognising people
    ("she called me by her sister's name twice tonight", Urgency.EMERGENCY),
])
def test_disorientation_and_not_recognising_people(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("a nagging chest discomfort since this afternoon", Urgency.EMERGENCY),
    ("so breathless I can only manage a couple of words at a time", Urgency.EMERGENCY),
    ("can not breath properly", Urgency.EMERGENCY),
    ("I shout his name and he does not open his eyes", Urgency.EMERGENCY),
    ("her left arm is not moving since she woke", Urgency.EMERGENCY),
    ("I can't feel my right foot, it came on an hour ago", Urgency.EMERGENCY),
    ("sudden really bad headache out of nowhere", Urgency.EMERGENCY),
    ("appetite is rubbish this week", Urgency.REPORT_IF_BOTHERSOME),
])
def test_emergencies_in_plain_words(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("woke up unable to hear out of my left ear", Urgency.CONTACT_NOW),
    ("lost the hearing in one ear overnight", Urgency.CONTACT_NOW),
])
def test_hearing_lost_is_a_new_symptom(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # a part of the body with a problem is body talk: the safe answer, never nothing
    ("problems with my eyes and my legs since the weekend", Urgency.CONTACT_NOW),
    ("I have a problem with my landlord", Urgency.NONE),
    ("no problems with my stomach at all", Urgency.NONE),
    # relieved by a rest is not over
    ("I get puffed on the stairs but I'm fine after a sit down", Urgency.CONTACT_NOW),
    ("sick once on Monday, fine after a few hours", Urgency.NONE),
])
def test_body_talk_and_relief_by_rest(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("is imdelltra the same thing as chemo?", Urgency.NONE),
    ("she keeps asking the same thing over and over", Urgency.CONTACT_NOW),
    ("shaking with nerves before the scan tomorrow", Urgency.NONE),
    ("can't stop laughing at the grandkids", Urgency.NONE),
    ("this waiting is doing my head in", Urgency.NONE),
    ("the dog has a runny nose", Urgency.NONE),
    ("my nose is running and I feel grotty", Urgency.CONTACT_NOW),
    ("had a sore throat last week, it's completely gone", Urgency.NONE),
])
def test_none_earned_both_ways(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("shattered today but nae temperature or anything", Urgency.REPORT_IF_BOTHERSOME),
    ("my taste has gone, food is like cardboard", Urgency.REPORT_IF_BOTHERSOME),
    ("can't go to the toilet, three days now", Urgency.REPORT_IF_BOTHERSOME),
    ("bowels are sluggish this week", Urgency.REPORT_IF_BOTHERSOME),
])
def test_dialect_negation_and_common_effects_in_lay_words(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # over, told in a relative clause or with "disappeared" / "did go away" / "didn't return"
    ("had a stiff neck for a day which went away on its own", Urgency.NONE),
    ("the nausea completely disappeared by tea time", Urgency.NONE),
    ("a bit of a headache on sunday that did go away", Urgency.NONE),
    ("tingly fingers last week, never returned", Urgency.NONE),
    ("my headache went completely a good few weeks back now", Urgency.NONE),
    # ...but a relative clause that keeps it going, or a lost appetite, is still a report
    ("I've got a cough which is getting worse", Urgency.CONTACT_NOW),
    ("my appetite has disappeared", Urgency.REPORT_IF_BOTHERSOME),
    # not feeling like oneself is a complaint; finally feeling like oneself is news that all is well
    ("I just don't feel like myself since friday", Urgency.CONTACT_NOW),
    ("he's not feeling like himself tonight", Urgency.CONTACT_NOW),
    ("finally feeling like myself after a rough week", Urgency.NONE),
    ("a bit dizzy on monday. the symptoms completely disappeared by wednesday", Urgency.NONE),
])
def test_over_and_not_over(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # slurred or garbled speech, or words that will not come out: facts §4 (can't speak), an emergency
    ("his words are coming out slurred tonight", Urgency.EMERGENCY),
    ("she keeps mixing up her words", Urgency.EMERGENCY),
    ("I can't get my words out properly", Urgency.EMERGENCY),
    ("talking like he's had a skinful but he's not touched a drop", Urgency.EMERGENCY),
    # finding words or writing is trouble speaking: contact now (MedGuide*; nurse script
    # icans_contact_now_word_finding)
    ("she keeps losing her words halfway through", Urgency.CONTACT_NOW),
    ("I can't write my name properly today", Urgency.CONTACT_NOW),
])
def test_slurred_or_garbled_speech_is_an_emergency_word_finding_is_not(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # low blood pressure with a racing heart: circulation struggling (facts §2.1, §4)
    ("blood pressure 85/55 and my pulse is 125", Urgency.EMERGENCY),
    ("bp's low and my heart is racing", Urgency.EMERGENCY),
    ("pulse 120 after climbing the stairs, bp 128/80", Urgency.CONTACT_NOW),
])
def test_low_blood_pressure_with_a_racing_heart_is_an_emergency(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("had a faint feeling in the queue at the chemist", Urgency.CONTACT_NOW),  # light-headed
    ("a wave of faintness after lunch", Urgency.CONTACT_NOW),
    ("she fainted in the queue at the chemist", Urgency.EMERGENCY),
])
def test_a_faint_feeling_is_light_headedness_fainting_is_an_emergency(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    # feeling hot under the fever line: a common effect to report if it goes on (facts §2.7), not nothing
    ("I feel a bit warm, thermometer says 37.3", Urgency.REPORT_IF_BOTHERSOME),
    ("feverish but only 99.4 on the thermometer", Urgency.REPORT_IF_BOTHERSOME),
    # a reading alone under the line, or with feeling fine, stays nothing to report
    ("temp 37.3 and I feel fine", Urgency.NONE),
    # feeling warm with no reading is a fever until measured; a warm room is not the patient
    ("she feels warm to touch", Urgency.CONTACT_NOW),
    ("the house feels warm today", Urgency.NONE),
])
def test_feeling_hot_under_the_fever_line_is_reported(text, urgency):
    assert urgency_of(text) == urgency
