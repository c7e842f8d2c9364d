"""The tracker the SQL tracker store builds from its cache is exactly the one a full read gives.

Every step of a random history (turns, session starts, restarts, rewinds, loops, another server writing,
the HTTP API replacing the events, a server restart, clock skew, late commits, erasure) is followed by a read
through the cached store and one through Rasa's own SQLTrackerStore, and the two trackers are compared in
every part of their state. tests/deployment/test_tracker_cache_postgres.py runs the same against PostgreSQL.
"""
from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.stores import SAVED_EVENTS, PrivateSQLTrackerStore
from bot.tracker_cache import ConversationCache, StoredConversation, copy_tracker
from triage_tools.servers import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
SENDER = "patient-1"


def state(tracker: Optional[DialogueStateTracker]) -> Any:
    """Everything a tracker holds that Rasa reads: events, slots, loop, latest message, and the states."""
    if tracker is None:
        return None
    return {"current": tracker.current_state(EventVerbosity.ALL),
            "slots": {name: (slot.value, slot.has_been_set) for name, slot in tracker.slots.items()},
            "applied": [event.as_dict() for event in tracker.applied_events()],
            "past_states": tracker.past_states(DOMAIN),
            "latest_bot_utterance": utterance(tracker.latest_bot_utterance),
            "others": {name: value for name, value in vars(tracker).items()
                       if name not in ("events", "slots", "latest_message", "latest_bot_utterance", SAVED_EVENTS)}}


def utterance(event: Optional[BotUttered]) -> Any:
    """The bot's latest utterance; the empty one a reset creates has the time of the reset, not of an event."""
    if event is None or event == BotUttered.empty():
        return None if event is None else "empty"
    return event.as_dict()


@dataclass
class World:
    """A database, the store under test (one Rasa server), another server's store, and Rasa's own store."""

    connect: Dict[str, Any]  # the stores' keyword arguments for the database
    sender: str = SENDER
    domain: Domain = DOMAIN  # the model's domain, as the servers have it
    clock: Callable[[], float] = field(default_factory=lambda: itertools.count(1000).__next__)
    stores: List[PrivateSQLTrackerStore] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ours = self.store()
        self.other_server = self.store()
        self.rasas = SQLTrackerStore(DOMAIN, **self.connect)

    def store(self) -> PrivateSQLTrackerStore:
        store = PrivateSQLTrackerStore(self.domain, **self.connect)
        self.stores.append(store)
        return store

    def now(self) -> float:
        return float(self.clock())

    def extend(self, store: PrivateSQLTrackerStore, events: List[Any]) -> None:
        """One turn as Rasa's processor takes it: read the conversation, add events, save."""
        tracker = run(store.retrieve(self.sender)) or DialogueStateTracker(self.sender, DOMAIN.slots)
        tracker.update_with_events(events, DOMAIN, override_timestamp=False)
        run(store.save(tracker))

    def sql(self, statement: str, **parameters: Any) -> None:
        with self.ours.engine.begin() as connection:
            connection.execute(sa.text(statement), parameters)

    def check(self) -> None:
        ours = run(self.ours.retrieve(self.sender))
        rasas = run(self.rasas.retrieve(self.sender))
        assert state(ours) == state(rasas)
        if ours is not None:
            with self.rasas.session_scope() as session:
                stored = self.rasas._event_query(session, self.sender, fetch_events_from_all_sessions=False).count()
            assert getattr(ours, SAVED_EVENTS) == stored  # what the next save skips, as Rasa counts it

    def close(self) -> None:
        for store in self.stores:
            store.engine.dispose()
        self.rasas.engine.dispose()


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def message(world: World, intent: str, text: str = "text") -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 0.9}, [{"entity": "symptom", "value": "fever"}],
                       timestamp=world.now())


def a_turn(world: World) -> List[Any]:
    return [message(world, "report_crs"), ActionExecuted("action_triage", policy="RulePolicy", timestamp=world.now()),
            BotUttered("reply", {"custom": {"triage": {"urgency": "contact_now"}}}, timestamp=world.now()),
            SlotSet("urgency_in_force", "contact_now", timestamp=world.now()),
            SlotSet("earlier_symptoms", [{"code": "fever", "at": world.now()}], timestamp=world.now()),
            SlotSet("awaiting_temperature", True, timestamp=world.now()),
            ActionExecuted("action_listen", timestamp=world.now())]


