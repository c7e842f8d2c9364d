"""Classes of wording that blind set L's first run (an ordinary week's inbox) answered below or above its label, in our
own words. Set L itself stays out of the tests (`make eval`)."""
from __future__ import annotations

import pytest

from bot.temperature import find_temperatures
from bot.vocabulary import Urgency
from tests.unit.test_blind_d_classes import urgency_of


@pytest.mark.parametrize("text, urgency", [
    # two bleeds that both go on are bleeding that won't stop
    ("nose is bleeding and my gums too, forty minutes now and neither will stop", Urgency.EMERGENCY),
    # "no taste for" is the symptom, not its absence
    ("got no taste for anything since the drip, tea is like metal", Urgency.REPORT_IF_BOTHERSOME),
    # a joint that aches is muscle or joint pain, as knees and hips were; red and swollen stays the safe answer
    ("elbows and wrists achy this week", Urgency.REPORT_IF_BOTHERSOME),
    ("my wrist is red and swollen", Urgency.CONTACT_NOW),
    # a spin class is not the room spinning
    ("legs ache like I did a spin class, nothing else", Urgency.REPORT_IF_BOTHERSOME),
    # children named, then the patient's own fever
    ("the kids have colds and now I've got a fever", Urgency.CONTACT_NOW),
])
def test_an_everyday_report_is_answered_at_its_level(text, urgency):
    assert urgency_of(text) == urgency


@pytest.mark.parametrize("text", [
    "is having a dog an infection risk?",
    "the kids had sickness and diarrhoea at the weekend, I've been fine",
    "bit blocked up last week but prunes sorted it",
    "my husband has a cold, can I still kiss him?",
])
def test_an_everyday_message_with_nothing_for_the_patient_is_answered_none(text):
    assert urgency_of(text) == Urgency.NONE


@pytest.mark.parametrize("text", ["it works for about 40 percent of people", "a 39 per cent chance"])
def test_a_percentage_is_not_a_temperature(text):
    assert find_temperatures(text) == []
