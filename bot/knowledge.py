"""Load and validate the clinical data files (lexicon, escalations, context rules, guidance, FAQ answers).

Every file is checked when it is loaded; a problem raises DataError naming the file,
the entry and the field, so a bad edit stops start-up instead of changing answers silently.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from bot.names import PLACEHOLDERS, REQUIRED_GUIDANCE, FaqTopic
from bot.vocabulary import CATEGORIES, URGENCY_LABELS, Urgency

DATA_DIR = Path(__file__).parent / "data"
CONTEXT_CATEGORIES = ("negated", "hypothetical", "pseudo", "terminator")
DIRECTIONS = ("forward", "backward", "both")
TRIAGE_URGENCIES = tuple(u for u in URGENCY_LABELS if u != "none")


class DataError(ValueError):
    """A data file is malformed; the message names the file, the entry and the field."""

    def __init__(self, path: Path, entry: str, field: str, problem: str) -> None:
        super().__init__(f"{path.name}: entry {entry}: field '{field}': {problem}")
        self.path, self.entry, self.field = path, entry, field


@dataclass(frozen=True)
class NearRule:
    """A symptom said in free word order: an anchor word and a cue word close together."""

    anchors: tuple[str, ...]
    cues: tuple[str, ...]
    window: int


@dataclass(frozen=True)
class Symptom:
    code: str
    label: str
    categories: tuple[str, ...]
    urgency: Urgency
    source: str
    phrases: tuple[str, ...]
    near: tuple[NearRule, ...] = ()


@dataclass(frozen=True)
class Escalation:
    id: str
    when: tuple[frozenset[str], ...]
    urgency: Urgency
    reason: str
    source: str


@dataclass(frozen=True)
class ContextRule:
    literal: str
    category: str
    direction: str
    max_scope: int


@dataclass(frozen=True)
class GuidanceEntry:
    id: str
    category: str
    urgency: str
    text: str
    short: str
    source: str
    symptoms: frozenset[str]


@dataclass(frozen=True)
class FaqEntry:
    """One answer to a general question: what the patient reads, and where its facts come from."""

    id: str
    topic: str
    question: str
    text: str
    short: str
    follow_up: str
    source: str


@dataclass(frozen=True)
class Knowledge:
    """All clinical data, validated and cross-checked."""

    symptoms: dict[str, Symptom]
    exclusions: tuple[str, ...]
    escalations: tuple[Escalation, ...]
    context_rules: tuple[ContextRule, ...]
    guidance: dict[str, GuidanceEntry]
    faq: dict[str, FaqEntry]


class _Entry:
    """Field access for one entry of a data file, raising DataError on problems."""

    def __init__(self, path: Path, raw: Any, name: str) -> None:
        if not isinstance(raw, dict):
            raise DataError(path, name, "*", "must be a mapping")
        self.path, self.raw, self.name = path, raw, name

    def fail(self, field: str, problem: str) -> DataError:
        return DataError(self.path, self.name, field, problem)

    def text(self, field: str, default: str | None = None) -> str:
        value = self.raw.get(field, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, "must be a non-empty string")
        return value.strip()

    def choice(self, field: str, allowed: Sequence[str], default: str | None = None) -> str:
        value = self.raw.get(field, default)
        if value not in allowed:
            raise self.fail(field, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def strings(self, field: str, allowed: Iterable[str] | None = None, required: bool = True) -> tuple[str, ...]:
        value = self.raw.get(field, [] if not required else None)
        if not isinstance(value, list) or (required and not value):
            raise self.fail(field, "must be a non-empty list" if required else "must be a list")
        allowed_set = set(allowed) if allowed is not None else None
        for item in value:
            if isinstance(item, bool):
                raise self.fail(field, f"{item!r} is not a word: YAML reads unquoted yes/no/on/off as "
                                       "true/false, so put such words in quotes (\"off\")")
            if not isinstance(item, str) or not item.strip():
                raise self.fail(field, f"{item!r} is not a non-empty string")
            if allowed_set is not None and item not in allowed_set:
                raise self.fail(field, f"{item!r} is not one of {', '.join(sorted(allowed_set))}")
        return tuple(item.strip() for item in value)


def _read_document(path: Path, list_key: str) -> dict[str, Any]:
    """The YAML file as a mapping with `version: 1` and a non-empty list under `list_key`."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DataError(path, "-", "-", f"cannot be read as YAML: {error}") from error
    if not isinstance(document, dict) or document.get("version") != 1:
        raise DataError(path, "-", "version", "the file must be a mapping with 'version: 1'")
    items = document.get(list_key)
    if not isinstance(items, list) or not items:
        raise DataError(path, "-", list_key, "must be a non-empty list")
    return document


