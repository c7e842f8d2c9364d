"""FAQ questions through the running Rasa and action servers (REST channel)."""
from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.e2e


def _customs(messages: list[dict], key: str) -> list[dict]:
    return [m["custom"][key] for m in messages if key in (m.get("custom") or {})]


def _texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def test_a_question_gets_the_sourced_answer_with_urgency_none(assistant):
    messages = assistant.send(uuid.uuid4().hex, "how much does imdelltra cost?")
    [triage] = _customs(messages, "triage")
    assert triage["urgency"] == "none"
    # a first message: the answer, then the introduction after it (the introduction never goes first)
    assert triage["guidance_ids"] == ["faq.cost", "general.when_to_call_emergency", "general.intro_after_reply"]
    assert all(list(m["custom"]) == ["triage"] for m in messages if m.get("custom"))
    text = _texts(messages)
    assert "$14,838.25" in text and "555-0100" in text and "Call 911 straight away if" in text


def test_a_question_the_guide_does_not_answer_is_referred_to_the_care_team(assistant):
    messages = assistant.send(uuid.uuid4().hex, "should I skip my next infusion?")
    assert _customs(messages, "triage")[0]["guidance_ids"][0] == "faq.ask_care_team"
    assert "555-0100" in _texts(messages) and "don't want to guess" in _texts(messages)
    assert _customs(messages, "triage")[0]["urgency"] == "none"


def test_a_present_symptom_in_a_question_is_triaged_first(assistant):
    messages = assistant.send(uuid.uuid4().hex, "is it normal to have a fever after my dose?")
    [triage] = _customs(messages, "triage")
    assert triage["urgency"] == "contact_now" and "fever" in triage["symptoms"]
    kinds = ["triage" if "triage" in (m.get("custom") or {}) else "text" for m in messages]
    before_triage = _texts(messages[:kinds.index("triage")])
    # the triage reply (care team now, when to call 911) comes before anything else
    assert before_triage.startswith("Please contact") or "right now at 555-0100" in before_triage
    assert "Call 911 straight away if" in before_triage
