"""The triage decision: one function, one ordered list of rules, each leaving its name on the result.

Safety rules enforced here, whatever the classifier says:
- a recognised symptom is never answered below its documented urgency (the lexicon's floor);
- the highest urgency of everything found wins, and every category found is addressed;
- negated or hypothetical mentions never trigger triage;
- a message the classifier thinks is a symptom report, but with nothing recognised, gets the
  safe answer (contact the care team now).

Read `DECISION_STEPS` from top to bottom: that is the order in which the rules run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from bot.knowledge import Knowledge, default_knowledge
from bot.names import SYMPTOM_INTENT_CATEGORIES, SYMPTOM_INTENTS, Code, Intent
from bot.triage.guidance import choose_guidance
from bot.triage.message import NEW_CONVERSATION, Conversation, PatientMessage
from bot.triage.policy import DEFAULT_POLICY, TriagePolicy
from bot.triage.result import TriageResult
from bot.vocabulary import CATEGORIES, Urgency


@dataclass
class Draft:
    """The decision while the rules run: every change goes through a method that records its reason."""

    message: PatientMessage
    conversation: Conversation
    knowledge: Knowledge
    policy: TriagePolicy
    present: list[str] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)
    urgency: Urgency = Urgency.NONE
    category_urgency: dict[str, Urgency] = field(default_factory=dict)
    escalations: list[str] = field(default_factory=list)
    unclear: bool = False
    fever_assumed: bool = False
    classifier_counts: bool = True
    reasons: list[str] = field(default_factory=list)
    guidance_ids: list[str] = field(default_factory=list)

    def because(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)

    def raise_to(self, urgency: Urgency, reason: str) -> None:
        self.urgency = max(self.urgency, urgency)
        self.because(reason)

    def raise_category(self, category: str, urgency: Urgency) -> None:
        self.category_urgency[category] = max(self.category_urgency.get(category, Urgency.NONE), urgency)

    def add_present(self, code: str) -> None:
        if code not in self.present:
            self.present.append(code)
        if code in self.negated:
            self.negated.remove(code)


Step = Callable[[Draft], None]


def read_findings(draft: Draft) -> None:
    """What the message reports: present and negated mentions, home readings, a measured temperature."""
    findings = draft.message.findings
    draft.present = list(findings.present)
    draft.negated = list(findings.negated)
    for mention in findings.mentions:
        if mention.measured and mention.is_present:
            draft.because(f"reading:{mention.code}({mention.text})")
    temperature = findings.temperature
    if temperature is None:
        return
    if temperature.is_fever:
        draft.add_present(Code.FEVER)
        draft.because(f"reading:temperature_{temperature.celsius:.1f}C")
    else:
        draft.because(f"reading:temperature_{temperature.celsius:.1f}C_below_fever")
        if Code.FEVER in draft.present:
            draft.present.remove(Code.FEVER)
        if any(m.code == Code.FEVER for m in findings.mentions) and Code.FEVER not in draft.negated:
            draft.negated.append(Code.FEVER)


def assume_fever_without_reading(draft: Draft) -> None:
    """Asked for a temperature, the patient gave none ("no thermometer"): the fever counts, the safe answer."""
    findings = draft.message.findings
    if draft.conversation.awaiting_temperature and not draft.present and findings.temperature is None:
        draft.add_present(Code.FEVER)
        draft.fever_assumed = True
        draft.because("followup:no_temperature_reading")


def apply_floors(draft: Draft) -> None:
    """Each present symptom at its documented urgency, for itself and each of its categories."""
    for code in draft.present:
        symptom = draft.knowledge.symptoms[code]
        for category in symptom.categories:
            draft.raise_category(category, symptom.urgency)
        draft.raise_to(symptom.urgency, f"floor:{code}")
    if draft.present and all(code == Code.UNCLEAR for code in draft.present):
        draft.unclear = True
        draft.because("unclear_symptom")


def apply_escalations(draft: Draft) -> None:
    """Symptom combinations that together are more urgent than each alone."""
    found = set(draft.present)
    for rule in draft.knowledge.escalations:
        if not all(group & found for group in rule.when):
            continue
        draft.escalations.append(rule.id)
        for code in found & set().union(*rule.when):
            for category in draft.knowledge.symptoms[code].categories:
                draft.raise_category(category, rule.urgency)
        draft.raise_to(rule.urgency, f"escalation:{rule.id.removeprefix('esc.')}")


def apply_classifier(draft: Draft) -> None:
    """The classifier can only raise urgency, never lower it.

    When every mention is negated or hypothetical the mentions explain the message ("the rash has cleared
    up" is not a rash report), so the classifier's opinion is not used.
    """
    message, policy = draft.message, draft.policy
    draft.classifier_counts = bool(draft.present) or not message.findings.mentions
    if not draft.classifier_counts:
        return
    intent, confidence = message.intent, message.confidence
    opinion = f"classifier:{intent}@{confidence:.2f}"
    if intent in SYMPTOM_INTENTS and not draft.present:
        draft.unclear = True
        draft.raise_to(Urgency.CONTACT_NOW, "unclear_symptom")
        draft.because(opinion)
        category = SYMPTOM_INTENT_CATEGORIES.get(intent or "")
        if category and intent != Intent.REPORT_COMMON and confidence >= policy.category_intent_min_confidence:
            draft.raise_category(category, Urgency.CONTACT_NOW)
    if intent == Intent.REPORT_EMERGENCY and confidence >= policy.emergency_intent_min_confidence:
        draft.raise_to(Urgency.EMERGENCY, opinion)
        for category, level in draft.category_urgency.items():
            if category != "common":
                draft.category_urgency[category] = Urgency.EMERGENCY


def write_guidance(draft: Draft) -> None:
    """Which guidance entries the reply is made of, most urgent first."""
    draft.guidance_ids = choose_guidance(draft)


DECISION_STEPS: tuple[Step, ...] = (
    read_findings,
    assume_fever_without_reading,
    apply_floors,
    apply_escalations,
    apply_classifier,
    write_guidance,
)


def decide(message: PatientMessage, conversation: Conversation = NEW_CONVERSATION,
           knowledge: Knowledge | None = None, policy: TriagePolicy = DEFAULT_POLICY) -> TriageResult:
    """Triage one patient message in the context of its conversation."""
    draft = Draft(message=message, conversation=conversation, knowledge=knowledge or default_knowledge(),
                  policy=policy)
    for step in DECISION_STEPS:
        step(draft)
    categories = sorted(draft.category_urgency, key=lambda c: (-draft.category_urgency[c], CATEGORIES.index(c)))
    asks_temperature = Code.FEVER in draft.present and message.findings.temperature is None \
        and not draft.fever_assumed
    return TriageResult(
        urgency=draft.urgency,
        categories=tuple(categories),
        symptoms=tuple(draft.present),
        negated=tuple(draft.negated),
        guidance_ids=tuple(dict.fromkeys(draft.guidance_ids)),
        reasons=tuple(draft.reasons),
        temperature=message.findings.temperature,
        conversation=Conversation(awaiting_temperature=asks_temperature),
    )
