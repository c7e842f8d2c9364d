"""Rasa's socket.io channel, fixed for the web chat on Rasa 3.6.21 with python-socketio 5.18.

Two faults of the stock channel in this combination, both fixed here:
- SocketIOOutput.send_custom_json calls `sio.emit(event, **json_message)`, so the action's {"triage": {...}}
  message fails with a TypeError and never reaches the page. WebChatOutput sends custom JSON the way the
  REST channel returns it, {"custom": {"triage": {...}}}, as one `bot_uttered` event.
- session_request calls `sio.enter_room(...)` without awaiting it (it became a coroutine in python-socketio
  5.x's AsyncServer), so with session_persistence the browser never joins its session's room and receives
  no reply at all. WebChatInput awaits it.

WebChatInput also checks every event: a malformed one is not handled and, if the client asked for an
acknowledgement, gets {"status": 4xx, "error": reason}. Only pages from ALLOWED_ORIGINS may connect, and
no engine.io message may be larger than MAX_REQUEST_BYTES.
"""
from __future__ import annotations

import inspect
import json
import logging
import uuid
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels.gate import MessageGate, Outcome, client_address
from bot.message_checks import Rejected, check_json_tree, check_sender, is_valid_unicode

logger = logging.getLogger(__name__)


class WebChatOutput(SocketIOOutput):
    """Socket.io output whose custom JSON arrives intact, under "custom"."""

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


class WebChatInput(SocketIOInput):
    """Rasa's socket.io input with WebChatOutput; configured in credentials.yml like `socketio`."""

    def get_output_channel(self) -> Optional[OutputChannel]:
        return None if self.sio is None else WebChatOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        gate = MessageGate(self.name())
        gate.attach(blueprint)
        sio.eio.max_http_buffer_size = gate.limits.max_request_bytes
        rasa_connect = sio.handlers[self.namespace or "/"]["connect"]

        def rejected(reason: str) -> Dict[str, Any]:
            logger.warning("Rejected a malformed web chat event: %s", reason)
            return {"status": int(HTTPStatus.BAD_REQUEST), "error": reason}

        # These replace the parent's handlers for the same events (python-socketio keeps one per event).
        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            # Rasa's --cors covers the HTTP long-polling responses; WebSockets ignore CORS, so a browser on
            # another site could still connect: only pages from ALLOWED_ORIGINS may (tools send no Origin).
            origin = environ.get("HTTP_ORIGIN")
            if origin and origin not in gate.limits.allowed_origins:
                logger.warning("Refused a web chat connection from a page on %s (not in ALLOWED_ORIGINS)", origin)
                return False
            return await rasa_connect(sid, environ, auth)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any = None) -> Optional[Dict[str, Any]]:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if session_id:
                try:
                    check_sender(session_id, gate.limits, field="session_id")
                except Rejected as rejection:
                    return rejected(rejection.reason)
            else:
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
            return None

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any = None) -> Dict[str, Any]:
            if not isinstance(data, dict):
                return rejected("the event data must be an object with 'message' and 'session_id'")
            try:
                check_json_tree(data, gate.limits)
            except Rejected as rejection:
                return rejected(rejection.reason)
            try:
                sender_id = check_sender(data.get("session_id"), gate.limits, field="session_id") \
                    if self.session_persistence else sid
            except Rejected as rejection:
                return rejected(rejection.reason + " (send session_request first)")
            text = data.get("message")
            if not isinstance(text, str) or not is_valid_unicode(text):
                return rejected("'message' must be a string of valid Unicode text")
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    return rejected(f"'{self.metadata_key}' is not valid JSON")
            if not isinstance(metadata, dict):
                return rejected(f"'{self.metadata_key}' must be an object")
            request = (sio.get_environ(sid, namespace=self.namespace) or {}).get("sanic.request")
            message = UserMessage(text, WebChatOutput(sio, self.bot_message_evt), sender_id,
                                  input_channel=self.name(), metadata=metadata)
            outcome = await gate.deliver(on_new_message, message, client_address(request) if request else None,
                                         always_answer_limits=True)
            status = {Outcome.ANSWERED: HTTPStatus.OK, Outcome.SLOWED_DOWN: HTTPStatus.TOO_MANY_REQUESTS,
                      Outcome.REJECTED: HTTPStatus.BAD_REQUEST}[outcome]
            return {"status": int(status)}

        return blueprint
