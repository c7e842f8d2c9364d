"""Turns a triage result into the words a patient reads: most urgent first, every category addressed."""
from __future__ import annotations

from bot.config import Settings, load_settings
from bot.knowledge import Knowledge, default_knowledge
from bot.triage import TriageResult

PARAGRAPH = "\n\n"


def fill_placeholders(template: str, settings: Settings) -> str:
    """Put the clinic's numbers and name into a guidance template."""
    return template.format(
        emergency_number=settings.emergency_number,
        care_team_phone=settings.care_team_phone,
        care_team_name=settings.care_team_name,
        crisis_line=settings.crisis_line,
    )


def _symptom_list(result: TriageResult, knowledge: Knowledge) -> str:
    labels = [knowledge.symptoms[code].label for code in result.symptoms if knowledge.symptoms[code].categories]
    if result.temperature is not None and result.temperature.is_fever:
        labels = [f"fever ({result.temperature.fahrenheit:.1f} °F / {result.temperature.celsius:.1f} °C)"
                  if label == "fever" else label for label in labels]
    return "What I understood: " + "; ".join(labels) + "." if labels else ""


def compose_reply(result: TriageResult, settings: Settings | None = None, knowledge: Knowledge | None = None,
                  short: bool = False) -> str:
    """The reply text for a triage result; `short` uses the SMS-sized wording of each entry."""
    settings = settings or load_settings()
    knowledge = knowledge or default_knowledge()
    reasons = {rule.id: rule.reason for rule in knowledge.escalations}
    parts = []
    for guidance_id in result.guidance_ids:
        if guidance_id in reasons:
            parts.append(reasons[guidance_id])
            continue
        entry = knowledge.guidance[guidance_id]
        parts.append(fill_placeholders(entry.short if short else entry.text, settings))
        if guidance_id.startswith("general.headline.") and not short:
            understood = _symptom_list(result, knowledge)
            if understood:
                parts.append(understood)
    return (" " if short else PARAGRAPH).join(part for part in parts if part)
