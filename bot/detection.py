"""Symptom detection: text in, symptom mentions (with negation), abnormal vital signs and any temperature out."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.knowledge import Knowledge, default_knowledge
from bot.names import SignalCode
from bot.nlp.language import default_language_words, written_in_another_language
from bot.nlp.pipeline import build_pipeline, lower_preserving_offsets
from bot.nlp.signal_matcher import SIGNAL_SPAN_KEY
from bot.nlp.symptom_matcher import EXCLUDED_SPAN_KEY, SPAN_KEY
from bot.temperature import Temperature, highest_temperature, implausible_temperatures
from bot.vitals import find_vital_signs, implausible_vitals, lone_number, reading_kinds

MAX_TEXT_CHARS = 20_000
FIGURE_OF_SPEECH = "figure_of_speech"


@dataclass(frozen=True)
class Mention:
    """One symptom found in the text: a phrase, or a home reading outside the safe range (`measured`)."""

    code: str
    text: str
    start: int
    end: int
    negated: bool = False
    hypothetical: bool = False  # asked about, or about someone else or the distant past
    measured: bool = False
    resolved: bool = False  # the patient says it is over ("the headache has gone")

    @property
    def is_present(self) -> bool:
        return not (self.negated or self.hypothetical or self.resolved)


@dataclass(frozen=True)
class Findings:
    """What a message says about symptoms, as written (the triage decision interprets it).

    `signals` are the conversation signals found (signals.yml), as mentions with the same context roles.
    """

    mentions: tuple[Mention, ...]
    temperature: Temperature | None = None
    signals: tuple[Mention, ...] = ()
    figures_of_speech: tuple[Mention, ...] = ()  # the lexicon's exclusions found ("a pain in the neck")
    implausible_readings: tuple[str, ...] = ()  # readings no body can have ("temperature 1000 °F")
    reading_kinds: tuple[str, ...] = ()  # home readings given, normal or not: blood_pressure, pulse, oxygen
    lone_number: int | None = None  # the message's only number ("now it says 88"): maybe a reading taken again
    said: frozenset[str] = frozenset()  # what the message says as a whole (context_rules.yml): "own_risk", ...

    @property
    def someone_elses_illness(self) -> bool:
        """The writer asks what someone else's illness means for them ("my wife has flu, is that a risk for me?")."""
        return "own_risk" in self.said

    def has_signal(self, code: str) -> bool:
        """True when the signal is said as a fact (not negated, not asked about)."""
        return any(s.code == code and s.is_present for s in self.signals)

    @property
    def present(self) -> tuple[str, ...]:
        """Codes the patient reports having, in order of first mention, without duplicates."""
        return tuple(dict.fromkeys(m.code for m in self.mentions if m.is_present))

    @property
    def negated(self) -> tuple[str, ...]:
        """Codes mentioned only as absent or over."""
        present = set(self.present)
        return tuple(dict.fromkeys(m.code for m in self.mentions
                                   if (m.negated or m.resolved) and m.code not in present))

    @property
    def hypothetical(self) -> tuple[str, ...]:
        """Codes only asked about ("what if I get a rash"), not reported."""
        present = set(self.present) | set(self.negated)
        return tuple(dict.fromkeys(m.code for m in self.mentions if m.hypothetical and m.code not in present))


class SymptomDetector:
    """Runs the rule-based spaCy pipeline and the temperature parser over a message."""

    def __init__(self, knowledge: Knowledge | None = None) -> None:
        self.knowledge = knowledge or default_knowledge()
        self.nlp = build_pipeline(self.knowledge)
        self.languages = default_language_words()  # checked at start-up, like the rest of bot/data

    def detect(self, text: str) -> Findings:
        text = (text or "")[:MAX_TEXT_CHARS]
        doc = self.nlp(lower_preserving_offsets(text))
        def found(key: str) -> tuple[Mention, ...]:
            return tuple(Mention(code=span.label_, text=text[span.start_char:span.end_char], start=span.start_char,
                                 end=span.end_char, negated=span._.negated, hypothetical=span._.hypothetical,
                                 resolved=span._.resolved)
                         for span in doc.spans[key])
        measured = tuple(Mention(code=v.code, text=v.text, start=v.start, end=v.end, measured=True)
                         for v in find_vital_signs(text))
        figures = tuple(Mention(code=FIGURE_OF_SPEECH, text=text[span.start_char:span.end_char],
                                start=span.start_char, end=span.end_char) for span in doc.spans[EXCLUDED_SPAN_KEY])
        signals = found(SIGNAL_SPAN_KEY)
        foreign = SignalCode.ANOTHER_LANGUAGE
        if written_in_another_language(text, self.languages) and not any(s.code == foreign for s in signals):
            signals += (Mention(code=foreign, text=text, start=0, end=len(text)),)
        return Findings(mentions=found(SPAN_KEY) + measured, temperature=highest_temperature(text),
                        signals=signals, figures_of_speech=figures,
                        implausible_readings=tuple(implausible_temperatures(text) + implausible_vitals(text)),
                        reading_kinds=reading_kinds(text), lone_number=lone_number(text), said=doc._.said)


@lru_cache(maxsize=1)
def default_detector() -> SymptomDetector:
    """One detector per process (building the pipeline takes about a second)."""
    return SymptomDetector()
