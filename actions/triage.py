"""The triage action: a symptom report (or anything that may be one) answered with the documented urgency."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.respond import answer
from bot.nlu_result import faq_after_triage


class ActionTriage(Action):
    """Triage the latest message; a general question asked alongside is answered after the triage reply."""

    def name(self) -> Text:
        return "action_triage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        return answer(dispatcher, tracker, faq_after_triage(tracker.latest_message or {}))
