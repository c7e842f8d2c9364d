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
    INFORM_HELP_CONTACTED = "inform_help_contacted"  # "I called 911", "I spoke to the nurse"
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
    LAST_READING = "last_reading"  # the kind of home reading the patient gave last (oxygen, pulse, ...)
    URGENCY_IN_FORCE = "urgency_in_force"  # an urgency of URGENCIES_IN_FORCE or None: what the rules look at
    IN_FORCE = "in_force"  # the instruction in force: urgency, categories, symptoms, since
    EARLIER_SYMPTOMS = "earlier_symptoms"  # symptoms of earlier turns, with when they were reported
    INTRODUCED = "introduced"  # the assistant has introduced itself in this session
    CARE_TEAM_PHONE = "care_team_phone"
    EMERGENCY_NUMBER = "emergency_number"


class Code:
    """Lexicon symptom codes that the code itself refers to."""

    FEVER = "fever"
    UNCLEAR = "general_symptom"  # a vague complaint: the safe answer, no category


class SignalCode:
    """Signal codes (bot/data/signals.yml) the code itself refers to."""

    ANOTHER_LANGUAGE = "another_language"  # also found by bot/nlp/language.py
    FINE_SINCE = "fine_since"  # over for a while ("been fine since"): a bleed that stopped is over too


class Guidance:
    """Guidance ids (bot/data/guidance.yml) the engine picks by name."""

    UNCLEAR_SYMPTOM = "general.unclear_symptom"
    WHEN_TO_CALL_EMERGENCY = "general.when_to_call_emergency"
    FEVER_CHECK = "general.fever_check"
    TEMPERATURE_BELOW_FEVER = "general.temperature_below_fever"
    LOW_TEMPERATURE = "general.low_temperature"  # below 36 °C while feeling cold, clammy or unwell
    NO_SYMPTOM = "general.no_symptom"  # every symptom mentioned is negated: "glad that's not happening"
    NOTED = "general.noted"  # nothing to triage and nothing negated: a neutral invitation to say more
    GLAD_WELL = "general.glad_well"  # the patient says they are well
    SOMEONE_ELSES_ILLNESS = "general.someone_elses_illness"  # someone else is unwell: what it means for the patient
    OVER = "general.over"  # every symptom mentioned is said to be over
    GO_ON = "general.go_on"  # "ok" or "yes" while an instruction is in force: room to say more
    RECHECK_READING = "general.recheck_reading"  # a reading no body can have
    CLARIFY = "general.clarify"  # the one question that helps a patient describe an unclear symptom
    ENGLISH_ONLY = "general.english_only"  # the message is in another language: the assistant reads English only
    INTRO = "general.intro"
    INTRO_AFTER_REPLY = "general.intro_after_reply"  # the introduction when a first reply already said what to do
    REDIRECT = "general.redirect"
    HEADLINE_PREFIX = "general.headline."

    @staticmethod
    def headline(urgency: Urgency) -> str:
        """The first line of a reply at this urgency."""
        return f"{Guidance.HEADLINE_PREFIX}{urgency.label}"

    @staticmethod
    def in_force(urgency: Urgency) -> str:
        """The reminder of an instruction given earlier and not yet done."""
        return f"general.in_force.{urgency.label}"

    @staticmethod
    def follow_up(signal: str, urgency: Urgency) -> str:
        """The answer to a follow-up question (or news) about the instruction in force."""
        return f"general.followup.{signal}.{urgency.label}"

    @staticmethod
    def resolved(signal: str) -> str:
        """The acknowledgement that the patient has done what the instruction asked."""
        return f"general.resolved.{signal}"


# Urgencies that stay in force until the patient says they are done (or a time window passes).
URGENCIES_IN_FORCE = (Urgency.EMERGENCY, Urgency.CONTACT_NOW, Urgency.REPORT_IF_BOTHERSOME)


# Every id above must exist in guidance.yml (the loader checks), with a headline for each urgency.
REQUIRED_GUIDANCE = tuple(
    [Guidance.headline(u) for u in Urgency if u > Urgency.NONE]
    + [value for name, value in vars(Guidance).items()
       if name.isupper() and name != "HEADLINE_PREFIX" and isinstance(value, str)]
)


class FaqTopic:
    """FAQ topics (bot/data/faq.yml) the code refers to."""

    # The honest "ask your care team" answer: for questions the guide does not answer, and unsure picks.
    ASK_CARE_TEAM = "ask_care_team"


# Placeholders a guidance, FAQ or response text (and a nurse script) may use; filled from bot.config.Settings.
PLACEHOLDERS = ("emergency_number", "care_team_phone", "care_team_name", "crisis_line")

# Each event's place in its stored session, added to what the RabbitMQ broker publishes (bot/stores.py): a turn
# published twice (a server killed before storing it, the client sending it again) is kept once by a consumer.
EVENT_POSITION = "event_position"
