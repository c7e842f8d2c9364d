"""Classes of wording that blind set K's first run (stories, people and time) answered below or above its label, and
the kinds of set I's misses fixed with them, in our own words. The sets stay out of the tests (`make eval`)."""
from __future__ import annotations

import pytest

from bot.detection import default_detector
from bot.names import Guidance
from bot.temperature import find_temperatures
from bot.triage import PatientMessage, decide
from bot.vocabulary import Urgency
from tests.unit.test_blind_d_classes import urgency_of


@pytest.mark.parametrize("text, urgency", [
    # bleeding that goes on, told as a story
    ("Nosebleed since teatime. Pinched it for ages. Both hand towels soaked through now.", Urgency.EMERGENCY),
    ("grazed my shin on the car door half an hour ago and it's still gushing through the dressing",
     Urgency.EMERGENCY),
    # a common effect named with "no"
    ("No poo since Saturday", Urgency.REPORT_IF_BOTHERSOME),
    # flu without "the"
    ("I think I've got flu, shivery and achy", Urgency.CONTACT_NOW),
    # Caribbean English negative verbs read like English ones
    ("mi cyaan breathe good", Urgency.EMERGENCY),
    ("mi cyaan sleep at all", Urgency.CONTACT_NOW),
    # the writer asks about someone else's illness but is a carer: the patient's symptom stays reported
    ("I'm his wife. He has a fever tonight, is it catching?", Urgency.CONTACT_NOW),
    ("I've got a cough, will it affect me having my next dose?", Urgency.CONTACT_NOW),
    # a story whose end comes back, or is not an end
    ("Had a rash on my arms on Monday. It went away but now it's back", Urgency.CONTACT_NOW),
    ("I had a headache this morning. It hasn't gone.", Urgency.CONTACT_NOW),
    ("I have a headache and I was dizzy. That was years ago.", Urgency.CONTACT_NOW),
    ("Bad chills last night. It settled down but I still feel awful", Urgency.CONTACT_NOW),
    ("Headache on Sunday. It's gone now but I feel sick", Urgency.CONTACT_NOW),
    ("Headache, in the mornings it's gone", Urgency.CONTACT_NOW),
    # an emergency sign that happened still counts when the story says it stopped, and so does a fever the patient
    # measured (from 37.7 °C, named a fever), told for the first time: fever medicines bring the number down
    ("He had a fit in the lounge. It lasted a minute and stopped.", Urgency.EMERGENCY),
    ("Aches and a fever of 99.9 on Sunday. Lasted a day.", Urgency.CONTACT_NOW),
    # a vague word with a place of its own is a second complaint
    ("my muscles ache and there's pain in my side", Urgency.CONTACT_NOW),
    ("no muscle pain, just pain", Urgency.CONTACT_NOW),
    # a time said first reaches only to "but" or "now", or over the one comma that sets it off
    ("Years ago I had shingles, now I have a rash on my back", Urgency.CONTACT_NOW),
    ("Last year, I had shingles, this week I have a rash", Urgency.CONTACT_NOW),
    # an end said of something else in the next clause (these were `none`): another headache, the last time, a cold,
    # a habit ("usually gone by the next evening")
    ("Headache today, the one from last week went away", Urgency.CONTACT_NOW),
    ("Fever tonight, the last time it went away with paracetamol", Urgency.CONTACT_NOW),
    ("bad cough, my cold from last month has gone though", Urgency.CONTACT_NOW),
    ("I get a bit of nausea on infusion days, usually gone by the next evening", Urgency.REPORT_IF_BOTHERSOME),
    # "all over" said of someone or something else (these were `none`: the signal swept the whole message)
    ("I have a fever tonight, my husband went back to work today", Urgency.CONTACT_NOW),
    ("A headache now. The one I had in May hasn't come back.", Urgency.CONTACT_NOW),
    ("rash all over my chest. the itch from last week hasn't come back", Urgency.CONTACT_NOW),
    # a distant past said after a present symptom, in a clause of its own that is not about it (these were `none`)
    ("I have a cough, I had one years ago too", Urgency.CONTACT_NOW),
    ("Headache today, worse than the one I had years ago", Urgency.CONTACT_NOW),
    ("I've got shingles, last had it in my twenties", Urgency.CONTACT_NOW),
    ("As a teenager I had pneumonia but this week I've got a cough", Urgency.CONTACT_NOW),
    # a decade said of a reading is not the past
    ("I'm breathless but my sats are in the 90s", Urgency.CONTACT_NOW),
    ("short of breath, heart rate in the 90s", Urgency.CONTACT_NOW),
    # a limit the temperature reached is a reading
    ("temp went over 38.5 in the night", Urgency.CONTACT_NOW),
    # "gone" that becomes something or is a time, and better a bit, are not over (all three were answered none)
    ("I have a fever, it's gone 10pm and no one answers", Urgency.CONTACT_NOW),
    ("headache for three days, it's gone a bit better", Urgency.CONTACT_NOW),
    ("the rash has cleared up a bit", Urgency.CONTACT_NOW),
])
def test_a_symptom_told_in_a_story_is_present(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text", [
    # over, told in a later sentence or clause that names no symptom
    "I had a sore throat on Tuesday. It went away by Thursday.",
    "Bit of a tummy upset after the weekend. Lasted a day and settled.",
    "Felt sick on Friday. Fine since.",
    "pins and needles in my hand from leaning on it. Gone in seconds.",
    "I got breathless on the stairs when I was ill with covid but that was three years ago",
    "the queasiness lasted about four days in total",
    "the itchiness went strange for a few days, then went back to normal",
    "upset stomach Saturday, right as rain by Sunday",
    "the rash on my elbow has cleared completely",
    "the headache I told you about hasn't happened again, been a fortnight",
    "my ankles swelled on the flight, went down overnight",
    # the distant past
    "Years ago, in my teens, I had a blackout playing rugby. Never had one since.",
    "I had a seizure once, years ago",
    "I had a fever on Monday. I went back to work on Wednesday.",
    "the nosebleed from last week never came back, all good",
    "I had hives, back in 2019",
    "In 2019, I had hives after penicillin",
    "I had pneumonia in the eighties",
    "she tells me I had jaundice as a baby",
    # someone else: a word no patient uses of themselves, or someone placed next to the writer
    "a bloke at the bus stop fainted this morning, gave me a fright",
    "the woman beside me in the day unit came out in hives",
    # the writer asks what someone else's illness means for them
    "my grandson's got a streaming cold, is that a risk for me?",
    "my boyfriend has had diarrhoea since Tuesday, is it catching?",
    "My sister has covid. I'm the one on Imdelltra. Should I stay away from her?",
    "My husband is my carer and he's got a chest infection. Do I need to keep away from him?",
    # a supposition, a fever that is not one, a temper
    "say I get a rash after the next dose, does that mean I should ring?",
    "my hay fever is playing up",
    "my blood was boiling at the council today",
])
def test_a_story_with_nothing_present_for_the_patient_is_answered_none(text):
    assert urgency_of(text) == Urgency.NONE


