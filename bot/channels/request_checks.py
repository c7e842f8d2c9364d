"""Request checks for the webhooks: a malformed request gets a 4xx with a JSON reason before Rasa's handler runs."""
from __future__ import annotations

import logging
from typing import Any, Callable, Mapping, Optional

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.config import Safeguards
from bot.message_checks import Rejected, check_sender

logger = logging.getLogger(__name__)

# Raises Rejected for a malformed request; may return a response that ends the request early (e.g. "ignored").
RequestCheck = Callable[[Request, Safeguards], Optional[HTTPResponse]]


def rejection_response(rejection: Rejected) -> HTTPResponse:
    return response.json({"error": rejection.reason}, status=rejection.status)


def reject_malformed(blueprint: Blueprint, check: RequestCheck, limits: Safeguards) -> None:
    """Run `check` on every POST to the blueprint's webhook; a Rejected becomes its 4xx answer."""
    @blueprint.middleware("request")
    async def check_request(request: Request) -> Any:
        if request.method != "POST" or not request.path.endswith("/webhook"):
            return None
        try:
            return check(request, limits)
        except Rejected as rejection:
            logger.warning("Rejected a malformed request to %s: %s", request.path, rejection.reason)
            return rejection_response(rejection)


_TYPE_NAMES = {dict: "an object", list: "a list", str: "a string", int: "a number"}


def field(mapping: Mapping[str, Any], key: str, kinds: tuple[type, ...], path: str, required: bool = True) -> Any:
    """mapping[key] if it has one of the expected JSON types (`path` names it in the error)."""
    value = mapping.get(key)
    if value is None:
        if required:
            raise Rejected(f"'{path}' is missing")
        return None
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise Rejected(f"'{path}' must be " + " or ".join(_TYPE_NAMES[kind] for kind in kinds))
    return value


def sender_field(mapping: Mapping[str, Any], key: str, path: str, limits: Safeguards) -> str:
    """A sender id given as a string or a number (vendors use both), checked like any sender id."""
    return check_sender(str(field(mapping, key, (str, int), path)), limits, field=path)