def _read(path: Path, list_key: str) -> list[Any]:
    return _read_document(path, list_key)[list_key]


def _unique(path: Path, entries: Iterable[_Entry], key: str) -> None:
    seen: set[str] = set()
    for entry in entries:
        value = entry.raw.get(key)
        if value in seen:
            raise entry.fail(key, f"duplicate {key} {value!r}")
        seen.add(value)


def _near_rules(entry: _Entry) -> tuple[NearRule, ...]:
    raw_rules = entry.raw.get("near", [])
    if not isinstance(raw_rules, list):
        raise entry.fail("near", "must be a list of {anchors, cues, window}")
    rules = []
    for number, raw in enumerate(raw_rules, 1):
        rule = _Entry(entry.path, raw, f"{entry.name} near #{number}")
        window = rule.raw.get("window", 5)
        if not isinstance(window, int) or not 1 <= window <= 10:
            raise rule.fail("window", "must be a whole number from 1 to 10")
        rules.append(NearRule(anchors=rule.strings("anchors"), cues=rule.strings("cues"), window=window))
    return tuple(rules)


def load_symptoms(path: Path) -> tuple[dict[str, Symptom], tuple[str, ...]]:
    """Load the lexicon: symptom codes with phrases, categories and documented urgency."""
    document = _read_document(path, "symptoms")
    entries = [_Entry(path, raw, f"#{i + 1} ({raw.get('code') if isinstance(raw, dict) else '?'})")
               for i, raw in enumerate(document["symptoms"])]
    _unique(path, entries, "code")
    symptoms: dict[str, Symptom] = {}
    phrase_owner: dict[str, str] = {}
    for entry in entries:
        code = entry.text("code")
        phrases = entry.strings("phrases")
        for phrase in phrases:
            key = phrase.lower()
            if key in phrase_owner:
                raise entry.fail("phrases", f"phrase {phrase!r} is also listed under {phrase_owner[key]}")
            phrase_owner[key] = code
        symptoms[code] = Symptom(
            code=code,
            label=entry.text("label"),
            categories=entry.strings("categories", CATEGORIES, required=False),
            urgency=Urgency.from_label(entry.choice("urgency", TRIAGE_URGENCIES)),
            source=entry.text("source"),
            phrases=phrases,
            near=_near_rules(entry),
        )
    exclusions = _Entry(path, document, "-").strings("exclusions", required=False)
    return symptoms, exclusions


def load_escalations(path: Path, symptom_codes: Iterable[str]) -> tuple[Escalation, ...]:
    """Load the symptom combinations that raise urgency."""
    codes = set(symptom_codes)
    entries = [_Entry(path, raw, f"#{i + 1} ({raw.get('id') if isinstance(raw, dict) else '?'})")
               for i, raw in enumerate(_read(path, "escalations"))]
    _unique(path, entries, "id")
    escalations = []
    for entry in entries:
        groups = entry.raw.get("when")
        if not isinstance(groups, list) or len(groups) < 2:
            raise entry.fail("when", "must be a list of at least two groups of symptom codes")
        when = []
        for group in groups:
            if not isinstance(group, list) or not group:
                raise entry.fail("when", f"group {group!r} must be a non-empty list")
            unknown = [code for code in group if code not in codes]
            if unknown:
                raise entry.fail("when", f"unknown symptom code(s) {', '.join(map(str, unknown))}")
            when.append(frozenset(group))
        escalations.append(Escalation(
            id=entry.text("id"), when=tuple(when),
            urgency=Urgency.from_label(entry.choice("urgency", TRIAGE_URGENCIES)),
            reason=entry.text("reason"), source=entry.text("source"),
        ))
    return tuple(escalations)


def load_context_rules(path: Path) -> tuple[ContextRule, ...]:
    """Load the negation / hypothetical / pseudo / terminator cues."""
    rules = []
    for i, raw in enumerate(_read(path, "rules")):
        entry = _Entry(path, raw, f"#{i + 1} ({raw.get('literal') if isinstance(raw, dict) else '?'})")
        max_scope = entry.raw.get("max_scope", 6)
        if not isinstance(max_scope, int) or not 1 <= max_scope <= 20:
            raise entry.fail("max_scope", "must be a whole number from 1 to 20")
        rules.append(ContextRule(
            literal=entry.text("literal").lower(),
            category=entry.choice("category", CONTEXT_CATEGORIES),
            direction=entry.choice("direction", DIRECTIONS, default="forward"),
            max_scope=max_scope,
        ))
    return tuple(rules)


