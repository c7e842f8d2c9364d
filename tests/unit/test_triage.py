"""The triage engine: urgency floors, highest urgency wins, escalations, the classifier can only raise."""
import pytest

from bot.detection import Findings, Mention, default_detector
from bot.knowledge import default_knowledge
from bot.temperature import Temperature
from bot.triage import Conversation, PatientMessage
from bot.triage import decide as decide_message
from bot.vocabulary import CATEGORIES, Urgency


def decide(findings, intent=None, confidence=0.0):
    return decide_message(PatientMessage(findings, intent, confidence))


def findings(*codes, negated=(), temperature=None):
    mentions = tuple(Mention(code=c, text=c, start=0, end=0) for c in codes)
    mentions += tuple(Mention(code=c, text=c, start=0, end=0, negated=True) for c in negated)
    return Findings(mentions=mentions, temperature=temperature)


@pytest.mark.parametrize("code", sorted(default_knowledge().symptoms))
def test_every_symptom_is_answered_at_least_at_its_documented_urgency_whatever_the_classifier_says(code):
    floor = default_knowledge().symptoms[code].urgency
    for intent, confidence in [(None, 0.0), ("greet", 0.99), ("report_common", 1.0), ("nlu_fallback", 0.2),
                               ("deny", 0.9), ("out_of_scope", 0.95)]:
        result = decide(findings(code), intent, confidence)
        assert result.urgency >= floor, (code, intent)
        assert set(result.categories) >= set(default_knowledge().symptoms[code].categories)


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_has_symptoms_and_is_reachable(category):
    codes = [s.code for s in default_knowledge().symptoms.values() if category in s.categories]
    assert codes
    assert category in decide(findings(codes[0])).categories


@pytest.mark.parametrize("category, urgency", [
    ("crs", Urgency.EMERGENCY), ("crs", Urgency.CONTACT_NOW),
    ("icans", Urgency.EMERGENCY), ("icans", Urgency.CONTACT_NOW),
    ("infection", Urgency.EMERGENCY), ("infection", Urgency.CONTACT_NOW),
    ("liver", Urgency.CONTACT_NOW),
    ("bleeding", Urgency.EMERGENCY), ("bleeding", Urgency.CONTACT_NOW),
    ("allergy", Urgency.EMERGENCY), ("allergy", Urgency.CONTACT_NOW),
    ("common", Urgency.REPORT_IF_BOTHERSOME),
])
def test_each_category_at_each_urgency_it_can_have_gets_its_guidance(category, urgency):
    code = next(s.code for s in default_knowledge().symptoms.values()
                if category in s.categories and s.urgency == urgency)
    result = decide(findings(code))
    assert result.urgency == urgency
    assert f"{category}.{urgency.label}" in result.guidance_ids
    assert f"general.headline.{urgency.label}" == result.guidance_ids[0]


def test_multi_symptom_message_takes_the_highest_urgency_and_orders_categories_most_urgent_first():
    result = decide(findings("taste_change", "dark_urine", "seizure"))
    assert result.urgency == Urgency.EMERGENCY
    assert result.categories == ("icans", "liver", "common")
    ids = result.guidance_ids
    assert ids.index("icans.emergency") < ids.index("liver.contact_now") < ids.index("common.report_if_bothersome")


@pytest.mark.parametrize("codes, rule", [
    (("fever", "confusion"), "esc.fever_with_confusion"),
    (("chills", "breathing_trouble"), "esc.fever_with_breathing_trouble"),
    (("fever", "low_blood_pressure"), "esc.fever_with_low_blood_pressure"),
    (("hives", "wheezing"), "esc.allergy_with_breathing_trouble"),
    (("blood_in_stool", "dizziness"), "esc.bleeding_with_dizziness"),
])
def test_escalation_rules_raise_combinations_to_emergency(codes, rule):
    result = decide(findings(*codes))
    assert result.urgency == Urgency.EMERGENCY and rule in result.guidance_ids
    alone = [decide(findings(code)).urgency for code in codes]
    assert max(alone) == Urgency.CONTACT_NOW


def test_negated_symptoms_do_not_trigger_triage():
    result = decide(findings(negated=("fever", "seizure")), "report_emergency", 0.99)
    assert result.urgency == Urgency.NONE and result.symptoms == () and set(result.negated) == {"fever", "seizure"}
    assert "general.headline.emergency" not in result.guidance_ids


def test_a_negated_symptom_does_not_hide_a_present_one():
    result = decide(findings("rash", negated=("fever",)))
    assert result.urgency == Urgency.CONTACT_NOW and result.symptoms == ("rash",) and result.negated == ("fever",)


def test_symptom_intent_with_nothing_recognised_gets_the_safe_answer():
    for intent, confidence in [("report_liver", 0.95), ("report_common", 0.99), ("report_crs", 0.3)]:
        result = decide(findings(), intent, confidence)
        assert result.urgency == Urgency.CONTACT_NOW
        assert "general.unclear_symptom" in result.guidance_ids


