"""Token-bucket rate limits with a fake clock."""
from __future__ import annotations

from bot.rate_limit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_up_to_the_limit_then_one_message_per_share_of_a_minute():
    clock = Clock()
    limiter = RateLimiter(per_minute=6, clock=clock)
    assert [limiter.allow("a") for _ in range(8)] == [True] * 6 + [False, False]
    clock.now += 9.9
    assert not limiter.allow("a")
    clock.now += 0.2  # 10 s = one sixth of a minute: one more message
    assert limiter.allow("a") and not limiter.allow("a")
    clock.now += 600
    assert sum(limiter.allow("a") for _ in range(10)) == 6  # refills to the burst, never beyond


def test_one_key_over_its_limit_does_not_slow_another():
    limiter = RateLimiter(per_minute=3, clock=Clock())
    assert sum(limiter.allow("flood") for _ in range(100)) == 3
    assert all(limiter.allow("patient") for _ in range(3))


def test_the_slow_down_reply_is_due_once_until_messages_get_through_again():
    clock = Clock()
    limiter = RateLimiter(per_minute=1, clock=clock)
    assert limiter.allow("a")
    assert not limiter.allow("a") and limiter.first_refusal("a")
    assert not limiter.allow("a") and not limiter.first_refusal("a")
    clock.now += 60
    assert limiter.allow("a")
    assert not limiter.allow("a") and limiter.first_refusal("a")


def test_zero_switches_the_limit_off():
    limiter = RateLimiter(per_minute=0, clock=Clock())
    assert not limiter.enabled and all(limiter.allow("a") for _ in range(1000))


def test_memory_is_bounded_by_forgetting_the_oldest_keys():
    limiter = RateLimiter(per_minute=1, clock=Clock(), max_keys=100)
    for key in range(1000):
        limiter.allow(key)
    assert len(limiter._buckets) == 100
    assert limiter.allow(0)  # forgotten, so it starts with a full bucket again
