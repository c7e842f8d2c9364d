"""Rasa's SQL tracker store and RabbitMQ event broker, with failures logged without the patients' words.

Registered in endpoints*.yml as `type: bot.stores.PrivateSQLTrackerStore`, `bot.stores.PrivateSQLEventBroker`
and `bot.stores.PrivatePikaEventBroker`; they store and publish exactly what Rasa's own classes do
(bot/careteam/endpoints.py reads them as Rasa's SQL and pika types).

- SQLAlchemy writes a failed statement's parameters (sender ids, event data holding the message) into the
  error, and Rasa logs that error when the database is unreachable; `hide_parameters` keeps them out.
- Rasa's RabbitMQ broker logs the whole event (with the message text) when publishing fails. This one
  names the event kind and the conversation's pseudonym instead; the event is still kept and published
  once RabbitMQ is back, as Rasa does. It also finishes the publications under way before it closes, so a
  server that is stopped right after a message loses none of its events.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, Optional, Text

from rasa.core.brokers.pika import PikaEventBroker
from rasa.core.brokers.sql import SQLEventBroker
from rasa.core.tracker_store import SQLTrackerStore

from bot.pseudonyms import pseudonym

logger = logging.getLogger(__name__)

CLOSING_SECONDS = 10  # how long a stopping server waits for the publications under way


class PrivateSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose database errors carry no statement parameters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engine.hide_parameters = True


class PrivateSQLEventBroker(SQLEventBroker):
    """SQLEventBroker whose database errors carry no statement parameters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engine.hide_parameters = True


class PrivatePikaEventBroker(PikaEventBroker):
    """PikaEventBroker that logs a failed publication without the event's content and loses none on closing."""

    async def close(self) -> None:
        if self._background_tasks:
            await asyncio.wait(set(self._background_tasks), timeout=CLOSING_SECONDS)
        await super().close()

    async def _publish(self, event: Dict[Text, Any], headers: Optional[Dict[Text, Text]] = None) -> None:
        if self._exchange is None:
            return
        try:
            await self._exchange.publish(self._message(event, headers), "")
        except Exception as error:
            logger.error("Publishing the %s event of %s to RabbitMQ at %s failed (%s); %s", event.get("event"),
                         pseudonym(event.get("sender_id")), self.host, type(error).__name__,
                         "kept to publish when it is back" if self.should_keep_unpublished_messages else "dropped")
            if self.should_keep_unpublished_messages:
                self._unpublished_events.append(event)
            if self.raise_on_failure:
                await self.close()
                raise
