"""Request and message checks: what is rejected (with which status and reason) and how odd text is cleaned."""
from __future__ import annotations

import json

import pytest

from bot.config import load_safeguards
from bot.message_checks import Rejected, check_sender, check_text, clean_text, parse_json_object

LIMITS = load_safeguards({"MAX_REQUEST_BYTES": "1000", "MAX_MESSAGE_CHARS": "50", "MAX_SENDER_ID_CHARS": "20",
                          "MAX_JSON_DEPTH": "4"})


@pytest.mark.parametrize("body, status, reason", [
    (b"", 400, "empty"),
    (b"   ", 400, "empty"),
    (b"[1, 2]", 400, "not a list"),
    (b"42", 400, "not a number"),
    (b'"hello"', 400, "not a string"),
    (b"null", 400, "not null"),
    (b"true", 400, "not a boolean"),
    (b"{not json", 400, "not valid JSON"),
    (b'{"message": "caf\xe9"}', 400, "not valid UTF-8"),
    (b'{"a": ' * 5 + b"1" + b"}" * 5, 400, "nested more than 4"),
    (b"[" * 100_000 + b"]" * 100_000, 413, "larger than 1000 bytes"),
    (b'{"message": "\\ud800"}', 400, "not valid Unicode"),
    (b'{"\\udfff": 1}', 400, "not valid Unicode"),
])
def test_a_malformed_body_is_rejected_with_a_reason(body, status, reason):
    with pytest.raises(Rejected) as rejected:
        parse_json_object(body, LIMITS)
    assert rejected.value.status == status and reason in rejected.value.reason


def test_a_recursion_deep_body_within_the_size_limit_is_rejected_not_crashing():
    limits = load_safeguards({"MAX_REQUEST_BYTES": str(10**6)})
    with pytest.raises(Rejected, match="nested"):
        parse_json_object(b"[" * 400_000 + b"]" * 400_000, limits)


def test_a_json_object_within_the_limits_is_returned():
    body = json.dumps({"sender": "a", "message": "I have a fever 🤒", "metadata": {"a": [1, {"b": 2}]}}).encode()
    assert parse_json_object(body, LIMITS)["message"] == "I have a fever 🤒"


@pytest.mark.parametrize("value, reason", [
    (None, "'sender' is missing"), (5, "must be a string"), (["a"], "must be a string"),
    ({"id": 1}, "must be a string"),
    ("", "is empty"), ("   ", "is empty"), ("x" * 21, "longer than 20"), ("a\nb", "not allowed"),
    ("a\u0000b", "not allowed"), ("\ud800", "not allowed"),
])
def test_a_bad_sender_id_is_rejected(value, reason):
    with pytest.raises(Rejected, match=reason):
        check_sender(value, LIMITS)


@pytest.mark.parametrize("value, reason", [
    (None, "'message' is missing"), (7, "must be a string"), ({"text": "hi"}, "must be a string"),
    ("x" * 51, "longer than 50"), ("\ud83d", "not valid Unicode"), ("\u200b\u200d\u202e", "is empty"),
    ("\u0000\u0001", "is empty"),
])
def test_a_bad_message_is_rejected(value, reason):
    with pytest.raises(Rejected, match=reason):
        check_text(value, LIMITS)


@pytest.mark.parametrize("raw, cleaned", [
    ("fe\u200bver and chi\u00adlls", "fever and chills"),  # zero-width space, soft hyphen
    ("\u202eI have a fever\u202c", "I have a fever"),  # right-to-left override
    ("\ufeffhello", "hello"),  # byte order mark
    ("line one\r\nline two\u2028three", "line one\nline two\nthree"),
    ("bell\u0007 and nul\u0000", "bell and nul"),
    ("tab\tstays", "tab\tstays"),
    ("cafe\u0301", "caf\u00e9"),  # composed
    ("🤒🤒", "🤒🤒"),
    ("<script>alert(1)</script> {{7*7}} {care_team_phone}", "<script>alert(1)</script> {{7*7}} {care_team_phone}"),
    ("عندي حمى", "عندي حمى"),
])
def test_clean_text_drops_invisible_characters_and_keeps_everything_readable(raw, cleaned):
    assert clean_text(raw) == cleaned
