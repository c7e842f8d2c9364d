"""The triage log: fed one published Rasa event at a time, read one conversation or a filtered list at a time.

Writing is idempotent (every event has a unique key), so a redelivered event is stored once.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from sqlalchemy import and_, case, or_, select
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement

from bot.careteam import schema
from bot.careteam.events import LoggedEvent, PatientMessage, TriageOutcome
from bot.careteam.records import (
    URGENT,
    ConversationOverview,
    ConversationRecord,
    LoggedTriage,
    Note,
    TranscriptLine,
    TriageEntry,
)
from bot.vocabulary import Urgency

C = schema.conversations.c
T = schema.triage_log.c
M = schema.messages.c


@dataclass(frozen=True)
class InboxFilter:
    """The inbox list's filters; None means any. Dates are epoch seconds, `until` exclusive."""

    urgency: Optional[Urgency] = None
    category: Optional[str] = None
    channel: Optional[str] = None
    since: Optional[float] = None
    until: Optional[float] = None
    limit: int = 200


class TriageLog:
    """The care team's view of every conversation the assistant triaged."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------------ writing (the event feed)

    def record(self, event: LoggedEvent) -> Optional[LoggedTriage]:
        """Store one event; returns the triage outcome when `event` is one not stored before."""
        try:
            with self.engine.begin() as connection:
                if connection.execute(select(1).where(_key_taken(event))).first() is not None:
                    return None
                public_id = self._touch_conversation(connection, event)
                if isinstance(event, TriageOutcome):
                    return LoggedTriage(event.conversation_id, public_id, self._add_triage(connection, event))
                sender = "patient" if isinstance(event, PatientMessage) else "assistant"
                connection.execute(schema.messages.insert().values(
                    conversation_id=event.conversation_id, at=event.at, sender=sender, text=event.text,
                    event_key=event.key))
                return None
        except IntegrityError:  # another consumer stored the same event first
            return None

    def _touch_conversation(self, connection: Connection, event: LoggedEvent) -> str:
        row = connection.execute(select(C.public_id, C.last_at)
                                 .where(C.conversation_id == event.conversation_id)).first()
        channel = event.channel if isinstance(event, PatientMessage) else None
        if row is None:
            public_id = secrets.token_hex(16)
            connection.execute(schema.conversations.insert().values(
                conversation_id=event.conversation_id, public_id=public_id, channel=channel, first_at=event.at,
                last_at=event.at, highest_urgency=int(Urgency.NONE)))
            return public_id
        changes: dict[str, Any] = {"last_at": max(row.last_at, event.at)}
        if channel:
            changes["channel"] = channel
        connection.execute(schema.conversations.update()
                           .where(C.conversation_id == event.conversation_id).values(**changes))
        return row.public_id

    def _add_triage(self, connection: Connection, outcome: TriageOutcome) -> TriageEntry:
        turn = connection.execute(
            select(M.at, M.text).where(M.conversation_id == outcome.conversation_id, M.sender == "patient",
                                       M.at <= outcome.at).order_by(M.at.desc()).limit(1)).first()
        reported_at = turn.at if turn is not None else None
        reply = [] if turn is None else connection.execute(
            select(M.text).where(M.conversation_id == outcome.conversation_id, M.sender == "assistant",
                                 M.at >= turn.at, M.at <= outcome.at).order_by(M.at, M.id)).scalars().all()
        channel = connection.execute(
            select(C.channel, C.highest_urgency).where(C.conversation_id == outcome.conversation_id)).first()
        entry = TriageEntry(
            at=outcome.at, reported_at=reported_at, channel=channel.channel,
            urgency=Urgency.from_label(outcome.urgency),
            categories=outcome.categories, symptoms=outcome.symptoms, negated=outcome.negated,
            guidance_ids=outcome.guidance_ids, reasons=outcome.reasons, message=turn.text if turn else "",
            reply="\n\n".join(reply))
        connection.execute(schema.triage_log.insert().values(
            conversation_id=outcome.conversation_id, channel=entry.channel, at=entry.at, reported_at=reported_at,
            urgency=outcome.urgency, categories=json.dumps(entry.categories), symptoms=json.dumps(entry.symptoms),
            negated=json.dumps(entry.negated), guidance_ids=json.dumps(entry.guidance_ids),
            reasons=None if entry.reasons is None else json.dumps(entry.reasons), message=entry.message,
            reply=entry.reply, event_key=outcome.key))
        changes: dict[str, Any] = {"last_triage_at": outcome.at,
                                   "highest_urgency": max(channel.highest_urgency, int(entry.urgency))}
        if entry.urgency in URGENT:
            changes["last_urgent_at"] = outcome.at
        connection.execute(schema.conversations.update()
                           .where(C.conversation_id == outcome.conversation_id).values(**changes))
        return entry

    # ------------------------------------------------------------------ reading (the inbox)

    def conversations(self, wanted: Optional[InboxFilter] = None) -> list[ConversationOverview]:
        """Triaged conversations matching `wanted`: urgent unacknowledged first (most urgent first), then newest."""
        wanted = wanted or InboxFilter()
        needs_attention = _needs_attention()
        query = (select(schema.conversations, needs_attention.label("needs_attention"))
                 .where(C.last_triage_at.isnot(None)))
        if wanted.urgency is not None:
            query = query.where(C.highest_urgency == int(wanted.urgency))
        if wanted.channel:
            query = query.where(C.channel == wanted.channel)
        if wanted.since is not None:
            query = query.where(C.last_at >= wanted.since)
        if wanted.until is not None:
            query = query.where(C.first_at < wanted.until)
        if wanted.category:
            listed_as = json.dumps(wanted.category)  # the quoted name: "cr" does not match "crs"
            in_category = select(T.conversation_id).where(T.categories.contains(listed_as, autoescape=True))
            query = query.where(C.conversation_id.in_(in_category))
        query = query.order_by(needs_attention.desc(), case((needs_attention == 1, C.highest_urgency), else_=0).desc(),
                               C.last_at.desc()).limit(wanted.limit)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
            findings = _findings(connection, [row.conversation_id for row in rows])
        return [_overview(row, *findings.get(row.conversation_id, ((), ()))) for row in rows]

    def conversation(self, public_id: str) -> Optional[ConversationRecord]:
        """One conversation with its triage turns, transcript and notes; None if there is no such id."""
        with self.engine.connect() as connection:
            row = connection.execute(select(schema.conversations, _needs_attention().label("needs_attention"))
                                     .where(C.public_id == public_id)).first()
            if row is None:
                return None
            entries = tuple(_entry(r) for r in connection.execute(
                select(schema.triage_log).where(T.conversation_id == row.conversation_id).order_by(T.at, T.id)))
            transcript = tuple(TranscriptLine(r.at, r.sender, r.text) for r in connection.execute(
                select(M.at, M.sender, M.text).where(M.conversation_id == row.conversation_id).order_by(M.at, M.id)))
            notes = tuple(Note(r.at, r.author, r.text) for r in connection.execute(
                select(schema.notes).where(schema.notes.c.conversation_id == row.conversation_id)
                .order_by(schema.notes.c.at)))
        categories = _unique(c for entry in entries for c in entry.categories)
        symptoms = _unique(s for entry in entries for s in entry.symptoms)
        return ConversationRecord(_overview(row, categories, symptoms), entries, transcript, notes)

    def conversation_public_id(self, conversation_id: str) -> Optional[str]:
        with self.engine.connect() as connection:
            return connection.execute(select(C.public_id).where(C.conversation_id == conversation_id)).scalar()

    def channels(self) -> list[str]:
        """Channels that have triaged conversations (for the filter)."""
        with self.engine.connect() as connection:
            return sorted(c for c in connection.execute(
                select(C.channel).where(C.last_triage_at.isnot(None)).distinct()).scalars() if c)

    # ------------------------------------------------------------------ nurses' actions

    def acknowledge(self, public_id: str, username: str, at: float) -> bool:
        """Mark everything reported so far as seen by `username`; False if there is no such conversation."""
        with self.engine.begin() as connection:
            done = connection.execute(schema.conversations.update().where(C.public_id == public_id)
                                      .values(acknowledged_at=at, acknowledged_by=username))
        return done.rowcount == 1

    def add_note(self, public_id: str, username: str, text: str, at: float) -> bool:
        """Attach a nurse's note; False if there is no such conversation."""
        with self.engine.begin() as connection:
            conversation_id = connection.execute(
                select(C.conversation_id).where(C.public_id == public_id)).scalar_one_or_none()
            if conversation_id is None:
                return False
            connection.execute(schema.notes.insert().values(conversation_id=conversation_id, at=at, author=username,
                                                            text=text))
        return True


