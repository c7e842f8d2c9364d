"""The care team at scale: Rasa publishes to RabbitMQ (pika broker), the care-team service reads its own queue
bound to that exchange and keeps the triage log in the PostgreSQL database of the tracker store.

Uses the real services on loopback, with a database, queues and an exchange of its own."""
from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path

import pytest

from tests.deployment.test_scale_out import scale_out_env  # noqa: F401
from triage_tools.scale_out import delete_queues, query, stores_from_scale_out_file
from triage_tools.servers import running_assistant, running_care_team

pytestmark = pytest.mark.e2e


def test_triage_log_from_rabbitmq_into_postgresql_then_erased(trained_model: Path, scale_out_env):  # noqa: F811
    exchange = f"imdelltra-test-{uuid.uuid4().hex[:8]}"
    queue = f"imdelltra-careteam-{uuid.uuid4().hex[:8]}"
    stores = stores_from_scale_out_file().replace("event_broker:\n", f"event_broker:\n  exchange_name: {exchange}\n")
    assert exchange in stores
    database = scale_out_env["POSTGRES_DB"]
    sender = f"sms-{uuid.uuid4().hex[:8]}"
    try:
        with running_assistant(trained_model, env=scale_out_env, stores=stores) as assistant, \
                running_care_team(assistant, env={**scale_out_env, "CARE_TEAM_QUEUE": queue,
                                                  "CARE_TEAM_DB_URL": ""}) as care_team:
            deadline = time.monotonic() + 60
            while f"RabbitMQ queue {queue}" not in care_team.log.read_text():
                assert time.monotonic() < deadline, care_team.log.read_text()
                time.sleep(0.2)
            assistant.send(sender, "fever 38.9 and chills")
            care_team.add_user("nurse.kim", "correct horse battery")
            nurse = care_team.sign_in("nurse.kim", "correct horse battery")
            deadline = time.monotonic() + 30
            while sender not in nurse.get(care_team.url, timeout=30).text:
                assert time.monotonic() < deadline, care_team.log.read_text()[-3000:]
                time.sleep(0.1)

            logged = query(database, "SELECT urgency, message, categories FROM careteam_triage_log "
                                     "WHERE conversation_id = %s", sender)
            assert logged == [("contact_now", "fever 38.9 and chills", '["crs", "infection"]')]

            result = care_team.command("erase", sender, "--yes")
            assert result.returncode == 0, result.stderr
        assert query(database, "SELECT count(*) FROM events WHERE sender_id = %s", sender) == [(0,)]
        assert query(database, "SELECT count(*) FROM careteam_messages WHERE conversation_id = %s", sender) == [(0,)]
    finally:
        asyncio.run(delete_queues([queue, scale_out_env["RABBITMQ_QUEUE"]], exchange))
