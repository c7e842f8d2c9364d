"""The care-team settings (inbox, event feed, alerts, retention), read from the environment with safe defaults.

Kept beside the care-team package rather than in bot/config.py because only its processes read them;
the style is the same: one frozen dataclass per concern, one loader, bad values fall back with a warning.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Callable, TypeVar

logger = logging.getLogger(__name__)
Number = TypeVar("Number", int, float)

ALERT_FORMATS = ("json", "slack", "teams")
# What an alert may carry; the defaults carry no message text and no conversation id.
ALERT_FIELDS = ("urgency", "categories", "time", "link", "symptoms", "reasons", "channel", "conversation", "message")
DEFAULT_ALERT_FIELDS = ("urgency", "categories", "time", "link")


@dataclass(frozen=True)
class AlertSettings:
    """Where and how the care team is alerted about an `emergency` or `contact_now` turn."""

    url: str  # empty: alerts are off
    format: str  # one of ALERT_FORMATS
    fields: tuple[str, ...]  # a subset of ALERT_FIELDS, in that order
    window_seconds: float  # at most one alert per conversation in this window
    attempts: int  # tries per alert, the first included
    backoff_seconds: float  # wait before the 2nd try; doubles after each failure
    timeout_seconds: float  # per try
    secret: str  # when set, the generic JSON body is signed (HMAC-SHA256, header X-Careteam-Signature)


@dataclass(frozen=True)
class CareTeamSettings:
    """The nurse inbox server, the event feed it reads and how long it keeps what it stores."""

    host: str
    port: int
    inbox_url: str  # how nurses reach the inbox (used in alert links)
    db_url: str  # empty: the tracker store's database from the endpoints file
    endpoints_path: str
    queue: str  # RabbitMQ queue of the care team's own, bound to Rasa's exchange (pika broker only)
    poll_seconds: float  # how often the SQL event broker table is read
    retention_days: int  # conversations silent for longer are erased everywhere
    session_idle_minutes: int
    session_max_hours: int
    secure_cookies: bool  # set when the inbox is served over HTTPS
    timezone: str  # for the times shown to nurses; empty: the server's own
    alerts: AlertSettings


def load_care_team_settings() -> CareTeamSettings:
    """Read the care-team settings from the environment (see docs/care-team.md)."""
    port = _number("CARE_TEAM_PORT", 8090, int, minimum=1)
    return CareTeamSettings(
        host=_text("CARE_TEAM_HOST", "127.0.0.1"),
        port=port,
        inbox_url=_text("CARE_TEAM_INBOX_URL", f"http://localhost:{port}").rstrip("/"),
        db_url=_text("CARE_TEAM_DB_URL", ""),
        endpoints_path=_text("ENDPOINTS", "endpoints.yml"),
        queue=_text("CARE_TEAM_QUEUE", "imdelltra-careteam"),
        poll_seconds=_number("CARE_TEAM_POLL_SECONDS", 0.25, float, minimum=0.05),
        retention_days=_number("CARE_TEAM_RETENTION_DAYS", 30, int, minimum=1),
        session_idle_minutes=_number("CARE_TEAM_SESSION_MINUTES", 30, int, minimum=1),
        session_max_hours=_number("CARE_TEAM_SESSION_MAX_HOURS", 12, int, minimum=1),
        secure_cookies=_text("CARE_TEAM_SECURE_COOKIES", "").lower() in ("1", "true", "yes"),
        timezone=_text("CARE_TEAM_TIMEZONE", ""),
        alerts=_load_alert_settings(),
    )


def _load_alert_settings() -> AlertSettings:
    alert_format = _text("CARE_TEAM_ALERT_FORMAT", "json").lower()
    if alert_format not in ALERT_FORMATS:
        logger.warning("CARE_TEAM_ALERT_FORMAT=%r is not one of %s; using json", alert_format, ", ".join(ALERT_FORMATS))
        alert_format = "json"
    return AlertSettings(
        url=_text("CARE_TEAM_ALERT_URL", ""),
        format=alert_format,
        fields=_alert_fields(_text("CARE_TEAM_ALERT_FIELDS", "")),
        window_seconds=60 * _number("CARE_TEAM_ALERT_WINDOW_MINUTES", 60.0, float, minimum=0),
        attempts=_number("CARE_TEAM_ALERT_ATTEMPTS", 6, int, minimum=1),
        backoff_seconds=_number("CARE_TEAM_ALERT_BACKOFF_SECONDS", 2.0, float, minimum=0),
        timeout_seconds=_number("CARE_TEAM_ALERT_TIMEOUT_SECONDS", 10.0, float, minimum=0.1),
        secret=os.environ.get("CARE_TEAM_ALERT_SECRET", ""),
    )


def _alert_fields(value: str) -> tuple[str, ...]:
    if not value:
        return DEFAULT_ALERT_FIELDS
    wanted = {name.strip().lower() for name in value.split(",") if name.strip()}
    unknown = wanted - set(ALERT_FIELDS)
    if unknown:
        logger.warning("CARE_TEAM_ALERT_FIELDS: ignoring unknown %s (known: %s)",
                       ", ".join(sorted(unknown)), ", ".join(ALERT_FIELDS))
    fields = tuple(name for name in ALERT_FIELDS if name in wanted)
    return fields or DEFAULT_ALERT_FIELDS


def _text(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def _number(name: str, default: Number, kind: Callable[[str], Number], minimum: float) -> Number:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or not value >= minimum:  # also refuses nan
        logger.warning("%s=%r is not a number of at least %s; using %s", name, raw, minimum, default)
        return default
    return value
