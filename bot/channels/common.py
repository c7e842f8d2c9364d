"""What every connector subclass shares: its credentials checked, no raw triage JSON for patients, numbered
choices."""
from __future__ import annotations

import logging
from typing import Any, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel
from rasa.shared.exceptions import RasaException

from bot.channels.formatting import is_triage_metadata, resolve_choice
from bot.pseudonyms import pseudonym

logger = logging.getLogger(__name__)


def required_credentials(channel: type[InputChannel], credentials: Optional[Dict[Text, Any]],
                         *keys: Text) -> Dict[Text, Any]:
    """The channel's section of the credentials file; a RasaException saying what is missing when there is
    no section or one of `keys` is empty, so the channel never starts without them."""
    missing = [key for key in keys if not (credentials or {}).get(key)]
    if not credentials or missing:
        needs = ", ".join(missing) if credentials else "its section"
        raise RasaException(f"The {channel.name()} channel needs {needs} in the credentials file "
                            "(see credentials.channels.yml).")
    return credentials


class HidesTriageMetadata(OutputChannel):
    """Mixin: the triage metadata stays in the tracker and is never sent to the patient's app.

    Rasa's Twilio, Slack, Facebook and Bot Framework outputs would pass the action's json_message to the
    vendor as if it were a message (Twilio and Slack fail, Facebook and Bot Framework show an empty bubble).
    """

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        if is_triage_metadata(json_message):
            logger.debug("Triage metadata for %s kept out of the %s message", pseudonym(recipient_id), self.name())
            return
        await super().send_custom_json(recipient_id, json_message, **kwargs)


async def resolve_numbered_choice(app: Any, sender_id: Text, text: Text) -> Text:
    """Map a digit answering the last numbered options back to that button's payload."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    if agent is None or agent.tracker_store is None or not text.strip():
        return text
    try:
        tracker = await agent.tracker_store.retrieve(sender_id)
    except Exception:
        logger.error("Could not read the tracker of %s to resolve a numbered choice", pseudonym(sender_id))
        return text
    if tracker is None:
        return text
    return resolve_choice(text, (event.as_dict() for event in tracker.events))
