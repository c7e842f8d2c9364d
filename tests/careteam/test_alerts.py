"""Alerts against a stand-in receiver on loopback: content, formats, retries, one per window, receiver down."""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from dataclasses import replace
from datetime import timezone

import pytest
from sqlalchemy import select

from bot.careteam import schema
from bot.careteam.alerts import SIGNATURE_HEADER, AlertSender
from bot.careteam.config import AlertSettings
from bot.careteam.log_store import TriageLog
from tests.careteam.conftest import triage, turn
from tests.support.alert_receiver import AlertReceiver, closed_port

INBOX = "http://inbox.clinic.test"
MESSAGE = "fever 38.9 and shaking chills"
FEVER = triage("contact_now", ["crs", "infection"], ["fever", "chills"], reasons=["floor:fever"])
SETTINGS = AlertSettings(url="", format="json", fields=("urgency", "categories", "time", "link"),
                         window_seconds=3600, attempts=4, backoff_seconds=0.05, timeout_seconds=5, secret="")


def _deliver(log: TriageLog, settings: AlertSettings, *turns: tuple[str, str, dict]) -> list[bool]:
    """Feed the turns to the log and the sender; wait until every alert is delivered or given up."""
    async def run() -> list[bool]:
        sender = AlertSender(settings, log.engine, INBOX, timezone.utc)
        started = []
        for conversation, text, outcome in turns:
            started.append(await sender.submit(turn(log, conversation, text, "Please call the care team.", outcome)))
        while sender._tasks:
            await asyncio.sleep(0.02)
        await sender.close()
        return started
    return asyncio.run(run())


def _alert_rows(log: TriageLog) -> list[tuple[str, int, str | None]]:
    with log.engine.connect() as connection:
        return [(r.status, r.attempts, r.last_error) for r in connection.execute(select(schema.alerts))]


def test_default_alert_has_urgency_categories_time_and_link_but_no_message_text(log: TriageLog):
    with AlertReceiver() as receiver:
        assert _deliver(log, replace(SETTINGS, url=receiver.url), ("p1", MESSAGE, FEVER)) == [True]
        [alert] = receiver.wait_for(1)
    body = alert.json
    public_id = log.conversations()[0].public_id
    assert body["urgency"] == "contact_now" and body["categories"] == ["crs", "infection"]
    assert body["link"] == f"{INBOX}/conversations/{public_id}"
    assert body["time"].endswith("+00:00")
    assert set(body) == {"type", "alert_id", "urgency", "categories", "time", "link"}
    assert b"fever 38.9" not in alert.body and b"shaking" not in alert.body and b"p1" not in alert.body
    assert alert.headers["Content-Type"] == "application/json"
    assert _alert_rows(log) == [("sent", 1, None)]


def test_the_content_is_configurable(log: TriageLog):
    settings = replace(SETTINGS, fields=("urgency", "symptoms", "reasons", "message", "conversation"))
    with AlertReceiver() as receiver:
        _deliver(log, replace(settings, url=receiver.url), ("p1", MESSAGE, FEVER))
        body = receiver.wait_for(1)[0].json
    assert body["message"] == MESSAGE and body["conversation"] == "p1"
    assert body["symptoms"] == ["fever", "chills"] and body["reasons"] == ["floor:fever"]
    assert "link" not in body


def test_slack_format_is_an_incoming_webhook_text_with_a_link(log: TriageLog):
    with AlertReceiver() as receiver:
        _deliver(log, replace(SETTINGS, url=receiver.url, format="slack"), ("p1", MESSAGE, FEVER))
        body = receiver.wait_for(1)[0].json
    assert set(body) == {"text"}
    assert body["text"].startswith("*Contact now:") and "Categories: CRS, infection" in body["text"]
    assert f"<{INBOX}/conversations/" in body["text"] and "|Open in the inbox>" in body["text"]
    assert "fever 38.9" not in body["text"]


def test_teams_format_is_an_adaptive_card_message(log: TriageLog):
    with AlertReceiver() as receiver:
        _deliver(log, replace(SETTINGS, url=receiver.url, format="teams"), ("p1", MESSAGE, FEVER))
        body = receiver.wait_for(1)[0].json
    assert body["type"] == "message"
    [attachment] = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["body"][0]["text"].startswith("Contact now:")
    facts = {fact["title"]: fact["value"] for fact in card["body"][1]["facts"]}
    assert facts["Urgency"] == "Contact now" and facts["Categories"] == "CRS, infection"
    assert card["actions"][0]["type"] == "Action.OpenUrl" and card["actions"][0]["url"].startswith(INBOX)


