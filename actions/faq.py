"""The FAQ action: answers a general question from bot/data/faq.yml, with its id, source and urgency none."""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.config import load_settings
from bot.entities import from_entities
from bot.faq import answer_topic, compose_answer, default_faq, faq_after_triage, faq_reference


def send_faq_after_triage(dispatcher: CollectingDispatcher, message: Mapping[str, Any]) -> None:
    """After a triage reply: answer the general question the patient also asked, if there was one."""
    topic = faq_after_triage(message)
    if topic is None:
        return
    entry = default_faq()[topic]
    # The triage reply already carries the triage metadata and the when-to-call line.
    answer = compose_answer(entry, load_settings(), with_safety_line=False)
    dispatcher.utter_message(text=answer.text)
    dispatcher.utter_message(json_message=faq_reference(entry))


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
