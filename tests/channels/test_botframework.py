"""Microsoft Bot Framework on loopback: JWT-signed activities in, Connector API activities to a stand-in out."""
from __future__ import annotations

import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.channels.conftest import CHANNEL_ENV
from tests.channels.vendor_requests import botframework_activity, post_botframework

pytestmark = pytest.mark.e2e


def activity(vendors, user: str, conversation: str, text: str) -> dict:
    return botframework_activity(vendors.url("botframework"), user, conversation, text)


def replies_in(vendors, conversation: str) -> list:
    return vendors.requests("botframework", lambda r: r.path == f"/v3/conversations/{conversation}/activities")


def test_emergency_activity_gets_call_911_first(channels, vendors, botframework_signer):
    user, conversation = "user-" + uuid.uuid4().hex[:8], "conv-" + uuid.uuid4().hex[:8]
    payload = activity(vendors, user, conversation, "my husband just had a seizure and wont wake up")
    response = post_botframework(channels, payload, botframework_signer.token())
    assert response.status_code == 200, response.text
    replies = replies_in(vendors, conversation)
    assert all(r.headers["Authorization"] == "Bearer stand-in-access-token" for r in replies)
    texts = [r.json.get("text") for r in replies]
    assert any(t.startswith("Call 911 now") and "Imdelltra" in t for t in texts if t), texts
    assert not any("triage" in r.json for r in replies), [r.json for r in replies]
    assert all(r.json["recipient"]["id"] == user for r in replies)
    token_calls = vendors.requests("botframework", lambda r: r.path == "/token")
    assert token_calls and token_calls[0].form["client_id"] == [CHANNEL_ENV["BOTFRAMEWORK_APP_ID"]]


def test_activities_without_a_valid_token_are_rejected(channels, vendors, botframework_signer):
    conversation = "conv-" + uuid.uuid4().hex[:8]
    payload = activity(vendors, "user-x", conversation, "I have a fever")
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    for token in (None, botframework_signer.token(key=other_key), botframework_signer.token(audience="someone-else"),
                  botframework_signer.token(issuer="https://evil.example")):
        assert post_botframework(channels, payload, token).status_code == 401
    assert replies_in(vendors, conversation) == []
