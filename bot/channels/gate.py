"""What every patient channel does around Rasa: check and clean the message, apply the rate limits, and
answer safely when handling fails (never silence).

Connectors pass each UserMessage through MessageGate.deliver() instead of calling Rasa's handler directly.
"""
from __future__ import annotations

import enum
import ipaddress
import logging
from functools import lru_cache
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint
from sanic.request import Request

from bot.config import Safeguards, load_safeguards, load_settings
from bot.degraded import degraded_answer
from bot.detection import Findings
from bot.entities import from_entities
from bot.message_checks import clean_text, is_valid_unicode
from bot.pseudonyms import pseudonym
from bot.rate_limit import RateLimiter

logger = logging.getLogger(__name__)

Handler = Callable[[UserMessage], Awaitable[Any]]

SLOW_DOWN_TEXT = (
    "You're sending messages faster than I can read them. Please wait a minute, then send your message "
    "again. If this is an emergency, call {emergency_number} now. For anything urgent, call "
    "{care_team_name} at {care_team_phone}."
)
TOO_LONG_TEXT = (
    "Your message is too long for me to read (at most {limit} characters). Please send a shorter "
    "message. If this is an emergency, call {emergency_number} now."
)
# Where an exception came from, by the top-level package of its class, for a log line that says what to fix.
FAILING_COMPONENTS = {
    "sqlalchemy": "the tracker store (database)", "psycopg2": "the tracker store (database)",
    "redis": "the lock store (Redis)", "aio_pika": "the event broker (RabbitMQ)",
    "aiormq": "the event broker (RabbitMQ)", "pika": "the event broker (RabbitMQ)",
}


class Outcome(enum.Enum):
    ANSWERED = "answered"
    SLOWED_DOWN = "slowed_down"
    REJECTED = "rejected"


@lru_cache(maxsize=1)
def shared_limiters() -> tuple[RateLimiter, RateLimiter]:
    """One per-sender and one per-address limiter for the whole server process, shared by every channel."""
    limits = load_safeguards()
    return RateLimiter(limits.sender_messages_per_minute), RateLimiter(limits.address_messages_per_minute)


def client_address(request: Request) -> Optional[str]:
    """The client's address for the per-address limit; None for loopback.

    Behind a reverse proxy Sanic reports the client's address only when told to trust the proxy
    (SANIC_PROXIES_COUNT or SANIC_REAL_IP_HEADER); without that every request seems to come from the
    proxy on loopback, and limiting that one address would throttle every patient together.
    """
    address = request.remote_addr or request.ip
    try:
        return None if ipaddress.ip_address(address).is_loopback else address
    except ValueError:
        return address or None


def failing_component(error: BaseException) -> str:
    """Which store an exception (or its cause) came from, for the log line."""
    seen: Optional[BaseException] = error
    while seen is not None:
        component = FAILING_COMPONENTS.get(type(seen).__module__.split(".")[0])
        if component:
            return component
        seen = seen.__cause__ or seen.__context__
    return "message handling"


class MessageGate:
    """Checks, limits and safeguards the messages of one channel."""

    def __init__(self, channel: str, limits: Optional[Safeguards] = None) -> None:
        self.channel = channel
        self.limits = limits or load_safeguards()
        self.app: Any = None

    def attach(self, blueprint: Blueprint) -> None:
        """Keep a reference to the server app (its agent reads the symptoms for a safe answer)."""
        @blueprint.listener("before_server_start")
        async def remember_app(app: Any, _loop: Any) -> None:
            self.app = app

    def wrap(self, on_new_message: Handler, always_answer_limits: bool = False) -> Handler:
        """`on_new_message` behind the gate, for connectors whose request handling Rasa does."""
        async def gated(message: UserMessage) -> None:
            await self.deliver(on_new_message, message, always_answer_limits=always_answer_limits)
        return gated

    async def deliver(self, on_new_message: Handler, message: UserMessage, address: Optional[str] = None,
                      always_answer_limits: bool = False) -> Outcome:
        """Hand the message to Rasa unless a limit is reached; answer safely if handling fails.

        Over a limit, the patient gets the "slow down" reply: every time when the client waits for the
        answer (REST, web chat), else once until messages get through again (no SMS flood back).
        """
        sender_limiter, address_limiter = shared_limiters()
        sender_key = (self.channel, message.sender_id)
        if not sender_limiter.allow(sender_key) or (address is not None and not address_limiter.allow(address)):
            logger.warning("Rate limit reached on %s for %s", self.channel, pseudonym(message.sender_id))
            if always_answer_limits or sender_limiter.first_refusal(sender_key):
                await self._send(message, SLOW_DOWN_TEXT)
            return Outcome.SLOWED_DOWN
        text = message.text if isinstance(message.text, str) else ""
        if len(text) > self.limits.max_message_chars:
            await self._send(message, TOO_LONG_TEXT, limit=self.limits.max_message_chars)
            return Outcome.REJECTED
        message.text = clean_text(text) if is_valid_unicode(text) else ""
        try:
            await on_new_message(message)
        except Exception as error:  # the patient must still get an answer, whatever failed
            logger.error("Could not handle a %s message from %s: %s failed (%s); sent the safe answer",
                         self.channel, pseudonym(message.sender_id), failing_component(error), type(error).__name__)
            await self._send_safe_answer(message)
        return Outcome.ANSWERED

    async def _send(self, message: UserMessage, template: str, **values: Any) -> None:
        settings = load_settings()
        text = template.format(emergency_number=settings.emergency_number, care_team_name=settings.care_team_name,
                               care_team_phone=settings.care_team_phone, **values)
        try:
            await message.output_channel.send_text_message(message.sender_id, text)
        except Exception as error:
            logger.error("Sending a reply on %s to %s failed (%s)", self.channel, pseudonym(message.sender_id),
                         type(error).__name__)

    async def _send_safe_answer(self, message: UserMessage) -> None:
        findings, intent = await self._read_symptoms(message.text or "")
        answer = degraded_answer(findings, intent, load_settings(), why="message_handling_failed")
        try:
            await message.output_channel.send_text_message(message.sender_id, answer.text)
            await message.output_channel.send_custom_json(message.sender_id, answer.metadata())
        except Exception as error:
            logger.error("Sending the safe answer on %s to %s failed (%s)", self.channel,
                         pseudonym(message.sender_id), type(error).__name__)

    async def _read_symptoms(self, text: str) -> tuple[Findings, Optional[str]]:
        """The symptom findings and intent of the message, from the loaded model (none if that fails too)."""
        agent = getattr(getattr(self.app, "ctx", None), "agent", None)
        if agent is None:
            return Findings(mentions=()), None
        try:
            parsed = await agent.parse_message(text)
        except Exception:
            return Findings(mentions=()), None
        return from_entities(parsed.get("entities") or [], text), (parsed.get("intent") or {}).get("name")
