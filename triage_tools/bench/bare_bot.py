"""The yardstick: a bare `rasa init --no-prompt` bot (default pipeline and TED policy, no action server).

Built and trained once into .cache/ (git-ignored) with the same virtual environment, then served like ours.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import rasa

from triage_tools.servers import RASA, ROOT, free_port, server_env, start_rasa, stop, wait_until_up

CACHE = ROOT / ".cache" / f"bare-rasa-init-{rasa.__version__}"
BUILD_RECORD = "bench-build.json"


@dataclass(frozen=True)
class BareBot:
    """The cached bare bot: its project folder, trained model, and how long `rasa init` took (training included)."""

    project: Path
    model: Path
    init_seconds: float


def ensure_bare_bot(cache: Path = CACHE) -> BareBot:
    """The bare bot from the cache; `rasa init --no-prompt` (which also trains) first when it is not there."""
    record = cache / BUILD_RECORD
    if not record.exists():
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)
        print(f"Building the bare `rasa init` bot in {cache} (once; about a minute and a half)", flush=True)
        start = time.perf_counter()
        with open(cache.parent / f"{cache.name}.log", "w") as log:
            subprocess.run([*RASA, "init", "--no-prompt", "--init-dir", str(cache)], cwd=cache, check=True,
                           env=server_env(), stdout=log, stderr=subprocess.STDOUT)
        record.write_text(json.dumps({"init_seconds": time.perf_counter() - start}))
    models = sorted((cache / "models").glob("*.tar.gz"))
    return BareBot(cache, models[-1], json.loads(record.read_text())["init_seconds"])


@dataclass(frozen=True)
class RunningBareBot:
    """The bare bot's Rasa server: its URL and process."""

    url: str
    process: subprocess.Popen


@contextmanager
def running_bare_bot(bot: BareBot, timeout: float = 300) -> Iterator[RunningBareBot]:
    """The bare bot's Rasa server on a free loopback port with its own endpoints and credentials; stopped after."""
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="bare-bot-")) / "rasa.log"
    process = start_rasa(port, bot.model, bot.project / "endpoints.yml", bot.project / "credentials.yml",
                         server_env(), log, cwd=bot.project)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/status", process, log, timeout)
        yield RunningBareBot(f"http://127.0.0.1:{port}", process)
    finally:
        stop([process])