def test_a_failing_receiver_is_retried_with_back_off_until_it_answers(log: TriageLog):
    with AlertReceiver(statuses=[500, 503, 429]) as receiver:
        started = time.monotonic()
        _deliver(log, replace(SETTINGS, url=receiver.url), ("p1", MESSAGE, FEVER))
        alerts = receiver.wait_for(4)
    assert len(alerts) == 4 and len({a.body for a in alerts}) == 1, "the same alert each time"
    assert time.monotonic() - started >= 0.05 + 0.1 + 0.2, "waits 0.05, 0.1 then 0.2 s between tries"
    assert _alert_rows(log) == [("sent", 4, None)]


def test_one_alert_per_conversation_per_window(log: TriageLog):
    seizure = triage("emergency", ["icans"], ["seizure"])
    with AlertReceiver() as receiver:
        started = _deliver(log, replace(SETTINGS, url=receiver.url),
                           ("p1", MESSAGE, FEVER), ("p1", "and now a seizure", seizure), ("p2", MESSAGE, FEVER))
        assert started == [True, False, True]
        assert len(receiver.wait_for(2)) == 2


def test_a_new_window_gets_a_new_alert(log: TriageLog):
    with AlertReceiver() as receiver:
        # the turns are seconds apart in the test clock; a half-second window has closed by the second one
        started = _deliver(log, replace(SETTINGS, url=receiver.url, window_seconds=0.5),
                           ("p1", MESSAGE, FEVER), ("p1", MESSAGE, FEVER))
    assert started == [True, True]


def test_no_alert_below_contact_now_or_when_alerts_are_off(log: TriageLog):
    tired = triage("report_if_bothersome", ["common"], ["fatigue"])
    with AlertReceiver() as receiver:
        assert _deliver(log, replace(SETTINGS, url=receiver.url), ("p1", "tired", tired)) == [False]
        assert _deliver(log, SETTINGS, ("p2", MESSAGE, FEVER)) == [False]
        assert receiver.received == []


def test_receiver_down_gives_up_after_the_configured_attempts_without_raising(log: TriageLog):
    assert _deliver(log, replace(SETTINGS, url=closed_port(), attempts=3), ("p1", MESSAGE, FEVER)) == [True]
    [(status, attempts, error)] = _alert_rows(log)
    assert (status, attempts) == ("failed", 3) and error


def test_a_refused_alert_is_not_retried(log: TriageLog):
    with AlertReceiver(statuses=[404]) as receiver:
        _deliver(log, replace(SETTINGS, url=receiver.url), ("p1", MESSAGE, FEVER))
        assert len(receiver.received) == 1
    assert _alert_rows(log) == [("failed", 1, "HTTP 404")]


def test_submitting_does_not_wait_for_the_receiver(log: TriageLog):
    async def run() -> None:
        with AlertReceiver(hold=True) as receiver:
            sender = AlertSender(replace(SETTINGS, url=receiver.url), log.engine, INBOX, timezone.utc)
            assert await sender.submit(turn(log, "p1", MESSAGE, "Call now.", FEVER))
            await asyncio.sleep(0.3)
            assert _alert_rows(log) == [("pending", 0, None)] and receiver.received == []
            receiver.release()
            while sender._tasks:
                await asyncio.sleep(0.02)
            await sender.close()
    asyncio.run(run())
    assert _alert_rows(log) == [("sent", 1, None)]


def test_generic_alerts_can_be_signed(log: TriageLog):
    with AlertReceiver() as receiver:
        _deliver(log, replace(SETTINGS, url=receiver.url, secret="s3cret"), ("p1", MESSAGE, FEVER))
        alert = receiver.wait_for(1)[0]
    expected = hmac.new(b"s3cret", alert.body, hashlib.sha256).hexdigest()
    assert alert.headers[SIGNATURE_HEADER] == f"sha256={expected}"


@pytest.mark.parametrize("alert_format", ["slack", "teams"])
def test_chat_formats_are_not_signed(log: TriageLog, alert_format: str):
    with AlertReceiver() as receiver:
        _deliver(log, replace(SETTINGS, url=receiver.url, secret="s3cret", format=alert_format), ("p1", MESSAGE, FEVER))
        assert SIGNATURE_HEADER not in receiver.wait_for(1)[0].headers
