"""The greeting: the introduction first when the assistant has not introduced itself yet."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.config import load_settings
from bot.knowledge import default_knowledge
from bot.names import Guidance, Slot
from bot.replies import form_for_channel, guidance_text

GREETING = "utter_greet"


class ActionGreet(Action):
    """Say hello (an instruction in force is answered by action_triage instead: see data/rules/in_force.yml)."""

    def name(self) -> Text:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if tracker.get_slot(Slot.INTRODUCED) is False:
            form = form_for_channel(tracker.get_latest_input_channel())
            dispatcher.utter_message(text=guidance_text(Guidance.INTRO, form, load_settings(), default_knowledge()))
        dispatcher.utter_message(response=GREETING)
        return [SlotSet(Slot.INTRODUCED, True)]
