"""The patient web chat in headless Chromium, against the real Rasa and action servers (socket.io)."""
from __future__ import annotations

import re
import threading

import pytest
import requests
from playwright.sync_api import expect

from bot.config import contrast_ratio
from bot.web.server import make_server
from tests.browser.conftest import CLINIC_TITLE, ChatPage, save_screenshot
from triage_tools.servers import free_port

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CRS_MESSAGE = "had my infusion this morning and now I've got chills and a racing heart"
EMERGENCY_MESSAGE = "my husband just had a seizure and wont wake up"


def _colours(locator) -> tuple[str, str]:
    """(text colour, background colour) of an element as #rrggbb."""
    rgb = locator.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    as_hex = [("#" + "".join(f"{int(n):02x}" for n in re.findall(r"\d+", value)[:3])) for value in rgb]
    return as_hex[0], as_hex[1]


def _assert_readable(locator) -> None:
    text, background = _colours(locator)
    assert contrast_ratio(text, background) >= 4.5, (text, background)


def test_opening_the_page_shows_the_intro_then_the_greeting_with_quick_replies(chat: ChatPage):
    chat.open().greeted()
    page = chat.page
    intro = chat.bot_messages.filter(has_text="not a nurse or doctor")
    expect(intro).to_have_count(1)
    expect(intro).to_contain_text("555-0100")
    expect(intro).to_contain_text("911")
    entries = chat.log_entries()
    assert "not a nurse or doctor" in entries[0] and "How are you feeling today?" in entries[-1]
    assert chat.user_messages.count() == 0, "the greeting payload is not shown as a patient message"
    replies = page.get_by_role("group", name="Suggested answers").get_by_role("button")
    expect(replies).to_have_text(["I have a symptom", "Talk to my care team"])
    expect(page.get_by_role("heading", level=1)).to_have_text(CLINIC_TITLE)
    assert page.title() == CLINIC_TITLE
    expect(page.locator("#connection")).to_have_text("")


def test_crs_message_shows_the_reply_and_an_amber_banner_with_the_care_team_number(chat: ChatPage):
    chat.open().greeted()
    chat.send(CRS_MESSAGE)
    banner = chat.banner("contact_now")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Contact your care team now")
    expect(banner).to_contain_text("555-0100")
    expect(chat.status).to_contain_text("Contact your care team now")
    expect(chat.status.get_by_role("link", name="Call 555-0100")).to_have_attribute("href", "tel:5550100")
    chat.wait_for_turn_end(0)
    expect(chat.bot_messages.get_by_role("link", name="555-0100").first).to_have_attribute("href", "tel:5550100")
    expect(chat.bot_messages.filter(has_text="Call 911 straight away if")).to_have_count(1)
    expect(chat.banner("emergency")).to_have_count(0)
    entries = chat.log_entries()
    patient = next(i for i, e in enumerate(entries) if CRS_MESSAGE in e)
    banner_at = next(i for i, e in enumerate(entries) if "urgency" in e)
    assert entries[patient + 1] == entries[banner_at], "the banner comes right after the patient's message"
    assert any("555-0100" in e for e in entries[banner_at + 1:]), "the reply follows the banner"
    assert _colours(banner)[1] == "#ffe6a6"  # amber
    _assert_readable(banner)
    _assert_readable(chat.status.get_by_role("link"))
    assert banner.get_attribute("data-guidance-ids"), "the banner keeps the guidance ids of its reply"
    save_screenshot(chat.page, "amber-banner.png", top_text=CRS_MESSAGE)


def test_emergency_message_shows_a_red_banner_with_a_tap_to_call_link(chat: ChatPage):
    chat.open().greeted()
    chat.send(EMERGENCY_MESSAGE)
    banner = chat.banner("emergency")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Emergency: call 911 now")
    expect(chat.status).to_contain_text("Emergency: call 911 now")
    call = chat.status.get_by_role("link", name="Call 911")
    expect(call).to_have_attribute("href", "tel:911")
    expect(chat.bot_messages.filter(has_text="Call 911 now")).not_to_have_count(0)
    chat.page.wait_for_timeout(1000)
    expect(chat.bot_messages.filter(has_text="anything else")).to_have_count(0)  # an emergency answer ends there
    assert _colours(banner)[1] == "#b3261e"  # red
    _assert_readable(banner)
    _assert_readable(call)
    box = call.bounding_box()
    assert box and box["height"] >= 44, "the call link is a comfortable tap target"
    save_screenshot(chat.page, "red-banner.png", top_text=EMERGENCY_MESSAGE)


