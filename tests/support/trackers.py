"""Real rasa_sdk trackers for action tests, built inline as rasa-sdk's own tests do."""
from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.detection import default_detector
from bot.entities import to_entities


def tracker_for(text: str, intent: str, confidence: float = 0.9, slots: dict | None = None,
                entities: list | None = None, **latest_message: Any) -> Tracker:
    """A tracker whose latest message is `text`, parsed the way the NLU pipeline would."""
    if entities is None:
        entities = to_entities(default_detector().detect(text), extractor="test")
    message = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities,
               **latest_message}
    return Tracker(sender_id="patient-1", slots={"awaiting_temperature": False, **(slots or {})},
                   latest_message=message, events=[], paused=False, followup_action=None, active_loop={},
                   latest_action_name="action_listen")


def run(action: Action, tracker: Tracker) -> tuple[list[dict], list[dict]]:
    """Run an action; returns the messages it sent and the events it returned."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def slots_after(tracker: Tracker, events: list[dict]) -> dict[str, Any]:
    """The tracker's slots once the action's SlotSet events are applied (actions only send changed slots)."""
    slots = dict(tracker.slots)
    slots.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
    return slots


def triage_messages(messages: list[dict]) -> list[dict]:
    """The triage metadata messages among what an action sent."""
    return [m["custom"]["triage"] for m in messages if "triage" in (m.get("custom") or {})]
