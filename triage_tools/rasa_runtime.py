"""Run the trained Rasa NLU model in-process (for evaluation and nurse scripts)."""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from bot.nlu_result import answer_topic, faq_after_triage, patient_message, routed_to_faq
from bot.triage import TriageResult, decide
from bot.triage.message import NEW_CONVERSATION, Conversation

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


def newest_model(models_dir: Path = MODELS_DIR) -> Path:
    """The most recently trained model archive; FileNotFoundError if there is none."""
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    if not models:
        raise FileNotFoundError(f"no trained model in {models_dir}: run `make train` first")
    return models[-1]


class LocalAssistant:
    """A loaded Rasa model whose NLU output goes through the same triage step as the action server."""

    def __init__(self, agent: Any) -> None:
        self.agent = agent
        self.loop = asyncio.new_event_loop()

    @classmethod
    def load(cls, model: Path | None = None) -> "LocalAssistant":
        from rasa.core.agent import Agent
        from rasa.utils.log_utils import configure_structlog

        configure_structlog(logging.WARNING)
        return cls(Agent.load(str(model or newest_model())))

    def parse(self, text: str) -> dict[str, Any]:
        """Rasa's parse result for one message (intent, ranking, entities)."""
        return self.loop.run_until_complete(self.agent.parse_message(text))

    def triage(self, text: str, conversation: Conversation = NEW_CONVERSATION) -> TriageResult:
        """What the actions would decide for this message (action_faq's topic when it is routed there)."""
        parsed = self.parse(text)
        topic = answer_topic(parsed) if routed_to_faq(parsed) else faq_after_triage(parsed)
        return decide(patient_message(parsed, topic), conversation)
