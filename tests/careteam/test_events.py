"""Rasa's published events -> what the care team keeps."""
from __future__ import annotations

from bot.careteam.events import AssistantMessage, PatientMessage, TriageOutcome, event_key, parse_event
from tests.careteam.conftest import bot_event, triage, user_event


def test_user_event_is_the_patients_message_with_its_channel():
    parsed = parse_event(user_event("p1", "fever 38.9 and shaking chills", at=10.5, channel="twilio"))
    assert isinstance(parsed, PatientMessage)
    assert (parsed.conversation_id, parsed.at, parsed.text, parsed.channel) == \
        ("p1", 10.5, "fever 38.9 and shaking chills", "twilio")


def test_bot_text_is_an_assistant_message():
    parsed = parse_event(bot_event("p1", "Please contact the care team right now."))
    assert isinstance(parsed, AssistantMessage) and parsed.text.startswith("Please contact")


def test_the_triage_message_is_the_outcome_with_every_field():
    parsed = parse_event(bot_event("p1", triage=triage("contact_now", ["crs", "infection"], ["fever", "chills"],
                                                       ["rash"], ["crs.contact_now"], ["floor:fever"])))
    assert isinstance(parsed, TriageOutcome)
    assert parsed.urgency == "contact_now"
    assert parsed.categories == ("crs", "infection") and parsed.symptoms == ("fever", "chills")
    assert parsed.negated == ("rash",) and parsed.guidance_ids == ("crs.contact_now",)
    assert parsed.reasons == ("floor:fever",)


def test_reasons_are_optional_and_told_apart_from_an_empty_list():
    assert parse_event(bot_event("p1", triage=triage("none"))).reasons is None
    assert parse_event(bot_event("p1", triage=triage("none", reasons=[]))).reasons == ()


def test_other_and_malformed_events_are_ignored():
    ignored = [
        {"sender_id": "p1", "event": "action", "timestamp": 1.0, "name": "action_listen"},
        {"sender_id": "p1", "event": "slot", "timestamp": 1.0, "name": "x", "value": 1},
        user_event("p1", "   "),
        bot_event("p1", None),
        bot_event("p1", triage=triage("very_urgent")),
        {"event": "user", "timestamp": 1.0, "text": "no sender"},
        {"sender_id": "p1", "event": "user", "text": "no time"},
        {"sender_id": "p1", "event": "bot", "timestamp": 1.0, "data": "not a dict", "text": None},
        {"sender_id": "p1", "event": "bot", "timestamp": 1.0, "data": {"custom": {"triage": "fake"}}, "text": None},
        None, "text", [],
    ]
    assert [parse_event(event) for event in ignored] == [None] * len(ignored)


def test_event_key_is_stable_and_tells_events_apart():
    event = user_event("p1", "hello", at=5.0)
    assert event_key(event) == event_key(dict(event))
    assert event_key(event) != event_key({**event, "timestamp": 6.0})
    assert event_key(event) != event_key({**event, "sender_id": "p2"})


def test_a_turn_published_again_at_the_same_place_of_the_session_has_one_key():
    published = {**user_event("p1", "I have a fever of 39", at=5.0), "event_position": 7, "message_id": "a"}
    sent_again = {**published, "timestamp": 9.5, "message_id": "b"}  # the client's retry, on another server
    assert event_key(published) == event_key(sent_again)
    assert event_key(published) != event_key({**published, "text": "my chest hurts"})  # another message there
    assert event_key(published) != event_key({**published, "event_position": 8})
