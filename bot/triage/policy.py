"""The thresholds of the triage decision, named, in one place."""
from __future__ import annotations

from dataclasses import dataclass

from bot.vocabulary import Urgency


@dataclass(frozen=True)
class TriagePolicy:
    """Numbers the decision uses; the defaults are the shipped behaviour."""

    # The classifier may raise urgency, never lower it. It must be this sure to call an emergency...
    emergency_intent_min_confidence: float = 0.8
    # ...and this sure of a category to name it when nothing was recognised in the message.
    category_intent_min_confidence: float = 0.5
    # An instruction stays in force until the patient says it is done, or until this long after it was given
    # (an emergency from the last hour survives a greeting or a new session).
    emergency_in_force_minutes: float = 120
    contact_now_in_force_minutes: float = 12 * 60
    # A common side effect to keep an eye on is remembered as long: "thanks" does not end the advice.
    report_in_force_minutes: float = 12 * 60
    # The learned safety net: when nothing is recognised, the classifier's summed belief that the message
    # describes a symptom (all symptom intents together) at or above this gets the safe answer.
    symptom_likelihood_min: float = 0.6
    # A reading below the fever line cancels the patient's word "fever", unless it is at least this (37.7 °C,
    # 99.9 °F): just under the line, a fever the patient feels is still reported (docs/triage.md).
    fever_word_kept_from_celsius: float = 37.7
    # Symptoms of earlier turns combine with new ones (fever earlier + confusion now) for this long.
    symptom_memory_hours: float = 24

    def in_force_seconds(self, urgency: Urgency) -> float:
        minutes = {Urgency.EMERGENCY: self.emergency_in_force_minutes,
                   Urgency.CONTACT_NOW: self.contact_now_in_force_minutes}.get(urgency, self.report_in_force_minutes)
        return minutes * 60


DEFAULT_POLICY = TriagePolicy()
