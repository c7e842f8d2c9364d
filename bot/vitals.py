"""Home measurements in free text (blood pressure, pulse, oxygen) turned into symptom codes.

Thresholds follow the facts sheet: systolic pressure under 90 mmHg (or 100 and under when the
patient says it is normally 30 higher) and oxygen saturation under 90 % are urgent in
bispecific-antibody home monitoring (ASH tables); a resting pulse over 100 is a fast heartbeat.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

LOW_SYSTOLIC = 90
# A systolic reading of 100 or less and this far under the patient's own usual one ("92/58, I'm normally in
# the 130s") is low for them: MedGuide lists low blood pressure; ASH tables judge home readings against the
# baseline; qSOFA counts a systolic of 100 or less as a sepsis sign.
LOW_FOR_THEM_SYSTOLIC = 100
DROP_FROM_USUAL = 30
FAST_PULSE = 100
LOW_OXYGEN_EMERGENCY = 90
LOW_OXYGEN = 94

_BLOOD_PRESSURE = re.compile(r"(?<![\d/.])(\d{2,3})\s*(?:/|over)\s*(\d{2,3})(?![\d/])", re.IGNORECASE)
_USUAL_SYSTOLIC = re.compile(r"\b(?:normally|usually|typically|my normal|normal for me|usual)\b[^.\d]{0,20}?(\d{2,3})",
                             re.IGNORECASE)
_PULSE = re.compile(
    r"(?:\b(?:heart ?rate|pulse|hr|heart|watch|monitor)\b[^.\d]{0,25}?(\d{2,3})(?!\s*(?:/|over|%|°|\.\d))\b)"
    r"|(?:(\d{2,3})\s*(?:bpm|beats))",
    re.IGNORECASE,
)
# What patients call the oxygen meter ("the finger clip thing", "my daughter's finger monitor").
_OXYGEN_DEVICE = (r"oxygen|o2|sats?|saturation|spo2|oximeter|pulse ?ox|"
                  r"finger (?:clip|monitor|probe|sensor|thing|meter|gadget)")
_OXYGEN = re.compile(r"\b(?:" + _OXYGEN_DEVICE + r")\b[^.\d]{0,45}?(\d{2,3})\s*%?", re.IGNORECASE)
_OXYGEN_NAMED = re.compile(r"\b(?:" + _OXYGEN_DEVICE + r")\b", re.IGNORECASE)


# A message that is one number and a few words ("88 now", "sitting down and its 89"): a follow-up reading.
_LONE_NUMBER = re.compile(r"(?<![\d/.,:])\b(\d{2,3})\b(?![\d/.,:])\s*%?")


@dataclass(frozen=True)
class VitalFinding:
    """A measurement outside the safe range, as a lexicon symptom code."""

    code: str
    text: str
    start: int
    end: int


def implausible_vitals(text: str) -> list[str]:
    """Pulse or oxygen readings no body can have ("oxygen 300 %", "heart rate 9999"): worth a recheck."""
    found = [m.group(0) for m in _PULSE.finditer(text) if int(m.group(1) or m.group(2)) > 250]
    return found + [m.group(0) for m in _OXYGEN.finditer(text) if int(m.group(1)) > 100]


def find_vital_signs(text: str) -> list[VitalFinding]:
    """Abnormal blood pressure, pulse and oxygen readings in text."""
    found = []
    for match in _BLOOD_PRESSURE.finditer(text):
        systolic, diastolic = int(match.group(1)), int(match.group(2))
        if 50 <= systolic <= 260 and 20 <= diastolic < systolic and (systolic < LOW_SYSTOLIC
                                                                      or _far_under_usual(text, systolic)):
            found.append(VitalFinding("low_blood_pressure", match.group(0), match.start(), match.end()))
    for match in _PULSE.finditer(text):
        value = int(match.group(1) or match.group(2))
        if FAST_PULSE < value <= 250:
            found.append(VitalFinding("fast_heartbeat", match.group(0), match.start(), match.end()))
    for match in _OXYGEN.finditer(text):
        value = int(match.group(1))
        if 50 <= value < LOW_OXYGEN_EMERGENCY:
            found.append(VitalFinding("severe_breathing_trouble", match.group(0), match.start(), match.end()))
        elif LOW_OXYGEN_EMERGENCY <= value < LOW_OXYGEN:
            found.append(VitalFinding("breathing_trouble", match.group(0), match.start(), match.end()))
    return found


def _far_under_usual(text: str, systolic: int) -> bool:
    """Whether the message gives a usual systolic pressure well above this reading."""
    usual = [int(m.group(1)) for m in _USUAL_SYSTOLIC.finditer(text)]
    return systolic <= LOW_FOR_THEM_SYSTOLIC and any(90 <= value <= 260 and value - systolic >= DROP_FROM_USUAL
                                                     for value in usual)


def reading_kinds(text: str) -> tuple[str, ...]:
    """Which kinds of home reading the text gives, normal or not ("bp 124/78" -> blood_pressure).

    An oxygen meter named without a number ("going to check with the finger monitor") announces an oxygen
    reading: the number that follows is read as one.
    """
    kinds = [kind for kind, pattern in (("blood_pressure", _BLOOD_PRESSURE), ("pulse", _PULSE), ("oxygen", _OXYGEN))
             if pattern.search(text)]
    if "oxygen" not in kinds and _OXYGEN_NAMED.search(text) and not re.search(r"\d", text):
        kinds.append("oxygen")
    return tuple(kinds)


def lone_number(text: str) -> int | None:
    """The only number in a short message, if it has exactly one ("just rechecked, 88 now")."""
    numbers = _LONE_NUMBER.findall(text)
    return int(numbers[0]) if len(numbers) == 1 and len(re.findall(r"\d+", text)) == 1 else None


# Symptoms that keep the talk on a reading ("oxygen 96" ... "bit puffed walking to the loo" ... "its 89").
SYMPTOMS_OF_READING = {
    "oxygen": frozenset({"breathing_trouble", "severe_breathing_trouble", "wheezing", "chest_pain"}),
    "pulse": frozenset({"fast_heartbeat", "dizziness", "feeling_faint", "chest_pain"}),
    "blood_pressure": frozenset({"low_blood_pressure", "dizziness", "feeling_faint", "weakness"}),
}


def follow_up_finding(kind: str, value: int) -> str | None:
    """The symptom code of a bare number read as another reading of the kind given just before."""
    if kind == "oxygen" and 50 <= value < LOW_OXYGEN_EMERGENCY:
        return "severe_breathing_trouble"
    if kind == "oxygen" and LOW_OXYGEN_EMERGENCY <= value < LOW_OXYGEN:
        return "breathing_trouble"
    if kind == "pulse" and FAST_PULSE < value <= 250:
        return "fast_heartbeat"
    return None
