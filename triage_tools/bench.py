"""Speed and memory benchmark: `make bench`. Reports numbers; it asserts nothing.

Measures, on this machine:
- detection + triage per message (spaCy rules, no Rasa), p50/p95/max over the evaluation set;
- NLU parse + triage in-process through the trained model;
- full REST turns through the real Rasa and action servers (five-message conversations), and their resident memory;
- how long an urgent report takes from the patient's REST reply to the care-team inbox list (issue: within 2 s).
"""
from __future__ import annotations

import statistics
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from triage_tools.evaluation import DEFAULT_SET, load_eval_set

if TYPE_CHECKING:
    from triage_tools.servers import RunningAssistant

CONVERSATION_TURNS = 5


@dataclass
class _Conversation:
    """One patient's REST conversation under way: its sender id and how many turns it has had."""

    sender: str
    turns: int = 0


def _percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return (f"p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   max {ordered[-1]:7.1f} ms"
            f"   (n={len(ordered)})")


def _time_each(texts: Iterable[str], call: Callable[[str], object]) -> list[float]:
    samples = []
    for text in texts:
        start = time.perf_counter()
        call(text)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    texts = [case.text for case in load_eval_set(DEFAULT_SET)]

    start = time.perf_counter()
    from bot.detection import default_detector
    from bot.triage import PatientMessage, decide
    detector = default_detector()
    print(f"detector start-up:            {time.perf_counter() - start:6.1f} s")
    engine = _time_each(texts, lambda t: decide(PatientMessage(detector.detect(t))))
    print("detection + triage (no Rasa): " + _percentiles(engine))

    from triage_tools.rasa_runtime import LocalAssistant, newest_model
    start = time.perf_counter()
    assistant = LocalAssistant.load()
    print(f"model load in-process:        {time.perf_counter() - start:6.1f} s")
    print("NLU parse + triage:           " + _percentiles(_time_each(texts, assistant.triage)))

    from triage_tools.servers import running_assistant
    start = time.perf_counter()
    with running_assistant(newest_model()) as running:
        print(f"servers start-up:             {time.perf_counter() - start:6.1f} s")
        # Conversations of five messages, as a patient would have them (a tracker grows with each turn).
        conversation = _Conversation(sender=uuid.uuid4().hex)

        def turn(text: str) -> None:
            if conversation.turns == CONVERSATION_TURNS:
                conversation.sender, conversation.turns = uuid.uuid4().hex, 0
            conversation.turns += 1
            running.send(conversation.sender, text)
        print("REST turn (Rasa + actions):   " + _percentiles(_time_each(texts, turn)))
        for name, process in running.processes.items():
            print(f"resident memory, {name:<8}     {_rss_mb(process.pid):7.0f} MB")
        print("reply -> care-team inbox:     " + _percentiles(_inbox_delays(running)))


def _inbox_delays(running: "RunningAssistant", reports: int = 20) -> list[float]:
    """Milliseconds from the REST reply to an urgent report until a signed-in inbox list shows it."""
    from triage_tools.servers import running_care_team

    delays = []
    with running_care_team(running) as care_team:
        care_team.add_user("bench.nurse", "bench password 123")
        nurse = care_team.sign_in("bench.nurse", "bench password 123")
        for _ in range(reports):
            sender = f"bench-{uuid.uuid4().hex[:10]}"
            running.send(sender, "fever 38.9 and shaking chills")
            answered = time.perf_counter()
            while f"Conversation {sender}<" not in nurse.get(care_team.url, timeout=30).text:
                time.sleep(0.02)
            delays.append((time.perf_counter() - answered) * 1000)
    return delays


if __name__ == "__main__":
    main()
