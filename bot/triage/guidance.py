"""Which guidance entries a reply is made of, in reading order: the last step of the triage decision."""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.knowledge import GuidanceEntry, Knowledge
from bot.names import REDIRECT_INTENTS, Code, Guidance
from bot.vocabulary import CATEGORIES, Urgency

if TYPE_CHECKING:
    from bot.triage.decision import Draft


def _category_entries(category: str, urgency: Urgency, present: set[str], knowledge: Knowledge) -> list[GuidanceEntry]:
    """The category's entries at this urgency (or the nearest lower one it has), plus its 'any' entries."""
    entries = [g for g in knowledge.guidance.values() if g.category == category]
    levels = sorted({Urgency.from_label(g.urgency) for g in entries if g.urgency != "any"}, reverse=True)
    level = next((u for u in levels if u <= urgency), None)
    return [
        g for g in entries
        if (g.urgency == "any" or (level is not None and g.urgency == level.label))
        and (not g.symptoms or g.symptoms & present)
    ]


def choose_guidance(draft: Draft) -> list[str]:
    """Headline, escalation reasons, each category most urgent first, then the fixed closing lines."""
    knowledge, findings, message = draft.knowledge, draft.message.findings, draft.message
    present = set(draft.present)
    faq_id = knowledge.faq[message.faq_topic].id if message.faq_topic in knowledge.faq else None
    if faq_id:
        draft.because(f"faq:{message.faq_topic}")

    if draft.urgency == Urgency.NONE and not draft.negated and findings.temperature is None:
        # Nothing reported (at most asked about): a general question gets its answer, anything else a closing line.
        if faq_id:
            return [faq_id, Guidance.WHEN_TO_CALL_EMERGENCY]
        closing = Guidance.REDIRECT if message.intent in REDIRECT_INTENTS else Guidance.NO_SYMPTOM
        draft.because("redirect" if closing == Guidance.REDIRECT else "nothing_to_triage")
        return [closing, Guidance.WHEN_TO_CALL_EMERGENCY]

    ids: list[str] = []
    if draft.urgency > Urgency.NONE:
        ids.append(Guidance.headline(draft.urgency))
    ids.extend(draft.escalations)
    if draft.unclear:
        ids.append(Guidance.UNCLEAR_SYMPTOM)
    ids.extend(g.id for g in knowledge.guidance.values() if g.category == "general" and g.symptoms & present)
    ordered = sorted(draft.category_urgency, key=lambda c: (-draft.category_urgency[c], CATEGORIES.index(c)))
    for category in ordered:
        ids.extend(g.id for g in _category_entries(category, draft.category_urgency[category], present, knowledge))
    if Code.FEVER in present and findings.temperature is None and not draft.fever_assumed:
        ids.append(Guidance.FEVER_CHECK)
    if findings.temperature is not None and not findings.temperature.is_fever:
        ids.append(Guidance.TEMPERATURE_BELOW_FEVER)
    if draft.urgency == Urgency.NONE and (draft.negated or findings.temperature is not None):
        ids.append(Guidance.NO_SYMPTOM)
    ids.append(Guidance.WHEN_TO_CALL_EMERGENCY)
    if faq_id:
        ids.append(faq_id)
    return ids
