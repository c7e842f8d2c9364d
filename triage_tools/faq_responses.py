"""data/responses/faq.yml from bot/data/faq.yml, and the FAQ topics of the NLU training data.

    python -m triage_tools.faq_responses --write    # after editing bot/data/faq.yml
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Mapping

import yaml

from bot.knowledge import DATA_DIR, FaqEntry, default_knowledge
from bot.names import Intent

ROOT = Path(__file__).resolve().parent.parent
RESPONSES_FILE = ROOT / "data" / "responses" / "faq.yml"


def rasa_responses(faq: Mapping[str, FaqEntry]) -> str:
    """The one response per topic that Rasa needs for the retrieval intent (and FaqSelector copies into its output).

    The assistant never sends these (the triage decision answers from faq.yml); they only name each topic,
    so the answer text lives in one place.
    """
    lines = ['version: "3.1"',
             "# Generated from bot/data/faq.yml by `python -m triage_tools.faq_responses --write`: do not edit.",
             "# Rasa needs one response per faq/<topic>; the assistant answers from bot/data/faq.yml instead.",
             "responses:"]
    for topic, entry in faq.items():
        question = yaml.safe_dump(f"[{entry.id}] {entry.question}", width=1000).splitlines()[0]
        lines += [f"  utter_faq/{topic}:", f"    - text: {question}"]
    return "\n".join(lines) + "\n"


def training_topics(nlu_path: Path) -> dict[str, int]:
    """Number of NLU examples per faq/<topic> in a Rasa NLU file."""
    document = yaml.safe_load(nlu_path.read_text(encoding="utf-8")) or {}
    counts: dict[str, int] = {}
    for block in document.get("nlu") or []:
        intent = str(block.get("intent", ""))
        if intent.startswith(Intent.FAQ + "/"):
            examples = [line for line in str(block.get("examples", "")).splitlines() if line.strip().startswith("- ")]
            counts[intent.split("/", 1)[1]] = len(examples)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check bot/data/faq.yml and write data/responses/faq.yml.")
    parser.add_argument("--write", action="store_true", help=f"(re)write {RESPONSES_FILE}")
    args = parser.parse_args(argv)
    faq = default_knowledge().faq
    if args.write:
        RESPONSES_FILE.parent.mkdir(parents=True, exist_ok=True)
        RESPONSES_FILE.write_text(rasa_responses(faq), encoding="utf-8")
    print(f"{(DATA_DIR / 'faq.yml').name}: {len(faq)} answers OK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
