"""Real conversations through the running Rasa and action servers (REST channel)."""
from __future__ import annotations

import uuid

import pytest
import requests

pytestmark = pytest.mark.e2e


def _texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def _triage(messages: list[dict]) -> dict:
    customs = [m["custom"]["triage"] for m in messages if "triage" in (m.get("custom") or {})]
    assert len(customs) == 1, f"expected exactly one triage message, got {messages}"
    return customs[0]


def test_first_message_introduces_the_assistant(assistant):
    messages = assistant.send(uuid.uuid4().hex, "hello")
    text = _texts(messages)
    assert "not a nurse or doctor" in text
    assert "555-0100" in text and "911" in text


def test_crs_report_is_contact_now_with_care_team_number(assistant):
    messages = assistant.send(uuid.uuid4().hex, "had my infusion this morning and now I've got chills and a racing heart")
    triage = _triage(messages)
    assert triage["urgency"] == "contact_now"
    assert "crs" in triage["categories"]
    assert set(triage["symptoms"]) >= {"chills", "fast_heartbeat"}
    text = _texts(messages)
    assert "555-0100" in text and "Call 911 straight away if" in text


def test_emergency_gives_emergency_number_and_mentions_imdelltra(assistant):
    messages = assistant.send(uuid.uuid4().hex, "my husband just had a seizure and wont wake up")
    triage = _triage(messages)
    assert triage["urgency"] == "emergency"
    assert triage["categories"][0] == "icans"
    assert "Call 911 now" in _texts(messages) and "Imdelltra" in _texts(messages)


def test_greeting_with_a_symptom_is_still_triaged(assistant):
    triage = _triage(assistant.send(uuid.uuid4().hex, "hi there, my gums keep bleeding"))
    assert triage["urgency"] == "contact_now" and "bleeding" in triage["categories"]


def test_negated_symptom_does_not_trigger_triage(assistant):
    triage = _triage(assistant.send(uuid.uuid4().hex, "no fever today and no chills"))
    assert triage["urgency"] == "none"
    assert set(triage["negated"]) == {"fever", "chills"}
    assert triage["symptoms"] == []


def test_multi_symptom_message_addresses_every_category_most_urgent_first(assistant):
    messages = assistant.send(uuid.uuid4().hex, "food tastes like metal, my eyes look yellow and I'm so shaky")
    triage = _triage(messages)
    assert triage["urgency"] == "contact_now"
    assert set(triage["categories"]) == {"liver", "icans", "common"}
    assert triage["categories"][-1] == "common"
    text = _texts(messages)
    assert "liver" in text and "ICANS" in text and "common side effects" in text
    assert "Do not drive" in text


def test_fever_without_number_asks_for_temperature_then_triages_the_answer(assistant):
    sender = uuid.uuid4().hex
    first = assistant.send(sender, "I feel feverish")
    assert "send me the number" in _texts(first)
    assert _triage(first)["urgency"] == "contact_now"
    assert not any("anything else" in (m.get("text") or "") for m in first)
    low = assistant.send(sender, "37.4")
    triage = _triage(low)
    assert triage["urgency"] == "none" and triage["negated"] == ["fever"] or triage["symptoms"] == []
    assert "below the fever line" in _texts(low).lower() or "under the fever line" in _texts(low)


def test_temperature_answer_above_threshold_is_contact_now(assistant):
    sender = uuid.uuid4().hex
    assistant.send(sender, "I think I have a fever")
    triage = _triage(assistant.send(sender, "101.3 F"))
    assert triage["urgency"] == "contact_now" and triage["symptoms"] == ["fever"]


def test_off_topic_and_gibberish_get_a_redirect_with_the_safety_line(assistant):
    for text in ("who won the football last night", "qwzx plk"):
        messages = assistant.send(uuid.uuid4().hex, text)
        assert "I can only help with side effects" in _texts(messages)
        assert "911" in _texts(messages)
        assert _triage(messages)["urgency"] == "none"


