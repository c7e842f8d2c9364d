"""The FAQ action: answers a general question from bot/data/faq.yml, with its id, source and urgency none."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.config import load_settings
from bot.entities import from_entities
from bot.faq import answer_topic, compose_answer, default_faq


class ActionFaq(Action):
    """Answer a general question about Imdelltra, as information (urgency none)."""

    def name(self) -> Text:
        return "action_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        findings = from_entities(message.get("entities") or [], message.get("text") or "")
        if findings.present or findings.temperature is not None:
            # SymptomIntentGuard should already have sent this to triage; safety beats the FAQ anyway.
            from actions.triage import ActionTriage  # here, because actions.triage imports this module

            return await ActionTriage().run(dispatcher, tracker, domain)
        answer = compose_answer(default_faq()[answer_topic(message)], load_settings())
        dispatcher.utter_message(text=answer.text)
        dispatcher.utter_message(json_message=answer.metadata)
        return []
