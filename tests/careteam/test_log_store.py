"""The triage log: what a turn stores, idempotency, the inbox order, filters, acknowledgement and notes."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.careteam.events import parse_event
from bot.careteam.log_store import InboxFilter, TriageLog
from bot.careteam.schema import connect
from bot.vocabulary import Urgency
from tests.careteam.conftest import bot_event, triage, turn, user_event

FEVER = triage("contact_now", ["crs", "infection"], ["fever", "chills"], guidance_ids=["crs.contact_now"],
               reasons=["floor:fever", "floor:chills"])
SEIZURE = triage("emergency", ["icans"], ["seizure"], reasons=["floor:seizure"])
TIRED = triage("report_if_bothersome", ["common"], ["fatigue"])
QUESTION = triage("none", guidance_ids=["faq.what_is"])


def _ids(log: TriageLog, wanted: InboxFilter | None = None) -> list[str]:
    return [row.conversation_id for row in log.conversations(wanted)]


def test_a_turn_stores_the_outcome_with_the_patients_words_the_reply_and_the_channel(log: TriageLog):
    logged = turn(log, "p1", "fever 38.9 and shaking chills", "Please contact the care team now.", FEVER,
                  channel="twilio")
    assert logged is not None and logged.conversation_id == "p1" and len(logged.public_id) == 32
    entry = logged.entry
    assert entry.urgency is Urgency.CONTACT_NOW and entry.channel == "twilio"
    assert entry.message == "fever 38.9 and shaking chills"
    assert entry.reply == "Please contact the care team now."  # not the follow-up question after the triage message
    assert entry.reasons == ("floor:fever", "floor:chills") and entry.guidance_ids == ("crs.contact_now",)
    record = log.conversation(logged.public_id)
    assert record is not None and record.triage == (entry,)
    assert [(line.sender, line.text) for line in record.transcript] == [
        ("patient", "fever 38.9 and shaking chills"), ("assistant", "Please contact the care team now."),
        ("assistant", "Is there anything else?")]


def test_a_redelivered_event_is_stored_once_and_raises_no_second_outcome(log: TriageLog):
    events = [user_event("p1", "my gums bleed"), bot_event("p1", "Call the care team."),
              bot_event("p1", triage=triage("contact_now", ["bleeding"], ["bleeding_gums"]))]
    first = [log.record(parse_event(event)) for event in events]
    again = [log.record(parse_event(event)) for event in events]
    assert first[-1] is not None and again == [None, None, None]
    record = log.conversation(first[-1].public_id)
    assert len(record.triage) == 1 and len(record.transcript) == 2


def test_urgent_unacknowledged_first_most_urgent_first_then_newest(log: TriageLog):
    turn(log, "urgent-old", "fever", "r", FEVER)
    turn(log, "emergency", "seizure", "r", SEIZURE)
    turn(log, "calm-new", "tired", "r", TIRED)
    assert _ids(log) == ["emergency", "urgent-old", "calm-new"]
    emergency = log.conversations()[0]
    assert emergency.needs_attention and emergency.highest_urgency is Urgency.EMERGENCY

    assert log.acknowledge(emergency.public_id, "nurse.kim", at=emergency.last_at + 0.5)
    assert _ids(log) == ["urgent-old", "calm-new", "emergency"]
    acknowledged = log.conversations()[-1]
    assert not acknowledged.needs_attention and acknowledged.acknowledged_by == "nurse.kim"

    turn(log, "emergency", "now I can't breathe", "r", SEIZURE)  # a new urgent turn after the acknowledgement
    assert _ids(log)[0] == "emergency" and log.conversations()[0].needs_attention


def test_conversations_without_a_triage_outcome_are_not_listed(log: TriageLog):
    log.record(parse_event(user_event("hello-only", "hi")))
    turn(log, "question", "what is imdelltra", "It is ...", QUESTION)
    assert _ids(log) == ["question"]


def test_filters_by_urgency_category_channel_and_dates(log: TriageLog):
    turn(log, "sms-fever", "fever", "r", FEVER, channel="twilio")
    turn(log, "web-seizure", "seizure", "r", SEIZURE, channel="socketio")
    turn(log, "web-tired", "tired", "r", TIRED, channel="socketio")
    assert _ids(log, InboxFilter(urgency=Urgency.EMERGENCY)) == ["web-seizure"]
    assert _ids(log, InboxFilter(category="infection")) == ["sms-fever"]
    assert _ids(log, InboxFilter(category="common")) == ["web-tired"]
    assert set(_ids(log, InboxFilter(channel="socketio"))) == {"web-seizure", "web-tired"}
    assert log.channels() == ["socketio", "twilio"]
    everyone = log.conversations()
    newest = max(row.last_at for row in everyone)
    assert _ids(log, InboxFilter(since=newest + 1)) == []
    assert set(_ids(log, InboxFilter(until=newest + 1))) == {"sms-fever", "web-seizure", "web-tired"}
    assert _ids(log, InboxFilter(until=min(row.first_at for row in everyone))) == []


def test_category_filter_matches_whole_names_only(log: TriageLog):
    turn(log, "p1", "fever", "r", FEVER)
    assert _ids(log, InboxFilter(category="crs")) == ["p1"]
    assert _ids(log, InboxFilter(category="cr")) == []
    assert _ids(log, InboxFilter(category="%")) == []


def test_notes_are_kept_in_order_with_their_author(log: TriageLog):
    public_id = turn(log, "p1", "fever", "r", FEVER).public_id
    assert log.add_note(public_id, "nurse.kim", "Called back, going to the ED.", at=2_000_000_000)
    assert log.add_note(public_id, "dr.lee", "Seen in the ED.", at=2_000_000_100)
    notes = log.conversation(public_id).notes
    assert [(n.author, n.text) for n in notes] == [("nurse.kim", "Called back, going to the ED."),
                                                   ("dr.lee", "Seen in the ED.")]
    assert not log.add_note("0" * 32, "nurse.kim", "nowhere", at=1)
    assert not log.acknowledge("0" * 32, "nurse.kim", at=1)
    assert log.conversation("0" * 32) is None


def test_a_database_error_does_not_put_conversation_ids_in_the_message(tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'careteam.db'}")
    with pytest.raises(sa.exc.DBAPIError) as failure, engine.connect() as connection:
        connection.execute(sa.text("SELECT * FROM no_such_table WHERE id = :id"), {"id": "patient-41e9f728"})
    assert "patient-41e9f728" not in str(failure.value)  # Rasa and our handlers log this text