def test_ask_human_gives_the_care_team_number(assistant):
    messages = assistant.send(uuid.uuid4().hex, "can I speak to a real nurse please")
    assert "555-0100" in _texts(messages)


def test_a_long_mixed_conversation_stays_coherent(assistant):
    sender = uuid.uuid4().hex
    turns = [
        ("hi", None),
        ("I've been a bit tired this week", "report_if_bothersome"),
        ("yes", None),
        ("also my pee looks like cola", "contact_now"),
        ("thanks", "contact_now"),  # the instruction to call stays in force until the patient says it is done
        ("what's the capital of France", "contact_now"),
        ("my wife says I keep losing my words", "contact_now"),
        ("no", "contact_now"),
        ("actually now my lips are swelling up and my throat feels tight", "emergency"),
        ("are you a real person?", "emergency"),
        ("no fever though", "emergency"),
        ("bye", "emergency"),
        ("ok, the ambulance is here now", "contact_now"),  # the crew takes over; the care team must still hear
        ("bye", None),
    ]
    for text, expected in turns:
        messages = assistant.send(sender, text)
        assert messages, f"no answer to {text!r}"
        if expected is not None:
            assert _triage(messages)["urgency"] == expected, text
        if expected == "emergency":
            assert messages[0]["text"].startswith("Call 911 now"), text


def test_a_huge_message_is_answered(assistant):
    text = ("I want to tell you everything about my week. " * 60) + "Also I have a nosebleed."
    triage = _triage(assistant.send(uuid.uuid4().hex, text))
    assert triage["urgency"] == "contact_now" and "bleeding" in triage["categories"]


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "\u0000\u0001 weird bytes", "x" * 100_000,
                                  '{"triage": "fake"}', "/report_emergency{\"bad json"])
def test_bad_input_gets_an_answer_and_the_server_keeps_serving(assistant, text):
    sender = uuid.uuid4().hex
    response = requests.post(f"{assistant.rasa_url}/webhooks/rest/webhook",
                             json={"sender": sender, "message": text}, timeout=120)
    assert response.status_code == 200 or 400 <= response.status_code < 500
    follow_up = assistant.send(sender, "I have a nosebleed")
    # a payload that names the emergency intent was itself triaged as one, and stays in force
    assert _triage(follow_up)["urgency"] == ("emergency" if text.startswith("/report_emergency") else "contact_now")


def test_malformed_requests_get_a_clear_error(assistant):
    response = requests.post(f"{assistant.rasa_url}/webhooks/rest/webhook", data="not json",
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert 400 <= response.status_code < 500
    assert requests.get(f"{assistant.rasa_url}/status", timeout=30).ok


def test_a_message_sent_again_with_its_id_gets_the_same_answer_and_is_kept_once(assistant):
    sender = uuid.uuid4().hex
    url = f"{assistant.rasa_url}/webhooks/rest/webhook"
    first = requests.post(url, json={"sender": sender, "message": "I have a fever of 38.9", "message_id": "t1"},
                          timeout=60).json()
    again = requests.post(url, json={"sender": sender, "message": "I have a fever of 38.9", "message_id": "t1"},
                          timeout=60).json()
    assert _triage(first)["urgency"] == "contact_now"
    assert again == first  # the stored replies, not a second turn
    other = requests.post(url, json={"sender": sender, "message": "I have a fever of 38.9", "message_id": "t2"},
                          timeout=60).json()
    assert _triage(other)["urgency"] == "contact_now"  # another id: the patient said it again
    events = requests.get(f"{assistant.rasa_url}/conversations/{sender}/tracker", timeout=30).json()["events"]
    assert [e["message_id"] for e in events if e["event"] == "user"] == ["t1", "t2"]


def test_a_message_id_that_is_not_a_sensible_string_is_refused(assistant):
    url = f"{assistant.rasa_url}/webhooks/rest/webhook"
    for bad in (42, "", "x" * 1000):
        reply = requests.post(url, json={"sender": "p", "message": "hi", "message_id": bad}, timeout=30)
        assert reply.status_code == 400 and "message_id" in reply.json()["error"]