def session_start(world: World) -> List[Any]:
    return [ActionExecuted("action_session_start", timestamp=world.now()), SessionStarted(timestamp=world.now()),
            SlotSet("introduced", False, timestamp=world.now()), ActionExecuted("action_listen", timestamp=world.now())]


# Each step changes the stored conversation the way something in production can.
def turn(world: World) -> None:
    world.extend(world.ours, a_turn(world))


def turn_on_another_server(world: World) -> None:
    world.extend(world.other_server, a_turn(world))


def new_session(world: World) -> None:
    world.extend(world.ours, session_start(world))


def restart(world: World) -> None:
    world.extend(world.ours, [message(world, "restart", "/restart"),
                              ActionExecuted("action_restart", timestamp=world.now()), Restarted(timestamp=world.now()),
                              ActionExecuted("action_listen", timestamp=world.now())])


def rewind(world: World) -> None:
    world.extend(world.ours, [message(world, "deny"), UserUtteranceReverted(timestamp=world.now())])


def revert_action(world: World) -> None:
    world.extend(world.ours, [ActionExecuted("action_triage", timestamp=world.now()),
                              ActionReverted(timestamp=world.now())])


def loop(world: World) -> None:
    world.extend(world.ours, [ActiveLoop("temperature_form", timestamp=world.now()),
                              ActionExecuted("temperature_form", timestamp=world.now()),
                              LoopInterrupted(True, timestamp=world.now()), message(world, "deny"),
                              ActionExecuted("temperature_form", timestamp=world.now())])


def loop_ends(world: World) -> None:
    world.extend(world.ours, [ActiveLoop(None, timestamp=world.now()), ActionExecuted("action_listen",
                                                                                       timestamp=world.now())])


def follow_up_and_pause(world: World) -> None:
    world.extend(world.ours, [FollowupAction("action_triage", timestamp=world.now()),
                              ConversationPaused(timestamp=world.now()), SlotSet("last_reading", "39.4"),
                              ConversationResumed(timestamp=world.now()), AllSlotsReset(timestamp=world.now())])


def replaced_through_the_http_api(world: World) -> None:
    """PUT /conversations/<id>/tracker/events: a tracker built from the posted events, saved (Rasa's store then
    writes the events past the number it has)."""
    current = run(world.rasas.retrieve(world.sender))
    events = [event.as_dict() for event in (current.events if current else [])]
    events += [event.as_dict() for event in a_turn(world)]
    run(world.ours.save(DialogueStateTracker.from_dict(world.sender, events, DOMAIN.slots)))


def server_restarted(world: World) -> None:
    world.ours = world.store()


def domain_reloaded(world: World) -> None:
    """A new model loaded into the running server (PUT /model), whose domain has one more slot."""
    data = DOMAIN.as_dict()
    data["slots"]["new_slot"] = {"type": "text", "influence_conversation": False, "mappings": [{"type": "custom"}]}
    world.domain = world.ours.domain = world.rasas.domain = Domain.from_dict(data)


def clock_skew(world: World) -> None:
    """Another server whose clock is behind: its events are older than the session's start (a full read drops
    them, as Rasa selects the session by timestamp)."""
    tracker = run(world.other_server.retrieve(world.sender)) or DialogueStateTracker(world.sender, DOMAIN.slots)
    events = a_turn(world)
    for event in events:
        event.timestamp -= 10_000
    tracker.update_with_events(events, DOMAIN, override_timestamp=False)
    run(world.other_server.save(tracker))


def late_commit(world: World) -> None:
    """A row whose id is below rows already read (PostgreSQL hands out ids before the commits that use them)."""
    world.sql("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES ('someone-else', 'slot', 1, '{}')")
    world.sql("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES ('someone-else', 'slot', 1, '{}')")
    with world.ours.engine.connect() as connection:
        gap = connection.execute(sa.text("SELECT min(id) FROM events WHERE sender_id = 'someone-else'")).scalar()
    world.sql("DELETE FROM events WHERE id = :gap", gap=gap)
    turn(world)
    event = SlotSet("last_reading", "late", timestamp=world.now())
    world.sql("INSERT INTO events (id, sender_id, type_name, timestamp, action_name, data) "
              "VALUES (:id, :sender, 'slot', :timestamp, 'last_reading', :data)",
              id=gap, sender=world.sender, timestamp=event.timestamp, data=json.dumps(event.as_dict()))


def erased(world: World) -> None:
    """The care team's erasure (bot/careteam/erasure.py) deletes every row of the conversation."""
    world.sql("DELETE FROM events WHERE sender_id = :sender", sender=world.sender)


