"""A turn's events are in RabbitMQ, confirmed, before the patient's reply goes out (issue 11).

Against the real RabbitMQ and PostgreSQL on loopback (`make test` starts them: scripts/ensure-services.sh), with
a queue and an exchange of their own. Rasa's own broker published in background tasks after the reply, so a
server killed under load lost events the tracker store had kept (docs/performance.md, "Scale-out").
"""
from __future__ import annotations

import asyncio
import signal
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import aiormq
import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker

from bot.stores import PrivatePikaEventBroker, PrivateSQLTrackerStore
from tests.deployment.test_scale_out import scale_out_env  # noqa: F401
from tests.unit.test_action_guard import busy_event_loop
from tests.unit.test_stores import a_turn
from triage_tools.scale_out import delete_queues, drain, query, stores_from_scale_out_file
from triage_tools.servers import ROOT, running_assistant

pytestmark = pytest.mark.e2e

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def a_broker(queue: str, exchange: str) -> PrivatePikaEventBroker:
    return PrivatePikaEventBroker("127.0.0.1", "guest", "guest", port=5672, queues=[queue], exchange_name=exchange)


def test_the_turns_events_are_confirmed_before_the_store_returns(tmp_path: Path) -> None:
    """When save() returns (the reply goes out next), RabbitMQ holds every event of the turn, even if nothing of
    the broker runs afterwards (a SIGKILL: its background tasks never run)."""
    queue, exchange = f"imdelltra-confirm-{uuid.uuid4().hex[:8]}", f"imdelltra-confirm-{uuid.uuid4().hex[:8]}"
    sender = f"patient-{uuid.uuid4().hex[:8]}"

    async def a_turn_then_killed() -> int:
        broker = a_broker(queue, exchange)
        await broker.connect()
        store = PrivateSQLTrackerStore(DOMAIN, db=str(tmp_path / "rasa.db"), event_broker=broker)
        tracker = DialogueStateTracker.from_events(sender, [ActionExecuted("action_listen", timestamp=1.0)],
                                                   DOMAIN.slots)
        tracker.update_with_events(a_turn(1), DOMAIN, override_timestamp=False)
        await store.save(tracker)
        for task in list(broker._background_tasks):  # killed: nothing scheduled runs any more
            task.cancel()
        broker._unpublished_events.clear()
        await broker.close()
        return len(tracker.events)

    try:
        saved = asyncio.run(a_turn_then_killed())
        published = [e for e in asyncio.run(drain(queue, delete=False)) if e.get("sender_id") == sender]
    finally:
        asyncio.run(delete_queues([queue], exchange))
    assert saved == 6
    assert [e["event"] for e in published] == ["action", "user", "action", "bot", "slot", "action"]
    # each with its place in the stored session, so a consumer keeps a turn published twice once
    assert [e["event_position"] for e in published] == list(range(6))


def test_confirmations_are_read_while_the_servers_event_loop_is_busy() -> None:
    """20 turns at once block the Rasa server's loop 50 ms each per round (1 s a round): RabbitMQ's
    confirmations are still read within a 500 ms deadline (the broker's connection has a loop of its own), so
    the turn's events are not kept and published a second time."""
    queue, exchange = f"imdelltra-busy-{uuid.uuid4().hex[:8]}", f"imdelltra-busy-{uuid.uuid4().hex[:8]}"

    async def publish_while_busy() -> list[bool]:
        broker = a_broker(queue, exchange)
        await broker.connect()
        busy = asyncio.ensure_future(busy_event_loop(4))
        await asyncio.sleep(0)
        confirmed = [await broker.publish_confirmed([{"sender_id": "p", "event": "user", "text": str(n)}],
                                                    timeout=0.5) for n in range(3)]
        await busy
        await broker.close()
        return confirmed

    try:
        confirmed = asyncio.run(publish_while_busy())
        published = asyncio.run(drain(queue, delete=False))
    finally:
        asyncio.run(delete_queues([queue], exchange))
    assert confirmed == [True, True, True]
    assert [e["text"] for e in published] == ["0", "1", "2"]


class FakeExchange:
    """An exchange whose publications RabbitMQ acknowledges, or never confirms (`hang`)."""

    def __init__(self, hang: bool = False) -> None:
        self.hang, self.bodies = hang, []

    async def publish(self, message: Any, routing_key: str) -> Any:
        if self.hang:
            await asyncio.sleep(3600)
        self.bodies.append(message.body)
        return aiormq.spec.Basic.Ack()


def test_an_unconfirmed_turn_answers_in_time_and_is_published_with_the_next() -> None:
    """RabbitMQ silent: the turn waits at most the timeout, keeps its events, and the next turn publishes them
    first (the same messages: the care team's log stores a republished event once)."""
    async def two_turns() -> tuple[bool, float, bool, list[bytes]]:
        broker = a_broker("unused", "unused")
        broker._exchange = FakeExchange(hang=True)  # type: ignore[assignment]
        loop = asyncio.get_running_loop()
        start = loop.time()
        first = await broker.publish_confirmed([{"sender_id": "p", "event": "user", "text": "one"}], timeout=0.2)
        waited = loop.time() - start
        confirming = FakeExchange()
        broker._exchange = confirming  # type: ignore[assignment]
        second = await broker.publish_confirmed([{"sender_id": "p", "event": "user", "text": "two"}])
        return first, waited, second, confirming.bodies

    first, waited, second, bodies = asyncio.run(two_turns())
    assert first is False and waited < 1.0
    assert second is True
    assert [b'"one"' in body for body in bodies] == [True, False] and b'"two"' in bodies[1]


def test_a_server_killed_right_after_its_replies_has_published_every_stored_event(trained_model: Path,
                                                                                    scale_out_env) -> None:  # noqa: F811
    """Ten conversations at once through a Rasa server on PostgreSQL and RabbitMQ; SIGKILL as soon as the last
    reply is in. Every event PostgreSQL kept is in the queue, once."""
    prefix = f"kill-{uuid.uuid4().hex[:8]}"
    senders = [f"{prefix}-{number}" for number in range(10)]
    texts = ["I feel feverish", "38.9 C", "my gums keep bleeding"]

    with running_assistant(trained_model, env=scale_out_env, stores=stores_from_scale_out_file()) as running:
        def converse(sender: str) -> None:
            for text in texts:
                running.send(sender, text, timeout=120)

        with ThreadPoolExecutor(len(senders)) as pool:
            list(pool.map(converse, senders))
        running.processes["rasa"].send_signal(signal.SIGKILL)
        running.processes["rasa"].wait(timeout=20)

    stored = Counter(query(scale_out_env["POSTGRES_DB"], "SELECT sender_id, type_name, timestamp FROM events "
                                                         "WHERE sender_id LIKE %s", f"{prefix}%"))
    published = Counter((e["sender_id"], e["event"], e["timestamp"])
                        for e in asyncio.run(drain(scale_out_env["RABBITMQ_QUEUE"], delete=False))
                        if str(e.get("sender_id", "")).startswith(prefix))
    assert sum(count for (_, kind, _), count in stored.items() if kind == "user") == len(senders) * len(texts)
    assert stored - published == Counter(), "stored in PostgreSQL but never published"
    assert published - stored == Counter(), "published twice, or published but not stored"
