"""Mild effects played down or told in lay words, questions about someone else, and signs told as a list.

Classes of wording that the tuned sets (B, D) still answered at the wrong urgency, written here in our own words.
"""
from __future__ import annotations

import pytest

from bot.detection import default_detector
from bot.triage import PatientMessage, TriageResult, decide
from bot.vocabulary import Urgency
from tests.unit.test_blind_d_classes import urgency_of


def triage_of(text: str, intent: str | None = None) -> TriageResult:
    return decide(PatientMessage(default_detector().detect(text), intent))


@pytest.mark.parametrize("text, urgency", [
    # a severity word played down is not severity
    ("a little queasy, nothing terrible", Urgency.REPORT_IF_BOTHERSOME),
    ("queasy and it's terrible, can't keep anything in", Urgency.CONTACT_NOW),
    # lay words for the common effects
    ("everything tastes like I've licked a battery", Urgency.REPORT_IF_BOTHERSOME),
    ("soup doesn't taste of anything any more", Urgency.REPORT_IF_BOTHERSOME),
    ("I've not had much appetite this week", Urgency.REPORT_IF_BOTHERSOME),
    ("straining on the toilet again, bit bunged", Urgency.REPORT_IF_BOTHERSOME),
    ("my knees are achy today, nothing major", Urgency.REPORT_IF_BOTHERSOME),
    # "achy" said of the person is the flu-like ache of an infection
    ("feeling achy and rough since last night", Urgency.CONTACT_NOW),
])
def test_mild_effects_in_lay_words_get_their_own_urgency(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("if my husband gets a fever who do we phone?", Urgency.NONE),
    ("if my dad ever goes yellow what should I do", Urgency.NONE),
    ("not sure if my dad is confused or just tired", Urgency.CONTACT_NOW),
    ("is it normal if my temperature is 38.5", Urgency.CONTACT_NOW),  # a report, asked as a question
])
def test_a_symptom_someone_might_get_is_asked_about_not_reported(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("pain in his left arm radiating into his jaw, neck, and then his chest", Urgency.EMERGENCY),
    ("aching from my shoulder, spreading to my back, chest and arm", Urgency.EMERGENCY),
    ("her fingers are twitching, it won't stop, five minutes now", Urgency.EMERGENCY),
    ("pain in my back, hips and knees", Urgency.REPORT_IF_BOTHERSOME),
])
def test_signs_told_as_a_list_across_commas(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("she was out cold on the landing for a minute", Urgency.EMERGENCY),
    ("he's had three fits since lunch", Urgency.EMERGENCY),
    ("sicked up and there was a lot of blood in it", Urgency.EMERGENCY),
    ("her cheeks and lips have ballooned", Urgency.EMERGENCY),
    ("temperature 38.4 and I couldn't stand up without help", Urgency.EMERGENCY),  # fever with weakness
    ("my knees ache and painkillers are doing nothing", Urgency.CONTACT_NOW),   # pain nothing relieves
    ("the ache in my hip has nearly gone", Urgency.REPORT_IF_BOTHERSOME),          # not gone yet
    ("is 37.9 classed as a fever?", Urgency.NONE),
    ("I had shingles before I started the treatment", Urgency.NONE),
    ("I've been rushed off my feet with appointments", Urgency.NONE),
    ("off to the footy with my son later", Urgency.NONE),
])
def test_wording_from_blind_set_e_first_run(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("bruising on my arm two weeks ago, been fine since", Urgency.NONE),       # over for a while
    ("gums bled this morning, it stopped after a few minutes", Urgency.CONTACT_NOW),  # just stopped
    ("had a fit last month, been fine since", Urgency.EMERGENCY),              # an emergency sign still counts
])
def test_a_bleed_over_for_a_while_is_news_not_a_report(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("dad doesn't know what day it is", Urgency.CONTACT_NOW),                     # orientation alone
    ("she's confused and has no idea where she is", Urgency.EMERGENCY),           # confused and disoriented
    ("I keep getting muddled and don't know what day it is", Urgency.EMERGENCY),
])
def test_confusion_with_disorientation_is_severe(text, urgency):
    assert urgency_of(text) == urgency


def test_symptoms_said_to_be_over_in_a_sentence_of_their_own():
    result = triage_of("threw up twice on friday. symptoms had gone by sunday")
    assert result.urgency == Urgency.NONE and "vomiting" in result.negated
    calm = triage_of("woke up and the symptoms had subsided", "out_of_scope")
    assert "redirect" not in calm.reasons  # talk about the body never gets the off-topic answer


def test_walking_by_holding_on_is_a_balance_problem_not_off_topic():
    result = triage_of("he has to grab the bannister to get down the stairs")
    assert result.urgency == Urgency.CONTACT_NOW and "balance_problems" in result.symptoms


@pytest.mark.parametrize("text, urgency", [
    ("he couldn't find his way back from the bathroom and he's all confused", Urgency.EMERGENCY),
    ("I can't find my way to the new clinic building", Urgency.NONE),
])
def test_lost_in_their_own_home_is_disorientation(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text", ["feel really odd now", "feeling a bit rough tonight", "he felt so weird after lunch"])
def test_a_feeling_with_a_word_between_is_still_body_talk(text):
    assert urgency_of(text) == Urgency.CONTACT_NOW


@pytest.mark.parametrize("text, urgency", [
    ("her words are just nonsense words, it came on all of a sudden", Urgency.EMERGENCY),
    ("my left side feels really heavy", Urgency.EMERGENCY),
    ("he says he can't feel the left side of his face", Urgency.EMERGENCY),
    ("chundering since lunch and there's blood in it", Urgency.EMERGENCY),
    ("puffed out even at rest", Urgency.EMERGENCY),                                 # breathless at rest
    ("he can't catch his breath at all", Urgency.EMERGENCY),
    ("I still get puffed on the stairs", Urgency.CONTACT_NOW),
    ("went dizzy and hit the deck in the garden", Urgency.EMERGENCY),
    ("the nurse said he was non-responsive for a minute", Urgency.EMERGENCY),
    ("my hip pain is 9/10 today", Urgency.CONTACT_NOW),                             # severe by its score
    ("feeling weary after the drip", Urgency.CONTACT_NOW),                          # tiredness after a dose
    ("the aches are no better", Urgency.CONTACT_NOW),                               # "no better" is not over
])
def test_wording_from_blind_set_f_first_run(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("was sick twice in the night, felt fine within a few hours", Urgency.NONE),
    # sleepy but "wakes up fine" is still sleepy
    ("he's dozing off all afternoon but wakes up fine when I call him", Urgency.CONTACT_NOW),
    ("shivery and headachy on sunday, feel back to normal now", Urgency.NONE),
    ("a bit lightheaded at lunch. no further issues", Urgency.NONE),
    ("a rough morning with a headache, felt like myself again by teatime", Urgency.NONE),
    # a measured fever still counts, whatever came after
    ("temp of 38.6 on sunday night, no further issues", Urgency.CONTACT_NOW),
    # what comes after the news is new
    ("no further issues with the rash, but now I'm dizzy", Urgency.CONTACT_NOW),
])
def test_over_told_as_waking_up_fine_or_back_to_normal(text, urgency):
    assert urgency_of(text) == urgency
