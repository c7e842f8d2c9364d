"""The triage action: tracker in, reply text + triage metadata + slots out."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.channels.formatting import triage_reply_for_channel
from bot.config import load_settings
from bot.conversation import triage_turn
from bot.entities import from_entities
from bot.faq import compose_answer, default_faq, faq_after_triage


class ActionTriage(Action):
    """Triage the latest message and answer with the documented urgency."""

    def name(self) -> Text:
        return "action_triage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        intent = (message.get("intent") or {}).get("name")
        confidence = float((message.get("intent") or {}).get("confidence") or 0.0)
        findings = from_entities(message.get("entities") or [], text)
        settings = load_settings()
        turn = triage_turn(findings, intent, confidence, bool(tracker.get_slot("awaiting_temperature")), settings)

        # Safety first, then the general question the patient also asked (if any): its id joins the
        # one triage message, so every sentence of the turn stays traceable.
        topic = faq_after_triage(message)
        metadata = turn.result.metadata()
        if topic is not None:
            metadata["triage"]["guidance_ids"].append(default_faq()[topic].id)
        dispatcher.utter_message(text=triage_reply_for_channel(turn, tracker.get_latest_input_channel(), settings))
        dispatcher.utter_message(json_message=metadata)
        if topic is not None:
            dispatcher.utter_message(text=compose_answer(default_faq()[topic], settings, with_safety_line=False).text)
        return [SlotSet("awaiting_temperature", turn.awaiting_temperature),
                SlotSet("last_urgency", turn.result.urgency.label)]
