"""Rasa NLU components (thin adapters around bot.detection and bot.triage).

Referenced from config.yml as bot.rasa_components.SymptomEntityExtractor and
bot.rasa_components.SymptomIntentGuard.
"""
from bot.rasa_components.intent_guard import SymptomIntentGuard
from bot.rasa_components.symptom_extractor import SymptomEntityExtractor

__all__ = ["SymptomEntityExtractor", "SymptomIntentGuard"]
