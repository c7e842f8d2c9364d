"""Nurse accounts and sign-in sessions: Argon2 password hashes, lock-out after repeated failures, expiring sessions.

The session cookie's value is never stored, only its SHA-256; each session has its own CSRF token.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, or_, select, update
from sqlalchemy.engine import Engine

from bot.careteam import schema

MIN_PASSWORD_LENGTH = 12
MAX_FAILED_SIGN_INS = 5
LOCK_SECONDS = 300
USERNAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")
U = schema.users.c
S = schema.sessions.c


@dataclass(frozen=True)
class Session:
    username: str
    token: str  # the cookie value (only known right after sign-in)
    csrf_token: str


class Accounts:
    """Who may sign in to the inbox, and who is signed in."""

    def __init__(self, engine: Engine, idle_seconds: float, max_seconds: float,
                 hasher: Optional[PasswordHasher] = None) -> None:
        self.engine = engine
        self.idle_seconds, self.max_seconds = idle_seconds, max_seconds
        self.hasher = hasher or PasswordHasher()
        self._dummy_hash = self.hasher.hash(secrets.token_hex(8))

    def set_password(self, username: str, password: str, now: float) -> bool:
        """Create the account or replace its password (ending its sessions); True if it was created."""
        if not USERNAME.fullmatch(username):
            raise ValueError("a user name is 1-64 letters, digits or . _ @ -")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
        password_hash = self.hasher.hash(password)
        with self.engine.begin() as connection:
            exists = connection.execute(select(U.username).where(U.username == username)).first() is not None
            if exists:
                connection.execute(delete(schema.sessions).where(S.username == username))
                connection.execute(update(schema.users).where(U.username == username)
                                   .values(password_hash=password_hash, failed_logins=0, locked_until=None))
            else:
                connection.execute(schema.users.insert().values(username=username, password_hash=password_hash,
                                                                created_at=now, failed_logins=0))
        return not exists

    def remove(self, username: str) -> bool:
        """Delete an account and its sessions; False if there was none."""
        with self.engine.begin() as connection:
            connection.execute(delete(schema.sessions).where(S.username == username))
            return connection.execute(delete(schema.users).where(U.username == username)).rowcount == 1

    def usernames(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(connection.execute(select(U.username).order_by(U.username)).scalars())

    def sign_in(self, username: str, password: str, now: float) -> Optional[Session]:
        """A new session when the password is right and the account is not locked; None otherwise."""
        with self.engine.connect() as connection:
            user = connection.execute(select(schema.users).where(U.username == username)).first()
        if user is None:
            self._verify(self._dummy_hash, password)  # same work as for a real account: no user-name probing
            return None
        if user.locked_until is not None and user.locked_until > now:
            return None
        if not self._verify(user.password_hash, password):
            failed = user.failed_logins + 1
            locked_until = now + LOCK_SECONDS if failed >= MAX_FAILED_SIGN_INS else None
            with self.engine.begin() as connection:
                connection.execute(update(schema.users).where(U.username == username).values(
                    failed_logins=0 if locked_until else failed, locked_until=locked_until))
            return None
        session = Session(username, secrets.token_urlsafe(32), secrets.token_urlsafe(32))
        with self.engine.begin() as connection:
            changes: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
            if self.hasher.check_needs_rehash(user.password_hash):
                changes["password_hash"] = self.hasher.hash(password)
            connection.execute(update(schema.users).where(U.username == username).values(**changes))
            connection.execute(delete(schema.sessions).where(
                or_(S.created_at < now - self.max_seconds, S.last_seen_at < now - self.idle_seconds)))
            connection.execute(schema.sessions.insert().values(
                token_hash=_digest(session.token), username=username, csrf_token=session.csrf_token, created_at=now,
                last_seen_at=now))
        return session

    def session(self, token: str, now: float) -> Optional[Session]:
        """The live session for a cookie value (and it is kept alive); None when unknown or expired."""
        if not token:
            return None
        with self.engine.begin() as connection:
            row = connection.execute(select(schema.sessions).where(S.token_hash == _digest(token))).first()
            if row is None:
                return None
            if row.created_at < now - self.max_seconds or row.last_seen_at < now - self.idle_seconds:
                connection.execute(delete(schema.sessions).where(S.token_hash == row.token_hash))
                return None
            connection.execute(update(schema.sessions).where(S.token_hash == row.token_hash).values(last_seen_at=now))
        return Session(row.username, token, row.csrf_token)

    def sign_out(self, token: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(schema.sessions).where(S.token_hash == _digest(token)))

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
