"""Recently used conversations kept in memory by the tracker store, so a turn replays only the new events.

Rasa rebuilds a conversation's tracker from every stored event of its session on every turn (reading the rows,
`json.loads`, replaying each event): the cost grows with the conversation (docs/performance.md). The SQL
tracker store (bot/stores.py) keeps here, per conversation, the tracker it built from the stored rows and which
rows those were; the next read fetches only the rows stored since, checks that the earlier rows are still the
same, and replays the new events onto the kept tracker. The kept tracker is changed only by replaying stored
events, never handed out: each read gets a copy (copy_tracker).

Memory is bounded by a number of events over all kept conversations (the least recently used conversations
go first), and a conversation not read for `idle_seconds` is let go.
"""
from __future__ import annotations

import copy
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Callable, Optional, Text

from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


@dataclass
class StoredConversation:
    """A tracker replayed from a conversation's stored rows, and which rows those were."""

    tracker: DialogueStateTracker  # the session's events replayed; only replaying stored events changes it
    domain: Domain  # the domain whose slots the tracker has
    session_start: Optional[float]  # the latest session_started row's timestamp (None: no session started)
    session_rows: int  # the rows in the tracker (Rasa counts these to find the events a save must write)
    last_id: int  # the highest row id of the conversation read, in any session
    rows_up_to_last: int  # how many rows of the conversation, in any session, have an id up to last_id
    id_sum_up_to_last: int  # and the sum of their ids: a deleted or late row changes one of the two
    used: float = field(default=0.0)


class ConversationCache:
    """Least recently used conversations, at most `max_events` events in all, none idle for `idle_seconds`."""

    def __init__(self, max_events: int, idle_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_events = max_events
        self.idle_seconds = idle_seconds
        self._clock = clock
        self._conversations: OrderedDict[Text, StoredConversation] = OrderedDict()
        self._events = 0

    def __len__(self) -> int:
        return len(self._conversations)

    @property
    def events(self) -> int:
        """How many events the kept conversations hold (as counted when each was last put)."""
        return self._events

    def get(self, sender_id: Text) -> Optional[StoredConversation]:
        """The conversation if kept, and taken out: put it back once brought up to date."""
        self._let_idle_go()
        conversation = self._conversations.pop(sender_id, None)
        if conversation is not None:
            self._events -= len(conversation.tracker.events)
        return conversation

    def put(self, sender_id: Text, conversation: StoredConversation) -> None:
        self.drop(sender_id)
        size = len(conversation.tracker.events)
        if size > self.max_events:
            return
        conversation.used = self._clock()
        self._conversations[sender_id] = conversation
        self._events += size
        while self._events > self.max_events:
            _, oldest = self._conversations.popitem(last=False)
            self._events -= len(oldest.tracker.events)

    def drop(self, sender_id: Text) -> None:
        conversation = self._conversations.pop(sender_id, None)
        if conversation is not None:
            self._events -= len(conversation.tracker.events)

    def _let_idle_go(self) -> None:
        oldest_allowed = self._clock() - self.idle_seconds
        while self._conversations:
            sender_id, oldest = next(iter(self._conversations.items()))
            if oldest.used >= oldest_allowed:
                return
            self.drop(sender_id)


def copy_tracker(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """The tracker `tracker.copy()` gives, without replaying every event.

    Only for a tracker whose state comes from replaying its events and nothing else (Rasa's processor also
    clears a follow-up action and sets a model id directly, which `copy()` would not carry over): the copy
    shares the event objects, as `copy()` does, and has its own events, slots and loop state.
    """
    clone = copy.copy(tracker)
    clone.events = deque(tracker.events, maxlen=tracker.events.maxlen)
    clone.slots = {name: copy.copy(slot) for name, slot in tracker.slots.items()}
    clone.latest_action = dict(tracker.latest_action) if tracker.latest_action is not None else None
    clone.active_loop = copy.deepcopy(tracker.active_loop)
    return clone
