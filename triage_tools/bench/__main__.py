"""`make bench`: our assistant side by side with a bare `rasa init` bot; numbers reported, nothing asserted.

    python -m triage_tools.bench [--part PART ...] [--runs N] [--out reports]

Parts: engine (detection + triage, NLU parse + triage, in-process), rest (REST turns, one at a time), concurrency
(20 and 100 conversations at once), long (turn 5 against turn 50), inbox (reply to care-team inbox), training
(`rasa train --force` of both bots), scale-out (two servers behind HAProxy, one killed; `make bench-scale-out`).
With --runs N every part runs N times and the report holds the medians. Server start-up and resident memory are
measured whenever a served part runs.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from triage_tools.bench.bare_bot import ensure_bare_bot
from triage_tools.bench.engine import measure_in_process
from triage_tools.bench.report import markdown_table, read_reports, write_reports
from triage_tools.bench.scale_out import run_scale_out
from triage_tools.bench.side_by_side import BARE, OURS, SERVED_PARTS, run_side_by_side
from triage_tools.bench.stats import median_of_runs
from triage_tools.bench.training import time_training
from triage_tools.evaluation import DEFAULT_SET, load_eval_set
from triage_tools.quiet_rasa import quiet_third_party_warnings
from triage_tools.servers import ROOT

PARTS = ("engine", *SERVED_PARTS, "training", "scale-out")
DEFAULT_PARTS = tuple(part for part in PARTS if part != "scale-out")
MESSAGES = 200


def one_run(parts: set[str], texts: list[str], run_index: int) -> dict[str, Any]:
    """Every part asked for, once; the load average before and after."""
    result: dict[str, Any] = {"load_average_before": list(os.getloadavg())}
    if "engine" in parts:
        result["in_process"] = measure_in_process(texts)
    if parts & set(SERVED_PARTS):
        result["side_by_side"] = run_side_by_side(parts, texts, ensure_bare_bot(), run_index)
    if "training" in parts:
        bare = ensure_bare_bot()
        order = [ROOT, bare.project][:: 1 if run_index % 2 == 0 else -1]
        seconds = {project: time_training(project) for project in order}
        result["training"] = {OURS: seconds[ROOT], BARE: seconds[bare.project], "bare_rasa_init_s": bare.init_seconds}
    if "scale-out" in parts:
        result["scale_out"] = run_scale_out(texts, run_index)
    result["load_average_after"] = list(os.getloadavg())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", action="append", choices=PARTS, help="run only this part (repeatable)")
    parser.add_argument("--runs", type=int, default=1, help="run everything N times and report medians")
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    parser.add_argument("--table", action="store_true", help="print the tables of the reports in --out, run nothing")
    args = parser.parse_args()
    if args.table:
        print(markdown_table(read_reports(args.out)))
        return
    quiet_third_party_warnings()
    parts = set(args.part or DEFAULT_PARTS)
    texts = [case.text for case in load_eval_set(DEFAULT_SET)][:MESSAGES]

    runs = []
    for run_index in range(args.runs):
        print(f"Run {run_index + 1} of {args.runs}: {', '.join(sorted(parts))}  "
              f"(load average {_load(os.getloadavg())})", flush=True)
        started = time.perf_counter()
        runs.append(one_run(parts, texts, run_index))
        print(f"  done in {time.perf_counter() - started:.0f} s, load average {_load(runs[-1]['load_average_after'])}",
              flush=True)
    results = median_of_runs(runs)
    results.pop("load_average_before"), results.pop("load_average_after")
    results["machine"] = _machine(parts, runs)
    _print(results)
    write_reports(args.out, results)
    print(f"\nReports in {args.out}: " + ", ".join(sorted(path.name for path in args.out.glob("bench*"))))


def _machine(parts: set[str], runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The parts run, the cores, and the load average before and after each run."""
    loads = [{"before": run["load_average_before"], "after": run["load_average_after"]} for run in runs]
    summary = (f"{os.cpu_count()} cores, median of {len(runs)} run(s), load average (1 min) "
               + ", ".join(f"{load['before'][0]:.1f}→{load['after'][0]:.1f}" for load in loads))
    return {"parts": " ".join(sorted(parts)), "cores": os.cpu_count(), "runs": len(runs), "load_averages": loads,
            "summary": summary}


def _load(averages: list[float] | tuple[float, ...]) -> str:
    return " ".join(f"{value:.2f}" for value in averages)


def _print(results: dict[str, Any]) -> None:
    """The tables, then the numbers that have no ratio (in-process, inbox) as JSON."""
    print(f"\n{results['machine']['summary']}\n")
    print(markdown_table(results))
    side = results.get("side_by_side", {})
    extra = {"in_process": results.get("in_process"), "inbox": side.get("inbox")}
    for name, value in extra.items():
        if value:
            print(f"\n{name}: {json.dumps(value, indent=2)}")


if __name__ == "__main__":
    main()
