"""Reply wording: numbers from configuration, urgency first, every category addressed."""
import pytest

from bot.config import CARE_TEAM_PHONE_UNSET, Settings, load_settings
from bot.detection import default_detector
from bot.replies import LONG, SMS, write_reply
from bot.triage import PatientMessage, decide

SETTINGS = Settings(emergency_number="112", care_team_phone="+44 20 7946 0000", care_team_name="the chemo unit")


def reply(text, settings=SETTINGS):
    return write_reply(decide(PatientMessage(default_detector().detect(text))), settings=settings)[0]


def test_emergency_reply_leads_with_the_configured_emergency_number_and_mentions_imdelltra():
    text = reply("he passed out and is not responding")
    assert text.startswith("Call 112 now")
    assert "Imdelltra" in text


def test_contact_now_reply_gives_the_care_team_phone_and_when_to_call_emergency_services():
    text = reply("I've got a fever and chills")
    assert text.startswith("Please contact the chemo unit right now at +44 20 7946 0000")
    assert "Call 112 straight away if" in text


def test_report_if_bothersome_reply_is_calm_and_still_has_the_emergency_line():
    text = reply("everything tastes like metal")
    assert "usually not serious" in text and "+44 20 7946 0000" in text and "Call 112 straight away if" in text


def test_multi_symptom_reply_addresses_each_category_most_urgent_first():
    text = reply("I'm constipated and my eyes look yellow")
    assert text.index("liver") < text.index("common side effects")


def test_neurologic_reply_advises_not_to_drive():
    assert "Do not drive" in reply("my hands are shaking and I feel confused")


def test_understood_symptoms_are_listed_with_the_measured_temperature():
    assert "fever (102.2\u00a0°F / 39.0\u00a0°C)" in reply("temp 39.0 and chills")


def test_short_form_is_used_for_text_only_channels():
    result = decide(PatientMessage(default_detector().detect("my throat is closing")))
    [short] = write_reply(result, SMS, SETTINGS)
    assert short.startswith("CALL 112 NOW") and len(short) < len(write_reply(result, LONG, SETTINGS)[0])


def test_settings_come_from_the_environment_with_safe_defaults(monkeypatch):
    for name in ("EMERGENCY_NUMBER", "CARE_TEAM_PHONE", "CARE_TEAM_NAME"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.emergency_number == "911" and settings.care_team_phone == CARE_TEAM_PHONE_UNSET
    monkeypatch.setenv("CARE_TEAM_PHONE", "555-0199")
    assert load_settings().care_team_phone == "555-0199"
    monkeypatch.setenv("CARE_TEAM_PHONE", "212.555.0123")
    assert load_settings().care_team_phone == "(212) 555-0123"


@pytest.mark.parametrize("text", ["no fever", "hello", ""])
def test_no_symptom_replies_never_claim_an_urgency(text):
    assert "right now" not in reply(text) and "Call 112 now" not in reply(text)
