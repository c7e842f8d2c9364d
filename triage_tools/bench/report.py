"""The benchmark's outputs: reports/bench.json, the table on screen, and the plot reports/bench.png."""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from triage_tools.bench.side_by_side import BARE, LONG_CONVERSATIONS, OURS

BENCH_JSON, SCALE_OUT_JSON, BENCH_PNG = "bench.json", "bench-scale-out.json", "bench.png"


def write_reports(out: Path, results: dict[str, Any]) -> None:
    """Merge the results into bench.json (or bench-scale-out.json), then draw the plot from both files.

    A run replaces the parts it measured and keeps the others (start-up and memory: the latest run's); each
    run's machine and load averages are kept under "machine", by the parts it ran.
    """
    scale_out = results.pop("scale_out", None)
    out.mkdir(parents=True, exist_ok=True)
    if scale_out is not None:
        (out / SCALE_OUT_JSON).write_text(json.dumps({"machine": results["machine"], **scale_out}, indent=2) + "\n")
    if set(results) - {"machine"}:
        path = out / BENCH_JSON
        merged = json.loads(path.read_text()) if path.exists() else {}
        machines = {**merged.get("machine", {}), results["machine"]["parts"]: results.pop("machine")}
        side_by_side = {**merged.get("side_by_side", {}), **results.pop("side_by_side", {})}
        path.write_text(json.dumps({**merged, **results, "side_by_side": side_by_side, "machine": machines},
                                   indent=2) + "\n")
    plot(read_reports(out), out / BENCH_PNG)


def read_reports(out: Path) -> dict[str, Any]:
    """bench.json with bench-scale-out.json under "scale_out", whichever exist."""
    results = json.loads((out / BENCH_JSON).read_text()) if (out / BENCH_JSON).exists() else {}
    if (out / SCALE_OUT_JSON).exists():
        results["scale_out"] = json.loads((out / SCALE_OUT_JSON).read_text())
    return results


def _ms(value: float) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:,.1f} ms"


def _x(value: float) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.2f}×"


