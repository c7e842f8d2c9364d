"""Only the channels a clinic switches on start, and one that cannot reach its vendor does not stop the others."""
from __future__ import annotations

import logging
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests
from twilio.request_validator import RequestValidator

from bot.channels.enabled import channels_in, report, switched_on
from tests.channels.conftest import CHANNEL_ENV, TEMPLATE, credentials_for_stand_ins
from triage_tools.servers import ROOT, free_port, running_assistant

TWILIO_ONLY = {name: value for name, value in CHANNEL_ENV.items() if name.startswith("TWILIO_")}
BOTFRAMEWORK = {name: value for name, value in CHANNEL_ENV.items() if name.startswith("BOTFRAMEWORK_")}


def _on(environ: dict[str, str]) -> list[str]:
    return [channel.name for channel in channels_in(TEMPLATE.read_text(), environ) if channel.on and channel.is_channel]


def test_each_channel_of_the_template_is_switched_on_by_its_own_variables():
    assert _on({}) == ["rest", "webchat"]
    assert _on(TWILIO_ONLY) == ["rest", "webchat", "twilio"]
    assert _on(dict(CHANNEL_ENV, CALLBACK_URL="http://127.0.0.1:1/bot")) == [
        "rest", "webchat", "callback", "twilio", "telegram", "slack", "facebook", "botframework"]


def test_the_committed_credentials_file_keeps_every_channel():
    text = (ROOT / "credentials.yml").read_text()
    assert [c.name for c in channels_in(text, {}) if c.on and c.is_channel] == ["rest", "webchat", "callback"]
    assert "bot.channels.safeguards.ServerSafeguards" in switched_on(channels_in(text, {}))


def test_a_half_configured_channel_is_an_error_that_names_what_is_missing_and_stays_off():
    channels = channels_in(TEMPLATE.read_text(), dict(TWILIO_ONLY, BOTFRAMEWORK_APP_ID="app-id"))
    lines = report(channels)
    assert lines[0] == "Channels on: rest, webchat, twilio"
    assert "ERROR: channel botframework is off: BOTFRAMEWORK_APP_PASSWORD not set (but BOTFRAMEWORK_APP_ID set)." \
        in "\n".join(lines)
    assert "Channel slack is off (to switch it on, set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)." in lines
    assert "botframework" not in switched_on(channels)


def test_rasa_reads_the_switched_on_file_with_the_secrets_from_the_environment(monkeypatch, tmp_path):
    import rasa.shared.utils.io

    for name, value in TWILIO_ONLY.items():
        monkeypatch.setenv(name, value)
    written = switched_on(channels_in(TEMPLATE.read_text(), TWILIO_ONLY))
    assert CHANNEL_ENV["TWILIO_AUTH_TOKEN"] not in written, "the file names the variables, never the secrets"
    path = tmp_path / "credentials.yml"
    path.write_text(written)
    credentials = rasa.shared.utils.io.read_config_file(str(path))
    assert set(credentials) == {"bot.channels.safeguards.ServerSafeguards", "bot.channels.rest.RestInput",
                                "bot.channels.webchat.WebChatInput", "bot.channels.twilio.TwilioInput"}
    assert credentials["bot.channels.twilio.TwilioInput"]["auth_token"] == CHANNEL_ENV["TWILIO_AUTH_TOKEN"]


def test_bot_framework_without_its_login_service_logs_an_error_and_refuses_activities(caplog):
    from bot.channels.botframework import BotFrameworkInput

    unreachable = f"http://127.0.0.1:{free_port()}/openid"
    with caplog.at_level(logging.ERROR, logger="bot.channels.botframework"):
        channel = BotFrameworkInput("app-id", "password", openid_config_url=unreachable)
    assert f"Bot Framework channel: cannot get the signing keys from {unreachable}" in caplog.text
    assert "the other channels are not affected" in caplog.text
    assert channel._validate_auth("Bearer not-a-token").status == 401


def test_telegram_without_its_api_logs_an_error_instead_of_stopping_the_server(caplog):
    from bot.channels.telegram import TelegramInput, TelegramOutput

    channel = TelegramInput(CHANNEL_ENV["TELEGRAM_TOKEN"], CHANNEL_ENV["TELEGRAM_BOT_USERNAME"],
                            "https://bot.example.test/webhooks/telegram/webhook",
                            api_base_url=f"http://127.0.0.1:{free_port()}", secret_token="secret")
    with caplog.at_level(logging.ERROR, logger="bot.channels.telegram"):
        assert isinstance(channel.get_output_channel(), TelegramOutput)
    assert "Telegram channel: could not register the webhook" in caplog.text


@pytest.mark.e2e
def test_sms_clinic_starts_and_answers_while_bot_framework_cannot_reach_its_login_service(
        trained_model: Path, vendors, tmp_path: Path):
    template = tmp_path / "template.yml"
    template.write_text(credentials_for_stand_ins(vendors).replace(
        vendors.url("botframework") + "/openid", f"http://127.0.0.1:{free_port()}/openid"))
    env = dict(TWILIO_ONLY, **BOTFRAMEWORK)
    credentials = tmp_path / "credentials.yml"
    chosen = subprocess.run([sys.executable, "-m", "bot.channels.enabled", str(template), str(credentials)],
                            env=dict(env, PATH="/usr/bin:/bin"), cwd=ROOT, capture_output=True, text=True, check=True)
    assert "Channels on: rest, webchat, twilio, botframework" in chosen.stderr

    with running_assistant(trained_model, credentials=credentials, env=env) as running:
        url = f"{running.rasa_url}/webhooks/twilio/webhook"
        phone = "+1555" + str(uuid.uuid4().int)[:7]
        form = {"From": phone, "To": TWILIO_ONLY["TWILIO_NUMBER"], "Body": "I have a fever of 101",
                "MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": TWILIO_ONLY["TWILIO_ACCOUNT_SID"]}
        signature = RequestValidator(TWILIO_ONLY["TWILIO_AUTH_TOKEN"]).compute_signature(url, form)
        assert requests.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=120).status_code == 204
        texts = [r.form["Body"][0] for r in vendors.requests("twilio", lambda r: r.form.get("To") == [phone])]
        assert any(text.startswith("Call your care team NOW") for text in texts), texts

        activity = requests.post(f"{running.rasa_url}/webhooks/botframework/webhook", json={"type": "message"},
                                 headers={"Authorization": "Bearer not-a-token"}, timeout=60)
        assert activity.status_code == 401
        assert requests.post(f"{running.rasa_url}/webhooks/telegram/webhook", json={}, timeout=10).status_code == 404
        log = running.logs["rasa"].read_text(errors="replace")
        assert "Bot Framework channel: cannot get the signing keys" in log
