"""Rasa intent post-processor: a message with a recognised symptom is always routed to triage."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.entities import from_entities
from bot.intent_routing import route_intent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SymptomIntentGuard(GraphComponent, IntentClassifier):
    """Overrides the classifier when it would send a symptom report anywhere but triage.

    "hi, I have a fever" classified as greet, or a low-confidence nlu_fallback with a
    recognised symptom, becomes the best-ranked symptom intent; a bare temperature
    becomes inform_temperature. The original ranking is kept in intent_ranking.
    """

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SymptomIntentGuard":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            findings = from_entities(message.get(ENTITIES, []), message.get(TEXT) or "")
            routed = route_intent(intent.get("name"), message.get(INTENT_RANKING_KEY, []), findings)
            if routed != intent.get("name"):
                message.set(INTENT, {"name": routed, "confidence": 1.0}, add_to_output=True)
        return messages
