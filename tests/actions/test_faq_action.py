"""The FAQ action, and the FAQ answer after a triage reply, with a real rasa_sdk Tracker and CollectingDispatcher."""
from rasa_sdk.events import SlotSet

from actions.faq import ActionFaq
from actions.triage import ActionTriage
from bot.knowledge import default_knowledge
from tests.support import trackers
from tests.support.trackers import run, triage_messages


def tracker_for(text, intent="faq", topic="cost", confidence=0.9, ranking=None):
    return trackers.tracker_for(
        text, intent, confidence=1.0,
        intent_ranking=ranking if ranking is not None else [{"name": intent, "confidence": 0.95}],
        response_selector={"faq": {"response": {"intent_response_key": f"faq/{topic}", "confidence": confidence}}},
    )


def test_faq_action_answers_from_the_data_with_urgency_none_and_its_id_and_source():
    messages, events = run(ActionFaq(), tracker_for("how much does imdelltra cost?"))
    assert "$1,489.45" in messages[0]["text"] and "555-0100" in messages[0]["text"]
    assert "Call 911 straight away if" in messages[0]["text"]
    [triage] = triage_messages(messages)
    assert triage == {"urgency": "none", "categories": [], "symptoms": [], "negated": [],
                      "guidance_ids": ["faq.cost", "general.when_to_call_emergency"], "reasons": ["faq:cost"]}
    assert list(messages[1]["custom"]) == ["triage"]
    assert default_knowledge().faq["cost"].source
    assert SlotSet("last_urgency", "none") in events


def test_unsure_pick_gets_the_ask_your_care_team_answer_not_a_guess():
    messages, _ = run(ActionFaq(), tracker_for("can I take turmeric?", topic="cost", confidence=0.12))
    assert "don't want to guess" in messages[0]["text"] and "555-0100" in messages[0]["text"]
    assert "$" not in messages[0]["text"]
    assert triage_messages(messages)[0]["guidance_ids"][0] == "faq.ask_care_team"


def test_general_symptom_question_is_information_with_urgency_none():
    messages, _ = run(ActionFaq(), tracker_for("what are the signs of CRS?", topic="what_is_crs"))
    assert "cytokine release syndrome" in messages[0]["text"]
    assert triage_messages(messages)[0]["urgency"] == "none"


def test_faq_action_given_a_present_symptom_triages_first_then_answers():
    messages, events = run(ActionFaq(), tracker_for("is it normal to have a fever after my dose?", topic="what_is_crs"))
    [triage] = triage_messages(messages)
    assert triage["urgency"] == "contact_now" and "fever" in triage["symptoms"]
    assert "555-0100" in messages[0]["text"]
    assert triage["guidance_ids"][-1] == "faq.what_is_crs"
    assert "cytokine release syndrome" in messages[-1]["text"]
    assert any(e.get("name") == "last_urgency" and e.get("value") == "contact_now" for e in events)


def test_triage_adds_the_faq_answer_after_the_reply_when_the_patient_also_asked_a_question():
    tracker = tracker_for("I have chills since my infusion, how long does CRS last?", intent="report_crs",
                          topic="what_is_crs", ranking=[{"name": "faq", "confidence": 0.8},
                                                        {"name": "report_crs", "confidence": 0.2}])
    messages, _ = run(ActionTriage(), tracker)
    [triage] = triage_messages(messages)
    assert triage["urgency"] == "contact_now"
    texts = [m["text"] for m in messages if m.get("text")]
    assert len(texts) == 2
    assert "555-0100" in texts[0] and "Call 911 straight away if" in texts[0]
    assert texts[1].startswith("CRS (cytokine release syndrome)")
    # the triage reply comes first, the answer after it
    kinds = ["text" if m.get("text") else next(iter(m["custom"])) if m.get("custom") else m["response"]
             for m in messages]
    assert kinds == ["text", "triage", "text", "utter_anything_else"]
    assert triage["guidance_ids"][-1] == "faq.what_is_crs"


def test_triage_adds_nothing_when_the_classifier_heard_a_symptom_report():
    tracker = tracker_for("I have chills", intent="report_crs", topic="what_is_crs",
                          ranking=[{"name": "report_crs", "confidence": 0.9}, {"name": "faq", "confidence": 0.1}])
    messages, _ = run(ActionTriage(), tracker)
    assert len([m for m in messages if m.get("text")]) == 1
    assert not any("faq" in (m.get("custom") or {}) for m in messages)
