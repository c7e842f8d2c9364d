"""The benchmark's patients: REST conversations sent to one or more bots, timed one by one or many at once."""
from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import aiohttp

from triage_tools.bench.stats import latency_summary

REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=180)
RETRY_PAUSE = 0.5  # seconds before the first retry of a failed turn, doubling each time


@dataclass(frozen=True)
class Bot:
    """A bot under test: its name in the report and its Rasa server's base URL."""

    name: str
    url: str


class TurnFailed(Exception):
    """A REST turn that did not come back with HTTP 200."""


async def send_turn(session: aiohttp.ClientSession, bot: Bot, sender: str, text: str,
                    message_id: str | None = None) -> tuple[float, str | None]:
    """One patient message through the REST channel: milliseconds until the whole reply has arrived, and why the
    reply was our safe fallback answer instead of the full triage (None when it was not). A retry sends the same
    `message_id`, as a patient's app would (the bare bot ignores it)."""
    start = time.perf_counter()
    request = {"sender": sender, "message": text, **({"message_id": message_id} if message_id else {})}
    async with session.post(f"{bot.url}/webhooks/rest/webhook", json=request) as reply:
        body = await reply.read()
        if reply.status != 200:
            raise TurnFailed(f"{bot.name}: HTTP {reply.status}")
    return (time.perf_counter() - start) * 1000, fallback_reason(json.loads(body))


def fallback_reason(messages: list[dict[str, Any]]) -> str | None:
    """Why a REST reply is the safe fallback answer (its triage reason `fallback:WHY`), or None when it is not."""
    for message in messages:
        for reason in ((message.get("custom") or {}).get("triage") or {}).get("reasons", []):
            if reason.startswith("fallback:"):
                return reason.removeprefix("fallback:")
    return None


def conversations(texts: list[str], turns: int, prefix: str) -> Iterator[tuple[str, list[str]]]:
    """The texts cut into conversations of `turns` messages (the last may be shorter), each with a new sender id."""
    for start in range(0, len(texts), turns):
        yield f"{prefix}-{uuid.uuid4().hex[:12]}", texts[start:start + turns]


async def interleaved_turns(bots: list[Bot], texts: list[str], turns: int) -> dict[str, list[float]]:
    """Every text to every bot, one request at a time, alternating which bot goes first.

    Conversations of `turns` messages; returns each bot's latency per message, in the order of `texts`.
    """
    latencies: dict[str, list[float]] = {bot.name: [] for bot in bots}
    async with aiohttp.ClientSession(timeout=REQUEST_TIMEOUT) as session:
        for number, (sender, messages) in enumerate(conversations(texts, turns, "seq")):
            order = bots if number % 2 == 0 else bots[::-1]
            for text in messages:
                for bot in order:
                    latencies[bot.name].append((await send_turn(session, bot, sender, text))[0])
    return latencies


async def long_conversations(bots: list[Bot], texts: list[str], count: int, turns: int) -> dict[str, list[float]]:
    """`count` conversations of `turns` messages per bot, turn by turn alternating between the bots.

    Returns each bot's median latency per turn number (index 0 is turn 1).
    """
    per_turn: dict[str, list[list[float]]] = {bot.name: [[] for _ in range(turns)] for bot in bots}
    async with aiohttp.ClientSession(timeout=REQUEST_TIMEOUT) as session:
        for number in range(count):
            sender = f"long-{number}-{uuid.uuid4().hex[:12]}"
            order = bots if number % 2 == 0 else bots[::-1]
            for turn in range(turns):
                text = texts[(number * turns + turn) % len(texts)]
                for bot in order:
                    per_turn[bot.name][turn].append((await send_turn(session, bot, sender, text))[0])
    return {name: [latency_summary(samples)["p50_ms"] for samples in turns_] for name, turns_ in per_turn.items()}


@dataclass
class LoadResult:
    """What many conversations at once produced: latencies of the turns that succeeded, how many of those were the
    safe fallback answer, failures by kind (each attempt), messages sent per conversation."""

    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    retries: int = 0
    fallbacks: Counter[str] = field(default_factory=Counter)
    sent: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)

    def summary(self) -> dict[str, Any]:
        """Throughput, latency percentiles and error counts (the samples themselves are left out)."""
        return {"throughput_msg_s": len(self.latencies_ms) / self.seconds if self.seconds else 0.0,
                **latency_summary(self.latencies_ms), "errors": self.errors, "retries": self.retries,
                "fallback_answers": sum(self.fallbacks.values()), "fallbacks_by_reason": dict(self.fallbacks),
                "messages": sum(self.sent.values()), "failures": dict(self.failures)}


async def concurrent_conversations(bot: Bot, texts: list[str], count: int, turns: int, retries: int = 0,
                                   prefix: str = "load",
                                   on_answered: Callable[[int], None] | None = None) -> LoadResult:
    """`count` conversations at once, each sending `turns` messages one after the other without pause.

    A failed turn is sent again up to `retries` times (a patient's app would); a message counts as sent once it
    has been answered, or once when it never was. `on_answered` is called with the number of answers so far.
    """
    result = LoadResult()

    async def patient(number: int, session: aiohttp.ClientSession) -> None:
        sender = f"{prefix}-{number}-{uuid.uuid4().hex[:12]}"
        for turn in range(turns):
            text = texts[(number * turns + turn) % len(texts)]
            message_id = f"{sender}-{turn}"
            for attempt in range(retries + 1):
                try:
                    latency, fallback = await send_turn(session, bot, sender, text, message_id)
                    result.latencies_ms.append(latency)
                    if fallback:
                        result.fallbacks[fallback] += 1
                    if on_answered:
                        on_answered(len(result.latencies_ms))
                    break
                except (aiohttp.ClientError, asyncio.TimeoutError, TurnFailed) as failure:
                    result.failures[str(failure) or type(failure).__name__] += 1
                    if attempt == retries:
                        result.errors += 1
                    else:
                        result.retries += 1
                        await asyncio.sleep(RETRY_PAUSE * 2 ** attempt)
            result.sent[sender] += 1

    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=REQUEST_TIMEOUT, connector=connector) as session:
        start = time.perf_counter()
        await asyncio.gather(*(patient(number, session) for number in range(count)))
        result.seconds = time.perf_counter() - start
    return result
