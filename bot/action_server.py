"""The action server: rasa-sdk's server for actions/, listening on loopback and answering only the Rasa server.

Usage: python -m bot.action_server [--host 127.0.0.1] [--port 5055]

With ACTION_SERVER_TOKEN set, every call except /health must carry it in the X-Action-Token header (the
Rasa server sends it: bot/channels/safeguards.py); other calls get 401. Without a token the server refuses
to listen on anything but the loopback interface, where only programs on this machine can reach it.
"""
from __future__ import annotations

import argparse
import hmac
import ipaddress
import logging
import os
import sys
from typing import Any, Optional

from sanic import Sanic, response
from sanic.request import Request

from bot.config import ACTION_TOKEN_HEADER, load_safeguards

logger = logging.getLogger("bot.action_server")  # also when run as __main__


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def create_app(token: str, actions_package: str = "actions") -> Sanic:
    """rasa-sdk's app (no CORS: no browser has any business here) with the token check in front."""
    from rasa_sdk.endpoint import create_app as create_sdk_app

    app = create_sdk_app(actions_package, cors_origins=None)

    @app.middleware("request")
    async def require_token(request: Request) -> Optional[Any]:
        if request.path == "/health" or not token:
            return None
        if hmac.compare_digest(request.headers.get(ACTION_TOKEN_HEADER, "").encode(), token.encode()):
            return None
        logger.warning("Refused an action call without the action server token")
        return response.json({"error": f"missing or wrong {ACTION_TOKEN_HEADER} header"}, status=401)

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("ACTIONS_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", "5055")))
    args = parser.parse_args(argv)
    token = load_safeguards().action_server_token
    if not token and not is_loopback(args.host):
        print(f"Refusing to listen on {args.host} without ACTION_SERVER_TOKEN: anyone who can reach it could "
              "call the actions. Set ACTION_SERVER_TOKEN (the same value for the Rasa server) or use 127.0.0.1.",
              file=sys.stderr)
        return 2
    from rasa_sdk import utils

    utils.configure_colored_logging(os.environ.get("LOG_LEVEL", "INFO"))
    utils.update_sanic_log_level()
    app = create_app(token)
    logger.info("Action server on http://%s:%s (token %s)", args.host, args.port, "required" if token else "off")
    app.run(args.host, args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
