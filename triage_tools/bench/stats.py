"""The arithmetic of the benchmark: percentiles, ratios, medians of runs and event counts against messages sent."""
from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Mapping


def percentile(samples: Iterable[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between the nearest ranks; NaN when empty."""
    ordered = sorted(samples)
    if not ordered:
        return math.nan
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(samples_ms: list[float]) -> dict[str, float]:
    """p50, p95 and max in milliseconds, and how many samples."""
    return {"p50_ms": percentile(samples_ms, 50), "p95_ms": percentile(samples_ms, 95),
            "max_ms": max(samples_ms, default=math.nan), "n": len(samples_ms)}


def ratio(ours: float, theirs: float) -> float:
    """ours / theirs; NaN when either is missing or theirs is zero."""
    if theirs == 0 or math.isnan(ours) or math.isnan(theirs):
        return math.nan
    return ours / theirs


@dataclass(frozen=True)
class EventGaps:
    """User events kept per conversation, compared with the messages the client sent."""

    sent: int
    stored: int
    lost: int
    duplicated: int
    conversations_with_gaps: int


def event_gaps(sent: Mapping[str, int], stored: Mapping[str, int]) -> EventGaps:
    """Lost = sent but not stored; duplicated = stored more often than sent; per conversation, then summed.

    Conversations stored but never sent count as duplicates in full.
    """
    lost = duplicated = with_gaps = 0
    for conversation in set(sent) | set(stored):
        difference = stored.get(conversation, 0) - sent.get(conversation, 0)
        lost += max(0, -difference)
        duplicated += max(0, difference)
        with_gaps += difference != 0
    return EventGaps(sum(sent.values()), sum(stored.values()), lost, duplicated, with_gaps)


def count_user_events(events: Iterable[Mapping[str, Any]]) -> Counter[str]:
    """User events per conversation in Rasa's serialised events (`sender_id` on each, as the event broker sends)."""
    return Counter(str(event.get("sender_id")) for event in events if event.get("event") == "user")


def median_of_runs(runs: list[Any]) -> Any:
    """The runs' results merged into one of the same shape, every number replaced by its median over the runs.

    Lists of numbers (latency per message or per turn, in the same order in every run) are merged element by
    element; text and flags are the first run's; a key missing in a run is skipped.
    """
    first = runs[0]
    if isinstance(first, dict):
        return {key: median_of_runs([run[key] for run in runs if isinstance(run, dict) and key in run])
                for key in first}
    if isinstance(first, list):
        return [median_of_runs(list(column)) for column in zip(*runs, strict=False)]
    if isinstance(first, bool) or not isinstance(first, (int, float)):
        return first
    values = [float(run) for run in runs if not math.isnan(run)]
    return statistics.median(values) if values else math.nan
