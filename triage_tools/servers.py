"""Start the real Rasa and action servers on free loopback ports (end-to-end tests, benchmark)."""
from __future__ import annotations

import fcntl
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import requests

from bot.config import load_safeguards

ROOT = Path(__file__).resolve().parents[1]
RASA = [sys.executable, "-m", "triage_tools.quiet_rasa"]  # rasa, without third-party deprecation notices
TEST_ENV = {"CARE_TEAM_PHONE": "555-0100", "EMERGENCY_NUMBER": "911", "CARE_TEAM_NAME": "the oncology nurse line"}
TRAINING_INPUTS = ("config.yml", "domain.yml", "data")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_model(model: Path = ROOT / "models" / "imdelltra.tar.gz") -> Path:
    """The trained model; trains it first when missing or older than the training data.

    A lock file serialises training, so parallel test runs never read a half-written model.
    """
    inputs = [ROOT / name for name in TRAINING_INPUTS]
    model.parent.mkdir(exist_ok=True)
    with open(model.parent / ".train.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        files = [p for path in inputs for p in ([path] if path.is_file() else path.rglob("*.yml"))]
        if not model.exists() or any(p.stat().st_mtime > model.stat().st_mtime for p in files):
            subprocess.run([*RASA, "train", "--fixed-model-name", model.name.split(".")[0], "--quiet"],
                           cwd=ROOT, check=True, env=server_env())
            model.touch()
    return model


def server_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment the servers run with: quiet TensorFlow, no telemetry, the test clinic settings, `extra`."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", RASA_TELEMETRY_ENABLED="false",
               SQLALCHEMY_SILENCE_UBER_WARNING="1", **TEST_ENV)
    env.update(extra or {})
    return env


def start_actions(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    """The action server (`python -m bot.action_server`) on 127.0.0.1:`port`, writing its console to `log`."""
    with open(log, "a") as out:
        return subprocess.Popen([sys.executable, "-m", "bot.action_server", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def write_endpoints(workdir: Path, actions_url: str, stores: str | None = None, extra: str = "") -> Path:
    """workdir/endpoints.yml as the project's: the action server at `actions_url`; `stores` (default: a fresh
    SQLite tracker store and SQL event broker in workdir) and `extra` are endpoints.yml text."""
    if stores is None:
        stores = (f'tracker_store:\n  type: bot.stores.PrivateSQLTrackerStore\n  dialect: "sqlite"\n'
                  f'  db: "{workdir / "tracker.db"}"\n'
                  f'event_broker:\n  type: bot.stores.PrivateSQLEventBroker\n  dialect: "sqlite"\n'
                  f'  db: "{workdir / "events.db"}"\n')
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "{actions_url}/webhook"\n  enable_selective_domain: true\n'
                         f'{stores}{extra}')
    return endpoints


@dataclass
class RunningActionServer:
    """Handle to an action server started on its own (profiling an in-process Rasa agent)."""

    url: str
    env: dict[str, str]


@contextmanager
def running_action_server(timeout: float = 120) -> Iterator[RunningActionServer]:
    """Start the action server on a free loopback port with a fresh token; stop it afterwards."""
    log = Path(tempfile.mkdtemp(prefix="imdelltra-actions-")) / "actions.log"
    port = free_port()
    env = server_env({"ACTION_SERVER_TOKEN": secrets.token_urlsafe(16)})
    process = start_actions(port, env, log)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", process, log, timeout)
        yield RunningActionServer(f"http://127.0.0.1:{port}", env)
    finally:
        process.terminate()
        process.wait(timeout=20)


@dataclass
class RunningAssistant:
    """Handles to a running Rasa server and action server."""

    rasa_url: str
    actions_url: str
    workdir: Path
    logs: dict[str, Path] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)

    def stop_actions(self, how: signal.Signals = signal.SIGTERM) -> None:
        """Stop (SIGTERM), crash (SIGKILL) or freeze (SIGSTOP: it accepts calls but never answers) the action server."""
        process = self.processes["actions"]
        process.send_signal(how)
        if how != signal.SIGSTOP:
            process.wait(timeout=20)

    def resume_actions(self) -> None:
        """Let a frozen action server (stop_actions(SIGSTOP)) run again."""
        self.processes["actions"].send_signal(signal.SIGCONT)

    def restart_actions(self, timeout: float = 120) -> None:
        """A fresh action server on the same port, after stop_actions()."""
        old = self.processes["actions"]
        if old.poll() is None:
            old.send_signal(signal.SIGCONT)
            old.kill()
            old.wait(timeout=20)
        self.processes["actions"] = start_actions(int(self.actions_url.rsplit(":", 1)[1]), self.env,
                                                   self.logs["actions"])
        wait_until_up(f"{self.actions_url}/health", self.processes["actions"], self.logs["actions"], timeout)

    def send(self, sender: str, text: str, timeout: float = 60) -> list[dict[str, Any]]:
        """One patient message through the REST channel; returns the bot's messages."""
        response = requests.post(f"{self.rasa_url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": text}, timeout=timeout)
        response.raise_for_status()
        return response.json()

    def log_tail(self, name: str, lines: int = 40) -> str:
        return "\n".join(self.logs[name].read_text(errors="replace").splitlines()[-lines:])


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-4000:]
            raise RuntimeError(f"server exited early ({process.returncode}):\n{tail}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up in {timeout:.0f}s:\n{log.read_text(errors='replace')[-4000:]}")


