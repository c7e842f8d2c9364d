"""YAML mistakes explained in plain words: which line, what is wrong, and what to write instead.

PyYAML's own messages ("mapping values are not allowed here", "expected <block end>") are parser jargon;
a nurse editing a script needs to know which line to change and how.
"""
from __future__ import annotations

import json
import re

from yaml import MarkedYAMLError

INDENTATION = ("this line does not line up with the lines above it, or the line above it is missing a colon "
               "after its key. Indent with spaces exactly as in the examples: `turns:` at the start of the line, "
               "`  - patient: ...` two spaces in, `    expect:` four spaces in, right under `patient`.")
# "key: value" on one line, with an optional "- " in front; group 2 is the key, group 3 the value.
KEY_AND_VALUE = re.compile(r"^(\s*(?:-\s+)?)([\w-]+):\s+(.*?)\s*$")


def _quoted(line: str) -> str:
    """The line with its value in double quotes, as the nurse should write it."""
    match = KEY_AND_VALUE.match(line)
    if not match:
        return ""
    prefix, key, value = match.groups()
    value = re.sub(r'^(["\'])(.*?)\1\s+', r"\2 ", value)  # "38.6" degrees -> 38.6 degrees
    quoted = f"'{value}'" if '"' in value and "'" not in value else json.dumps(value, ensure_ascii=False)
    return f"{prefix.strip()} {key}: {quoted}".strip()


def _instead(line: str) -> str:
    suggestion = _quoted(line)
    return f" Write: {suggestion}" if suggestion else ""


def _key_of_a_value_with_a_colon(line: str, column: int) -> str | None:
    """The key on `line` when the colon at `column` is inside that key's value, else None."""
    match = KEY_AND_VALUE.match(line)
    return match.group(2) if match and column > match.end(2) else None


def explain(error: MarkedYAMLError, text: str) -> tuple[int, str]:
    """(line number, plain explanation with what to write instead) for a YAML syntax error in `text`."""
    problem, context = str(error.problem or ""), str(error.context or "")
    mark = error.problem_mark or error.context_mark
    lines = text.splitlines() or [""]
    line_number = mark.line + 1 if mark else 1

    def line(number: int) -> str:
        return lines[number - 1] if 0 < number <= len(lines) else ""

    if "quoted scalar" in context and error.context_mark:
        number = error.context_mark.line + 1
        return number, ("a quote opened on this line is never closed. Add the closing quote at the end of the text "
                        "(or remove the opening one).")
    if "flow sequence" in context and error.context_mark:
        number = error.context_mark.line + 1
        return number, ("the list opened with `[` on this line is not closed. Write it on one line as "
                        "`[crs, infection]`, or put one `- item` per line instead.")
    if "flow mapping" in context and error.context_mark:
        number = error.context_mark.line + 1
        return number, ("a text starting with `{` is read as a set of keys. Put it in double quotes, "
                        'for example: says: "{care_team_phone}"')
    if "'\\t'" in problem:
        return line_number, "this line has a tab character. Indent with spaces only, never tabs."
    special = re.search(r"found character '(.)' that cannot start any token", problem)
    first = special.group(1) if special else "*" if "alias" in context + problem else "&" if "anchor" in context else ""
    if first:
        return line_number, f'a text cannot start with "{first}" unless it is in quotes.{_instead(line(line_number))}'
    key = _key_of_a_value_with_a_colon(line(line_number), mark.column) if mark else None
    if "mapping values are not allowed" in problem and key:
        return line_number, (f"the text after `{key}:` contains a colon followed by a space, which YAML reads as "
                             f"another key. Put the whole text in quotes.{_instead(line(line_number))}")
    if re.search(r"""^\s*(-\s+)?[\w-]+:\s+(["']).*?\2\s+\S""", line(line_number)):
        return line_number, (f"there is more text after the closing quote. Put all of the text inside the quotes."
                             f"{_instead(line(line_number))}")
    if "mapping values are not allowed" in problem or "expected <block end>" in problem \
            or "could not find expected ':'" in problem or "did not find expected" in problem:
        return line_number, INDENTATION
    return line_number, (f"this is not valid YAML ({problem or error}). Compare the line with the examples in "
                         "docs/nurse-scripts.md.")
