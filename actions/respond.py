"""What the triage and FAQ actions share: tracker in, one triage decision, its reply and slots out."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.config import load_settings
from bot.names import Slot
from bot.nlu_result import patient_message
from bot.replies import form_for_channel, write_reply
from bot.triage import Conversation, decide


def conversation_from(tracker: Tracker) -> Conversation:
    """What earlier turns left in the slots."""
    return Conversation(awaiting_temperature=bool(tracker.get_slot(Slot.AWAITING_TEMPERATURE)))


def answer(dispatcher: CollectingDispatcher, tracker: Tracker, faq_topic: str | None) -> List[Dict[Text, Any]]:
    """Decide, send the reply bubbles with the triage metadata after the first, and return the slot events."""
    result = decide(patient_message(tracker.latest_message or {}, faq_topic), conversation_from(tracker))
    bubbles = write_reply(result, form_for_channel(tracker.get_latest_input_channel()), load_settings())
    dispatcher.utter_message(text=bubbles[0])
    dispatcher.utter_message(json_message=result.metadata())
    for bubble in bubbles[1:]:
        dispatcher.utter_message(text=bubble)
    return [SlotSet(Slot.AWAITING_TEMPERATURE, result.conversation.awaiting_temperature),
            SlotSet(Slot.LAST_URGENCY, result.urgency.label)]
