"""The one reply writer: a triage result becomes the words a patient reads, long or SMS-sized.

The reply is a list of parts named by the result's guidance ids (headline first, every category addressed,
the line on when to call emergency services last). The channel only chooses the size: the long form joins
every part; the SMS form uses each part's short wording and fits it into three segments, urgent first.
A general question answered along with a triage reply comes as a bubble of its own after it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from bot.config import Settings, load_settings
from bot.knowledge import Knowledge, default_knowledge
from bot.names import URGENCIES_IN_FORCE, Code, Guidance
from bot.sms import SMS_TRIAGE_LIMIT, septets, sms_text
from bot.triage import TriageResult

PARAGRAPH = "\n\n"
# Channels whose phones show plain text only (SMS and WhatsApp through Twilio).
TEXT_ONLY_CHANNELS = frozenset({"twilio"})

# Short names for a category that did not fit in the SMS: it is still named, never left out.
SMS_CATEGORY_NAMES = {
    "crs": "CRS", "icans": "nerve (ICANS)", "infection": "infection", "liver": "liver",
    "bleeding": "bleeding", "allergy": "allergy", "common": "other side-effect",
}


@dataclass(frozen=True)
class ReplyForm:
    """How big a reply may be: `limit` in GSM-7 septets for text-only phones, None for chat channels."""

    short: bool
    limit: int | None = None


LONG = ReplyForm(short=False)
SMS = ReplyForm(short=True, limit=SMS_TRIAGE_LIMIT)


def form_for_channel(channel: str | None) -> ReplyForm:
    """The reply size a channel takes (the tracker's latest input channel)."""
    return SMS if channel in TEXT_ONLY_CHANNELS else LONG


# General parts an SMS may leave out when the instruction, the category advice and the emergency line
# already fill three segments (the instruction itself is never left out).
SMS_OPTIONAL = frozenset({Guidance.INTRO_AFTER_REPLY, Guidance.CLARIFY, Guidance.UNCLEAR_SYMPTOM}
                         | {Guidance.in_force(u) for u in URGENCIES_IN_FORCE})


@dataclass(frozen=True)
class Part:
    """One piece of a reply: `category` None for a part that always stays on SMS, "" for an optional general
    part, else the category whose advice it is (named in one sentence if it does not fit)."""

    guidance_id: str
    text: str
    category: str | None


def fill_placeholders(template: str, settings: Settings) -> str:
    """Put the clinic's numbers and name into a guidance template."""
    return template.format(
        emergency_number=settings.emergency_number,
        care_team_phone=settings.care_team_phone,
        care_team_name=settings.care_team_name,
        crisis_line=settings.crisis_line,
    )


def guidance_text(guidance_id: str, form: ReplyForm, settings: Settings, knowledge: Knowledge) -> str:
    """One guidance entry on its own (the introduction, for example), in the channel's size."""
    entry = knowledge.guidance[guidance_id]
    text = fill_placeholders(entry.short if form.short else entry.text, settings)
    return sms_text(text) if form.limit is not None else text


def _understood(result: TriageResult, knowledge: Knowledge) -> str:
    """What I understood: the symptoms found, with a measured fever's reading."""
    labels = [knowledge.symptoms[code].label for code in result.symptoms if code != Code.UNCLEAR]
    if result.temperature is not None and result.temperature.is_fever:
        # a no-break space keeps each reading with its unit on one line
        labels = [f"fever ({result.temperature.fahrenheit:.1f}\u00a0°F / {result.temperature.celsius:.1f}\u00a0°C)"
                  if label == "fever" else label for label in labels]
    return "What I understood: " + "; ".join(labels) + "." if labels else ""


def _parts(result: TriageResult, form: ReplyForm, settings: Settings,
           knowledge: Knowledge) -> tuple[list[Part], list[str]]:
    """The triage parts in reading order, and the FAQ answer's parts (a bubble of their own when both)."""
    reasons = {rule.id: rule.reason for rule in knowledge.escalations}
    faq_ids = {entry.id: entry for entry in knowledge.faq.values()}
    parts: list[Part] = []
    faq: list[str] = []
    for guidance_id in result.guidance_ids:
        if guidance_id in reasons:
            parts.append(Part(guidance_id, reasons[guidance_id], ""))
        elif guidance_id in faq_ids:
            answer = faq_ids[guidance_id]
            faq.append(answer.short if form.short else answer.text)
            if answer.follow_up and not form.short:
                faq.append(answer.follow_up)
        else:
            entry = knowledge.guidance[guidance_id]
            category = entry.category if entry.category != "general" else "" if guidance_id in SMS_OPTIONAL else None
            parts.append(Part(guidance_id, entry.short if form.short else entry.text, category))
            if guidance_id.startswith(Guidance.HEADLINE_PREFIX) and not form.short:
                parts.append(Part("", _understood(result, knowledge), None))
    filled = [Part(p.guidance_id, fill_placeholders(p.text, settings), p.category) for p in parts if p.text]
    return filled, [fill_placeholders(text, settings) for text in faq]


def write_reply(result: TriageResult, form: ReplyForm = LONG, settings: Settings | None = None,
                knowledge: Knowledge | None = None) -> list[str]:
    """The reply's bubbles: the triage reply (or the FAQ answer alone), then an FAQ answer asked alongside."""
    settings = settings or load_settings()
    knowledge = knowledge or default_knowledge()
    parts, faq = _parts(result, form, settings, knowledge)
    joiner = " " if form.short else PARAGRAPH
    if form.limit is not None:
        parts = [Part(p.guidance_id, sms_text(p.text), p.category) for p in parts]
        faq = [sms_text(text) for text in faq]
    if faq and result.guidance_ids[0] in {entry.id for entry in knowledge.faq.values()}:
        # A general question alone: its answer first, then the closing lines.
        return [joiner.join(faq + [p.text for p in parts])]
    text = _fit(parts, form.limit) if form.limit is not None else joiner.join(p.text for p in parts)
    return [text] + ([joiner.join(faq)] if faq else [])


# ---------------------------------------------------------------------------------------------- SMS fitting

def _also_mention(categories: Sequence[str]) -> str:
    names = [SMS_CATEGORY_NAMES[c] for c in categories]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Also tell them about your {listed} symptoms."


def _assemble(parts: list[Part], keep: set[int], unnamed: Sequence[str]) -> str:
    """The kept parts in order; categories left out are named just before the closing fixed parts."""
    texts = [p.text for i, p in enumerate(parts) if i in keep]
    if unnamed:
        last_optional = max((i for i, p in enumerate(parts) if p.category is not None), default=-1)
        closing = sum(1 for i in range(last_optional + 1, len(parts)) if i in keep)
        texts.insert(len(texts) - closing, _also_mention(unnamed))
    return " ".join(texts)


def _fit(parts: list[Part], limit: int) -> str:
    """Urgent instruction first, every category named, within `limit` septets.

    The fixed parts (headline, temperature question, when to call emergency services) always stay.
    Category advice is added in urgency order while it fits; a category whose advice does not fit is
    still named in one closing sentence, so no category found is ever left unaddressed.
    """
    keep = {i for i, p in enumerate(parts) if p.category is None}
    categories = list(dict.fromkeys(p.category for p in parts if p.category))
    covered: set[str] = set()
    dropped: list[str] = []
    for index, part in enumerate(parts):
        if part.category is None or part.category in dropped:
            continue
        pending = [c for c in categories if c not in covered and c != part.category and c not in dropped]
        if septets(_assemble(parts, keep | {index}, dropped + pending)) <= limit:
            keep.add(index)
            if part.category:
                covered.add(part.category)
        elif part.category:
            dropped.append(part.category)
    return _assemble(parts, keep, [c for c in categories if c in dropped and c not in covered])
