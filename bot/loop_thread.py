"""An asyncio event loop on a daemon thread of its own.

The Rasa server works on every turn in one event loop, CPU-bound under load: anything awaited there (an
action call, a publisher confirmation) is read only when the loop comes round, seconds late with 100
conversations at once (docs/performance.md, "Where the time of an action call went"). Work submitted here
is read, and its deadlines measured, on a loop that is idle most of the time.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any, Coroutine


class LoopThread:
    """An event loop running on a daemon thread; submit() schedules a coroutine on it from any thread."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self.thread.start()

    def submit(self, coroutine: Coroutine[Any, Any, Any]) -> "concurrent.futures.Future[Any]":
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    async def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        """Await, from another event loop, a coroutine run on this one."""
        return await asyncio.wrap_future(self.submit(coroutine))

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