def table_rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(measure, our assistant, bare `rasa init`, ratio) for the parts the results hold."""
    rows = []
    side = results.get("side_by_side", {})
    if "rest" in side:
        rest = side["rest"]
        rows += [("REST turn p50", _ms(rest[OURS]["p50_ms"]), _ms(rest[BARE]["p50_ms"]), _x(rest["ratio_p50"])),
                 ("REST turn p95", _ms(rest[OURS]["p95_ms"]), _ms(rest[BARE]["p95_ms"]), _x(rest["ratio_p95"]))]
    for count, scenario in side.get("concurrency", {}).items():
        ours, bare = (f"{scenario[name]['throughput_msg_s']:.1f} msg/s, p95 {scenario[name]['p95_ms'] / 1000:.2f} s, "
                      f"{scenario[name]['errors']:.0f} errors, {scenario[name]['events_lost']:.0f} events lost"
                      + (f", {scenario[name]['fallback_answers']:.0f} fallback answers" if name == OURS else "")
                      for name in (OURS, BARE))
        rows.append((f"{count} conversations × 10 turns", ours, bare, _x(scenario["ratio_throughput"])))
    if "long" in side:
        long = side["long"]
        rows.append(("turn 50 / turn 5 of a conversation", _x(long[OURS]["ratio_50_to_5"]),
                     _x(long[BARE]["ratio_50_to_5"]), ""))
    if "memory_mb" in side:
        memory = side["memory_mb"]
        rows.append(("Rasa server resident memory", f"{memory[OURS]:,.0f} MB "
                     f"(+ action server {memory['ours_action_server']:,.0f} MB)", f"{memory[BARE]:,.0f} MB",
                     _x(memory[OURS] / memory[BARE])))
    if "start_s" in side:
        start = side["start_s"]
        rows.append(("server start (until it answers)", f"{start[OURS]:.1f} s", f"{start[BARE]:.1f} s",
                     _x(start[OURS] / start[BARE])))
    if "training" in results:
        training = results["training"]
        rows.append(("training (`rasa train --force`)", f"{training[OURS]:.0f} s", f"{training[BARE]:.0f} s",
                     _x(training[OURS] / training[BARE])))
    return rows


def scale_out_rows(scale_out: dict[str, Any]) -> list[tuple[str, str, str, str, str, str]]:
    """(run, throughput, p95, errors and retries, events lost/duplicated in PostgreSQL, the same in RabbitMQ)."""
    rows = []
    for name, run in scale_out.items():
        if isinstance(run, dict) and "throughput_msg_s" in run:
            store, broker = run["tracker_store"], run["event_broker"]
            rows.append((name, f"{run['throughput_msg_s']:.1f} msg/s", f"{run['p95_ms'] / 1000:.2f} s",
                         f"{run['errors']:.0f} / {run['retries']:.0f}",
                         f"{store['lost']:.0f} / {store['duplicated']:.0f} of {store['sent']:.0f}",
                         f"{broker['lost']:.0f} / {broker['duplicated']:.0f} "
                         f"({run['events_published_by_last_reply']:.0f} by the last reply, "
                         f"{run.get('events_delivered_again', 0):.0f} delivered again)"))
    return rows


def markdown_table(results: dict[str, Any]) -> str:
    """The ratio table as Markdown (for the README and docs/performance.md)."""
    rows = table_rows(results)
    lines = ["| | our assistant | bare `rasa init` | ratio |", "|---|---|---|---|"] if rows else []
    lines += [f"| {' | '.join(row)} |" for row in rows]
    if "scale_out" in results:
        lines += ["", "| scale-out (HAProxy, PostgreSQL, Redis, RabbitMQ) | throughput | p95 | errors / retries "
                      "| PostgreSQL: lost / duplicated | RabbitMQ, each event once by its key: lost / duplicated |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| {' | '.join(row)} |" for row in scale_out_rows(results["scale_out"])]
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> None:
    """Latency distributions of both bots, throughput against concurrent conversations, latency by turn."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    side = results.get("side_by_side", {})
    figure, (latency, throughput, by_turn) = plt.subplots(1, 3, figsize=(15, 4.5))
    labels = {OURS: "our assistant", BARE: "bare rasa init"}
    for name in (OURS, BARE):
        samples = sorted(side.get("rest", {}).get(name, {}).get("samples_ms", []))
        if samples:
            latency.plot(samples, [(i + 1) / len(samples) for i in range(len(samples))], label=labels[name])
        points = _throughput_points(side, name)
        throughput.plot(list(points), list(points.values()), marker="o", label=labels[name])
        per_turn = side.get("long", {}).get(name, {}).get("per_turn_p50_ms", [])
        by_turn.plot(range(1, len(per_turn) + 1), per_turn, label=labels[name])
    scale_out = results.get("scale_out", {})
    for front in ("one server", "two servers"):
        points = {int(name.split()[0]): scenario["throughput_msg_s"] for name, scenario in scale_out.items()
                  if name.endswith(f"conversations, {front}")}
        if points:
            throughput.plot(list(points), list(points.values()), marker="s", linestyle="--",
                            label=f"ours, {front} behind HAProxy")
    latency.set(title="REST turn latency, one request at a time", xlabel="ms", ylabel="fraction of turns",
                xscale="log")
    throughput.set(title="Throughput against concurrent conversations", xlabel="conversations at once",
                   ylabel="messages per second", xscale="log", ylim=(0, None))
    ticks = sorted({int(x) for line in throughput.get_lines() for x in line.get_xdata()})
    throughput.set_xticks(ticks, [str(tick) for tick in ticks])
    throughput.minorticks_off()
    by_turn.set(title=f"Latency by turn (median of {LONG_CONVERSATIONS} conversations)", xlabel="turn",
                ylabel="ms", ylim=(0, None))
    for axes in (latency, throughput, by_turn):
        axes.grid(alpha=0.3)
        axes.legend(fontsize=8)
    figure.suptitle("make bench: " + "; ".join(f"{parts}: {machine['summary']}"
                                              for parts, machine in results.get("machine", {}).items()), fontsize=9)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _throughput_points(side: dict[str, Any], name: str) -> dict[int, float]:
    points = {}
    if "rest" in side:
        points[1] = side["rest"][name]["throughput_msg_s"]
    for count, scenario in side.get("concurrency", {}).items():
        points[int(count)] = scenario[name]["throughput_msg_s"]
    return points
