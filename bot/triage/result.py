"""The outcome of a triage decision: the contract behind the reply text and the triage metadata."""
from __future__ import annotations

from dataclasses import dataclass

from bot.temperature import Temperature
from bot.triage.message import Conversation
from bot.vocabulary import Urgency


@dataclass(frozen=True)
class TriageResult:
    """What to answer, and why.

    `guidance_ids` name every sentence of the reply (guidance entries, escalation rules, an FAQ answer);
    `reasons` name every rule that set the urgency, categories or guidance, in the order they ran.
    """

    urgency: Urgency
    categories: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    negated: tuple[str, ...] = ()
    guidance_ids: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    temperature: Temperature | None = None
    conversation: Conversation = Conversation()
    introduce: bool = False  # first reply of the conversation: the introduction follows the instruction
    asks_anything_else: bool = False  # the reply ends by asking whether there is anything else

    @property
    def is_symptom_reply(self) -> bool:
        return self.urgency > Urgency.NONE

    @property
    def asks_temperature(self) -> bool:
        return self.conversation.awaiting_temperature

    def metadata(self) -> dict:
        """The machine-readable triage message, exactly as the widget and nurse scripts expect it."""
        return {"triage": {
            "urgency": self.urgency.label,
            "categories": list(self.categories),
            "symptoms": list(self.symptoms),
            "negated": list(self.negated),
            "guidance_ids": list(self.guidance_ids),
            "reasons": list(self.reasons),
        }}
