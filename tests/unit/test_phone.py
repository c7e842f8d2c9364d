"""Phone numbers: parsed and formatted once in the clinic's region, with a tel: link; the start-up check."""
from __future__ import annotations

import re

import pytest
import yaml

from bot.clinic_check import clinic_warnings
from bot.config import CARE_TEAM_PHONE_UNSET, load_settings
from bot.phone import parse_phone
from bot.replies import fill_placeholders
from triage_tools.servers import ROOT

# Every file whose texts get the clinic's numbers filled in (Rasa fills domain.yml's from the same settings).
TEXTS_WITH_PLACEHOLDERS = ("bot/data/guidance.yml", "bot/data/faq.yml", "domain.yml")

# Characters every phone shows the same way in a GSM-7 SMS (no extension-table characters).
SMS_SAFE = re.compile(r"[0-9A-Za-z ()+\-.]+")


@pytest.mark.parametrize("written, region, display, tel", [
    ("(555) 010-0100", "US", "(555) 010-0100", "tel:+15550100100"),
    ("((555) 010-0100)", "US", "(555) 010-0100", "tel:+15550100100"),  # brackets written twice are read once
    ("212.555.0123", "US", "(212) 555-0123", "tel:+12125550123"),
    ("+1 212 555 0123", "US", "(212) 555-0123", "tel:+12125550123"),
    ("1-800-555-0199", "US", "(800) 555-0199", "tel:+18005550199"),
    ("555-0100", "US", "555-0100", "tel:5550100"),  # a local number: dialled as written
    ("+1 (212) 555-0123 ext 1234", "US", "(212) 555-0123 ext. 1234", "tel:+12125550123;ext=1234"),
    ("020 7946 0000", "GB", "020 7946 0000", "tel:+442079460000"),
    ("+44 20 7946 0000", "US", "+44 20 7946 0000", "tel:+442079460000"),  # another country: international form
    ("911", "US", "911", "tel:911"),
    ("112", "DE", "112", "tel:112"),
])
def test_numbers_are_shown_in_the_clinic_regions_form_with_a_link_to_dial(written, region, display, tel):
    phone = parse_phone(written, region)
    assert phone is not None and (phone.display, phone.tel) == (display, tel)
    assert SMS_SAFE.fullmatch(phone.display), "the same text goes out by SMS"


@pytest.mark.parametrize("written", ["ask at the front desk", "12", "555 0100 0100 0100 0100"])
def test_text_that_is_no_phone_number_is_not_given_a_link(written):
    assert parse_phone(written, "US") is None


def test_validity_is_reported_so_a_typo_can_be_warned_about():
    assert parse_phone("(212) 555-0123", "US").valid
    assert not parse_phone("(555) 010-0100", "US").valid  # area code 555 is not in use


def _clinic_env(monkeypatch, **values: str) -> None:
    for name in ("CARE_TEAM_PHONE", "CLINIC_REGION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_settings_format_the_configured_number_in_the_configured_region(monkeypatch):
    _clinic_env(monkeypatch, CARE_TEAM_PHONE="02079460000", CLINIC_REGION="gb")
    settings = load_settings()
    assert (settings.care_team_phone, settings.care_team_tel) == ("020 7946 0000", "tel:+442079460000")
    assert settings.has_care_team_phone


def test_without_a_number_patients_read_plain_words_and_no_bracketed_placeholder(monkeypatch):
    _clinic_env(monkeypatch)
    settings = load_settings()
    assert settings.care_team_phone == CARE_TEAM_PHONE_UNSET and settings.care_team_tel == ""
    assert not settings.has_care_team_phone
    texts = [text for name in TEXTS_WITH_PLACEHOLDERS for text in _strings(yaml.safe_load((ROOT / name).read_text()))
             if "{care_team_phone}" in text]
    assert len(texts) >= 10
    for text in texts:
        filled = fill_placeholders(text, settings)
        assert CARE_TEAM_PHONE_UNSET in filled and not re.search(r"[\[\]{}]", filled), filled


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    values = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return [text for value in values for text in _strings(value)]


def test_start_up_check_warns_while_the_care_team_number_is_unset_and_names_the_fix():
    warnings = clinic_warnings({})
    assert len(warnings) == 1
    assert warnings[0].startswith("CARE_TEAM_PHONE is not set") and 'CARE_TEAM_PHONE="' in warnings[0]


def test_start_up_check_warns_about_a_number_not_in_use_and_an_unknown_region():
    assert clinic_warnings({"CARE_TEAM_PHONE": "(212) 555-0123"}) == []
    assert "not a number in use in region US" in clinic_warnings({"CARE_TEAM_PHONE": "(555) 010-0100"})[0]
    assert "is not a phone number" in clinic_warnings({"CARE_TEAM_PHONE": "front desk"})[0]
    assert "not a country code" in clinic_warnings({"CARE_TEAM_PHONE": "(212) 555-0123", "CLINIC_REGION": "XX"})[0]
