"""Times as nurses read them: in the clinic's time zone (CARE_TEAM_TIMEZONE, else the server's own)."""
from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from typing import Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def clinic_zone(name: str) -> tzinfo:
    """The named IANA zone; the server's local zone when empty; ValueError when unknown."""
    if not name:
        local = datetime.now().astimezone().tzinfo
        return local if local is not None else timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r} (use a name such as Europe/Berlin)") from error


def local(at: float, zone: tzinfo) -> datetime:
    return datetime.fromtimestamp(at, zone)


def shown(at: Optional[float], zone: tzinfo) -> str:
    """`2026-11-27 02:14 CET`, or an empty string."""
    return "" if at is None else local(at, zone).strftime("%Y-%m-%d %H:%M %Z").strip()


def iso(at: float, zone: tzinfo) -> str:
    return local(at, zone).isoformat(timespec="seconds")
