"""A message sent again with an answered message's id gets the stored replies (bot/channels/retries.py)."""
from __future__ import annotations

import asyncio

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.channels.retries import answered_before, replies_after

EVENTS = [
    UserUttered("hello", message_id="m1"),
    ActionExecuted("action_triage"),
    BotUttered("Hello, I am the assistant.", data={"custom": {"triage": {"urgency": "none"}}}),
    UserUttered("I have a fever of 39", message_id="m2"),
    BotUttered("Please contact your care team now.", data={"custom": {"triage": {"urgency": "contact_now"}}}),
    BotUttered("If you feel worse, call 911.", data={"buttons": None}),
    UserUttered("thanks", message_id="m3"),
    BotUttered("You're welcome."),
]


def test_the_replies_that_followed_a_message_are_found_up_to_the_next_message():
    assert [reply.text for reply in replies_after(EVENTS, "m2")] == [
        "Please contact your care team now.", "If you feel worse, call 911."]
    assert replies_after(EVENTS, "m2")[0].message()["custom"] == {"triage": {"urgency": "contact_now"}}
    assert [reply.text for reply in replies_after(EVENTS, "m3")] == ["You're welcome."]


def test_an_unknown_id_is_a_new_message():
    assert replies_after(EVENTS, "m9") is None


class Store:
    def __init__(self, tracker=None, fails=False):
        self.tracker, self.fails = tracker, fails

    async def retrieve(self, sender):
        if self.fails:
            raise ConnectionError("down")
        return self.tracker


class Agent:
    def __init__(self, store):
        self.tracker_store = store


def test_no_store_a_new_conversation_or_a_store_down_means_handle_the_message_as_new():
    assert asyncio.run(answered_before(None, "p1", "m2")) is None
    assert asyncio.run(answered_before(Agent(Store(None)), "p1", "m2")) is None
    assert asyncio.run(answered_before(Agent(Store(fails=True)), "p1", "m2")) is None
