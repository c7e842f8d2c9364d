"""Which guidance entries a reply is made of, in reading order: the last step of the triage decision."""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.knowledge import GuidanceEntry, Knowledge
from bot.names import REDIRECT_INTENTS, Code, Guidance, Intent, SignalCode
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

    ongoing = draft.in_force is not None or draft.resolved is not None
    # someone else is unwell (their reading too): say what it means for the patient, and what to do if the writer
    # was, after all, describing the patient
    if draft.urgency == Urgency.NONE and not ongoing and findings.someone_elses_illness \
            and any(m.hypothetical for m in findings.mentions):
        draft.because("someone_elses_illness")
        return [Guidance.SOMEONE_ELSES_ILLNESS, Guidance.WHEN_TO_CALL_EMERGENCY] + _introduction(draft)
    if draft.urgency == Urgency.NONE and not draft.negated and findings.temperature is None and not ongoing:
        # Nothing reported (at most asked about): a general question gets its answer, anything else a closing line.
        if faq_id:
            return [faq_id, Guidance.WHEN_TO_CALL_EMERGENCY] + _introduction(draft)
        # Never the off-topic redirect for talk about the body, the treatment or what to do.
        on_topic = draft.signals("treatment") or draft.signals("question") or draft.signals("resolution") \
            or draft.signals("body") or draft.signals("all_over") or findings.mentions
        if "wellbeing" in draft.signals("body"):
            closing = Guidance.GLAD_WELL
        elif message.intent in REDIRECT_INTENTS and not on_topic:
            closing = Guidance.REDIRECT
        else:
            closing = Guidance.NOTED
        draft.because("redirect" if closing == Guidance.REDIRECT else "nothing_to_triage")
        return [closing, Guidance.WHEN_TO_CALL_EMERGENCY] + _introduction(draft)

    ids: list[str] = []
    # advice to keep an eye on a common effect is not said twice: on small talk its reminder is the whole answer
    only_reminded = draft.urgency == Urgency.REPORT_IF_BOTHERSOME and draft.own_urgency == Urgency.NONE \
        and draft.in_force is not None
    # help reached: its acknowledgement leads (it says to tell the care team), not a headline to call them now
    acknowledged = draft.resolved is not None and draft.own_urgency == Urgency.NONE
    if draft.urgency > Urgency.NONE and not only_reminded and not acknowledged:
        ids.append(Guidance.headline(draft.urgency))
    if draft.resolved in knowledge.signals:
        ids.append(Guidance.resolved(draft.resolved))
    if draft.in_force is not None:
        # Answer a question about the instruction in its light; otherwise remind of it when this message did not.
        answers = [Guidance.follow_up(code, draft.in_force.urgency) for code in draft.follow_ups]
        ids.extend(answers or ([Guidance.in_force(draft.in_force.urgency)] if draft.reminds else []))
        if message.intent == Intent.AFFIRM and not draft.present:
            ids.append(Guidance.GO_ON)  # "ok" / "yes": the reminder, and room to say more
    ids.extend(draft.escalations)
    if SignalCode.ANOTHER_LANGUAGE in draft.signals("body"):
        ids.append(Guidance.ENGLISH_ONLY)
    if draft.unclear:
        ids.append(Guidance.UNCLEAR_SYMPTOM)
        if draft.recheck:
            ids.append(Guidance.RECHECK_READING)
        elif not draft.category_urgency:
            ids.append(Guidance.CLARIFY)
    ids.extend(g.id for g in knowledge.guidance.values() if g.category == "general" and g.symptoms & present)
    ordered = sorted(draft.category_urgency, key=lambda c: (-draft.category_urgency[c], CATEGORIES.index(c)))
    for category in ordered:
        ids.extend(g.id for g in _category_entries(category, draft.category_urgency[category], present, knowledge))
    if Code.FEVER in present and findings.temperature is None and not draft.fever_assumed:
        ids.append(Guidance.FEVER_CHECK)
    if draft.low_temperature:
        ids.append(Guidance.LOW_TEMPERATURE)
    elif findings.temperature is not None and not findings.temperature.is_fever:
        ids.append(Guidance.TEMPERATURE_BELOW_FEVER)
    if draft.urgency == Urgency.NONE and not draft.resolved and (draft.negated or findings.temperature is not None):
        # "glad that's not happening" only when nothing is said to have happened; a problem now over is different
        over = bool(draft.over) or any(m.resolved and m.code in draft.negated for m in findings.mentions)
        ids.append(Guidance.OVER if over else Guidance.NO_SYMPTOM)
    ids.append(Guidance.WHEN_TO_CALL_EMERGENCY)
    ids.extend(_introduction(draft))
    if faq_id:
        ids.append(faq_id)
    return ids


def _introduction(draft: Draft) -> list[str]:
    """On first contact the introduction comes after what to do, never before it."""
    return [] if draft.conversation.introduced else [Guidance.INTRO_AFTER_REPLY]
