"""How long an urgent report takes from the patient's REST reply to the signed-in care-team inbox list."""
from __future__ import annotations

import time
import uuid

from triage_tools.servers import RunningAssistant, running_care_team


def inbox_delays(running: RunningAssistant, reports: int = 20) -> list[float]:
    """Milliseconds from the REST reply to an urgent report until a signed-in inbox list shows it."""
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
