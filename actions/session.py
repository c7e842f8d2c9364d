"""Session start: set the clinic's contact slots and keep an instruction still in force.

The introduction is not sent here: Rasa runs this before it reads the first message, so the introduction
would reach the patient before an instruction to call. The first reply carries it instead, after the
instruction (action_triage, action_faq) or before the greeting (action_greet).
"""
from __future__ import annotations

import time
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.config import load_settings
from bot.names import Slot
from bot.triage import Conversation, carry_over


class ActionSessionStart(Action):
    """Start a conversation; an emergency from the last hour survives a new session."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        settings = load_settings()
        kept = carry_over(Conversation.from_slots(tracker.slots), time.time())
        events: List[Dict[Text, Any]] = [SessionStarted(),
                                         SlotSet(Slot.EMERGENCY_NUMBER, settings.emergency_number),
                                         SlotSet(Slot.CARE_TEAM_PHONE, settings.care_team_phone)]
        events += [SlotSet(name, value) for name, value in kept.slots().items() if value not in (None, [])]
        return events + [ActionExecuted("action_listen")]
