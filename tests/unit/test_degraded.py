"""The degraded-mode answer: emergency for emergency words, contact the care team now for anything else."""
from __future__ import annotations

import pytest

from bot.config import Settings
from bot.degraded import degraded_answer
from bot.detection import Findings, Mention
from bot.knowledge import default_knowledge
from bot.vocabulary import Urgency

SETTINGS = Settings(emergency_number="112", care_team_phone="555-0199", care_team_name="the Riverside nurse line")


def findings(*codes: str, negated: tuple[str, ...] = (), hypothetical: tuple[str, ...] = ()) -> Findings:
    mentions = [Mention(code=c, text=c, start=0, end=len(c)) for c in codes]
    mentions += [Mention(code=c, text=c, start=0, end=len(c), negated=True) for c in negated]
    mentions += [Mention(code=c, text=c, start=0, end=len(c), hypothetical=True) for c in hypothetical]
    return Findings(mentions=tuple(mentions))


def emergency_codes() -> list[str]:
    return sorted(code for code, s in default_knowledge().symptoms.items() if s.urgency == Urgency.EMERGENCY)


def other_codes() -> list[str]:
    return sorted(code for code, s in default_knowledge().symptoms.items() if s.urgency != Urgency.EMERGENCY)


@pytest.mark.parametrize("code", emergency_codes())
def test_every_emergency_floor_symptom_gets_call_the_emergency_number_now(code):
    answer = degraded_answer(findings(code), "report_common", SETTINGS, why="test")
    assert answer.result.urgency == Urgency.EMERGENCY
    assert answer.text.startswith("Call 112 now") and "555-0199" in answer.text
    assert answer.result.symptoms == (code,)


@pytest.mark.parametrize("code", other_codes())
def test_every_other_symptom_gets_contact_the_care_team_now_with_the_emergency_line(code):
    answer = degraded_answer(findings(code), None, SETTINGS, why="test")
    assert answer.result.urgency == Urgency.CONTACT_NOW
    assert answer.text.startswith("Please contact the Riverside nurse line now at 555-0199")
    assert "Call 112 straight away if" in answer.text


def test_an_emergency_among_other_symptoms_wins():
    answer = degraded_answer(findings(other_codes()[0], emergency_codes()[0]), None, SETTINGS, why="test")
    assert answer.result.urgency == Urgency.EMERGENCY
    assert set(answer.result.categories) >= set(default_knowledge().symptoms[emergency_codes()[0]].categories)


def test_the_emergency_intent_without_a_recognised_symptom_is_an_emergency():
    assert degraded_answer(findings(), "report_emergency", SETTINGS, why="test").result.urgency == Urgency.EMERGENCY


def test_negated_and_hypothetical_emergencies_do_not_raise_it_but_it_never_says_all_is_well():
    code = emergency_codes()[0]
    answer = degraded_answer(findings(negated=(code,), hypothetical=(code,)), "deny", SETTINGS, why="test")
    assert answer.result.urgency == Urgency.CONTACT_NOW
    assert answer.result.symptoms == () and answer.result.negated == (code,)


def test_nothing_recognised_still_gets_contact_now_and_an_unknown_code_is_ignored():
    answer = degraded_answer(findings("not_a_symptom_code"), "out_of_scope", SETTINGS, why="test")
    assert answer.result.urgency == Urgency.CONTACT_NOW and answer.result.symptoms == ()


def test_the_metadata_has_the_triage_shape_and_names_why():
    answer = degraded_answer(findings(emergency_codes()[0]), None, SETTINGS, why="action_server_too_slow")
    triage = answer.metadata()["triage"]
    assert set(triage) == {"urgency", "categories", "symptoms", "negated", "guidance_ids", "reasons"}
    assert triage["urgency"] == "emergency" and triage["reasons"] == ["fallback:action_server_too_slow"]
