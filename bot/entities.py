"""Findings <-> Rasa entity dicts: how detection results travel from the NLU pipeline to the actions."""
from __future__ import annotations

from typing import Any, Iterable

from bot.detection import FIGURE_OF_SPEECH, Findings, Mention
from bot.temperature import Temperature

SYMPTOM_ENTITY = "symptom"
SIGNAL_ENTITY = "signal"
IMPLAUSIBLE_ENTITY = "implausible_reading"  # "temperature 1000 °F": a reading to check again
FIGURE_ENTITY = FIGURE_OF_SPEECH  # an exclusion of the lexicon: words that look like a symptom and are not
TEMPERATURE_ENTITY = "temperature"
READING_ENTITY = "reading"  # the kind of a home reading given, normal or not ("bp 124/78" -> blood_pressure)
LONE_NUMBER_ENTITY = "lone_number"  # the message's only number ("now it says 88")
SAID_ENTITY = "said"  # what the message says as a whole ("own_risk": someone else's illness asked about)
NEGATED_ROLE = "negated"
HYPOTHETICAL_ROLE = "hypothetical"
MEASURED_ROLE = "measured"  # a home reading outside the safe range ("bp 85/50")
RESOLVED_ROLE = "resolved"  # the patient says it is over ("the rash has cleared up")


def to_entities(findings: Findings, extractor: str) -> list[dict[str, Any]]:
    """Rasa entities for every mention and signal (context carried as a role) and the temperature."""
    entities = []
    tagged = [(SYMPTOM_ENTITY, m) for m in findings.mentions] + [(SIGNAL_ENTITY, s) for s in findings.signals]
    for kind, mention in tagged:
        entity = {"entity": kind, "value": mention.code, "start": mention.start, "end": mention.end,
                  "confidence_entity": 1.0, "extractor": extractor}
        if mention.negated:
            entity["role"] = NEGATED_ROLE
        elif mention.hypothetical:
            entity["role"] = HYPOTHETICAL_ROLE
        elif mention.resolved:
            entity["role"] = RESOLVED_ROLE
        elif mention.measured:
            entity["role"] = MEASURED_ROLE
        entities.append(entity)
    entities += [{"entity": FIGURE_ENTITY, "value": figure.text, "start": figure.start, "end": figure.end,
                  "confidence_entity": 1.0, "extractor": extractor} for figure in findings.figures_of_speech]
    entities += [{"entity": IMPLAUSIBLE_ENTITY, "value": reading, "start": 0, "end": 0, "confidence_entity": 1.0,
                  "extractor": extractor} for reading in findings.implausible_readings]
    entities += [{"entity": READING_ENTITY, "value": kind, "start": 0, "end": 0, "confidence_entity": 1.0,
                  "extractor": extractor} for kind in findings.reading_kinds]
    entities += [{"entity": SAID_ENTITY, "value": category, "start": 0, "end": 0, "confidence_entity": 1.0,
                  "extractor": extractor} for category in sorted(findings.said)]
    if findings.lone_number is not None:
        entities.append({"entity": LONE_NUMBER_ENTITY, "value": str(findings.lone_number), "start": 0, "end": 0,
                         "confidence_entity": 1.0, "extractor": extractor})
    if findings.temperature is not None:
        t = findings.temperature
        celsius = f"{t.celsius:.2f}".rstrip("0").rstrip(".")  # 101 °F stays 101.0 °F on the way back
        entities.append({"entity": TEMPERATURE_ENTITY, "value": celsius, "start": t.start, "end": t.end,
                         "confidence_entity": 1.0, "extractor": extractor})
    return entities


def from_entities(entities: Iterable[dict[str, Any]], text: str) -> Findings:
    """Rebuild the findings from a parsed message's entities (other extractors' entities are ignored)."""
    mentions: list[Mention] = []
    signals: list[Mention] = []
    figures: list[Mention] = []
    implausible: list[str] = []
    kinds: list[str] = []
    said: set[str] = set()
    lone_number: int | None = None
    temperature: Temperature | None = None
    for entity in entities:
        start, end = int(entity.get("start", 0)), int(entity.get("end", 0))
        if entity.get("entity") in (SYMPTOM_ENTITY, SIGNAL_ENTITY):
            role = entity.get("role")
            mention = Mention(code=str(entity["value"]), text=text[start:end], start=start, end=end,
                              negated=role == NEGATED_ROLE, hypothetical=role == HYPOTHETICAL_ROLE,
                              measured=role == MEASURED_ROLE, resolved=role == RESOLVED_ROLE)
            (mentions if entity["entity"] == SYMPTOM_ENTITY else signals).append(mention)
        elif entity.get("entity") == IMPLAUSIBLE_ENTITY:
            implausible.append(str(entity.get("value")))
        elif entity.get("entity") == READING_ENTITY:
            kinds.append(str(entity.get("value")))
        elif entity.get("entity") == SAID_ENTITY:
            said.add(str(entity.get("value")))
        elif entity.get("entity") == LONE_NUMBER_ENTITY and str(entity.get("value")).isdigit():
            lone_number = int(entity["value"])
        elif entity.get("entity") == FIGURE_ENTITY:
            figures.append(Mention(code=FIGURE_ENTITY, text=text[start:end], start=start, end=end))
        elif entity.get("entity") == TEMPERATURE_ENTITY:
            temperature = Temperature(celsius=float(entity["value"]), text=text[start:end], start=start, end=end)
    return Findings(mentions=tuple(mentions), temperature=temperature, signals=tuple(signals),
                    figures_of_speech=tuple(figures), implausible_readings=tuple(implausible),
                    reading_kinds=tuple(kinds), lone_number=lone_number, said=frozenset(said))
