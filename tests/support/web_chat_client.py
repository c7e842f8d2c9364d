"""Socket.io clients that speak the web chat's protocol (session_request, user_uttered, bot_uttered)."""
from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any, Callable

import socketio


class WebChatClient:
    """Use as `async with WebChatClient(rasa_url) as chat:`; `chat.replies` collects every bot_uttered."""

    def __init__(self, rasa_url: str, session_id: str | None = None, headers: dict[str, str] | None = None) -> None:
        self.rasa_url, self.headers = rasa_url, headers or {}
        self.session_id = session_id or uuid.uuid4().hex
        self.replies: list[tuple[float, dict]] = []  # (time.monotonic() when received, message)
        self.client = socketio.AsyncClient(reconnection=False)
        self._arrived = asyncio.Event()
        self.client.on("bot_uttered", self._on_reply)

    async def _on_reply(self, message: dict) -> None:
        self.replies.append((time.monotonic(), message))
        self._arrived.set()

    async def __aenter__(self) -> "WebChatClient":
        confirmed = asyncio.Event()
        self.client.on("session_confirm", lambda *_: confirmed.set())
        # Long-polling only: python-engineio's WebSocket client needs a newer aiohttp than Rasa 3.6 pins.
        await self.client.connect(self.rasa_url, headers=self.headers, transports=["polling"],
                                  socketio_path="/socket.io", wait_timeout=30)
        await self.client.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(confirmed.wait(), 30)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        # Close without waiting for the pending long-poll to time out (up to 25 s).
        await self.client.eio.disconnect(abort=True)

    async def send(self, text: str, timeout: float = 120) -> Any:
        """Emit the patient's message as the web chat page does; returns the server's acknowledgement."""
        return await self.send_raw({"message": text, "session_id": self.session_id}, timeout)

    async def send_raw(self, data: Any, timeout: float = 120) -> Any:
        """Emit user_uttered with exactly `data`; returns the server's acknowledgement."""
        return await self.client.call("user_uttered", data, timeout=timeout)

    def texts(self) -> list[str]:
        return [message.get("text") or "" for _, message in self.replies]

    async def wait_for(self, predicate: Callable[[dict], bool], timeout: float = 60) -> tuple[float, dict]:
        """The first reply matching `predicate` (with its arrival time), waiting up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            for arrived, message in self.replies:
                if predicate(message):
                    return arrived, message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no matching web chat reply within {timeout}s; got {self.texts()}")
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), remaining)
            except asyncio.TimeoutError:
                pass


async def websocket_connect_accepted(rasa_url: str, origin: str) -> bool:
    """Whether a socket.io connection over a WebSocket (which browsers open without CORS) from a page on
    `origin` is accepted: the raw engine.io/socket.io handshake, as a browser's socket.io client does it."""
    import websockets

    url = rasa_url.replace("http://", "ws://", 1) + "/socket.io/?EIO=4&transport=websocket"
    async with websockets.connect(url, extra_headers={"Origin": origin}) as socket:
        assert (await asyncio.wait_for(socket.recv(), 30)).startswith("0")  # engine.io open
        await socket.send("40")  # socket.io connect to the default namespace
        answer = await asyncio.wait_for(socket.recv(), 30)
        return answer.startswith("40")  # "44..." is a refused connection
