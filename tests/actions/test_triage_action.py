"""The triage action with a real rasa_sdk Tracker and CollectingDispatcher."""
from rasa_sdk.events import SlotSet

from actions.greet import ActionGreet
from actions.session import ActionSessionStart
from actions.triage import ActionTriage
from tests.support.trackers import run, slots_after, triage_messages
from tests.support.trackers import tracker_for as _tracker_for


def tracker_for(text, intent="report_crs", confidence=0.9, slots=None):
    return _tracker_for(text, intent, confidence, slots)


def triage_of(messages):
    [triage] = triage_messages(messages)
    return triage


def test_triage_action_sends_text_then_metadata_and_sets_slots():
    tracker = tracker_for("fever of 39 and confused")
    messages, events = run(ActionTriage(), tracker)
    assert messages[0]["text"].startswith("Call 911 now")
    assert triage_of(messages) == {
        "urgency": "emergency", "categories": ["crs", "icans", "infection"], "symptoms": ["fever", "confusion"],
        "negated": [], "guidance_ids": triage_of(messages)["guidance_ids"],
        "reasons": ["reading:temperature_39.0C", "floor:fever", "floor:confusion", "escalation:fever_with_confusion"]}
    assert "esc.fever_with_confusion" in triage_of(messages)["guidance_ids"]
    assert SlotSet("last_urgency", "emergency") in events and slots_after(tracker, events)["awaiting_temperature"] is False


def test_fever_without_a_number_sets_awaiting_temperature():
    messages, events = run(ActionTriage(), tracker_for("I feel feverish"))
    assert SlotSet("awaiting_temperature", True) in events
    assert "send me the number" in messages[0]["text"]


def test_no_thermometer_after_the_question_is_treated_as_a_fever():
    tracker = tracker_for("I don't have a thermometer", intent="deny", slots={"awaiting_temperature": True})
    messages, events = run(ActionTriage(), tracker)
    assert triage_of(messages)["urgency"] == "contact_now" and triage_of(messages)["symptoms"] == ["fever"]
    assert SlotSet("awaiting_temperature", False) in events


def test_low_confidence_message_without_symptoms_gets_a_redirect_with_the_safety_line():
    messages, _ = run(ActionTriage(), tracker_for("blorp", intent="nlu_fallback", confidence=0.2))
    assert "I can only help with side effects" in messages[0]["text"] and "911" in messages[0]["text"]
    assert triage_of(messages)["urgency"] == "none"


def test_symptom_intent_without_recognised_symptom_gets_the_safe_answer():
    messages, _ = run(ActionTriage(), tracker_for("something odd is going on with my body", intent="report_icans"))
    assert triage_of(messages)["urgency"] == "contact_now"
    assert "555-0100" in messages[0]["text"]


def test_session_start_sets_contact_slots_and_leaves_the_introduction_to_the_first_reply():
    messages, events = run(ActionSessionStart(), tracker_for("", intent="greet"))
    assert messages == []
    assert SlotSet("care_team_phone", "555-0100") in events and SlotSet("emergency_number", "911") in events
    assert SlotSet("introduced", False) in events
    assert events[0]["event"] == "session_started" and events[-1]["name"] == "action_listen"


def test_first_reply_puts_the_instruction_first_and_the_introduction_after_it():
    messages, events = run(ActionTriage(), tracker_for("I can't breathe", intent="report_emergency",
                                                       slots={"introduced": False}))
    text = messages[0]["text"]
    assert text.startswith("Call 911 now") and "not a nurse or doctor" in text
    assert text.index("Call 911 now") < text.index("not a nurse or doctor")
    assert "general.intro_after_reply" in triage_of(messages)["guidance_ids"]
    assert SlotSet("introduced", True) in events


def test_greeting_on_first_contact_introduces_the_assistant_first():
    messages, events = run(ActionGreet(), tracker_for("hello", intent="greet", slots={"introduced": False}))
    assert "not a nurse or doctor" in messages[0]["text"] and "555-0100" in messages[0]["text"]
    assert messages[1]["response"] == "utter_greet" and SlotSet("introduced", True) in events
    messages, _ = run(ActionGreet(), tracker_for("hello", intent="greet", slots={"introduced": True}))
    assert [m["response"] for m in messages] == ["utter_greet"]
