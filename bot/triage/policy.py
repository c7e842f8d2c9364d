"""The thresholds of the triage decision, named, in one place."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TriagePolicy:
    """Numbers the decision uses; the defaults are the shipped behaviour."""

    # The classifier may raise urgency, never lower it. It must be this sure to call an emergency...
    emergency_intent_min_confidence: float = 0.8
    # ...and this sure of a category to name it when nothing was recognised in the message.
    category_intent_min_confidence: float = 0.5


DEFAULT_POLICY = TriagePolicy()
