"""The nurse inbox in headless Chromium, fed by the real Rasa and action servers through Rasa's event stream."""
from __future__ import annotations

import re
import time
import uuid
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import save_screenshot
from triage_tools.servers import RunningAssistant, RunningCareTeam, running_care_team

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

NURSE, PASSWORD = "nurse.kim", "correct horse battery"
TABLET = {"viewport": {"width": 820, "height": 1180}, "device_scale_factor": 1, "is_mobile": True,
          "has_touch": True, "reduced_motion": "reduce"}
REPORTS = [  # (what the patient writes, expected urgency)
    ("I feel a bit more tired than usual since the infusion", "report_if_bothersome"),
    ("my husband just had a seizure and wont wake up", "emergency"),
    ("fever 38.9 and chills", "contact_now"),
]


@pytest.fixture(scope="module")
def inbox(assistant: RunningAssistant) -> Iterator[tuple[RunningCareTeam, dict[str, str]]]:
    """A care-team service with a nurse account and three patients' conversations in it (urgency -> sender)."""
    with running_care_team(assistant) as care_team:
        care_team.add_user(NURSE, PASSWORD)
        senders = {}
        for text, urgency in REPORTS:
            senders[urgency] = f"patient-{uuid.uuid4().hex[:8]}"
            assistant.send(senders[urgency], text)
        nurse = care_team.sign_in(NURSE, PASSWORD)
        deadline = time.monotonic() + 30
        while not all(s in nurse.get(care_team.url, timeout=30).text for s in senders.values()):
            assert time.monotonic() < deadline, "the reports did not reach the inbox"
            time.sleep(0.1)
        yield care_team, senders


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(**TABLET)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    # A refused sign-in answers 401, which Chromium also reports on the console: that one is expected.
    page.on("console", lambda message: message.type == "error" and "status of 401" not in message.text
            and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"browser console errors: {errors}"


def _sign_in(page: Page, url: str, password: str = PASSWORD) -> None:
    page.get_by_label("User name").fill(NURSE)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _row(page: Page, sender: str):
    return page.locator("tbody tr", has_text=sender)


def test_no_access_without_signing_in_then_wrong_password_then_sign_in(page: Page, inbox):
    care_team, senders = inbox
    page.goto(f"{care_team.url}/?urgency=emergency")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    for sender in senders.values():
        expect(page.locator("body")).not_to_contain_text(sender)

    _sign_in(page, care_team.url, password="not the password")
    expect(page.get_by_role("alert")).to_contain_text("Wrong user name or password")
    expect(page.locator("table")).to_have_count(0)

    _sign_in(page, care_team.url)
    expect(page.get_by_role("heading", name="Conversations")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?urgency=emergency$"))  # back where the nurse wanted to go
    expect(_row(page, senders["emergency"])).to_have_count(1)
    expect(_row(page, senders["contact_now"])).to_have_count(0)


def test_list_urgent_first_filter_open_acknowledge_and_sign_out(page: Page, inbox):
    care_team, senders = inbox
    page.goto(care_team.url)
    _sign_in(page, care_team.url)
    rows = page.locator("tbody tr")
    mine = [text for text in rows.all_inner_texts() if any(s in text for s in senders.values())]
    assert senders["emergency"] in mine[0] and senders["contact_now"] in mine[1] and senders["report_if_bothersome"] \
        in mine[2], "urgent unacknowledged first (emergency before contact now), then the rest"
    expect(_row(page, senders["emergency"])).to_contain_text("Needs attention")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling"
    save_screenshot(page, "care-team-inbox.png")

    page.get_by_label("Urgency").select_option("contact_now")
    page.get_by_role("button", name="Filter").click()
    expect(_row(page, senders["contact_now"])).to_have_count(1)
    expect(_row(page, senders["emergency"])).to_have_count(0)
    page.get_by_label("Category").select_option("infection")
    page.get_by_role("button", name="Filter").click()
    expect(_row(page, senders["contact_now"])).to_have_count(1)
    page.get_by_role("link", name="Clear").click()
    expect(_row(page, senders["emergency"])).to_have_count(1)

    _row(page, senders["contact_now"]).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Contact now")
    summary = page.locator("article.turn").first
    labels = summary.locator("dt").all_inner_texts()
    assert labels == ["What was reported", "Urgency and why", "What the patient was told", "When"]
    expect(summary).to_contain_text("fever 38.9 and chills")
    expect(page.locator("#chart-summary")).to_contain_text("Highest urgency: Contact now")
    page.get_by_role("button", name="Copy summary").click()
    expect(page.get_by_role("status").filter(has_text="Summary copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()").startswith("Imdelltra side-effect assistant: summary")
    save_screenshot(page, "care-team-conversation.png")

    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("status").filter(has_text="Acknowledged.")).to_be_visible()
    expect(page.locator(".status")).to_contain_text(f"Acknowledged by {NURSE}")
    page.get_by_label("Add a note").fill("Called back, on the way to the ED.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".notes")).to_contain_text("Called back, on the way to the ED.")

    page.get_by_role("link", name="All conversations").click()
    expect(_row(page, senders["contact_now"])).to_contain_text(f"Acknowledged by {NURSE}")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_contain_text("You have signed out")
    page.go_back()
    page.reload()
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.locator("body")).not_to_contain_text(senders["contact_now"])
