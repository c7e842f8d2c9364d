"""The credentials files: defaults committed, every channel secret read from the environment."""
from __future__ import annotations

import re

import pytest
import yaml

from tests.channels.conftest import CHANNEL_ENV, TEMPLATE
from triage_tools.servers import ROOT

VENDOR_CHANNELS = {
    "bot.channels.twilio.TwilioInput", "bot.channels.telegram.TelegramInput", "bot.channels.slack.SlackInput",
    "bot.channels.facebook.FacebookInput", "bot.channels.botframework.BotFrameworkInput",
}


def test_committed_credentials_enable_no_vendor_channel():
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
    assert set(credentials) >= {"bot.channels.safeguards.ServerSafeguards", "bot.channels.rest.RestInput",
                                "bot.channels.rest.CallbackInput", "bot.channels.webchat.WebChatInput"}
    assert not VENDOR_CHANNELS & set(credentials)
    assert not {"twilio", "telegram", "slack", "facebook", "botframework"} & set(credentials)


def test_template_enables_every_vendor_channel_with_secrets_only_from_the_environment():
    template = yaml.safe_load(TEMPLATE.read_text())
    assert VENDOR_CHANNELS <= set(template)
    assert {"bot.channels.safeguards.ServerSafeguards", "bot.channels.rest.RestInput",
            "bot.channels.webchat.WebChatInput", "bot.channels.rest.CallbackInput"} <= set(template)
    for channel in VENDOR_CHANNELS:
        for key, value in template[channel].items():
            assert re.fullmatch(r"\$\{[A-Z][A-Z0-9_]*\}", str(value)), f"{channel}.{key} is not an ${{ENV_VAR}}"
    variables = set(re.findall(r"^\s+[\w-]+: \$\{([A-Z0-9_]+)\}", TEMPLATE.read_text(), re.MULTILINE))
    assert variables == set(CHANNEL_ENV) | {"CALLBACK_URL"}


def test_rasa_substitutes_the_environment_and_refuses_a_missing_secret(monkeypatch):
    import rasa.shared.utils.io
    from rasa.shared.exceptions import RasaException

    for name, value in dict(CHANNEL_ENV, CALLBACK_URL="http://127.0.0.1:1/bot").items():
        monkeypatch.setenv(name, value)
    credentials = rasa.shared.utils.io.read_config_file(str(TEMPLATE))
    assert credentials["bot.channels.twilio.TwilioInput"]["auth_token"] == CHANNEL_ENV["TWILIO_AUTH_TOKEN"]
    assert credentials["bot.channels.slack.SlackInput"]["slack_signing_secret"] == CHANNEL_ENV["SLACK_SIGNING_SECRET"]
    monkeypatch.delenv("TWILIO_AUTH_TOKEN")
    with pytest.raises(RasaException, match="TWILIO_AUTH_TOKEN"):
        rasa.shared.utils.io.read_config_file(str(TEMPLATE))


def test_twilio_connector_refuses_to_start_without_an_auth_token():
    from rasa.shared.exceptions import RasaException

    from bot.channels.twilio import TwilioInput

    with pytest.raises(RasaException):
        TwilioInput.from_credentials({"account_sid": "AC1", "twilio_number": "+15550000000"})
