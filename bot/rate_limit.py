"""Per-sender and per-address message limits (token buckets), in memory, with an injectable clock."""
from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Hashable

MAX_TRACKED_KEYS = 100_000  # oldest keys are forgotten first, so a flood of new ids cannot exhaust memory


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False  # the "slow down" reply was sent since the bucket last had room


class RateLimiter:
    """Allows `per_minute` messages per key: a burst of that many, then one every 60/per_minute seconds."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = MAX_TRACKED_KEYS) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[Hashable, _Bucket] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def _bucket(self, key: Hashable) -> _Bucket:
        now = self.clock()
        bucket = self._buckets.pop(key, None) or _Bucket(tokens=float(self.per_minute), updated=now)
        bucket.tokens = min(float(self.per_minute), bucket.tokens + (now - bucket.updated) * self.per_minute / 60)
        bucket.updated = now
        self._buckets[key] = bucket
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return bucket

    def allow(self, key: Hashable) -> bool:
        """True (and one message counted) if `key` is within its limit."""
        if not self.enabled:
            return True
        bucket = self._bucket(key)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return True
        return False

    def first_refusal(self, key: Hashable) -> bool:
        """After allow() said no: True only the first time since `key` last got through (warn once)."""
        bucket = self._buckets.get(key)
        if bucket is None or bucket.warned:
            return False
        bucket.warned = True
        return True
