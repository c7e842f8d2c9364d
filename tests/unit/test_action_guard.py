"""The guarded action endpoint against small action-server stand-ins on loopback (no Rasa server needed)."""
from __future__ import annotations

import asyncio
import json
import threading
import time
from contextlib import asynccontextmanager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import AsyncIterator, Iterator

import pytest
from aiohttp import web
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from bot.channels.safeguards import GuardedActionEndpoint, fallback_response, from_latest_message
from bot.config import ACTION_TOKEN_HEADER, load_safeguards
from triage_tools.servers import free_port

LIMITS = load_safeguards({"ACTION_TIMEOUT_MS": "500", "ACTION_SERVER_TOKEN": "s3cret"})
ANSWER = {"events": [], "responses": [{"text": "the real answer"}]}


def action_call(action: str = "action_triage", sender: str = "patient-1", text: str = "I can't breathe",
                entities: list | None = None, intent: str = "report_emergency") -> dict:
    entities = entities if entities is not None else [
        {"entity": "symptom", "value": "severe_breathing_trouble", "start": 0, "end": len(text)}]
    return {"next_action": action, "sender_id": sender, "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": sender, "latest_message": {"text": text, "entities": entities,
                                                                "intent": {"name": intent}}}}


@asynccontextmanager
async def stand_in(delay: float = 0.0, status: int = 200) -> AsyncIterator[tuple[str, list]]:
    """An action server answering after `delay` seconds with `status`; yields its URL and the headers it saw."""
    seen: list = []

    async def webhook(request: web.Request) -> web.Response:
        seen.append(dict(request.headers))
        await asyncio.sleep(delay)
        if status != 200:
            return web.json_response({"error": "nope", "action_name": "action_triage"}, status=status)
        return web.json_response(ANSWER)

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}/webhook", seen
    finally:
        await runner.cleanup()


def call(endpoint: GuardedActionEndpoint, body: dict) -> dict:
    return asyncio.run(endpoint.request(json=body, method="post", timeout=300))


def test_a_healthy_action_server_answers_and_receives_the_token():
    async def run():
        async with stand_in() as (url, seen):
            result = await GuardedActionEndpoint(EndpointConfig(url), LIMITS).request(json=action_call())
            return result, seen
    result, seen = asyncio.run(run())
    assert result == ANSWER and seen[0][ACTION_TOKEN_HEADER] == "s3cret"


def test_a_stopped_action_server_gets_the_safe_answer_without_waiting_for_the_timeout():
    endpoint = GuardedActionEndpoint(EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook"), LIMITS)
    result = call(endpoint, action_call())
    assert result["responses"][0]["text"].startswith("Call 911 now")
    triage = result["responses"][1]["custom"]["triage"]
    assert triage["urgency"] == "emergency" and triage["reasons"] == ["fallback:action_server_unreachable"]
    assert {"event": "slot", "name": "awaiting_temperature", "value": False} in result["events"]


def test_a_slow_action_server_is_given_up_after_the_timeout_and_the_same_turn_waits_only_once():
    async def run():
        async with stand_in(delay=3) as (url, _):
            endpoint = GuardedActionEndpoint(EndpointConfig(url), LIMITS)
            started = time.monotonic()
            session = await endpoint.request(json=action_call("action_session_start"))
            first = time.monotonic() - started
            bleeding = action_call(text="my gums bleed", entities=[], intent="report_bleeding")
            triage = await endpoint.request(json=bleeding)
            return session, first, triage, time.monotonic() - started - first
    session, first, triage, second = asyncio.run(run())
    assert 0.45 < first < 1.5 and second < 0.2
    assert session["events"][0] == {"event": "session_started"} and session["responses"] == []
    assert {"event": "slot", "name": "care_team_phone", "value": "555-0100"} in session["events"]
    assert triage["responses"][0]["text"].startswith("Please contact the oncology nurse line now at 555-0100")


def test_an_action_server_error_gets_the_safe_answer_but_a_rejection_stays_a_rejection():
    async def run(status: int):
        async with stand_in(status=status) as (url, _):
            return await GuardedActionEndpoint(EndpointConfig(url), LIMITS).request(json=action_call())
    assert asyncio.run(run(500))["responses"][1]["custom"]["triage"]["reasons"] == ["fallback:action_server_error"]
    with pytest.raises(ClientResponseError):
        asyncio.run(run(400))


def test_no_configured_endpoint_still_answers_safely():
    result = call(GuardedActionEndpoint(None, LIMITS), action_call("action_faq", intent="faq", entities=[]))
    assert result["events"] == [] and "555-0100" in result["responses"][0]["text"]


def test_the_fallback_for_a_negated_emergency_is_contact_now_never_reassurance():
    text = "no trouble breathing"
    result = fallback_response(action_call(text=text, intent="deny", entities=[
        {"entity": "symptom", "value": "severe_breathing_trouble", "role": "negated", "start": 3, "end": len(text)}]),
        "action_server_too_slow")
    triage = result["responses"][1]["custom"]["triage"]
    assert triage["urgency"] == "contact_now" and triage["negated"] == ["severe_breathing_trouble"]


def test_the_action_server_gets_the_events_from_the_latest_patient_message_on():
    events = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": "fever"},
              {"event": "bot", "text": "reply"}, {"event": "action", "name": "action_listen"},
              {"event": "user", "text": "and chills"}, {"event": "user_featurization"}]
    body = dict(action_call(), tracker={"sender_id": "patient-1", "slots": {"last_urgency": "contact_now"},
                                        "events": events})
    sent = from_latest_message(body)
    assert sent["tracker"]["events"] == events[4:]
    assert sent["tracker"]["slots"] == {"last_urgency": "contact_now"} and sent["next_action"] == "action_triage"
    assert body["tracker"]["events"] == events  # the tracker Rasa keeps is not changed
    assert from_latest_message(dict(body, tracker={"events": events[:1]}))["tracker"]["events"] == events[:1]


