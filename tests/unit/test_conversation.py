"""The conversation remembers what is urgent: the instruction in force, follow-ups, symptoms across turns."""
from __future__ import annotations

import pytest

from bot.config import Settings
from bot.detection import Findings, Mention, default_detector
from bot.names import Guidance
from bot.replies import write_reply
from bot.triage import Conversation, PatientMessage, TriageResult, carry_over, decide
from bot.vocabulary import Urgency

SETTINGS = Settings(emergency_number="911", care_team_phone="555-0100", care_team_name="the nurse line")
EMERGENCY_HEADLINE = Guidance.headline(Urgency.EMERGENCY)
CONTACT_HEADLINE = Guidance.headline(Urgency.CONTACT_NOW)


class Chat:
    """One conversation through the decision alone, as the triage action runs it, with a clock."""

    def __init__(self) -> None:
        self.conversation = Conversation()
        self.now = 1_700_000_000.0

    def say(self, text: str, intent: str | None = None, confidence: float = 0.9, after_minutes: float = 1):
        self.now += after_minutes * 60
        message = PatientMessage(default_detector().detect(text), intent, confidence, received_at=self.now)
        result = decide(message, self.conversation)
        self.conversation = result.conversation
        return result

    def text(self, result: TriageResult) -> str:
        return write_reply(result, settings=SETTINGS)[0]


@pytest.fixture
def chat() -> Chat:
    return Chat()


@pytest.mark.parametrize("follow_up, intent, answer", [
    ("what should I do?", "faq", "general.followup.ask_what_to_do.emergency"),
    ("can I wait until my appointment tomorrow?", "faq", "general.followup.ask_wait.emergency"),
    ("he's a bit better now", "nlu_fallback", "general.followup.improving.emergency"),
    ("should I go to the ER?", "faq", "general.followup.ask_go_to_hospital.emergency"),
    ("hello", "greet", Guidance.in_force(Urgency.EMERGENCY)),
    ("thanks", "thanks", Guidance.in_force(Urgency.EMERGENCY)),
])
def test_after_an_emergency_every_reply_starts_with_the_emergency_instruction(chat, follow_up, intent, answer):
    assert chat.say("he collapsed and his lips are going blue").urgency == Urgency.EMERGENCY
    result = chat.say(follow_up, intent)
    assert result.urgency == Urgency.EMERGENCY
    assert result.guidance_ids[0] == EMERGENCY_HEADLINE and answer in result.guidance_ids
    assert "in_force:emergency" in result.reasons
    assert Guidance.REDIRECT not in result.guidance_ids and not any(g.startswith("faq.") for g in result.guidance_ids)
    assert chat.text(result).startswith("Call 911 now")
    assert not result.asks_anything_else


def test_the_emergency_reply_itself_does_not_ask_for_anything_else(chat):
    assert not chat.say("my wife is having a seizure").asks_anything_else
    assert chat.say("I've got a rash").asks_anything_else is False  # the emergency is still in force
    other = Chat()
    assert other.say("I have a rash on my arm").asks_anything_else


def test_urgency_never_drops_because_a_milder_symptom_follows(chat):
    assert chat.say("spreading rash and my face is swelling up").urgency == Urgency.EMERGENCY
    result = chat.say("I'm a bit wheezy now")
    assert result.urgency == Urgency.EMERGENCY and "wheezing" in result.symptoms


def test_a_seizure_that_stopped_then_drowsiness_and_disorientation_stays_an_emergency(chat):
    assert chat.say("he had a seizure but it's stopped now").urgency == Urgency.EMERGENCY
    result = chat.say("now he's very drowsy and doesn't seem to know where he is")
    assert result.urgency == Urgency.EMERGENCY


def test_a_follow_up_question_about_a_fever_is_answered_in_its_light(chat):
    assert chat.say("my temperature is 38.6").urgency == Urgency.CONTACT_NOW
    result = chat.say("can I just take something and sleep it off?", "report_common", 1.0)
    assert result.urgency == Urgency.CONTACT_NOW
    assert "tiredness" not in result.symptoms and "asked_about:tiredness" in result.reasons
    assert "general.followup.ask_self_care.contact_now" in result.guidance_ids
    assert "usually not serious" not in chat.text(result) and "hide a fever" in chat.text(result)


@pytest.mark.parametrize("closing, intent", [("ok", "affirm"), ("thanks", "thanks"), ("good night", "goodbye")])
def test_a_contact_now_answer_is_repeated_on_ok_thanks_and_good_night(chat, closing, intent):
    chat.say("I've got chills and a headache")
    result = chat.say(closing, intent)
    assert result.urgency == Urgency.CONTACT_NOW and result.guidance_ids[0] == CONTACT_HEADLINE
    assert Guidance.in_force(Urgency.CONTACT_NOW) in result.guidance_ids
    assert "555-0100" in chat.text(result)


