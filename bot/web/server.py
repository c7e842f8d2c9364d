"""A small static server for the patient web chat page (web/) and its clinic settings (/config.json).

Usage: python -m bot.web.server [--host 127.0.0.1] [--port 8080]
The page talks to Rasa's socket.io channel directly; this server only hands out files and settings.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict
from urllib.parse import urlsplit

from bot.config import clinic_region, load_settings, load_web_chat_settings
from bot.phone import parse_phone

WEB_ROOT = Path(__file__).resolve().parents[2] / "web"
VENDOR_FILE = "vendor/socket.io.min.js"


def page_config(host_header: str | None) -> Dict[str, Any]:
    """The clinic settings the page reads; the socket URL defaults to the page's host on Rasa's port.

    Phone numbers come formatted for display, with the tel: link to dial them; the care team's number is
    empty when none is configured (the page then says "call your care team" without one).
    """
    web, clinic = load_web_chat_settings(), load_settings()
    socket_url = web.socket_url
    if not socket_url:
        hostname = urlsplit(f"//{host_header or 'localhost'}").hostname or "localhost"
        socket_url = f"http://{'[' + hostname + ']' if ':' in hostname else hostname}:{web.rasa_port}"
    emergency = parse_phone(clinic.emergency_number, clinic_region())
    return {
        "title": web.title,
        "colour": web.colour,
        "socketUrl": socket_url,
        "storage": web.storage,
        "careTeamName": clinic.care_team_name,
        "careTeamPhone": clinic.care_team_phone if clinic.has_care_team_phone else "",
        "careTeamTel": clinic.care_team_tel,
        "emergencyNumber": clinic.emergency_number,
        "emergencyTel": emergency.tel if emergency else "",
    }


def content_security_policy(socket_url: str) -> str:
    """Scripts, styles and data only from this server; connections only to it and to Rasa's socket.io."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(socket_url))
    ws_origin = origin.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
    return ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            f"connect-src 'self' {origin} {ws_origin}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class WebChatHandler(SimpleHTTPRequestHandler):
    """Serves web/ (no directory listings) and /config.json, with a strict content security policy."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = urlsplit(self.path).path
        if path == "/favicon.ico":  # none: answer quietly instead of a 404 in the browser console
            self.send_response(HTTPStatus.NO_CONTENT)
            self.end_headers()
            return
        if path == "/config.json":
            body = json.dumps(page_config(self.headers.get("Host"))).encode()
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", content_security_policy(page_config(self.headers.get("Host"))["socketUrl"]))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's signature)
        if os.environ.get("WEB_CHAT_LOG_REQUESTS"):
            super().log_message(format, *args)


def make_server(host: str, port: int, root: Path = WEB_ROOT) -> ThreadingHTTPServer:
    """A server for the page; fails with what to run when the set-up step has not copied the widget's library."""
    if not (root / VENDOR_FILE).is_file():
        raise FileNotFoundError(f"{root / VENDOR_FILE} is missing: run `make install` (scripts/install-web.sh)")
    return ThreadingHTTPServer((host, port), partial(WebChatHandler, directory=str(root)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("WEB_CHAT_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_CHAT_PORT", "8080")))
    args = parser.parse_args(argv)
    try:
        server = make_server(args.host, args.port)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    shown_host = "localhost" if args.host in ("127.0.0.1", "0.0.0.0", "::") else args.host
    print(f"Patient web chat: http://{shown_host}:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
