"""Score the assistant on a labelled set of patient messages that are not in the training data.

    python -m triage_tools.evaluation                 # through the trained Rasa model (NLU + triage)
    python -m triage_tools.evaluation --engine-only   # spaCy detection + triage engine, no classifier
    python -m triage_tools.evaluation --set S --relabel A   # S scored against adjudicated labels in A

Prints urgency accuracy, the under-triaged messages (answered less urgently than expected),
the over-triage rate and per-category precision/recall/F1. Exits non-zero when any message
is under-triaged or accuracy is below --min-accuracy.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

import yaml

from bot.triage import TriageResult
from bot.vocabulary import CATEGORIES, URGENCY_LABELS, Urgency

DEFAULT_SET = Path(__file__).resolve().parent.parent / "tests" / "eval" / "triage_eval.yml"


@dataclass(frozen=True)
class EvalCase:
    text: str
    urgency: Urgency
    categories: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    case: EvalCase
    urgency: Urgency
    categories: frozenset[str]
    reasons: tuple[str, ...] = ()

    @property
    def under_triaged(self) -> bool:
        return self.urgency < self.case.urgency


@dataclass(frozen=True)
class CategoryScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Report:
    total: int
    accuracy: float
    under_triaged: tuple[Outcome, ...]
    over_triaged: tuple[Outcome, ...]
    categories: dict[str, CategoryScore]
    category_exact: float
    emergency_recall: float  # expected emergencies answered as emergencies
    none_kept: float  # messages that are not symptom reports answered `none`

    @property
    def over_triage_rate(self) -> float:
        return len(self.over_triaged) / self.total if self.total else 0.0


def load_eval_set(path: Path = DEFAULT_SET) -> list[EvalCase]:
    """Read and check the labelled messages; raises ValueError naming the bad entry."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for number, item in enumerate(document.get("messages") or [], 1):
        if not isinstance(item, dict) or not str(item.get("text", "")).strip():
            raise ValueError(f"{path.name}: message #{number}: needs a non-empty 'text'")
        if item.get("urgency") not in URGENCY_LABELS:
            raise ValueError(f"{path.name}: message #{number}: urgency {item.get('urgency')!r} is not one of "
                             f"{', '.join(URGENCY_LABELS)}")
        unknown = set(item.get("categories") or []) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"{path.name}: message #{number}: unknown categories {sorted(unknown)}")
        cases.append(EvalCase(text=str(item["text"]), urgency=Urgency.from_label(item["urgency"]),
                              categories=frozenset(item.get("categories") or [])))
    if not cases:
        raise ValueError(f"{path.name}: no messages")
    return cases


