"""The care team's tables, kept in the tracker store's database beside Rasa's own (all prefixed `careteam_`).

Times are seconds since the epoch (UTC), like Rasa's event timestamps. Lists (categories, symptoms...)
are JSON text, so the same schema works on SQLite and PostgreSQL.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text, create_engine, event
from sqlalchemy.engine import Engine

metadata = MetaData()

conversations = Table(
    "careteam_conversations", metadata,
    Column("conversation_id", String(255), primary_key=True),  # Rasa's sender id (may be a phone number)
    Column("public_id", String(32), unique=True, nullable=False),  # opaque id for links, alerts and the audit log
    Column("channel", String(64)),
    Column("first_at", Float, nullable=False),
    Column("last_at", Float, nullable=False),
    Column("highest_urgency", Integer, nullable=False, default=0),  # bot.vocabulary.Urgency value
    Column("last_triage_at", Float),  # null: no triage outcome yet (not shown in the inbox)
    Column("last_urgent_at", Float),  # the last emergency or contact_now turn
    Column("acknowledged_at", Float),
    Column("acknowledged_by", String(64)),
    Column("last_alert_at", Float),
)

messages = Table(
    "careteam_messages", metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(255), ForeignKey(conversations.c.conversation_id), nullable=False),
    Column("at", Float, nullable=False),
    Column("sender", String(16), nullable=False),  # "patient" or "assistant"
    Column("text", Text, nullable=False),
    Column("event_key", String(64), unique=True, nullable=False),
    Index("careteam_messages_by_conversation", "conversation_id", "at"),
)

triage_log = Table(
    "careteam_triage_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(255), ForeignKey(conversations.c.conversation_id), nullable=False),
    Column("channel", String(64)),
    Column("at", Float, nullable=False),  # when the assistant answered
    Column("reported_at", Float),  # when the patient wrote
    Column("urgency", String(32), nullable=False),
    Column("categories", Text, nullable=False),
    Column("symptoms", Text, nullable=False),
    Column("negated", Text, nullable=False),
    Column("guidance_ids", Text, nullable=False),
    Column("reasons", Text),  # null when the assistant did not send any
    Column("message", Text, nullable=False),  # the patient's words
    Column("reply", Text, nullable=False),  # what the assistant answered in that turn
    Column("event_key", String(64), unique=True, nullable=False),
    Index("careteam_triage_by_conversation", "conversation_id", "at"),
)

notes = Table(
    "careteam_notes", metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(255), ForeignKey(conversations.c.conversation_id), nullable=False),
    Column("at", Float, nullable=False),
    Column("author", String(64), nullable=False),
    Column("text", Text, nullable=False),
)

alerts = Table(
    "careteam_alerts", metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(255), ForeignKey(conversations.c.conversation_id), nullable=False),
    Column("urgency", String(32), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("status", String(16), nullable=False),  # "pending", "sent" or "failed"
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", String(255)),
    Column("sent_at", Float),
)

users = Table(
    "careteam_users", metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", String(255), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", Float),
)

sessions = Table(
    "careteam_sessions", metadata,
    Column("token_hash", String(64), primary_key=True),  # SHA-256 of the cookie value; the value is never stored
    Column("username", String(64), ForeignKey(users.c.username), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("last_seen_at", Float, nullable=False),
)

audit_log = Table(
    "careteam_audit", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", Float, nullable=False),
    Column("username", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("conversation", String(32)),  # the public id, never the sender id
    Column("remote", String(64)),
    Column("detail", String(255)),
)

feed_positions = Table(
    "careteam_feed_positions", metadata,
    Column("source", String(255), primary_key=True),
    Column("position", Integer, nullable=False),
)


def engine_for(url: str, **options: Any) -> Engine:
    """An engine on any of the stores the care-team side reads (its own, the broker's, the tracker store).

    hide_parameters: a database error must not write conversation ids or message text into the logs.
    """
    sqlite = url.startswith("sqlite")
    return create_engine(url, future=True, hide_parameters=True, connect_args={"timeout": 30} if sqlite else {},
                         **options)


def connect(url: str) -> Engine:
    """An engine for the care-team store, with its tables created when missing."""
    sqlite = url.startswith("sqlite")
    engine = engine_for(url, pool_pre_ping=not sqlite)
    if sqlite:
        event.listen(engine, "connect", _sqlite_foreign_keys)
    metadata.create_all(engine)
    return engine


def _sqlite_foreign_keys(connection: Any, _record: Any) -> None:
    connection.execute("PRAGMA foreign_keys=ON")