def test_confident_emergency_classification_raises_but_a_weak_one_does_not():
    assert decide(findings("headache"), "report_emergency", 0.95).urgency == Urgency.EMERGENCY
    assert decide(findings("headache"), "report_emergency", 0.5).urgency == Urgency.CONTACT_NOW


def test_vague_complaint_is_contact_now_with_the_unclear_line():
    result = decide(findings("general_symptom"))
    assert result.urgency == Urgency.CONTACT_NOW and result.categories == ()
    assert "general.unclear_symptom" in result.guidance_ids


def test_fever_without_a_number_asks_for_the_temperature():
    result = decide(findings("fever"))
    assert result.asks_temperature and "general.fever_check" in result.guidance_ids
    measured = decide(findings("fever", temperature=Temperature(celsius=38.4, text="38.4")))
    assert not measured.asks_temperature and measured.urgency == Urgency.CONTACT_NOW


def test_temperature_below_the_line_is_no_fever():
    result = decide(default_detector().detect("temp is 37.4"))
    assert result.urgency == Urgency.NONE and "general.temperature_below_fever" in result.guidance_ids


def test_neurologic_symptoms_add_the_driving_advice():
    assert "icans.no_driving" in decide(findings("tremor")).guidance_ids
    assert "icans.no_driving" not in decide(findings("rash")).guidance_ids


def test_every_symptom_reply_says_when_to_call_emergency_services():
    for code in default_knowledge().symptoms:
        assert "general.when_to_call_emergency" in decide(findings(code)).guidance_ids


def test_metadata_contract_is_exact():
    result = decide(findings("fever", "rash", negated=("cough",)))
    meta = result.metadata()
    assert list(meta) == ["triage"]
    assert set(meta["triage"]) == {"urgency", "categories", "symptoms", "negated", "guidance_ids", "reasons"}
    assert meta["triage"]["reasons"] == ["negated:cough", "floor:fever", "floor:rash"]
    assert meta["triage"]["urgency"] == "contact_now"
    assert meta["triage"]["symptoms"] == ["fever", "rash"] and meta["triage"]["negated"] == ["cough"]


@pytest.mark.parametrize("text", ["he's not breathing", "I think I'm dying", "my husband isn't making any sense, temp 38.5",
                                  "nosebleed that won't stop"])
def test_negatively_worded_emergencies_are_emergencies(text):
    assert decide(default_detector().detect(text)).urgency == Urgency.EMERGENCY


def test_thoughts_of_self_harm_get_emergency_and_the_crisis_line():
    result = decide(default_detector().detect("I just want to end my life"))
    assert result.urgency == Urgency.EMERGENCY and "general.crisis" in result.guidance_ids


@pytest.mark.parametrize("text, code", [("I'm not able to keep any fluids down", "vomiting"),
                                        ("not peeing much at all", "low_urine")])
def test_symptoms_said_with_a_negation_are_still_symptoms(text, code):
    assert code in decide(default_detector().detect(text)).symptoms


@pytest.mark.parametrize("message, conversation, reasons", [
    (PatientMessage(default_detector().detect("temp 38.6 and I'm confused")), None,
     ["reading:temperature_38.6C", "floor:confusion", "floor:fever", "escalation:fever_with_confusion"]),
    (PatientMessage(default_detector().detect("I have a headache"), "report_emergency", 0.86), None,
     ["floor:headache", "classifier:report_emergency@0.86"]),
    (PatientMessage(findings(), "report_liver", 0.7), None, ["unclear_symptom", "classifier:report_liver@0.70"]),
    (PatientMessage(default_detector().detect("bp 85/50")), None, ["reading:low_blood_pressure(85/50)",
                                                                  "floor:low_blood_pressure"]),
    (PatientMessage(findings(), "deny", 0.9), Conversation(awaiting_temperature=True),
     ["followup:no_temperature_reading", "floor:fever"]),
    (PatientMessage(findings(), "out_of_scope", 0.9), None, ["redirect"]),
])
def test_every_urgency_says_which_rules_decided_it(message, conversation, reasons):
    result = decide_message(message, conversation or Conversation())
    assert list(result.reasons) == reasons
    assert result.metadata()["triage"]["reasons"] == reasons


@pytest.mark.parametrize("text, expected", [
    ("temp only 35.4 and i feel cold and clammy", Urgency.CONTACT_NOW),
    ("35.5 and I feel rotten", Urgency.CONTACT_NOW),
    ("temp 35.6 this morning, feeling fine", Urgency.NONE),
])
def test_a_low_temperature_with_feeling_unwell_is_a_warning_sign(text, expected):
    result = decide(default_detector().detect(text))
    assert result.urgency == expected
    assert ("general.low_temperature" in result.guidance_ids) == (expected == Urgency.CONTACT_NOW)


@pytest.mark.parametrize("text", ["my temperature is 1000 °F", "oxygen is 300 %", "temp -40"])
def test_a_reading_no_body_can_have_gets_the_safe_answer_and_a_recheck(text):
    result = decide(default_detector().detect(text))
    assert result.urgency == Urgency.CONTACT_NOW and "general.recheck_reading" in result.guidance_ids
    assert any(reason.startswith("reading:implausible(") for reason in result.reasons)
    assert default_detector().detect(text).temperature is None