def load_relabels(path: Path) -> dict[str, Urgency]:
    """Adjudicated labels by message text (a second annotation's `relabel` list); ValueError on a bad entry."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    labels = {}
    for number, item in enumerate(document.get("relabel") or [], 1):
        if not isinstance(item, dict) or item.get("urgency") not in URGENCY_LABELS or not item.get("text"):
            raise ValueError(f"{path.name}: relabel #{number}: needs a 'text' and an urgency in "
                             f"{', '.join(URGENCY_LABELS)}")
        labels[str(item["text"])] = Urgency.from_label(item["urgency"])
    return labels


def relabelled(cases: list[EvalCase], labels: dict[str, Urgency]) -> list[EvalCase]:
    """The cases with the adjudicated urgency where one is given."""
    return [replace(case, urgency=labels[case.text]) if case.text in labels else case for case in cases]


def score(outcomes: Sequence[Outcome]) -> Report:
    """Urgency accuracy, under/over-triage and per-category F1."""
    total = len(outcomes)
    per_category = {}
    for category in CATEGORIES:
        tp = sum(category in o.categories and category in o.case.categories for o in outcomes)
        fp = sum(category in o.categories and category not in o.case.categories for o in outcomes)
        fn = sum(category not in o.categories and category in o.case.categories for o in outcomes)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_category[category] = CategoryScore(precision, recall, f1, tp + fn)
    return Report(
        total=total,
        accuracy=sum(o.urgency == o.case.urgency for o in outcomes) / total,
        under_triaged=tuple(o for o in outcomes if o.under_triaged),
        over_triaged=tuple(o for o in outcomes if o.urgency > o.case.urgency),
        categories=per_category,
        category_exact=sum(o.categories == o.case.categories for o in outcomes) / total,
        emergency_recall=_share(outcomes, Urgency.EMERGENCY),
        none_kept=_share(outcomes, Urgency.NONE),
    )


def _share(outcomes: Sequence[Outcome], urgency: Urgency) -> float:
    """Of the messages expecting `urgency`, the share answered with exactly it (1.0 when there are none)."""
    expected = [o for o in outcomes if o.case.urgency == urgency]
    return sum(o.urgency == urgency for o in expected) / len(expected) if expected else 1.0


def evaluate(cases: Iterable[EvalCase], triage: Callable[[str], TriageResult]) -> Report:
    """Run every case through `triage` (text -> the triage result) and score it."""
    outcomes = []
    for case in cases:
        result = triage(case.text)
        outcomes.append(Outcome(case, result.urgency, frozenset(result.categories), result.reasons))
    return score(outcomes)


def format_report(report: Report) -> str:
    lines = [
        f"messages:           {report.total}",
        f"urgency accuracy:   {report.accuracy:.1%}",
        f"under-triaged:      {len(report.under_triaged)}",
        f"over-triage rate:   {report.over_triage_rate:.1%} ({len(report.over_triaged)})",
        f"emergency recall:   {report.emergency_recall:.1%}",
        f"non-symptom -> none: {report.none_kept:.1%}",
        f"categories exact:   {report.category_exact:.1%}",
        "",
        f"{'category':<10} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}",
    ]
    for name, s in report.categories.items():
        lines.append(f"{name:<10} {s.precision:>9.2f} {s.recall:>7.2f} {s.f1:>6.2f} {s.support:>8}")
    for title, outcomes in (("UNDER-TRIAGED", report.under_triaged), ("over-triaged", report.over_triaged)):
        if outcomes:
            lines += ["", f"{title}:"]
            lines += [f"  expected {o.case.urgency.label:<20} got {o.urgency.label:<20} {o.case.text!r}\n"
                      f"      why: {', '.join(o.reasons) or 'no rule'}" for o in outcomes]
    return "\n".join(lines)


def engine_triage() -> Callable[[str], TriageResult]:
    """Detection + triage engine only (no intent classifier)."""
    from bot.detection import default_detector
    from bot.triage import PatientMessage, decide

    detector = default_detector()

    def triage(text: str) -> TriageResult:
        return decide(PatientMessage(detector.detect(text)))
    return triage


def assistant_triage(model: Path | None) -> Callable[[str], TriageResult]:
    """The trained Rasa NLU model + the same triage step the action server runs."""
    from triage_tools.rasa_runtime import LocalAssistant

    assistant = LocalAssistant.load(model)

    return assistant.triage


def summary_table(reports: dict[str, Report]) -> str:
    """One line per set: the numbers the closing notes report."""
    lines = [f"{'set':<40} {'n':>4} {'accuracy':>9} {'under':>6} {'emerg. recall':>14} {'non-symptom->none':>18}"]
    for name, r in reports.items():
        lines.append(f"{name:<40} {r.total:>4} {r.accuracy:>9.1%} {len(r.under_triaged):>6} "
                     f"{r.emergency_recall:>14.1%} "
                     f"{r.none_kept:>18.1%}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, action="append", help="labelled messages (YAML); repeat for several")
    parser.add_argument("--engine-only", action="store_true", help="skip the Rasa model")
    parser.add_argument("--model", type=Path, default=None, help="Rasa model (default: newest in models/)")
    parser.add_argument("--min-accuracy", type=float, default=0.95)
    parser.add_argument("--relabel", type=Path, default=None,
                        help="adjudicated labels (YAML `relabel` list of text and urgency) that replace the sets' own")
    args = parser.parse_args(argv)
    labels = load_relabels(args.relabel) if args.relabel else {}
    sets = {path: relabelled(load_eval_set(path), labels) for path in args.set or [DEFAULT_SET]}
    unused = set(labels) - {case.text for cases in sets.values() for case in cases}
    if unused:
        raise SystemExit(f"{args.relabel}: {len(unused)} relabelled text(s) are in none of the sets, "
                         f"e.g. {sorted(unused)[0][:60]!r}")
    triage = engine_triage() if args.engine_only else assistant_triage(args.model)
    reports = {}
    for path, cases in sets.items():
        reports[str(path)] = report = evaluate(cases, triage)
        print(f"== {path}\n{format_report(report)}\n")
    if len(reports) > 1:
        print(summary_table(reports))
    failed = any(r.under_triaged or r.accuracy < args.min_accuracy for r in reports.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
