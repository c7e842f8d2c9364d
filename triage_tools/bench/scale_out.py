"""Scale-out measured: two Rasa servers behind HAProxy on loopback, sharing PostgreSQL, Redis and RabbitMQ.

One action server and two Rasa servers run with the shipped endpoints.scale-out.yml; HAProxy offers one
front end with only the first server and one with both. Throughput is measured through each, alternating;
then one of the two servers is killed with SIGKILL in the middle of a run, and the user events in the
PostgreSQL tracker store and in the RabbitMQ queue are counted per conversation against the messages sent.
"""
from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from bot.careteam.events import event_key
from triage_tools.bench.load import Bot, LoadResult, concurrent_conversations
from triage_tools.bench.side_by_side import NO_RATE_LIMITS
from triage_tools.bench.stats import EventGaps, count_user_events, event_gaps, ratio
from triage_tools.scale_out import SCALE_OUT_ENDPOINTS, drain, scale_out_services, stored_user_events
from triage_tools.servers import (
    ROOT,
    ensure_model,
    free_port,
    server_env,
    start_actions,
    start_rasa,
    stop,
    wait_until_up,
)

CONVERSATIONS = (20,)
TURNS = 10
KILL_CONVERSATIONS, KILL_AFTER = 40, 0.4  # kill the second server once 40 % of the messages are answered
RETRIES = 5
SETTLE_SECONDS = 5  # for the surviving server's last publications to reach RabbitMQ

HAPROXY_CONFIG = """\
defaults
  mode http
  timeout connect 2s
  timeout client 300s
  timeout server 300s
  timeout check 30s
  retries 3
  option redispatch
frontend one_server
  bind 127.0.0.1:{one_port}
  default_backend one_server
frontend two_servers
  bind 127.0.0.1:{two_port}
  default_backend two_servers
backend one_server
  option httpchk GET /
  server rasa1 127.0.0.1:{rasa1} check inter 1s fall 2 rise 1
backend two_servers
  balance roundrobin
  option httpchk GET /
  server rasa1 127.0.0.1:{rasa1} check inter 1s fall 2 rise 1
  server rasa2 127.0.0.1:{rasa2} check inter 1s fall 2 rise 1
"""


@dataclass
class ScaleOut:
    """The running deployment: HAProxy's two front ends, the Rasa servers' processes, the stores' names."""

    one_server: Bot
    two_servers: Bot
    rasa: list[subprocess.Popen]
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)


@contextmanager
def scaled_out(model: Path, env: dict[str, str], timeout: float = 300) -> Iterator[ScaleOut]:
    """One action server, two Rasa servers and HAProxy on free loopback ports; all stopped afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix="imdelltra-scale-out-"))
    actions_port, rasa_ports, front_ports = free_port(), [free_port(), free_port()], [free_port(), free_port()]
    run_env = server_env({**env, **NO_RATE_LIMITS, "ACTION_SERVER_TOKEN": secrets.token_urlsafe(16),
                          "ACTION_SERVER_URL": f"http://127.0.0.1:{actions_port}/webhook"})
    config = workdir / "haproxy.cfg"
    config.write_text(HAPROXY_CONFIG.format(one_port=front_ports[0], two_port=front_ports[1],
                                            rasa1=rasa_ports[0], rasa2=rasa_ports[1]))
    processes: list[subprocess.Popen] = []
    try:
        processes.append(start_actions(actions_port, run_env, workdir / "actions.log"))
        rasa = [start_rasa(port, model, SCALE_OUT_ENDPOINTS, ROOT / "credentials.yml", run_env,
                           workdir / f"rasa{number}.log") for number, port in enumerate(rasa_ports, 1)]
        processes += rasa
        wait_until_up(f"http://127.0.0.1:{actions_port}/health", processes[0], workdir / "actions.log", timeout)
        for number, (process, port) in enumerate(zip(rasa, rasa_ports, strict=True), 1):
            wait_until_up(f"http://127.0.0.1:{port}/status", process, workdir / f"rasa{number}.log", timeout)
        with open(workdir / "haproxy.log", "w") as out:
            processes.append(subprocess.Popen(["haproxy", "-db", "-f", str(config)], stdout=out,
                                              stderr=subprocess.STDOUT))
        wait_until_up(f"http://127.0.0.1:{front_ports[1]}/", processes[-1], workdir / "haproxy.log", 30)
        time.sleep(2)  # HAProxy's health checks mark both servers up
        yield ScaleOut(Bot("one server", f"http://127.0.0.1:{front_ports[0]}"),
                       Bot("two servers", f"http://127.0.0.1:{front_ports[1]}"), rasa, run_env, processes)
    finally:
        stop(process for process in processes if process.poll() is None)


@dataclass
class BrokerTally:
    """User events taken off the benchmark's RabbitMQ queue so far, per conversation, each counted once by the
    key the care team's log stores it under (RabbitMQ delivers at least once; `bot.careteam.events.event_key`)."""

    queue: str
    published: Counter[str] = field(default_factory=Counter)
    delivered_again: Counter[str] = field(default_factory=Counter)  # the same user event in the queue again
    keys: set[str] = field(default_factory=set)

    def collect(self) -> None:
        """Take what is waiting in the queue now (the queue stays)."""
        for event in asyncio.run(drain(self.queue, delete=False)):
            key = event_key(event)
            if event.get("event") != "user":
                continue
            if key in self.keys:
                self.delivered_again[str(event.get("sender_id"))] += 1
                continue
            self.keys.add(key)
            self.published += count_user_events([event])

    def gaps(self, sent: Counter[str]) -> EventGaps:
        """Events published against messages sent, for the conversations in `sent`."""
        return event_gaps(sent, {sender: self.published[sender] for sender in sent if sender in self.published})


