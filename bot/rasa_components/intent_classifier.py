"""Rasa intent classifier: a sparse linear model over TF-IDF word and character n-grams (no TensorFlow)."""
from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_components.text_component import TextModelComponent
from bot.rasa_components.text_model import TextModel


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(TextModelComponent, IntentClassifier):
    """Writes `intent` and `intent_ranking` as DIETClassifier does: the best labels, renormalised to sum to one.

    A retrieval intent counts as its base intent (faq/cost trains `faq`); FaqSelector picks the topic.
    """

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        if len({m.get(INTENT) for m in examples}) >= 2:
            self.model = TextModel.fit([m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples],
                                       self.model_config)
            self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if self.model is None or not text.strip():
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            ranking = [{"name": name, "confidence": confidence}
                       for name, confidence in self.model.rank(text, self.component_config["ranking_length"])]
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
