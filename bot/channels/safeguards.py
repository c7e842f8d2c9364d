"""Protections for the whole Rasa server, registered in credentials.yml like a channel.

It is not a channel: connectors are the only code of ours that Rasa runs inside its server, so this
one carries the server-wide protections (credentials key `bot.channels.safeguards.ServerSafeguards`):

- request bodies larger than MAX_REQUEST_BYTES get 413 from Sanic before anything reads them;
- custom-action calls go through GuardedActionEndpoint. When the action server is stopped, crashed,
  answers with an error or takes longer than ACTION_TIMEOUT_MS, Rasa would log the failure, lose the
  action's events and leave the patient without an answer (or with only the follow-up question). The
  guard answers the call itself with the safe static answer (bot/degraded.py) instead, so Rasa sends it
  on every channel like any other reply, and the conversation goes on. The next call tries the action
  server again (after a short pause for the same conversation, so one turn waits at most once);
- every action call carries ACTION_SERVER_TOKEN, which the action server checks (bot/action_server.py);
- the calls, and the guard's deadline, run in an event loop of their own on a thread of their own
  (bot/loop_thread.py). Rasa works on every turn in one event loop, CPU-bound under load: with 100
  conversations at once the action server answered in 0.3 ms (median) but the Rasa server read the answer
  about 3 s after the call began, because every step of the call waited behind the other turns' work, and the
  deadline ran out (docs/performance.md, "Where the time of an action call went"). On its own loop the call is
  sent, answered and read within milliseconds, and the deadline measures the action server: a stopped or hung
  one still gets the safe answer after ACTION_TIMEOUT_MS;
- the calls share one HTTP connection pool (Rasa opens a new session and connection for each call), and the
  tracker they carry holds only the events from the latest patient message on: the actions read the slots,
  the latest message and its channel, nothing older (actions/respond.py), and the whole conversation grew
  the payload, and the time to send and read it, with every turn (docs/performance.md).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.config import ACTION_TOKEN_HEADER, Safeguards, load_safeguards, load_settings
from bot.degraded import degraded_answer
from bot.entities import from_entities
from bot.loop_thread import LoopThread
from bot.names import Slot
from bot.pseudonyms import pseudonym

logger = logging.getLogger(__name__)

SESSION_START = "action_session_start"
TRIAGE = "action_triage"
# Below the action server's (Sanic's) 5 s, so a pooled connection is never one the server is closing.
KEEP_ALIVE_SECONDS = 2.0
REQUEST_SECONDS = 300  # Rasa's default; the guard's own, much shorter, deadline applies first


def from_latest_message(action_call: Dict[Text, Any]) -> Dict[Text, Any]:
    """The action call with the tracker's events cut to those from the latest user message on."""
    tracker = action_call.get("tracker") or {}
    events: List[Dict[Text, Any]] = tracker.get("events") or []
    users = [index for index, event in enumerate(events) if event.get("event") == "user"]
    if not users:
        return action_call
    return {**action_call, "tracker": {**tracker, "events": events[users[-1]:]}}


def fallback_response(action_call: Dict[Text, Any], why: str) -> Dict[Text, Any]:
    """What the action server would have answered, in its JSON format, from the safe static answer.

    Session start opens the conversation with the clinic's contact slots (what domain responses fill in).
    Every other action answers the latest message with the degraded answer and its triage metadata;
    action_triage also records that no temperature is awaited and the urgency it answered with.
    """
    settings = load_settings()
    slots = [{"event": "slot", "name": Slot.EMERGENCY_NUMBER, "value": settings.emergency_number},
             {"event": "slot", "name": Slot.CARE_TEAM_PHONE, "value": settings.care_team_phone}]
    if action_call.get("next_action") == SESSION_START:
        return {"events": [{"event": "session_started"}, *slots, {"event": "action", "name": "action_listen"}],
                "responses": []}
    latest = (action_call.get("tracker") or {}).get("latest_message") or {}
    text = latest.get("text") or ""
    answer = degraded_answer(from_entities(latest.get("entities") or [], text),
                             (latest.get("intent") or {}).get("name"), settings, why)
    events = []
    if action_call.get("next_action") == TRIAGE:
        events = [{"event": "slot", "name": Slot.AWAITING_TEMPERATURE, "value": False},
                  {"event": "slot", "name": Slot.LAST_URGENCY, "value": answer.result.urgency.label}]
    return {"events": events, "responses": [{"text": answer.text}, {"custom": answer.metadata()}]}


