"""Read nurse scripts from YAML and check them, reporting every problem with file and line.

The YAML is composed into nodes (not loaded into plain dicts) so every value keeps its line number.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.names import PLACEHOLDERS
from bot.vocabulary import CATEGORIES, URGENCY_LABELS
from triage_tools.nurse_scripts.model import Expectation, Script, Turn
from triage_tools.nurse_scripts.yaml_errors import explain

SCRIPT_KEYS = ("name", "description", "patient_context", "turns")
TURN_KEYS = ("patient", "expect")
EXPECT_KEYS = ("urgency", "categories", "reasons", "says", "not_says")
CATEGORY_KEYS = ("all_of", "any_of", "none_of")
NOTHING = "nothing"


@dataclass(frozen=True)
class ScriptProblem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ScriptErrors(ValueError):
    """One or more scripts are invalid; nothing was run."""

    def __init__(self, problems: list[ScriptProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Reader:
    """Walks one file's nodes and collects problems instead of stopping at the first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[ScriptProblem] = []

    def problem(self, node: Node | None, message: str, line: int = 0) -> None:
        self.problems.append(ScriptProblem(self.path, node.start_mark.line + 1 if node else line, message))

    def mapping(self, node: Node, allowed: tuple[str, ...], what: str) -> dict[str, tuple[ScalarNode, Node]]:
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what} must be a set of `key: value` lines")
            return {}
        entries: dict[str, tuple[ScalarNode, Node]] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else "?"
            if name in entries:
                self.problem(key, f"`{name}` is written twice in {what}")
            elif name not in allowed:
                hint = difflib.get_close_matches(str(name), allowed, n=1)
                suggestion = f" (did you mean `{hint[0]}`?)" if hint else f" (allowed: {', '.join(allowed)})"
                self.problem(key, f"unknown key `{name}` in {what}{suggestion}")
            else:
                entries[name] = (key, value)
        return entries

    def text(self, node: Node, what: str) -> str | None:
        if isinstance(node, MappingNode) and node.flow_style:
            self.problem(node, f'{what}: a text starting with "{{" must be in double quotes, '
                               f'for example "{{care_team_phone}}"')
            return None
        if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:null" or node.value.strip() == "":
            self.problem(node, f"{what} must be some text")
            return None
        return node.value.strip()

    def texts(self, node: Node, what: str) -> tuple[str, ...]:
        """A text or a list of texts."""
        items = node.value if isinstance(node, SequenceNode) else [node]
        if not items:
            self.problem(node, f"{what} is an empty list")
        texts = [(item, value) for item in items if (value := self.text(item, what)) is not None]
        values = tuple(value for _, value in texts)
        for item, value in texts:
            for placeholder in re.findall(r"\{([^{}]*)\}", value):
                if placeholder not in PLACEHOLDERS:
                    self.problem(item, f"unknown placeholder {{{placeholder}}} in {what} "
                                       f"(known: {', '.join('{' + p + '}' for p in PLACEHOLDERS)})")
        return values

    def names(self, node: Node, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
        values = self.texts(node, what)
        for value in values:
            if value not in allowed:
                hint = difflib.get_close_matches(value, allowed, n=1)
                suggestion = f"did you mean `{hint[0]}`? " if hint else ""
                self.problem(node, f"unknown {what} `{value}` ({suggestion}allowed: {', '.join(allowed)})")
        return tuple(v for v in values if v in allowed)


def _expectation(reader: _Reader, node: Node) -> Expectation | None:
    if isinstance(node, ScalarNode) and node.value.strip().lower() == NOTHING:
        return Expectation(nothing=True)
    if isinstance(node, ScalarNode):
        reader.problem(node, f"`expect` must list what you expect, or be `expect: {NOTHING}`")
        return None
    entries = reader.mapping(node, EXPECT_KEYS, "`expect`")
    if isinstance(node, MappingNode) and not node.value:
        reader.problem(node, f"empty `expect`: list what you expect, or write `expect: {NOTHING}`")
        return None
    fields: dict = {}
    if "urgency" in entries:
        urgencies = reader.names(entries["urgency"][1], URGENCY_LABELS, "urgency")
        if isinstance(entries["urgency"][1], SequenceNode):
            reader.problem(entries["urgency"][1], "give one urgency, not a list")
        elif urgencies:
            fields["urgency"] = urgencies[0]
    if "categories" in entries:
        categories = entries["categories"][1]
        if isinstance(categories, MappingNode):
            parts = reader.mapping(categories, CATEGORY_KEYS, "`categories`")
            if not parts:
                reader.problem(categories, "`categories` needs all_of, any_of or none_of")
            for key, (_, value) in parts.items():
                fields[key] = reader.names(value, CATEGORIES, "category")
        else:
            fields["all_of"] = reader.names(categories, CATEGORIES, "category")
    for key in ("reasons", "says", "not_says"):
        if key in entries:
            fields[key] = reader.texts(entries[key][1], f"`{key}`")
    return Expectation(**fields)


def _turn(reader: _Reader, node: Node, number: int) -> Turn | None:
    entries = reader.mapping(node, TURN_KEYS, f"turn {number}")
    if not isinstance(node, MappingNode):
        return None
    if not node.value:
        reader.problem(node, f"turn {number} is empty: it needs `patient:` and `expect:`")
        return None
    patient = reader.text(entries["patient"][1], "`patient`") if "patient" in entries else None
    if "patient" not in entries:
        reader.problem(node, f"turn {number} has no `patient:` message")
    if "expect" not in entries:
        reader.problem(node, f"turn {number} has no `expect:` (write `expect: {NOTHING}` to check nothing)")
        return None
    expect = _expectation(reader, entries["expect"][1])
    if patient is None or expect is None:
        return None
    return Turn(patient=patient, expect=expect, line=node.start_mark.line + 1)


def read_script(path: Path) -> tuple[Script | None, list[ScriptProblem]]:
    """One script file; (None, problems) when it is invalid."""
    reader = _Reader(path)
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        line, message = explain(error, text)
        reader.problem(None, message, line=line)
        return None, reader.problems
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        reader.problem(None, f"cannot read the file: {error}", line=1)
        return None, reader.problems
    if root is None:
        reader.problem(None, "the file is empty", line=1)
        return None, reader.problems

    entries = reader.mapping(root, SCRIPT_KEYS, "the script")
    name = reader.text(entries["name"][1], "`name`") if "name" in entries else None
    if "name" not in entries and isinstance(root, MappingNode):
        reader.problem(root, "the script has no `name:`")
    optional = {key: reader.text(entries[key][1], f"`{key}`") or "" for key in ("description", "patient_context")
                if key in entries}
    turns: list[Turn] = []
    if "turns" not in entries:
        if isinstance(root, MappingNode):
            reader.problem(root, "the script has no `turns:`")
    elif not isinstance(entries["turns"][1], SequenceNode) or not entries["turns"][1].value:
        reader.problem(entries["turns"][1], "`turns` must be a list with at least one `- patient:` turn")
    else:
        for number, node in enumerate(entries["turns"][1].value, 1):
            turn = _turn(reader, node, number)
            if turn:
                turns.append(turn)
    if reader.problems or name is None:
        return None, reader.problems
    return Script(name=name, path=path, turns=tuple(turns), **optional), []


def script_files(paths: Iterable[Path]) -> list[Path]:
    """The .yml/.yaml files named, or found under the directories named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml"))
        else:
            files.append(path)
    return files


def load_scripts(paths: Iterable[Path]) -> list[Script]:
    """Every script under `paths`; ScriptErrors listing every problem if any file is invalid."""
    paths = list(paths)
    scripts, problems = [], []
    files = script_files(paths)
    if not files:
        raise ScriptErrors([ScriptProblem(Path(str(p)), 0, "no script files (.yml) found here") for p in paths])
    for file in files:
        if not file.exists():
            problems.append(ScriptProblem(file, 0, "file not found"))
            continue
        script, found = read_script(file)
        problems += found
        if script:
            scripts.append(script)
    names: dict[str, Script] = {}
    for script in scripts:
        if script.name in names:
            problems.append(ScriptProblem(script.path, 1, f"the name {script.name!r} is also used by "
                                                          f"{names[script.name].path}"))
        names[script.name] = script
    if problems:
        raise ScriptErrors(problems)
    return scripts
