"""`make run`'s script (scripts/serve.sh) as a clinic runs it at scale, with PostgreSQL, Redis and RabbitMQ
reached through TCP forwarders this test can cut (the services themselves are shared with other test runs):

- every server listens on loopback only, browsers may call only from the web chat's origin, and the action
  server answers only the Rasa server (which sends the token serve.sh made up);
- with the tracker store, the lock store or the event broker unreachable, the patient gets a safe answer and
  the log says which store failed; once it is back, the conversation goes on where it was;
- a missing or damaged model stops the script with what to do.

Measured times go to tests/artifacts/hardening/store_outages.md.
"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path
from typing import Iterator

import psycopg2
import pytest
import requests

from tests.support.findings import write_list
from tests.support.tcp_proxy import TcpProxy
from triage_tools.scale_out import POSTGRES, drain
from triage_tools.servers import ROOT, TEST_ENV, free_port, wait_until_up

pytestmark = pytest.mark.e2e

SERVER_PORTS = ("RASA_PORT", "ACTIONS_PORT", "WEB_CHAT_PORT", "CARE_TEAM_PORT")
SAFE_ANSWER = "Please contact the oncology nurse line now at 555-0100. I can't check your message"
FIGURES: list[str] = []


class Served:
    def __init__(self, env: dict[str, str], log: Path, proxies: dict[str, TcpProxy]) -> None:
        self.env, self.log, self.proxies = env, log, proxies
        self.rasa_url = f"http://127.0.0.1:{env['RASA_PORT']}"
        self.actions_url = f"http://127.0.0.1:{env['ACTIONS_PORT']}"
        self.web_chat_url = f"http://127.0.0.1:{env['WEB_CHAT_PORT']}"

    def send(self, sender: str, text: str) -> tuple[float, list[dict]]:
        started = time.monotonic()
        response = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                 timeout=120)
        assert response.status_code == 200, response.text
        return time.monotonic() - started, response.json()


@pytest.fixture(scope="module")
def served(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    database, queue = f"imdelltra_run_{uuid.uuid4().hex[:8]}", f"imdelltra_run_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(dbname="postgres", **POSTGRES)
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {database}")
    proxies = {"postgres": TcpProxy(5432), "redis": TcpProxy(6379), "rabbitmq": TcpProxy(5672)}
    for proxy in proxies.values():
        proxy.start()
    ports = {name: str(free_port()) for name in SERVER_PORTS}
    env = dict(os.environ, **TEST_ENV, **ports, ENDPOINTS="endpoints.scale-out.yml", CARE_TEAM_QUEUE=f"{queue}-care",
               ACTION_SERVER_URL=f"http://127.0.0.1:{ports['ACTIONS_PORT']}/webhook",
               POSTGRES_HOST="127.0.0.1", POSTGRES_PORT=str(proxies["postgres"].port), POSTGRES_DB=database,
               POSTGRES_USER=POSTGRES["user"], POSTGRES_PASSWORD="", REDIS_HOST="127.0.0.1",
               REDIS_PORT=str(proxies["redis"].port), REDIS_PASSWORD="", REDIS_DB="5", RABBITMQ_HOST="127.0.0.1",
               RABBITMQ_PORT=str(proxies["rabbitmq"].port), RABBITMQ_USER="guest", RABBITMQ_PASSWORD="guest",
               RABBITMQ_QUEUE=queue, MODEL=str(trained_model))
    env.pop("ACTION_SERVER_TOKEN", None)
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "w") as out:
        process = subprocess.Popen([str(ROOT / "scripts" / "serve.sh")], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    running = Served(env, log, proxies)
    try:
        for url in (f"{running.actions_url}/health", f"{running.web_chat_url}/config.json",
                    f"http://127.0.0.1:{ports['CARE_TEAM_PORT']}/health", f"{running.rasa_url}/webhooks/rest/"):
            wait_until_up(url, process, log, timeout=300)
        yield running
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        for proxy in proxies.values():
            proxy.stop()
        for name in (queue, f"{queue}-care"):
            asyncio.run(drain(name))
        admin.cursor().execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        admin.close()
        write_list("store_outages", FIGURES)


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_every_server_listens_on_loopback_only(served):
    loopback = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1, as the kernel writes them
    for name in SERVER_PORTS:
        addresses = listening_addresses(int(served.env[name]))
        assert addresses and addresses <= loopback, (name, addresses)


def test_browsers_may_call_the_rasa_server_only_from_the_web_chat_page(served):
    page = served.web_chat_url.replace("127.0.0.1", "localhost")
    for origin, allowed in ((page, True), (served.web_chat_url, True), ("https://evil.example", False)):
        response = requests.post(f"{served.rasa_url}/webhooks/rest/webhook", headers={"Origin": origin},
                                 json={"sender": uuid.uuid4().hex, "message": "hello"}, timeout=60)
        assert (response.headers.get("Access-Control-Allow-Origin") == origin) is allowed, (origin, response.headers)


def test_the_action_server_answers_only_the_rasa_server(served):
    call = {"next_action": "action_triage", "sender_id": "intruder", "tracker": {"latest_message": {"text": "hi"}}}
    assert requests.post(f"{served.actions_url}/webhook", json=call, timeout=30).status_code == 401
    assert requests.post(f"{served.actions_url}/webhook", json=call, headers={"X-Action-Token": "guess"},
                         timeout=30).status_code == 401
    assert requests.get(f"{served.actions_url}/actions", timeout=30).status_code == 401
    assert requests.get(f"{served.actions_url}/health", timeout=30).ok
    _, messages = served.send(uuid.uuid4().hex, "my gums keep bleeding")  # the Rasa server has the token
    assert any((m.get("text") or "").startswith("Please contact the oncology nurse line right now") for m in messages)


@pytest.mark.parametrize("store, log_line, first_reply", [
    # Rasa keeps answering from memory while the database is away (its FailSafeTrackerStore): a full answer.
    ("postgres", "Falling back to use the 'InMemoryTrackerStore'", "Please contact the oncology nurse line right now"),
    # Without the lock store no message is handled: the gate sends the safe static answer.
    ("redis", "the lock store (Redis) failed", SAFE_ANSWER),
])
def test_an_unreachable_store_gets_a_safe_answer_and_the_conversation_goes_on_once_it_is_back(
        served, store, log_line, first_reply):
    sender = f"patient-{uuid.uuid4().hex[:8]}"
    _, first = served.send(sender, "I feel feverish")
    assert any("send me the number" in (m.get("text") or "") for m in first)
    served.proxies[store].stop()
    try:
        seconds, during = served.send(sender, "I have a nosebleed too")
    finally:
        served.proxies[store].start()
    texts = [m["text"] for m in during if m.get("text")]
    FIGURES.append(f"{store} unreachable: the answer came in {seconds:.2f} s, beginning \"{texts[0][:70]}...\"")
    assert any(t.startswith(first_reply) and "911" in "\n".join(texts) for t in texts), texts
    triage = [m["custom"]["triage"] for m in during if m.get("custom")]
    assert triage[0]["urgency"] == "contact_now" and triage[0]["symptoms"] == ["nosebleed"]
    assert log_line in served.log.read_text()

    _, after = served.send(sender, "38.9 C")  # still waiting for the temperature: nothing was lost
    triage = [m["custom"]["triage"] for m in after if m.get("custom")]
    assert triage and triage[0]["urgency"] == "contact_now" and triage[0]["symptoms"] == ["fever"], after


def test_an_unreachable_event_broker_delays_the_events_but_not_the_answer(served):
    sender = f"patient-{uuid.uuid4().hex[:8]}"
    served.send(sender, "hello")
    served.proxies["rabbitmq"].stop()
    try:
        time.sleep(1)  # an outage, not a blink: the broker's connection has noticed it
        seconds, during = served.send(sender, "my gums keep bleeding")
        time.sleep(1)
    finally:
        served.proxies["rabbitmq"].start()
    FIGURES.append(f"rabbitmq unreachable: full triage answer in {seconds:.2f} s")
    assert any((m.get("text") or "").startswith("Please contact the oncology nurse line right now") for m in during)
    deadline, published = time.monotonic() + 90, []
    while time.monotonic() < deadline:
        published += asyncio.run(drain(served.env["RABBITMQ_QUEUE"], delete=False))
        if any(e.get("sender_id") == sender and e.get("text") == "my gums keep bleeding" for e in published):
            break
        time.sleep(2)
    FIGURES.append(f"rabbitmq back: the outage's events published {time.monotonic() - deadline + 90:.0f} s later")
    texts = [e.get("text") for e in published if e.get("sender_id") == sender and e.get("event") == "user"]
    assert "my gums keep bleeding" in texts, texts


def test_the_logs_hold_no_message_text(served):
    log = served.log.read_text(errors="replace")
    for fragment in ("feverish", "nosebleed too", "gums keep bleeding", "38.9", "patient-"):
        assert fragment not in log, [line for line in log.splitlines() if fragment in line][:3]


@pytest.mark.parametrize("damage", ["missing", "truncated", "not an archive"])
def test_a_missing_or_damaged_model_stops_the_script_with_what_to_do(tmp_path, trained_model, damage):
    model = tmp_path / "imdelltra.tar.gz"
    if damage == "truncated":
        model.write_bytes(trained_model.read_bytes()[:200_000])
    elif damage == "not an archive":
        model.write_text("this is not a model")
    result = subprocess.run([str(ROOT / "scripts" / "serve.sh")], cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, MODEL=str(model), RASA_PORT=str(free_port())), timeout=120)
    assert result.returncode == 1
    expected = "make train" if damage == "missing" else f"rm {model} && make run"
    assert expected in result.stderr, result.stderr
