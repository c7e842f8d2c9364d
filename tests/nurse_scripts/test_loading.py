"""Script validation: every problem is reported with file and line, before anything runs."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import default_knowledge
from bot.vocabulary import Urgency
from triage_tools.nurse_scripts.loading import ScriptErrors, load_scripts, read_script

SHIPPED = Path(__file__).resolve().parents[1] / "triage_scripts"

VALID = """\
name: Fever, then the number
patient_context: day 2
turns:
  - patient: I feel feverish
    expect:
      urgency: contact_now
      categories:
        all_of: [crs, infection]
        none_of: [common]
      says: "{care_team_phone}"
      not_says: [usually not serious]
  - patient: "38.5"
    expect:
      categories: [crs]
  - patient: thanks
    expect: nothing
"""


def _write(tmp_path: Path, text: str, name: str = "script.yml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _problems(tmp_path: Path, text: str) -> list[str]:
    script, problems = read_script(_write(tmp_path, text))
    assert script is None, "an invalid script must not load"
    return [str(p) for p in problems]


def test_a_valid_script_loads_with_its_turns_and_lines(tmp_path):
    script, problems = read_script(_write(tmp_path, VALID))
    assert problems == []
    assert script.name == "Fever, then the number" and script.patient_context == "day 2"
    first, second, third = script.turns
    assert first.line == 4 and third.line == 15
    assert first.expect.urgency == "contact_now"
    assert first.expect.all_of == ("crs", "infection") and first.expect.none_of == ("common",)
    assert first.expect.says == ("{care_team_phone}",) and first.expect.not_says == ("usually not serious",)
    assert second.expect.all_of == ("crs",) and second.expect.urgency is None
    assert third.expect.nothing


def test_malformed_yaml_names_file_and_line(tmp_path):
    problems = _problems(tmp_path, "name: x\nturns:\n  - patient: hi\n    expect: [unclosed\n")
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path / 'script.yml'}:4: ")
    assert "the list opened with `[` on this line is not closed" in problems[0]


@pytest.mark.parametrize("text, line, explanation, instead", [
    ("name: x\ndescription: Hives: call now\nturns: []\n", 2,
     "the text after `description:` contains a colon followed by a space", 'description: "Hives: call now"'),
    ('name: x\nturns:\n  - patient: I said "no": fine\n', 3,
     "contains a colon followed by a space", """- patient: 'I said "no": fine'"""),
    ("name: x\nturns:\n\t- patient: hi\n", 3, "this line has a tab character", "spaces only"),
    ("name: x\nturns:\n  - patient: @home\n", 3, 'a text cannot start with "@"', '- patient: "@home"'),
    ("name: x\nturns:\n  - patient: *sigh* tired\n", 3, 'a text cannot start with "*"', '- patient: "*sigh* tired"'),
    ('name: x\nturns:\n  - patient: "I feel sick\n    expect: nothing\n', 3,
     "a quote opened on this line is never closed", "Add the closing quote"),
    ('name: x\nturns:\n  - patient: "38.6" degrees\n    expect: nothing\n', 3,
     "there is more text after the closing quote", '- patient: "38.6 degrees"'),
    ("name: x\nturns:\n  - patient: hi\n    expect: nothing\n - patient: bye\n", 5,
     "this line does not line up with the lines above it", "`    expect:` four spaces in"),
    ("name: x\nturns:\n  - patient: hi\n     expect: nothing\n", 4,
     "this line does not line up with the lines above it", "right under `patient`"),
    ("name: x\nturns:\n  - patient: hi\n    expect:\n      says: {care_team_phone\n", 5,
     "a text starting with `{` is read as a set of keys", 'says: "{care_team_phone}"'),
    ("name: x\nturns:\n  - patient: hi\n    expect:\n      says: {care_team_phone}\n", 5,
     '`says`: a text starting with "{" must be in double quotes', '"{care_team_phone}"'),
])
def test_yaml_mistakes_are_explained_in_plain_words_with_what_to_write_instead(tmp_path, text, line, explanation,
                                                                                instead):
    problems = _problems(tmp_path, text)
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path / 'script.yml'}:{line}: "), problems
    assert explanation in problems[0] and instead in problems[0], problems[0]
    assert not any(jargon in problems[0] for jargon in ("mapping values", "block end", "token", "scalar")), problems[0]


def test_unknown_urgency_and_category_are_errors_with_their_lines(tmp_path):
    text = VALID.replace("urgency: contact_now", "urgency: urgent").replace("categories: [crs]", "categories: [cardiac]")
    problems = _problems(tmp_path, text)
    assert any(":6: unknown urgency `urgent`" in p and "contact_now" in p for p in problems)
    assert any(":14: unknown category `cardiac`" in p for p in problems)


def test_a_misspelt_category_gets_a_suggestion(tmp_path):
    problems = _problems(tmp_path, VALID.replace("[crs, infection]", "[crs, infections]"))
    assert any("did you mean `infection`" in p for p in problems)


def test_empty_turn_and_empty_expectations_are_errors(tmp_path):
    text = "name: x\nturns:\n  - {}\n  - patient: hello\n    expect: {}\n  - patient: bye\n"
    problems = _problems(tmp_path, text)
    assert any(":3: turn 1 is empty" in p for p in problems)
    assert any(":5: empty `expect`" in p and "expect: nothing" in p for p in problems)
    assert any(":6: turn 3 has no `expect:`" in p for p in problems)


def test_unknown_keys_and_placeholders_are_errors(tmp_path):
    text = VALID.replace("patient_context:", "patient_contxt:").replace("{care_team_phone}", "{nurse_phone}")
    problems = _problems(tmp_path, text)
    assert any(":2: unknown key `patient_contxt`" in p and "did you mean `patient_context`" in p for p in problems)
    assert any("unknown placeholder {nurse_phone}" in p for p in problems)


def test_missing_name_and_turns_are_errors(tmp_path):
    problems = _problems(tmp_path, "description: nothing here\n")
    assert any("no `name:`" in p for p in problems) and any("no `turns:`" in p for p in problems)
    assert _problems(tmp_path, "name: x\nturns: []\n") == [f"{tmp_path / 'script.yml'}:2: `turns` must be a list "
                                                          "with at least one `- patient:` turn"]


def test_every_problem_of_every_file_is_collected_before_running(tmp_path):
    _write(tmp_path, VALID, "a.yml")
    _write(tmp_path, VALID.replace("contact_now", "soon"), "b.yml")
    _write(tmp_path, "name: [\n", "c.yml")
    with pytest.raises(ScriptErrors) as raised:
        load_scripts([tmp_path])
    files = {p.path.name for p in raised.value.problems}
    assert files == {"b.yml", "c.yml"}


def test_two_scripts_with_the_same_name_are_an_error(tmp_path):
    _write(tmp_path, VALID, "a.yml")
    _write(tmp_path, VALID, "b.yml")
    with pytest.raises(ScriptErrors, match="also used by"):
        load_scripts([tmp_path])


def test_shipped_scripts_are_valid_and_at_least_forty():
    scripts = load_scripts([SHIPPED])
    assert len(scripts) >= 40
    assert sum(len(s.turns) > 1 for s in scripts) >= 5, "multi-turn conversations are covered"


def _possible_pairs() -> set[tuple[str, str]]:
    """(category, urgency) pairs the triage can produce for recognised symptoms."""
    knowledge = default_knowledge()
    pairs = {(c, s.urgency.label) for s in knowledge.symptoms.values() for c in s.categories}
    for rule in knowledge.escalations:
        for code in set().union(*rule.when):
            pairs |= {(c, rule.urgency.label) for c in knowledge.symptoms[code].categories}
    return {(c, u) for c, u in pairs if u != Urgency.NONE.label}


def test_shipped_scripts_cover_every_category_at_every_urgency_it_can_have():
    covered = {(c, turn.expect.urgency) for s in load_scripts([SHIPPED]) for turn in s.turns
               for c in turn.expect.all_of + turn.expect.any_of if turn.expect.urgency}
    missing = _possible_pairs() - covered
    assert not missing, f"no shipped script expects these (category, urgency) pairs: {sorted(missing)}"