@pytest.mark.parametrize("later, intent, expected_part", [
    ("thanks", "thanks", Guidance.in_force(Urgency.REPORT_IF_BOTHERSOME)),
    ("how's your day going?", "out_of_scope", Guidance.in_force(Urgency.REPORT_IF_BOTHERSOME)),
    ("no fever, no chills", None, Guidance.in_force(Urgency.REPORT_IF_BOTHERSOME)),
    ("can it wait till my next appointment?", None,
     Guidance.follow_up("ask_wait", Urgency.REPORT_IF_BOTHERSOME)),
])
def test_advice_to_keep_an_eye_on_a_common_effect_is_not_dropped_by_small_talk(chat, later, intent, expected_part):
    assert chat.say("a bit constipated this week").urgency == Urgency.REPORT_IF_BOTHERSOME
    result = chat.say(later, intent)
    assert result.urgency == Urgency.REPORT_IF_BOTHERSOME and expected_part in result.guidance_ids
    assert "555-0100" in chat.text(result)


def test_advice_to_keep_an_eye_on_a_common_effect_gives_way_to_a_new_urgent_sign(chat):
    chat.say("food tastes of metal")
    assert chat.say("now I've got a temperature of 38.6").urgency == Urgency.CONTACT_NOW
    assert chat.say("spoke to the nurse, all sorted").urgency == Urgency.NONE


@pytest.mark.parametrize("word", ["I spoke to the nurse", "he's fine now, the nurse said so"])
def test_it_steps_down_on_the_patients_word_with_an_acknowledgement(chat, word):
    chat.say("she passed out and won't wake up")
    result = chat.say(word)
    assert result.urgency == Urgency.NONE and "resolved:reached_care_team" in result.reasons
    assert result.guidance_ids[0] == Guidance.resolved("reached_care_team")
    assert result.conversation.in_force is None
    assert chat.say("hello", "greet").urgency == Urgency.NONE


@pytest.mark.parametrize("word", ["I called 911", "the ambulance is here"])
def test_when_the_crew_takes_an_emergency_over_the_care_team_must_still_hear(chat, word):
    chat.say("she passed out and won't wake up")
    result = chat.say(word)
    assert result.urgency == Urgency.CONTACT_NOW and "care_team_still_to_hear" in result.reasons
    assert result.guidance_ids[0] == Guidance.resolved("called_emergency")  # the thanks leads, no "call now"
    assert result.conversation.in_force.urgency == Urgency.CONTACT_NOW
    assert chat.say("hello", "greet").urgency == Urgency.CONTACT_NOW
    assert chat.say("I've let the oncology nurse know too").urgency == Urgency.NONE


@pytest.mark.parametrize("not_yet", ["I haven't called 911 yet", "should I call 911?", "I'll call an ambulance"])
def test_words_that_are_not_done_do_not_end_it(chat, not_yet):
    chat.say("he's having a seizure")
    assert chat.say(not_yet).urgency == Urgency.EMERGENCY


def test_information_adds_up_across_turns(chat):
    assert chat.say("my temperature was 38.4 this morning").urgency == Urgency.CONTACT_NOW
    result = chat.say("and now I'm confused, I keep forgetting what I'm doing", after_minutes=30)
    assert result.urgency == Urgency.EMERGENCY
    assert "escalation:fever_with_confusion" in result.reasons and "earlier:fever" in result.reasons


def test_a_symptom_said_to_be_gone_is_not_remembered(chat):
    chat.say("I've got a fever")
    chat.say("I spoke to the nurse")
    chat.say("the fever has gone now")
    assert chat.say("I feel a bit confused").urgency == Urgency.CONTACT_NOW


def test_symptoms_are_remembered_only_within_the_window(chat):
    chat.say("I had chills earlier")
    chat.say("I spoke to the nurse")
    later = chat.say("I'm really confused", after_minutes=25 * 60)
    assert later.urgency == Urgency.CONTACT_NOW and "escalation:fever_with_confusion" not in later.reasons


def test_an_emergency_ends_after_its_time_window_and_a_contact_now_lasts_longer(chat):
    chat.say("he had a seizure")
    assert chat.say("hello", "greet", after_minutes=90).urgency == Urgency.EMERGENCY
    expired = chat.say("hello", "greet", after_minutes=60)
    assert expired.urgency == Urgency.NONE and "in_force_expired:emergency" in expired.reasons
    other = Chat()
    other.say("I've got a fever")
    assert other.say("thanks", "thanks", after_minutes=6 * 60).urgency == Urgency.CONTACT_NOW


