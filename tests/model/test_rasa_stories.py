"""Rasa's own end-to-end check: tests/test_stories.yml through the trained model (intents, entities, actions).

This runs what `rasa test core --e2e --stories tests/test_stories.yml` runs (`make stories`), on the
model already loaded for the test session instead of loading it again in another process.
"""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

STORIES = Path(__file__).resolve().parents[1] / "test_stories.yml"


def evaluate_stories(agent, stories: Path, out: Path) -> tuple[dict, str]:
    """Rasa's story evaluation; returns the conversation accuracy and the failed stories file."""
    from rasa.core.test import test as rasa_core_test

    out.mkdir(parents=True, exist_ok=True)
    asyncio.new_event_loop().run_until_complete(
        rasa_core_test(str(stories), agent, out_directory=str(out), e2e=True, disable_plotting=True))
    report = json.loads((out / "story_report.json").read_text())
    return report["conversation_accuracy"], (out / "failed_test_stories.yml").read_text()


def test_there_are_at_least_fifteen_end_to_end_stories():
    import yaml

    stories = yaml.safe_load(STORIES.read_text())["stories"]
    assert len(stories) >= 15
    assert sum(any("user" in step for step in s["steps"]) for s in stories) == len(stories), "every story has user text"


def test_every_test_story_passes(local_assistant, tmp_path):
    accuracy, failed = evaluate_stories(local_assistant.agent, STORIES, tmp_path)
    assert accuracy["total"] >= 15
    assert accuracy["correct"] == accuracy["total"], f"failed test stories:\n{failed}"


def test_a_wrong_story_is_reported_as_failed(local_assistant, tmp_path):
    """The check can fail: a story with a wrong entity value and a wrong next action."""
    wrong = tmp_path / "test_wrong.yml"  # Rasa reads test stories only from test_*.yml files
    wrong.write_text(
        'version: "3.1"\nstories:\n  - story: wrong\n    steps:\n      - user: |\n'
        '          my gums keep [bleeding]{"entity": "symptom", "value": "nosebleed"}\n'
        "        intent: report_bleeding\n      - action: utter_goodbye\n")
    accuracy, failed = evaluate_stories(local_assistant.agent, wrong, tmp_path / "out")
    assert accuracy["correct"] == 0 and "wrong" in failed
