"""What the triage and FAQ actions share: tracker in, one triage decision, its reply and slots out."""
from __future__ import annotations

import time
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.config import load_settings
from bot.names import Slot
from bot.nlu_result import patient_message
from bot.replies import form_for_channel, write_reply
from bot.triage import Conversation, decide

ANYTHING_ELSE = "utter_anything_else"


def received_at(tracker: Tracker) -> float:
    """When the patient sent the latest message (the user event's timestamp), or now."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user" and isinstance(event.get("timestamp"), (int, float)):
            return float(event["timestamp"])
    return time.time()


def answer(dispatcher: CollectingDispatcher, tracker: Tracker, faq_topic: str | None) -> List[Dict[Text, Any]]:
    """Decide, send the reply bubbles with the triage metadata after the first, and return the slot events."""
    message = patient_message(tracker.latest_message or {}, faq_topic, received_at(tracker))
    result = decide(message, Conversation.from_slots(tracker.slots))
    bubbles = write_reply(result, form_for_channel(tracker.get_latest_input_channel()), load_settings())
    dispatcher.utter_message(text=bubbles[0])
    dispatcher.utter_message(json_message=result.metadata())
    for bubble in bubbles[1:]:
        dispatcher.utter_message(text=bubble)
    if result.asks_anything_else:
        dispatcher.utter_message(response=ANYTHING_ELSE)
    slots = {**result.conversation.slots(), Slot.LAST_URGENCY: result.urgency.label}
    return [SlotSet(name, value) for name, value in slots.items() if tracker.slots.get(name) != value]
