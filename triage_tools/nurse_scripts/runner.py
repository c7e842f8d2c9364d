"""Run nurse scripts against the assistant: in-process (default) or a running server (--url)."""
from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Protocol

import requests

from bot.config import Settings, load_settings
from bot.vocabulary import Urgency
from triage_tools.nurse_scripts.checks import check
from triage_tools.nurse_scripts.model import Reply, Script, ScriptResult, TurnResult


class Assistant(Protocol):
    """Anything that answers a patient message in a conversation, as the REST channel would."""

    def send(self, sender: str, text: str) -> list[dict[str, Any]]: ...


def reply_from(messages: list[dict[str, Any]]) -> Reply:
    """The texts and the (merged) triage metadata of one turn's bot messages."""
    texts = tuple(m["text"] for m in messages if m.get("text"))
    triages = [m["custom"]["triage"] for m in messages if isinstance(m.get("custom"), dict) and "triage" in m["custom"]]
    if not triages:
        return Reply(texts=texts, triage=None)
    if len(triages) == 1:
        return Reply(texts=texts, triage=triages[0])
    merged = dict(triages[0])
    merged["urgency"] = max((t.get("urgency", "none") for t in triages), key=lambda u: Urgency.from_label(u))
    merged["categories"] = list(dict.fromkeys(c for t in triages for c in t.get("categories", [])))
    return Reply(texts=texts, triage=merged)


class RestAssistant:
    """A Rasa server that is already running, reached through its REST channel."""

    def __init__(self, url: str, timeout: float = 60) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    def send(self, sender: str, text: str) -> list[dict[str, Any]]:
        response = requests.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                 timeout=self.timeout)
        response.raise_for_status()
        return response.json()


class InProcessAssistant:
    """The trained model loaded in this process, with the custom actions (actions/) run in-process too.

    Rasa calls custom actions through its action endpoint; here that endpoint hands the same
    JSON request to rasa-sdk's executor instead of sending it over HTTP, so no server is needed.
    """

    def __init__(self, model: Path | None = None, agent: Any = None) -> None:
        """Load `model`, or reuse an already loaded Rasa `agent` (its custom actions then run in-process)."""
        from rasa.utils.log_utils import configure_structlog

        configure_structlog(logging.WARNING)
        for name in ("rasa", "rasa_sdk", "tensorflow", "absl"):
            logging.getLogger(name).setLevel(logging.ERROR)
        self.loop = asyncio.new_event_loop()
        endpoint = _in_process_action_endpoint()
        if agent is None:
            agent = self.loop.run_until_complete(_load_agent(str(model), endpoint))
        agent.action_endpoint = endpoint
        agent.processor.action_endpoint = endpoint
        self.agent = agent

    def send(self, sender: str, text: str) -> list[dict[str, Any]]:
        return self.loop.run_until_complete(self.agent.handle_text(text, sender_id=sender)) or []

    def close(self) -> None:
        self.loop.close()


async def _load_agent(model: str, endpoint: Any) -> Any:
    from rasa.core.agent import Agent

    return Agent.load(model, action_endpoint=endpoint)


def _in_process_action_endpoint() -> Any:
    from rasa.utils.endpoints import EndpointConfig
    from rasa_sdk.executor import ActionExecutor

    class InProcessActionEndpoint(EndpointConfig):
        def __init__(self) -> None:
            super().__init__(url="in-process://actions")
            self.executor = ActionExecutor()
            self.executor.register_package("actions")

        async def request(self, method: str = "post", subpath: str | None = None,
                          content_type: str | None = "application/json", compress: bool = False,
                          **kwargs: Any) -> Any:
            # The JSON round trip keeps exactly what would have crossed the wire.
            call = json.loads(json.dumps(kwargs.get("json") or {}))
            return json.loads(json.dumps(await self.executor.run(call)))

    return InProcessActionEndpoint()


TurnCallback = Callable[[Script, int, TurnResult], None]


def run_script(script: Script, assistant: Assistant, settings: Settings | None = None,
               on_turn: TurnCallback | None = None) -> ScriptResult:
    """Play one script as a fresh conversation (its own sender id) and check every turn."""
    settings = settings or load_settings()
    sender = f"nurse-script-{script.id}-{uuid.uuid4().hex[:8]}"
    result = ScriptResult(script)
    started = time.monotonic()
    for number, turn in enumerate(script.turns, 1):
        try:
            reply = reply_from(assistant.send(sender, turn.patient))
        except Exception as error:  # a crashed turn is a failed script, reported like any other failure
            turn_result = TurnResult(turn, None, error=f"the assistant did not answer: {error!r}")
        else:
            turn_result = TurnResult(turn, reply, failures=tuple(check(turn.expect, reply, settings)))
            if not reply.texts:
                turn_result = TurnResult(turn, reply, failures=turn_result.failures + ("the assistant sent no text",))
        result.turns.append(turn_result)
        if on_turn:
            on_turn(script, number, turn_result)
        if turn_result.error:
            break  # the rest of the conversation would be out of context
    result.seconds = time.monotonic() - started
    return result


def run_scripts(scripts: list[Script], assistant: Assistant, settings: Settings | None = None,
                on_script: Callable[[int, ScriptResult], None] | None = None) -> list[ScriptResult]:
    """Run every script in order; `on_script(index, result)` is called after each one."""
    results = []
    for index, script in enumerate(scripts):
        result = run_script(script, assistant, settings)
        results.append(result)
        if on_script:
            on_script(index, result)
    return results
