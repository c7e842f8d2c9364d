"""Messaging-channel formatting without Rasa: GSM-7 text, numbered options, hidden metadata."""
from __future__ import annotations

from bot.channels.formatting import (
    buttons_offered,
    is_triage_metadata,
    numbered_options,
    payload_for_choice,
    resolve_choice,
)
from bot.sms import gsm7_text, is_gsm7, plain_text, septets, sms_segments


def test_gsm7_maps_typographic_characters_and_counts_extension_characters_twice():
    assert gsm7_text("It’s 39 °C – “high”…") == "It's 39 C - \"high\"..."
    assert gsm7_text("naïve café") == "naive café"  # é is in GSM-7, ï is not
    assert septets("[a]") == 5 and septets("a" * 160) == 160
    assert sms_segments("a" * 160) == 1 and sms_segments("a" * 161) == 2 and sms_segments("a" * 459) == 3
    assert sms_segments("a" * 460) == 4
    assert is_gsm7(gsm7_text("emoji 🙂 and ✓"))


def test_markdown_is_removed_for_text_only_phones():
    assert plain_text("**Call 911** now, see [the guide](https://x.org/g) and *rest* with `care`") == \
        "Call 911 now, see the guide (https://x.org/g) and rest with care"
    assert plain_text("temp_check stays, 2 * 3 * 4 stays") == "temp_check stays, 2 * 3 * 4 stays"


BUTTONS = [{"title": "Yes", "payload": "/affirm"}, {"title": "No, that's all", "payload": "/deny"}]


def test_buttons_become_numbered_options_and_digits_map_back_to_payloads():
    text = numbered_options("Anything else?", BUTTONS)
    assert text == "Anything else?\n1: Yes\n2: No, that's all\nReply with the number."
    assert payload_for_choice("2", BUTTONS) == "/deny" and payload_for_choice(" 1. ", BUTTONS) == "/affirm"
    assert payload_for_choice("yes", BUTTONS) == "/affirm"
    assert payload_for_choice("3", BUTTONS) is None and payload_for_choice("38.5", BUTTONS) is None


def test_only_buttons_offered_since_the_patients_last_message_count():
    events = [
        {"event": "user", "text": "hi"},
        {"event": "bot", "text": "Anything else?", "data": {"buttons": BUTTONS}},
    ]
    assert buttons_offered(events) == BUTTONS
    assert resolve_choice("2", events) == "/deny"
    answered = events + [{"event": "user", "text": "2"}, {"event": "bot", "text": "Take care."}]
    assert buttons_offered(answered) == [] and resolve_choice("2", answered) == "2"
    # a reading such as "2" after a question without buttons stays the patient's own words
    assert resolve_choice("1", [{"event": "bot", "text": "What was the reading?"}]) == "1"


def test_only_the_triage_metadata_is_recognised_as_hidden():
    assert is_triage_metadata({"triage": {"urgency": "none"}})
    assert not is_triage_metadata({"triage": {}, "text": "x"}) and not is_triage_metadata({"text": "hi"})
    assert not is_triage_metadata(["triage"])
