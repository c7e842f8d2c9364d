"""Where one turn's time goes: `make profile`. Reports numbers; it asserts nothing.

The trained model runs in-process with the real stores (SQLite tracker store and SQL event broker in a
temporary folder) and the real action server on a free loopback port, guarded as the Rasa server guards it.
Each phase of a turn is timed by wrapping the method that does it:

- NLU: every node of the NLU graph (tokenizer, featurizers, DIET, FaqSelector, our components);
- policy: Rasa's next-action prediction (RulePolicy and the ensemble), once per action of the turn;
- tracker store: loading the conversation, saving it, and, inside the save, the events sent to the broker;
- action server: the HTTP call (request and answer), the tracker payload built for it and its size;
- the action itself: the same payloads run again through rasa-sdk's executor in this process.

Conversations of TURNS messages are sent one after another; the report gives each phase's median at the
start (turns 1-10) and at the end (the last 10 turns), so costs that grow with the conversation show.
`--cprofile N` also prints the N functions with the most cumulative time over all turns.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import functools
import inspect
import io
import json
import logging
import os
import pstats
import statistics
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterator

from triage_tools.evaluation import DEFAULT_SET, load_eval_set
from triage_tools.rasa_runtime import newest_model
from triage_tools.servers import running_action_server, write_endpoints

TURNS = 50
CONVERSATIONS = 3
WINDOW = 10  # turns at the start and at the end of a conversation that are compared


class PhaseTimes:
    """Milliseconds spent in each named phase during the current turn, and the finished turns."""

    def __init__(self) -> None:
        self.current: dict[str, float] = defaultdict(float)
        self.turns: list[dict[str, float]] = []

    def add(self, phase: str, milliseconds: float) -> None:
        self.current[phase] += milliseconds

    def end_turn(self) -> None:
        self.turns.append(dict(self.current))
        self.current = defaultdict(float)

    def wrap(self, owner: Any, attribute: str, phase: str | Callable[..., str]) -> None:
        """Replace owner.attribute (a sync or async function) by one that adds its duration to `phase`.

        `phase` may be a function of the call's first argument (for example a graph node's name).
        """
        original = getattr(owner, attribute, None)
        if original is None:  # a method the code being profiled does not have (an older checkout)
            return
        name_of = phase if callable(phase) else (lambda *_: phase)
        if inspect.iscoroutinefunction(original):
            @functools.wraps(original)
            async def timed_async(*args: Any, **kwargs: Any) -> Any:
                start = time.perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    self.add(name_of(*args), (time.perf_counter() - start) * 1000)
            setattr(owner, attribute, timed_async)
            return

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.add(name_of(*args), (time.perf_counter() - start) * 1000)
        setattr(owner, attribute, timed)


def instrument(times: PhaseTimes, payloads: list[tuple[int, dict[str, Any]]]) -> None:
    """Time every phase of a turn (module docstring); keep each action call's turn and payload in `payloads`."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.engine.graph import GraphNode
    from rasa.utils.endpoints import EndpointConfig

    from bot.channels.safeguards import GuardedActionEndpoint
    from bot.stores import PrivateSQLEventBroker, PrivateSQLTrackerStore

    times.wrap(GraphNode, "__call__", lambda node, *_: f"graph node {node._node_name}")
    times.wrap(MessageProcessor, "parse_message", "NLU (whole pipeline)")
    times.wrap(MessageProcessor, "_predict_next_with_tracker", "policy prediction")
    times.wrap(PrivateSQLTrackerStore, "retrieve", "tracker store: load")
    times.wrap(PrivateSQLTrackerStore, "save", "tracker store: save (all of it)")
    times.wrap(PrivateSQLTrackerStore, "stream_events", "tracker store: save: finding the events for the broker")
    for method in ("publish", "publish_all"):
        times.wrap(PrivateSQLEventBroker, method, "tracker store: save: event broker commits")
    times.wrap(RemoteAction, "_action_call_format", "action call: tracker payload built")
    times.wrap(RemoteAction, "_validate_action_result", "action call: answer checked (jsonschema)")
    original_request = EndpointConfig.request

    async def request(self: EndpointConfig, *args: Any, **kwargs: Any) -> Any:
        payload = kwargs.get("json") or {}
        payloads.append((len(times.turns), payload))
        times.add("action call: payload KB (as sent)", len(json.dumps(payload)) / 1024)
        return await original_request(self, *args, **kwargs)

    EndpointConfig.request = request
    times.wrap(GuardedActionEndpoint, "request", "action call: HTTP round trip")


