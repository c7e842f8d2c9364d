"""Rasa's event stream in, what the care team keeps out: patient messages, assistant messages, triage outcomes.

Plain Python on the event dictionaries Rasa publishes (the same shape from the SQL and the RabbitMQ
broker). The triage outcome is the bot event whose `data.custom` is `{"triage": {...}}`, sent by
action_triage and action_faq. Anything else (actions, slots, malformed events) is ignored.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Optional, Union

from bot.names import EVENT_POSITION
from bot.vocabulary import URGENCY_LABELS


@dataclass(frozen=True)
class PatientMessage:
    conversation_id: str
    at: float
    text: str
    channel: Optional[str]
    key: str


@dataclass(frozen=True)
class AssistantMessage:
    conversation_id: str
    at: float
    text: str
    key: str


@dataclass(frozen=True)
class TriageOutcome:
    conversation_id: str
    at: float
    urgency: str
    categories: tuple[str, ...]
    symptoms: tuple[str, ...]
    negated: tuple[str, ...]
    guidance_ids: tuple[str, ...]
    reasons: Optional[tuple[str, ...]]  # None when the assistant sent no reasons
    key: str


LoggedEvent = Union[PatientMessage, AssistantMessage, TriageOutcome]


def parse_event(event: Any) -> Optional[LoggedEvent]:
    """What the care team keeps from one published Rasa event, or None."""
    if not isinstance(event, dict):
        return None
    conversation_id, at = event.get("sender_id"), event.get("timestamp")
    if not isinstance(conversation_id, str) or not conversation_id or not isinstance(at, (int, float)):
        return None
    kind, text = event.get("event"), event.get("text")
    key = event_key(event)
    if kind == "user":
        if not isinstance(text, str) or not text.strip():
            return None
        channel = event.get("input_channel")
        return PatientMessage(conversation_id, float(at), text, channel if isinstance(channel, str) else None, key)
    if kind != "bot":
        return None
    triage = _triage_payload(event.get("data"))
    if triage is not None:
        return _outcome(conversation_id, float(at), triage, key)
    if isinstance(text, str) and text.strip():
        return AssistantMessage(conversation_id, float(at), text, key)
    return None


def event_key(event: dict[str, Any]) -> str:
    """A stable id for an event (Rasa's events carry none), so a redelivered event is stored once.

    With its place in the stored session (`event_position`, RabbitMQ broker) the key leaves out the time: a turn
    a killed server published and the client sent again to another server is the same event at the same place,
    with a later timestamp. Another message at that place has other words, so it keeps a key of its own.
    """
    position = event.get(EVENT_POSITION)
    if isinstance(position, int) and not isinstance(position, bool):
        identity = [event.get("sender_id"), event.get("event"), "position", position, event.get("text"),
                    event.get("data")]
    else:
        identity = [event.get("sender_id"), event.get("event"), event.get("timestamp"), event.get("text"),
                    event.get("message_id"), event.get("data")]
    return hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()


def _triage_payload(data: Any) -> Optional[dict[str, Any]]:
    custom = data.get("custom") if isinstance(data, dict) else None
    triage = custom.get("triage") if isinstance(custom, dict) else None
    return triage if isinstance(triage, dict) else None


def _outcome(conversation_id: str, at: float, triage: dict[str, Any], key: str) -> Optional[TriageOutcome]:
    urgency = triage.get("urgency")
    if urgency not in URGENCY_LABELS:
        return None
    reasons = triage.get("reasons")
    return TriageOutcome(
        conversation_id=conversation_id, at=at, urgency=urgency,
        categories=_names(triage.get("categories")), symptoms=_names(triage.get("symptoms")),
        negated=_names(triage.get("negated")), guidance_ids=_names(triage.get("guidance_ids")),
        reasons=_names(reasons) if isinstance(reasons, list) else None, key=key,
    )


def _names(value: Any) -> tuple[str, ...]:
    return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()
