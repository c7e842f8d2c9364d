"""Text for SMS and other text-only phones: plain GSM-7 characters, counted in septets and segments."""
from __future__ import annotations

import math
import re
import unicodedata

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
