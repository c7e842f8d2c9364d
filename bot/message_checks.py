"""Checks every incoming request and message passes before Rasa sees it (plain Python, no web framework).

A request that is not what a channel expects is rejected with a 4xx status and a reason a developer can
act on; a message that is only odd (emoji, other languages, markup, invisible characters) is cleaned and
answered like any other.
"""
from __future__ import annotations

import json
import re
import unicodedata
from http import HTTPStatus
from typing import Any

from bot.config import Safeguards

_KEEP_CONTROLS = {"\n", "\t"}
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\u0085]")


class Rejected(ValueError):
    """The request or message cannot be handled; `status` is the HTTP status to answer with."""

    def __init__(self, reason: str, status: HTTPStatus = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(reason)
        self.reason, self.status = reason, status


def is_valid_unicode(text: str) -> bool:
    """False for text holding lone surrogates (JSON "\\ud800"), which no database or channel can store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_text(text: str) -> str:
    """The message without control and invisible formatting characters (zero-width, bidi overrides).

    Letters, emoji, punctuation, markup and template syntax are kept as written: they are only ever
    treated as text. Removing invisible characters also lets "fe\\u200bver" read as "fever".
    """
    text = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", text))
    return "".join(c for c in text if c in _KEEP_CONTROLS or unicodedata.category(c) not in ("Cc", "Cf"))


def check_sender(value: Any, limits: Safeguards, field: str = "sender") -> str:
    """The sender id, if it is a printable string of sensible length."""
    if not isinstance(value, str):
        raise Rejected(f"'{field}' must be a string" if value is not None else f"'{field}' is missing")
    if not value.strip():
        raise Rejected(f"'{field}' is empty")
    if len(value) > limits.max_sender_chars:
        raise Rejected(f"'{field}' is longer than {limits.max_sender_chars} characters")
    if not is_valid_unicode(value) or not value.isprintable():
        raise Rejected(f"'{field}' contains characters that are not allowed")
    return value


def check_text(value: Any, limits: Safeguards, field: str = "message") -> str:
    """The cleaned message text, if it is a non-empty string of sensible length."""
    if not isinstance(value, str):
        raise Rejected(f"'{field}' must be a string" if value is not None else f"'{field}' is missing")
    if not is_valid_unicode(value):
        raise Rejected(f"'{field}' is not valid Unicode text")
    if len(value) > limits.max_message_chars:
        raise Rejected(f"'{field}' is longer than {limits.max_message_chars} characters")
    text = clean_text(value)
    if not text.strip():
        raise Rejected(f"'{field}' is empty")
    return text


def check_json_tree(value: Any, limits: Safeguards) -> None:
    """Rejects JSON nested deeper than the limit or holding text that is not valid Unicode."""
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if not is_valid_unicode(item):
                raise Rejected("the body contains text that is not valid Unicode")
            continue
        if isinstance(item, dict):
            children = [*item.keys(), *item.values()]
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth + 1 > limits.max_json_depth:
            raise Rejected(f"the body is nested more than {limits.max_json_depth} levels deep")
        pending.extend((child, depth + 1) for child in children)


def parse_json_object(body: bytes, limits: Safeguards) -> dict[str, Any]:
    """The request body as a JSON object, or Rejected saying what is wrong with it."""
    if len(body) > limits.max_request_bytes:
        raise Rejected(f"the body is larger than {limits.max_request_bytes} bytes", HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    if not body.strip():
        raise Rejected("the body is empty; send a JSON object")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Rejected("the body is not valid UTF-8") from None
    try:
        parsed = json.loads(text)
    except RecursionError:
        raise Rejected(f"the body is nested more than {limits.max_json_depth} levels deep") from None
    except ValueError:
        raise Rejected("the body is not valid JSON") from None
    if not isinstance(parsed, dict):
        raise Rejected(f"the body must be a JSON object, not {_json_type(parsed)}")
    check_json_tree(parsed, limits)
    return parsed


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"
