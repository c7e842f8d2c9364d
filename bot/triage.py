"""The triage decision: findings (and the classifier's opinion) in, urgency and guidance out.

Safety rules enforced here, whatever the classifier says:
- a recognised symptom is never answered below its documented urgency (the lexicon's floor);
- the highest urgency of everything found wins, and every category found is addressed;
- negated or hypothetical mentions never trigger triage;
- a message the classifier thinks is a symptom report, but with nothing recognised, gets the
  safe answer (contact the care team now).
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.detection import Findings
from bot.knowledge import GuidanceEntry, Knowledge, default_knowledge
from bot.temperature import Temperature
from bot.vocabulary import CATEGORIES, Urgency

INTENT_CATEGORY = {
    "report_crs": "crs", "report_icans": "icans", "report_infection": "infection", "report_liver": "liver",
    "report_bleeding": "bleeding", "report_allergy": "allergy", "report_common": "common",
}
EMERGENCY_INTENT = "report_emergency"
SYMPTOM_INTENTS = frozenset(INTENT_CATEGORY) | {EMERGENCY_INTENT}
# The classifier may raise urgency (never lower it); it must be this sure to call an emergency.
EMERGENCY_INTENT_MIN_CONFIDENCE = 0.8
UNCLEAR_SYMPTOM = "general_symptom"


@dataclass(frozen=True)
class TriageResult:
    """What to answer: the contract behind the reply text and the triage metadata."""

    urgency: Urgency
    categories: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    negated: tuple[str, ...] = ()
    guidance_ids: tuple[str, ...] = ()
    escalations: tuple[str, ...] = ()
    temperature: Temperature | None = None
    asks_temperature: bool = False

    @property
    def is_symptom_reply(self) -> bool:
        return self.urgency > Urgency.NONE

    def metadata(self) -> dict:
        """The machine-readable triage message, exactly as the widget and nurse scripts expect it."""
        return {"triage": {
            "urgency": self.urgency.label,
            "categories": list(self.categories),
            "symptoms": list(self.symptoms),
            "negated": list(self.negated),
            "guidance_ids": list(self.guidance_ids),
        }}


def _category_urgencies(present: tuple[str, ...], knowledge: Knowledge) -> dict[str, Urgency]:
    urgencies: dict[str, Urgency] = {}
    for code in present:
        symptom = knowledge.symptoms[code]
        for category in symptom.categories:
            urgencies[category] = max(urgencies.get(category, Urgency.NONE), symptom.urgency)
    return urgencies


def _escalate(present: tuple[str, ...], knowledge: Knowledge, urgencies: dict[str, Urgency]) -> tuple[str, ...]:
    """Apply symptom-combination rules; returns the ids of the rules that fired."""
    found = set(present)
    fired = []
    for rule in knowledge.escalations:
        if all(group & found for group in rule.when):
            fired.append(rule.id)
            for code in found & set().union(*rule.when):
                for category in knowledge.symptoms[code].categories:
                    urgencies[category] = max(urgencies[category], rule.urgency)
    return tuple(fired)


def _guidance_for(category: str, urgency: Urgency, present: set[str], knowledge: Knowledge) -> list[GuidanceEntry]:
    """The category's entries at this urgency (or the nearest lower one it has), plus 'any' entries."""
    entries = [g for g in knowledge.guidance.values() if g.category == category]
    levels = sorted({Urgency.from_label(g.urgency) for g in entries if g.urgency != "any"}, reverse=True)
    level = next((u for u in levels if u <= urgency), None)
    return [
        g for g in entries
        if (g.urgency == "any" or (level is not None and g.urgency == level.label))
        and (not g.symptoms or g.symptoms & present)
    ]


def decide(findings: Findings, intent: str | None = None, confidence: float = 0.0,
           knowledge: Knowledge | None = None) -> TriageResult:
    """Triage one message."""
    knowledge = knowledge or default_knowledge()
    present = findings.present
    urgencies = _category_urgencies(present, knowledge)
    escalations = _escalate(present, knowledge, urgencies)
    urgency = max([knowledge.symptoms[c].urgency for c in present] + list(urgencies.values()), default=Urgency.NONE)

    unclear = bool(present) and all(code == UNCLEAR_SYMPTOM for code in present)
    # Mentions that are all negated or hypothetical explain the message: the classifier's
    # opinion is not used then ("the rash has cleared up" is not a rash report).
    classifier_counts = bool(present) or not findings.mentions
    if not classifier_counts:
        intent = None
    if intent in SYMPTOM_INTENTS and not present:
        unclear = True
        urgency = Urgency.CONTACT_NOW
        if intent in INTENT_CATEGORY and confidence >= 0.5 and intent != "report_common":
            urgencies[INTENT_CATEGORY[intent]] = Urgency.CONTACT_NOW
    if intent == EMERGENCY_INTENT and confidence >= EMERGENCY_INTENT_MIN_CONFIDENCE:
        urgency = Urgency.EMERGENCY
        urgencies = {c: level if c == "common" else Urgency.EMERGENCY for c, level in urgencies.items()}

    ordered = sorted(urgencies, key=lambda c: (-urgencies[c], CATEGORIES.index(c)))
    fever_unmeasured = "fever" in present and findings.temperature is None
    guidance: list[str] = []
    if urgency > Urgency.NONE:
        guidance.append(f"general.headline.{urgency.label}")
    guidance.extend(escalations)
    if unclear:
        guidance.append("general.unclear_symptom")
    guidance.extend(g.id for g in knowledge.guidance.values()
                    if g.category == "general" and g.symptoms & set(present))
    for category in ordered:
        guidance.extend(g.id for g in _guidance_for(category, urgencies[category], set(present), knowledge))
    if fever_unmeasured:
        guidance.append("general.fever_check")
    if findings.temperature is not None and not findings.temperature.is_fever:
        guidance.append("general.temperature_below_fever")
    if urgency == Urgency.NONE and (findings.negated or findings.temperature is not None):
        guidance.append("general.no_symptom")
    if urgency > Urgency.NONE or findings.mentions or findings.temperature is not None:
        guidance.append("general.when_to_call_emergency")

    return TriageResult(
        urgency=urgency,
        categories=tuple(ordered),
        symptoms=present,
        negated=findings.negated,
        guidance_ids=tuple(dict.fromkeys(guidance)),
        escalations=escalations,
        temperature=findings.temperature,
        asks_temperature=fever_unmeasured,
    )
