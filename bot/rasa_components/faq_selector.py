"""Rasa response selector for the FAQ (retrieval intent faq/<topic>): a sparse linear model, no TensorFlow."""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_components.text_model import TextModel, TextModelConfig

RESPONSES_FILE = "responses.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqSelector(GraphComponent, IntentClassifier):
    """Writes `response_selector` as Rasa's ResponseSelector does, so the dialogue and actions read it unchanged.

    message["response_selector"] = {"all_retrieval_intents": [...], "faq": {"response": {"responses",
    "confidence", "intent_response_key", "utter_action"}, "ranking": [{"confidence", "intent_response_key"}]}}
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        defaults = TextModelConfig()
        return {"retrieval_intent": "faq", "C": defaults.c, "max_word_ngram": defaults.max_word_ngram,
                "max_char_ngram": defaults.max_char_ngram, "ranking_length": 10}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[TextModel] = None) -> None:
        self.component_config = config
        self._model_storage = model_storage
        self._resource = resource
        self.model = model
        self.responses: Dict[Text, List[Dict[Text, Any]]] = {}
        self.all_retrieval_intents: List[Text] = []

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FaqSelector":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "FaqSelector":
        try:
            with model_storage.read_from(resource) as directory:
                selector = cls(config, model_storage, resource, TextModel.load(directory))
                document = json.loads((directory / RESPONSES_FILE).read_text(encoding="utf-8"))
        except ValueError:  # nothing was trained (fewer than two topics): the selector selects nothing
            return cls(config, model_storage, resource)
        selector.responses = document["responses"]
        selector.all_retrieval_intents = document["all_retrieval_intents"]
        return selector

    def train(self, training_data: TrainingData) -> Resource:
        retrieval_intent = self.component_config["retrieval_intent"]
        examples = [m for m in training_data.intent_examples
                    if m.get(INTENT) == retrieval_intent and m.get(TEXT) and m.get(INTENT_RESPONSE_KEY)]
        self.responses = {key: list(value) for key, value in training_data.responses.items()}
        self.all_retrieval_intents = sorted(training_data.retrieval_intents)
        if len({m.get(INTENT_RESPONSE_KEY) for m in examples}) >= 2:
            config = self.component_config
            self.model = TextModel.fit(
                [m.get(TEXT) for m in examples], [m.get(INTENT_RESPONSE_KEY) for m in examples],
                TextModelConfig(c=float(config["C"]), max_word_ngram=int(config["max_word_ngram"]),
                                max_char_ngram=int(config["max_char_ngram"])))
            self.persist()
        return self._resource

    def persist(self) -> None:
        if self.model is None:
            return
        with self._model_storage.write_to(self._resource) as directory:
            self.model.save(directory)
            document = {"responses": self.responses, "all_retrieval_intents": self.all_retrieval_intents}
            (directory / RESPONSES_FILE).write_text(json.dumps(document), encoding="utf-8")

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if self.model is None or not text.strip():
                continue
            ranking = self.model.rank(text, self.component_config["ranking_length"])
            key, confidence = ranking[0]
            utter_action = f"utter_{key}"
            selection = {
                "response": {"responses": self.responses.get(utter_action) or [{TEXT: key}],
                             "confidence": confidence, INTENT_RESPONSE_KEY: key, "utter_action": utter_action},
                "ranking": [{"confidence": c, INTENT_RESPONSE_KEY: k} for k, c in ranking],
            }
            selectors = dict(message.get("response_selector") or {})
            selectors["all_retrieval_intents"] = self.all_retrieval_intents
            selectors[self.component_config["retrieval_intent"]] = selection
            message.set("response_selector", selectors, add_to_output=True)
        return messages
