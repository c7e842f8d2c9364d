"""The inputs of a triage decision: one patient message, and what the conversation carries forward."""
from __future__ import annotations

from dataclasses import dataclass

from bot.detection import Findings


@dataclass(frozen=True)
class PatientMessage:
    """What the NLU made of one message: the symptom findings and the classifier's opinion.

    `intent` is the classifier's own pick (after Rasa's fallback classifier), never the intent the
    symptom guard routed the message to: routing chooses the action, not the urgency.
    """

    findings: Findings
    intent: str | None = None
    confidence: float = 0.0
    faq_topic: str | None = None  # a general question also asked, answered after the triage reply


@dataclass(frozen=True)
class Conversation:
    """What earlier turns left for this one (kept in Rasa slots, set only from a triage result)."""

    awaiting_temperature: bool = False


NEW_CONVERSATION = Conversation()
