"""Alerts to the care team on `emergency` and `contact_now` turns: a webhook call, retried with back-off.

Sent by the care-team service from Rasa's event stream, never from the reply path, so a slow or
unreachable receiver cannot delay what the patient reads. At most one alert per conversation per window.
By default an alert carries the urgency, the categories, the time and a link to the inbox: no message text.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from datetime import tzinfo
from typing import Any, Optional

import aiohttp
from sqlalchemy import or_, update
from sqlalchemy.engine import Engine

from bot.careteam import schema
from bot.careteam.clock import iso, shown
from bot.careteam.config import AlertSettings
from bot.careteam.records import URGENCY_TITLES, URGENT, LoggedTriage, category_title

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 300.0
SIGNATURE_HEADER = "X-Careteam-Signature"


def alert_fields(logged: LoggedTriage, settings: AlertSettings, inbox_url: str, zone: tzinfo) -> dict[str, Any]:
    """The configured fields of an alert, by name (see config.ALERT_FIELDS)."""
    entry = logged.entry
    available: dict[str, Any] = {
        "urgency": entry.urgency.label,
        "categories": list(entry.categories),
        "time": iso(entry.at, zone),
        "link": conversation_link(inbox_url, logged.public_id),
        "symptoms": list(entry.symptoms),
        "reasons": list(entry.reasons or ()),
        "channel": entry.channel or "",
        "conversation": logged.conversation_id,
        "message": entry.message,
    }
    return {name: available[name] for name in settings.fields}


def conversation_link(inbox_url: str, public_id: str) -> str:
    return f"{inbox_url}/conversations/{public_id}"


def alert_body(logged: LoggedTriage, alert_id: int, settings: AlertSettings, inbox_url: str,
               zone: tzinfo) -> dict[str, Any]:
    """The request body in the configured format: generic JSON, Slack incoming webhook or Microsoft Teams."""
    fields = alert_fields(logged, settings, inbox_url, zone)
    if settings.format == "json":
        return {"type": "imdelltra.triage_alert", "alert_id": alert_id, **fields}
    title = f"{URGENCY_TITLES[logged.entry.urgency]}: a patient reported a symptom to the Imdelltra assistant"
    facts = _facts(fields, logged, zone)
    if settings.format == "slack":
        lines = [f"*{_slack_escape(title)}*"] + [f"{name}: {_slack_escape(value)}" for name, value in facts]
        if "link" in fields:
            lines.append(f"<{fields['link']}|Open in the inbox>")
        return {"text": "\n".join(lines)}
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4",
        "body": [{"type": "TextBlock", "text": title, "weight": "Bolder", "wrap": True},
                 {"type": "FactSet", "facts": [{"title": name, "value": value} for name, value in facts]}],
    }
    if "link" in fields:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Open in the inbox", "url": fields["link"]}]
    return {"type": "message",
            "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "content": card}]}


def _facts(fields: dict[str, Any], logged: LoggedTriage, zone: tzinfo) -> list[tuple[str, str]]:
    """Name/value lines for the chat formats, in the configured fields' order (the link is a button)."""
    shown_values = {
        "urgency": URGENCY_TITLES[logged.entry.urgency],
        "categories": ", ".join(category_title(c) for c in logged.entry.categories) or "none recognised",
        "time": shown(logged.entry.at, zone),
    }
    return [(name.capitalize(), shown_values.get(name) or _plain(value))
            for name, value in fields.items() if name != "link"]


def _plain(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AlertSender:
    """Queues an alert for each first urgent turn in the window and delivers it in the background."""

    def __init__(self, settings: AlertSettings, engine: Engine, inbox_url: str, zone: tzinfo) -> None:
        self.settings, self.engine, self.inbox_url, self.zone = settings, engine, inbox_url, zone
        self._tasks: set[asyncio.Task] = set()
        self._http: Optional[aiohttp.ClientSession] = None

    @property
    def enabled(self) -> bool:
        return bool(self.settings.url)

    async def submit(self, logged: LoggedTriage) -> bool:
        """Start delivering an alert for `logged` if it is urgent and the first in its window; True if started."""
        if not self.enabled or logged.entry.urgency not in URGENT:
            return False
        claimed = await asyncio.to_thread(self._claim, logged.conversation_id, logged.entry.at)
        if not claimed:
            logger.info("Alert for conversation %s skipped: one was sent in the last %.0f minutes",
                        logged.public_id, self.settings.window_seconds / 60)
            return False
        alert_id = await asyncio.to_thread(self._new_alert, logged)
        body = alert_body(logged, alert_id, self.settings, self.inbox_url, self.zone)
        task = asyncio.create_task(self._deliver(alert_id, logged.public_id, body))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    async def close(self) -> None:
        """Stop: alerts still being retried are left as `pending` in careteam_alerts."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._http is not None:
            await self._http.close()

    async def _deliver(self, alert_id: int, public_id: str, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if self.settings.secret and self.settings.format == "json":
            digest = hmac.new(self.settings.secret.encode(), payload, hashlib.sha256).hexdigest()
            headers[SIGNATURE_HEADER] = f"sha256={digest}"
        if self._http is None:
            self._http = aiohttp.ClientSession()
        delay = self.settings.backoff_seconds
        for attempt in range(1, self.settings.attempts + 1):
            error, retry = await self._post(payload, headers)
            if error is None:
                await asyncio.to_thread(self._update, alert_id, "sent", attempt, None)
                logger.info("Alert %s for conversation %s delivered (attempt %d)", alert_id, public_id, attempt)
                return
            final = not retry or attempt == self.settings.attempts
            await asyncio.to_thread(self._update, alert_id, "failed" if final else "pending", attempt, error)
            if final:
                logger.error("Alert %s for conversation %s not delivered after %d attempt(s): %s",
                             alert_id, public_id, attempt, error)
                return
            logger.warning("Alert %s attempt %d failed (%s); retrying in %.1fs", alert_id, attempt, error, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF_SECONDS)

    async def _post(self, payload: bytes, headers: dict[str, str]) -> tuple[Optional[str], bool]:
        """(None, _) when delivered; else (what went wrong, whether trying again can help)."""
        assert self._http is not None
        try:
            timeout = aiohttp.ClientTimeout(total=self.settings.timeout_seconds)
            async with self._http.post(self.settings.url, data=payload, headers=headers, timeout=timeout) as response:
                if response.status < 300:
                    return None, False
                return f"HTTP {response.status}", response.status >= 500 or response.status in (408, 429)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as failure:
            return type(failure).__name__, True

    def _claim(self, conversation_id: str, at: float) -> bool:
        """True for the first urgent turn of a conversation in the window (one UPDATE: atomic across processes)."""
        conversations = schema.conversations.c
        with self.engine.begin() as connection:
            claimed = connection.execute(
                update(schema.conversations)
                .where(conversations.conversation_id == conversation_id,
                       or_(conversations.last_alert_at.is_(None),
                           conversations.last_alert_at <= at - self.settings.window_seconds))
                .values(last_alert_at=at))
        return claimed.rowcount == 1

    def _new_alert(self, logged: LoggedTriage) -> int:
        with self.engine.begin() as connection:
            result = connection.execute(schema.alerts.insert().values(
                conversation_id=logged.conversation_id, urgency=logged.entry.urgency.label, created_at=time.time(),
                status="pending", attempts=0))
            return int(result.inserted_primary_key[0])

    def _update(self, alert_id: int, status: str, attempts: int, error: Optional[str]) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(schema.alerts).where(schema.alerts.c.id == alert_id).values(
                status=status, attempts=attempts, last_error=error,
                sent_at=time.time() if status == "sent" else None))
