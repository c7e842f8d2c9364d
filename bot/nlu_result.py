"""Reading Rasa's parse result (plain dicts) into what the triage decision takes: a PatientMessage.

The parse result is the same in the Rasa server, in the action server (tracker.latest_message) and
in-process: intent, intent_ranking, entities, response_selector, text.
"""
from __future__ import annotations

from typing import Any, Mapping

from bot.entities import from_entities
from bot.knowledge import Knowledge, default_knowledge
from bot.names import SYMPTOM_INTENTS, FaqTopic, Intent
from bot.triage import PatientMessage

# Below this FAQ selector confidence the assistant does not trust its FAQ pick and refers the
# patient to the care team instead of guessing (measured: see docs/faq.md).
MIN_TOPIC_CONFIDENCE = 0.3


def classifier_opinion(parsed: Mapping[str, Any]) -> tuple[str | None, float]:
    """The classifier's pick after Rasa's fallback classifier, before the symptom guard routed the message.

    The guard rewrites `intent` to choose the action but leaves `intent_ranking` as the classifiers left it.
    """
    ranking = parsed.get("intent_ranking") or []
    top = ranking[0] if ranking else (parsed.get("intent") or {})
    return top.get("name"), float(top.get("confidence") or 0.0)


def _first_heard(parsed: Mapping[str, Any]) -> str | None:
    """The classifier's own top intent, before the fallback classifier and the symptom guard had their say."""
    for entry in parsed.get("intent_ranking") or []:
        if entry.get("name") != Intent.NLU_FALLBACK:
            return entry.get("name")
    return (parsed.get("intent") or {}).get("name")


def selected_topic(parsed: Mapping[str, Any]) -> tuple[str | None, float]:
    """The FAQ selector's faq/<topic> pick and its confidence, or (None, 0.0)."""
    selection = ((parsed.get("response_selector") or {}).get(Intent.FAQ) or {}).get("response") or {}
    key = selection.get("intent_response_key") or ""
    if not key.startswith(Intent.FAQ + "/"):
        return None, 0.0
    return key.split("/", 1)[1], float(selection.get("confidence") or 0.0)


def routed_to_faq(parsed: Mapping[str, Any]) -> bool:
    """True when the dialogue answers this message with the FAQ alone (no triage)."""
    return (parsed.get("intent") or {}).get("name") == Intent.FAQ


def answer_topic(parsed: Mapping[str, Any], knowledge: Knowledge | None = None) -> str:
    """The topic to answer for a message routed to the faq intent: the pick, or ask_care_team when unsure."""
    faq = (knowledge or default_knowledge()).faq
    topic, confidence = selected_topic(parsed)
    if topic not in faq or confidence < MIN_TOPIC_CONFIDENCE:
        return FaqTopic.ASK_CARE_TEAM
    return topic


def faq_after_triage(parsed: Mapping[str, Any], knowledge: Knowledge | None = None) -> str | None:
    """The topic to answer after a triage reply, when the patient also asked a general question.

    Only when the classifier's own top intent was the FAQ and the selector is confident: the triage
    reply already tells the patient what to do, so an unsure pick adds nothing.
    """
    faq = (knowledge or default_knowledge()).faq
    if _first_heard(parsed) != Intent.FAQ:
        return None
    topic, confidence = selected_topic(parsed)
    if topic in faq and topic != FaqTopic.ASK_CARE_TEAM and confidence >= MIN_TOPIC_CONFIDENCE:
        return topic
    return None


def symptom_likelihood(parsed: Mapping[str, Any]) -> float:
    """The classifier's summed belief that the message describes a symptom (every symptom intent together)."""
    return sum(float(entry.get("confidence") or 0.0) for entry in parsed.get("intent_ranking") or []
               if entry.get("name") in SYMPTOM_INTENTS)


def patient_message(parsed: Mapping[str, Any], faq_topic: str | None = None,
                    received_at: float = 0.0) -> PatientMessage:
    """The triage input for one parsed message; `faq_topic` is a general question to answer too."""
    intent, confidence = classifier_opinion(parsed)
    findings = from_entities(parsed.get("entities") or [], parsed.get("text") or "")
    return PatientMessage(findings=findings, intent=intent, confidence=confidence, faq_topic=faq_topic,
                          symptom_likelihood=symptom_likelihood(parsed), received_at=received_at)