def test_reload_keeps_the_history_and_the_same_rasa_session(chat: ChatPage, assistant):
    chat.open().greeted()
    chat.send("I've been a bit tired this week")
    expect(chat.banner("report_if_bothersome")).to_be_visible()
    chat.wait_for_turn_end(0)
    before = chat.log_entries()
    session_id = chat.stored()["sessionId"]

    chat.page.reload()
    chat.wait_until_ready()
    assert chat.log_entries() == before
    expect(chat.status).to_contain_text("Not urgent")
    assert chat.announced() == [], "a reload does not announce the urgency again"
    assert chat.stored()["sessionId"] == session_id

    chat.send("thanks")  # the advice to keep an eye on it stays in force: its reminder, once
    expect(chat.bot_messages.filter(has_text="About what you told me earlier")).to_have_count(1)
    expect(chat.bot_messages.filter(has_text="not a nurse or doctor")).to_have_count(1)  # no second intro
    tracker = requests.get(f"{assistant.rasa_url}/conversations/{session_id}/tracker", timeout=30).json()
    said = [event.get("text") for event in tracker["events"] if event["event"] == "user"]
    assert said == ["/greet", "I've been a bit tired this week", "thanks"]


@pytest.mark.parametrize("markup", ["<img src=x onerror=alert(1)>",
                                    "<b>bold</b><script>window.pwned = 1</script><a href=x>link</a>"])
def test_markup_from_the_patient_is_shown_as_text_and_never_runs(chat: ChatPage, markup: str):
    chat.open().greeted()
    replies_before = chat.bot_messages.count()
    elements_before = chat.page.locator("#log *").count()
    chat.send(markup)
    shown = chat.user_messages.last.locator(".msg__text")
    expect(shown).to_have_text(markup)
    expect(chat.bot_messages).not_to_have_count(replies_before)  # the assistant still answers
    chat.page.wait_for_timeout(500)
    assert chat.page.locator(".msg--user img, .msg--user script, .msg--user b, .msg--user a").count() == 0
    assert chat.page.locator("#log img, #log script, #log b, #log a:not(.phone)").count() == 0
    assert chat.page.locator(".msg--user *").count() == 2, "one bubble: its screen-reader label and its text"
    assert chat.page.locator("#log *").count() > elements_before
    assert chat.page.evaluate("window.pwned") is None
    assert chat.dialogs == []


def test_a_2000_character_message_is_shown_whole_and_answered(chat: ChatPage):
    ending = " Also I have a nosebleed."
    text = ("I want to tell you everything about my week since the infusion. " * 40)[: 2000 - len(ending)] + ending
    assert len(text) == 2000
    chat.open().greeted()
    chat.send(text)
    expect(chat.user_messages.last.locator(".msg__text")).to_have_text(text)
    expect(chat.banner("contact_now")).to_be_visible()
    chat.wait_for_turn_end(0)
    size = chat.page.evaluate("(d => [d.scrollWidth, d.clientWidth, d.scrollHeight, d.clientHeight])"
                              "(document.documentElement)")
    assert size[0] <= size[1], "no sideways scrolling on a phone"
    assert size[2] <= size[3], "only the conversation scrolls, the header and the message field stay put"
    bubble = chat.user_messages.last.bounding_box()
    assert bubble and bubble["x"] >= 0 and bubble["x"] + bubble["width"] <= 390


def test_keyboard_only_patient_can_pick_a_quick_reply_and_send_a_message(chat: ChatPage):
    chat.open().greeted()
    page = chat.page
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    # The care team's number in the introduction is a link to call it.
    assert order == ["new-conversation", "555-0100", "I have a symptom", "Talk to my care team", "message", "send"], order
    focused_outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused_outline != "none", "focus is visible"

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "Talk to my care team"
    page.keyboard.press("Enter")
    expect(chat.bot_messages.filter(has_text="You can reach your care team at 555-0100")).to_have_count(1)
    assert page.evaluate("document.activeElement.id") == "message", "focus returns to the message field"

    page.keyboard.type("I have a rash on my arms")
    page.keyboard.press("Enter")
    expect(chat.user_messages.last).to_contain_text("I have a rash on my arms")
    expect(page.locator("#log .urgency")).to_have_count(1)
    assert page.get_by_label("Your message").input_value() == ""
    expect(page.get_by_role("log", name="Conversation")).to_be_visible()


def test_when_the_assistant_cannot_be_reached_the_page_says_whom_to_call(chat: ChatPage, monkeypatch):
    monkeypatch.setenv("WEB_CHAT_SOCKET_URL", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    httpd = make_server("127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        chat.page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
        status = chat.page.get_by_role("status")
        expect(status).to_contain_text("Can't reach the assistant right now")
        expect(status).to_contain_text("call your care team at 555-0100")
        expect(status).to_contain_text("In an emergency, call 911")
        save_screenshot(chat.page, "unreachable.png")
        chat.page.goto("about:blank")  # stop the page retrying
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert chat.console_errors and all("ERR_CONNECTION_REFUSED" in e for e in chat.console_errors), chat.console_errors
    chat.console_errors.clear()  # the refused connections were the point of this test
