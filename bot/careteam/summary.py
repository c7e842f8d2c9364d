"""The conversation as a nurse reports it on the phone: what was reported, urgency and why, what the patient
was told, when. One structure for the inbox page, one plain-text rendering for the chart."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from bot.careteam.clock import shown
from bot.careteam.records import (
    URGENCY_ADVICE,
    URGENCY_TITLES,
    ConversationRecord,
    TriageEntry,
    category_title,
    symptom_title,
)
from bot.vocabulary import Urgency

DISCLAIMER = ("What the patient typed and what the automated assistant answered; not a clinical assessment. "
              "The full transcript is in the care-team inbox.")


@dataclass(frozen=True)
class TurnSummary:
    reported: str  # the patient's words
    recognised: tuple[str, ...]
    denied: tuple[str, ...]
    urgency: Urgency
    reasons: tuple[str, ...]  # readable; empty when the assistant sent none
    advice: str  # what the patient was told to do
    told: str  # the first paragraph of the assistant's answer
    when: float


def reported_turns(record: ConversationRecord) -> list[TurnSummary]:
    """Every turn in which a symptom was reported, denied or triaged, oldest first."""
    return [_turn(entry) for entry in record.triage if entry.reports_symptoms]


def readable_reason(reason: str) -> str:
    """`escalation:fever_with_confusion` -> `escalation: fever with confusion`."""
    kind, _, name = reason.partition(":")
    return f"{kind}: {name.replace('_', ' ')}" if name else reason.replace("_", " ")


def chart_summary(record: ConversationRecord, zone: tzinfo) -> str:
    """A plain-text summary to paste into the patient's chart."""
    overview = record.overview
    lines = [
        "Imdelltra side-effect assistant: summary of a patient conversation",
        f"Conversation {overview.conversation_id} (channel: {overview.channel or 'unknown'}), "
        f"{shown(overview.first_at, zone)} to {shown(overview.last_at, zone)}",
        f"Highest urgency: {URGENCY_TITLES[overview.highest_urgency]}"
        + (f" ({', '.join(category_title(c) for c in overview.categories)})" if overview.categories else ""),
        "",
    ]
    turns = reported_turns(record)
    if not turns:
        lines += ["No symptom was reported in this conversation.", ""]
    for number, turn in enumerate(turns, 1):
        lines += [f"{number}. Reported: \"{turn.reported}\""]
        if turn.recognised:
            lines.append(f"   Recognised: {', '.join(map(symptom_title, turn.recognised))}")
        if turn.denied:
            lines.append(f"   Denied: {', '.join(map(symptom_title, turn.denied))}")
        why = "; ".join(turn.reasons) if turn.reasons else "not recorded"
        lines += [f"   Urgency: {URGENCY_TITLES[turn.urgency]}. Why: {why}",
                  f"   Told: {turn.advice}." + (f" \"{turn.told}\"" if turn.told else ""),
                  f"   When: {shown(turn.when, zone)}", ""]
    if overview.acknowledged_at is not None:
        lines += [f"Acknowledged by {overview.acknowledged_by} at {shown(overview.acknowledged_at, zone)}.", ""]
    if record.notes:
        lines += ["Care-team notes:"] + [f"- {shown(n.at, zone)} {n.author}: {n.text}" for n in record.notes] + [""]
    lines.append(DISCLAIMER)
    return "\n".join(lines)


def _turn(entry: TriageEntry) -> TurnSummary:
    return TurnSummary(
        reported=entry.message, recognised=entry.symptoms, denied=entry.negated, urgency=entry.urgency,
        reasons=tuple(readable_reason(r) for r in entry.reasons or ()), advice=URGENCY_ADVICE[entry.urgency],
        told=entry.reply.split("\n\n", 1)[0].strip(), when=entry.reported_at or entry.at)
