"""What the two sparse linear classifiers share as Rasa graph components: config, saving and loading."""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

from bot.rasa_components.text_model import TextModel, TextModelConfig


class TextModelComponent(GraphComponent):
    """A trainable component around one TextModel, stored in the component's resource."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        defaults = TextModelConfig()
        return {"C": defaults.c, "max_word_ngram": defaults.max_word_ngram,
                "max_char_ngram": defaults.max_char_ngram, "ranking_length": 10}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[TextModel] = None) -> None:
        self.component_config = config
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TextModelComponent":
        return cls(config, model_storage, resource)

    @property
    def model_config(self) -> TextModelConfig:
        config = self.component_config
        return TextModelConfig(c=float(config["C"]), max_word_ngram=int(config["max_word_ngram"]),
                               max_char_ngram=int(config["max_char_ngram"]))

    def persist(self) -> None:
        if self.model is None:
            return
        with self._model_storage.write_to(self._resource) as directory:
            self.model.save(directory)
            self.persist_extra(directory)

    def persist_extra(self, directory: Any) -> None:
        """Anything besides the model a subclass needs after loading."""

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "TextModelComponent":
        try:
            with model_storage.read_from(resource) as directory:
                component = cls(config, model_storage, resource, TextModel.load(directory))
                component.load_extra(directory)
                return component
        except ValueError:  # nothing was trained (no examples): the component predicts nothing
            return cls(config, model_storage, resource)

    def load_extra(self, directory: Any) -> None:
        """Reads back what persist_extra wrote."""
