"""The action server stopped, crashed or frozen (slower than 2 s): on every channel, in new and existing
conversations, the patient's first reply is the safe static answer within 3 s (never silence, never only the
follow-up question); once the action server is back, the next message is triaged normally.

The times to the safe answer are written to tests/artifacts/hardening/outages.md.
"""
from __future__ import annotations

import signal
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterator

import pytest

from bot.config import load_safeguards
from tests.channels.channel_probes import PROBES, Probe
from tests.support.findings import write_table

pytestmark = pytest.mark.e2e

EMERGENCY, URGENT = "I can't breathe and my lips are swelling", "my gums keep bleeding"
SAFE_EMERGENCY = "Call 911 now, or ask someone near you to call. I can't give you my full answer"
SAFE_CONTACT_NOW = "Please contact the oncology nurse line now at 555-0100. I can't check your message"
DEADLINE_SECONDS = 3.0
SCENARIOS = {"stopped (SIGTERM)": signal.SIGTERM, "crashed (SIGKILL)": signal.SIGKILL,
             "frozen: accepts calls, never answers (SIGSTOP)": signal.SIGSTOP}
SEEN: list[tuple[str, str, str, str]] = []


def on_every_channel(probes: list[Probe], turn: Callable[[Probe], Any]) -> list[Any]:
    with ThreadPoolExecutor(max_workers=len(probes)) as pool:
        return list(pool.map(turn, probes))


@pytest.fixture(scope="module")
def probes(channels, vendors, botframework_signer) -> list[Probe]:
    return [make(channels, vendors, botframework_signer) for make in PROBES]


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    write_table("outages", ("action server", "channel", "new conversation (emergency words)",
                            "existing conversation"), SEEN)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_an_action_server_outage_still_gets_the_safe_answer_on_every_channel(channels, probes, scenario):
    existing = {probe.name: probe.new_conversation() for probe in probes}
    on_every_channel(probes, lambda probe: probe.turn(existing[probe.name], "hello"))
    channels.stop_actions(SCENARIOS[scenario])
    try:
        during = on_every_channel(probes, lambda probe: (probe.turn(probe.new_conversation(), EMERGENCY),
                                                         probe.turn(existing[probe.name], URGENT)))
    finally:
        if SCENARIOS[scenario] == signal.SIGSTOP:
            channels.resume_actions()
        else:
            channels.restart_actions()
    for probe, ((new_seconds, _), (old_seconds, _)) in zip(probes, during, strict=True):
        SEEN.append((scenario, probe.name, f"{new_seconds:.2f} s", f"{old_seconds:.2f} s"))
    for probe, ((new_seconds, new_replies), (old_seconds, old_replies)) in zip(probes, during, strict=True):
        assert new_replies[0][1].startswith(SAFE_EMERGENCY), (probe.name, new_replies)
        assert old_replies[0][1].startswith(SAFE_CONTACT_NOW), (probe.name, old_replies)
        assert max(new_seconds, old_seconds) < DEADLINE_SECONDS, (probe.name, new_seconds, old_seconds)

    time.sleep(2 * load_safeguards(channels.env).action_timeout_seconds)  # the guard's pause after a failure
    after = on_every_channel(probes, lambda probe: probe.turn(existing[probe.name], URGENT))
    for probe, (_, replies) in zip(probes, after, strict=True):
        first = replies[0][1]
        assert not first.startswith(SAFE_CONTACT_NOW) and "555-0100" in first, (probe.name, replies)
