"""Erase a conversation everywhere it is stored, and apply the retention period.

Places: Rasa's tracker store (`events`, by sender id), Rasa's SQL event broker table (`events`), and the
care team's tables (triage log, transcript, notes, alerts). The audit log keeps its entries: they name
conversations by a random public id that no longer leads anywhere once the conversation is gone.
Messages already handed to RabbitMQ are consumed within seconds and are not kept by the care team.
"""
from __future__ import annotations

from typing import Optional

from sqlalchemy import column, delete, func, inspect, select, table
from sqlalchemy.engine import Engine

from bot.careteam import schema

_RASA_EVENTS = table("events", column("sender_id"), column("timestamp"))
_CARETEAM_TABLES = (schema.notes, schema.messages, schema.triage_log, schema.alerts, schema.conversations)


class Eraser:
    """Knows every database a conversation lives in."""

    def __init__(self, careteam: Engine, tracker_db_url: Optional[str], broker_db_url: Optional[str]) -> None:
        self.careteam = careteam
        self.tracker = _engine(tracker_db_url, careteam)
        self.broker = _engine(broker_db_url, careteam)

    def erase(self, conversation_id: str) -> dict[str, int]:
        """Delete one conversation everywhere; returns how many rows went from each place."""
        erased = {"tracker store": _delete_rasa_events(self.tracker, conversation_id),
                  "event broker": _delete_rasa_events(self.broker, conversation_id)}
        with self.careteam.begin() as connection:
            for care_table in _CARETEAM_TABLES:
                erased[care_table.name] = connection.execute(
                    delete(care_table).where(care_table.c.conversation_id == conversation_id)).rowcount
        return erased

    def inactive_since(self, cutoff: float) -> list[str]:
        """Conversations with nothing newer than `cutoff` in the tracker store or the care team's tables."""
        silent: set[str] = set()
        with self.careteam.connect() as connection:
            silent.update(connection.execute(select(schema.conversations.c.conversation_id)
                                             .where(schema.conversations.c.last_at < cutoff)).scalars())
        if self.tracker is not None and _has_events_table(self.tracker):
            with self.tracker.connect() as connection:
                silent.update(connection.execute(
                    select(_RASA_EVENTS.c.sender_id).group_by(_RASA_EVENTS.c.sender_id)
                    .having(func.max(_RASA_EVENTS.c.timestamp) < cutoff)).scalars())
                # a conversation still going on in Rasa is kept whole
                silent -= set(connection.execute(select(_RASA_EVENTS.c.sender_id).distinct()
                                                 .where(_RASA_EVENTS.c.timestamp >= cutoff)).scalars())
        return sorted(silent)

    def purge(self, now: float, retention_seconds: float) -> list[str]:
        """Erase every conversation silent for longer than the retention period; returns their ids."""
        conversation_ids = self.inactive_since(now - retention_seconds)
        for conversation_id in conversation_ids:
            self.erase(conversation_id)
        return conversation_ids


def _engine(url: Optional[str], careteam: Engine) -> Optional[Engine]:
    if not url:
        return None
    if url == careteam.url.render_as_string(hide_password=False):
        return careteam
    return schema.engine_for(url)


def _has_events_table(engine: Engine) -> bool:
    return inspect(engine).has_table("events")


def _delete_rasa_events(engine: Optional[Engine], conversation_id: str) -> int:
    if engine is None or not _has_events_table(engine):
        return 0
    with engine.begin() as connection:
        return connection.execute(delete(_RASA_EVENTS).where(_RASA_EVENTS.c.sender_id == conversation_id)).rowcount

