"""bot.stores stores and publishes exactly what Rasa's SQL tracker store and SQL event broker do."""
from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from rasa.core.brokers.sql import SQLEventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.stores import PrivateSQLEventBroker, PrivateSQLTrackerStore, events_from_dicts
from triage_tools.servers import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def a_turn(number: int) -> list:
    return [UserUttered(f"message {number}", {"name": "report_crs", "confidence": 0.9}, timestamp=10 + number + 0.1),
            ActionExecuted("action_triage", policy="RulePolicy", confidence=1.0, timestamp=10 + number + 0.2),
            BotUttered(f"reply {number}", {"custom": {"triage": {"urgency": "contact_now"}}}, timestamp=10 + number + 0.3),
            SlotSet("last_urgency", "contact_now", timestamp=10 + number + 0.4),
            ActionExecuted("action_listen", timestamp=10 + number + 0.5)]


def converse(store: SQLTrackerStore, turns: int = 3) -> None:
    """A new conversation, then `turns` turns each loaded, extended and saved as Rasa's processor does."""
    async def run() -> None:
        tracker = DialogueStateTracker.from_events("patient-1", [ActionExecuted("action_listen", timestamp=1.0)],
                                                   DOMAIN.slots)
        await store.save(tracker)  # a tracker the store did not load
        tracker.update_with_events([SlotSet("introduced", False, timestamp=1.01),
                                    ActionExecuted("action_listen", timestamp=1.05)],
                                   DOMAIN, override_timestamp=False)
        await store.save(tracker)
        for number in range(1, turns + 1):
            tracker = await store.retrieve("patient-1")
            assert tracker is not None
            tracker.update_with_events(a_turn(number), DOMAIN, override_timestamp=False)
            await store.save(tracker)
            await store.save(tracker)  # a second save of the same tracker adds nothing
    asyncio.run(run())


def rows(db: Path, query: str) -> list:
    with sqlite3.connect(db) as connection:
        return connection.execute(query).fetchall()


def test_the_same_rows_as_rasas_store_and_broker(tmp_path: Path) -> None:
    ours, rasas = tmp_path / "ours", tmp_path / "rasas"
    ours.mkdir()
    rasas.mkdir()
    converse(PrivateSQLTrackerStore(DOMAIN, db=str(ours / "rasa.db"),
                                    event_broker=PrivateSQLEventBroker(db=str(ours / "events.db"))))
    converse(SQLTrackerStore(DOMAIN, db=str(rasas / "rasa.db"), event_broker=SQLEventBroker(db=str(rasas / "events.db"))))
    stored = "SELECT sender_id, type_name, timestamp, intent_name, action_name, data FROM events ORDER BY id"
    published = "SELECT sender_id, data FROM events ORDER BY id"
    assert rows(ours / "rasa.db", stored) == rows(rasas / "rasa.db", stored)
    assert len(rows(ours / "rasa.db", stored)) == 1 + 2 + 3 * 5
    assert rows(ours / "events.db", published) == rows(rasas / "events.db", published)


def test_a_loaded_conversation_is_the_one_rasa_loads(tmp_path: Path) -> None:
    store = PrivateSQLTrackerStore(DOMAIN, db=str(tmp_path / "rasa.db"))
    converse(store)
    ours = asyncio.run(store.retrieve("patient-1"))
    rasas = asyncio.run(SQLTrackerStore.retrieve(SQLTrackerStore(DOMAIN, db=str(tmp_path / "rasa.db")), "patient-1"))
    assert ours is not None and rasas is not None
    assert ours.current_state() == rasas.current_state()


def test_unknown_or_nameless_events_are_read_as_rasa_reads_them() -> None:
    assert events_from_dicts([{"text": "no event key"}, {"event": "slot", "name": "last_urgency", "value": "x"}]) == \
        [SlotSet("last_urgency", "x")]
