"""One Rasa server with every channel of credentials.channels.yml, talking to vendor stand-ins on loopback."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Iterator

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.channels.stand_ins import TELEGRAM_BOT_USERNAME, VendorStandIns
from triage_tools.servers import ROOT, RunningAssistant, running_assistant

TEMPLATE = ROOT / "credentials.channels.yml"
BOTFRAMEWORK_KEY_ID = "stand-in-key"

# Test values for every ${VAR} in the template; none of them is a real secret.
CHANNEL_ENV = {
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 31 + "1",
    "TWILIO_AUTH_TOKEN": "twilio-test-auth-token",
    "TWILIO_NUMBER": "+15550009999",
    "TELEGRAM_TOKEN": "123456789:AAE-test_token_abcdefghijklmnopqrstu",
    "TELEGRAM_BOT_USERNAME": TELEGRAM_BOT_USERNAME,
    "TELEGRAM_WEBHOOK_URL": "https://bot.example.test/webhooks/telegram/webhook",
    "TELEGRAM_SECRET_TOKEN": "telegram-test-secret",
    "SLACK_BOT_TOKEN": "xoxb-test-token",
    "SLACK_SIGNING_SECRET": "slack-test-signing-secret",
    "FACEBOOK_VERIFY_TOKEN": "facebook-test-verify",
    "FACEBOOK_APP_SECRET": "facebook-test-app-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "facebook-test-page-token",
    "BOTFRAMEWORK_APP_ID": "00000000-0000-0000-0000-00000000b0f1",
    "BOTFRAMEWORK_APP_PASSWORD": "botframework-test-password",
}


# Limits low enough to test in seconds; Sanic trusts one proxy hop, so a test can speak for a client
# address with X-Forwarded-For (requests without it come from loopback, which has no per-address limit).
# A 1 s action timeout leaves room, on a busy 2-core CI machine, for 16 patients answered at once within 3 s.
HARDENING_ENV = {"RATE_LIMIT_PER_SENDER": "6", "RATE_LIMIT_PER_ADDRESS": "20", "SANIC_PROXIES_COUNT": "1",
                 "ALLOWED_ORIGINS": "http://127.0.0.1:8080", "ACTION_TIMEOUT_MS": "1000"}


def credentials_for_stand_ins(vendors: VendorStandIns) -> str:
    """The committed template, unchanged except for each vendor's base URL pointing at the stand-in."""
    overrides = {
        "bot.channels.twilio.TwilioInput:": {"api_base_url": vendors.url("twilio")},
        "bot.channels.telegram.TelegramInput:": {"api_base_url": vendors.url("telegram")},
        "bot.channels.slack.SlackInput:": {"api_base_url": vendors.url("slack") + "/api/"},
        "bot.channels.facebook.FacebookInput:": {"graph_url": vendors.url("facebook") + "/v19.0"},
        "bot.channels.botframework.BotFrameworkInput:": {
            "openid_config_url": vendors.url("botframework") + "/openid",
            "token_url": vendors.url("botframework") + "/token"},
    }
    lines = []
    for line in TEMPLATE.read_text().splitlines():
        lines.append(line)
        for key, value in overrides.get(line.strip(), {}).items():
            lines.append(f"  {key}: {json.dumps(value)}")
    text = "\n".join(lines) + "\n"
    assert all(header.rstrip(":") in text for header in overrides), "template lost a channel section"
    return text


class BotFrameworkSigner:
    """Signs activities like the Bot Framework connector service does (RS256 JWT, published key)."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        self.jwks = {"keys": [dict(jwk, kid=BOTFRAMEWORK_KEY_ID, use="sig", alg="RS256")]}

    def token(self, audience: str = CHANNEL_ENV["BOTFRAMEWORK_APP_ID"], issuer: str = "https://api.botframework.com",
              key=None) -> str:
        now = int(time.time())
        claims = {"aud": audience, "iss": issuer, "iat": now, "nbf": now - 5, "exp": now + 600}
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": BOTFRAMEWORK_KEY_ID})


@pytest.fixture(scope="package")
def botframework_signer() -> BotFrameworkSigner:
    return BotFrameworkSigner()


@pytest.fixture(scope="package")
def vendors(botframework_signer: BotFrameworkSigner) -> Iterator[VendorStandIns]:
    with VendorStandIns(jwks=botframework_signer.jwks) as stand_ins:
        yield stand_ins


@pytest.fixture(scope="package")
def channels(trained_model: Path, vendors: VendorStandIns,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningAssistant]:
    """The real Rasa and action servers with every channel enabled from the template."""
    credentials = tmp_path_factory.mktemp("channels") / "credentials.yml"
    credentials.write_text(credentials_for_stand_ins(vendors))
    env = dict(CHANNEL_ENV, CALLBACK_URL=vendors.url("callback") + "/bot", **HARDENING_ENV)
    with running_assistant(trained_model, credentials=credentials, env=env) as running:
        yield running
