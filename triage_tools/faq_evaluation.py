"""Score the FAQ answers on held-out questions, and check that no symptom report gets an FAQ answer alone.

    python -m triage_tools.faq_evaluation                      # tests/eval/faq_holdout.yml + triage_eval.yml
    python -m triage_tools.faq_evaluation --min-accuracy 0.9

Retrieval accuracy counts a question as right only when the assistant would answer it with the
expected faq.yml entry (a question sent to triage, or answered "ask your care team" because the
selector was unsure, counts as wrong unless ask_care_team was expected). The safety check runs
every message of the triage evaluation set that expects a symptom urgency and lists any that
would be answered by the FAQ alone. Exits non-zero below --min-accuracy or on any such message.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import yaml

from bot.knowledge import default_knowledge
from bot.nlu_result import answer_topic, routed_to_faq

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HOLDOUT = ROOT / "tests" / "eval" / "faq_holdout.yml"
DEFAULT_SAFETY_SET = ROOT / "tests" / "eval" / "triage_eval.yml"
MIN_PHRASINGS = 5

Parse = Callable[[str], Mapping[str, Any]]


@dataclass(frozen=True)
class FaqCase:
    text: str
    topic: str


@dataclass(frozen=True)
class FaqOutcome:
    case: FaqCase
    answered: str  # a faq topic, or "triage:<intent>" when the message goes to triage

    @property
    def correct(self) -> bool:
        return self.answered == self.case.topic


@dataclass(frozen=True)
class FaqReport:
    outcomes: tuple[FaqOutcome, ...]

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def accuracy(self) -> float:
        return sum(o.correct for o in self.outcomes) / self.total if self.total else 0.0

    def per_topic(self) -> dict[str, tuple[int, int]]:
        """topic -> (correct, total)."""
        totals = Counter(o.case.topic for o in self.outcomes)
        correct = Counter(o.case.topic for o in self.outcomes if o.correct)
        return {topic: (correct[topic], totals[topic]) for topic in sorted(totals)}

    @property
    def misses(self) -> tuple[FaqOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.correct)


def load_holdout(path: Path = DEFAULT_HOLDOUT, topics: Iterable[str] | None = None) -> list[FaqCase]:
    """Read and check the held-out questions; raises ValueError naming the bad entry."""
    known = set(topics if topics is not None else default_knowledge().faq)
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    cases = []
    for number, item in enumerate(document.get("questions") or [], 1):
        topic = item.get("topic") if isinstance(item, dict) else None
        if topic not in known:
            raise ValueError(f"{path.name}: question group #{number}: topic {topic!r} is not in faq.yml")
        texts = [str(t).strip() for t in item.get("texts") or [] if str(t).strip()]
        if not texts:
            raise ValueError(f"{path.name}: question group #{number} ({topic}): needs 'texts'")
        cases += [FaqCase(text=text, topic=topic) for text in texts]
    if not cases:
        raise ValueError(f"{path.name}: no questions")
    counts = Counter(case.topic for case in cases)
    thin = sorted(topic for topic in known if counts[topic] < MIN_PHRASINGS)
    if thin:
        raise ValueError(f"{path.name}: topics with fewer than {MIN_PHRASINGS} phrasings: {', '.join(thin)}")
    return cases


def answered_as(parsed: Mapping[str, Any]) -> str:
    """What the assistant does with a parsed message: the faq topic it answers, or triage."""
    if routed_to_faq(parsed):
        return answer_topic(parsed)
    return f"triage:{(parsed.get('intent') or {}).get('name')}"


def evaluate_faq(cases: Iterable[FaqCase], parse: Parse) -> FaqReport:
    return FaqReport(tuple(FaqOutcome(case, answered_as(parse(case.text))) for case in cases))


def faq_only_symptom_messages(texts: Iterable[str], parse: Parse) -> list[str]:
    """The messages (all expected to get a symptom urgency) that would get an FAQ answer alone."""
    return [text for text in texts if routed_to_faq(parse(text))]


def symptom_messages(path: Path = DEFAULT_SAFETY_SET) -> list[str]:
    """Texts of the triage evaluation set that expect an urgency above none."""
    from bot.vocabulary import Urgency
    from triage_tools.evaluation import load_eval_set

    return [case.text for case in load_eval_set(path) if case.urgency > Urgency.NONE]


def format_report(report: FaqReport, unsafe: Sequence[str]) -> str:
    lines = [f"held-out questions:  {report.total}",
             f"retrieval accuracy:  {report.accuracy:.1%}",
             f"symptom messages answered by the FAQ alone: {len(unsafe)}",
             "", f"{'topic':<18} {'correct':>7}"]
    lines += [f"{topic:<18} {correct:>3}/{total:<3}" for topic, (correct, total) in report.per_topic().items()]
    if report.misses:
        lines += ["", "misses:"]
        lines += [f"  expected {o.case.topic:<16} got {o.answered:<24} {o.case.text!r}" for o in report.misses]
    if unsafe:
        lines += ["", "SYMPTOM MESSAGES ANSWERED BY THE FAQ ALONE:"] + [f"  {text!r}" for text in unsafe]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_HOLDOUT, help="held-out questions (YAML)")
    parser.add_argument("--safety-set", type=Path, default=DEFAULT_SAFETY_SET, help="labelled triage messages")
    parser.add_argument("--model", type=Path, default=None, help="Rasa model (default: newest in models/)")
    parser.add_argument("--min-accuracy", type=float, default=0.9)
    args = parser.parse_args(argv)
    from triage_tools.rasa_runtime import LocalAssistant

    assistant = LocalAssistant.load(args.model)
    report = evaluate_faq(load_holdout(args.set), assistant.parse)
    unsafe = faq_only_symptom_messages(symptom_messages(args.safety_set), assistant.parse)
    print(format_report(report, unsafe))
    return 1 if unsafe or report.accuracy < args.min_accuracy else 0


if __name__ == "__main__":
    sys.exit(main())
