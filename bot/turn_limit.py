"""How many patient turns the Rasa server works on at once (MAX_CONCURRENT_TURNS).

Rasa runs every turn in one event loop, and most of a turn is CPU work in that loop (NLU, policies, the
stores). With 100 turns in flight, every `await` of a turn waited for all the others' CPU work: the action
server answered a call in 0.3 ms (median), but the Rasa server read that answer about 3 s after sending the
call, so the guard's ACTION_TIMEOUT_MS ran out and patients got the safe fallback answer (docs/performance.md,
"Concurrency"). Turns beyond the limit wait before they start, where no deadline runs; a turn gives its slot
back while it waits for the action server (a hung action server holds up nobody else) and takes it back ahead
of turns not yet started, so started turns finish first.
"""
from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from contextvars import ContextVar
from typing import AsyncIterator

_IN_TURN: ContextVar[bool] = ContextVar("in_turn", default=False)  # this task holds a slot


class TurnLimiter:
    """A counting semaphore with two queues: turns resuming after an action call go before new turns."""

    def __init__(self, slots: int) -> None:
        if slots < 1:
            raise ValueError("a turn limiter needs at least one slot")
        self.slots = slots
        self._free = slots
        self._new: deque[asyncio.Future[None]] = deque()
        self._resuming: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        return sum(not waiter.done() for waiter in (*self._new, *self._resuming))

    async def acquire(self, resuming: bool = False) -> None:
        if self._free > 0:
            self._free -= 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        (self._resuming if resuming else self._new).append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():  # handed a slot just as it was cancelled: pass it on
                self.release()
            raise

    def release(self) -> None:
        """Hand the slot to the first waiting resumed turn, else to the first new turn, else free it."""
        for queue in (self._resuming, self._new):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)
                    return
        self._free += 1

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """A slot for the whole turn."""
        await self.acquire()
        token = _IN_TURN.set(True)
        try:
            yield
        finally:
            _IN_TURN.reset(token)
            self.release()

    @contextlib.asynccontextmanager
    async def waiting_outside(self) -> AsyncIterator[None]:
        """Inside a turn: give the slot back for a wait on another server, take it back (first in line) after.
        Outside a turn (an HTTP API call that runs an action) there is no slot to give back."""
        if not _IN_TURN.get():
            yield
            return
        self.release()
        try:
            yield
        finally:
            await self.acquire(resuming=True)
