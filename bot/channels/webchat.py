"""Rasa's socket.io channel, fixed for the web chat on Rasa 3.6.21 with python-socketio 5.18.

Two faults of the stock channel in this combination, both fixed here:
- SocketIOOutput.send_custom_json calls `sio.emit(event, **json_message)`, so the action's {"triage": {...}}
  message fails with a TypeError and never reaches the page. WebChatOutput sends custom JSON the way the
  REST channel returns it, {"custom": {"triage": {...}}}, as one `bot_uttered` event.
- session_request calls `sio.enter_room(...)` without awaiting it (it became a coroutine in python-socketio
  5.x's AsyncServer), so with session_persistence the browser never joins its session's room and receives
  no reply at all. WebChatInput awaits it.
"""
from __future__ import annotations

import inspect
import json
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels.common import fallback_text

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

        # These replace the parent's handlers for the same events (python-socketio keeps one per event).
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not isinstance(session_id, str) or not session_id:
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Dict) -> None:
            output = WebChatOutput(sio, self.bot_message_evt)
            if not isinstance(data, dict):
                return
            if self.session_persistence:
                if not data.get("session_id"):
                    logger.warning("Web chat message without a session_id ignored (send session_request first)")
                    return
                sender_id = data["session_id"]
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            message = UserMessage(str(data.get("message") or ""), output, sender_id,
                                  input_channel=self.name(), metadata=metadata)
            try:
                await on_new_message(message)
            except Exception:  # the patient must still get an answer, whatever failed
                logger.exception("Handling a web chat message failed; sending the fallback text")
                await output.send_text_message(sender_id, fallback_text())

        return blueprint

