"""What stands for a patient in the logs: a keyed hash of the sender id, never the id itself.

Sender ids are phone numbers (SMS, WhatsApp) or account ids, so they identify a patient. A plain hash of
a phone number can be reversed by trying every number; a keyed hash (HMAC) cannot without the key.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache

from bot.config import load_safeguards


@lru_cache(maxsize=1)
def _key() -> bytes:
    """LOG_PSEUDONYM_KEY, or a random key for this process (log lines then match only within one run)."""
    configured = load_safeguards().log_pseudonym_key
    return configured.encode("utf-8") if configured else secrets.token_bytes(32)


def pseudonym(sender_id: object, key: bytes | None = None) -> str:
    """A short, stable stand-in for a sender id in log lines ("p-" and 12 hex digits)."""
    digest = hmac.new(key or _key(), str(sender_id).encode("utf-8", "surrogatepass"), hashlib.sha256)
    return "p-" + digest.hexdigest()[:12]
