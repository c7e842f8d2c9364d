import pytest

from bot.vitals import find_vital_signs


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
