"""No message text, phone number, name or sender id in the server logs (run at Rasa's default INFO level):
a full conversation on REST, the web chat, SMS and Telegram, including a malformed request, a flood that hits
the rate limit and an action server outage, then every line of the Rasa and action server logs is searched."""
from __future__ import annotations

import signal
import uuid

import pytest
import requests

from tests.channels.channel_probes import RestProbe, TelegramProbe, TwilioProbe, WebChatProbe
from tests.channels.conftest import HARDENING_ENV

pytestmark = pytest.mark.e2e

NAME, DAUGHTER = "Margaret Okonkwo-Hollis", "Priscilla"
PHONE_DIGITS = "5558675309"
CONVERSATION = [
    f"Hi, this is {NAME}, call me back on 555-867-5309",
    "I have a fever of 101.7 F and my gums are bleeding",
    f"my daughter {DAUGHTER} says I seem muddled and confused",
]
SECRETS_IN_TEXT = ["Okonkwo", DAUGHTER, "867-5309", "101.7", "gums are bleeding", "seem muddled"]


def test_logs_hold_no_message_text_phone_number_name_or_sender_id(channels, vendors, botframework_signer):
    rest = RestProbe(channels, vendors, botframework_signer)
    web_chat = WebChatProbe(channels, vendors, botframework_signer)
    sms = TwilioProbe(channels, vendors, botframework_signer)
    telegram = TelegramProbe(channels, vendors, botframework_signer)
    telegram.first_name = NAME
    senders = {rest: f"okonkwo-{uuid.uuid4().hex[:6]}", web_chat: uuid.uuid4().hex, sms: f"+1{PHONE_DIGITS}",
               telegram: telegram.new_conversation()}
    for probe, sender in senders.items():
        for text in CONVERSATION:
            probe.turn(sender, text)
    # A malformed request, an outage turn and a flood past the rate limit are logged too.
    requests.post(f"{channels.rasa_url}/webhooks/rest/webhook", json={"sender": senders[rest], "message": 5},
                  timeout=30)
    channels.stop_actions(signal.SIGSTOP)
    try:
        rest.turn(senders[rest], f"{NAME} again: my lips are swelling")
    finally:
        channels.resume_actions()
    for _ in range(int(HARDENING_ENV["RATE_LIMIT_PER_SENDER"]) + 1):
        sms.send(senders[sms], f"{NAME} here, hello?")

    logs = {name: path.read_text(errors="replace") for name, path in channels.logs.items()}
    assert "Rate limit reached on twilio for p-" in logs["rasa"]
    assert "Action action_triage for p-" in logs["rasa"] and "sent the safe static answer" in logs["rasa"]
    forbidden = SECRETS_IN_TEXT + [PHONE_DIGITS, senders[rest], senders[web_chat], senders[telegram]]
    for name, text in logs.items():
        leaks = [(word, line) for line in text.splitlines() for word in forbidden if word in line]
        assert not leaks, f"{name} log leaks: {leaks[:5]}"
