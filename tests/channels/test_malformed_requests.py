"""Malformed requests on every channel that takes input get a clear 4xx, reach no conversation, and the
server keeps serving: REST, callback, socket.io (web chat) and every vendor webhook.

Vendor requests are signed with the test secrets, so each reaches the shape checks behind the signature
check. Every case and the status it got is written to tests/artifacts/hardening/malformed_requests.md.
"""
from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import pytest
import requests

from tests.channels.conftest import BotFrameworkSigner
from tests.channels.vendor_requests import (
    botframework_activity,
    facebook_message,
    post_botframework,
    post_facebook,
    post_slack,
    post_telegram,
    post_twilio,
    slack_direct_message,
    sms_form,
    telegram_update,
    webhook,
)
from tests.support.findings import write_table
from tests.support.web_chat_client import WebChatClient, websocket_connect_accepted
from triage_tools.servers import RunningAssistant

pytestmark = pytest.mark.e2e

ONE_MEGABYTE = b'{"sender": "a", "message": "' + b"x" * 1_000_000 + b'"}'
DEEP = {"a": 1}
for _ in range(40):
    DEEP = {"a": DEEP}
HUGE_ID = "7" * 10_000
BAD_UTF8 = b'{"sender": "a", "message": "caf\xe9 au lait"}'
LONE_SURROGATE = b'{"sender": "a", "message": "\\ud800 fever"}'
SEEN: list[tuple[str, str, int]] = []


@dataclass
class Context:
    channels: RunningAssistant
    signer: BotFrameworkSigner
    stand_in_url: str


def rest(path: str, body: Any = None, method: str = "POST") -> Callable[[Context], requests.Response]:
    """A REST or callback request with `body` as JSON (bytes as they are)."""
    def send(ctx: Context) -> requests.Response:
        data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
        return requests.request(method, webhook(ctx.channels, path), data=data, timeout=60,
                                headers={"Content-Type": "application/json"})
    return send


def with_(payload: dict, **changes: Any) -> dict:
    """A copy of a payload with dotted-path changes (a value of ... deletes the key)."""
    copy = json.loads(json.dumps(payload))
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = copy
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if value is ...:
            del target[last]
        else:
            target[last] = value
    return copy


TELEGRAM = telegram_update(4242, "hello")
SLACK = slack_direct_message("U0PATIENT", "D0CHAT", "hello")
FACEBOOK = facebook_message("1234567890", "hello")
FORM = "application/x-www-form-urlencoded"
Send = Callable[[Context], requests.Response]


def bad_utf8(payload: dict) -> bytes:
    """The payload's JSON with an invalid UTF-8 byte in its last string."""
    return json.dumps(payload).encode()[:-2] + b'\xff"}'


def twilio(form: dict | None = None, body: bytes | None = None, **options: Any) -> Send:
    return lambda c: post_twilio(c.channels, form, body, **options)


def telegram(payload: Any) -> Send:
    return lambda c: post_telegram(c.channels, payload)


def slack(payload: Any, content_type: str = "application/json") -> Send:
    return lambda c: post_slack(c.channels, payload, content_type=content_type)


def facebook(payload: Any) -> Send:
    return lambda c: post_facebook(c.channels, payload)


def botframework(body: Any = None, signed: bool = True, **changes: Any) -> Send:
    """A signed activity with `changes` (see with_), or `body` as it is."""
    def send(c: Context) -> requests.Response:
        payload = body if body is not None else with_(activity(c), **changes)
        return post_botframework(c.channels, payload, c.signer.token() if signed else None)
    return send


def activity(ctx: Context) -> dict:
    user, conversation = "user-" + uuid.uuid4().hex[:8], "conv-" + uuid.uuid4().hex[:8]
    return botframework_activity(ctx.stand_in_url, user, conversation, "hi")


