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
- Rasa's RabbitMQ broker publishes in background tasks of the event loop, after the reply has gone: a server
  killed under load took its unpublished events with it (docs/performance.md, "Scale-out"). The tracker store
  here waits until RabbitMQ has confirmed every event of the turn (publisher confirms, persistent messages on
  durable queues) before it stores them and the reply goes out. When RabbitMQ does not confirm within
  PUBLISH_CONFIRM_SECONDS (unreachable, overloaded) the patient still gets the answer: the events are kept in
  memory and published again with the next turn or when the connection is back, as Rasa does. A turn retried
  after a crash between the confirmation and the tracker store's commit is published twice; a republished
  event is the same message, which the care team's triage log stores once (bot/careteam/log_store.py).

The SQL tracker store also does per turn only the work the turn needs (docs/performance.md, "Where the time
goes"); what it stores and publishes is what Rasa's SQLTrackerStore stores and publishes:

- it keeps recently used conversations in memory (bot/tracker_cache.py): a turn reads only the rows stored
  since the last read and replays them onto the kept tracker, after checking in the same statement that the
  rows read before are still all there and no other was committed among them (so events written by another
  Rasa server, a late commit or an erasure are seen); a new session, a reloaded model or a failed check reads
  the session in full, as Rasa does. `cached_events` (10,000 events in all, about 40 MB: a 50-turn
  conversation has ~415) and `cache_idle_seconds` (15 minutes) in the tracker store's endpoint settings bound
  it; `cached_events: 0` turns it off. A conversation erased elsewhere is never served from memory, and is
  let go at its next read or once idle;
- it remembers how many events of a conversation it loaded, so saving writes the new events without loading
  the conversation a second time (Rasa's save reloads it to find the events for the broker) and without
  counting the stored rows;
- the new events go to the SQL event broker in one transaction (Rasa's broker commits each event alone);
- events are read back with one look-up table of Rasa's event classes (Rasa searches every Event subclass for
  each event it reads);
- SQLite files are in write-ahead-log mode with `synchronous=NORMAL`, through connections kept open: a commit
  waits for no disk flush and survives a crash of the server (only a crash of the machine can lose the last
  commits). Rasa opens and closes a connection per transaction, and SQLite flushes its log on every close.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import threading
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Optional, Set, Text, Type

import aiormq
import sqlalchemy as sa
from rasa.core.brokers.pika import PikaEventBroker
from rasa.core.brokers.sql import SQLEventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.shared.utils.common import all_subclasses

from bot.loop_thread import LoopThread
from bot.names import EVENT_POSITION
from bot.pseudonyms import pseudonym
from bot.tracker_cache import ConversationCache, StoredConversation, copy_tracker

logger = logging.getLogger(__name__)

CLOSING_SECONDS = 10  # how long a stopping server waits for the publications under way
PUBLISH_CONFIRM_SECONDS = 2.0  # how long a turn waits for RabbitMQ to confirm its events before answering anyway


SAVED_EVENTS = "_saved_events"  # attribute of a tracker this store loaded or saved: its events already stored
SESSION_STARTED = SessionStarted.type_name
CACHED_EVENTS = 10_000  # events of recently used conversations kept in memory, in all (~4 KB each: ~40 MB)
CACHE_IDLE_SECONDS = 15 * 60  # a conversation not read for this long is no longer kept


def private_engine(engine: sa.engine.Engine) -> sa.engine.Engine:
    """The engine with statement parameters kept out of errors; for SQLite, a new one with a pool of open
    connections in write-ahead-log mode whose commits wait for the operating system, not the disk."""
    if engine.dialect.name != "sqlite":
        engine.hide_parameters = True
        return engine
    pooled = sa.create_engine(engine.url, hide_parameters=True, poolclass=sa.pool.QueuePool)

    @sa.event.listens_for(pooled, "connect")
    def on_connect(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return pooled


def in_latest_session(timestamp: Optional[float], session_start: Optional[float]) -> bool:
    """Whether Rasa's store reads a row of this timestamp as part of the latest session (SQLTrackerStore's
    _event_query: from the latest session_started row's timestamp on, as SQL compares, NULL never)."""
    return session_start is None or (timestamp is not None and timestamp >= session_start)


@lru_cache(maxsize=1)
def event_classes() -> Dict[Text, Type[Event]]:
    """Rasa's event classes by type name (the first found wins, as in Event.resolve_by_type)."""
    classes: Dict[Text, Type[Event]] = {}
    for cls in all_subclasses(Event):
        classes.setdefault(cls.type_name, cls)
    return classes


def events_from_dicts(dicts: Iterable[Dict[Text, Any]]) -> List[Event]:
    """rasa.shared.core.events.deserialise_events, with one look-up per event instead of a class search."""
    classes = event_classes()
    events = []
    for data in dicts:
        cls = classes.get(data.get("event", ""))
        event = cls._from_parameters(data) if cls is not None else Event.from_parameters(data)
        if event is not None:
            events.append(event)
    return events


class PrivateEngine:
    """Mixin for Rasa's SQL stores: their engine swapped for private_engine() once they are built."""

    engine: sa.engine.Engine

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engine = private_engine(self.engine)
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)


class PrivateSQLEventBroker(PrivateEngine, SQLEventBroker):
    """SQLEventBroker whose database errors carry no statement parameters, publishing a turn in one commit."""

    def publish_all(self, events: List[Dict[Text, Any]]) -> None:
        """Publish several events in one transaction (publish() commits each event alone)."""
        with self.session_scope() as session:
            session.add_all([self.SQLBrokerEvent(sender_id=event.get("sender_id"), data=json.dumps(event))
                             for event in events])
            session.commit()


class PrivateSQLTrackerStore(PrivateEngine, SQLTrackerStore):
    """SQLTrackerStore whose database errors carry no statement parameters and which saves only new events."""

    def __init__(self, *args: Any, cached_events: int = CACHED_EVENTS, cache_idle_seconds: float = CACHE_IDLE_SECONDS,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cache = ConversationCache(cached_events, cache_idle_seconds)
        self._cache_lock = threading.Lock()

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        if fetch_events_from_all_sessions:  # the HTTP API's whole history: read as Rasa reads it, not kept
            with self.session_scope() as session:
                rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=True) \
                    .with_entities(self.SQLEvent.data).all()
            if not self.domain or not rows:
                return None
            tracker = DialogueStateTracker.from_events(
                sender_id, events_from_dicts(json.loads(data) for (data,) in rows), self.domain.slots)
            setattr(tracker, SAVED_EVENTS, len(rows))
            return tracker
        with self._cache_lock:
            stored = self.cache.get(sender_id)
            if stored is None or stored.domain is not self.domain or not self._read_newer_rows(sender_id, stored):
                stored = self._read_session(sender_id)
            if stored is None:
                return None
            self.cache.put(sender_id, stored)
            tracker = copy_tracker(stored.tracker)
        setattr(tracker, SAVED_EVENTS, stored.session_rows)
        return tracker

    def _read_session(self, sender_id: Text) -> Optional[StoredConversation]:
        """The latest session's rows as Rasa's store reads them, and which rows of the conversation there were,
        in one statement (one snapshot of the table)."""
        counted = self.SQLEvent.__table__.alias("counted")
        mine = counted.c.sender_id == sender_id
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).with_entities(
                self.SQLEvent.id, self.SQLEvent.type_name, self.SQLEvent.timestamp, self.SQLEvent.data,
                sa.select(sa.func.max(counted.c.id)).where(mine).scalar_subquery(),
                sa.select(sa.func.count()).where(mine).scalar_subquery(),
                sa.select(sa.func.sum(counted.c.id)).where(mine).scalar_subquery()).all()
        if not self.domain or not rows:
            return None
        session_starts = [timestamp for (_, type_name, timestamp, *_) in rows
                          if type_name == SESSION_STARTED and timestamp is not None]
        tracker = DialogueStateTracker.from_events(
            sender_id, events_from_dicts(json.loads(data) for (_, _, _, data, *_) in rows), self.domain.slots)
        _, _, _, _, last_id, count, id_sum = rows[0]
        return StoredConversation(tracker, self.domain, max(session_starts, default=None), len(rows), last_id,
                                  count, id_sum)

    def _read_newer_rows(self, sender_id: Text, stored: StoredConversation) -> bool:
        """Replay onto the stored tracker the rows stored since it was read; False if the tracker must be read
        again: rows up to the last one read were deleted or committed late, or a new session started."""
        table = self.SQLEvent.__table__
        counted, newer = table.alias("counted"), table.alias("newer")
        earlier = sa.select(sa.func.count().label("rows"), sa.func.sum(counted.c.id).label("id_sum")) \
            .where(counted.c.sender_id == sender_id, counted.c.id <= stored.last_id).subquery()
        later = sa.select(newer.c.id, newer.c.type_name, newer.c.timestamp, newer.c.data) \
            .where(newer.c.sender_id == sender_id, newer.c.id > stored.last_id).subquery()
        query = sa.select(earlier.c.rows, earlier.c.id_sum, later.c.id, later.c.type_name, later.c.timestamp,
                          later.c.data).select_from(earlier.outerjoin(later, sa.true())).order_by(later.c.id)
        with self.session_scope() as session:
            rows = session.execute(query).all()
        if (rows[0][0], rows[0][1] or 0) != (stored.rows_up_to_last, stored.id_sum_up_to_last):
            return False
        new = [(row_id, type_name, timestamp, data) for (_, _, row_id, type_name, timestamp, data) in rows
               if row_id is not None]
        if any(type_name == SESSION_STARTED for (_, type_name, _, _) in new):
            return False
        in_session = [data for (_, _, timestamp, data) in new if in_latest_session(timestamp, stored.session_start)]
        for event in events_from_dicts(json.loads(data) for data in in_session):
            stored.tracker.update(event)
        if new:
            stored.last_id = new[-1][0]
            stored.rows_up_to_last += len(new)
            stored.id_sum_up_to_last += sum(row_id for (row_id, *_) in new)
        stored.session_rows += len(in_session)
        return True

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Publish the events not yet stored, then store them (Rasa's order), each step in one transaction."""
        saved = getattr(tracker, SAVED_EVENTS, None)
        if saved is None:  # a tracker this store did not load: count the stored events, as Rasa does
            with self.session_scope() as session:
                saved = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        events = list(tracker.events)[saved:]
        await self._publish(tracker.sender_id, events, first_position=saved)
        with self.session_scope() as session:
            session.add_all([self._row(tracker.sender_id, event) for event in events])
            session.commit()
        setattr(tracker, SAVED_EVENTS, len(tracker.events))

    async def _publish(self, sender_id: Text, events: List[Event], first_position: int) -> None:
        if self.event_broker is None or not events:
            return
        bodies = [{"sender_id": sender_id, **event.as_dict()} for event in events]
        if isinstance(self.event_broker, PrivateSQLEventBroker):
            self.event_broker.publish_all(bodies)
            return
        if isinstance(self.event_broker, PrivatePikaEventBroker):
            # Each event's place in the stored session: a turn published by a server killed before it stored it,
            # then sent again by the client to another server, has the same places, so a consumer keeps it once
            # (bot/careteam/events.py event_key; RabbitMQ delivers at least once).
            for position, body in enumerate(bodies, first_position):
                body[EVENT_POSITION] = position
            await self.event_broker.publish_confirmed(bodies)
            return
        for body in bodies:
            self.event_broker.publish(body)

    def _row(self, sender_id: Text, event: Event) -> Any:
        """The table row Rasa's SQLTrackerStore.save writes for an event."""
        data = event.as_dict()
        return self.SQLEvent(sender_id=sender_id, type_name=event.type_name, timestamp=data.get("timestamp"),
                             intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                             action_name=data.get("name"), data=json.dumps(data))


class PrivatePikaEventBroker(PikaEventBroker):
    """PikaEventBroker that logs a failed publication without the event's content, loses none on closing, and
    can publish a turn's events and wait for RabbitMQ's confirmation (publish_confirmed).

    Its connection lives on an event loop of its own thread (bot/loop_thread.py), so a confirmation is read when
    RabbitMQ sends it, not when the Rasa server's busy loop comes round.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._thread: Optional[LoopThread] = None
        self._publications: Set["concurrent.futures.Future[Any]"] = set()

    async def connect(self) -> None:
        """Connect on the broker's own thread; every publication runs there from now on."""
        if self._thread is None:
            self._thread = LoopThread("rabbitmq-publisher")
            self._loop = self._thread.loop
        await self._thread.run(super().connect())

    def publish(self, event: Dict[Text, Any], headers: Optional[Dict[Text, Text]] = None) -> None:
        """Rasa's publish (in the background), on the broker's thread when it has one."""
        if self._thread is None:
            super().publish(event, headers)
            return
        publication = self._thread.submit(self._publish(event, headers))
        self._publications.add(publication)
        publication.add_done_callback(self._publications.discard)

    async def publish_confirmed(self, events: List[Dict[Text, Any]],
                                timeout: float = PUBLISH_CONFIRM_SECONDS) -> bool:
        """Publish the events (after any kept from an earlier failure) and wait until RabbitMQ has confirmed each.

        True when all were confirmed. Otherwise, after `timeout` at most, the unconfirmed ones are kept to be
        published again (with the next call, or when the connection is back) and False is returned: the
        caller answers the patient anyway.
        """
        if self._thread is None:
            return await self._publish_confirmed(events, timeout)
        return bool(await self._thread.run(self._publish_confirmed(events, timeout)))

    async def _publish_confirmed(self, events: List[Dict[Text, Any]], timeout: float) -> bool:
        pending = [*self._unpublished_events, *events]
        self._unpublished_events.clear()
        if not pending:
            return True
        if self._exchange is None:
            self._keep(pending, "no connection")
            return False
        exchange = self._exchange
        # aio_pika's channels confirm publications: each publish returns once RabbitMQ has taken the message
        # (for a persistent message on a durable queue: written to disk). The frames go out in this order.
        publications = [asyncio.ensure_future(exchange.publish(self._message(event, None), ""))
                        for event in pending]
        done, not_done = await asyncio.wait(publications, timeout=timeout)
        for publication in not_done:
            publication.cancel()
        failed = [event for event, publication in zip(pending, publications, strict=True)
                  if publication in not_done or not _confirmed(publication)]
        if failed:
            why = {_failure(publication) for publication in done if not _confirmed(publication)}
            if not_done:
                why.add(f"not confirmed within {timeout:g} s")
            self._keep(failed, ", ".join(sorted(why)))
        return not failed

    def _keep(self, events: List[Dict[Text, Any]], why: str) -> None:
        """Keep events RabbitMQ did not confirm, to publish later; logged without their content."""
        if not events:
            return
        logger.error("Publishing %d event(s) of %s to RabbitMQ at %s failed (%s); %s", len(events),
                     ", ".join(sorted({pseudonym(event.get("sender_id")) for event in events})), self.host, why,
                     "kept to publish when it is back" if self.should_keep_unpublished_messages else "dropped")
        if self.should_keep_unpublished_messages:
            self._unpublished_events.extend(events)

    async def close(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            await self._close()
            return
        await thread.run(self._close())
        if self._publications:
            await asyncio.wait([asyncio.wrap_future(p) for p in set(self._publications)], timeout=CLOSING_SECONDS)
        thread.stop()

    async def _close(self) -> None:
        if self._background_tasks:
            await asyncio.wait(set(self._background_tasks), timeout=CLOSING_SECONDS)
        await PikaEventBroker.close(self)

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
                await PikaEventBroker.close(self)
                raise


def _confirmed(publication: "asyncio.Future[Any]") -> bool:
    """True when RabbitMQ acknowledged the message (a nack or a returned message is not a confirmation)."""
    return not publication.cancelled() and publication.exception() is None \
        and isinstance(publication.result(), aiormq.spec.Basic.Ack)


def _failure(publication: "asyncio.Future[Any]") -> str:
    if publication.cancelled():
        return "cancelled"
    error = publication.exception()
    return type(error).__name__ if error is not None else type(publication.result()).__name__
