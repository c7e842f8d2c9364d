"""Requests as each vendor sends them: payloads, and raw bodies signed the way each vendor signs them."""
from __future__ import annotations

import hashlib
import hmac
import json
import random
import time
import uuid
from typing import Any

import requests
from twilio.request_validator import RequestValidator

from tests.channels.conftest import CHANNEL_ENV

TIMEOUT = 120


def webhook(channels, vendor: str) -> str:
    return f"{channels.rasa_url}/webhooks/{vendor}/webhook"


def as_body(payload: Any) -> bytes:
    return payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")


# ---------------------------------------------------------------------------------------------- payloads

def sms_form(sender: str, body: str, to: str = CHANNEL_ENV["TWILIO_NUMBER"]) -> dict[str, str]:
    """What Twilio posts for an incoming SMS or WhatsApp message."""
    return {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": CHANNEL_ENV["TWILIO_ACCOUNT_SID"], "From": sender,
            "To": to, "Body": body, "NumMedia": "0", "NumSegments": "1", "ApiVersion": "2010-04-01"}


def telegram_update(chat_id: int, text: str, first_name: str = "Pat") -> dict:
    """A Telegram Update for a private text message, as the Bot API posts it."""
    return {"update_id": random.randint(1, 10**9), "message": {
        "message_id": random.randint(1, 10**6), "date": int(time.time()), "text": text,
        "chat": {"id": chat_id, "type": "private", "first_name": first_name},
        "from": {"id": chat_id, "is_bot": False, "first_name": first_name, "language_code": "en"}}}


def slack_direct_message(user: str, channel: str, text: str) -> dict:
    ts = f"{time.time():.6f}"
    return {"token": "deprecated", "team_id": "T0TEST", "api_app_id": "A0TEST", "type": "event_callback",
            "event_id": "Ev" + uuid.uuid4().hex[:10], "event_time": int(time.time()), "authorizations": [
                {"team_id": "T0TEST", "user_id": "U0BOT", "is_bot": True}],
            "event": {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": ts,
                      "channel": channel, "event_ts": ts}}


def facebook_message(psid: str, text: str) -> dict:
    now = int(time.time() * 1000)
    return {"object": "page", "entry": [{"id": "PAGE1", "time": now, "messaging": [{
        "sender": {"id": psid}, "recipient": {"id": "PAGE1"}, "timestamp": now,
        "message": {"mid": "m_" + uuid.uuid4().hex, "text": text}}]}]}


def botframework_activity(service_url: str, user: str, conversation: str, text: str) -> dict:
    return {"type": "message", "id": uuid.uuid4().hex, "channelId": "webchat", "text": text,
            "serviceUrl": service_url, "from": {"id": user, "name": "Pat"},
            "conversation": {"id": conversation}, "recipient": {"id": "bot-id", "name": "Imdelltra helper"}}


# ---------------------------------------------------------------------------------------------- signed posts

def post_twilio(channels, form: dict | None = None, body: bytes | None = None,
                content_type: str = "application/x-www-form-urlencoded", signature: str | None = None,
                auth_token: str = CHANNEL_ENV["TWILIO_AUTH_TOKEN"]) -> requests.Response:
    """A form (signed over the URL and its fields) or a raw body (signed over the URL alone)."""
    url = webhook(channels, "twilio")
    if signature is None:
        signature = RequestValidator(auth_token).compute_signature(url, form or {})
    headers = {"X-Twilio-Signature": signature, "Content-Type": content_type}
    return requests.post(url, data=form if body is None else body, headers=headers, timeout=TIMEOUT)


def post_telegram(channels, payload: Any,
                  secret: str | None = CHANNEL_ENV["TELEGRAM_SECRET_TOKEN"]) -> requests.Response:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return requests.post(webhook(channels, "telegram"), data=as_body(payload), headers=headers, timeout=TIMEOUT)


def post_slack(channels, payload: Any, secret: str = CHANNEL_ENV["SLACK_SIGNING_SECRET"],
               timestamp: int | None = None, content_type: str = "application/json") -> requests.Response:
    """Signed the way Slack signs (v0 HMAC-SHA256 over version:timestamp:body)."""
    body = payload.encode("utf-8") if isinstance(payload, str) else as_body(payload)
    timestamp = timestamp or int(time.time())
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return requests.post(webhook(channels, "slack"), data=body, timeout=TIMEOUT, headers={
        "Content-Type": content_type, "X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"})


def post_facebook(channels, payload: Any, secret: str = CHANNEL_ENV["FACEBOOK_APP_SECRET"],
                  header: str = "X-Hub-Signature-256") -> requests.Response:
    """Signed the way Meta signs (HMAC of the raw body with the app secret)."""
    body = as_body(payload)
    digest = hashlib.sha256 if header.endswith("256") else hashlib.sha1
    signature = f"{digest().name}=" + hmac.new(secret.encode(), body, digest).hexdigest()
    return requests.post(webhook(channels, "facebook"), data=body, timeout=TIMEOUT,
                         headers={"Content-Type": "application/json", header: signature})


def post_botframework(channels, payload: Any, token: str | None) -> requests.Response:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.post(webhook(channels, "botframework"), data=as_body(payload), headers=headers, timeout=TIMEOUT)