async def load_agent(model: Path, endpoints: Path) -> Any:
    """The model with the stores and the guarded action endpoint, as the Rasa server loads them."""
    from rasa.core.agent import load_agent as rasa_load_agent
    from rasa.core.utils import AvailableEndpoints

    from bot.channels.safeguards import guard_action_calls
    from bot.config import load_safeguards

    agent = await rasa_load_agent(model_path=str(model), endpoints=AvailableEndpoints.read_endpoints(str(endpoints)))
    guard_action_calls(agent, load_safeguards())
    return agent


async def converse(agent: Any, texts: list[str], times: PhaseTimes, turns: int, conversations: int) -> None:
    """`conversations` conversations of `turns` messages each, timed turn by turn."""
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    for number in range(conversations):
        sender = f"profile-{uuid.uuid4().hex[:8]}"
        for turn in range(turns):
            text = texts[(number * turns + turn) % len(texts)]
            start = time.perf_counter()
            await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender))
            times.add("turn (in-process, all phases)", (time.perf_counter() - start) * 1000)
            times.end_turn()


async def time_actions(times: PhaseTimes, payloads: list[tuple[int, dict[str, Any]]]) -> None:
    """Add to each turn the time its action calls take inside rasa-sdk's executor (the action server's work)."""
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    for turn, payload in payloads:
        start = time.perf_counter()
        await executor.run(payload)
        phase = "the actions themselves, in rasa-sdk's executor"
        times.turns[turn][phase] = times.turns[turn].get(phase, 0.0) + (time.perf_counter() - start) * 1000


def median_of(turns: list[dict[str, float]], phase: str) -> float:
    return statistics.median(turn.get(phase, 0.0) for turn in turns)


def report(times: PhaseTimes, turns: int) -> str:
    """A Markdown table: each phase's median per turn at the start and at the end of the conversations."""
    early = [t for i, t in enumerate(times.turns) if i % turns < WINDOW]
    late = [t for i, t in enumerate(times.turns) if i % turns >= turns - WINDOW]
    phases = sorted({phase for turn in times.turns for phase in turn},
                    key=lambda phase: -median_of(late, phase))
    lines = [f"| phase (median per turn) | turns 1-{WINDOW} | turns {turns - WINDOW + 1}-{turns} |",
             "|---|---:|---:|"]
    for phase in phases:
        lines.append(f"| {phase} | {median_of(early, phase):.2f} | {median_of(late, phase):.2f} |")
    return "\n".join(lines)


@contextlib.contextmanager
def profiled(enabled: bool) -> Iterator[cProfile.Profile | None]:
    if not enabled:
        yield None
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield profile
    finally:
        profile.disable()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=TURNS)
    parser.add_argument("--conversations", type=int, default=CONVERSATIONS)
    parser.add_argument("--cprofile", type=int, default=0, metavar="N", help="also print the top N functions")
    args = parser.parse_args(argv)
    from triage_tools.quiet_rasa import quiet_third_party_warnings

    quiet_third_party_warnings()
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.INFO)  # what `rasa run` sets up by default
    texts = [case.text for case in load_eval_set(DEFAULT_SET)]
    times = PhaseTimes()
    payloads: list[tuple[int, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory(prefix="imdelltra-profile-") as folder, running_action_server() as actions:
        os.environ.update(actions.env)  # the same action server token as the action server's
        loop = asyncio.new_event_loop()
        agent = loop.run_until_complete(load_agent(newest_model(), write_endpoints(Path(folder), actions.url)))
        loop.run_until_complete(converse(agent, texts, times, 2, 1))  # warm-up, not reported
        times.turns.clear()
        instrument(times, payloads)
        with profiled(args.cprofile > 0) as profile:
            loop.run_until_complete(converse(agent, texts, times, args.turns, args.conversations))
        loop.run_until_complete(time_actions(times, payloads))
        if hasattr(agent.action_endpoint, "close"):
            loop.run_until_complete(agent.action_endpoint.close())
    print(f"{args.conversations} conversations x {args.turns} turns, load average {os.getloadavg()[0]:.2f}")
    print(report(times, args.turns))
    if profile is not None:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.cprofile)
        print(out.getvalue())


if __name__ == "__main__":
    main()