class GuardedActionEndpoint(EndpointConfig):
    """Rasa's action endpoint with a deadline, the action server token, and the safe answer on failure."""

    def __init__(self, endpoint: Optional[EndpointConfig], limits: Safeguards,
                 clock: Callable[[], float] = time.monotonic) -> None:
        endpoint = endpoint or EndpointConfig()
        headers = dict(endpoint.headers)
        if limits.action_server_token:
            headers[ACTION_TOKEN_HEADER] = limits.action_server_token
        super().__init__(endpoint.url, endpoint.params, headers, endpoint.basic_auth, endpoint.token,
                         endpoint.token_name, endpoint.cafile, **endpoint.kwargs)
        self.timeout = limits.action_timeout_seconds
        self.clock = clock
        self._failed_at: Dict[str, float] = {}  # sender id -> when its last action call failed
        self._session: Optional[aiohttp.ClientSession] = None
        self._session_loop: Optional[asyncio.AbstractEventLoop] = None
        self._calls: Optional[LoopThread] = None
        self._calls_lock = threading.Lock()

    def session(self) -> Any:  # the pooled session, left open by Rasa's `async with self.session()`
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._session_loop is not loop:
            self._session_loop = loop
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) \
                if self.basic_auth else None
            self._session = aiohttp.ClientSession(
                headers=self.headers, auth=auth, timeout=aiohttp.ClientTimeout(total=REQUEST_SECONDS),
                connector=aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_SECONDS))
        return contextlib.nullcontext(self._session)

    async def close(self) -> None:
        """Close the pooled connections and stop the calls' thread (when the server stops)."""
        calls, self._calls = self._calls, None
        if calls is None:
            return
        if self._session is not None:
            with contextlib.suppress(Exception):
                await asyncio.wrap_future(calls.submit(self._session.close()))
        calls.stop()

    def calls(self) -> LoopThread:
        """The thread the calls run on, started with the first call."""
        with self._calls_lock:
            if self._calls is None:
                self._calls = LoopThread("action-calls")
            return self._calls

    async def _call_in_time(self, method: Text, subpath: Optional[Text], content_type: Optional[Text],
                            compress: bool, kwargs: Dict[Text, Any]) -> Optional[Any]:
        """Rasa's request with the guard's deadline (run on the calls' thread)."""
        return await asyncio.wait_for(
            EndpointConfig.request(self, method, subpath, content_type, compress, **kwargs), self.timeout)

    def _failed_just_now(self, sender: str) -> bool:
        """True shortly after a failure for this conversation: one turn (session start, then the reply)
        waits for the action server only once."""
        now = self.clock()
        self._failed_at = {s: t for s, t in self._failed_at.items() if now - t < 2 * self.timeout}
        return sender in self._failed_at

    async def request(self, method: Text = "post", subpath: Optional[Text] = None,
                      content_type: Optional[Text] = "application/json", compress: bool = False,
                      **kwargs: Any) -> Optional[Any]:
        action_call = kwargs.get("json") or {}
        if action_call:
            kwargs["json"] = from_latest_message(action_call)
        sender = str(action_call.get("sender_id"))
        if self._failed_just_now(sender):
            return fallback_response(action_call, "action_server_unavailable")
        try:
            return await asyncio.wrap_future(
                self.calls().submit(self._call_in_time(method, subpath, content_type, compress, kwargs)))
        except ClientResponseError as error:
            if error.status == HTTPStatus.BAD_REQUEST:
                raise  # the action rejected itself: Rasa lets another policy choose (its normal path)
            why, detail = "action_server_error", f"HTTP {error.status}"
        except asyncio.TimeoutError:
            why, detail = "action_server_too_slow", f"no answer within {self.timeout:g} s"
        except Exception as error:  # stopped, crashed, unreachable: the patient still gets an answer
            why, detail = "action_server_unreachable", type(error).__name__
        self._failed_at[sender] = self.clock()
        logger.error("Action %s for %s failed (%s: %s); sent the safe static answer instead",
                     action_call.get("next_action"), pseudonym(sender), why, detail)
        return fallback_response(action_call, why)


def guard_action_calls(agent: Any, limits: Safeguards) -> None:
    """Send the agent's custom-action calls through GuardedActionEndpoint."""
    agent.action_endpoint = GuardedActionEndpoint(agent.action_endpoint, limits)
    if agent.processor is not None:
        agent.processor.action_endpoint = agent.action_endpoint


class ServerSafeguards(InputChannel):
    """Installs the request size cap and the guarded action endpoint when the Rasa server starts."""

    @classmethod
    def name(cls) -> Text:
        return "safeguards"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("safeguards", __name__)
        limits = load_safeguards()

        @blueprint.listener("before_server_start")
        async def cap_request_size(app: Any, _loop: Any) -> None:
            app.config.REQUEST_MAX_SIZE = limits.max_request_bytes

        @blueprint.listener("after_server_start")
        async def guard_agent(app: Any, _loop: Any) -> None:
            agent = getattr(app.ctx, "agent", None)
            if agent is None:
                logger.error("No model loaded: custom actions are not guarded")
                return
            guard_action_calls(agent, limits)

        @blueprint.listener("before_server_stop")
        async def close_action_calls(app: Any, _loop: Any) -> None:
            endpoint = getattr(getattr(app.ctx, "agent", None), "action_endpoint", None)
            if isinstance(endpoint, GuardedActionEndpoint):
                await endpoint.close()

        @blueprint.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            guarded = isinstance(getattr(agent, "action_endpoint", None), GuardedActionEndpoint)
            return response.json({"status": "ok", "action_calls_guarded": guarded})

        return blueprint
