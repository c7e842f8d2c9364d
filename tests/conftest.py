"""Shared fixtures: the trained model, the model in-process, and the running servers."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from triage_tools.quiet_rasa import quiet_third_party_warnings
from triage_tools.servers import TEST_ENV, RunningAssistant, ensure_model, free_port, running_assistant

quiet_third_party_warnings()  # before any test imports sanic, which would switch deprecation notices back on
for _name, _value in TEST_ENV.items():
    os.environ[_name] = _value


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model in models/, trained first if missing or older than the training data."""
    return ensure_model()


@pytest.fixture(scope="session")
def local_assistant(trained_model: Path):
    """The trained NLU model loaded in-process, answering like the action server would."""
    from triage_tools.rasa_runtime import LocalAssistant

    return LocalAssistant.load(trained_model)


@pytest.fixture(scope="session")
def web_chat_port() -> int:
    """The port the web chat page is served on in tests: its origin is the one the Rasa server allows."""
    return free_port()


@pytest.fixture(scope="session")
def assistant(trained_model: Path, web_chat_port: int) -> Iterator[RunningAssistant]:
    """Real Rasa + action servers on free loopback ports (started once per test session)."""
    with running_assistant(trained_model, env={"ALLOWED_ORIGINS": f"http://127.0.0.1:{web_chat_port}"}) as running:
        yield running