def _key_taken(event: LoggedEvent) -> ColumnElement:
    table = schema.triage_log if isinstance(event, TriageOutcome) else schema.messages
    return table.c.event_key == event.key


def _needs_attention() -> ColumnElement:
    """1 when the conversation had an urgent turn after its last acknowledgement (or was never acknowledged)."""
    return case((and_(C.last_urgent_at.isnot(None),
                      or_(C.acknowledged_at.is_(None), C.acknowledged_at < C.last_urgent_at)), 1), else_=0)


Names = tuple[str, ...]


def _findings(connection: Connection, conversation_ids: list[str]) -> dict[str, tuple[Names, Names]]:
    """Categories and symptoms reported in each conversation, in the order first reported."""
    seen: dict[str, tuple[list[str], list[str]]] = {}
    if conversation_ids:
        for row in connection.execute(select(T.conversation_id, T.categories, T.symptoms)
                                      .where(T.conversation_id.in_(conversation_ids)).order_by(T.at)):
            categories, symptoms = seen.setdefault(row.conversation_id, ([], []))
            categories.extend(json.loads(row.categories))
            symptoms.extend(json.loads(row.symptoms))
    return {key: (_unique(c), _unique(s)) for key, (c, s) in seen.items()}


def _overview(row: Row, categories: tuple[str, ...], symptoms: tuple[str, ...]) -> ConversationOverview:
    return ConversationOverview(
        public_id=row.public_id, conversation_id=row.conversation_id, channel=row.channel, first_at=row.first_at,
        last_at=row.last_at, highest_urgency=Urgency(row.highest_urgency), categories=categories, symptoms=symptoms,
        acknowledged_at=row.acknowledged_at, acknowledged_by=row.acknowledged_by,
        needs_attention=bool(row.needs_attention))


def _entry(row: Row) -> TriageEntry:
    return TriageEntry(
        at=row.at, reported_at=row.reported_at, channel=row.channel, urgency=Urgency.from_label(row.urgency),
        categories=tuple(json.loads(row.categories)), symptoms=tuple(json.loads(row.symptoms)),
        negated=tuple(json.loads(row.negated)), guidance_ids=tuple(json.loads(row.guidance_ids)),
        reasons=None if row.reasons is None else tuple(json.loads(row.reasons)), message=row.message, reply=row.reply)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
