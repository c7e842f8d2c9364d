"""Channel-aware replies without Rasa: SMS size and alphabet, numbered options, hidden metadata."""
from __future__ import annotations

import itertools

import pytest

from bot.channels.formatting import (
    SMS_TRIAGE_LIMIT, buttons_offered, gsm7_text, is_gsm7, is_triage_metadata, numbered_options,
    payload_for_choice, plain_text, resolve_choice, septets, sms_segments, sms_text, sms_triage_reply,
    triage_reply_for_channel,
)
from bot.config import Settings
from bot.conversation import triage_turn
from bot.detection import Findings, Mention
from bot.knowledge import default_knowledge
from bot.temperature import highest_temperature
from bot.triage import decide
from bot.vocabulary import Urgency

KNOWLEDGE = default_knowledge()
# A long, realistic care-team number makes every reply as long as it can get.
SETTINGS = Settings(emergency_number="911", care_team_phone="+1 (555) 555-0100 ext 1234",
                    care_team_name="the oncology nurse line")
CODES = sorted(KNOWLEDGE.symptoms)


def findings(*codes: str, temperature=None) -> Findings:
    return Findings(tuple(Mention(code, code, 0, 0) for code in codes), temperature)


def sms(*codes: str, **kwargs) -> str:
    return sms_triage_reply(decide(findings(*codes, **kwargs), knowledge=KNOWLEDGE), SETTINGS, KNOWLEDGE)


def assert_fits_and_is_safe(text: str, codes) -> None:
    result = decide(findings(*codes), knowledge=KNOWLEDGE)
    assert is_gsm7(text), (codes, [c for c in text if not is_gsm7(c)])
    assert septets(text) <= SMS_TRIAGE_LIMIT and sms_segments(text) <= 3 and len(text) <= 480, (codes, text)
    assert "Call 911" in text or "CALL 911" in text, (codes, text)
    if result.urgency == Urgency.EMERGENCY:
        assert text.startswith("CALL 911 NOW"), (codes, text)
    elif result.urgency == Urgency.CONTACT_NOW:
        assert text.startswith("Call your care team NOW: +1 (555) 555-0100 ext 1234"), (codes, text)


@pytest.mark.parametrize("code", CODES)
def test_every_single_symptom_fits_three_sms_segments_urgent_first(code):
    assert_fits_and_is_safe(sms(code), [code])


def test_every_escalation_fits_and_leads_with_the_emergency_number():
    for rule in KNOWLEDGE.escalations:
        for codes in itertools.product(*rule.when):
            text = sms(*codes)
            assert_fits_and_is_safe(text, codes)
            assert text.startswith("CALL 911 NOW")


def test_every_pair_of_symptoms_fits_and_names_every_category():
    for codes in itertools.combinations(CODES, 2):
        text = sms(*codes)
        assert_fits_and_is_safe(text, codes)
        result = decide(findings(*codes), knowledge=KNOWLEDGE)
        full = [KNOWLEDGE.guidance[g] for g in result.guidance_ids if g in KNOWLEDGE.guidance]
        for category in result.categories:
            shorts = [sms_text(g.short.format(emergency_number="911", care_team_phone=SETTINGS.care_team_phone,
                                              care_team_name=SETTINGS.care_team_name))
                      for g in full if g.category == category]
            named = any(short in text for short in shorts) or category_named(category, text)
            assert named, (codes, category, text)


def category_named(category: str, text: str) -> bool:
    from bot.channels.formatting import SMS_CATEGORY_NAMES

    return "Also tell them about your" in text and SMS_CATEGORY_NAMES[category] in text


def test_everything_at_once_still_fits_and_names_each_category_left_out():
    text = sms(*CODES)
    assert_fits_and_is_safe(text, CODES)
    assert "Also tell them about your" in text
    result = decide(findings(*CODES), knowledge=KNOWLEDGE)
    assert len(result.categories) == 7


def test_measured_fever_reply_has_no_degree_sign_and_fits():
    text = sms("fever", "chills", "confusion", temperature=highest_temperature("39.4 C"))
    assert is_gsm7(text) and septets(text) <= SMS_TRIAGE_LIMIT and text.startswith("CALL 911 NOW")


def test_unmeasured_fever_keeps_the_temperature_question_on_sms():
    assert "send me the number" in sms("fever", "nausea", "rash")


def test_text_only_channel_gets_the_sms_reply_others_the_full_reply():
    turn = triage_turn(findings("seizure"), "report_emergency", 0.99, False, SETTINGS, KNOWLEDGE)
    assert triage_reply_for_channel(turn, "twilio", SETTINGS) == sms("seizure")
    for channel in ("rest", "socketio", "callback", "telegram", "slack", "facebook", "botframework", None):
        assert triage_reply_for_channel(turn, channel, SETTINGS) == turn.text
    assert len(turn.text) > SMS_TRIAGE_LIMIT


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
