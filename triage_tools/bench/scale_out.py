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
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from triage_tools.bench.load import Bot, LoadResult, concurrent_conversations
from triage_tools.bench.stats import count_user_events, event_gaps
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

CONVERSATIONS = (20, 100)
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
  server rasa1 127.0.0.1:{rasa1} check inter 500 fall 1 rise 2
backend two_servers
  balance roundrobin
  option httpchk GET /
  server rasa1 127.0.0.1:{rasa1} check inter 500 fall 1 rise 2
  server rasa2 127.0.0.1:{rasa2} check inter 500 fall 1 rise 2
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
    run_env = server_env({**env, "ACTION_SERVER_TOKEN": secrets.token_urlsafe(16),
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


def run_scale_out(texts: list[str], run_index: int = 0) -> dict[str, Any]:
    """Throughput through one server and through two, then the kill test; numbers only, nothing asserted."""
    model = ensure_model()
    with scale_out_services("imdelltra_bench") as env:
        database, queue = env["POSTGRES_DB"], env["RABBITMQ_QUEUE"]
        with scaled_out(model, env) as deployment:
            throughput: dict[str, Any] = {}
            for count in CONVERSATIONS:
                fronts = [deployment.one_server, deployment.two_servers]
                for bot in (fronts if run_index % 2 == 0 else fronts[::-1]):
                    prefix = f"so-{count}-{bot.name[:3]}"
                    load = asyncio.run(concurrent_conversations(bot, texts, count, TURNS, prefix=prefix))
                    gaps = event_gaps(load.sent, stored_user_events(database, prefix))
                    throughput.setdefault(str(count), {})[bot.name] = {
                        **load.summary(), "events_lost": gaps.lost, "events_duplicated": gaps.duplicated}
                scenario = throughput[str(count)]
                scenario["ratio_two_to_one"] = (scenario["two servers"]["throughput_msg_s"]
                                                / scenario["one server"]["throughput_msg_s"])
            kill = _kill_one_of_two(deployment, texts)
            time.sleep(SETTLE_SECONDS)
            stop(process for process in deployment.processes if process.poll() is None)
        published = count_user_events(asyncio.run(drain(queue)))
        stored = stored_user_events(database, "kill")
        broker = {sender: count for sender, count in published.items() if sender.startswith("kill")}
        tracker_gaps, broker_gaps = event_gaps(kill.sent, stored), event_gaps(kill.sent, broker)
    return {"throughput": throughput, "kill": {
        **kill.summary(), "conversations": KILL_CONVERSATIONS, "turns": TURNS, "killed_after_answers": _kill_point(),
        "tracker_store": vars(tracker_gaps), "event_broker": vars(broker_gaps)}}


def _kill_point() -> int:
    return int(KILL_CONVERSATIONS * TURNS * KILL_AFTER)


def _kill_one_of_two(deployment: ScaleOut, texts: list[str]) -> LoadResult:
    """Conversations through both servers; the second gets SIGKILL once enough messages are answered."""
    victim = deployment.rasa[1]

    def kill_when_due(answered: int) -> None:
        if answered >= _kill_point() and victim.poll() is None:
            os.kill(victim.pid, signal.SIGKILL)

    return asyncio.run(concurrent_conversations(deployment.two_servers, texts, KILL_CONVERSATIONS, TURNS,
                                                retries=RETRIES, prefix="kill", on_answered=kill_when_due))