def _check_placeholders(entry: _Entry, field: str, text: str) -> None:
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as error:
        raise entry.fail(field, f"has a malformed placeholder: {error}") from error
    for name in names:
        if name not in PLACEHOLDERS:
            raise entry.fail(field, f"unknown placeholder {{{name}}}; allowed: {', '.join(sorted(PLACEHOLDERS))}")


def load_guidance(path: Path, symptom_codes: Iterable[str]) -> dict[str, GuidanceEntry]:
    """Load the patient-facing guidance entries."""
    codes = set(symptom_codes)
    entries = [_Entry(path, raw, f"#{i + 1} ({raw.get('id') if isinstance(raw, dict) else '?'})")
               for i, raw in enumerate(_read(path, "entries"))]
    _unique(path, entries, "id")
    guidance: dict[str, GuidanceEntry] = {}
    for entry in entries:
        text = entry.text("text")
        short = entry.text("short", default=text)
        for field, value in (("text", text), ("short", short)):
            _check_placeholders(entry, field, value)
        guidance_entry = GuidanceEntry(
            id=entry.text("id"),
            category=entry.choice("category", CATEGORIES + ("general",)),
            urgency=entry.choice("urgency", TRIAGE_URGENCIES + ("any",)),
            text=text, short=short, source=entry.text("source"),
            symptoms=frozenset(entry.strings("symptoms", codes, required=False)),
        )
        guidance[guidance_entry.id] = guidance_entry
    return guidance


def _check_coverage(path: Path, symptoms: dict[str, Symptom], guidance: dict[str, GuidanceEntry]) -> None:
    """Every (category, urgency) a symptom can produce must have guidance to say."""
    for required in REQUIRED_GUIDANCE:
        if required not in guidance:
            raise DataError(path, required, "id", "this entry is required")
    available = {(g.category, g.urgency) for g in guidance.values() if not g.symptoms}
    for symptom in symptoms.values():
        for category in symptom.categories:
            if (category, symptom.urgency.label) not in available:
                raise DataError(path, f"{category}.{symptom.urgency.label}", "category/urgency",
                                f"no guidance for symptom {symptom.code} ({category} at {symptom.urgency.label})")


TOPIC_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


def load_faq(path: Path) -> dict[str, FaqEntry]:
    """Load and check the answers to general questions, keyed by topic."""
    entries = [_Entry(path, raw, f"#{i + 1} ({raw.get('id') if isinstance(raw, dict) else '?'})")
               for i, raw in enumerate(_read(path, "entries"))]
    _unique(path, entries, "id")
    _unique(path, entries, "topic")
    faq: dict[str, FaqEntry] = {}
    for entry in entries:
        topic = entry.text("topic")
        if not TOPIC_PATTERN.match(topic):
            raise entry.fail("topic", f"{topic!r} must be lower-case letters, digits and underscores")
        entry_id = entry.text("id")
        if entry_id != f"faq.{topic}":
            raise entry.fail("id", f"{entry_id!r} must be 'faq.{topic}' (faq. + topic)")
        text = entry.text("text")
        short = entry.text("short", default=text)
        follow_up = entry.text("follow_up") if "follow_up" in entry.raw else ""
        for field, value in (("text", text), ("short", short), ("follow_up", follow_up)):
            _check_placeholders(entry, field, value)
        faq[topic] = FaqEntry(id=entry_id, topic=topic, question=entry.text("question"), text=text,
                              short=short, follow_up=follow_up, source=entry.text("source"))
    if FaqTopic.ASK_CARE_TEAM not in faq:
        raise DataError(path, f"faq.{FaqTopic.ASK_CARE_TEAM}", "topic",
                        "this entry is required (the answer when unsure)")
    return faq


def load_knowledge(data_dir: Path = DATA_DIR) -> Knowledge:
    """Load every data file from data_dir and check them against each other."""
    symptoms, exclusions = load_symptoms(data_dir / "lexicon.yml")
    guidance = load_guidance(data_dir / "guidance.yml", symptoms)
    _check_coverage(data_dir / "guidance.yml", symptoms, guidance)
    return Knowledge(
        symptoms=symptoms,
        exclusions=exclusions,
        escalations=load_escalations(data_dir / "escalations.yml", symptoms),
        context_rules=load_context_rules(data_dir / "context_rules.yml"),
        guidance=guidance,
        faq=load_faq(data_dir / "faq.yml"),
    )


@lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    """The shipped data, loaded once per process."""
    return load_knowledge()
