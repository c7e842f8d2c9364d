"""Every shipped nurse script must pass against the trained assistant: this is how they run in CI."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.config import load_settings
from triage_tools.nurse_scripts.loading import load_scripts
from triage_tools.nurse_scripts.reporters.console import table
from triage_tools.nurse_scripts.reporters.html import write_html
from triage_tools.nurse_scripts.reporters.junit import write_junit
from triage_tools.nurse_scripts.runner import InProcessAssistant, RestAssistant, run_scripts

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "tests" / "triage_scripts"
ARTIFACTS = ROOT / "tests" / "artifacts"


def test_every_shipped_script_passes_in_process(local_assistant):
    scripts = load_scripts([SHIPPED])
    started = time.monotonic()
    results = run_scripts(scripts, InProcessAssistant(agent=local_assistant.agent))
    seconds = time.monotonic() - started
    write_junit(results, seconds, ARTIFACTS / "triage-scripts.xml")
    write_html(results, seconds, "the trained model (in-process)", ARTIFACTS / "triage-scripts.html", load_settings())
    assert len(results) == len(scripts) >= 40
    assert all(r.passed for r in results), "\n" + table(results, seconds, width=120)


@pytest.mark.e2e
def test_scripts_run_over_rest_against_a_running_server(assistant):
    """--url mode: the same scripts through the REST channel of the real servers."""
    names = ["followup_fever_then_high_temperature.yml", "emergency_in_calm_conversation.yml",
             "negation_no_fever_no_chills.yml"]
    scripts = load_scripts([SHIPPED / name for name in names])
    results = run_scripts(scripts, RestAssistant(assistant.rasa_url))
    assert all(r.passed for r in results), "\n" + table(results, 0.0, width=120)
    assert [len(r.turns) for r in results] == [2, 4, 1]
