"""Rasa entity extractor that adds the spaCy symptom findings to each message."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.detection import SymptomDetector
from bot.entities import to_entities
from bot.knowledge import DATA_DIR, load_knowledge


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class SymptomEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Finds symptom mentions (with negated/hypothetical roles) and temperatures.

    The lexicon and rules are read from bot/data when the model is loaded, so a data
    change takes effect on restart without retraining; a malformed file stops loading.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"data_dir": str(DATA_DIR)}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.detector = SymptomDetector(load_knowledge(Path(config["data_dir"])))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SymptomEntityExtractor":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            entities = to_entities(self.detector.detect(text), extractor=self.__class__.__name__)
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
