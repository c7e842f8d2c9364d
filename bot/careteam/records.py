"""What the care-team store hands out: one conversation as a nurse reads it, and the rows of the inbox list."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from bot.vocabulary import Urgency

URGENT = (Urgency.EMERGENCY, Urgency.CONTACT_NOW)


@dataclass(frozen=True)
class TriageEntry:
    """One triage outcome with the patient's words and the assistant's answer in that turn."""

    at: float
    reported_at: Optional[float]
    channel: Optional[str]
    urgency: Urgency
    categories: tuple[str, ...]
    symptoms: tuple[str, ...]
    negated: tuple[str, ...]
    guidance_ids: tuple[str, ...]
    reasons: Optional[tuple[str, ...]]
    message: str
    reply: str

    @property
    def reports_symptoms(self) -> bool:
        """A symptom was reported, denied or triaged in this turn (FAQ answers and small talk are not)."""
        return bool(self.symptoms or self.negated or self.urgency > Urgency.NONE)


@dataclass(frozen=True)
class TranscriptLine:
    at: float
    sender: str  # "patient" or "assistant"
    text: str


@dataclass(frozen=True)
class Note:
    at: float
    author: str
    text: str


@dataclass(frozen=True)
class ConversationOverview:
    """One row of the inbox list."""

    public_id: str
    conversation_id: str
    channel: Optional[str]
    first_at: float
    last_at: float
    highest_urgency: Urgency
    categories: tuple[str, ...]
    symptoms: tuple[str, ...]
    acknowledged_at: Optional[float]
    acknowledged_by: Optional[str]
    needs_attention: bool  # an urgent turn nobody has acknowledged since


@dataclass(frozen=True)
class ConversationRecord:
    """Everything the inbox shows for one conversation."""

    overview: ConversationOverview
    triage: tuple[TriageEntry, ...]
    transcript: tuple[TranscriptLine, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class LoggedTriage:
    """A triage outcome just stored, with the ids the alert needs."""

    conversation_id: str
    public_id: str
    entry: TriageEntry


URGENCY_TITLES = {
    Urgency.EMERGENCY: "Emergency",
    Urgency.CONTACT_NOW: "Contact now",
    Urgency.REPORT_IF_BOTHERSOME: "Report if bothersome",
    Urgency.NONE: "No urgent symptom",
}
# What the patient was told to do, by urgency (the reply itself is in the transcript).
URGENCY_ADVICE = {
    Urgency.EMERGENCY: "call emergency services now",
    Urgency.CONTACT_NOW: "contact the care team right now",
    Urgency.REPORT_IF_BOTHERSOME: "report it if it continues or is bothersome",
    Urgency.NONE: "no symptom to act on",
}
CATEGORY_TITLES = {
    "crs": "CRS", "icans": "ICANS (neurologic)", "infection": "infection", "liver": "liver",
    "bleeding": "bleeding / low blood counts", "allergy": "allergic reaction", "common": "common side effect",
}


def category_title(category: str) -> str:
    return CATEGORY_TITLES.get(category, category)


def symptom_title(symptom: str) -> str:
    """`cannot_wake` -> `cannot wake` (symptom ids are the lexicon's)."""
    return symptom.replace("_", " ")
