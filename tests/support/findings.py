"""What the hardening tests measured (status codes, times, rate-limit figures), written to
tests/artifacts/hardening/ for whoever reads a CI run."""
from __future__ import annotations

from typing import Iterable, Sequence

from triage_tools.servers import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts" / "hardening"


def write_table(name: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A Markdown table in tests/artifacts/hardening/<name>.md."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    _write(name, lines)


def write_list(name: str, items: Iterable[str]) -> None:
    """A Markdown list in tests/artifacts/hardening/<name>.md."""
    _write(name, [f"- {item}" for item in items])


def _write(name: str, lines: list[str]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.md").write_text("\n".join(lines) + "\n")
