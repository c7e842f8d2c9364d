"""Our assistant and the bare `rasa init` bot served at the same time, given the same patients in turn.

Each bot's servers start one after the other (timed), get a short warm-up, then the scenarios run with the bots'
requests interleaved (one at a time) or alternating scenario by scenario (many at once), so a busy machine
weighs on both alike.
"""
from __future__ import annotations

import asyncio
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Iterable

import requests

from triage_tools.bench.bare_bot import BareBot, running_bare_bot
from triage_tools.bench.inbox import inbox_delays
from triage_tools.bench.load import Bot, concurrent_conversations, interleaved_turns, long_conversations
from triage_tools.bench.stats import event_gaps, latency_summary, percentile, ratio
from triage_tools.servers import ensure_model, running_assistant

OURS, BARE = "ours", "bare"
CONVERSATION_TURNS = 5
CONCURRENT_CONVERSATIONS = (20, 100)
CONCURRENT_TURNS = 10
LONG_CONVERSATIONS, LONG_TURNS = 5, 50
EARLY_TURN, LATE_TURN = 5, 50
WARM_UP_MESSAGES = 5
SERVED_PARTS = ("rest", "concurrency", "long", "inbox")
# Our per-sender and per-address limits would refuse a load test sent from one address (the bare bot has none).
NO_RATE_LIMITS = {"RATE_LIMIT_PER_SENDER": "0", "RATE_LIMIT_PER_ADDRESS": "0"}


def resident_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, in MB."""
    total_kb = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total_kb += int(line.split()[1])
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in (children.read_text().split() if children.exists() else []):
        total_kb += int(resident_mb(int(child)) * 1024)
    return total_kb / 1024


def user_events_via_api(bot: Bot, senders: Iterable[str]) -> dict[str, int]:
    """User events per conversation as the bot's tracker store keeps them (read through Rasa's HTTP API)."""
    counts = {}
    for sender in senders:
        tracker = requests.get(f"{bot.url}/conversations/{sender}/tracker", timeout=60).json()
        counts[sender] = sum(event.get("event") == "user" for event in tracker.get("events", []))
    return counts


def run_side_by_side(parts: set[str], texts: list[str], bare: BareBot, run_index: int = 0) -> dict[str, Any]:
    """The served parts asked for, for both bots, in one start of their servers; starting order alternates by run."""
    result: dict[str, Any] = {"start_s": {}}
    with ExitStack() as stack:
        starters = {OURS: lambda: running_assistant(ensure_model(), env=NO_RATE_LIMITS),
                    BARE: lambda: running_bare_bot(bare)}
        servers: dict[str, Any] = {}
        for name in ([OURS, BARE] if run_index % 2 == 0 else [BARE, OURS]):
            start = time.perf_counter()
            servers[name] = stack.enter_context(starters[name]())
            result["start_s"][name] = time.perf_counter() - start
        bots = [Bot(OURS, servers[OURS].rasa_url), Bot(BARE, servers[BARE].url)]
        if run_index % 2:
            bots.reverse()
        asyncio.run(interleaved_turns(bots, texts[:WARM_UP_MESSAGES], WARM_UP_MESSAGES))

        if "rest" in parts:
            result["rest"] = _rest_turns(bots, texts)
        if "concurrency" in parts:
            result["concurrency"] = _concurrency(bots, texts)
        if "long" in parts:
            result["long"] = _long_conversations(bots, texts)
        if "inbox" in parts:
            result["inbox"] = latency_summary(inbox_delays(servers[OURS]))
        result["memory_mb"] = {OURS: resident_mb(servers[OURS].processes["rasa"].pid),
                               "ours_action_server": resident_mb(servers[OURS].processes["actions"].pid),
                               BARE: resident_mb(servers[BARE].process.pid)}
    return result


def _rest_turns(bots: list[Bot], texts: list[str]) -> dict[str, Any]:
    """Every text to both bots, one request at a time, in conversations of five messages."""
    samples = asyncio.run(interleaved_turns(bots, texts, CONVERSATION_TURNS))
    result: dict[str, Any] = {name: {**latency_summary(values), "samples_ms": values}
                              for name, values in samples.items()}
    result["ratio_p50"] = ratio(result[OURS]["p50_ms"], result[BARE]["p50_ms"])
    result["ratio_p95"] = ratio(result[OURS]["p95_ms"], result[BARE]["p95_ms"])
    # one conversation at a time: the throughput point at 1 on the plot
    for name in samples:
        result[name]["throughput_msg_s"] = 1000 * len(samples[name]) / sum(samples[name])
    return result


def _concurrency(bots: list[Bot], texts: list[str]) -> dict[str, Any]:
    """20 and 100 conversations at once against each bot in turn; user events stored against messages sent."""
    result: dict[str, Any] = {}
    for count in CONCURRENT_CONVERSATIONS:
        scenario: dict[str, Any] = {}
        for bot in bots:
            load = asyncio.run(concurrent_conversations(bot, texts, count, CONCURRENT_TURNS, prefix=f"c{count}"))
            gaps = event_gaps(load.sent, user_events_via_api(bot, load.sent))
            scenario[bot.name] = {**load.summary(), "events_lost": gaps.lost, "events_duplicated": gaps.duplicated}
        scenario["ratio_throughput"] = ratio(scenario[OURS]["throughput_msg_s"], scenario[BARE]["throughput_msg_s"])
        scenario["ratio_p95"] = ratio(scenario[OURS]["p95_ms"], scenario[BARE]["p95_ms"])
        result[str(count)] = scenario
    return result


def _long_conversations(bots: list[Bot], texts: list[str]) -> dict[str, Any]:
    """Median latency per turn over five 50-turn conversations; turn 50 against turn 5.

    "Turn 5" is the median of turns 4-6 and "turn 50" that of turns 48-50, so one slow request does not decide.
    """
    per_turn = asyncio.run(long_conversations(bots, texts, LONG_CONVERSATIONS, LONG_TURNS))
    result: dict[str, Any] = {}
    for name, medians in per_turn.items():
        early, late = percentile(medians[EARLY_TURN - 2:EARLY_TURN + 1], 50), percentile(medians[LATE_TURN - 3:], 50)
        result[name] = {"turn_5_ms": early, "turn_50_ms": late, "ratio_50_to_5": ratio(late, early),
                        "per_turn_p50_ms": medians}
    return result
