"""The web chat's server and settings, and the socket.io output that carries the triage metadata (no browser)."""
from __future__ import annotations

import asyncio
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.channels.webchat import WebChatOutput
from bot.config import DEFAULT_WEB_CHAT_COLOUR, contrast_ratio, load_web_chat_settings
from bot.web.server import WEB_ROOT, content_security_policy, make_server, page_config

WEB_ENV = ("WEB_CHAT_TITLE", "WEB_CHAT_COLOUR", "WEB_CHAT_SOCKET_URL", "WEB_CHAT_STORAGE", "RASA_PORT",
           "CARE_TEAM_PHONE", "EMERGENCY_NUMBER", "CARE_TEAM_NAME", "CLINIC_REGION")


@pytest.fixture
def clean_env(monkeypatch):
    for name in WEB_ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_point_the_page_at_rasa_on_the_pages_own_host(clean_env):
    config = page_config("clinic.example.org:8080")
    assert config["socketUrl"] == "http://clinic.example.org:5005"
    assert config["title"] == "Imdelltra side-effect helper"
    assert config["colour"] == DEFAULT_WEB_CHAT_COLOUR
    assert config["emergencyNumber"] == "911"
    assert config["careTeamPhone"] == "" and config["careTeamTel"] == "", "no number is offered when none is set"
    assert config["emergencyTel"] == "tel:911"
    assert config["storage"] == "session"


def test_clinic_settings_come_from_the_environment(clean_env):
    clean_env.setenv("WEB_CHAT_TITLE", "Riverside chat")
    clean_env.setenv("WEB_CHAT_COLOUR", "#004d40")
    clean_env.setenv("WEB_CHAT_SOCKET_URL", "https://bot.example.org/")
    clean_env.setenv("WEB_CHAT_STORAGE", "local")
    clean_env.setenv("CARE_TEAM_PHONE", "020 7946 0000")
    clean_env.setenv("CLINIC_REGION", "gb")
    clean_env.setenv("EMERGENCY_NUMBER", "112")
    config = page_config("localhost:8080")
    assert config == {"title": "Riverside chat", "colour": "#004d40", "socketUrl": "https://bot.example.org",
                      "storage": "local", "careTeamName": "your oncology care team",
                      "careTeamPhone": "020 7946 0000", "careTeamTel": "tel:+442079460000",
                      "emergencyNumber": "112", "emergencyTel": "tel:112"}


def test_the_care_team_number_is_formatted_once_for_the_page(clean_env):
    clean_env.setenv("CARE_TEAM_PHONE", " ( 555 ) 010-0100 ")
    config = page_config("localhost:8080")
    assert config["careTeamPhone"] == "(555) 010-0100" and config["careTeamTel"] == "tel:+15550100100"


@pytest.mark.parametrize("colour", ["#ffdd00", "red", "#12345", "#1f4e79; background: url(x)"])
def test_a_colour_white_text_cannot_be_read_on_falls_back_to_the_default(clean_env, colour):
    clean_env.setenv("WEB_CHAT_COLOUR", colour)
    assert load_web_chat_settings().colour == DEFAULT_WEB_CHAT_COLOUR


def test_unknown_storage_falls_back_to_the_tab_only_session(clean_env):
    clean_env.setenv("WEB_CHAT_STORAGE", "cookies")
    assert load_web_chat_settings().storage == "session"


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#ffffff", "#767676") == pytest.approx(4.54, abs=0.01)


def test_content_security_policy_allows_only_this_server_and_rasa():
    policy = content_security_policy("https://bot.example.org:5005")
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "connect-src 'self' https://bot.example.org:5005 wss://bot.example.org:5005;" in policy
    assert "default-src 'none'" in policy


@pytest.fixture
def server(clean_env):
    if not (WEB_ROOT / "vendor" / "socket.io.min.js").is_file():
        pytest.fail("web/vendor/socket.io.min.js is missing: run `make install` (scripts/install-web.sh)")
    httpd = make_server("127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def test_server_serves_the_page_the_widget_library_and_the_config(server):
    status, headers, body = _get(server + "/")
    assert status == 200 and b'<label for="message"' in body
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert _get(server + "/vendor/socket.io.min.js")[0] == 200
    status, headers, body = _get(server + "/config.json")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert json.loads(body)["socketUrl"] == "http://127.0.0.1:5005"


def test_server_lists_no_directories_and_serves_nothing_outside_web(server):
    assert _get(server + "/vendor/")[0] == 404
    assert _get(server + "/../bot/config.py")[0] == 404
    assert _get(server + "/%2e%2e/credentials.yml")[0] == 404


def test_server_refuses_to_start_without_the_installed_widget_library(tmp_path: Path):
    (tmp_path / "index.html").write_text("<!doctype html>")
    with pytest.raises(FileNotFoundError, match="make install"):
        make_server("127.0.0.1", 0, root=tmp_path)


def _run(coroutine) -> None:
    """Run a coroutine to completion on its own thread (independent of any loop the test runner holds)."""
    errors: list[BaseException] = []
    thread = threading.Thread(target=lambda: _capture(errors, coroutine))
    thread.start()
    thread.join(30)
    if errors:
        raise errors[0]


def _capture(errors: list, coroutine) -> None:
    try:
        asyncio.run(coroutine)
    except BaseException as error:  # re-raised in the test's thread
        errors.append(error)


class RecordingSocketServer:
    def __init__(self) -> None:
        self.emitted: list[tuple] = []

    async def emit(self, event, data=None, to=None, room=None, skip_sid=None, namespace=None, callback=None,
                   ignore_queue=False):
        self.emitted.append((event, data, room))


def test_triage_metadata_reaches_the_page_under_custom_like_the_rest_channel():
    sio = RecordingSocketServer()
    metadata = {"triage": {"urgency": "contact_now", "categories": ["crs"], "symptoms": ["chills"],
                           "negated": [], "guidance_ids": ["crs.contact_now"]}}
    output = WebChatOutput(sio, "bot_uttered")
    _run(output.send_response("session-1", {"custom": metadata}))
    assert sio.emitted == [("bot_uttered", {"custom": metadata}, "session-1")]


def test_text_and_buttons_still_arrive_as_rasa_sends_them():
    sio = RecordingSocketServer()
    output = WebChatOutput(sio, "bot_uttered")
    _run(output.send_response("s", {"text": "Hello.", "buttons": [{"title": "Yes", "payload": "/affirm"}]}))
    assert sio.emitted == [("bot_uttered", {"text": "Hello.", "quick_replies": [
        {"content_type": "text", "title": "Yes", "payload": "/affirm"}]}, "s")]
