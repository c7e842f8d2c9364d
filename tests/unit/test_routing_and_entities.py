"""Findings travel as Rasa entities; the intent guard never lets a symptom miss triage."""
from bot.detection import default_detector
from bot.entities import from_entities, to_entities
from bot.intent_routing import route_intent

RANKING = [{"name": "greet"}, {"name": "report_icans"}, {"name": "report_crs"}, {"name": "report_infection"}]


def test_entities_round_trip_mentions_roles_and_temperature():
    text = "no fever, temp 37.9, but my gums are bleeding and what if I get a rash"
    findings = default_detector().detect(text)
    entities = to_entities(findings, extractor="test")
    roles = {e["value"]: e.get("role") for e in entities if e["entity"] == "symptom"}
    assert roles == {"fever": "negated", "bleeding": None, "rash": "hypothetical"}
    assert [e["value"] for e in entities if e["entity"] == "temperature"] == ["37.9"]
    restored = from_entities(entities, text)
    assert restored.present == findings.present and restored.negated == findings.negated
    assert restored.temperature.celsius == 37.9


def test_entities_round_trip_reading_kinds_and_a_lone_number():
    for text in ("bp 124/78 and sats 97", "just rechecked, 88 now"):
        findings = default_detector().detect(text)
        restored = from_entities(to_entities(findings, extractor="test"), text)
        assert (restored.reading_kinds, restored.lone_number) == (findings.reading_kinds, findings.lone_number)


def test_entities_round_trip_what_the_message_says_as_a_whole():
    # lost on the way to the action, "my wife has flu, is that a risk for me?" lost its someone-else's-illness reply
    text = "my wife has flu, is that a risk for me?"
    findings = default_detector().detect(text)
    restored = from_entities(to_entities(findings, extractor="test"), text)
    assert restored.said == findings.said == frozenset({"own_risk"})
    assert restored.someone_elses_illness


def test_greeting_with_a_symptom_is_routed_to_the_best_ranked_matching_symptom_intent():
    findings = default_detector().detect("hi, I have a headache")
    assert route_intent("greet", RANKING, findings) == "report_icans"


def test_emergency_symptom_routes_to_report_emergency():
    assert route_intent("faq", RANKING, default_detector().detect("is it normal he had a seizure?")) == "report_emergency"


def test_symptom_intents_are_kept():
    assert route_intent("report_liver", RANKING, default_detector().detect("I have a headache")) == "report_liver"


def test_negated_symptom_under_deny_still_goes_to_triage():
    assert route_intent("deny", RANKING, default_detector().detect("no fever today")).startswith("report_")


def test_a_bare_temperature_is_inform_temperature_and_chit_chat_is_left_alone():
    assert route_intent("nlu_fallback", RANKING, default_detector().detect("37.2")) == "inform_temperature"
    assert route_intent("greet", RANKING, default_detector().detect("hello there")) == "greet"
    assert route_intent("faq", RANKING, default_detector().detect("what are the signs of CRS?")) == "faq"
