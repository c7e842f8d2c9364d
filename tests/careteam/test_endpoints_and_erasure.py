"""Where the care team finds Rasa's stores (the same endpoints files Rasa reads), and erasure with retention."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.careteam.endpoints import PikaBroker, SqlBroker, read_rasa_stores
from bot.careteam.erasure import Eraser
from bot.careteam.log_store import TriageLog
from tests.careteam.conftest import triage, turn
from triage_tools.servers import ROOT

DAY = 86400.0


def test_the_shipped_endpoints_put_the_log_beside_the_tracker_store_and_read_the_sql_broker():
    stores = read_rasa_stores(ROOT / "endpoints.yml")
    assert stores.tracker_db_url == "sqlite:///rasa.db"
    assert stores.broker == SqlBroker("sqlite:///events.db")


def test_the_scale_out_endpoints_point_at_postgresql_and_rabbitmq(monkeypatch: pytest.MonkeyPatch):
    for name, value in {"ACTION_SERVER_URL": "http://a:5055/webhook", "POSTGRES_HOST": "db.internal",
                        "POSTGRES_PORT": "5432", "POSTGRES_DB": "rasa", "POSTGRES_USER": "rasa",
                        "POSTGRES_PASSWORD": "p@ss:word", "REDIS_HOST": "r", "REDIS_PORT": "6379",
                        "REDIS_PASSWORD": "", "REDIS_DB": "0", "RABBITMQ_HOST": "mq.internal", "RABBITMQ_PORT": "5672",
                        "RABBITMQ_USER": "rasa", "RABBITMQ_PASSWORD": "s/ecret", "RABBITMQ_QUEUE": "audit"}.items():
        monkeypatch.setenv(name, value)
    stores = read_rasa_stores(ROOT / "endpoints.scale-out.yml")
    assert stores.tracker_db_url == "postgresql://rasa:p%40ss%3Aword@db.internal:5432/rasa"
    assert stores.broker == PikaBroker("amqp://rasa:s%2Fecret@mq.internal:5672/", "rasa-exchange")


def test_a_missing_environment_variable_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("# ${IN_A_COMMENT} is fine\ntracker_store:\n  type: SQL\n  dialect: postgresql\n"
                         "  url: ${NOT_SET_ANYWHERE}\n")
    with pytest.raises(ValueError, match="NOT_SET_ANYWHERE"):
        read_rasa_stores(endpoints)


def _rasa_tables(url: str, table_sql: str, rows: list[tuple]) -> None:
    """Rasa's own `events` tables, created with the columns Rasa uses (tracker store or SQL broker)."""
    with create_engine(url).begin() as connection:
        connection.execute(text(table_sql))
        for row in rows:
            connection.execute(text("INSERT INTO events (sender_id, timestamp, data) VALUES (:s, :t, :d)")
                               if "timestamp" in table_sql else text("INSERT INTO events (sender_id, data) "
                                                                     "VALUES (:s, :d)"),
                               {"s": row[0], "t": row[1], "d": "{}"})


def _count(url: str, sender: str) -> int:
    with create_engine(url).connect() as connection:
        return connection.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()


@pytest.fixture
def eraser(log: TriageLog, store_url: str) -> Eraser:
    tracker, broker = store_url, store_url.replace("careteam.db", "events.db")
    _rasa_tables(tracker, "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, "
                          "timestamp FLOAT, data TEXT)", [("old", 100.0), ("old", 200.0), ("kept", 300.0),
                                                          ("kept", 50 * DAY)])
    _rasa_tables(broker, "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, data TEXT)",
                 [("old", 0), ("kept", 0)])
    return Eraser(log.engine, tracker, broker)


def test_erase_removes_one_conversation_everywhere(log: TriageLog, eraser: Eraser, store_url: str):
    public_id = turn(log, "old", "fever", "Call now.", triage("contact_now", ["crs"], ["fever"])).public_id
    log.add_note(public_id, "nurse.kim", "Called back.", at=1.0)
    turn(log, "kept", "tired", "Common.", triage("report_if_bothersome", ["common"], ["fatigue"]))
    erased = eraser.erase("old")
    assert erased["tracker store"] == 2 and erased["event broker"] == 1
    assert erased["careteam_notes"] == 1 and erased["careteam_triage_log"] == 1 and erased["careteam_messages"] == 3
    assert log.conversation(public_id) is None and [r.conversation_id for r in log.conversations()] == ["kept"]
    assert _count(store_url, "old") == 0 and _count(store_url, "kept") == 2
    assert _count(store_url.replace("careteam.db", "events.db"), "old") == 0


def test_retention_erases_only_conversations_silent_for_longer(eraser: Eraser, store_url: str):
    assert eraser.purge(now=40 * DAY, retention_seconds=30 * DAY) == ["old"]
    assert _count(store_url, "old") == 0 and _count(store_url, "kept") == 2, "a conversation still going is kept whole"
