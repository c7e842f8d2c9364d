"""Twilio SMS and WhatsApp on loopback: signed form-encoded webhooks in, REST API calls to a stand-in out."""
from __future__ import annotations

import uuid

import pytest
import requests
from twilio.request_validator import RequestValidator

from bot.sms import SMS_TRIAGE_LIMIT, is_gsm7, septets
from tests.channels.conftest import CHANNEL_ENV
from tests.channels.vendor_requests import post_twilio, sms_form

pytestmark = pytest.mark.e2e
NUMBER = CHANNEL_ENV["TWILIO_NUMBER"]


def new_phone() -> str:
    return "+1555" + str(uuid.uuid4().int)[:7]


def post_sms(channels, sender: str, body: str, to: str = NUMBER, signature: str | None = None) -> requests.Response:
    return post_twilio(channels, sms_form(sender, body, to), signature=signature)


def sms_to(vendors, phone: str) -> list:
    return vendors.requests("twilio", lambda r: r.form.get("To") == [phone])


def bodies(records) -> list[str]:
    return [r.form["Body"][0] for r in records]


def test_first_contact_emergency_sms_is_one_message_with_911_first_and_the_introduction_after(channels, vendors):
    phone = new_phone()
    response = post_sms(channels, phone, "my husband just had a seizure and wont wake up")
    assert response.status_code == 204, response.text
    sent = sms_to(vendors, phone)
    assert all(r.method == "POST" and r.path == f"/2010-04-01/Accounts/{CHANNEL_ENV['TWILIO_ACCOUNT_SID']}/Messages.json"
               for r in sent)
    assert all(r.form["From"] == [NUMBER] for r in sent)
    assert all(r.headers["Authorization"].startswith("Basic ") for r in sent)
    texts = bodies(sent)
    assert len(texts) == 1 and texts[0].startswith("CALL 911 NOW"), texts  # nothing can overtake it
    assert septets(texts[0]) <= SMS_TRIAGE_LIMIT and is_gsm7(texts[0]) and "Imdelltra" in texts[0]
    assert "automated helper, not a nurse" in texts[0]
    assert texts[0].index("CALL 911 NOW") < texts[0].index("automated helper")
    assert not any("{" in t or "triage" in t or "urgency" in t for t in texts), texts
    assert not any("**" in t or "/affirm" in t for t in texts), texts


def test_a_digit_answers_the_numbered_options(channels, vendors):
    phone = new_phone()
    post_sms(channels, phone, "hi there, my gums keep bleeding")
    texts = bodies(sms_to(vendors, phone))
    assert any(t.startswith("Call your care team NOW: 555-0100") for t in texts), texts
    assert texts[-1].endswith("1: Yes\n2: No, that's all\nReply with the number."), texts
    before = len(texts)
    assert post_sms(channels, phone, "2").status_code == 204
    answer = bodies(sms_to(vendors, phone))[before:]
    # "No, that's all" while the contact-now instruction is in force: the reminder, not a goodbye
    assert answer and answer[0].startswith("Call your care team NOW: 555-0100") and "Reminder" in answer[0], answer


def test_whatsapp_is_answered_from_the_whatsapp_number(channels, vendors):
    patient, business = "whatsapp:" + new_phone(), "whatsapp:" + NUMBER
    post_sms(channels, patient, "had my infusion this morning and now I've got chills and a racing heart", to=business)
    sent = sms_to(vendors, patient)
    assert sent and all(r.form["From"] == [business] for r in sent)
    assert any(t.startswith("Call your care team NOW: 555-0100") for t in bodies(sent))


def test_a_request_with_a_bad_signature_is_rejected_and_nothing_is_sent(channels, vendors):
    phone = new_phone()
    forged = RequestValidator("not-the-auth-token").compute_signature(
        f"{channels.rasa_url}/webhooks/twilio/webhook", {"From": phone, "Body": "I have a fever"})
    assert post_sms(channels, phone, "I have a fever", signature=forged).status_code == 403
    unsigned = requests.post(f"{channels.rasa_url}/webhooks/twilio/webhook",
                             data={"From": phone, "To": NUMBER, "Body": "I have a fever"}, timeout=30)
    assert unsigned.status_code == 403
    assert sms_to(vendors, phone) == []
