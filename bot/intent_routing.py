"""Which action a message goes to, once the symptom findings are known (routing only: urgency is decided in
bot.triage, from the classifier's own ranking, never from the routed intent)."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from bot.detection import Findings
from bot.knowledge import Knowledge, default_knowledge
from bot.names import SYMPTOM_INTENT_CATEGORIES, SYMPTOM_INTENTS, Intent
from bot.vocabulary import Urgency


def route_intent(intent: str | None, ranking: Iterable[Mapping[str, Any]], findings: Findings,
                 knowledge: Knowledge | None = None) -> str | None:
    """The classifier's intent, unless the findings say the message must go to triage.

    Symptom intents are kept as they are. Any other intent (greet, deny, faq, nlu_fallback, ...)
    with a recognised or explicitly negated symptom becomes report_emergency when a symptom is an
    emergency, else the best-ranked symptom intent among the symptoms' categories (or
    report_common); a message that only gives a temperature becomes inform_temperature.
    Talk about the body with nothing recognised ("hi, my tummy feels weird") goes to triage too, as the
    best-ranked symptom intent, for the safety net there. Hypothetical mentions ("what are the signs of
    CRS?") leave the intent alone.
    """
    if intent in SYMPTOM_INTENTS or (intent == Intent.INFORM_TEMPERATURE and findings.temperature is not None):
        return intent
    present = findings.present
    if findings.temperature is not None and not present:
        return Intent.INFORM_TEMPERATURE
    # "no fever today" (often classified as deny) is answered by triage too: nothing to act on.
    reported = present or findings.negated
    knowledge = knowledge or default_knowledge()
    if not reported and _talks_about_the_body(findings, knowledge) and intent not in (Intent.INFORM_HELP_CONTACTED,):
        return _best_ranked(list(SYMPTOM_INTENT_CATEGORIES), ranking)
    if not reported:
        return intent
    symptoms = [knowledge.symptoms[code] for code in reported]
    if any(symptom.urgency == Urgency.EMERGENCY for symptom in symptoms):
        return Intent.REPORT_EMERGENCY
    categories = {category for symptom in symptoms for category in symptom.categories}
    candidates = [name for name, category in SYMPTOM_INTENT_CATEGORIES.items() if category in categories]
    return _best_ranked(candidates or [Intent.REPORT_COMMON], ranking)


def _best_ranked(candidates: list[str], ranking: Iterable[Mapping[str, Any]]) -> str:
    ranked = [entry.get("name") for entry in ranking]
    return min(candidates, key=lambda name: ranked.index(name) if name in ranked else len(ranked))


def _talks_about_the_body(findings: Findings, knowledge: Knowledge) -> bool:
    """A complaint said as a fact, or "not feeling great" (the safety net's body talk, bot/triage)."""
    return any(knowledge.signals[s.code].kind == "body" and not s.hypothetical
               and (s.code != "wellbeing") != s.negated for s in findings.signals)
