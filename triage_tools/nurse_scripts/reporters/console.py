"""The pass/fail table printed at the end of a run."""
from __future__ import annotations

import shutil
from typing import TextIO

from triage_tools.nurse_scripts.model import ScriptResult


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 1)] + "…"


def progress_line(index: int, total: int, result: ScriptResult) -> str:
    """One line per finished script, printed while the run goes on."""
    status = "PASS" if result.passed else "FAIL"
    return f"[{index + 1:>{len(str(total))}}/{total}] {status}  {result.script.id}  ({result.seconds:.1f}s)"


def table(results: list[ScriptResult], seconds: float, width: int | None = None) -> str:
    """A readable table: one row per script, then every failed check, then the totals."""
    width = width or max(shutil.get_terminal_size((100, 20)).columns, 80)
    id_width = min(max([len(r.script.id) for r in results] + [6]), 40)
    name_width = max(width - id_width - 20, 20)
    lines = [f"{'RESULT':<6}  {'SCRIPT':<{id_width}}  {'TURNS':>5}  NAME", "-" * min(width, 120)]
    for result in results:
        status = "PASS" if result.passed else "FAIL"
        turns = f"{sum(t.passed for t in result.turns)}/{len(result.script.turns)}"
        lines.append(f"{status:<6}  {_cut(result.script.id, id_width):<{id_width}}  {turns:>5}  "
                     f"{_cut(result.script.name, name_width)}")
    failed = [r for r in results if not r.passed]
    for result in failed:
        lines += ["", f"FAILED {result.script.id} ({result.script.path}): {result.script.name}"]
        for number, turn in enumerate(result.turns, 1):
            if turn.passed:
                continue
            lines.append(f"  turn {number} (line {turn.turn.line}) patient: {turn.turn.patient!r}")
            problems = ([turn.error] if turn.error else []) + list(turn.failures)
            lines += [f"    - {problem}" for problem in problems]
    passed = len(results) - len(failed)
    lines += ["", f"{passed} of {len(results)} scripts passed, {len(failed)} failed "
                  f"({sum(len(r.turns) for r in results)} turns, {seconds:.1f}s)"]
    return "\n".join(lines)


def print_table(results: list[ScriptResult], seconds: float, out: TextIO) -> None:
    print(table(results, seconds), file=out)
