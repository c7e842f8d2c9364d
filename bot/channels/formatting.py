"""How a reply looks on each messaging channel, in plain Python (no Rasa types).

Text-only channels (SMS and WhatsApp through Twilio) get plain GSM-7 text, numbered options instead
of buttons, and a triage reply that fits in three concatenated SMS segments with the urgent
instruction first. Every other channel gets the full reply.
"""
from __future__ import annotations

import math
import re
import unicodedata
from typing import Any, Iterable, Mapping, Sequence

from bot.config import Settings
from bot.conversation import TriageTurn
from bot.knowledge import Knowledge, default_knowledge
from bot.replies import fill_placeholders
from bot.triage import TriageResult

TEXT_ONLY_CHANNELS = frozenset({"twilio"})

# GSM 03.38: the basic set costs one septet per character, the extension table two.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€")
SINGLE_SEGMENT_SEPTETS = 160
CONCATENATED_SEGMENT_SEPTETS = 153  # each part of a long SMS carries a 7-septet header
SMS_TRIAGE_SEGMENTS = 3
SMS_TRIAGE_LIMIT = SMS_TRIAGE_SEGMENTS * CONCATENATED_SEGMENT_SEPTETS  # 459 septets, under 480 characters

_REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...", "\u2022": "-", "\u00a0": " ",
    "\u2009": " ", "\u202f": " ", "\u2264": "<=", "\u2265": ">=", "\u00d7": "x", "\u2192": "->",
    "\u00b0": "",  # "102.2 °F" -> "102.2 F"
}
_MARKDOWN = (
    (re.compile(r"\[([^\]]+)\]\((\S+?)\)"), r"\1 (\2)"),  # [text](url)
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # **bold**, __bold__
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)"), r"\1"),  # _emphasis_
    (re.compile(r"`+([^`]*)`+"), r"\1"),  # `code`
    (re.compile(r"^#{1,6}\s+", re.MULTILINE), ""),  # headings
)

# Short names for a category that did not fit in the SMS: it is still named, never left out.
SMS_CATEGORY_NAMES = {
    "crs": "CRS", "icans": "nerve (ICANS)", "infection": "infection", "liver": "liver",
    "bleeding": "bleeding", "allergy": "allergy", "common": "other side-effect",
}


def plain_text(text: str) -> str:
    """Markdown markers removed, so a text-only phone shows no stray asterisks or brackets."""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text


def gsm7_text(text: str) -> str:
    """The text in the GSM-7 alphabet: typographic characters mapped, accents dropped if needed."""
    out = []
    for char in text:
        char = _REPLACEMENTS.get(char, char)
        if all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in char):
            out.append(char)
            continue
        stripped = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append(stripped if stripped and all(c in GSM7_BASIC for c in stripped) else "?")
    return re.sub(r"[ \t]{2,}", " ", "".join(out))


def sms_text(text: str) -> str:
    """What an SMS or WhatsApp text-only message carries: plain, GSM-7 text."""
    return gsm7_text(plain_text(text)).strip()


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text)


def septets(text: str) -> int:
    """Length in GSM-7 septets (extension characters count twice)."""
    return sum(2 if c in GSM7_EXTENDED else 1 for c in text)


def sms_segments(text: str) -> int:
    """How many SMS segments a GSM-7 text is billed and delivered as."""
    length = septets(text)
    return 1 if length <= SINGLE_SEGMENT_SEPTETS else math.ceil(length / CONCATENATED_SEGMENT_SEPTETS)


# ---------------------------------------------------------------------------------------------- buttons

def numbered_options(text: str, buttons: Sequence[Mapping[str, Any]]) -> str:
    """A question with its buttons as numbered options the patient answers with a digit."""
    lines = [text.rstrip()] + [f"{number}: {button.get('title', '')}" for number, button in enumerate(buttons, 1)]
    lines.append("Reply with the number.")
    return "\n".join(lines)


def payload_for_choice(text: str, buttons: Sequence[Mapping[str, Any]]) -> str | None:
    """The payload of the button whose number (or exact title) the patient sent, if any."""
    answer = text.strip().rstrip(".").strip()
    if answer.isdigit() and 1 <= int(answer) <= len(buttons):
        return buttons[int(answer) - 1].get("payload")
    for button in buttons:
        if answer.casefold() == str(button.get("title", "")).strip().casefold():
            return button.get("payload")
    return None


