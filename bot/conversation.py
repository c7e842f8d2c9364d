"""Dialogue-level decisions for the triage action, kept free of Rasa types."""
from __future__ import annotations

from dataclasses import dataclass, replace

from bot.config import Settings
from bot.detection import Findings, Mention
from bot.knowledge import Knowledge, default_knowledge
from bot.replies import compose_reply
from bot.triage import TriageResult, decide

REDIRECT_INTENTS = frozenset({"out_of_scope", "nlu_fallback", None})


@dataclass(frozen=True)
class TriageTurn:
    """Everything the triage action sends back for one patient message."""

    result: TriageResult
    text: str
    awaiting_temperature: bool


def _without_new_information(findings: Findings) -> bool:
    return not findings.mentions and findings.temperature is None


def triage_turn(findings: Findings, intent: str | None, confidence: float, awaiting_temperature: bool,
                settings: Settings, knowledge: Knowledge | None = None) -> TriageTurn:
    """Triage one message in the context of the conversation.

    When the assistant has just asked for a temperature and the patient gives none (for example
    "I don't have a thermometer"), the fever is treated as real: the safe answer.
    """
    knowledge = knowledge or default_knowledge()
    if awaiting_temperature and not findings.present and findings.temperature is None:
        findings = replace(findings, mentions=findings.mentions + (Mention(code="fever", text="", start=0, end=0),))
        result = decide(findings, intent, confidence, knowledge)
        result = replace(result, asks_temperature=False,
                         guidance_ids=tuple(g for g in result.guidance_ids if g != "general.fever_check"))
    else:
        result = decide(findings, intent, confidence, knowledge)

    if not result.is_symptom_reply and _without_new_information(findings):
        closing = "general.redirect" if intent in REDIRECT_INTENTS else "general.no_symptom"
        result = replace(result, guidance_ids=(closing, "general.when_to_call_emergency"))
    return TriageTurn(result=result, text=compose_reply(result, settings, knowledge),
                      awaiting_temperature=result.asks_temperature)