def test_a_new_session_keeps_an_emergency_from_the_last_hour():
    chat = Chat()
    chat.say("she's not breathing properly, her lips are blue")
    kept = carry_over(chat.conversation, chat.now + 30 * 60)
    assert kept.in_force is not None and kept.in_force.urgency == Urgency.EMERGENCY and not kept.introduced
    assert carry_over(chat.conversation, chat.now + 5 * 3600).in_force is None


def test_the_state_survives_the_slots_and_bad_slot_values_are_dropped(chat):
    chat.say("I've got a fever and a rash")
    slots = chat.conversation.slots()
    assert slots["urgency_in_force"] == "contact_now"
    assert Conversation.from_slots(slots) == chat.conversation
    broken = Conversation.from_slots({"in_force": {"urgency": "purple"}, "earlier_symptoms": ["x", {"code": 3}]})
    assert broken.in_force is None and broken.earlier == ()


def test_no_reading_after_the_question_keeps_the_fever_even_with_another_symptom(chat):
    assert chat.say("I feel feverish").conversation.awaiting_temperature
    result = chat.say("I don't have a thermometer, and I've lost my appetite", "deny")
    assert "fever" in result.symptoms and result.urgency == Urgency.CONTACT_NOW
    assert "followup:no_temperature_reading" in result.reasons


def test_yes_or_ok_while_an_instruction_is_in_force_gets_the_reminder_and_room_to_say_more(chat):
    chat.say("my gums keep bleeding")
    result = chat.say("yes", "affirm")
    assert result.urgency == Urgency.CONTACT_NOW and result.guidance_ids[-2:] == (
        "general.go_on", "general.when_to_call_emergency")


@pytest.mark.parametrize("word", ["went to A&E, the doctor checked me over and said it's fine",
                                  "spoke to my nurse, she's arranging for me to be seen",
                                  "ok i've spoken to the nurse now"])
def test_more_ways_of_saying_help_was_reached(chat, word):
    chat.say("I fainted in the kitchen")
    result = chat.say(word)
    assert result.urgency < Urgency.EMERGENCY and any(r.startswith("resolved:") for r in result.reasons)


def test_a_bare_number_after_an_oxygen_reading_is_the_oxygen_again(chat):
    assert chat.say("my oxygen is 93").urgency == Urgency.CONTACT_NOW
    result = chat.say("just rechecked, 88 now")
    assert result.urgency == Urgency.EMERGENCY and "reading:oxygen_again(88)" in result.reasons
    assert chat.say("86 now").urgency == Urgency.EMERGENCY  # still read as oxygen
    assert chat.conversation.last_reading == "oxygen"


def test_a_bare_number_is_not_a_reading_once_the_talk_has_moved_on(chat):
    chat.say("pulse 90")
    chat.say("I feel a bit tired")
    assert chat.conversation.last_reading is None
    assert chat.say("130").urgency < Urgency.CONTACT_NOW


@pytest.mark.parametrize("text", ["bp 124/78 this morning", "my smartwatch says my heart rate is 72", "sats 97"])
def test_a_normal_reading_is_not_an_unclear_symptom_when_the_classifier_only_heard_the_reading(chat, text):
    result = chat.say(text, "report_crs", 0.95)
    assert result.urgency == Urgency.NONE and not any(r.startswith("classifier") for r in result.reasons)


def test_a_normal_reading_does_not_silence_a_classifier_that_hears_something_else(chat):
    result = chat.say("bp 124/78 but something is badly wrong with him", "report_emergency", 0.95)
    assert result.urgency == Urgency.EMERGENCY


def test_a_message_naming_no_symptom_speaks_of_the_bleed_told_before(chat):
    assert chat.say("nosebleed this morning, it stopped on its own").urgency == Urgency.CONTACT_NOW
    result = chat.say("it's back again and won't stop")
    assert result.urgency == Urgency.EMERGENCY and "modifier:bleeding_goes_on:nosebleed" in result.reasons


def test_asked_for_a_temperature_a_fever_said_to_be_over_still_counts():
    """Found by hypothesis: "it's all gone now" in answer to "what is your temperature?" ended the safe answer."""
    awaiting = Conversation(awaiting_temperature=True)
    over = Findings((Mention("fever", "fever", 0, 5, resolved=True),))
    denied = Findings((Mention("fever", "fever", 0, 5, negated=True),))
    assert decide(PatientMessage(over, received_at=10_000), awaiting).urgency == Urgency.CONTACT_NOW
    assert decide(PatientMessage(denied, received_at=10_000), awaiting).urgency == Urgency.NONE
