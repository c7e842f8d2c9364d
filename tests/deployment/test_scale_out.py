"""Scale-out deployment: PostgreSQL tracker store, Redis lock store, RabbitMQ event broker.

Uses the real services on loopback (started on this machine kind before work; .ci/run starts
any that are down). A conversation begun on one Rasa server continues on another.
"""
from __future__ import annotations

import asyncio
import json
import os
import uuid
from pathlib import Path

import psycopg2
import pytest
import requests

from triage_tools.servers import ROOT, running_assistant

pytestmark = pytest.mark.e2e

POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": os.environ.get("POSTGRES_USER", "postgres")}


@pytest.fixture(scope="module")
def scale_out_env():
    database = f"imdelltra_ci_{uuid.uuid4().hex[:8]}"
    queue = f"imdelltra_events_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(dbname="postgres", **POSTGRES)
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {database}")
    env = {
        "ACTION_SERVER_URL": "unused-replaced-below", "POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": "5432",
        "POSTGRES_DB": database, "POSTGRES_USER": POSTGRES["user"], "POSTGRES_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_PASSWORD": "", "REDIS_DB": "3",
        "RABBITMQ_HOST": "127.0.0.1", "RABBITMQ_PORT": "5672", "RABBITMQ_USER": "guest",
        "RABBITMQ_PASSWORD": "guest", "RABBITMQ_QUEUE": queue,
    }
    yield env
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    admin.close()


def stores_from_scale_out_file() -> str:
    """The shipped endpoints.scale-out.yml without its action endpoint (the test servers set their own)."""
    text = (ROOT / "endpoints.scale-out.yml").read_text()
    return text[text.index("tracker_store:"):]


def tracker(running, sender: str) -> dict:
    return requests.get(f"{running.rasa_url}/conversations/{sender}/tracker", timeout=30).json()


async def drain(queue_name: str, delete: bool = True) -> list[dict]:
    import aio_pika

    connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1:5672/")
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(queue_name, durable=True)
        events = []
        while (message := await queue.get(no_ack=True, fail=False)) is not None:
            events.append(json.loads(message.body))
        if delete:
            await queue.delete(if_unused=False, if_empty=False)
        return events


def test_conversation_moves_between_servers_and_events_reach_the_broker(trained_model: Path, scale_out_env):
    sender = f"patient-{uuid.uuid4().hex[:8]}"
    stores = stores_from_scale_out_file()

    with running_assistant(trained_model, env=scale_out_env, stores=stores) as first:
        messages = first.send(sender, "I feel feverish")
        assert any("send me the number" in (m.get("text") or "") for m in messages)
        assert tracker(first, sender)["slots"]["awaiting_temperature"] is True

    with running_assistant(trained_model, env=scale_out_env, stores=stores) as second:
        state = tracker(second, sender)
        assert state["slots"]["awaiting_temperature"] is True
        assert [e["text"] for e in state["events"] if e["event"] == "user"] == ["I feel feverish"]
        messages = second.send(sender, "I don't have a thermometer")
        triage = [m["custom"]["triage"] for m in messages if m.get("custom")]
        assert triage and triage[0]["urgency"] == "contact_now" and triage[0]["symptoms"] == ["fever"]

    rows = psycopg2.connect(dbname=scale_out_env["POSTGRES_DB"], **POSTGRES)
    with rows, rows.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM events WHERE sender_id = %s AND type_name = 'user'", (sender,))
        assert cursor.fetchone()[0] == 2
    rows.close()

    published = asyncio.run(drain(scale_out_env["RABBITMQ_QUEUE"]))
    user_texts = [e.get("text") for e in published if e.get("sender_id") == sender and e.get("event") == "user"]
    assert user_texts == ["I feel feverish", "I don't have a thermometer"]
    assert any(e.get("event") == "bot" and "911" in (e.get("text") or "") for e in published
               if e.get("sender_id") == sender)
