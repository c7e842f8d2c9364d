"""Rasa components: NLU adapters around bot.detection and bot.triage, and the rule policy.

Referenced from config.yml as bot.rasa_components.FaqSelector,
bot.rasa_components.SymptomEntityExtractor, bot.rasa_components.SymptomIntentGuard and
bot.rasa_components.RecentRulePolicy.
"""
from bot.rasa_components.faq_selector import FaqSelector
from bot.rasa_components.intent_guard import SymptomIntentGuard
from bot.rasa_components.recent_rules import RecentRulePolicy
from bot.rasa_components.symptom_extractor import SymptomEntityExtractor

__all__ = ["FaqSelector", "RecentRulePolicy", "SymptomEntityExtractor", "SymptomIntentGuard"]
