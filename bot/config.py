"""Every setting read from the environment, in one place, with safe defaults."""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from typing import Mapping

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


ACTION_TOKEN_HEADER = "X-Action-Token"  # carries Safeguards.action_server_token on every action call


@dataclass(frozen=True)
class Safeguards:
    """Limits that protect the assistant from hostile input, floods and a slow action server (docs/security.md)."""

    max_request_bytes: int  # bigger request bodies get 413 before they reach Rasa
    max_message_chars: int
    max_sender_chars: int
    max_json_depth: int
    sender_messages_per_minute: int  # 0 switches the limit off
    address_messages_per_minute: int  # public channels only (REST, callback, web chat); 0 switches it off
    action_timeout_seconds: float  # an action server slower than this gets the safe static answer
    action_server_token: str  # sent by the Rasa server, checked by the action server; empty: loopback only
    log_pseudonym_key: str  # keys the hash that stands for a sender id in logs; empty: a new key per process
    allowed_origins: tuple[str, ...]  # web pages allowed to call the Rasa server from a browser


def load_safeguards(environ: Mapping[str, str] = os.environ) -> Safeguards:
    """Read the safeguard settings from the environment (see docs/security.md)."""
    def number(name: str, default: int) -> int:
        raw = environ.get(name, "").strip()
        if raw.isdigit():
            return int(raw)
        if raw:
            logger.warning("%s=%r is not a whole number of 0 or more; using %s", name, raw, default)
        return default

    web_chat_port = environ.get("WEB_CHAT_PORT", "").strip() or "8080"
    origins = environ.get("ALLOWED_ORIGINS", "").replace(",", " ").split()
    return Safeguards(
        max_request_bytes=number("MAX_REQUEST_BYTES", 64 * 1024) or 64 * 1024,
        max_message_chars=number("MAX_MESSAGE_CHARS", 5000) or 5000,
        max_sender_chars=number("MAX_SENDER_ID_CHARS", 200) or 200,
        max_json_depth=number("MAX_JSON_DEPTH", 16) or 16,
        sender_messages_per_minute=number("RATE_LIMIT_PER_SENDER", 15),
        address_messages_per_minute=number("RATE_LIMIT_PER_ADDRESS", 60),
        action_timeout_seconds=(number("ACTION_TIMEOUT_MS", 1500) or 1500) / 1000,
        action_server_token=environ.get("ACTION_SERVER_TOKEN", "").strip(),
        log_pseudonym_key=environ.get("LOG_PSEUDONYM_KEY", "").strip(),
        allowed_origins=tuple(origins) or (f"http://localhost:{web_chat_port}", f"http://127.0.0.1:{web_chat_port}"),
    )


if __name__ == "__main__":
    # scripts/serve.sh asks for the origins to pass to `rasa run --cors`, so they are read in one place.
    print(" ".join(load_safeguards().allowed_origins))
