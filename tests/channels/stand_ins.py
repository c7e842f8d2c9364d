"""One small HTTP server on loopback standing in for every vendor API the connectors call.

Paths are prefixed by vendor (/twilio, /telegram, /slack, /facebook, /botframework, /callback);
each connector's base URL points at its prefix. Every request is recorded with its parsed body.
"""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

TELEGRAM_BOT_USERNAME = "imdelltra_helper_bot"


@dataclass
class Recorded:
    vendor: str
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    form: dict[str, list[str]] = field(default_factory=dict)
    json: Any = None
    received_at: float = field(default_factory=time.monotonic)


class VendorStandIns:
    """Start with `with VendorStandIns(jwks=...) as vendors:`; `vendors.url("twilio")` is a base URL."""

    def __init__(self, jwks: dict | None = None) -> None:
        self.jwks = jwks or {"keys": []}
        self.records: list[Recorded] = []
        self._changed = threading.Condition()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                stand_in._handle(self)

            def do_POST(self) -> None:
                stand_in._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "VendorStandIns":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, vendor: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{vendor}"

    # ------------------------------------------------------------------ inspection

    def requests(self, vendor: str, predicate: Callable[[Recorded], bool] = lambda r: True) -> list[Recorded]:
        with self._changed:
            return [r for r in self.records if r.vendor == vendor and predicate(r)]

    def wait_for(self, vendor: str, predicate: Callable[[Recorded], bool], timeout: float = 60) -> list[Recorded]:
        """All requests to `vendor` once one matching `predicate` has arrived (fails after `timeout`)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not any(r.vendor == vendor and predicate(r) for r in self.records):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(r.method, r.path, r.form or r.json) for r in self.records if r.vendor == vendor]
                    raise AssertionError(f"no matching {vendor} request within {timeout}s; got {seen}")
                self._changed.wait(remaining)
            return [r for r in self.records if r.vendor == vendor]

    # ------------------------------------------------------------------ serving

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        vendor, _, rest = parts.path.lstrip("/").partition("/")
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        content_type = handler.headers.get("Content-Type", "")
        record = Recorded(vendor, handler.command, "/" + rest, parse_qs(parts.query), dict(handler.headers), body)
        if "application/x-www-form-urlencoded" in content_type:
            record.form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        elif "json" in content_type and body:
            record.json = json.loads(body)
        status, payload = self._answer(record)
        with self._changed:
            self.records.append(record)
            self._changed.notify_all()
        data = json.dumps(payload).encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _answer(self, r: Recorded) -> tuple[int, Any]:
        now = int(time.time())
        if r.vendor == "twilio" and r.path.endswith("/Messages.json"):
            account = r.path.split("/")[3]
            return 201, {"sid": f"SM{len(self.records):032d}", "account_sid": account, "status": "queued",
                         "to": r.form.get("To", [""])[0], "from": r.form.get("From", [""])[0],
                         "body": r.form.get("Body", [""])[0], "num_segments": "1", "direction": "outbound-api",
                         "api_version": "2010-04-01", "date_created": None, "uri": r.path}
        if r.vendor == "telegram":
            method = r.path.rsplit("/", 1)[-1]
            fields = {k: v[0] for k, v in r.form.items()} if r.form else (r.json or {})
            if method == "getMe":
                return 200, {"ok": True, "result": {"id": 4711, "is_bot": True, "first_name": "Helper",
                                                    "username": TELEGRAM_BOT_USERNAME}}
            if method == "sendMessage":
                return 200, {"ok": True, "result": {
                    "message_id": len(self.records), "date": now, "text": fields.get("text", ""),
                    "chat": {"id": int(fields.get("chat_id", 0)), "type": "private"}}}
            return 200, {"ok": True, "result": True}
        if r.vendor == "slack":
            channel = (r.json or {}).get("channel") or r.form.get("channel", [""])[0]
            return 200, {"ok": True, "channel": channel, "ts": f"{now}.{len(self.records):06d}"}
        if r.vendor == "facebook":
            recipient = ((r.json or {}).get("recipient") or {}).get("id", "")
            return 200, {"recipient_id": recipient, "message_id": f"m_{len(self.records)}"}
        if r.vendor == "botframework":
            if r.path == "/openid":
                return 200, {"issuer": "https://api.botframework.com", "jwks_uri": self.url("botframework") + "/keys"}
            if r.path == "/keys":
                return 200, self.jwks
            if r.path == "/token":
                return 200, {"token_type": "Bearer", "expires_in": 3600, "access_token": "stand-in-access-token"}
            if re.fullmatch(r"/v3/conversations/[^/]+/activities", r.path):
                return 200, {"id": f"activity-{len(self.records)}"}
        if r.vendor == "callback":
            return 200, {"received": True}
        return 404, {"error": f"stand-in has no {r.method} {r.path} for {r.vendor}"}
