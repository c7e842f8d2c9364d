"""The FAQ action: a general question answered from bot/data/faq.yml, with its id, source and urgency none."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.respond import answer
from bot.nlu_result import answer_topic


class ActionFaq(Action):
    """Answer a general question about Imdelltra; a symptom in it is still triaged first by the same decision."""

    def name(self) -> Text:
        return "action_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        return answer(dispatcher, tracker, answer_topic(tracker.latest_message or {}))
