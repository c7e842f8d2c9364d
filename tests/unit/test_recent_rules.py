"""RecentRulePolicy's states are the end of the states Rasa's RulePolicy computes for the whole conversation."""
from __future__ import annotations

from rasa.core.featurizers.tracker_featurizers import TrackerFeaturizer
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_components.recent_rules import RecentRulePolicy, last_states
from triage_tools.servers import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def message(intent: str, entities: list | None = None) -> UserUttered:
    return UserUttered("text", {"name": intent, "confidence": 1.0}, entities or [])


def conversation() -> list:
    turn = [message("report_crs", [{"entity": "symptom", "value": "fever"}]), ActionExecuted("action_triage"),
            BotUttered("reply"), SlotSet("urgency_in_force", "contact_now"), SlotSet("awaiting_temperature", True),
            ActionExecuted("action_listen"), message("deny"), ActionExecuted("action_triage"),
            SlotSet("awaiting_temperature", False), SlotSet("urgency_in_force", None), ActionExecuted("action_listen"),
            message("greet"), ActionExecuted("action_greet"), ActionExecuted("action_listen")]
    return [ActionExecuted("action_session_start"), SessionStarted(), SlotSet("introduced", False),
            ActionExecuted("action_listen"), *turn, *turn, *turn]


def test_the_last_states_are_the_end_of_rasas_states_at_every_point_of_a_conversation() -> None:
    events = conversation()
    for end in range(len(events) + 1):
        tracker = DialogueStateTracker.from_events("patient-1", events[:end], DOMAIN.slots)
        full = tracker.past_states(DOMAIN)
        for count in (1, 2, 3, 5):
            assert last_states(tracker, DOMAIN, count) == full[-count:]


def chosen(states: list, use_text: bool) -> list:
    TrackerFeaturizer()._choose_last_user_input([states], use_text)
    return states


def test_states_asked_twice_of_an_unchanged_tracker_are_the_same_and_not_shared() -> None:
    """RulePolicy asks twice right after a patient message and changes what it gets (the text instead of the
    intent); the second answer is a copy, and a changed tracker is computed again."""
    policy = RecentRulePolicy.__new__(RecentRulePolicy)
    policy.__dict__.update(_longest_rule=3, _Policy__featurizer=TrackerFeaturizer())
    tracker = DialogueStateTracker.from_events("patient-1", conversation()[:-2], DOMAIN.slots)
    for events in ([], [message("deny")], [ActionExecuted("action_triage")], [ActionExecuted("action_listen")]):
        tracker.update_with_events(events, DOMAIN)
        for use_text in (True, False, True):
            assert policy._prediction_states(tracker, DOMAIN, use_text) == \
                chosen(last_states(tracker, DOMAIN, 3), use_text)
