"""Scale-out deployment: PostgreSQL tracker store, Redis lock store, RabbitMQ event broker.

Uses the real services on loopback (started on this machine kind before work; .ci/run starts
any that are down). A conversation begun on one Rasa server continues on another.
"""
from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
import requests

from triage_tools.scale_out import drain, scale_out_services, stored_user_events, stores_from_scale_out_file
from triage_tools.servers import running_assistant

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def scale_out_env():
    with scale_out_services() as env:
        yield env


def tracker(running, sender: str) -> dict:
    return requests.get(f"{running.rasa_url}/conversations/{sender}/tracker", timeout=30).json()


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

    assert stored_user_events(scale_out_env["POSTGRES_DB"], sender) == {sender: 2}

    published = asyncio.run(drain(scale_out_env["RABBITMQ_QUEUE"]))
    user_texts = [e.get("text") for e in published if e.get("sender_id") == sender and e.get("event") == "user"]
    assert user_texts == ["I feel feverish", "I don't have a thermometer"]
    assert any(e.get("event") == "bot" and "911" in (e.get("text") or "") for e in published
               if e.get("sender_id") == sender)
