"""Facebook Messenger on loopback: signed webhook events in, Graph API Send calls to a stand-in out."""
from __future__ import annotations

import uuid

import pytest
import requests

from tests.channels.conftest import CHANNEL_ENV
from tests.channels.vendor_requests import facebook_message, post_facebook

pytestmark = pytest.mark.e2e


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
    response = post_facebook(channels, facebook_message(psid, "hi there, my gums keep bleeding"), header=header)
    assert response.status_code == 200 and response.text == "success"
    texts = texts_to(vendors, psid)
    assert any(t.startswith("Please contact the oncology nurse line right now at 555-0100") for t in texts), texts
    assert all(t for t in texts), texts  # the triage metadata never goes out as an (empty) message
    sent = vendors.requests("facebook", lambda r: r.path == "/v19.0/me/messages")
    assert sent[0].query["access_token"] == [CHANNEL_ENV["FACEBOOK_PAGE_ACCESS_TOKEN"]]


def test_a_badly_signed_event_is_rejected(channels, vendors):
    psid = str(uuid.uuid4().int)[:16]
    assert post_facebook(channels, facebook_message(psid, "I have a fever"), secret="wrong").status_code == 403
    unsigned = requests.post(f"{channels.rasa_url}/webhooks/facebook/webhook",
                             json=facebook_message(psid, "I have a fever"), timeout=30)
    assert unsigned.status_code == 403
    assert texts_to(vendors, psid) == []
