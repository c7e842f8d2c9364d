"""One current urgency on screen: the status area follows the triage answers, the transcript keeps each banner.

The server decides which urgency is in force and sends it as each triage answer's metadata urgency; the
page shows exactly that in its one status area. These tests therefore check the page against the metadata
it actually received (recorded from the socket.io frames), whatever the server's rules for stepping down.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, URGENT, ChatPage, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

EMERGENCY = "my husband just had a seizure and wont wake up"
FEVER = "I have a fever of 101"
TIRED = "I feel a bit tired"
NO_SYMPTOM = "no fever today and no chills"
CALLED = "I called 911, the ambulance is on its way"
HEADINGS = {"emergency": "Emergency: call 911 now", "contact_now": "Contact your care team now",
            "report_if_bothersome": "Not urgent"}


def assert_one_current_urgency(chat: ChatPage) -> None:
    """The status area shows the latest triage answer's urgency; the transcript has one banner per answer."""
    urgency = chat.triage[-1]["urgency"]
    expect(chat.status).to_have_count(1)
    expect(chat.status).to_have_attribute("data-urgency", urgency)
    if urgency in URGENT:
        expect(chat.page.get_by_role("region", name="What to do now")).to_be_visible()
        expect(chat.status.locator(".urgency")).to_have_count(1)
        expect(chat.status.locator(".urgency__heading")).to_have_text(HEADINGS[urgency])
    else:
        expect(chat.status).to_be_hidden()
    banners = [t["urgency"] for t in chat.triage if t["urgency"] in URGENT]
    shown = chat.page.locator("#log .urgency").evaluate_all("boxes => boxes.map(b => b.className.split('--')[1])")
    assert shown == banners, "each triage answer keeps its own banner in the transcript, in order"
    assert chat.page.locator("#log [role=alert], #log [aria-live=assertive]").count() == 0
    assert chat.page.locator("#log .msg--urgency[aria-hidden=true]").count() == len(banners), \
        "screen readers hear the urgency once, from the status area"
    positions = chat.page.locator("#log > li").evaluate_all("items => items.map(i => getComputedStyle(i).position)")
    assert "sticky" not in positions and "fixed" not in positions, "no banner is pinned over the conversation"


def assert_call_button_is_not_covered(chat: ChatPage, name: str) -> None:
    link = chat.status.get_by_role("link", name=name)
    expect(link).to_be_visible()
    on_top = link.evaluate("""a => { const r = a.getBoundingClientRect();
        return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2).closest('a') === a; }""")
    assert on_top, f"nothing covers the {name!r} button"
    assert chat.page.get_by_role("link", name=name).count() == 1, "one call button, in the status area"
    status, log = chat.status.bounding_box(), chat.page.locator(".chat__main").bounding_box()
    assert status["y"] + status["height"] <= log["y"] + 1, "the status area sits above the conversation"


def announcements_due(urgencies: list[str], in_force: str = "none") -> int:
    """One announcement each time a new instruction comes into force; stepping down to none is silent."""
    due = 0
    for urgency in urgencies:
        due += urgency != in_force and urgency in URGENT
        in_force = urgency
    return due


@pytest.mark.parametrize("chat", [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")],
                         indirect=True)
def test_emergency_then_fever_then_tired_shows_one_current_urgency(chat: ChatPage, request: pytest.FixtureRequest):
    """Banners no longer pile up: one status area, each answer's banner in the transcript."""
    chat.open().greeted()
    assert chat.send_and_wait(EMERGENCY)["urgency"] == "emergency"
    assert_one_current_urgency(chat)
    assert_call_button_is_not_covered(chat, "Call 911")
    assert chat.announced() == ["Emergency: call 911 now. Do not wait for a reply here."]

    chat.send_and_wait(FEVER)  # contact_now on its own, but the emergency is still in force
    assert_one_current_urgency(chat)
    save_screenshot(chat.page, f"emergency-then-fever-{request.node.callspec.id}.png", top_text=EMERGENCY)

    chat.send_and_wait(TIRED)
    assert_one_current_urgency(chat)
    assert [t["urgency"] for t in chat.triage] == ["emergency"] * 3, "the server keeps the emergency in force"
    expect(chat.status).to_have_attribute("data-urgency", "emergency")
    assert chat.announced() == ["Emergency: call 911 now. Do not wait for a reply here."], \
        "announced once, never again while in force"
    assert "((" not in chat.page.locator("body").inner_text()

    # the patient says help is coming: the status steps down to telling the care team, announced once
    assert chat.send_and_wait(CALLED)["urgency"] == "contact_now"
    assert_one_current_urgency(chat)
    assert chat.announced() == ["Emergency: call 911 now. Do not wait for a reply here.",
                                "Contact your care team now. Call the oncology nurse line at 555-0100 right now."]


@pytest.mark.parametrize("chat", [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")],
                         indirect=True)
def test_fever_then_emergency_raises_the_status_and_announces_each_change_once(chat: ChatPage,
                                                                             request: pytest.FixtureRequest):
    chat.open().greeted()
    assert chat.send_and_wait(FEVER)["urgency"] == "contact_now"
    assert_one_current_urgency(chat)
    assert_call_button_is_not_covered(chat, "Call 555-0100")
    assert chat.announced() == ["Contact your care team now. Call the oncology nurse line at 555-0100 right now."]

    assert chat.send_and_wait(EMERGENCY)["urgency"] == "emergency"
    assert_one_current_urgency(chat)
    assert_call_button_is_not_covered(chat, "Call 911")
    assert chat.page.get_by_role("link", name="Call 555-0100").count() == 0, "the amber button went with its status"
    # docs/web-chat-phone.png and docs/web-chat-desktop.png are copies of these two.
    save_screenshot(chat.page, f"fever-then-emergency-{request.node.callspec.id}.png", top_text=FEVER)

    assert chat.send_and_wait("he still wont wake up")["urgency"] == "emergency"
    assert_one_current_urgency(chat)
    assert chat.announced() == ["Contact your care team now. Call the oncology nurse line at 555-0100 right now.",
                                "Emergency: call 911 now. Do not wait for a reply here."], "the same urgency again is not re-announced"


def test_reload_in_the_middle_keeps_the_status_and_does_not_announce_it_again(chat: ChatPage):
    chat.open().greeted()
    chat.send_and_wait(EMERGENCY)
    chat.send_and_wait(FEVER)
    in_force = chat.triage[-1]["urgency"]
    entries = chat.log_entries()

    chat.page.reload()
    chat.wait_until_ready()
    assert chat.log_entries() == entries
    assert_one_current_urgency(chat)
    expect(chat.status).to_have_attribute("data-urgency", in_force)
    assert chat.announced() == [], "what is already on screen is not announced again after a reload"

    # A message without symptoms: the status shows what the server says is in force (the emergency stays).
    chat.send_and_wait(NO_SYMPTOM)
    assert_one_current_urgency(chat)
    assert len(chat.announced()) == announcements_due([chat.triage[-1]["urgency"]], in_force)


def test_the_care_team_number_never_breaks_across_lines_on_a_narrow_phone(chat: ChatPage):
    chat.page.set_viewport_size({"width": 320, "height": 640})
    chat.open().greeted()
    chat.send_and_wait(FEVER)
    numbers = chat.page.locator("#log .phone, #current-urgency .phone")
    assert numbers.count() >= 2
    lines = numbers.evaluate_all("links => links.map(a => a.getClientRects().length)")
    assert set(lines) == {1}, "every care-team number is on one line"
    expect(chat.bot_messages.locator("a.phone").first).to_have_attribute("href", "tel:5550100")
