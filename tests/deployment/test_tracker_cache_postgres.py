"""The cached reads of the SQL tracker store against PostgreSQL, the scale-out tracker store: the same histories
as tests/unit/test_tracker_cache.py (several servers writing, late commits, erasure...), compared with Rasa's
own full read after every step."""
from __future__ import annotations

import uuid
from typing import Any, Callable, Iterator, List

import psycopg2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.test_tracker_cache import STEPS, World, play, turn
from triage_tools.scale_out import POSTGRES


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    name = f"imdelltra_cache_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(dbname="postgres", **POSTGRES)
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    try:
        yield name
    finally:
        admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def connect(database: str) -> dict:
    """The stores' settings for the database; each history is a conversation of its own in it."""
    return {"dialect": "postgresql", "host": POSTGRES["host"], "port": POSTGRES["port"], "db": database,
            "username": POSTGRES["user"], "password": ""}


def a_sender() -> str:
    return f"patient-{uuid.uuid4().hex[:8]}"


@pytest.mark.parametrize("step", STEPS, ids=[step.__name__ for step in STEPS])
def test_each_kind_of_change_between_turns(database: str, step: Callable[[World], None]) -> None:
    play(connect(database), [turn, step, turn, step, turn], a_sender())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(STEPS), max_size=15))
def test_a_read_through_the_cache_is_the_full_read_after_any_history(database: str, steps: List[Any]) -> None:
    play(connect(database), steps, a_sender())
