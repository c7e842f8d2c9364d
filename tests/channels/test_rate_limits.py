"""Rate limits on the test server (6 messages a minute per sender, 20 per client address; conftest.HARDENING_ENV):
a flood from one sender or one address gets the polite "slow down" reply, which still says whom to call in an
emergency, and other patients are answered as quickly as before. The figures go to
tests/artifacts/hardening/rate_limits.md.
"""
from __future__ import annotations

import asyncio
import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import pytest
import requests

from tests.channels.channel_probes import TwilioProbe
from tests.channels.conftest import HARDENING_ENV
from tests.support.findings import write_list
from tests.support.web_chat_client import WebChatClient

pytestmark = pytest.mark.e2e

PER_SENDER, PER_ADDRESS = int(HARDENING_ENV["RATE_LIMIT_PER_SENDER"]), int(HARDENING_ENV["RATE_LIMIT_PER_ADDRESS"])
SLOW_DOWN = "You're sending messages faster than I can read them"
FIGURES: list[str] = []


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    write_list("rate_limits", FIGURES)


def post(channels, sender: str, text: str, address: str | None = None) -> tuple[float, requests.Response]:
    headers = {"X-Forwarded-For": address} if address else {}
    started = time.monotonic()
    response = requests.post(f"{channels.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                             headers=headers, timeout=120)
    return time.monotonic() - started, response


def other_patient_seconds(channels, count: int = 3) -> list[float]:
    seconds = []
    for _ in range(count):
        elapsed, response = post(channels, uuid.uuid4().hex, "my gums keep bleeding")
        assert response.status_code == 200 and "555-0100" in response.text
        seconds.append(elapsed)
    return seconds


def test_a_flood_from_one_sender_is_slowed_down_politely_and_other_patients_are_not(channels):
    baseline = other_patient_seconds(channels)
    flooder, flooding = uuid.uuid4().hex, threading.Event()
    flooding.set()

    def flood_until_told() -> list[tuple[float, requests.Response]]:
        sent = []
        while flooding.is_set():
            sent.append(post(channels, flooder, "help help help"))
        return sent

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        floods = [pool.submit(flood_until_told) for _ in range(8)]
        time.sleep(0.5)
        during = other_patient_seconds(channels)
        flooding.clear()
        flood = [sent for future in floods for sent in future.result()]
    refilled = int((time.monotonic() - started) * PER_SENDER / 60)
    answered = [r for _, r in flood if r.status_code == 200]
    refused = [(s, r) for s, r in flood if r.status_code == 429]
    assert PER_SENDER <= len(answered) <= PER_SENDER + refilled and len(answered) + len(refused) == len(flood)
    for _, response in refused:
        [reply] = response.json()
        assert reply["recipient_id"] == flooder and reply["text"].startswith(SLOW_DOWN)
        assert "call 911 now" in reply["text"] and "555-0100" in reply["text"]
    refused_ms = statistics.median(s for s, _ in refused) * 1000
    FIGURES.append(f"REST, one sender flooding from 8 threads: {len(flood)} requests, {len(answered)} answered, "
                   f"{len(refused)} got 429 with the slow-down reply (median {refused_ms:.0f} ms)")
    FIGURES.append(f"another patient during that flood: median {statistics.median(during):.2f} s per message "
                   f"(before the flood: {statistics.median(baseline):.2f} s)")
    assert statistics.median(during) < max(2.0, 3 * statistics.median(baseline))


def test_a_flood_from_one_address_is_slowed_down_but_not_other_addresses_or_local_clients(channels):
    address = f"203.0.113.{uuid.uuid4().int % 250 + 1}"
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        flood = list(pool.map(lambda i: post(channels, f"{address}-{i}-{uuid.uuid4().hex[:6]}", "hello", address),
                              range(PER_ADDRESS + 10)))
    elapsed = time.monotonic() - started
    refilled = int(elapsed * PER_ADDRESS / 60)  # the bucket refills while the flood runs
    statuses = [r.status_code for _, r in flood]
    assert PER_ADDRESS <= statuses.count(200) <= PER_ADDRESS + refilled
    assert statuses.count(429) == len(flood) - statuses.count(200) >= 10 - refilled
    assert SLOW_DOWN in next(r for _, r in flood if r.status_code == 429).text
    neighbour = "198.51.100.7" if not address.startswith("198.") else "198.51.100.8"
    assert post(channels, uuid.uuid4().hex, "hello", neighbour)[1].status_code == 200
    assert post(channels, uuid.uuid4().hex, "hello")[1].status_code == 200  # loopback: per-sender limit only
    FIGURES.append(f"REST, {PER_ADDRESS + 10} senders from one address in {elapsed:.1f} s: "
                   f"{statuses.count(200)} answered, {statuses.count(429)} got 429; the next address and local "
                   "clients were answered")


def test_an_sms_flood_gets_one_slow_down_text_not_one_per_message(channels, vendors, botframework_signer):
    sms = TwilioProbe(channels, vendors, botframework_signer)
    phone = sms.new_conversation()
    for _ in range(PER_SENDER + 6):
        sms.send(phone, "hello?")
    time.sleep(1)
    texts = [text for _, text in sms.texts(phone)]
    slow_downs = [t for t in texts if t.startswith(SLOW_DOWN)]
    assert len(slow_downs) == 1 and "911" in slow_downs[0], texts
    assert texts[-1] == slow_downs[0], "nothing is sent after the slow-down text while the flood goes on"
    FIGURES.append(f"Twilio, {PER_SENDER + 6} SMS from one phone: {PER_SENDER} answered, then one slow-down SMS "
                   f"and silence for the other {5} (no SMS flood back)")


def test_a_web_chat_flood_gets_429_acknowledgements_and_the_slow_down_reply(channels):
    async def run() -> tuple[list, list[str]]:
        async with WebChatClient(channels.rasa_url) as chat:
            acks = [await chat.send("hello?") for _ in range(PER_SENDER + 4)]
            await asyncio.sleep(0.3)
            return acks, chat.texts()
    acks, texts = asyncio.run(run())
    assert [a["status"] for a in acks] == [200] * PER_SENDER + [429] * 4
    assert sum(t.startswith(SLOW_DOWN) for t in texts) == 4
    FIGURES.append(f"socket.io, {PER_SENDER + 4} messages in one session: {PER_SENDER} answered, 4 acknowledged "
                   "with 429 and the slow-down reply")