def buttons_offered(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The buttons the bot offered since the patient last wrote (from tracker events as dicts)."""
    offered: list[dict[str, Any]] = []
    for event in events:
        if event.get("event") == "user":
            offered = []
        elif event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons")
            if buttons:
                offered = list(buttons)
    return offered


def resolve_choice(text: str, events: Iterable[Mapping[str, Any]]) -> str:
    """The patient's message, or the payload of the numbered option it picks."""
    buttons = buttons_offered(events)
    return (payload_for_choice(text, buttons) or text) if buttons else text


# ---------------------------------------------------------------------------------------------- metadata

def is_triage_metadata(json_message: Any) -> bool:
    """True for the machine-readable triage message, which a patient must never see as raw JSON."""
    return isinstance(json_message, Mapping) and set(json_message) == {"triage"}


# ---------------------------------------------------------------------------------------------- triage replies

def _sms_parts(result: TriageResult, settings: Settings, knowledge: Knowledge) -> list[tuple[str, str | None, str]]:
    """(guidance id, category or None for a fixed part, SMS text) in the order of the full reply."""
    reasons = {rule.id: rule.reason for rule in knowledge.escalations}
    parts = []
    for guidance_id in result.guidance_ids:
        if guidance_id in reasons:
            parts.append((guidance_id, "", sms_text(reasons[guidance_id])))
            continue
        entry = knowledge.guidance[guidance_id]
        category = None if entry.category == "general" else entry.category
        parts.append((guidance_id, category, sms_text(fill_placeholders(entry.short, settings))))
    return parts


def _also_mention(categories: Sequence[str]) -> str:
    names = [SMS_CATEGORY_NAMES[c] for c in categories]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Also tell them about your {listed} symptoms."


def _assemble(parts: list[tuple[str, str | None, str]], keep: set[str], unnamed: Sequence[str]) -> str:
    """The kept parts in order; categories left out are named just before the closing fixed parts."""
    texts = [text for guidance_id, _, text in parts if guidance_id in keep]
    if unnamed:
        last_optional = max((i for i, (_, category, _) in enumerate(parts) if category is not None), default=-1)
        closing = sum(1 for guidance_id, category, _ in parts[last_optional + 1:] if guidance_id in keep)
        texts.insert(len(texts) - closing, _also_mention(unnamed))
    return " ".join(texts)


def sms_triage_reply(result: TriageResult, settings: Settings, knowledge: Knowledge | None = None,
                     limit: int = SMS_TRIAGE_LIMIT) -> str:
    """The triage reply for SMS: urgent instruction first, every category named, within `limit` septets.

    The fixed parts (headline, temperature question, when to call emergency services) always stay.
    Category advice is added in urgency order while it fits; a category whose advice does not fit is
    still named in one closing sentence, so no category found is ever left unaddressed.
    """
    knowledge = knowledge or default_knowledge()
    parts = _sms_parts(result, settings, knowledge)
    keep = {guidance_id for guidance_id, category, _ in parts if category is None}
    categories = list(dict.fromkeys(category for _, category, _ in parts if category))
    covered: set[str] = set()
    dropped: list[str] = []
    for index, (guidance_id, category, _) in enumerate(parts):
        if category is None or category in dropped:
            continue
        trial = keep | {guidance_id}
        pending = [c for c in categories if c not in covered and c != category and c not in dropped]
        if septets(_assemble(parts, trial, dropped + pending)) <= limit:
            keep = trial
            if category:
                covered.add(category)
        elif category:
            dropped.append(category)
    unnamed = [c for c in categories if c in dropped and c not in covered]
    return _assemble(parts, keep, unnamed)


def is_text_only(channel: str | None) -> bool:
    return channel in TEXT_ONLY_CHANNELS


def triage_reply_for_channel(turn: TriageTurn, channel: str | None, settings: Settings,
                             knowledge: Knowledge | None = None) -> str:
    """The triage reply text to send on `channel` (the tracker's latest input channel)."""
    if is_text_only(channel):
        return sms_triage_reply(turn.result, settings, knowledge)
    return turn.text
