"""Compare the assistant's reply with what the nurse expected."""
from __future__ import annotations

import re

from bot.config import Settings
from bot.replies import fill_placeholders
from triage_tools.nurse_scripts.model import Expectation, Reply


def _normalised(text: str) -> str:
    """Case, curly quotes and runs of whitespace do not matter when looking for a phrase."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def check(expect: Expectation, reply: Reply, settings: Settings) -> list[str]:
    """Every expectation the reply does not meet, in plain words (empty when the turn passes)."""
    if expect.nothing:
        return []
    failures = []
    if expect.urgency and reply.urgency != expect.urgency:
        got_urgency = reply.urgency if reply.triage else "none (no triage answer)"
        failures.append(f"urgency: expected {expect.urgency}, got {got_urgency}")
    got = set(reply.categories)
    missing = [c for c in expect.all_of if c not in got]
    if missing:
        failures.append(f"categories: missing {', '.join(missing)} (got {', '.join(reply.categories) or 'none'})")
    if expect.any_of and not got & set(expect.any_of):
        failures.append(f"categories: expected one of {', '.join(expect.any_of)} "
                        f"(got {', '.join(reply.categories) or 'none'})")
    unwanted = [c for c in expect.none_of if c in got]
    if unwanted:
        failures.append(f"categories: should not include {', '.join(unwanted)}")
    missing_reasons = [reason for reason in expect.reasons if reason not in reply.reasons]
    if missing_reasons:
        failures.append(f"reasons: {', '.join(missing_reasons)} did not decide this answer "
                        f"(decided by: {', '.join(reply.reasons) or 'no rule'})")
    answer = _normalised(reply.text)
    for phrase in expect.says:
        if _normalised(fill_placeholders(phrase, settings)) not in answer:
            failures.append(f'text: does not say "{fill_placeholders(phrase, settings)}"')
    for phrase in expect.not_says:
        if _normalised(fill_placeholders(phrase, settings)) in answer:
            failures.append(f'text: says "{fill_placeholders(phrase, settings)}", which it should not')
    return failures