CASES: list[tuple[str, str, Send, int]] = [
    # REST
    ("rest", "no body", rest("rest", b""), 400),
    ("rest", "body is a list", rest("rest", [1, 2, 3]), 400),
    ("rest", "body is a number", rest("rest", 42), 400),
    ("rest", "body is a string", rest("rest", "I have a fever"), 400),
    ("rest", "body is null", rest("rest", b"null"), 400),
    ("rest", "not JSON", rest("rest", b"sender=a&message=hi"), 400),
    ("rest", "sender missing", rest("rest", {"message": "I have a fever"}), 400),
    ("rest", "sender is a number", rest("rest", {"sender": 12345, "message": "hi"}), 400),
    ("rest", "sender is a list", rest("rest", {"sender": ["a"], "message": "hi"}), 400),
    ("rest", "sender holds a newline", rest("rest", {"sender": "a\nINFO forged log line", "message": "hi"}), 400),
    ("rest", "sender id of 10,000 characters", rest("rest", {"sender": HUGE_ID, "message": "hi"}), 400),
    ("rest", "message missing", rest("rest", {"sender": "a"}), 400),
    ("rest", "message is a number", rest("rest", {"sender": "a", "message": 3}), 400),
    ("rest", "message is an object", rest("rest", {"sender": "a", "message": {"text": "hi"}}), 400),
    ("rest", "message is empty", rest("rest", {"sender": "a", "message": ""}), 400),
    ("rest", "message is only invisible characters", rest("rest", {"sender": "a", "message": "\u200b\u202e\u0000"}),
     400),
    ("rest", "message of 6,000 characters", rest("rest", {"sender": "a", "message": "ache " * 1200}), 400),
    ("rest", "metadata is a string", rest("rest", {"sender": "a", "message": "hi", "metadata": "x"}), 400),
    ("rest", "input_channel is an object", rest("rest", {"sender": "a", "message": "hi", "input_channel": {}}), 400),
    ("rest", "invalid UTF-8", rest("rest", BAD_UTF8), 400),
    ("rest", "lone surrogate escape", rest("rest", LONE_SURROGATE), 400),
    ("rest", "JSON nested 41 deep", rest("rest", {"sender": "a", "message": "hi", "metadata": DEEP}), 400),
    ("rest", "JSON nested 30,000 deep", rest("rest", b"[" * 30_000 + b"]" * 30_000), 400),
    ("rest", "1 MB body", rest("rest", ONE_MEGABYTE), 413),
    ("rest", "GET instead of POST", rest("rest", method="GET"), 405),
    # callback
    ("callback", "no body", rest("callback", b""), 400),
    ("callback", "body is a list", rest("callback", [{"sender": "a"}]), 400),
    ("callback", "sender missing", rest("callback", {"message": "hi"}), 400),
    ("callback", "message is a number", rest("callback", {"sender": "a", "message": 1.5}), 400),
    ("callback", "sender id of 10,000 characters", rest("callback", {"sender": HUGE_ID, "message": "hi"}), 400),
    ("callback", "invalid UTF-8", rest("callback", BAD_UTF8), 400),
    ("callback", "JSON nested 41 deep", rest("callback", {"sender": "a", "message": "hi", "metadata": DEEP}), 400),
    ("callback", "1 MB body", rest("callback", ONE_MEGABYTE), 413),
    # Twilio (form-encoded)
    ("twilio", "unsigned", twilio(sms_form("+15550001", "hi"), signature=""), 403),
    ("twilio", "JSON instead of a form", twilio(body=b'{"From": "+1"}', content_type="application/json"), 400),
    ("twilio", "invalid UTF-8", twilio(body=b"From=%2B15550001&Body=caf\xe9"), 400),
    ("twilio", "From missing", twilio(with_(sms_form("+1", "hi"), From=...)), 400),
    ("twilio", "Body missing", twilio(with_(sms_form("+15550002", "hi"), Body=...)), 400),
    ("twilio", "From of 10,000 characters", twilio(sms_form(HUGE_ID, "hi")), 400),
    ("twilio", "1 MB body", twilio(body=b"Body=" + b"x" * 1_000_000), 413),
    # Telegram
    ("telegram", "no body", telegram(b""), 400),
    ("telegram", "body is a list", telegram([TELEGRAM]), 400),
    ("telegram", "body is a number", telegram(7), 400),
    ("telegram", "body is a string", telegram("hello"), 400),
    ("telegram", "update_id missing", telegram(with_(TELEGRAM, update_id=...)), 400),
    ("telegram", "message is a string", telegram(with_(TELEGRAM, message="hi")), 400),
    ("telegram", "text is a number", telegram(with_(TELEGRAM, message__text=5)), 400),
    ("telegram", "chat id missing", telegram(with_(TELEGRAM, message__chat__id=...)), 400),
    ("telegram", "chat id of 10,000 digits", telegram(with_(TELEGRAM, message__chat__id=HUGE_ID)), 400),
    ("telegram", "invalid UTF-8", telegram(bad_utf8(TELEGRAM)), 400),
    ("telegram", "JSON nested 41 deep", telegram(with_(TELEGRAM, message__entities=DEEP)), 400),
    ("telegram", "1 MB body", telegram(ONE_MEGABYTE), 413),
    ("telegram", "GET instead of POST", lambda c: requests.get(webhook(c.channels, "telegram"), timeout=30), 405),
    # Slack
    ("slack", "no body", slack(b""), 400),
    ("slack", "body is a list", slack([SLACK]), 400),
    ("slack", "body is a number", slack(7), 400),
    ("slack", "body is a string", slack(json.dumps("hello")), 400),
    ("slack", "event is a string", slack(with_(SLACK, event="hello")), 400),
    ("slack", "text is a number", slack(with_(SLACK, event__text=5)), 400),
    ("slack", "user is a list", slack(with_(SLACK, event__user=["U1"])), 400),
    ("slack", "user of 10,000 characters", slack(with_(SLACK, event__user=HUGE_ID)), 400),
    ("slack", "invalid UTF-8", slack(bad_utf8(SLACK)), 400),
    ("slack", "JSON nested 41 deep", slack(with_(SLACK, event__blocks=DEEP)), 400),
    ("slack", "form without payload", slack("foo=bar", content_type=FORM), 400),
    ("slack", "form payload is a list", slack("payload=%5B1%5D", content_type=FORM), 400),
    ("slack", "1 MB body", slack(ONE_MEGABYTE), 413),
    # Facebook Messenger
    ("facebook", "no body", facebook(b""), 400),
    ("facebook", "body is a list", facebook([FACEBOOK]), 400),
    ("facebook", "body is a number", facebook(7), 400),
    ("facebook", "body is a string", facebook("hello"), 400),
    ("facebook", "entry missing", facebook(with_(FACEBOOK, entry=...)), 400),
    ("facebook", "messaging item is a number", facebook(with_(FACEBOOK, entry__0__messaging=[1])), 400),
    ("facebook", "sender id missing", facebook(with_(FACEBOOK, entry__0__messaging__0__sender={})), 400),
    ("facebook", "sender id of 10,000 digits", facebook(with_(FACEBOOK, entry__0__messaging__0__sender__id=HUGE_ID)),
     400),
    ("facebook", "text is a list", facebook(with_(FACEBOOK, entry__0__messaging__0__message__text=["hi"])), 400),
    ("facebook", "invalid UTF-8", facebook(bad_utf8(FACEBOOK)), 400),
    ("facebook", "JSON nested 41 deep", facebook(with_(FACEBOOK, entry__0__extra=DEEP)), 400),
    ("facebook", "1 MB body", facebook(ONE_MEGABYTE), 413),
    # Microsoft Bot Framework
    ("botframework", "no token", botframework(signed=False), 401),
    ("botframework", "no body", botframework(body=b""), 400),
    ("botframework", "body is a list", botframework(body=[{"type": "message"}]), 400),
    ("botframework", "body is a string", botframework(body="hello"), 400),
    ("botframework", "type missing", botframework(type=...), 400),
    ("botframework", "from missing", botframework(**{"from": ...}), 400),
    ("botframework", "from.id of 10,000 characters", botframework(from__id=HUGE_ID), 400),
    ("botframework", "serviceUrl is a file path", botframework(serviceUrl="file:///etc/passwd"), 400),
    ("botframework", "text is a number", botframework(text=5), 400),
    ("botframework", "invalid UTF-8", botframework(body=BAD_UTF8), 400),
    ("botframework", "JSON nested 41 deep", botframework(channelData=DEEP), 400),
    ("botframework", "1 MB body", botframework(body=ONE_MEGABYTE), 413),
]


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    write_table("malformed_requests", ("channel", "request", "status"), SEEN)