@pytest.mark.parametrize("text, kept", [
    # the same complaint told twice is one complaint at its own urgency
    ("My back's been stiff and achy all week. Not sharp, just achy.", "muscle_bone_pain"),
    ("joint pain for three days now, taking paracetamol for the pain", "muscle_bone_pain"),
])
def test_a_common_effect_told_twice_stays_a_common_effect(text, kept):
    result = decide(PatientMessage(default_detector().detect(text)))
    assert result.urgency == Urgency.REPORT_IF_BOTHERSOME
    assert f"floor:{kept}" in result.reasons


def test_vomiting_all_night_is_not_read_as_a_sleepless_night():
    findings = default_detector().detect("I've been throwing up all night")
    assert findings.present == ("vomiting",)


def test_someone_elses_illness_is_answered_with_what_it_means_for_the_patient():
    result = decide(PatientMessage(default_detector().detect("my wife has flu, is that a risk for me?")))
    assert result.urgency == Urgency.NONE
    assert result.guidance_ids[0] == Guidance.SOMEONE_ELSES_ILLNESS
    assert Guidance.WHEN_TO_CALL_EMERGENCY in result.guidance_ids


def test_someone_elses_illness_with_the_writers_own_denial_is_not_glad_its_not_happening():
    result = decide(PatientMessage(default_detector().detect("my son has flu and I've no fever, is that a risk for me?")))
    assert result.urgency == Urgency.NONE
    assert result.guidance_ids[0] == Guidance.SOMEONE_ELSES_ILLNESS
    assert Guidance.NO_SYMPTOM not in result.guidance_ids


def test_someone_elses_fever_reading_is_not_the_patients():
    text = "Our little boy has a temperature of 38.7. I'm the one on Imdelltra, not him. Is it safe to cuddle him?"
    result = decide(PatientMessage(default_detector().detect(text)))
    assert result.urgency == Urgency.NONE
    assert result.guidance_ids[0] == Guidance.SOMEONE_ELSES_ILLNESS


@pytest.mark.parametrize("text", ["it was 37.6 at most, never got to 38", "didn't hit 100.4 once",
                                  "the thermometer never went above 37.9"])
def test_a_line_the_temperature_did_not_reach_is_not_a_reading(text):
    assert all(not t.is_fever for t in find_temperatures(text))
