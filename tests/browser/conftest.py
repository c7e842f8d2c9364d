"""The web chat page in headless Chromium (Debian's), talking to the real Rasa and action servers."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
import requests
from playwright.sync_api import Browser, Page, expect, sync_playwright

from triage_tools.servers import ROOT, RunningAssistant

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "reduced_motion": "reduce"}  # no smooth scrolling: screenshots show where the page settles
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "reduced_motion": "reduce"}
URGENT = ("emergency", "contact_now", "report_if_bothersome")  # the urgencies that have a banner
# Records what the page gives screen readers to announce about urgency (window.__announced, reset by a reload).
WATCH_ANNOUNCER = """
window.__announced = [];
document.addEventListener("DOMContentLoaded", () => {
  const announcer = document.getElementById("urgency-announcer");
  if (!announcer) return;  // another page (about:blank)
  new MutationObserver(() => window.__announced.push(announcer.textContent))
    .observe(announcer, {childList: true, characterData: true, subtree: true});
});
"""
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
CLINIC_TITLE = "Riverside Oncology: side-effect helper"

expect.set_options(timeout=45_000)


@pytest.fixture(scope="session")
def web_chat_url(assistant: RunningAssistant, web_chat_port: int) -> Iterator[str]:
    """bot.web.server on the port whose origin the test Rasa server allows, its socket URL pointing at it."""
    port = web_chat_port
    log = assistant.workdir / "web.log"
    env = dict(os.environ, WEB_CHAT_SOCKET_URL=assistant.rasa_url, WEB_CHAT_TITLE=CLINIC_TITLE,
               WEB_CHAT_LOG_REQUESTS="1")
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "bot.web.server", "--port", str(port)],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"web chat server exited ({process.returncode}):\n{log.read_text()}")
            try:
                if requests.get(url + "config.json", timeout=2).ok:
                    break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Module-scoped: Playwright's sync API holds an asyncio loop on the main thread while it runs, which
    would break later tests that call asyncio.run()."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ChatPage:
    """The chat page as a patient uses it, plus what the tests inspect."""

    def __init__(self, page: Page, url: str) -> None:
        self.page, self.url = page, url
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        self.triage: list[dict] = []  # every triage metadata message the server sent to the page, in order
        page.add_init_script(WATCH_ANNOUNCER)
        page.on("websocket", lambda socket: socket.on("framereceived", self._record_triage))
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _record_triage(self, frame: str | bytes) -> None:
        """socket.io frames look like 42["bot_uttered",{...}]; keep the triage metadata ones."""
        if isinstance(frame, str) and frame.startswith("42"):
            event, *data = json.loads(frame[2:])
            custom = data[0].get("custom") if data and isinstance(data[0], dict) else None
            if event == "bot_uttered" and isinstance(custom, dict) and "triage" in custom:
                self.triage.append(custom["triage"])

    def open(self) -> "ChatPage":
        self.page.goto(self.url)
        self.wait_until_ready()
        return self

    def wait_until_ready(self) -> None:
        expect(self.page.locator("html[data-chat-ready=true]")).to_have_count(1)

    def greeted(self) -> "ChatPage":
        expect(self.bot_messages.filter(has_text="How are you feeling today?")).to_have_count(1)
        return self

    def send(self, text: str) -> None:
        self.page.get_by_label("Your message").fill(text)
        self.page.get_by_role("button", name="Send", exact=True).click()

    def wait_for_turn_end(self, previous_anything_else: int) -> None:
        """The triage rules end every turn by asking whether there is anything else."""
        expect(self.bot_messages.filter(has_text="anything else")).to_have_count(previous_anything_else + 1)

    @property
    def bot_messages(self):
        return self.page.locator(".msg--bot")

    @property
    def user_messages(self):
        return self.page.locator(".msg--user")

    def banner(self, urgency: str):
        """This urgency's banners in the transcript (one per triage answer)."""
        return self.page.locator(f"#log .urgency--{urgency}")

    @property
    def status(self):
        """The one status area above the conversation: the instruction in force (hidden while there is none)."""
        return self.page.locator("#current-urgency")

    def announced(self) -> list[str]:
        """What the announcer said since the page loaded (emptying it says nothing)."""
        return [text for text in self.page.evaluate("window.__announced") if text]

    def send_and_wait(self, text: str, settle_ms: int = 1200) -> dict:
        """Send a message, wait for its triage answer and until no more bubbles arrive; return the metadata."""
        before = len(self.triage)
        self.send(text)
        waited = 0
        while len(self.triage) == before and waited < 45_000:
            self.page.wait_for_timeout(100)
            waited += 100
        assert len(self.triage) > before, f"no triage answer for {text!r}"
        shown = -1
        while shown != self.page.locator("#log > li").count():  # the rest of the turn's bubbles
            shown = self.page.locator("#log > li").count()
            self.page.wait_for_timeout(settle_ms)
        assert len(self.triage) == before + 1, f"one triage answer for {text!r}: {self.triage[before:]}"
        return self.triage[-1]

    def log_entries(self) -> list[str]:
        """Each entry of the conversation as (class, text) in screen order."""
        return self.page.locator("#log > li").evaluate_all(
            "items => items.map(li => li.className + ': ' + li.textContent)")

    def stored(self) -> dict:
        return self.page.evaluate("JSON.parse(sessionStorage.getItem('imdelltra-web-chat'))")


@pytest.fixture(params=[pytest.param(PHONE, id="phone")])
def chat(browser: Browser, web_chat_url: str, request: pytest.FixtureRequest) -> Iterator[ChatPage]:
    """A fresh tab (new session storage), phone-sized unless a test parametrizes `chat` indirectly with DESKTOP;
    a screenshot of it is kept in tests/artifacts/browser/."""
    context = browser.new_context(**request.param)
    page = context.new_page()
    chat = ChatPage(page, web_chat_url)
    try:
        yield chat
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(ARTIFACTS / (re.sub(r"[^\w.-]+", "_", request.node.name) + ".png")))
        finally:
            context.close()
    assert chat.console_errors == [], f"browser console errors: {chat.console_errors}"


def save_screenshot(page: Page, name: str, top_text: str | None = None) -> Path:
    """A screenshot in tests/artifacts/browser/; `top_text`: scroll that patient message to the top first."""
    if top_text is not None:
        page.locator(".msg--user", has_text=top_text).last.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.evaluate("document.activeElement && document.activeElement.blur()")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path
