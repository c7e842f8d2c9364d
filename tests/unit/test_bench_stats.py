"""The benchmark's arithmetic (make bench itself is not part of the tests: it reports, it asserts nothing)."""
import math

from triage_tools.bench.load import fallback_reason
from triage_tools.bench.report import markdown_table
from triage_tools.bench.stats import count_user_events, event_gaps, latency_summary, median_of_runs, percentile, ratio


def test_percentiles_interpolate_between_ranks():
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 50) == 50.5
    assert percentile(samples, 95) == 95.05
    assert percentile([7.0], 95) == 7.0
    assert math.isnan(percentile([], 50))
    assert latency_summary([3.0, 1.0, 2.0]) == {"p50_ms": 2.0, "p95_ms": 2.9, "max_ms": 3.0, "n": 3}


def test_ratio_is_ours_over_theirs_and_nan_without_a_yardstick():
    assert ratio(130.0, 100.0) == 1.3
    assert math.isnan(ratio(1.0, 0.0))
    assert math.isnan(ratio(math.nan, 1.0))


def test_lost_and_duplicated_events_are_counted_per_conversation():
    gaps = event_gaps(sent={"a": 10, "b": 10, "c": 10}, stored={"a": 10, "b": 9, "c": 11, "stray": 1})
    assert (gaps.sent, gaps.stored, gaps.lost, gaps.duplicated, gaps.conversations_with_gaps) == (30, 31, 1, 2, 3)


def test_a_loss_in_one_conversation_is_not_hidden_by_a_duplicate_in_another():
    gaps = event_gaps(sent={"a": 2, "b": 2}, stored={"a": 1, "b": 3})
    assert gaps.sent == gaps.stored and (gaps.lost, gaps.duplicated) == (1, 1)


def test_user_events_are_counted_from_the_event_stream():
    events = [{"event": "user", "sender_id": "a"}, {"event": "bot", "sender_id": "a"},
              {"event": "user", "sender_id": "a"}, {"event": "user", "sender_id": "b"}]
    assert count_user_events(events) == {"a": 2, "b": 1}


def test_runs_merge_into_medians_of_the_same_shape():
    runs = [{"rest": {"p50_ms": 100.0, "samples_ms": [1.0, 9.0]}, "note": "x"},
            {"rest": {"p50_ms": 130.0, "samples_ms": [3.0, 7.0]}, "note": "x"},
            {"rest": {"p50_ms": 110.0, "samples_ms": [2.0, 8.0]}, "note": "x"}]
    assert median_of_runs(runs) == {"rest": {"p50_ms": 110.0, "samples_ms": [2.0, 8.0]}, "note": "x"}


def test_the_table_shows_ratios_of_our_assistant_to_the_bare_bot():
    rest = {"ours": {"p50_ms": 120.0, "p95_ms": 200.0}, "bare": {"p50_ms": 60.0, "p95_ms": 80.0},
            "ratio_p50": 2.0, "ratio_p95": 2.5}
    table = markdown_table({"side_by_side": {"rest": rest}, "training": {"ours": 90.0, "bare": 60.0}})
    assert "| REST turn p50 | 120.0 ms | 60.0 ms | 2.00× |" in table
    assert "| training (`rasa train --force`) | 90 s | 60 s | 1.50× |" in table


def test_a_fallback_reply_is_told_apart_from_a_full_triage():
    full = [{"text": "Call your care team now."}, {"custom": {"triage": {"reasons": ["floor:chills"]}}}]
    fallback = [{"custom": {"triage": {"reasons": ["fallback:action_server_too_slow"]}}}]
    assert fallback_reason(full) is None and fallback_reason([{"text": "hi"}]) is None
    assert fallback_reason(fallback) == "action_server_too_slow"
