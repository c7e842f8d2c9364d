"""Conversation signals (bot/data/signals.yml): found with their context, and what the decision makes of them."""
from __future__ import annotations

import pytest

from bot.detection import default_detector
from bot.knowledge import DataError, load_knowledge
from bot.triage import PatientMessage, decide
from bot.vocabulary import Urgency


def signals(text: str) -> dict[str, str]:
    """Each signal found, as 'fact', 'negated' or 'asked'."""
    found = default_detector().detect(text).signals
    return {s.code: "negated" if s.negated else "asked" if s.hypothetical else "fact" for s in found}


def triage(text: str):
    return decide(PatientMessage(default_detector().detect(text)))


@pytest.mark.parametrize("text, code, state", [
    ("I called 911", "called_emergency", "fact"),
    ("we've rung 999, the ambulance is on its way", "called_emergency", "fact"),
    ("ok done, ambulance on its way", "called_emergency", "fact"),
    ("my daughter has rung for an ambulance", "called_emergency", "fact"),
    ("the ambulance crew are here with him now", "called_emergency", "fact"),
    ("we've not rung 999 yet", "called_emergency", "negated"),
    ("I haven't called 911 yet", "called_emergency", "negated"),
    ("the nurse said it's fine", "reached_care_team", "fact"),
    ("can I wait until the morning?", "ask_wait", "fact"),
    ("should we go to the ER?", "ask_go_to_hospital", "fact"),
    ("tired since tuesday's dose", "after_dose", "fact"),
    ("I feel rubbish today", "complaint", "fact"),
    ("not feeling great", "wellbeing", "negated"),
])
def test_signals_are_found_with_their_context(text, code, state):
    assert signals(text).get(code) == state


@pytest.mark.parametrize("text", ["should I call 911?", "I'll call an ambulance if it gets worse"])
def test_saying_what_one_might_do_is_not_having_done_it(text):
    assert "called_emergency" not in signals(text)


def test_body_talk_gives_way_to_a_recognised_symptom():
    assert "complaint" not in signals("my gums are bleeding")
    assert signals("I feel rubbish today") == {"complaint": "fact"}


@pytest.mark.parametrize("text, reason", [
    ("I feel rubbish today", "unclear_symptom:body_talk"),
    ("not feeling great since the infusion", "unclear_symptom:body_talk"),
    ("I feel crappy, no idea why", "unclear_symptom:body_talk"),
])
def test_talk_about_the_body_with_nothing_recognised_gets_the_safe_answer_and_a_question(text, reason):
    result = triage(text)
    assert result.urgency == Urgency.CONTACT_NOW and reason in result.reasons
    assert "general.clarify" in result.guidance_ids and "general.redirect" not in result.guidance_ids


@pytest.mark.parametrize("text", ["I feel fine today", "no pain at all", "what's the weather tomorrow",
                                  "can imdelltra cause pain?"])
def test_messages_that_are_not_complaints_stay_none(text):
    assert triage(text).urgency == Urgency.NONE


def test_talk_about_the_treatment_is_never_answered_as_off_topic():
    result = decide(PatientMessage(default_detector().detect("had my infusion today"), "out_of_scope", 0.7))
    assert result.urgency == Urgency.NONE and result.guidance_ids[0] == "general.noted"


@pytest.mark.parametrize("text, raised", [
    ("so exhausted I can't get out of bed", True), ("extremely tired", True), ("nauseous since my infusion", True),
    ("a bit tired", False), ("slightly queasy this morning", False),
])
def test_tiredness_or_nausea_that_is_severe_or_follows_a_dose_is_not_mild(text, raised):
    result = triage(text)
    assert (result.urgency == Urgency.CONTACT_NOW) == raised, result.reasons
    assert any(r.startswith("modifier:") for r in result.reasons) == raised


def test_a_signal_needs_its_guidance(tmp_path):
    import shutil

    from bot.knowledge import DATA_DIR
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    guidance = (data / "guidance.yml").read_text()
    (data / "guidance.yml").write_text(guidance.replace("id: general.followup.ask_wait.emergency",
                                                        "id: general.followup.ask_wait.soon"))
    with pytest.raises(DataError, match="general.followup.ask_wait.emergency"):
        load_knowledge(data)
