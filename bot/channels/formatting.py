"""How a reply travels on a messaging channel, in plain Python (no Rasa types, no engine types).

Text-only channels (SMS and WhatsApp through Twilio) list buttons as numbered options and map a digit back
to the button's payload; the machine-readable triage message is recognised so that no patient sees it.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

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
