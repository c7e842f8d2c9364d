"""One way to talk to the assistant per channel, the same for every channel: start a conversation, send a
patient's message, read what the patient received (with arrival times). Used by the outage, rate-limit
and privacy tests, which must hold on every channel alike."""
from __future__ import annotations

import asyncio
import random
import time
import uuid
from abc import ABC, abstractmethod
from typing import Callable

import requests

from tests.channels.stand_ins import Recorded, VendorStandIns
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
)
from tests.support.web_chat_client import WebChatClient
from triage_tools.servers import RunningAssistant

Received = list[tuple[float, str]]  # (time.monotonic() when the patient received it, text)


class Probe(ABC):
    """A patient on one channel. `send` returns when the message was sent (time.monotonic())."""

    name = ""

    def __init__(self, channels: RunningAssistant, vendors: VendorStandIns, signer) -> None:
        self.channels, self.vendors, self.signer = channels, vendors, signer
        self.received: dict[str, Received] = {}

    def new_conversation(self) -> str:
        return uuid.uuid4().hex[:12]

    @abstractmethod
    def send(self, conversation: str, text: str) -> float:
        """Send the patient's message; returns when it was sent."""

    def texts(self, conversation: str) -> Received:
        return self.received.get(conversation, [])

    def turn(self, conversation: str, text: str, timeout: float = 60) -> tuple[float, Received]:
        """Send `text`; wait for the first reply. Returns (seconds to the first reply, every reply so far this turn)."""
        before = len(self.texts(conversation))
        started = self.send(conversation, text)
        deadline = time.monotonic() + timeout
        while len(self.texts(conversation)) <= before:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: no reply to {text!r} within {timeout}s")
            time.sleep(0.02)
        time.sleep(0.3)  # let the rest of the turn arrive
        new = self.texts(conversation)[before:]
        return new[0][0] - started, new


class RestProbe(Probe):
    name = "REST"

    def send(self, conversation: str, text: str) -> float:
        started = time.monotonic()
        response = requests.post(f"{self.channels.rasa_url}/webhooks/rest/webhook",
                                 json={"sender": conversation, "message": text}, timeout=120)
        arrived = time.monotonic()
        self.received.setdefault(conversation, []).extend(
            (arrived, m["text"]) for m in response.json() if m.get("text"))
        return started


class WebChatProbe(Probe):
    name = "socket.io"

    def send(self, conversation: str, text: str) -> float:
        async def run() -> float:
            async with WebChatClient(self.channels.rasa_url, session_id=conversation) as chat:
                started = time.monotonic()
                await chat.send(text)
                await asyncio.sleep(0.2)
                self.received.setdefault(conversation, []).extend(
                    (at, m["text"]) for at, m in chat.replies if m.get("text"))
                return started
        return asyncio.run(run())


class VendorProbe(Probe):
    """A vendor channel: replies are what the connector sent to the vendor's stand-in."""

    vendor = ""

    @abstractmethod
    def is_reply_to(self, record: Recorded, conversation: str) -> str | None:
        """The text of the reply if this request to the vendor answered `conversation`, else None."""

    def texts(self, conversation: str) -> Received:
        replies = ((r.received_at, self.is_reply_to(r, conversation)) for r in self.vendors.requests(self.vendor))
        return [(at, text) for at, text in replies if text]


class CallbackProbe(VendorProbe):
    name, vendor = "callback", "callback"

    def send(self, conversation: str, text: str) -> float:
        started = time.monotonic()
        requests.post(f"{self.channels.rasa_url}/webhooks/callback/webhook",
                      json={"sender": conversation, "message": text}, timeout=120)
        return started

    def is_reply_to(self, record: Recorded, conversation: str) -> str | None:
        message = record.json or {}
        return message.get("text") if message.get("recipient_id") == conversation else None


class TwilioProbe(VendorProbe):
    name, vendor = "Twilio SMS", "twilio"

    def new_conversation(self) -> str:
        return "+1555" + str(random.randint(10**6, 10**7 - 1))

    def send(self, conversation: str, text: str) -> float:
        started = time.monotonic()
        post_twilio(self.channels, sms_form(conversation, text))
        return started

    def is_reply_to(self, record: Recorded, conversation: str) -> str | None:
        return record.form["Body"][0] if record.form.get("To") == [conversation] else None


class TelegramProbe(VendorProbe):
    name, vendor = "Telegram", "telegram"
    first_name = "Pat"

    def new_conversation(self) -> str:
        return str(random.randint(10**8, 10**9))

    def send(self, conversation: str, text: str) -> float:
        started = time.monotonic()
        post_telegram(self.channels, telegram_update(int(conversation), text, first_name=self.first_name))
        return started

    def is_reply_to(self, record: Recorded, conversation: str) -> str | None:
        if not record.path.endswith("/sendMessage"):
            return None
        fields = {k: v[0] for k, v in record.form.items()} if record.form else (record.json or {})
        return fields.get("text") if str(fields.get("chat_id")) == conversation else None


class SlackProbe(VendorProbe):
    name, vendor = "Slack", "slack"

    def new_conversation(self) -> str:
        return "U" + uuid.uuid4().hex[:8].upper()

    def send(self, conversation: str, text: str) -> float:
        started = time.monotonic()
        post_slack(self.channels, slack_direct_message(conversation, "D" + conversation, text))
        return started

    def is_reply_to(self, record: Recorded, conversation: str) -> str | None:
        message = record.json or {}
        return message.get("text") if message.get("channel") == "D" + conversation else None


class FacebookProbe(VendorProbe):
    name, vendor = "Facebook Messenger", "facebook"

    def new_conversation(self) -> str:
        return str(uuid.uuid4().int)[:16]

    def send(self, conversation: str, text: str) -> float:
        started = time.monotonic()
        post_facebook(self.channels, facebook_message(conversation, text))
        return started

    def is_reply_to(self, record: Recorded, conversation: str) -> str | None:
        message = record.json or {}
        if (message.get("recipient") or {}).get("id") != conversation or "message" not in message:
            return None
        body = message["message"]
        return body.get("text") or ((body.get("attachment") or {}).get("payload") or {}).get("text")


class BotFrameworkProbe(VendorProbe):
    name, vendor = "Bot Framework", "botframework"

    def send(self, conversation: str, text: str) -> float:
        started = time.monotonic()
        post_botframework(self.channels, botframework_activity(self.vendors.url("botframework"), "user-" + conversation,
                                                               conversation, text), self.signer.token())
        return started

    def is_reply_to(self, record: Recorded, conversation: str) -> str | None:
        if record.path != f"/v3/conversations/{conversation}/activities":
            return None
        return (record.json or {}).get("text")


PROBES: list[Callable[..., Probe]] = [RestProbe, WebChatProbe, CallbackProbe, TwilioProbe, TelegramProbe, SlackProbe,
                                      FacebookProbe, BotFrameworkProbe]
