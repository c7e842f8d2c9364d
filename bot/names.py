"""The names code refers to, in one home: intents, slots, guidance ids, placeholders, symptom codes.

Data files and domain.yml use the same strings; the loaders and tests check them against this module,
so a list cannot drift.
"""
from __future__ import annotations

from bot.vocabulary import Urgency


class Intent:
    """Intents of domain.yml that the code treats specially."""

    GREET = "greet"
    GOODBYE = "goodbye"
    THANKS = "thanks"
    AFFIRM = "affirm"
    DENY = "deny"
    BOT_CHALLENGE = "bot_challenge"
    ASK_HUMAN = "ask_human"
    OUT_OF_SCOPE = "out_of_scope"
    FAQ = "faq"  # retrieval intent: faq/<topic>
    NLU_FALLBACK = "nlu_fallback"  # set by Rasa's FallbackClassifier when the classifier is unsure
    INFORM_TEMPERATURE = "inform_temperature"
    REPORT_EMERGENCY = "report_emergency"
    REPORT_COMMON = "report_common"


# Symptom intents and the category each one stands for (report_emergency stands for none in particular).
SYMPTOM_INTENT_CATEGORIES = {
    "report_crs": "crs", "report_icans": "icans", "report_infection": "infection", "report_liver": "liver",
    "report_bleeding": "bleeding", "report_allergy": "allergy", Intent.REPORT_COMMON: "common",
}
SYMPTOM_INTENTS = frozenset(SYMPTOM_INTENT_CATEGORIES) | {Intent.REPORT_EMERGENCY}
# Intents after which a message with nothing to triage gets the off-topic redirect.
REDIRECT_INTENTS = frozenset({Intent.OUT_OF_SCOPE, Intent.NLU_FALLBACK, None})


class Slot:
    """Slots of domain.yml that actions set."""

    AWAITING_TEMPERATURE = "awaiting_temperature"
    LAST_URGENCY = "last_urgency"
    CARE_TEAM_PHONE = "care_team_phone"
    EMERGENCY_NUMBER = "emergency_number"


class Code:
    """Lexicon symptom codes that the code itself refers to."""

    FEVER = "fever"
    UNCLEAR = "general_symptom"  # a vague complaint: the safe answer, no category


class Guidance:
    """Guidance ids (bot/data/guidance.yml) the engine picks by name."""

    UNCLEAR_SYMPTOM = "general.unclear_symptom"
    WHEN_TO_CALL_EMERGENCY = "general.when_to_call_emergency"
    FEVER_CHECK = "general.fever_check"
    TEMPERATURE_BELOW_FEVER = "general.temperature_below_fever"
    NO_SYMPTOM = "general.no_symptom"
    INTRO = "general.intro"
    REDIRECT = "general.redirect"
    HEADLINE_PREFIX = "general.headline."

    @staticmethod
    def headline(urgency: Urgency) -> str:
        """The first line of a reply at this urgency."""
        return f"{Guidance.HEADLINE_PREFIX}{urgency.label}"


REQUIRED_GUIDANCE = tuple(
    [Guidance.headline(u) for u in Urgency if u > Urgency.NONE]
    + [Guidance.UNCLEAR_SYMPTOM, Guidance.WHEN_TO_CALL_EMERGENCY, Guidance.FEVER_CHECK,
       Guidance.TEMPERATURE_BELOW_FEVER, Guidance.NO_SYMPTOM, Guidance.INTRO, Guidance.REDIRECT]
)

class FaqTopic:
    """FAQ topics (bot/data/faq.yml) the code refers to."""

    # The honest "ask your care team" answer: for questions the guide does not answer, and unsure picks.
    ASK_CARE_TEAM = "ask_care_team"


# Placeholders a guidance, FAQ or response text (and a nurse script) may use; filled from bot.config.Settings.
PLACEHOLDERS = ("emergency_number", "care_team_phone", "care_team_name", "crisis_line")
