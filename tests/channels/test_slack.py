"""Slack Events API on loopback: signed events in (and the URL-verification challenge), chat.postMessage out."""
from __future__ import annotations

import time
import uuid

import pytest

from tests.channels.conftest import CHANNEL_ENV
from tests.channels.vendor_requests import post_slack, slack_direct_message

pytestmark = pytest.mark.e2e


def posts_to(vendors, channel: str) -> list[dict]:
    return [r.json for r in vendors.requests("slack", lambda r: r.path == "/api/chat.postMessage")
            if (r.json or {}).get("channel") == channel]


def test_url_verification_challenge_is_echoed_only_when_signed(channels):
    challenge = {"token": "deprecated", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                 "type": "url_verification"}
    response = post_slack(channels, challenge)
    assert response.status_code == 200 and response.json() == {"challenge": challenge["challenge"]}
    assert post_slack(channels, challenge, secret="wrong").status_code == 400


def test_emergency_direct_message_gets_call_911_first(channels, vendors):
    user, channel = "U" + uuid.uuid4().hex[:8].upper(), "D" + uuid.uuid4().hex[:8].upper()
    message = slack_direct_message(user, channel, "my husband just had a seizure and wont wake up")
    response = post_slack(channels, message)
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
    event = slack_direct_message(user, channel, "I have a fever")
    assert post_slack(channels, event, secret="not-the-secret").status_code == 400
    assert post_slack(channels, event, timestamp=int(time.time()) - 3600).status_code == 400
    time.sleep(2)
    assert posts_to(vendors, channel) == []
