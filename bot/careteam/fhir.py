"""One conversation as a FHIR R4 Bundle (type `collection`) that an EHR integration can take.

For each turn in which a symptom was reported: the patient's message (Communication), the triage
outcome (Observation: urgency as the value, each symptom as a component, present or denied, the
reasons as a note) and the assistant's answer (Communication). The patient is referred to by the
conversation id (identifier system below): matching it to a chart is the integration's job.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from bot.careteam.records import URGENCY_TITLES, ConversationRecord, TriageEntry, symptom_title
from bot.careteam.summary import readable_reason

SYSTEM = "urn:imdelltra-triage"
CONVERSATION_SYSTEM = f"{SYSTEM}:conversation"
URGENCY_SYSTEM = f"{SYSTEM}:urgency"
SYMPTOM_SYSTEM = f"{SYSTEM}:symptom"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ASSISTANT = {"display": "Imdelltra side-effect triage assistant (automated)"}


def conversation_bundle(record: ConversationRecord, now: float) -> dict[str, Any]:
    """The Bundle as a JSON-ready dictionary."""
    overview = record.overview
    patient = {"identifier": {"system": CONVERSATION_SYSTEM, "value": overview.conversation_id},
               "display": f"Patient in assistant conversation {overview.public_id[:8]}"}
    entries: list[dict[str, Any]] = []
    for index, entry in enumerate(record.triage):
        if not entry.reports_symptoms:
            continue
        ids = {kind: _urn(overview.public_id, index, kind) for kind in ("reported", "triage", "answer")}
        entries += [_entry(ids["reported"], _reported(entry, patient)),
                    _entry(ids["triage"], _observation(entry, patient, ids["reported"])),
                    _entry(ids["answer"], _answer(entry, patient, ids["reported"]))]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "identifier": {"system": CONVERSATION_SYSTEM, "value": overview.public_id},
        "timestamp": _instant(now),
        "entry": entries,
    }


def _reported(entry: TriageEntry, patient: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Communication", "status": "completed",
            "category": [{"text": "Patient-reported side effect"}], "subject": patient, "sender": patient,
            "recipient": [ASSISTANT], "sent": _instant(entry.reported_at or entry.at),
            "payload": [{"contentString": entry.message}]}


def _observation(entry: TriageEntry, patient: dict[str, Any], reported: str) -> dict[str, Any]:
    observation: dict[str, Any] = {
        "resourceType": "Observation", "status": "preliminary",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {"text": "Imdelltra side-effect triage urgency (automated, from the patient's own words)"},
        "subject": patient, "effectiveDateTime": _instant(entry.reported_at or entry.at),
        "issued": _instant(entry.at), "performer": [ASSISTANT],
        "valueCodeableConcept": {"coding": [{"system": URGENCY_SYSTEM, "code": entry.urgency.label,
                                             "display": URGENCY_TITLES[entry.urgency]}],
                                 "text": URGENCY_TITLES[entry.urgency]},
        "derivedFrom": [{"reference": reported}],
    }
    components = [_symptom(code, True) for code in entry.symptoms] + [_symptom(code, False) for code in entry.negated]
    if components:
        observation["component"] = components
    notes = [f"Categories: {', '.join(entry.categories)}"] if entry.categories else []
    if entry.reasons:
        notes.append("Why: " + "; ".join(readable_reason(r) for r in entry.reasons))
    if notes:
        observation["note"] = [{"text": text} for text in notes]
    return observation


def _answer(entry: TriageEntry, patient: dict[str, Any], reported: str) -> dict[str, Any]:
    return {"resourceType": "Communication", "status": "completed", "inResponseTo": [{"reference": reported}],
            "category": [{"text": "Automated triage advice"}], "subject": patient, "sender": ASSISTANT,
            "recipient": [patient], "sent": _instant(entry.at),
            "payload": [{"contentString": entry.reply or URGENCY_TITLES[entry.urgency]}]}


def _symptom(code: str, present: bool) -> dict[str, Any]:
    return {"code": {"coding": [{"system": SYMPTOM_SYSTEM, "code": code}], "text": symptom_title(code)},
            "valueBoolean": present}


def _entry(full_url: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": full_url, "resource": resource}


def _urn(public_id: str, index: int, kind: str) -> str:
    """Stable ids: exporting the same conversation twice gives the same references."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{SYSTEM}/{public_id}/{index}/{kind}')}"


def _instant(at: float) -> str:
    return datetime.fromtimestamp(at, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