def run_scale_out(texts: list[str], run_index: int = 0) -> dict[str, Any]:
    """Throughput through one server and through two, then the kill test; numbers only, nothing asserted.

    The RabbitMQ queue is read as soon as each load ends (what was published by the last reply) and again once
    the servers have stopped (what was published at all).
    """
    tag = uuid.uuid4().hex[:8]  # RabbitMQ's exchange is shared: count only this run's conversations
    with scale_out_services("imdelltra_bench") as env:
        broker = BrokerTally(env["RABBITMQ_QUEUE"])
        loads: dict[str, tuple[str, LoadResult]] = {}
        by_last_reply: dict[str, int] = {}
        with scaled_out(ensure_model(), env) as deployment:
            fronts = [deployment.one_server, deployment.two_servers]
            for count in CONVERSATIONS:
                for bot in (fronts if run_index % 2 == 0 else fronts[::-1]):
                    prefix = f"so{count}{bot.name[:3]}-{tag}"
                    load = asyncio.run(concurrent_conversations(bot, texts, count, TURNS, prefix=prefix))
                    loads[f"{count} conversations, {bot.name}"] = (prefix, load)
                    by_last_reply[prefix] = _published_now(broker, load)
            load = _kill_one_of_two(deployment, texts, f"kill-{tag}")
            loads["kill one of two"] = (f"kill-{tag}", load)
            by_last_reply[f"kill-{tag}"] = _published_now(broker, load)
            time.sleep(SETTLE_SECONDS)
            stop(process for process in deployment.processes if process.poll() is None)
        broker.collect()
        results: dict[str, Any] = {
            name: {**load.summary(), "events_published_by_last_reply": by_last_reply[prefix],
                   "tracker_store": vars(event_gaps(load.sent, stored_user_events(env["POSTGRES_DB"], prefix))),
                   "event_broker": vars(broker.gaps(load.sent)),
                   "events_delivered_again": sum(broker.delivered_again[sender] for sender in load.sent)}
            for name, (prefix, load) in loads.items()}
    results["kill one of two"].update(conversations=KILL_CONVERSATIONS, turns=TURNS, killed_after=_kill_point())
    for count in CONVERSATIONS:
        results[f"{count} conversations, ratio two to one"] = ratio(
            results[f"{count} conversations, two servers"]["throughput_msg_s"],
            results[f"{count} conversations, one server"]["throughput_msg_s"])
    return results


def _published_now(broker: BrokerTally, load: LoadResult) -> int:
    """User events of these conversations that have reached RabbitMQ by now."""
    broker.collect()
    return broker.gaps(load.sent).stored


def _kill_point() -> int:
    return int(KILL_CONVERSATIONS * TURNS * KILL_AFTER)


def _kill_one_of_two(deployment: ScaleOut, texts: list[str], prefix: str) -> LoadResult:
    """Conversations through both servers; the second gets SIGKILL once enough messages are answered."""
    victim = deployment.rasa[1]

    def kill_when_due(answered: int) -> None:
        if answered >= _kill_point() and victim.poll() is None:
            os.kill(victim.pid, signal.SIGKILL)

    return asyncio.run(concurrent_conversations(deployment.two_servers, texts, KILL_CONVERSATIONS, TURNS,
                                                retries=RETRIES, prefix=prefix, on_answered=kill_when_due))
