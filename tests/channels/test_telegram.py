"""Telegram on loopback: JSON updates in (with the webhook secret token), Bot API calls to a stand-in out."""
from __future__ import annotations

import random

import pytest

from tests.channels.conftest import CHANNEL_ENV
from tests.channels.vendor_requests import post_telegram, telegram_update

pytestmark = pytest.mark.e2e
TOKEN = CHANNEL_ENV["TELEGRAM_TOKEN"]


def post_update(channels, chat_id: int, text: str, secret: str | None = CHANNEL_ENV["TELEGRAM_SECRET_TOKEN"]):
    return post_telegram(channels, telegram_update(chat_id, text), secret=secret)


def sent_to(vendors, chat_id: int) -> list[dict]:
    records = vendors.requests("telegram", lambda r: r.path == f"/bot{TOKEN}/sendMessage")
    messages = [{k: v[0] for k, v in r.form.items()} if r.form else r.json for r in records]
    return [m for m in messages if str(m.get("chat_id")) == str(chat_id)]


def test_webhook_was_registered_with_its_secret_token(channels, vendors):
    calls = vendors.requests("telegram", lambda r: r.path == f"/bot{TOKEN}/setWebhook")
    assert calls, "the connector did not call setWebhook"
    fields = {k: v[0] for k, v in calls[-1].form.items()} if calls[-1].form else calls[-1].json
    assert fields["url"] == CHANNEL_ENV["TELEGRAM_WEBHOOK_URL"]
    assert fields["secret_token"] == CHANNEL_ENV["TELEGRAM_SECRET_TOKEN"]


def test_emergency_update_gets_call_911_first_then_the_introduction(channels, vendors):
    chat_id = random.randint(10**8, 10**9)
    response = post_update(channels, chat_id, "my husband just had a seizure and wont wake up")
    assert response.status_code == 200 and response.text == "success"
    texts = [m["text"] for m in sent_to(vendors, chat_id)]
    assert texts[0].startswith("Call 911 now") and "Imdelltra" in texts[0], texts
    introduction = next(i for i, t in enumerate(texts) if "not a nurse or doctor" in t)
    assert introduction > 0 and not any("anything else" in t for t in texts), texts
    assert not any("urgency" in t or '"triage"' in t for t in texts), texts


def test_a_question_with_buttons_gets_an_inline_keyboard(channels, vendors):
    chat_id = random.randint(10**8, 10**9)
    assert post_update(channels, chat_id, "my gums keep bleeding").status_code == 200
    messages = sent_to(vendors, chat_id)
    keyboard = messages[-1].get("reply_markup")
    keyboard = keyboard if isinstance(keyboard, dict) else __import__("json").loads(keyboard)
    assert [b["callback_data"] for row in keyboard["inline_keyboard"] for b in row] == ["/affirm", "/deny"]


def test_an_update_without_the_secret_token_is_rejected(channels, vendors):
    chat_id = random.randint(10**8, 10**9)
    assert post_update(channels, chat_id, "I have a fever", secret="wrong-secret").status_code == 403
    assert post_update(channels, chat_id, "I have a fever", secret=None).status_code == 403
    assert sent_to(vendors, chat_id) == []
