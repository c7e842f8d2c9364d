"""Rasa-shaped events and a fresh care-team store for the care-team tests."""
from __future__ import annotations

import itertools
import tempfile
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from bot.careteam.events import parse_event
from bot.careteam.log_store import TriageLog
from bot.careteam.records import LoggedTriage
from bot.careteam.schema import connect

_clock = itertools.count(1_800_000_000)


def user_event(sender: str, text: str, at: Optional[float] = None, channel: str = "rest") -> dict[str, Any]:
    """A `user` event as Rasa publishes it."""
    return {"sender_id": sender, "event": "user", "timestamp": at or float(next(_clock)), "text": text,
            "input_channel": channel, "message_id": f"m{next(_clock)}", "parse_data": {"intent": {"name": "x"}}}


def bot_event(sender: str, text: Optional[str] = None, triage: Optional[dict] = None,
              at: Optional[float] = None) -> dict[str, Any]:
    """A `bot` event: a text message, or the machine-readable triage message (`data.custom`)."""
    data = {"elements": None, "quick_replies": None, "buttons": None, "attachment": None, "image": None,
            "custom": {"triage": triage} if triage is not None else None}
    return {"sender_id": sender, "event": "bot", "timestamp": at or float(next(_clock)), "text": text, "data": data,
            "metadata": {"model_id": "m"}}


def triage(urgency: str, categories=(), symptoms=(), negated=(), guidance_ids=(), reasons=None) -> dict[str, Any]:
    payload = {"urgency": urgency, "categories": list(categories), "symptoms": list(symptoms),
               "negated": list(negated), "guidance_ids": list(guidance_ids)}
    if reasons is not None:
        payload["reasons"] = list(reasons)
    return payload


def turn(log: TriageLog, sender: str, text: str, reply: str, outcome: dict[str, Any],
         channel: str = "rest") -> Optional[LoggedTriage]:
    """One patient turn fed to the log in Rasa's order: user, reply text, triage message, follow-up question."""
    logged = None
    for event in (user_event(sender, text, channel=channel), bot_event(sender, reply),
                  bot_event(sender, triage=outcome), bot_event(sender, "Is there anything else?")):
        logged = log.record(parse_event(event)) or logged
    return logged


@pytest.fixture
def store_url(tmp_path: Path) -> Iterator[str]:
    """A fresh SQLite store, in memory-backed /dev/shm when there is one (no disk syncs: the tests run faster)."""
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else tmp_path) as directory:
        yield f"sqlite:///{Path(directory) / 'careteam.db'}"


@pytest.fixture
def log(store_url: str) -> TriageLog:
    return TriageLog(connect(store_url))