STEPS = [turn, turn_on_another_server, new_session, restart, rewind, revert_action, loop, loop_ends,
         follow_up_and_pause, replaced_through_the_http_api, server_restarted, domain_reloaded, clock_skew,
         late_commit, erased]


def play(connect: Dict[str, Any], steps: List[Callable[[World], None]], sender: str = SENDER) -> None:
    world = World(connect, sender)
    try:
        world.extend(world.ours, session_start(world))
        world.check()
        for step in steps:
            step(world)
            world.check()
            world.check()  # a second read, from the cache brought up to date, is the same
    finally:
        world.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(STEPS), max_size=25))
def test_a_read_through_the_cache_is_the_full_read_after_any_history(tmp_path_factory: Any, steps: List[Any]) -> None:
    folder = tmp_path_factory.mktemp("cache")
    play({"db": str(folder / "rasa.db")}, steps)


@pytest.mark.parametrize("step", STEPS, ids=[step.__name__ for step in STEPS])
def test_each_kind_of_change_between_turns(tmp_path: Path, step: Callable[[World], None]) -> None:
    play({"db": str(tmp_path / "rasa.db")}, [turn, step, turn, step, turn])


def test_turns_read_only_the_new_rows(tmp_path: Path) -> None:
    world = World({"db": str(tmp_path / "rasa.db")})
    world.extend(world.ours, session_start(world))
    turn(world)  # the first read of the conversation is a full one
    full_reads: List[str] = []
    read_session = world.ours._read_session
    world.ours._read_session = lambda sender: full_reads.append(sender) or read_session(sender)  # type: ignore
    for _ in range(5):
        turn(world)
    turn_on_another_server(world)
    turn(world)
    assert full_reads == []
    erased(world)
    assert run(world.ours.retrieve(world.sender)) is None and full_reads == [SENDER] and len(world.ours.cache) == 0
    world.close()


def tracker_of(events: List[Any]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(SENDER, events, DOMAIN.slots)


def test_copy_tracker_is_rasas_copy_and_independent_of_the_original() -> None:
    world = World({"db": ":memory:"})  # only its clock
    events = [*session_start(world), *a_turn(world), ActiveLoop("temperature_form"), LoopInterrupted(True),
              FollowupAction("action_triage")]
    for end in range(len(events) + 1):
        original = tracker_of(events[:end])
        assert state(copy_tracker(original)) == state(original.copy())
    original = tracker_of(events)
    before = state(original)
    clone = copy_tracker(original)
    clone.update_with_events([SlotSet("urgency_in_force", "emergency"), ActiveLoop("other_form"),
                              LoopInterrupted(False), *a_turn(world)], DOMAIN, override_timestamp=False)
    clone.slots["earlier_symptoms"].value = ["replaced"]
    clone.latest_action["action_name"] = "changed"
    assert state(original) == before


def test_a_tracker_has_no_attribute_copy_tracker_does_not_know() -> None:
    """copy_tracker copies the attributes Rasa 3.6 changes in place; a new one in Rasa must be looked at."""
    assert set(vars(tracker_of([]))) == {
        "_max_event_history", "events", "sender_id", "slots", "sender_source", "is_rule_tracker", "_paused",
        "followup_action", "latest_action", "latest_message", "latest_bot_utterance", "active_loop", "model_id",
        "assistant_id"}


def stored(events: int) -> StoredConversation:
    return StoredConversation(tracker_of([SlotSet("introduced", True)] * events), DOMAIN, None, events, 0, 0, 0)


def test_the_cache_keeps_at_most_its_events_dropping_the_least_recently_used() -> None:
    cache = ConversationCache(max_events=10, idle_seconds=60)
    cache.put("a", stored(4))
    cache.put("b", stored(4))
    cache.put("a", cache.get("a") or stored(0))  # a used again
    cache.put("c", stored(4))  # 12 events: b, the least recently used, goes
    assert cache.get("b") is None and cache.events == 8
    cache.put("huge", stored(11))  # larger than the whole cache: not kept
    assert cache.get("huge") is None and len(cache) == 2


def test_a_conversation_idle_too_long_is_let_go() -> None:
    now = [0.0]
    cache = ConversationCache(max_events=100, idle_seconds=60, clock=lambda: now[0])
    cache.put("a", stored(1))
    now[0] = 30
    cache.put("b", stored(1))
    now[0] = 61
    assert cache.get("a") is None
    assert cache.get("b") is not None
    assert cache.events == 0