@contextmanager
def threaded_stand_in(delay: float = 0.0) -> Iterator[str]:
    """An action server on a thread of its own (unlike stand_in, it answers while the test's event loop is busy)."""
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            self.rfile.read(int(self.headers["Content-Length"]))
            time.sleep(delay)
            body = json.dumps(ANSWER).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            try:
                self.end_headers()
                self.wfile.write(body)
            except BrokenPipeError:  # the guard gave up waiting (the hung case)
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/webhook"
    finally:
        server.shutdown()


async def busy_event_loop(seconds: float, turns: int = 20, step: float = 0.05) -> None:
    """What many turns at once do to the Rasa server's event loop: each loop round runs every turn's work."""
    async def a_turn() -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(step)  # a turn's NLU, policies and stores, run in the loop
            await asyncio.sleep(0)
    await asyncio.gather(*(a_turn() for _ in range(turns)))


def test_a_busy_rasa_event_loop_does_not_count_against_the_action_server():
    """20 turns at once each block the loop 50 ms per round (1 s a round). The action server answers at once: the
    patient gets the real answer, not the safe fallback, though the call's steps could not run within the 500 ms
    deadline on the busy loop (Rasa's own request there took several rounds)."""
    async def run():
        with threaded_stand_in() as url:
            endpoint = GuardedActionEndpoint(EndpointConfig(url), LIMITS)
            await endpoint.request(json=action_call(sender="warm-up"))
            busy = asyncio.ensure_future(busy_event_loop(4))
            await asyncio.sleep(0)
            answer = await endpoint.request(json=action_call())
            await busy
            await endpoint.close()
            return answer
    assert asyncio.run(run()) == ANSWER


def test_a_hung_action_server_still_gets_the_safe_answer_while_the_loop_is_busy():
    """The safety property kept: hung is still given up after the deadline, busy loop or not."""
    async def run():
        with threaded_stand_in(delay=5) as url:
            endpoint = GuardedActionEndpoint(EndpointConfig(url), LIMITS)
            busy = asyncio.ensure_future(busy_event_loop(3))
            await asyncio.sleep(0)
            started = time.monotonic()
            answer = await endpoint.request(json=action_call())
            waited = time.monotonic() - started
            await busy
            await endpoint.close()
            return answer, waited
    answer, waited = asyncio.run(run())
    assert answer["responses"][1]["custom"]["triage"]["reasons"] == ["fallback:action_server_too_slow"]
    # the 500 ms deadline on the calls' own loop, then the busy loop's rounds (1 s each) to hand the answer over
    assert waited < 4.5
