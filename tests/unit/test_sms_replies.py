"""The SMS form of the reply writer: GSM-7, three segments, urgent instruction first, every category named."""
from __future__ import annotations

import itertools

import pytest

from bot.config import Settings
from bot.detection import Findings, Mention
from bot.knowledge import default_knowledge
from bot.replies import LONG, SMS, SMS_CATEGORY_NAMES, form_for_channel, write_reply
from bot.sms import SMS_TRIAGE_LIMIT, is_gsm7, septets, sms_segments, sms_text
from bot.temperature import highest_temperature
from bot.triage import PatientMessage, decide
from bot.vocabulary import Urgency

KNOWLEDGE = default_knowledge()
# A long, realistic care-team number makes every reply as long as it can get.
SETTINGS = Settings(emergency_number="911", care_team_phone="+1 (555) 555-0100 ext 1234",
                    care_team_name="the oncology nurse line")
CODES = sorted(KNOWLEDGE.symptoms)


def findings(*codes: str, temperature=None) -> Findings:
    return Findings(tuple(Mention(code, code, 0, 0) for code in codes), temperature)


def sms(*codes: str, **kwargs) -> str:
    [text] = write_reply(decide(PatientMessage(findings(*codes, **kwargs)), knowledge=KNOWLEDGE), SMS, SETTINGS,
                         KNOWLEDGE)
    return text


def assert_fits_and_is_safe(text: str, codes) -> None:
    result = decide(PatientMessage(findings(*codes)), knowledge=KNOWLEDGE)
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
        result = decide(PatientMessage(findings(*codes)), knowledge=KNOWLEDGE)
        full = [KNOWLEDGE.guidance[g] for g in result.guidance_ids if g in KNOWLEDGE.guidance]
        for category in result.categories:
            shorts = [sms_text(g.short.format(emergency_number="911", care_team_phone=SETTINGS.care_team_phone,
                                              care_team_name=SETTINGS.care_team_name))
                      for g in full if g.category == category]
            named = any(short in text for short in shorts) or category_named(category, text)
            assert named, (codes, category, text)


def category_named(category: str, text: str) -> bool:
    return "Also tell them about your" in text and SMS_CATEGORY_NAMES[category] in text


def test_everything_at_once_still_fits_and_names_each_category_left_out():
    text = sms(*CODES)
    assert_fits_and_is_safe(text, CODES)
    assert "Also tell them about your" in text
    result = decide(PatientMessage(findings(*CODES)), knowledge=KNOWLEDGE)
    assert len(result.categories) == 7


def test_measured_fever_reply_has_no_degree_sign_and_fits():
    text = sms("fever", "chills", "confusion", temperature=highest_temperature("39.4 C"))
    assert is_gsm7(text) and septets(text) <= SMS_TRIAGE_LIMIT and text.startswith("CALL 911 NOW")


def test_unmeasured_fever_keeps_the_temperature_question_on_sms():
    assert "send me the number" in sms("fever", "nausea", "rash")


def test_text_only_channel_gets_the_sms_reply_others_the_full_reply():
    result = decide(PatientMessage(findings("seizure"), "report_emergency", 0.99), knowledge=KNOWLEDGE)
    [full] = write_reply(result, LONG, SETTINGS, KNOWLEDGE)
    assert write_reply(result, form_for_channel("twilio"), SETTINGS, KNOWLEDGE) == [sms("seizure")]
    for channel in ("rest", "socketio", "callback", "telegram", "slack", "facebook", "botframework", None):
        assert write_reply(result, form_for_channel(channel), SETTINGS, KNOWLEDGE) == [full]
    assert len(full) > SMS_TRIAGE_LIMIT
