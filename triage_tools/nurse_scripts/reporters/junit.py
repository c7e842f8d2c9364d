"""JUnit XML for CI: one test suite, one test case per script."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from triage_tools.nurse_scripts.model import ScriptResult


def junit_xml(results: list[ScriptResult], seconds: float) -> str:
    failures = sum(not r.passed for r in results)
    suite = ET.Element("testsuite", name="nurse-triage-scripts", tests=str(len(results)),
                       failures=str(failures), errors="0", skipped="0", time=f"{seconds:.3f}")
    for result in results:
        case = ET.SubElement(suite, "testcase", classname=f"triage_scripts.{result.script.id}",
                             name=result.script.name, file=str(result.script.path), time=f"{result.seconds:.3f}")
        transcript = []
        for number, turn in enumerate(result.turns, 1):
            transcript.append(f"turn {number} patient: {turn.turn.patient}")
            if turn.reply:
                transcript.append(f"  urgency: {turn.reply.urgency}; categories: "
                                  f"{', '.join(turn.reply.categories) or 'none'}; "
                                  f"why: {', '.join(turn.reply.reasons) or '-'}")
                transcript += [f"  assistant: {text}" for text in turn.reply.texts]
        ET.SubElement(case, "system-out").text = "\n".join(transcript)
        if not result.passed:
            message = "; ".join(result.failures) or "not every turn ran"
            ET.SubElement(case, "failure", message=message, type="ExpectationNotMet").text = "\n".join(result.failures)
    ET.indent(suite)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


def write_junit(results: list[ScriptResult], seconds: float, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(junit_xml(results, seconds), encoding="utf-8")
