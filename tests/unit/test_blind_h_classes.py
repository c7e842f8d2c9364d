"""Classes of wording that blind set H's first run answered below its label, written here in our own words.

Set H itself stays out of the tests (tests/eval/blind_h is measured by `make eval`, never asserted on).
"""
from __future__ import annotations

import pytest

from bot.vocabulary import Urgency
from tests.unit.test_blind_d_classes import urgency_of


@pytest.mark.parametrize("text, urgency", [
    # a condition inside a report is not a what-if: "only responds if I shake her"
    ("she only responds if I shake her shoulders", Urgency.EMERGENCY),
    ("she sleeps a lot today but wakes if I call her name", Urgency.CONTACT_NOW),
    ("if I get a temperature do I ring the ward?", Urgency.NONE),
])
def test_a_condition_inside_a_report_is_reported(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("bit of bright red on the toilet paper when I wiped", Urgency.CONTACT_NOW),
    ("head full of cotton wool today", Urgency.CONTACT_NOW),
    ("can't follow the telly, keep losing the thread", Urgency.CONTACT_NOW),
    ("food has no taste, like chewing paper", Urgency.REPORT_IF_BOTHERSOME),
    ("pure jiggered the day", Urgency.REPORT_IF_BOTHERSOME),
])
def test_signs_in_everyday_and_dialect_words(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("I try to answer and it comes out as gibberish", Urgency.EMERGENCY),
    ("his speech sounds thick and slow this evening", Urgency.EMERGENCY),
    ("the postman found her on the floor by the door", Urgency.EMERGENCY),
    ("uncontrollable chills and 39.2 on the thermometer", Urgency.EMERGENCY),
    ("temp 38.7 and he's not talking sense", Urgency.EMERGENCY),
])
def test_emergencies_told_in_other_words(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("she's talking to people that aren't there", Urgency.EMERGENCY),
    # over, told at a distance; feelings about news, not the body
    ("the rash the doctor looked at on friday morning has completely gone", Urgency.NONE),
    ("the bruise on my arm from last week has faded completely", Urgency.NONE),
    ("my head's spinning with all the leaflets they gave me", Urgency.NONE),
    ("my head is spinning and I feel sick", Urgency.CONTACT_NOW),
])
def test_hallucinations_and_over_at_a_distance(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text, urgency", [
    ("seeing spiders that aren't there", Urgency.EMERGENCY),
    ("a throat tightness came on after lunch", Urgency.EMERGENCY),
    ("paralysis in my left hand since this morning", Urgency.EMERGENCY),
    ("so drowsy we can barely rouse her", Urgency.EMERGENCY),
    ("the nurse said I'm in atrial fibrillation", Urgency.CONTACT_NOW),
])
def test_more_signs_in_other_words(text, urgency):
    assert urgency_of(text) == urgency