@contextmanager
def running_assistant(model: Path, credentials: Path | None = None, env: dict[str, str] | None = None,
                      extra_endpoints: str = "", timeout: float = 180,
                      stores: str | None = None) -> Iterator[RunningAssistant]:
    """Start both servers; stop them afterwards.

    `stores` is the endpoints.yml text for tracker store, lock store and event broker
    (default, as endpoints.yml: a fresh SQLite tracker store and SQL event broker); `extra_endpoints` is
    appended as it is.
    """
    workdir = Path(tempfile.mkdtemp(prefix="imdelltra-e2e-"))
    rasa_port, actions_port = free_port(), free_port()
    endpoints = write_endpoints(workdir, f"http://127.0.0.1:{actions_port}", stores, extra_endpoints)
    logs = {"actions": workdir / "actions.log", "rasa": workdir / "rasa.log"}
    run_env = server_env(dict({"ACTION_SERVER_TOKEN": secrets.token_urlsafe(16)}, **(env or {})))
    origins = load_safeguards(run_env).allowed_origins
    running = RunningAssistant(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{actions_port}", workdir, logs,
                               env=run_env)
    try:
        running.processes["actions"] = start_actions(actions_port, run_env, logs["actions"])
        running.processes["rasa"] = start_rasa(rasa_port, model, endpoints, credentials or ROOT / "credentials.yml",
                                               run_env, logs["rasa"], "--cors", *origins)
        wait_until_up(f"{running.actions_url}/health", running.processes["actions"], logs["actions"], timeout)
        wait_until_up(f"{running.rasa_url}/status", running.processes["rasa"], logs["rasa"], timeout)
        yield running
    finally:
        stop(running.processes.values())


def start_rasa(port: int, model: Path, endpoints: Path, credentials: Path, env: dict[str, str], log: Path,
               *extra_args: str, cwd: Path = ROOT) -> subprocess.Popen:
    """`rasa run` with its HTTP API on 127.0.0.1:`port`, writing its console to `log`."""
    with open(log, "a") as out:
        return subprocess.Popen(
            [*RASA, "run", "--enable-api", "--port", str(port), "--interface", "127.0.0.1", "--model", str(model),
             "--endpoints", str(endpoints), "--credentials", str(credentials), *extra_args],
            cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop(processes: Iterable[subprocess.Popen]) -> None:
    """Terminate the processes (frozen ones too), killing any still running after 20 s."""
    processes = list(processes)
    for process in processes:
        process.send_signal(signal.SIGCONT)
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class RunningCareTeam:
    """Handles to a running care-team service (inbox, event feed, alerts)."""

    url: str
    env: dict[str, str]
    log: Path
    process: subprocess.Popen

    def command(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
        """`python -m bot.careteam ARGS` against this service's stores."""
        return subprocess.run([sys.executable, "-m", "bot.careteam", *args], cwd=ROOT, env=self.env, input=stdin,
                              capture_output=True, text=True, timeout=120)

    def add_user(self, username: str, password: str) -> None:
        result = self.command("add-user", username, "--password-stdin", stdin=password + "\n")
        if result.returncode != 0:
            raise RuntimeError(f"add-user failed: {result.stderr}")

    def sign_in(self, username: str, password: str) -> requests.Session:
        """A browser-like HTTP session signed in to the inbox (raises if the sign-in is refused)."""
        session = requests.Session()
        form = session.get(f"{self.url}/login", timeout=30)
        response = session.post(f"{self.url}/login", timeout=30, data={
            "csrf": _form_value(form.text, "csrf"), "next": "/", "username": username, "password": password})
        if response.status_code != 200 or "Sign out" not in response.text:
            raise RuntimeError(f"sign-in refused ({response.status_code})")
        return session


def _form_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    if match is None:
        raise ValueError(f"no {name!r} field in the page")
    return match.group(1)


@contextmanager
def running_care_team(assistant: RunningAssistant, env: dict[str, str] | None = None,
                      timeout: float = 60) -> Iterator[RunningCareTeam]:
    """`python -m bot.careteam serve` on a free port, reading the assistant's event broker into its own store."""
    port = free_port()
    name = uuid.uuid4().hex[:8]
    settings = {"ENDPOINTS": str(assistant.workdir / "endpoints.yml"), "CARE_TEAM_HOST": "127.0.0.1",
                "CARE_TEAM_PORT": str(port), "CARE_TEAM_INBOX_URL": f"http://127.0.0.1:{port}",
                "CARE_TEAM_DB_URL": f"sqlite:///{assistant.workdir / f'careteam-{name}.db'}", **(env or {})}
    full_env = server_env(settings)
    log = assistant.workdir / f"careteam-{name}.log"
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "bot.careteam", "serve"], cwd=ROOT, env=full_env,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", process, log, timeout)
        yield RunningCareTeam(f"http://127.0.0.1:{port}", full_env, log, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
