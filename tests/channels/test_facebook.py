"""Facebook Messenger on loopback: signed webhook events in, Graph API Send calls to a stand-in out."""
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
SECRET = CHANNEL_ENV["FACEBOOK_APP_SECRET"]


def message_event(psid: str, text: str) -> dict:
    now = int(time.time() * 1000)
    return {"object": "page", "entry": [{"id": "PAGE1", "time": now, "messaging": [{
        "sender": {"id": psid}, "recipient": {"id": "PAGE1"}, "timestamp": now,
        "message": {"mid": "m_" + uuid.uuid4().hex, "text": text}}]}]}


def post_event(channels, payload: dict, secret: str = SECRET, header: str = "X-Hub-Signature-256"):
    body = json.dumps(payload).encode("utf-8")
    digest = hashlib.sha256 if header.endswith("256") else hashlib.sha1
    signature = f"{digest().name}=" + hmac.new(secret.encode(), body, digest).hexdigest()
    return requests.post(f"{channels.rasa_url}/webhooks/facebook/webhook", data=body, timeout=120,
                         headers={"Content-Type": "application/json", header: signature})


def texts_to(vendors, psid: str) -> list[str]:
    records = vendors.requests("facebook", lambda r: r.path == "/v19.0/me/messages"
                               and (r.json or {}).get("recipient", {}).get("id") == psid and "message" in r.json)
    messages = [r.json["message"] for r in records]
    return [m.get("text") or m.get("attachment", {}).get("payload", {}).get("text", "") for m in messages]


def test_verify_token_handshake(channels):
    url = f"{channels.rasa_url}/webhooks/facebook/webhook"
    ok = requests.get(url, params={"hub.mode": "subscribe", "hub.challenge": "1158201444",
                                   "hub.verify_token": CHANNEL_ENV["FACEBOOK_VERIFY_TOKEN"]}, timeout=30)
    assert ok.status_code == 200 and ok.text == "1158201444"
    bad = requests.get(url, params={"hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": "x"}, timeout=30)
    assert bad.status_code == 403


@pytest.mark.parametrize("header", ["X-Hub-Signature-256", "X-Hub-Signature"])
def test_contact_now_message_gets_the_care_team_number_first(channels, vendors, header):
    psid = str(uuid.uuid4().int)[:16]
    response = post_event(channels, message_event(psid, "hi there, my gums keep bleeding"), header=header)
    assert response.status_code == 200 and response.text == "success"
    texts = texts_to(vendors, psid)
    assert any(t.startswith("Please contact the oncology nurse line right now at 555-0100") for t in texts), texts
    assert all(t for t in texts), texts  # the triage metadata never goes out as an (empty) message
    sent = vendors.requests("facebook", lambda r: r.path == "/v19.0/me/messages")
    assert sent[0].query["access_token"] == [CHANNEL_ENV["FACEBOOK_PAGE_ACCESS_TOKEN"]]


def test_a_badly_signed_event_is_rejected(channels, vendors):
    psid = str(uuid.uuid4().int)[:16]
    assert post_event(channels, message_event(psid, "I have a fever"), secret="wrong").status_code == 403
    unsigned = requests.post(f"{channels.rasa_url}/webhooks/facebook/webhook",
                             json=message_event(psid, "I have a fever"), timeout=30)
    assert unsigned.status_code == 403
    assert texts_to(vendors, psid) == []
