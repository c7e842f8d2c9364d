"""What every connector subclass shares: no raw triage JSON for patients, numbered choices, a safe fallback."""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Text

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.channels.formatting import is_triage_metadata, resolve_choice
from bot.config import load_settings

logger = logging.getLogger(__name__)


class HidesTriageMetadata(OutputChannel):
    """Mixin: the triage metadata stays in the tracker and is never sent to the patient's app.

    Rasa's Twilio, Slack, Facebook and Bot Framework outputs would pass the action's json_message to the
    vendor as if it were a message (Twilio and Slack fail, Facebook and Bot Framework show an empty bubble).
    """

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        if is_triage_metadata(json_message):
            logger.debug("Triage metadata for %s kept out of the %s message", recipient_id, self.name())
            return
        await super().send_custom_json(recipient_id, json_message, **kwargs)


def fallback_text() -> str:
    """What a patient reads when the assistant failed to answer: never silence."""
    settings = load_settings()
    return (f"Sorry, I could not answer just now. If you feel unwell, call your care team at "
            f"{settings.care_team_phone}. In an emergency, call {settings.emergency_number}.")


async def handle_or_apologise(on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage) -> None:
    """Pass the message on; if handling fails, tell the patient whom to call instead of going quiet."""
    try:
        await on_new_message(message)
    except Exception:  # the patient must still get an answer, whatever failed
        logger.exception("Handling a %s message failed; sending the fallback text", message.input_channel)
        try:
            await message.output_channel.send_text_message(message.sender_id, fallback_text())
        except Exception:
            logger.exception("Sending the fallback text on %s failed", message.input_channel)


async def resolve_numbered_choice(app: Any, sender_id: Text, text: Text) -> Text:
    """Map a digit answering the last numbered options back to that button's payload."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    if agent is None or agent.tracker_store is None or not text.strip():
        return text
    try:
        tracker = await agent.tracker_store.retrieve(sender_id)
    except Exception:
        logger.exception("Could not read the tracker of %s to resolve a numbered choice", sender_id)
        return text
    if tracker is None:
        return text
    return resolve_choice(text, (event.as_dict() for event in tracker.events))
