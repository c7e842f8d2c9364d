"""Answers to general questions about Imdelltra: the data (bot/data/faq.yml) and which answer to give.

The NLU model classifies a question as the retrieval intent `faq` and its ResponseSelector picks
`faq/<topic>`; the answer text, its id and its source come from faq.yml, never from code.
A question with a symptom the patient has now never reaches here alone: SymptomIntentGuard routes
it to triage first, and the triage action may add the answer after (see faq_after_triage).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from bot.config import Settings
from bot.knowledge import DATA_DIR, DataError, Knowledge, _check_placeholders, _Entry, _read, _unique, default_knowledge
from bot.replies import PARAGRAPH, fill_placeholders
from bot.triage import TriageResult
from bot.vocabulary import Urgency

FAQ_FILE = DATA_DIR / "faq.yml"
RETRIEVAL_INTENT = "faq"
FALLBACK_INTENT = "nlu_fallback"
# Questions the guide does not answer, and questions the selector is unsure about, get this answer.
ASK_CARE_TEAM = "ask_care_team"
SAFETY_LINE = "general.when_to_call_emergency"
# Below this ResponseSelector confidence the assistant does not trust its pick and refers the
# patient to the care team instead of guessing (measured: see docs/faq.md).
MIN_TOPIC_CONFIDENCE = 0.3
TOPIC_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class FaqEntry:
    """One answer: what the patient reads, and where its facts come from."""

    id: str
    topic: str
    question: str
    text: str
    short: str
    follow_up: str
    source: str


@dataclass(frozen=True)
class FaqAnswer:
    """What the assistant sends for a question: the answer and its machine-readable parts."""

    entry: FaqEntry
    text: str
    metadata: dict


def load_faq(path: Path = FAQ_FILE) -> dict[str, FaqEntry]:
    """Load and check the answers, keyed by topic; raises DataError naming file, entry and field."""
    entries = [_Entry(path, raw, f"#{i + 1} ({raw.get('id') if isinstance(raw, dict) else '?'})")
               for i, raw in enumerate(_read(path, "entries"))]
    _unique(path, entries, "id")
    _unique(path, entries, "topic")
    faq: dict[str, FaqEntry] = {}
    for entry in entries:
        topic = entry.text("topic")
        if not TOPIC_PATTERN.match(topic):
            raise entry.fail("topic", f"{topic!r} must be lower-case letters, digits and underscores")
        entry_id = entry.text("id")
        if entry_id != f"faq.{topic}":
            raise entry.fail("id", f"{entry_id!r} must be 'faq.{topic}' (faq. + topic)")
        text = entry.text("text")
        short = entry.text("short", default=text)
        follow_up = entry.text("follow_up") if "follow_up" in entry.raw else ""
        for field, value in (("text", text), ("short", short), ("follow_up", follow_up)):
            try:
                _check_placeholders(entry, field, value)
            except DataError:
                raise
            except ValueError as error:
                raise entry.fail(field, f"has a malformed placeholder: {error}") from error
        faq[topic] = FaqEntry(id=entry_id, topic=topic, question=entry.text("question"), text=text,
                              short=short, follow_up=follow_up, source=entry.text("source"))
    if ASK_CARE_TEAM not in faq:
        raise DataError(path, f"faq.{ASK_CARE_TEAM}", "topic", "this entry is required (the answer when unsure)")
    return faq


@lru_cache(maxsize=1)
def default_faq() -> dict[str, FaqEntry]:
    """The shipped answers, loaded once per process."""
    return load_faq()


def training_topics(nlu_path: Path) -> dict[str, int]:
    """Number of NLU examples per faq/<topic> in a Rasa NLU file."""
    document = yaml.safe_load(nlu_path.read_text(encoding="utf-8")) or {}
    counts: dict[str, int] = {}
    for block in document.get("nlu") or []:
        intent = str(block.get("intent", ""))
        if intent.startswith(RETRIEVAL_INTENT + "/"):
            examples = [line for line in str(block.get("examples", "")).splitlines() if line.strip().startswith("- ")]
            counts[intent.split("/", 1)[1]] = len(examples)
    return counts


# ------------------------------------------------------------------ reading the NLU parse result
def _original_intent(parsed: Mapping[str, Any]) -> str | None:
    """The classifier's own top intent before the fallback and the symptom guard had their say."""
    for entry in parsed.get("intent_ranking") or []:
        if entry.get("name") != FALLBACK_INTENT:
            return entry.get("name")
    return (parsed.get("intent") or {}).get("name")


