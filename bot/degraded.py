"""The safe static answer when the full triage cannot run (degraded mode).

Used when the action server is stopped, crashed or too slow, and when the conversation store is
unreachable. It needs only what the Rasa server already has: the symptom findings of the message and
each symptom's documented urgency floor. An emergency symptom (or the emergency intent) gets "call the
emergency number now"; anything else gets "contact the care team now", with when to call emergency
services. It never answers "nothing to worry about": it cannot know.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.detection import Findings
from bot.knowledge import Knowledge, default_knowledge
from bot.names import Intent
from bot.triage.result import TriageResult
from bot.vocabulary import CATEGORIES, Urgency

EMERGENCY_TEXT = (
    "Call {emergency_number} now, or ask someone near you to call. I can't give you my full answer at "
    "the moment, but what you describe can be an emergency. Tell them you are being treated with "
    "Imdelltra (tarlatamab), then let {care_team_name} know at {care_team_phone}."
)
CONTACT_NOW_TEXT = (
    "Please contact {care_team_name} now at {care_team_phone}. I can't check your message properly at "
    "the moment, so please tell a nurse about it rather than wait. Call {emergency_number} straight away "
    "if there is severe trouble breathing, swelling of the face, lips or throat, a seizure, fainting, "
    "chest pain, bleeding that won't stop, or if the patient becomes very confused or hard to wake."
)


@dataclass(frozen=True)
class DegradedAnswer:
    text: str
    result: TriageResult  # its reasons say why the full triage did not run, e.g. "fallback:action_server_too_slow"

    def metadata(self) -> dict:
        """The triage metadata message, written like a full triage answer's."""
        return self.result.metadata()


def degraded_answer(findings: Findings, intent: str | None, settings: Settings, why: str,
                    knowledge: Knowledge | None = None) -> DegradedAnswer:
    """Emergency for an emergency-floor symptom or the emergency intent, else contact the care team now."""
    knowledge = knowledge or default_knowledge()
    known = [knowledge.symptoms[code] for code in findings.present if code in knowledge.symptoms]
    emergency = intent == Intent.REPORT_EMERGENCY or any(s.urgency == Urgency.EMERGENCY for s in known)
    found = {category for symptom in known for category in symptom.categories}
    template = EMERGENCY_TEXT if emergency else CONTACT_NOW_TEXT
    text = template.format(emergency_number=settings.emergency_number, care_team_name=settings.care_team_name,
                           care_team_phone=settings.care_team_phone)
    return DegradedAnswer(text, TriageResult(
        urgency=Urgency.EMERGENCY if emergency else Urgency.CONTACT_NOW,
        categories=tuple(c for c in CATEGORIES if c in found),
        symptoms=tuple(s.code for s in known),
        negated=findings.negated,
        reasons=(f"fallback:{why}",),
    ))