@pytest.fixture(scope="module")
def witness(channels) -> str:
    """A conversation waiting for a temperature while the malformed requests arrive."""
    sender = "witness-" + uuid.uuid4().hex[:8]
    assert any("send me the number" in (m.get("text") or "") for m in channels.send(sender, "I feel feverish"))
    return sender


@pytest.mark.parametrize("channel, name, send, expected", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_a_malformed_request_gets_a_clear_4xx_and_the_server_keeps_serving(
        channels, vendors, botframework_signer, witness, channel, name, send, expected):
    response = send(Context(channels, botframework_signer, vendors.url("botframework")))
    SEEN.append((channel, name, response.status_code))
    assert response.status_code == expected, response.text[:300]
    if expected != 405:
        assert response.text.strip(), "a 4xx must say what is wrong"
    assert requests.get(f"{channels.rasa_url}/webhooks/rest/", timeout=10).json() == {"status": "ok"}


def socket_cases() -> list[tuple[str, Any]]:
    session = uuid.uuid4().hex
    return [
        ("event data is a string", "I have a fever"),
        ("event data is a number", 42),
        ("event data is a list", [{"message": "hi", "session_id": session}]),
        ("event data is missing", None),
        ("session_id missing", {"message": "I have a fever"}),
        ("session_id is a number", {"message": "hi", "session_id": 7}),
        ("session_id of 10,000 characters", {"message": "hi", "session_id": HUGE_ID}),
        ("message missing", {"session_id": session}),
        ("message is a number", {"message": 3, "session_id": session}),
        ("message is an object", {"message": {"text": "hi"}, "session_id": session}),
        ("message is a lone surrogate", {"message": "\ud800", "session_id": session}),
        ("metadata is not JSON", {"message": "hi", "session_id": session, "metadata": "{not json"}),
        ("metadata is a list", {"message": "hi", "session_id": session, "metadata": [1]}),
        ("JSON nested 41 deep", {"message": "hi", "session_id": session, "metadata": DEEP}),
        ("message of 6,000 characters", {"message": "ache " * 1200, "session_id": session}),
    ]


def test_malformed_web_chat_events_get_a_4xx_acknowledgement_and_the_socket_keeps_working(channels, witness):
    async def run() -> list[tuple[str, Any]]:
        async with WebChatClient(channels.rasa_url) as chat:
            acks = [(name, await chat.send_raw(data)) for name, data in socket_cases()]
            answered = await chat.send("my gums keep bleeding")
            await chat.wait_for(lambda m: "555-0100" in (m.get("text") or ""))
            return acks + [("a real message afterwards", answered)]
    acks = asyncio.run(run())
    for name, ack in acks:
        SEEN.append(("socket.io", name, ack["status"]))
    assert [ack["status"] for _, ack in acks[:-1]] == [400] * len(socket_cases()), acks
    assert all(ack.get("error") for name, ack in acks[:-2]), acks
    assert acks[-1][1] == {"status": 200}


def test_the_web_chat_refuses_pages_from_other_sites_and_oversized_polls(channels):
    assert not asyncio.run(websocket_connect_accepted(channels.rasa_url, "https://evil.example"))
    assert asyncio.run(websocket_connect_accepted(channels.rasa_url, "http://127.0.0.1:8080"))  # ALLOWED_ORIGINS
    big = requests.post(f"{channels.rasa_url}/socket.io/?EIO=4&transport=polling", data=b"4" + b"x" * 1_000_000,
                        headers={"Content-Type": "text/plain"}, timeout=60)
    SEEN.append(("socket.io", "1 MB long-polling message", big.status_code))
    assert big.status_code == 413
    preflight = requests.options(f"{channels.rasa_url}/webhooks/rest/webhook", timeout=10, headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_conversations_in_progress_are_unaffected(channels, witness):
    messages = channels.send(witness, "101.3 F")
    triage = [m["custom"]["triage"] for m in messages if (m.get("custom") or {}).get("triage")]
    assert triage and triage[0]["urgency"] == "contact_now" and triage[0]["symptoms"] == ["fever"]
