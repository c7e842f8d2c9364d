"""The nurse's summary (order, reasons, what the patient was told) and the FHIR R4 export, schema-validated."""
from __future__ import annotations

from datetime import timezone

import pytest
from fhir.resources.bundle import Bundle
from fhir.resources.communication import Communication
from fhir.resources.observation import Observation

from bot.careteam.fhir import conversation_bundle
from bot.careteam.log_store import TriageLog
from bot.careteam.summary import chart_summary, readable_reason, reported_turns
from tests.careteam.conftest import triage, turn

REPLY = ("Please contact the oncology nurse line right now at 555-0100. Do not wait.\n\n"
         "What I understood: fever (38.9 °C); chills.")


@pytest.fixture
def record(log: TriageLog):
    turn(log, "p1", "what is imdelltra", "It is a cancer medicine.", triage("none", guidance_ids=["faq.what_is"]))
    logged = turn(log, "p1", "fever 38.9 and shaking chills", REPLY,
                  triage("contact_now", ["crs", "infection"], ["fever", "chills"], ["rash"],
                         reasons=["floor:fever", "escalation:fever_with_chills"]))
    turn(log, "p1", "also a bit tired", "Tiredness is common.", triage("report_if_bothersome", ["common"], ["fatigue"]))
    log.acknowledge(logged.public_id, "nurse.kim", at=logged.entry.at + 60)
    log.add_note(logged.public_id, "nurse.kim", "Called back.", at=logged.entry.at + 120)
    return log.conversation(logged.public_id)


def test_summary_keeps_the_reported_turns_in_the_phone_order(record):
    text = chart_summary(record, timezone.utc)
    reported = text.index('Reported: "fever 38.9 and shaking chills"')
    urgency = text.index("Urgency: Contact now. Why: floor: fever; escalation: fever with chills")
    told = text.index('Told: contact the care team right now. "Please contact the oncology nurse line right now '
                      'at 555-0100. Do not wait."')
    when = text.index("When: ", told)
    assert reported < urgency < told < when
    assert "Recognised: fever, chills" in text and "Denied: rash" in text
    assert "Highest urgency: Contact now (CRS, infection, common side effect)" in text
    assert "What I understood" not in text, "only the headline of the answer; the rest is in the transcript"
    assert "what is imdelltra" not in text, "questions without a symptom are not part of the summary"
    assert "Acknowledged by nurse.kim" in text and "nurse.kim: Called back." in text
    assert [t.reported for t in reported_turns(record)] == ["fever 38.9 and shaking chills", "also a bit tired"]


def test_summary_says_when_reasons_were_not_recorded(record):
    assert "Urgency: Report if bothersome. Why: not recorded" in chart_summary(record, timezone.utc)


def test_readable_reasons():
    assert readable_reason("escalation:fever_with_confusion") == "escalation: fever with confusion"
    assert readable_reason("floor:fever") == "floor: fever"
    assert readable_reason("no_colon_here") == "no colon here"


def test_fhir_export_is_a_valid_r4_bundle_of_communications_and_observations(record):
    exported = conversation_bundle(record, now=record.overview.last_at)
    bundle = Bundle.parse_obj(exported)  # validates every resource against the FHIR schema
    assert bundle.type == "collection"
    kinds = [entry.resource.resource_type for entry in bundle.entry]
    assert kinds == ["Communication", "Observation", "Communication"] * 2  # two reported turns, not the question
    reported, observation, answer = (entry.resource for entry in bundle.entry[:3])
    assert isinstance(reported, Communication) and reported.payload[0].contentString == "fever 38.9 and shaking chills"
    assert reported.subject.identifier.value == "p1"
    assert isinstance(observation, Observation) and observation.status == "preliminary"
    assert observation.valueCodeableConcept.coding[0].code == "contact_now"
    assert [(c.code.coding[0].code, c.valueBoolean) for c in observation.component] == \
        [("fever", True), ("chills", True), ("rash", False)]
    assert any("escalation: fever with chills" in note.text for note in observation.note)
    assert observation.derivedFrom[0].reference == bundle.entry[0].fullUrl
    assert answer.inResponseTo[0].reference == bundle.entry[0].fullUrl
    assert answer.payload[0].contentString == REPLY
    for entry in exported["entry"]:  # each resource also stands alone
        {"Communication": Communication, "Observation": Observation}[entry["resource"]["resourceType"]].parse_obj(
            entry["resource"])


def test_exporting_twice_gives_the_same_references(record):
    first, second = conversation_bundle(record, now=1.0), conversation_bundle(record, now=2.0)
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]
    assert len({e["fullUrl"] for e in first["entry"]}) == len(first["entry"])


@pytest.mark.parametrize("break_it", [
    lambda bundle: bundle["entry"][1]["resource"].pop("code"),  # required element missing
    lambda bundle: bundle["entry"][0]["resource"].update(sent="yesterday evening"),  # not a FHIR dateTime
    lambda bundle: bundle["entry"][1]["resource"].update(valueBoolean="maybe"),  # wrong type, and a second value[x]
    lambda bundle: bundle["entry"][2]["resource"].update(summary="free text"),  # no such element
], ids=["missing-code", "bad-date", "bad-value", "unknown-element"])
def test_the_validation_would_catch_a_broken_export(record, break_it):
    exported = conversation_bundle(record, now=1.0)
    break_it(exported)
    with pytest.raises(ValueError):
        Bundle.parse_obj(exported)
