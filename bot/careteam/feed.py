"""Rasa's event stream into the triage log: the SQL event broker's table (one machine) or a RabbitMQ queue
bound to the pika broker's exchange (several machines). Each new triage outcome may raise an alert."""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Optional

from sqlalchemy import column, inspect, select, table
from sqlalchemy.engine import Engine

from bot.careteam import schema
from bot.careteam.alerts import AlertSender
from bot.careteam.endpoints import PikaBroker
from bot.careteam.events import parse_event
from bot.careteam.log_store import TriageLog
from bot.careteam.records import LoggedTriage

logger = logging.getLogger(__name__)

EventHandler = Callable[[Any], Awaitable[Optional[LoggedTriage]]]
_BROKER_EVENTS = table("events", column("id"), column("data"))
BATCH = 500


class Ingest:
    """One published event: into the triage log, then (for a new urgent outcome) to the alert sender."""

    def __init__(self, log: TriageLog, alerts: AlertSender) -> None:
        self.log, self.alerts = log, alerts

    async def __call__(self, event: Any) -> Optional[LoggedTriage]:
        parsed = parse_event(event)
        if parsed is None:
            return None
        logged = await asyncio.to_thread(self.log.record, parsed)
        if logged is not None:
            logger.info("Triage logged for conversation %s: %s", logged.public_id, logged.entry.urgency.label)
            await self.alerts.submit(logged)
        return logged


class SqlBrokerFeed:
    """New rows of Rasa's SQL event broker table, from where the care team last stopped."""

    def __init__(self, broker_db_url: str, careteam: Engine) -> None:
        self.broker = schema.engine_for(broker_db_url)
        self.careteam = careteam
        self.source = "sql:" + self.broker.url.render_as_string(hide_password=True)

    def position(self) -> int:
        with self.careteam.connect() as connection:
            saved = connection.execute(select(schema.feed_positions.c.position)
                                       .where(schema.feed_positions.c.source == self.source)).scalar_one_or_none()
        return saved or 0

    def save_position(self, position: int) -> None:
        with self.careteam.begin() as connection:
            done = connection.execute(schema.feed_positions.update()
                                      .where(schema.feed_positions.c.source == self.source).values(position=position))
            if done.rowcount == 0:
                connection.execute(schema.feed_positions.insert().values(source=self.source, position=position))

    def rows_after(self, position: int) -> list[tuple[int, str]]:
        """(row id, event JSON) of up to BATCH rows; empty until Rasa has created the table."""
        if not inspect(self.broker).has_table("events"):
            return []
        with self.broker.connect() as connection:
            return [(row.id, row.data) for row in connection.execute(
                select(_BROKER_EVENTS.c.id, _BROKER_EVENTS.c.data).where(_BROKER_EVENTS.c.id > position)
                .order_by(_BROKER_EVENTS.c.id).limit(BATCH))]

    async def run(self, handle: EventHandler, poll_seconds: float) -> None:
        """Poll forever; after a failure, the next poll starts after the last stored row (storing is idempotent)."""
        position = saved = await asyncio.to_thread(self.position)
        while True:
            rows: list[tuple[int, str]] = []
            try:
                rows = await asyncio.to_thread(self.rows_after, position)
                for row_id, data in rows:
                    await handle(_decode(data, row_id))
                    position = row_id
                if position != saved:
                    await asyncio.to_thread(self.save_position, position)
                    saved = position
            except Exception:  # noqa: BLE001 (keep feeding whatever went wrong)
                logger.exception("Reading the event broker table failed; retrying")
            if len(rows) < BATCH:
                await asyncio.sleep(poll_seconds)


class PikaFeed:
    """A durable queue of the care team's own, bound to the exchange Rasa's pika broker publishes to."""

    def __init__(self, broker: PikaBroker, queue: str) -> None:
        self.broker, self.queue = broker, queue

    async def run(self, handle: EventHandler, retry_seconds: float = 5.0) -> None:
        """Consume forever; reconnects when RabbitMQ is unreachable or the connection breaks."""
        import aio_pika

        while True:
            try:
                connection = await aio_pika.connect_robust(self.broker.amqp_url)
                async with connection:
                    await self._consume(await connection.channel(), handle, retry_seconds)
            except (aio_pika.exceptions.AMQPException, OSError) as error:
                logger.warning("RabbitMQ not reachable (%s); retrying in %.0fs", type(error).__name__, retry_seconds)
                await asyncio.sleep(retry_seconds)

    async def _consume(self, channel: Any, handle: EventHandler, retry_seconds: float) -> None:
        import aio_pika

        await channel.set_qos(prefetch_count=100)
        exchange = await channel.declare_exchange(self.broker.exchange, aio_pika.ExchangeType.FANOUT)
        queue = await channel.declare_queue(self.queue, durable=True)
        await queue.bind(exchange, "")
        logger.info("Reading Rasa's events from RabbitMQ queue %s", self.queue)
        async with queue.iterator() as messages:
            async for message in messages:
                try:
                    await handle(_decode(message.body, message.delivery_tag))
                except Exception:  # noqa: BLE001 (back into the queue; storing is idempotent)
                    logger.exception("Storing an event failed; it stays in the queue")
                    await message.nack(requeue=True)
                    await asyncio.sleep(retry_seconds)
                else:
                    await message.ack()


def _decode(data: Any, where: Any) -> Any:
    try:
        return json.loads(data)
    except (TypeError, ValueError):
        logger.warning("Event %s is not JSON; skipped", where)
        return None