def selected_topic(parsed: Mapping[str, Any]) -> tuple[str | None, float]:
    """The ResponseSelector's faq/<topic> pick and its confidence, or (None, 0.0)."""
    selection = ((parsed.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}).get("response") or {}
    key = selection.get("intent_response_key") or ""
    if not key.startswith(RETRIEVAL_INTENT + "/"):
        return None, 0.0
    return key.split("/", 1)[1], float(selection.get("confidence") or 0.0)


def answer_topic(parsed: Mapping[str, Any], faq: Mapping[str, FaqEntry] | None = None) -> str:
    """The topic to answer for a message routed to the faq intent: the pick, or ask_care_team when unsure."""
    faq = faq if faq is not None else default_faq()
    topic, confidence = selected_topic(parsed)
    if topic not in faq or confidence < MIN_TOPIC_CONFIDENCE:
        return ASK_CARE_TEAM
    return topic


def routed_to_faq(parsed: Mapping[str, Any]) -> bool:
    """True when the dialogue answers this message with the FAQ alone (no triage)."""
    return (parsed.get("intent") or {}).get("name") == RETRIEVAL_INTENT


def faq_after_triage(parsed: Mapping[str, Any], faq: Mapping[str, FaqEntry] | None = None) -> str | None:
    """The topic to answer after a triage reply, when the patient also asked a general question.

    Only when the classifier's own top intent was the FAQ and the selector is confident: the triage
    reply already tells the patient what to do, so an unsure pick adds nothing.
    """
    faq = faq if faq is not None else default_faq()
    if _original_intent(parsed) != RETRIEVAL_INTENT:
        return None
    topic, confidence = selected_topic(parsed)
    if topic in faq and topic != ASK_CARE_TEAM and confidence >= MIN_TOPIC_CONFIDENCE:
        return topic
    return None


# ------------------------------------------------------------------ composing the answer
def compose_answer(entry: FaqEntry, settings: Settings, knowledge: Knowledge | None = None,
                   short: bool = False, with_safety_line: bool = True) -> FaqAnswer:
    """The answer text (plus follow-up offer and the when-to-call line) and its metadata.

    The metadata is exactly the triage message, with urgency `none` (a question is information, not
    a symptom report); its guidance_ids carry the FAQ id, whose entry in faq.yml names the source.
    """
    knowledge = knowledge or default_knowledge()
    parts = [entry.short if short else entry.text]
    if entry.follow_up and not short:
        parts.append(entry.follow_up)
    guidance_ids = [entry.id]
    if with_safety_line:
        line = knowledge.guidance[SAFETY_LINE]
        parts.append(line.short if short else line.text)
        guidance_ids.append(SAFETY_LINE)
    text = (" " if short else PARAGRAPH).join(fill_placeholders(part, settings) for part in parts)
    metadata = TriageResult(urgency=Urgency.NONE, guidance_ids=tuple(guidance_ids)).metadata()
    return FaqAnswer(entry=entry, text=text, metadata=metadata)


# ------------------------------------------------------------------ the Rasa responses file
RESPONSES_FILE = Path(__file__).resolve().parent.parent / "data" / "responses" / "faq.yml"


def rasa_responses(faq: Mapping[str, FaqEntry]) -> str:
    """data/responses/faq.yml: the one response per topic that Rasa's ResponseSelector needs.

    The assistant never sends these (action_faq answers from faq.yml); they only name each topic,
    so the answer text lives in one place.
    """
    lines = ['version: "3.1"',
             "# Generated from bot/data/faq.yml by `python -m bot.faq --write-responses`: do not edit.",
             "# Rasa needs one response per faq/<topic>; the assistant answers from bot/data/faq.yml instead.",
             "responses:"]
    for topic, entry in faq.items():
        lines += [f"  utter_faq/{topic}:", f"    - text: {yaml.safe_dump(f'[{entry.id}] {entry.question}', width=1000).splitlines()[0]}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Check bot/data/faq.yml and write data/responses/faq.yml.")
    parser.add_argument("--write-responses", action="store_true", help=f"(re)write {RESPONSES_FILE}")
    args = parser.parse_args(argv)
    faq = load_faq()
    if args.write_responses:
        RESPONSES_FILE.parent.mkdir(parents=True, exist_ok=True)
        RESPONSES_FILE.write_text(rasa_responses(faq), encoding="utf-8")
    print(f"{FAQ_FILE.name}: {len(faq)} answers OK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
