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
    Hypothetical mentions ("what are the signs of CRS?") leave the intent alone.
    """
    if intent in SYMPTOM_INTENTS or (intent == Intent.INFORM_TEMPERATURE and findings.temperature is not None):
        return intent
    present = findings.present
    if findings.temperature is not None and not present:
        return Intent.INFORM_TEMPERATURE
    # "no fever today" (often classified as deny) is answered by triage too: nothing to act on.
    reported = present or findings.negated
    if not reported:
        return intent
    knowledge = knowledge or default_knowledge()
    symptoms = [knowledge.symptoms[code] for code in reported]
    if any(symptom.urgency == Urgency.EMERGENCY for symptom in symptoms):
        return Intent.REPORT_EMERGENCY
    categories = {category for symptom in symptoms for category in symptom.categories}
    candidates = [name for name, category in SYMPTOM_INTENT_CATEGORIES.items() if category in categories]
    ranked = [entry.get("name") for entry in ranking]
    return min(candidates or [Intent.REPORT_COMMON], key=lambda name: ranked.index(name) if name in ranked else len(ranked))
