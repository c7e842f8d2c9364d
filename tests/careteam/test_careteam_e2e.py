"""The care team's side end to end: real Rasa and action servers (SQL event broker, as `make run`), the
care-team service reading Rasa's event stream, and a stand-in alert receiver on loopback."""
from __future__ import annotations

import re
import sqlite3
import time
import uuid
from typing import Iterator

import pytest
import requests
from fhir.resources.bundle import Bundle

from tests.support.alert_receiver import AlertReceiver, closed_port
from triage_tools.servers import RunningAssistant, RunningCareTeam, running_care_team

pytestmark = pytest.mark.e2e

NURSE, PASSWORD = "nurse.kim", "correct horse battery"
FEVER = "fever 38.9 and chills"
ALERTS = {"CARE_TEAM_ALERT_BACKOFF_SECONDS": "0.2", "CARE_TEAM_ALERT_ATTEMPTS": "3"}


@pytest.fixture(scope="module")
def receiver() -> Iterator[AlertReceiver]:
    with AlertReceiver() as running:
        yield running


@pytest.fixture(scope="module")
def care_team(assistant: RunningAssistant, receiver: AlertReceiver) -> Iterator[RunningCareTeam]:
    with running_care_team(assistant, env={"CARE_TEAM_ALERT_URL": receiver.url, **ALERTS}) as running:
        running.add_user(NURSE, PASSWORD)
        yield running


@pytest.fixture(scope="module")
def nurse(care_team: RunningCareTeam) -> requests.Session:
    return care_team.sign_in(NURSE, PASSWORD)


def _triage(messages: list[dict]) -> dict:
    return next(m["custom"]["triage"] for m in messages if "triage" in (m.get("custom") or {}))


