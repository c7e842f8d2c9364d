"""Issue 15's clinical content review, checked without the trained model: every example of the review set
through the detector and the triage engine, each new escalation firing, and the guidance wording."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import Settings
from bot.detection import default_detector
from bot.knowledge import DATA_DIR, default_knowledge
from bot.replies import LONG, write_reply
from bot.triage import PatientMessage, decide
from triage_tools.evaluation import load_eval_set

ROOT = Path(__file__).resolve().parents[2]
REVIEW_SET = ROOT / "tests" / "eval" / "clinical_review.yml"
KNOWLEDGE = default_knowledge()
SETTINGS = Settings(emergency_number="911", care_team_phone="(555) 010-0100", care_team_name="your care team")


def triage(text: str):
    return decide(PatientMessage(default_detector().detect(text)))


def reply(text: str) -> str:
    return write_reply(triage(text), LONG, SETTINGS)[0]


@pytest.mark.parametrize("case", load_eval_set(REVIEW_SET), ids=lambda case: case.text[:60])
def test_every_review_example_gets_its_urgency_and_categories_from_the_rules_alone(case):
    result = triage(case.text)
    assert (result.urgency, frozenset(result.categories)) == (case.urgency, case.categories), result.reasons


@pytest.mark.parametrize("text, rule", [
    ("I have a fever and feel dizzy", "esc.fever_with_dizziness_or_weakness"),
    ("shivering and so weak I can't stand", "esc.fever_with_dizziness_or_weakness"),
    ("my blood pressure is low and I'm dizzy", "esc.low_blood_pressure_with_symptoms"),
    ("he has the chills and he's confused", "esc.fever_with_confusion"),
    ("fever and he's not himself", "esc.fever_with_confusion"),
    ("she's drowsy and confused", "esc.drowsiness_with_confusion"),
    ("hives and I feel dizzy", "esc.allergy_with_circulation_or_stomach_signs"),
    ("rash all over and I've been vomiting", "esc.allergy_with_circulation_or_stomach_signs"),
    ("my eyes are yellow and I'm confused", "esc.liver_with_confusion_or_bleeding"),
    ("dark pee and my gums are bleeding", "esc.liver_with_confusion_or_bleeding"),
    ("bruises everywhere and a bad headache", "esc.bleeding_with_headache_or_confusion"),
    ("black stool and I feel weak", "esc.black_stool_with_weakness"),
])
def test_each_new_escalation_fires_within_one_message(text, rule):
    result = triage(text)
    assert rule in result.guidance_ids and f"escalation:{rule.removeprefix('esc.')}" in result.reasons


def test_every_escalation_has_a_source_and_raises_to_an_emergency():
    assert all(rule.source and rule.urgency.label == "emergency" for rule in KNOWLEDGE.escalations)


# ------------------------------------------------------------------------------------------- guidance text

def test_crs_advice_says_right_away():
    text = KNOWLEDGE.guidance["crs.contact_now"].text
    assert "right away" in text and "tomorrow" not in text


def test_liver_advice_does_not_wait_for_the_next_dose_and_is_only_for_liver_signs():
    assert "before your next dose" not in KNOWLEDGE.guidance["liver.contact_now"].text
    for text in ("diarrhoea since this morning", "my ankles are swollen", "my stomach hurts", "I have indigestion"):
        result = triage(text)
        assert "liver" not in result.categories and "liver.contact_now" not in result.guidance_ids, text
    assert "upper right belly" not in reply("my stomach hurts").split("What I understood")[-1].split("\n")[0]
    assert "liver.contact_now" in triage("pain under my right ribs").guidance_ids


@pytest.mark.parametrize("words", ["in an hour", "by mouth", "lie down", "auto-injector", "epinephrine"])
def test_first_aid_not_in_its_source_is_kept_off_replies_until_signed(words):
    shown = [g.id for g in KNOWLEDGE.guidance.values() if words in g.text.lower() or words in g.short.lower()]
    assert shown == []
    assert not any(words in reply(text).lower() for text in
                   ("he had a seizure", "vomiting blood", "my throat is closing", "temp 37.4"))


def test_held_first_aid_is_still_listed_for_review():
    held = KNOWLEDGE.held_guidance
    assert "food, drink or tablets" in " ".join(held["icans.first_aid"].text.split())
    assert "auto-injector" in held["allergy.first_aid_epinephrine"].text
    assert "not for vomiting" in held["bleeding.first_aid"].text


@pytest.mark.parametrize("guidance_id", ["general.fever_check", "general.temperature_below_fever"])
def test_the_fever_lines_say_fever_medicines_and_steroids_can_hide_a_fever(guidance_id):
    assert "fever medicines and steroids can hide a fever" in KNOWLEDGE.guidance[guidance_id].text.lower()


def test_claims_are_no_stronger_than_their_sources():
    infection = KNOWLEDGE.guidance["infection.contact_now"].text + KNOWLEDGE.guidance["infection.emergency"].text
    assert "more serious" not in infection and "quickly" not in infection
    icans_faq = KNOWLEDGE.faq["what_is_icans"].text
    assert "rare" not in icans_faq and "month in" not in icans_faq
    assert "start of each of those two infusions" in " ".join(KNOWLEDGE.faq["hospital_stay"].text.split())


def test_the_faq_gives_crs_its_real_frequency_and_fever_its_exception():
    crs, side_effects = KNOWLEDGE.faq["what_is_crs"].text, " ".join(KNOWLEDGE.faq["side_effects"].text.split())
    assert "about half" in crs and "about half" in side_effects and "less often" not in side_effects.lower()
    assert "100.4 °F (38 °C) or more always needs a call" in side_effects


def test_no_reply_shows_a_phone_number_in_double_brackets():
    texts = [reply(t) for t in ("I have hives", "temp 37.2", "I feel sick", "I feel overwhelmed and can't cope")]
    assert not any("((555)" in text for text in texts)


def test_every_document_the_data_files_point_to_exists():
    pointers = {match for path in DATA_DIR.glob("*.yml") for match in re.findall(r"docs/[\w-]+\.md", path.read_text())}
    assert "docs/clinical-content.md" in pointers
    assert [p for p in pointers if not (ROOT / p).exists()] == []
