"""Who did what, and when: every inbox view and action, sign-ins (failed ones too), exports and erasures.

Entries name a conversation by its public id only (never the sender id, which may be a phone number).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.careteam import schema

A = schema.audit_log.c


@dataclass(frozen=True)
class AuditEntry:
    at: float
    username: str
    action: str
    conversation: Optional[str]
    remote: Optional[str]
    detail: Optional[str]


class AuditLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, at: float, username: str, action: str, conversation: Optional[str] = None,
               remote: Optional[str] = None, detail: Optional[str] = None) -> None:
        with self.engine.begin() as connection:
            connection.execute(schema.audit_log.insert().values(
                at=at, username=username[:64], action=action, conversation=conversation, remote=(remote or "")[:64],
                detail=(detail or "")[:255] or None))

    def entries(self, limit: int = 100, conversation: Optional[str] = None) -> list[AuditEntry]:
        """The newest entries first."""
        query = select(schema.audit_log).order_by(A.at.desc(), A.id.desc()).limit(limit)
        if conversation is not None:
            query = query.where(A.conversation == conversation)
        with self.engine.connect() as connection:
            return [AuditEntry(r.at, r.username, r.action, r.conversation, r.remote, r.detail)
                    for r in connection.execute(query)]
