"""Every symptom told through everyday frames: a frame around a symptom never hides it, and a frame that negates it,
asks about it or says it is over keeps the answer at `none` (issue 9: "none" must be earned).

The frames were found by sweeping the symptoms below through them after blind sets I and J showed small words
around a symptom read as "absent" or "over" ("my headache stopped me going to work", "the fever has lasted three
days now"), and set K stories told over two sentences; they are our own words, not messages of any evaluation set.
"""
from __future__ import annotations

import pytest

from bot.vocabulary import Urgency
from tests.unit.test_blind_d_classes import urgency_of

SYMPTOMS = ("a headache", "a rash", "a cough", "diarrhoea", "a fever", "the chills", "dizziness", "nausea",
            "a nosebleed", "bruises", "swollen ankles", "yellow eyes", "dark pee", "shortness of breath", "confusion",
            "a sore throat", "tingling in my feet", "a tremor")
# a nosebleed counts even when it has stopped (bleeding that happened is reported)
OVER_STILL_COUNTS = ("a nosebleed",)

PRESENT_FRAMES = (
    "can't tell if it's {s} or not but something's wrong", 'hardly slept, {s} all night', 'barely slept due to {s}',
    "{s} until about an hour ago and it's started again", "used to get {s} years ago, now I've got it again",
    "don't know why but {s} since this morning", "I don't think it's anything but {s}", 'not again, {s}',
    '{s} - not good', '{s} not going', 'no sign of {s} easing', '{s} shows no sign of stopping',
    "can't get rid of {s}", '{s}, not normal for me', "{s} isn't normal is it", "{s}, doesn't feel right",
    'no end to {s}', "{s} won't settle", '{s}, no paracetamol in the house', "I'm not one to complain but {s}",
    "don't want to panic but {s}", 'not being funny but {s}', '{s} every night without fail', '{s} with no warning',
    '{s} for no reason', 'nothing I do stops {s}', 'none of it helps {s}', 'zero improvement with {s}',
    "{s} and it's getting worse", "{s}, it hasn't gone", '{s} since my infusion, nothing helps', 'still got {s}',
    '{s} all day, no let up', "I've had {s} for two days, is that normal?", 'is it normal to still have {s}?',
    '{s} again today', '{s} keeps coming back', "{s} that won't go", "can't shake off {s}",
    '{s}, been like this since Tuesday', 'no sleep because of {s}', "no idea why but I've got {s}",
    'not sure if it matters but I have {s}', 'nothing seems to help {s}', "it's not just {s}, I'm shattered too",
    'hardly slept with {s}', 'never had {s} this bad', "{s} came on after the dose and hasn't stopped",
    'woke up with {s}', '{s} on and off since yesterday', '{s}, no better today', 'got {s} back',
    '{s} went away but came back', '{s}, worse than before', '{s} started after my last dose and is still there',
    "I don't know if it's related but {s}", '{s}, nothing major I hope', 'sorry to bother you, {s}',
    '{s}, but otherwise fine', "apart from {s} I'm ok", 'other than {s}, all good', 'just {s}, nothing else',
    'only {s}', '{s} since I got home, not sure why', 'not had {s} before, got it now', 'never had {s} before today',
    'no fever but {s}', "{s}, haven't taken anything for it", "{s}, didn't want to bother anyone",
    "{s} still hasn't settled", "{s} isn't going away", "the paracetamol hasn't touched {s}",
    "{s} and can't get comfortable", '{s}, no change since this morning',
    "{s} doesn't look like it's going anywhere",
    # stories over two sentences, the second about the first (set K): going on, back, or not over at all
    "{s} since this morning. It's getting worse.", "{s} since the infusion. It hasn't gone away.",
    "{s} last night. It went away, then came back this morning.", "{s} again. It comes and goes.",
    "{s} all day. It's gone on too long.", "{s}. That's never happened before.", "{s}. It won't go away.",
    "{s} yesterday. Still there today.", "{s}. It's not gone yet.", "{s}. It eased a bit but it's still there.",
    "{s}. It's gone a bit better but not right.", "Had {s} on Sunday. Today it's back.",
    "{s}. It's gone 11pm and I'm worried.", "{s}. That was an hour ago and it's still going.",
    "{s}. Lasted all night and still going.", "My husband's got a cold, and I have {s}. Is it catching?",
    "The lady next to me said I looked unwell. I have {s}.", "Years ago I had {s}. Now I have it again.",
    "I had {s} in my twenties. It's back now.",
    # an end or a distant past said of another time, another person or another one, in the next clause
    "{s} today, the one from last week went away.", "{s} tonight, the last time it went away with paracetamol.",
    "{s} again, I had it years ago too.", "{s} today, worse than the one I had years ago.",
    "{s}, last had it in my twenties.", "{s} now, last time it settled in a day.",
    "{s} since Monday, my friend's went away quickly.",
)

NOT_PRESENT_FRAMES = (
    'no {s} today', "haven't had {s}", 'free of {s} this week', 'no sign of {s}', "didn't get {s} this time",
    'not had {s} since Monday', 'no {s} at all, feeling good', 'thankfully no {s}', 'never got {s} after the dose',
    'I had {s} last month but it cleared up', '{s} has completely gone', 'what should I do if I get {s}?',
    'is {s} a side effect?', 'my friend had {s} on this drug', 'without {s} for a week now', '{s} is gone now',
    'the {s} I had has settled', 'no more {s} since Friday', '{s} finally gone',
    # stories over two sentences, the second saying the first is over or long past (set K)
    "I had {s} on Tuesday. It went away by Thursday.", "{s} after the last cycle. Lasted a day and settled.",
    "{s} on Friday. Fine since.", "{s} last week. It's gone now.", "{s} a fortnight ago. All cleared up now.",
    "Years ago, in my twenties, I had {s}.", "I had {s} but that was years ago.",
)


def _sentence(frame: str, symptom: str) -> str:
    text = frame.format(s=symptom)
    return text[0].upper() + text[1:]


@pytest.mark.parametrize("frame", PRESENT_FRAMES)
def test_a_frame_never_hides_the_symptom(frame):
    hidden = [text for text in (_sentence(frame, s) for s in SYMPTOMS) if urgency_of(text) == Urgency.NONE]
    assert not hidden, f"answered none: {hidden}"


@pytest.mark.parametrize("frame", NOT_PRESENT_FRAMES)
def test_a_frame_that_negates_asks_or_ends_keeps_none(frame):
    raised = [text for text in (_sentence(frame, s) for s in SYMPTOMS if s not in OVER_STILL_COUNTS)
              if urgency_of(text) != Urgency.NONE]
    assert not raised, f"not none: {raised}"
