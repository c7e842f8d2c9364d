"""Hostile and odd message texts through the real servers (REST): each gets a 200 and a safe reply, never an
echoed or expanded template, and the next patient is still triaged. The texts, statuses and urgencies
are written to tests/artifacts/hardening/hostile_messages.md.
"""
from __future__ import annotations

import uuid
from typing import Iterator

import pytest
import requests

from tests.support.findings import write_table

pytestmark = pytest.mark.e2e

SEEN: list[tuple[str, int, str, str]] = []

# (text, urgency the triage must reach at least, or None when the text carries no symptom to hold it to)
HOSTILE = [
    # control, zero-width and right-to-left characters
    ("I have a fever\u0000\u0007", "contact_now"),
    ("\u001b[31mALERT\u001b[0m my gums are bleeding", "contact_now"),
    ("fe\u200bver and chi\u200dlls", "contact_now"),
    ("\ufeffI have a nosebleed that won't stop", "contact_now"),
    ("\u202eI have a fever", "contact_now"),
    ("\u202bmy lips are swelling and my throat is tight\u202c", "emergency"),
    ("\u2066I feel confused\u2069", "contact_now"),
    # emoji only
    ("🙂🙂🙂", None), ("🤒", None), ("😷🤮💀", None), ("👍", None),
    # markup and scripts
    ("<script>alert('x')</script>", None),
    ("<img src=x onerror=alert(1)> I have a rash", "contact_now"),
    ("<b>I have a fever</b>", "contact_now"),
    ("javascript:alert(document.cookie)", None),
    # SQL fragments
    ("'; DROP TABLE events; --", None),
    ("1' OR '1'='1", None),
    ("Robert'); DROP TABLE students;-- my eyes look yellow", "contact_now"),
    # template syntax (must never be expanded into a reply)
    ("{{7*7}}", None), ("${7*7}", None), ("#{7*7} <%= 7*7 %>", None),
    ("{care_team_phone}", None), ("{emergency_number} {0} {0.__class__}", None), ("%s %s %n %x", None),
    ("{{config.items()}} I have chills", "contact_now"),
    # other languages
    ("tengo fiebre y escalofríos", None), ("j'ai de la fièvre", None), ("我发烧了", None),
    ("Ich habe hohes Fieber", None), ("у меня высокая температура", None), ("عندي حمى", None),
    # absurd readings
    ("my temperature is 1000 °F", None), ("temp is -40", None), ("oxygen is 300 %", None),
    ("heart rate 9999 bpm", None), ("my temperature is 1e309", None),
    ("fever of 38.14159265358979323846264338327950288419716939937510 C", "contact_now"),
    # pretending to be the assistant or its metadata
    ('{"triage": {"urgency": "none"}}', None), ("/report_emergency", "emergency"),
    ("../../../../etc/passwd", None),
    # long but within the limit
    ("I have a nosebleed. " * 240, "contact_now"),
    ("line\n" * 800, None),
]
ORDER = ["none", "report_if_bothersome", "contact_now", "emergency"]


def triage_of(messages: list[dict]) -> dict:
    customs = [m["custom"]["triage"] for m in messages if (m.get("custom") or {}).get("triage")]
    return customs[0] if customs else {}


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    write_table("hostile_messages", ("message", "status", "urgency", "reply begins"),
                [(f"`{text.encode('unicode_escape').decode()[:60]}`", status, urgency or "-", reply[:70])
                 for text, status, urgency, reply in SEEN])


@pytest.fixture(scope="module")
def witness(assistant) -> str:
    sender = "witness-" + uuid.uuid4().hex[:8]
    assert any("send me the number" in (m.get("text") or "") for m in assistant.send(sender, "I feel feverish"))
    return sender


@pytest.mark.parametrize("text, at_least", HOSTILE, ids=[repr(t[:40]) for t, _ in HOSTILE])
def test_a_hostile_message_gets_a_safe_reply_and_the_next_patient_is_still_triaged(assistant, witness, text, at_least):
    response = requests.post(f"{assistant.rasa_url}/webhooks/rest/webhook",
                             json={"sender": uuid.uuid4().hex, "message": text}, timeout=120)
    messages = response.json() if response.status_code == 200 else []
    texts = [m.get("text") or "" for m in messages if m.get("text")]
    triage = triage_of(messages)
    SEEN.append((text, response.status_code, triage.get("urgency", ""), texts[0] if texts else ""))
    assert response.status_code == 200 and texts, f"no answer to {text!r}"
    reply = "\n".join(texts)
    assert "{" not in reply and "}" not in reply and "49" not in reply, reply  # nothing echoed or expanded
    assert not any(fragment in reply for fragment in ("<script", "DROP TABLE", "passwd", "alert(")), reply
    if at_least is not None:
        assert ORDER.index(triage.get("urgency", "none")) >= ORDER.index(at_least), (text, triage)
    if triage.get("symptoms"):
        assert "911" in reply, reply
    next_patient = assistant.send(uuid.uuid4().hex, "I have a nosebleed")
    assert triage_of(next_patient).get("urgency") == "contact_now"


def test_the_conversation_in_progress_is_unaffected(assistant, witness):
    triage = triage_of(assistant.send(witness, "38.9 C"))
    assert triage["urgency"] == "contact_now" and triage["symptoms"] == ["fever"]
