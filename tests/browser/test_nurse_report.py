"""The nurse-script HTML report on a phone: everything readable without scrolling sideways."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from bot.config import Settings
from triage_tools.nurse_scripts.model import Expectation, Reply, Script, ScriptResult, Turn, TurnResult
from triage_tools.nurse_scripts.reporters.html import html_report

pytestmark = pytest.mark.browser

SETTINGS = Settings(emergency_number="911", care_team_phone="(212) 555-0123", care_team_name="the nurse line")
LONG_WORD = "https://clinic.example.org/very/long/address/that/a/patient/pasted/without/any/spaces/at/all" * 2


def _results() -> list[ScriptResult]:
    expect = Expectation(urgency="emergency", all_of=("crs", "infection", "icans"), says=("{care_team_phone}",))
    turn = Turn(patient="my husband had a seizure and his temperature is 39.5 " + LONG_WORD, expect=expect, line=4)
    reply = Reply(("Call 911 now. " + LONG_WORD, "Contact the nurse line at (212) 555-0123."),
                  {"urgency": "contact_now", "categories": ["crs", "infection", "icans", "liver", "bleeding"]})
    failed = ScriptResult(Script(name="A very long script name about fever with confusion in a caregiver's words",
                                 path=Path("tests/triage_scripts/multi_fever_and_confusion_with_a_long_name.yml"),
                                 turns=(turn,), description=LONG_WORD, patient_context="Caregiver, day 2"),
                          [TurnResult(turn, reply, failures=("urgency: expected emergency, got contact_now",
                                                             'text: does not say "' + LONG_WORD + '"'))], 0.4)
    passed = ScriptResult(Script(name="Greeting", path=Path("greeting.yml"), turns=(turn,)),
                          [TurnResult(turn, Reply(("Hello",), None))], 0.1)
    return [failed, passed]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_report_does_not_scroll_sideways(browser: Browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.set_content(html_report(_results(), 1.2, "the trained model (in-process)", SETTINGS))
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, f"the report is {scroll}px wide in a {client}px window"
        assert page.get_by_text("No symptom triage").count() == 1
        assert page.get_by_text("Care team number: (212) 555-0123").count() == 1
    finally:
        context.close()
