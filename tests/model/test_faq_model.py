"""The trained model on FAQ questions: held-out retrieval accuracy, and safety beats the FAQ."""
import pytest

from bot.nlu_result import routed_to_faq
from triage_tools.faq_evaluation import DEFAULT_HOLDOUT, evaluate_faq, format_report, load_holdout, symptom_messages

MIN_ACCURACY = 0.9


def test_held_out_questions_get_the_right_answer_at_least_90_percent_of_the_time(local_assistant):
    report = evaluate_faq(load_holdout(DEFAULT_HOLDOUT), local_assistant.parse)
    assert report.accuracy >= MIN_ACCURACY, format_report(report, [])


def test_no_symptom_message_of_the_triage_evaluation_set_gets_an_faq_answer_alone(local_assistant):
    texts = symptom_messages()
    assert len(texts) > 150
    faq_only = [text for text in texts if routed_to_faq(local_assistant.parse(text))]
    assert faq_only == []


@pytest.mark.parametrize("text", ["what are the signs of CRS?", "can it cause diarrhea?",
                                  "what symptoms of ICANS should my family look out for?"])
def test_general_questions_about_symptoms_are_answered_as_information(local_assistant, text):
    assert routed_to_faq(local_assistant.parse(text))
    assert local_assistant.triage(text).urgency.label == "none"


@pytest.mark.parametrize("text", ["is it normal to have a fever after my dose?",
                                  "I've had a headache since the infusion, is that CRS?"])
def test_a_question_with_a_symptom_the_patient_has_now_goes_to_triage(local_assistant, text):
    assert not routed_to_faq(local_assistant.parse(text))
    assert local_assistant.triage(text).urgency.label == "contact_now"
