"""A message sent again with the id of one already answered gets the stored answer, not a second turn.

A patient's app (or the web page) that got no reply, because the server answering it was killed or the network
dropped the response, sends the same message again, perhaps to another server. With the same `message_id` the
REST or callback channel, behind the same checks and rate limits, looks it up in the stored conversation
first: found, the replies that followed it are sent back as they were; not found, the message is handled as
new. Without an id no server can tell a retry from a patient saying the same thing twice (docs/deployment.md).
"""
from __future__ import annotations

import logging
from typing import Any, List, Optional

from rasa.shared.core.events import BotUttered, UserUttered

from bot.pseudonyms import pseudonym

logger = logging.getLogger(__name__)


def replies_after(events: List[Any], message_id: str) -> Optional[List[BotUttered]]:
    """The bot utterances that answered the user message `message_id`, or None if it is not in the events."""
    for index, event in enumerate(events):
        if isinstance(event, UserUttered) and event.message_id == message_id:
            replies = []
            for later in events[index + 1:]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    replies.append(later)
            return replies
    return None


async def answered_before(agent: Any, sender: str, message_id: str) -> Optional[List[BotUttered]]:
    """The stored replies to this message id in the sender's conversation, or None (new, or no store to ask).

    Sent again through the channel as Rasa sent them (`output.send_response(sender, reply.message())`)."""
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return None
    try:
        tracker = await store.retrieve(sender)
    except Exception as error:  # the store is down: handle the message as new, Rasa will report the store
        logger.warning("could not look up a repeated message of %s: %s", pseudonym(sender), type(error).__name__)
        return None
    return None if tracker is None else replies_after(list(tracker.events), message_id)
