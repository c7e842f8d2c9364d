"""Every setting read from the environment, in one place, with safe defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass

CARE_TEAM_PHONE_PLACEHOLDER = "[your care team's phone number]"


@dataclass(frozen=True)
class Settings:
    """Clinic-specific values used in patient-facing replies."""

    emergency_number: str
    care_team_phone: str
    care_team_name: str
    assistant_name: str
    crisis_line: str = "988"


def load_settings() -> Settings:
    """Read the settings from the environment (see docs/configuration.md)."""
    return Settings(
        emergency_number=os.environ.get("EMERGENCY_NUMBER", "911").strip() or "911",
        care_team_phone=os.environ.get("CARE_TEAM_PHONE", "").strip() or CARE_TEAM_PHONE_PLACEHOLDER,
        care_team_name=os.environ.get("CARE_TEAM_NAME", "your oncology care team").strip()
        or "your oncology care team",
        assistant_name=os.environ.get("ASSISTANT_NAME", "the Imdelltra side-effect helper").strip()
        or "the Imdelltra side-effect helper",
        crisis_line=os.environ.get("CRISIS_LINE", "988").strip() or "988",
    )
