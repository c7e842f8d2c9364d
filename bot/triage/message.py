"""The inputs of a triage decision: one patient message, and what the conversation carries forward."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from bot.detection import Findings
from bot.names import Slot
from bot.triage.policy import DEFAULT_POLICY, TriagePolicy
from bot.vocabulary import Urgency


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
    symptom_likelihood: float = 0.0  # the classifier's summed belief that this describes a symptom
    received_at: float = 0.0  # when the patient sent it (seconds since the epoch)


@dataclass(frozen=True)
class InForce:
    """The most urgent instruction the patient has been given and not yet said is done."""

    urgency: Urgency
    categories: tuple[str, ...]
    symptoms: tuple[str, ...]
    since: float  # when it was given (seconds since the epoch)
    fever_measured: bool = False  # a reading at or above the fever line was given: a lower one later does not end it


@dataclass(frozen=True)
class Remembered:
    """A symptom reported in an earlier turn, kept for combinations within the memory window."""

    code: str
    at: float


@dataclass(frozen=True)
class Conversation:
    """What earlier turns left for this one (kept in Rasa slots, set only from a triage result)."""

    awaiting_temperature: bool = False
    last_reading: str | None = None  # the kind of home reading given last turn, for a bare number now
    in_force: InForce | None = None
    earlier: tuple[Remembered, ...] = ()
    introduced: bool = True  # the assistant has introduced itself in this conversation

    def slots(self) -> dict[str, Any]:
        """The slot values that carry this state to the next turn."""
        in_force = self.in_force
        return {
            Slot.AWAITING_TEMPERATURE: self.awaiting_temperature,
            Slot.LAST_READING: self.last_reading,
            Slot.URGENCY_IN_FORCE: in_force.urgency.label if in_force else None,
            Slot.IN_FORCE: None if in_force is None else {
                "urgency": in_force.urgency.label, "categories": list(in_force.categories),
                "symptoms": list(in_force.symptoms), "since": in_force.since,
                "fever_measured": in_force.fever_measured},
            Slot.EARLIER_SYMPTOMS: [{"code": r.code, "at": r.at} for r in self.earlier],
            Slot.INTRODUCED: self.introduced,
        }

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> "Conversation":
        """Rebuild the state from slot values; anything malformed is dropped, never fatal."""
        raw = slots.get(Slot.IN_FORCE)
        in_force = None
        if isinstance(raw, Mapping):
            try:
                in_force = InForce(urgency=Urgency.from_label(str(raw["urgency"])),
                                   categories=tuple(map(str, raw.get("categories") or ())),
                                   symptoms=tuple(map(str, raw.get("symptoms") or ())), since=float(raw["since"]),
                                   fever_measured=raw.get("fever_measured") is True)
            except (KeyError, TypeError, ValueError):
                in_force = None
        earlier = []
        for item in slots.get(Slot.EARLIER_SYMPTOMS) or []:
            if isinstance(item, Mapping) and isinstance(item.get("code"), str):
                try:
                    earlier.append(Remembered(code=item["code"], at=float(item.get("at", 0.0))))
                except (TypeError, ValueError):
                    continue
        introduced = slots.get(Slot.INTRODUCED)
        last_reading = slots.get(Slot.LAST_READING)
        return cls(awaiting_temperature=bool(slots.get(Slot.AWAITING_TEMPERATURE)),
                   last_reading=last_reading if isinstance(last_reading, str) else None, in_force=in_force,
                   earlier=tuple(earlier), introduced=introduced is not False)


NEW_CONVERSATION = Conversation()


def carry_over(conversation: Conversation, now: float, policy: TriagePolicy = DEFAULT_POLICY) -> Conversation:
    """What a new session of the same conversation keeps: an instruction still in force, recent symptoms."""
    in_force = conversation.in_force
    if in_force is not None and now - in_force.since > policy.in_force_seconds(in_force.urgency):
        in_force = None
    window = policy.symptom_memory_hours * 3600
    earlier = tuple(r for r in conversation.earlier if now - r.at <= window)
    return Conversation(in_force=in_force, earlier=earlier, introduced=False)
