"""bot.turn_limit: at most N turns at once, started turns first, a slot given back during an action call."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa.utils.endpoints import EndpointConfig

from bot.channels.safeguards import GuardedActionEndpoint, limit_turns
from bot.config import load_safeguards
from bot.turn_limit import TurnLimiter
from tests.unit.test_action_guard import action_call, stand_in


def test_never_more_turns_at_once_than_slots() -> None:
    async def run() -> int:
        turns, inside, most = TurnLimiter(3), 0, 0

        async def a_turn() -> None:
            nonlocal inside, most
            async with turns.turn():
                inside += 1
                most = max(most, inside)
                await asyncio.sleep(0.01)
                inside -= 1

        await asyncio.gather(*(a_turn() for _ in range(20)))
        assert turns.waiting == 0 and turns._free == 3
        return most

    assert asyncio.run(run()) == 3


def test_a_turn_back_from_the_action_server_goes_before_new_turns() -> None:
    async def run() -> list[str]:
        turns, order = TurnLimiter(1), []

        async def started_turn() -> None:
            async with turns.turn():
                order.append("A starts")
                async with turns.waiting_outside():
                    await asyncio.sleep(0.05)  # the action call; B and C queue meanwhile
                order.append("A resumes")

        async def new_turn(name: str) -> None:
            await asyncio.sleep(0.01)
            async with turns.turn():
                order.append(f"{name} runs")
                await asyncio.sleep(0.1)

        await asyncio.gather(started_turn(), new_turn("B"), new_turn("C"))
        return order

    # B took A's slot during A's call; A comes back before C, which had queued first
    assert asyncio.run(run()) == ["A starts", "B runs", "A resumes", "C runs"]


def test_outside_a_turn_an_action_call_gives_back_nothing() -> None:
    async def run() -> int:
        turns = TurnLimiter(2)
        async with turns.waiting_outside():
            pass
        return turns._free

    assert asyncio.run(run()) == 2


def test_a_cancelled_waiter_does_not_keep_a_slot() -> None:
    async def run() -> int:
        turns = TurnLimiter(1)
        await turns.acquire()
        waiting = asyncio.ensure_future(turns.acquire())
        await asyncio.sleep(0)
        turns.release()  # handed to the waiter...
        waiting.cancel()  # ...which is cancelled before it runs: the slot is passed on, not lost
        with pytest.raises(asyncio.CancelledError):
            await waiting
        return turns._free

    assert asyncio.run(run()) == 1


class Processor:
    """A processor stand-in: each message is one guarded action call."""

    def __init__(self, endpoint: GuardedActionEndpoint) -> None:
        self.endpoint = endpoint

    async def handle_message(self, message: Any) -> Any:
        return await self.endpoint.request(json=action_call(sender=message), method="post", timeout=300)


def test_a_hung_action_server_holds_up_no_other_turn() -> None:
    """One slot, ten patients, an action server that never answers in time: each still gets the safe answer
    about one deadline after it started, not one deadline after every patient before it."""
    limits = load_safeguards({"ACTION_TIMEOUT_MS": "500", "MAX_CONCURRENT_TURNS": "1"})

    async def run() -> tuple[float, list[Any]]:
        async with stand_in(delay=30) as (url, _):
            turns = TurnLimiter(limits.max_concurrent_turns)
            processor = Processor(GuardedActionEndpoint(EndpointConfig(url), limits, turns=turns))
            limit_turns(processor, turns)
            loop = asyncio.get_running_loop()
            start = loop.time()
            answers = await asyncio.gather(*(processor.handle_message(f"patient-{n}") for n in range(10)))
            return loop.time() - start, answers

    seconds, answers = asyncio.run(run())
    assert all("Call 911 now" in answer["responses"][0]["text"] for answer in answers)
    assert seconds < 2.5  # held in the one slot in turn, ten calls would take 5 s


def test_max_concurrent_turns_setting() -> None:
    assert load_safeguards({}).max_concurrent_turns == 4
    assert load_safeguards({"MAX_CONCURRENT_TURNS": "0"}).max_concurrent_turns == 0
