"""Slack Events API on loopback: signed events in (and the URL-verification challenge), chat.postMessage out."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid

import pytest
import requests

from tests.channels.conftest import CHANNEL_ENV

pytestmark = pytest.mark.e2e
SECRET = CHANNEL_ENV["SLACK_SIGNING_SECRET"]


def post_signed(channels, payload: dict, secret: str = SECRET, timestamp: int | None = None) -> requests.Response:
    """POST a JSON event signed the way Slack signs it (v0 HMAC-SHA256 over version:timestamp:body)."""
    body = json.dumps(payload).encode("utf-8")
    timestamp = timestamp or int(time.time())
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return requests.post(f"{channels.rasa_url}/webhooks/slack/webhook", data=body, timeout=60, headers={
        "Content-Type": "application/json", "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": f"v0={digest}"})


def direct_message(user: str, channel: str, text: str) -> dict:
    ts = f"{time.time():.6f}"
    return {"token": "deprecated", "team_id": "T0TEST", "api_app_id": "A0TEST", "type": "event_callback",
            "event_id": "Ev" + uuid.uuid4().hex[:10], "event_time": int(time.time()), "authorizations": [
                {"team_id": "T0TEST", "user_id": "U0BOT", "is_bot": True}],
            "event": {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": ts,
                      "channel": channel, "event_ts": ts}}


def posts_to(vendors, channel: str) -> list[dict]:
    return [r.json for r in vendors.requests("slack", lambda r: r.path == "/api/chat.postMessage")
            if (r.json or {}).get("channel") == channel]


def test_url_verification_challenge_is_echoed_only_when_signed(channels):
    challenge = {"token": "deprecated", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                 "type": "url_verification"}
    response = post_signed(channels, challenge)
    assert response.status_code == 200 and response.json() == {"challenge": challenge["challenge"]}
    assert post_signed(channels, challenge, secret="wrong").status_code == 400


def test_emergency_direct_message_gets_call_911_first(channels, vendors):
    user, channel = "U" + uuid.uuid4().hex[:8].upper(), "D" + uuid.uuid4().hex[:8].upper()
    response = post_signed(channels, direct_message(user, channel, "my husband just had a seizure and wont wake up"))
    assert response.status_code == 200
    vendors.wait_for("slack", lambda r: (r.json or {}).get("channel") == channel
                     and "not a nurse or doctor" in (r.json or {}).get("text", ""))
    posts = posts_to(vendors, channel)
    assert posts[0]["text"].startswith("Call 911 now"), posts  # the introduction comes after the instruction
    assert not any("anything else" in p["text"] for p in posts), posts
    assert all(p.get("text") for p in posts), posts  # no empty post carrying the metadata
    texts = [p["text"] for p in posts]
    assert any(t.startswith("Call 911 now") and "Imdelltra" in t for t in texts), texts
    assert not any("triage" in p or "urgency" in p.get("text", "") for p in posts), posts
    assert vendors.requests("slack", lambda r: r.path == "/api/chat.postMessage")[0].headers[
        "Authorization"] == f"Bearer {CHANNEL_ENV['SLACK_BOT_TOKEN']}"


def test_events_with_a_bad_or_stale_signature_are_rejected(channels, vendors):
    user, channel = "U" + uuid.uuid4().hex[:8].upper(), "D" + uuid.uuid4().hex[:8].upper()
    event = direct_message(user, channel, "I have a fever")
    assert post_signed(channels, event, secret="not-the-secret").status_code == 400
    assert post_signed(channels, event, timestamp=int(time.time()) - 3600).status_code == 400
    time.sleep(2)
    assert posts_to(vendors, channel) == []
