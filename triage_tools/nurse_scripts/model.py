"""What a nurse script is, and what running one produced: plain dataclasses, no I/O."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Expectation:
    """What the nurse expects from the assistant's answer to one patient message."""

    urgency: str | None = None
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    says: tuple[str, ...] = ()
    not_says: tuple[str, ...] = ()
    nothing: bool = False

    def describe(self) -> list[str]:
        """The expectation in plain words, one line per check (for reports)."""
        if self.nothing:
            return ["nothing checked (expect: nothing)"]
        lines = []
        if self.urgency:
            lines.append(f"urgency is {self.urgency}")
        if self.all_of:
            lines.append("categories include all of: " + ", ".join(self.all_of))
        if self.any_of:
            lines.append("categories include at least one of: " + ", ".join(self.any_of))
        if self.none_of:
            lines.append("categories include none of: " + ", ".join(self.none_of))
        lines += [f"decided by the rule {reason}" for reason in self.reasons]
        lines += [f'says "{text}"' for text in self.says]
        lines += [f'does not say "{text}"' for text in self.not_says]
        return lines


@dataclass(frozen=True)
class Turn:
    patient: str
    expect: Expectation
    line: int


@dataclass(frozen=True)
class Script:
    """One expected conversation, read from one YAML file."""

    name: str
    path: Path
    turns: tuple[Turn, ...]
    description: str = ""
    patient_context: str = ""

    @property
    def id(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class Reply:
    """What the assistant answered to one message: its texts and its triage metadata (if any)."""

    texts: tuple[str, ...]
    triage: dict[str, Any] | None

    @property
    def urgency(self) -> str:
        return (self.triage or {}).get("urgency", "none")

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple((self.triage or {}).get("categories", ()))

    @property
    def reasons(self) -> tuple[str, ...]:
        """The rules that decided the urgency (see docs/triage.md)."""
        return tuple((self.triage or {}).get("reasons", ()))

    @property
    def guidance_ids(self) -> tuple[str, ...]:
        """The guidance entries, escalation rules and FAQ answers the reply was made of."""
        return tuple((self.triage or {}).get("guidance_ids", ()))

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


@dataclass(frozen=True)
class TurnResult:
    turn: Turn
    reply: Reply | None
    failures: tuple[str, ...] = ()
    error: str | None = None

    @property
    def passed(self) -> bool:
        return not self.failures and self.error is None


@dataclass
class ScriptResult:
    script: Script
    turns: list[TurnResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return all(turn.passed for turn in self.turns) and len(self.turns) == len(self.script.turns)

    @property
    def failures(self) -> list[str]:
        """Every failed check, prefixed with the turn number."""
        lines = []
        for number, turn in enumerate(self.turns, 1):
            if turn.error:
                lines.append(f"turn {number}: {turn.error}")
            lines += [f"turn {number}: {failure}" for failure in turn.failures]
        return lines
