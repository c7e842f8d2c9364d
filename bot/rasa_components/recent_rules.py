"""Rasa's RulePolicy, reading only the dialogue states its rules can look at.

RulePolicy turns the whole conversation into dialogue states three times a turn (each state a snapshot of
slots, intent and previous action), then compares only the last few with its rules: a rule of n states
looks at the last n states and ignores everything older (RulePolicy._is_rule_applicable). Its cost grew
with every turn of the conversation (docs/performance.md). This policy computes only the last states, as many
as the longest rule has, in the same way Domain.states_for_tracker_history does, so it finds the same rules
and predicts the same actions; predictions keep RulePolicy's name.

RulePolicy asks for the states twice when it predicts right after a patient message (once to match the text,
once the intent) and changes the list it gets; the second time gets a copy of the first's states when the
tracker has not changed since.
"""
from __future__ import annotations

import copy
import weakref
from functools import cached_property
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker


def last_states(tracker: DialogueStateTracker, domain: Domain, count: int) -> List[State]:
    """The last `count` states of tracker.past_states(domain), without computing the earlier ones.

    As Domain.states_for_tracker_history without rule-only turns (RulePolicy never ignores them): one state
    before each action and one at the end, each from the conversation replayed up to that point.
    """
    events = tracker.applied_events()
    to_skip = sum(isinstance(event, ActionExecuted) for event in events) + 1 - count
    replayed = tracker.init_copy()
    states: List[State] = []
    for event in events:
        if isinstance(event, ActionExecuted):
            if to_skip <= 0:
                states.append(domain._clean_state(domain.get_active_state(replayed)))
            to_skip -= 1
        replayed.update(event)
    states.append(domain._clean_state(domain.get_active_state(replayed)))
    return states


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class RecentRulePolicy(RulePolicy):
    """RulePolicy that turns into states only the end of the conversation its rules can match."""

    @cached_property
    def _longest_rule(self) -> int:
        """How many states the longest rule has (the rules are fixed once the model is loaded)."""
        keys = [*self.lookup.get(RULES, {}), *self.lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH, {})]
        return max((len(self._rule_key_to_state(key)) for key in keys), default=1)

    # the tracker last asked about (weakly), its domain, its length, its last event's id, and its states
    _latest: Optional[Tuple["weakref.ref[DialogueStateTracker]", Domain, int, int, List[State]]] = None

    def _prediction_states(self, tracker: DialogueStateTracker, domain: Domain,
                           use_text_for_last_user_input: bool = False,
                           rule_only_data: Optional[Dict[Text, Any]] = None) -> List[State]:
        seen = (len(tracker.events), id(tracker.events[-1]) if tracker.events else 0)
        latest = self._latest
        if latest is not None and latest[0]() is tracker and latest[1] is domain and latest[2] == seen[0] \
                and latest[3] == seen[1]:
            states = copy.deepcopy(latest[4])
        else:
            states = last_states(tracker, domain, self._longest_rule)
            self._latest = (weakref.ref(tracker), domain, *seen, copy.deepcopy(states))
        self.featurizer._choose_last_user_input([states], use_text_for_last_user_input)
        return states

    def _rule_prediction(self, *args: Any, **kwargs: Any) -> PolicyPrediction:
        prediction = super()._rule_prediction(*args, **kwargs)
        prediction.policy_name = RulePolicy.__name__  # events and `rasa test` name the policy as before
        return prediction
