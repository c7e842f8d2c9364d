"""Session start: set the clinic's contact slots and introduce the assistant."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.config import load_settings
from bot.knowledge import default_knowledge
from bot.replies import fill_placeholders


class ActionSessionStart(Action):
    """Start every conversation by saying what the assistant is and is not."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        settings = load_settings()
        intro = default_knowledge().guidance["general.intro"].text
        dispatcher.utter_message(text=fill_placeholders(intro, settings))
        slots = [SlotSet(name, value) for name, value in settings.contact_slots().items()]
        return [SessionStarted(), *slots, ActionExecuted("action_listen")]