def _wait_until_listed(nurse: requests.Session, care_team: RunningCareTeam, sender: str, timeout: float = 30) -> str:
    """Polls the inbox list (as a nurse's browser would) until the conversation is there; returns its public id."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = nurse.get(f"{care_team.url}/", timeout=30).text
        match = re.search(rf'href="/conversations/([0-9a-f]{{32}})">[^<]*</a>\s*<br><span[^>]*>Conversation {sender}<',
                          page)
        if match:
            return match.group(1)
        time.sleep(0.05)
    raise AssertionError(f"{sender} not in the inbox after {timeout}s")


def _new_conversation(assistant: RunningAssistant, nurse: requests.Session, care_team: RunningCareTeam,
                      text: str = FEVER) -> tuple[str, str, list[dict]]:
    sender = f"e2e-{uuid.uuid4().hex[:10]}"
    messages = assistant.send(sender, text)
    return sender, _wait_until_listed(nurse, care_team, sender), messages


def test_a_fever_report_reaches_the_inbox_with_urgency_reasons_and_summary_and_one_alert_without_text(
        assistant: RunningAssistant, care_team: RunningCareTeam, nurse: requests.Session, receiver: AlertReceiver):
    sender = f"e2e-{uuid.uuid4().hex[:10]}"
    sent = time.monotonic()
    messages = assistant.send(sender, FEVER)
    answered = time.monotonic()
    public_id = _wait_until_listed(nurse, care_team, sender)
    listed = time.monotonic()
    print(f"\ncare-team inbox: listed {listed - answered:.2f} s after the REST reply "
          f"({listed - sent:.2f} s after sending)")

    triage = _triage(messages)
    assert triage["urgency"] == "contact_now"
    page = nurse.get(f"{care_team.url}/conversations/{public_id}", timeout=30).text
    assert 'badge--contact_now">Contact now<' in page
    summary = page[page.index('id="summary-title"'):page.index('id="notes-title"')]
    assert "<q>fever 38.9 and chills</q>" in summary and "Recognised: fever, chills" in summary
    assert triage["reasons"], "the assistant says why"
    for reason in triage["reasons"]:  # shown readably: "floor:fever" -> "floor: fever"
        kind, _, name = reason.partition(":")
        assert f"{kind}: {name.replace('_', ' ')}" in summary
    assert summary.index("What was reported") < summary.index("Urgency and why") \
        < summary.index("What the patient was told") < summary.index("When")
    assert "To contact the care team right now." in summary and "555-0100" in summary

    link = f"/conversations/{public_id}"
    mine = [a for a in receiver.wait_for(1) if link in a.body.decode()]
    deadline = time.monotonic() + 20
    while not mine and time.monotonic() < deadline:
        time.sleep(0.1)
        mine = [a for a in receiver.received if link in a.body.decode()]
    assistant.send(sender, "and my heart is racing")  # a second urgent turn in the same window
    _wait_for_turns(nurse, care_team, public_id, 2)
    time.sleep(1.0)  # time enough for a second alert to arrive, if one were (wrongly) sent
    mine = [a for a in receiver.received if link in a.body.decode()]
    assert len(mine) == 1, "exactly one alert per conversation in the window"
    alert = mine[0]
    assert alert.json["urgency"] == "contact_now" and alert.json["categories"] == triage["categories"]
    for private in ("fever", "38.9", "chills", "heart", sender):
        assert private not in alert.body.decode(), f"{private!r} must not be in the alert"


def _wait_for_turns(nurse: requests.Session, care_team: RunningCareTeam, public_id: str, count: int) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        page = nurse.get(f"{care_team.url}/conversations/{public_id}", timeout=30).text
        if page.count('class="turn"') >= count:
            return page
        time.sleep(0.1)
    raise AssertionError(f"fewer than {count} reports on the conversation page")


def test_no_patient_data_without_signing_in(assistant, care_team, nurse):
    sender, public_id, _ = _new_conversation(assistant, nurse, care_team)
    pages = ["/", "/?urgency=contact_now", f"/conversations/{public_id}", f"/conversations/{public_id}/fhir.json",
             "/conversations/" + "0" * 32, "/conversations/../../etc/passwd", "/static/../app.py"]
    posts = [f"/conversations/{public_id}/acknowledge", f"/conversations/{public_id}/notes",
             f"/conversations/{public_id}/copied", "/logout"]
    for cookies in ({}, {"careteam_session": "forged-or-expired"}):
        for path in pages:
            response = requests.get(care_team.url + path, cookies=cookies, timeout=30, allow_redirects=False)
            assert response.status_code in (303, 403, 404), path
            followed = requests.get(care_team.url + path, cookies=cookies, timeout=30)
            for body in (response.text, followed.text):
                assert sender not in body and "fever" not in body and "Transcript" not in body, path
        for path in posts:
            response = requests.post(care_team.url + path, cookies=cookies, data={"note": "x", "csrf": "x"},
                                     timeout=30, allow_redirects=False)
            assert response.status_code == 403 and sender not in response.text, path
    assert "Needs attention" in nurse.get(f"{care_team.url}/conversations/{public_id}", timeout=30).text, \
        "nothing was acknowledged by the refused requests"


def test_acknowledge_and_note_need_the_csrf_token_and_are_audited(assistant, care_team, nurse):
    _, public_id, _ = _new_conversation(assistant, nurse, care_team)
    url = f"{care_team.url}/conversations/{public_id}"
    assert nurse.post(f"{url}/acknowledge", data={}, timeout=30).status_code == 403
    assert nurse.post(f"{url}/acknowledge", data={"csrf": "wrong"}, timeout=30).status_code == 403
    csrf = re.search(r'name="csrf" value="([^"]+)"', nurse.get(url, timeout=30).text).group(1)
    page = nurse.post(f"{url}/acknowledge", data={"csrf": csrf}, timeout=30).text
    assert "Acknowledged by nurse.kim" in page and "Needs attention:" not in page
    page = nurse.post(f"{url}/notes", data={"csrf": csrf, "note": "Called back; going to the ED."}, timeout=30).text
    assert "Called back; going to the ED." in page and "Note added." in page
    assert nurse.post(f"{url}/notes", data={"csrf": csrf, "note": "   "}, timeout=30).url.endswith("error=note")
    bundle = nurse.get(f"{url}/fhir.json", timeout=30)
    assert bundle.headers["Content-Type"].startswith("application/fhir+json")
    Bundle.parse_obj(bundle.json())

    audit = care_team.command("audit", "--limit", "200").stdout.splitlines()
    actions = [line.split("\t")[2] for line in audit if public_id in line and "\tnurse.kim\t" in line]
    assert {"view_conversation", "acknowledge", "add_note", "export_fhir"} <= set(actions)
    assert all("fever" not in line for line in audit), "the audit log holds no message text"


def test_wrong_password_and_open_redirects_are_refused(care_team):
    session = requests.Session()
    form = session.get(f"{care_team.url}/login", timeout=30).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    refused = session.post(f"{care_team.url}/login", timeout=30,
                           data={"csrf": csrf, "username": NURSE, "password": "not the password", "next": "/"})
    assert refused.status_code == 401 and "Wrong user name or password" in refused.text
    assert "careteam_session" not in session.cookies
    assert session.post(f"{care_team.url}/login", timeout=30, data={"username": NURSE, "password": PASSWORD}
                        ).status_code == 403, "sign-in needs the form's token"
    csrf = re.search(r'name="csrf" value="([^"]+)"', session.get(f"{care_team.url}/login", timeout=30).text).group(1)
    signed_in = session.post(f"{care_team.url}/login", timeout=30, allow_redirects=False, data={
        "csrf": csrf, "username": NURSE, "password": PASSWORD, "next": "//evil.example/phish"})
    assert signed_in.status_code == 303 and signed_in.headers["Location"] == "/"
    cookie = signed_in.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "sign_in_failed" in care_team.command("audit").stdout


def test_pages_load_nothing_from_elsewhere(care_team, nurse):
    response = nurse.get(f"{care_team.url}/", timeout=30)
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert not re.search(r'(src|href)="(https?:)?//', response.text)


def test_an_unreachable_alert_receiver_does_not_touch_the_patients_reply(assistant: RunningAssistant):
    env = {"CARE_TEAM_ALERT_URL": closed_port(), "CARE_TEAM_ALERT_ATTEMPTS": "2",
           "CARE_TEAM_ALERT_BACKOFF_SECONDS": "0.1"}
    with running_care_team(assistant, env=env) as care_team:
        care_team.add_user(NURSE, PASSWORD)
        nurse = care_team.sign_in(NURSE, PASSWORD)
        sender, public_id, messages = _new_conversation(assistant, nurse, care_team,
                                                        "my husband just had a seizure and wont wake up")
        assert _triage(messages)["urgency"] == "emergency"
        assert any("Call 911 now" in (m.get("text") or "") for m in messages)
        database = care_team.env["CARE_TEAM_DB_URL"].removeprefix("sqlite:///")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with sqlite3.connect(database) as connection:
                rows = connection.execute(
                    "SELECT status, attempts FROM careteam_alerts WHERE conversation_id = ?", (sender,)).fetchall()
            if rows and rows[0][0] == "failed":
                break
            time.sleep(0.1)
        assert rows == [("failed", 2)]
        assert requests.get(f"{care_team.url}/health", timeout=30).ok
        assert "Needs attention" in nurse.get(f"{care_team.url}/conversations/{public_id}", timeout=30).text
        follow_up = assistant.send(sender, "I have a nosebleed")  # the patient's next turn is answered as usual
        assert _triage(follow_up)["urgency"] in ("emergency", "contact_now")  # the emergency may still be in force
        assert any("911" in (m.get("text") or "") for m in follow_up)


def test_erase_removes_the_conversation_from_rasa_and_the_inbox(assistant, care_team, nurse):
    sender, public_id, _ = _new_conversation(assistant, nurse, care_team)
    result = care_team.command("erase", sender, "--yes")
    assert result.returncode == 0, result.stderr
    assert "tracker store:" in result.stdout and "event broker:" in result.stdout
    assert nurse.get(f"{care_team.url}/conversations/{public_id}", timeout=30).status_code == 404
    tracker = requests.get(f"{assistant.rasa_url}/conversations/{sender}/tracker", timeout=30).json()
    assert [e for e in tracker["events"] if e["event"] == "user"] == []
    with sqlite3.connect(assistant.workdir / "events.db") as connection:
        assert connection.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0] == 0
    assert "\terase\t" in care_team.command("audit").stdout
