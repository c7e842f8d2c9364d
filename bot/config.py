"""Every setting read from the environment, in one place, with safe defaults."""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass

from bot.phone import DEFAULT_REGION, is_known_region, parse_phone

logger = logging.getLogger(__name__)

# What patients read where the care team's number goes while CARE_TEAM_PHONE is unset: plain words, no brackets.
CARE_TEAM_PHONE_UNSET = "the number they gave you"


@dataclass(frozen=True)
class Settings:
    """Clinic-specific values used in patient-facing replies."""

    emergency_number: str
    care_team_phone: str  # the clinic's number formatted for patients, or CARE_TEAM_PHONE_UNSET
    care_team_name: str
    crisis_line: str = "988"
    care_team_tel: str = ""  # the number as a tel: link; empty when there is no number to dial

    @property
    def has_care_team_phone(self) -> bool:
        return self.care_team_phone != CARE_TEAM_PHONE_UNSET


def clinic_region() -> str:
    """The clinic's country (CLINIC_REGION, ISO 3166 code such as US or GB): how its phone numbers are read."""
    region = os.environ.get("CLINIC_REGION", "").strip().upper()
    return region if is_known_region(region) else DEFAULT_REGION


def load_settings() -> Settings:
    """Read the settings from the environment (see docs/configuration.md)."""
    configured = " ".join(os.environ.get("CARE_TEAM_PHONE", "").split())
    phone = parse_phone(configured, clinic_region()) if configured else None
    return Settings(
        emergency_number=os.environ.get("EMERGENCY_NUMBER", "911").strip() or "911",
        care_team_phone=(phone.display if phone else configured) or CARE_TEAM_PHONE_UNSET,
        care_team_tel=phone.tel if phone else "",
        care_team_name=os.environ.get("CARE_TEAM_NAME", "your oncology care team").strip()
        or "your oncology care team",
        crisis_line=os.environ.get("CRISIS_LINE", "988").strip() or "988",
    )


DEFAULT_WEB_CHAT_COLOUR = "#1f4e79"


@dataclass(frozen=True)
class WebChatSettings:
    """What the patient web chat page shows for a clinic (served to the page as /config.json)."""

    title: str
    colour: str  # header and the patient's own messages, with white text on it
    socket_url: str  # Rasa's socket.io address; empty means the page's host on `rasa_port`
    rasa_port: int
    storage: str  # "session": the conversation ends when the tab closes; "local": kept until cleared


def load_web_chat_settings() -> WebChatSettings:
    """Read the web chat settings from the environment (see docs/web-chat.md)."""
    colour = os.environ.get("WEB_CHAT_COLOUR", "").strip() or DEFAULT_WEB_CHAT_COLOUR
    if not _readable_under_white_text(colour):
        logger.warning("WEB_CHAT_COLOUR=%r is not a #rrggbb colour dark enough for white text (contrast 4.5:1); "
                       "using %s", colour, DEFAULT_WEB_CHAT_COLOUR)
        colour = DEFAULT_WEB_CHAT_COLOUR
    storage = os.environ.get("WEB_CHAT_STORAGE", "session").strip().lower()
    return WebChatSettings(
        title=os.environ.get("WEB_CHAT_TITLE", "").strip() or "Imdelltra side-effect helper",
        colour=colour,
        socket_url=os.environ.get("WEB_CHAT_SOCKET_URL", "").strip().rstrip("/"),
        rasa_port=int(os.environ.get("RASA_PORT", "5005")),
        storage=storage if storage in ("session", "local") else "session",
    )


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _readable_under_white_text(colour: str) -> bool:
    return bool(re.fullmatch(r"#[0-9a-fA-F]{6}", colour)) and contrast_ratio("#ffffff", colour) >= 4.5
