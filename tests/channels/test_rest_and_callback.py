"""REST and callback channels: the triage metadata stays available where a client can use it."""
from __future__ import annotations

import uuid

import pytest
import requests

pytestmark = pytest.mark.e2e


def test_rest_gets_the_full_reply_and_the_triage_metadata(channels):
    messages = channels.send(uuid.uuid4().hex, "my husband just had a seizure and wont wake up")
    texts = [m.get("text") or "" for m in messages]
    assert any(t.startswith("Call 911 now") for t in texts), texts
    customs = [m["custom"]["triage"] for m in messages if "triage" in (m.get("custom") or {})]
    assert [c["urgency"] for c in customs] == ["emergency"]


def test_callback_posts_every_message_to_the_receiver(channels, vendors):
    sender = uuid.uuid4().hex
    response = requests.post(f"{channels.rasa_url}/webhooks/callback/webhook",
                             json={"sender": sender, "message": "hi there, my gums keep bleeding"}, timeout=120)
    assert response.status_code == 200 and response.text == "success"
    received = vendors.wait_for("callback", lambda r: (r.json or {}).get("recipient_id") == sender
                                and "anything else" in ((r.json or {}).get("text") or ""))
    mine = [r.json for r in received if r.json.get("recipient_id") == sender]
    assert all(r.method == "POST" and r.path == "/bot" for r in received)
    assert any((m.get("text") or "").startswith("Please contact the oncology nurse line right now at 555-0100")
               for m in mine), mine
    triage = [m["custom"]["triage"] for m in mine if (m.get("custom") or {}).get("triage")]
    assert triage and triage[0]["urgency"] == "contact_now" and "bleeding" in triage[0]["categories"]
