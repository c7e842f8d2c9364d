import pytest

from bot.vitals import find_vital_signs, follow_up_finding, lone_number, reading_kinds


@pytest.mark.parametrize("text, code", [
    ("bp 88/55, feel ok otherwise", "low_blood_pressure"),
    ("his blood pressure has dropped to 82 over 48", "low_blood_pressure"),
    ("my watch says 125", "fast_heartbeat"),
    ("heart rate 130 bpm", "fast_heartbeat"),
    ("oxygen is 92", "breathing_trouble"),
    ("sats 88%", "severe_breathing_trouble"),
])
def test_abnormal_readings_become_symptoms(text, code):
    assert code in {finding.code for finding in find_vital_signs(text)}


@pytest.mark.parametrize("text", ["bp 120/80", "pulse 72", "oxygen 98%", "dose on 12/05", "I am 38/40 weeks"])
def test_normal_readings_and_other_numbers_are_ignored(text):
    assert find_vital_signs(text) == []


@pytest.mark.parametrize("text, kinds", [
    ("bp 124/78 this morning", ("blood_pressure",)), ("my smartwatch says my heart rate is 72", ("pulse",)),
    ("sats 97", ("oxygen",)), ("feeling fine today", ()),
])
def test_readings_are_known_by_kind_even_when_normal(text, kinds):
    assert reading_kinds(text) == kinds


@pytest.mark.parametrize("text, number", [
    ("just rechecked, 88 now", 88), ("now it says 88", 88), ("its 89%", 89),
    ("took 2 tablets at 10", None), ("88 then 86", None), ("bp 90/60", None),
])
def test_a_lone_number_is_found_only_when_it_is_the_only_number(text, number):
    assert lone_number(text) == number


@pytest.mark.parametrize("kind, value, code", [
    ("oxygen", 88, "severe_breathing_trouble"), ("oxygen", 92, "breathing_trouble"), ("oxygen", 97, None),
    ("pulse", 130, "fast_heartbeat"), ("pulse", 80, None), ("blood_pressure", 85, None),
])
def test_a_number_taken_again_is_read_by_the_kind_before_it(kind, value, code):
    assert follow_up_finding(kind, value) == code
