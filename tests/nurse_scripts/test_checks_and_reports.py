"""Checking replies against expectations, running with a stand-in assistant, and the three reports."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from bot.config import CARE_TEAM_PHONE_UNSET, Settings
from triage_tools.nurse_scripts.__main__ import main
from triage_tools.nurse_scripts.checks import check
from triage_tools.nurse_scripts.loading import read_script
from triage_tools.nurse_scripts.model import Expectation, Reply
from triage_tools.nurse_scripts.reporters.console import table
from triage_tools.nurse_scripts.reporters.html import html_report
from triage_tools.nurse_scripts.reporters.junit import junit_xml
from triage_tools.nurse_scripts.runner import reply_from, run_script

SETTINGS = Settings(emergency_number="112", care_team_phone="555-0199", care_team_name="the nurse line")


def _triage(urgency: str, *categories: str) -> dict:
    return {"triage": {"urgency": urgency, "categories": list(categories), "symptoms": [], "negated": [],
                       "guidance_ids": []}}


def test_a_matching_reply_passes_and_phrases_ignore_case_and_spacing():
    reply = Reply(("Please call  the nurse line at 555-0199.", "Call 112 straight away if..."),
                  _triage("contact_now", "crs", "infection")["triage"])
    expect = Expectation(urgency="contact_now", all_of=("crs",), any_of=("infection", "liver"), none_of=("common",),
                         says=("call the NURSE line", "{care_team_phone}", "Call {emergency_number}"),
                         not_says=("usually not serious",))
    assert check(expect, reply, SETTINGS) == []


def test_every_unmet_expectation_is_listed():
    reply = Reply(("It is usually not serious.",), _triage("report_if_bothersome", "common")["triage"])
    expect = Expectation(urgency="contact_now", all_of=("crs",), any_of=("infection",), none_of=("common",),
                         says=("{care_team_phone}",), not_says=("usually not serious",))
    failures = check(expect, reply, SETTINGS)
    assert failures == [
        "urgency: expected contact_now, got report_if_bothersome",
        "categories: missing crs (got common)",
        "categories: expected one of infection (got common)",
        "categories: should not include common",
        'text: does not say "555-0199"',
        'text: says "usually not serious", which it should not',
    ]


def test_an_answer_without_triage_counts_as_urgency_none():
    reply = reply_from([{"recipient_id": "x", "text": "Hello"}])
    assert reply.triage is None and reply.urgency == "none"
    assert check(Expectation(urgency="none"), reply, SETTINGS) == []
    assert check(Expectation(urgency="emergency"), reply, SETTINGS) == [
        "urgency: expected emergency, got none (no triage answer)"]
    assert check(Expectation(nothing=True), reply, SETTINGS) == []


def test_several_triage_messages_merge_to_the_highest_urgency():
    reply = reply_from([{"custom": _triage("contact_now", "liver")}, {"text": "a"},
                        {"custom": _triage("emergency", "allergy")}])
    assert reply.urgency == "emergency" and reply.categories == ("liver", "allergy") and reply.texts == ("a",)


SCRIPT = """\
name: Two turns
turns:
  - patient: I have a rash <b>
    expect:
      urgency: contact_now
      categories: [allergy]
  - patient: and my lips are swelling
    expect:
      urgency: emergency
  - patient: thanks
    expect: nothing
"""


class FakeAssistant:
    """Answers from a fixed table and remembers who asked what."""

    def __init__(self, answers: dict[str, list[dict]]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, str]] = []

    def send(self, sender: str, text: str) -> list[dict]:
        self.calls.append((sender, text))
        if text not in self.answers:
            raise ConnectionError("server went away")
        return self.answers[text]


def _script(tmp_path: Path, text: str = SCRIPT):
    path = tmp_path / "two_turns.yml"
    path.write_text(text)
    script, problems = read_script(path)
    assert not problems
    return script


def test_a_script_is_one_conversation_and_each_run_gets_a_new_sender(tmp_path):
    script = _script(tmp_path)
    fake = FakeAssistant({
        "I have a rash <b>": [{"text": "Call <now> 555-0199"}, {"custom": _triage("contact_now", "allergy")}],
        "and my lips are swelling": [{"text": "Call 112 now"}, {"custom": _triage("contact_now", "allergy")}],
        "thanks": [{"text": "You're welcome"}],
    })
    first = run_script(script, fake, SETTINGS)
    run_script(script, fake, SETTINGS)
    senders = [sender for sender, _ in fake.calls]
    assert len(set(senders[:3])) == 1 and senders[0] != senders[3]
    assert not first.passed
    assert [t.passed for t in first.turns] == [True, False, True]
    assert first.failures == ["turn 2: urgency: expected emergency, got contact_now"]


def test_silence_is_always_a_failure_even_when_nothing_is_expected(tmp_path):
    script = _script(tmp_path)
    fake = FakeAssistant({"I have a rash <b>": [{"text": "x"}, {"custom": _triage("contact_now", "allergy")}],
                          "and my lips are swelling": [{"text": "y"}, {"custom": _triage("emergency")}],
                          "thanks": []})
    result = run_script(script, fake, SETTINGS)
    assert result.failures == ["turn 3: the assistant sent no text"]


def test_a_crashed_turn_fails_the_script_and_stops_it(tmp_path):
    script = _script(tmp_path)
    fake = FakeAssistant({"I have a rash <b>": [{"text": "x"}, {"custom": _triage("contact_now", "allergy")}]})
    result = run_script(script, fake, SETTINGS)
    assert not result.passed and len(result.turns) == 2 and "did not answer" in result.failures[0]


def _results(tmp_path: Path):
    script = _script(tmp_path)
    good = FakeAssistant({
        "I have a rash <b>": [{"text": "Rash <script>alert(1)</script>"}, {"custom": _triage("contact_now", "allergy")}],
        "and my lips are swelling": [{"text": "Call 112 now"}, {"custom": _triage("emergency", "allergy")}],
        "thanks": [{"text": "ok"}]})
    bad = FakeAssistant({"I have a rash <b>": [{"text": "hmm"}]})
    return [run_script(script, good, SETTINGS), run_script(script, bad, SETTINGS)]


def test_html_report_is_self_contained_escaped_and_shows_expected_vs_got(tmp_path):
    page = html_report(_results(tmp_path), 1.0, "test <target>", SETTINGS)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "I have a rash &lt;b&gt;" in page and "test &lt;target&gt;" in page
    assert "http" not in page.replace("http-equiv", ""), "no external resources"
    assert 'class="badge emergency"' in page and 'class="badge contact_now"' in page
    assert "urgency is emergency" in page and "categories include all of: allergy" in page
    assert "urgency: expected contact_now, got none (no triage answer)" in page
    assert "1</b>passed" in page and "1</b>failed" in page


def test_html_report_uses_the_documented_badge_words_and_shows_the_configured_numbers(tmp_path):
    script = _script(tmp_path, SCRIPT.replace("categories: [allergy]", 'says: "{care_team_phone}"'))
    fake = FakeAssistant({
        "I have a rash <b>": [{"text": "Call 555-0199"}, {"custom": _triage("contact_now", "allergy")}],
        "and my lips are swelling": [{"text": "Call 112 now"}, {"custom": _triage("emergency", "allergy")}],
        "thanks": [{"text": "You're welcome"}]})
    results = [run_script(script, fake, SETTINGS)]
    page = html_report(results, 1.0, "in-process", SETTINGS)
    assert ">No symptom triage<" in page and "No triage in this answer" not in page
    assert "says &quot;555-0199&quot;" in page and "{care_team_phone}" not in page
    assert "Care team number: 555-0199 · emergency number: 112" in page
    unset = Settings(emergency_number="911", care_team_phone=CARE_TEAM_PHONE_UNSET, care_team_name="your care team")
    assert f"Care team number: not set (replies say &quot;{CARE_TEAM_PHONE_UNSET}&quot;)" in \
        html_report(results, 1.0, "in-process", unset)


def test_junit_xml_has_one_case_per_script_and_the_failures(tmp_path):
    suite = ET.fromstring(junit_xml(_results(tmp_path), 1.0))
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = suite.findall("testcase")
    assert cases[0].find("failure") is None
    assert "expected contact_now" in cases[1].find("failure").get("message")


def test_console_table_lists_each_failed_check_with_its_line(tmp_path):
    text = table(_results(tmp_path), 2.5, width=100)
    assert "1 of 2 scripts passed, 1 failed" in text
    assert "turn 1 (line 3) patient: 'I have a rash <b>'" in text
    assert "- categories: missing allergy (got none)" in text


def test_cli_validate_reports_problems_and_exits_2_without_running(tmp_path, capsys):
    (tmp_path / "bad.yml").write_text("name: x\nturns:\n  - patient: hi\n    expect:\n      urgency: asap\n")
    assert main(["validate", str(tmp_path)]) == 2
    assert f"{tmp_path / 'bad.yml'}:5: unknown urgency `asap`" in capsys.readouterr().err
    assert main(["run", str(tmp_path), "--url", "http://127.0.0.1:9"]) == 2, "run validates before connecting"


def test_cli_validate_accepts_the_shipped_scripts(capsys):
    assert main(["validate", str(Path(__file__).resolve().parents[1] / "triage_scripts")]) == 0
    assert "all valid" in capsys.readouterr().out


def test_a_script_can_assert_which_rule_decided_the_answer(tmp_path):
    text = ("name: Why\nturns:\n  - patient: temp 38.6 and confused\n    expect:\n      urgency: emergency\n"
            "      reasons: [escalation:fever_with_confusion]\n")
    script = _script(tmp_path, text)
    expect = script.turns[0].expect
    assert expect.reasons == ("escalation:fever_with_confusion",)
    decided = dict(_triage("emergency", "crs")["triage"], reasons=["floor:fever", "escalation:fever_with_confusion"])
    assert check(expect, Reply(("Call 112 now",), decided), SETTINGS) == []
    other = dict(decided, reasons=["floor:seizure"])
    assert check(expect, Reply(("Call 112 now",), other), SETTINGS) == [
        "reasons: escalation:fever_with_confusion did not decide this answer (decided by: floor:seizure)"]
    assistant = FakeAssistant({"temp 38.6 and confused": [{"text": "Call 112 now"}, {"custom": {"triage": decided}}]})
    result = run_script(script, assistant, SETTINGS)
    assert result.passed
    assert "why: floor:fever, escalation:fever_with_confusion" in html_report([result], 1.0, "test", SETTINGS)


def test_html_report_marks_the_reply_content_no_clinician_has_signed(tmp_path, monkeypatch):
    from bot import knowledge
    from triage_tools.nurse_scripts.reporters import html

    script = _script(tmp_path, "name: Signed\nturns:\n  - patient: I have a fever\n    expect:\n      urgency: contact_now\n")
    decided = dict(_triage("contact_now", "crs")["triage"],
                   guidance_ids=["general.headline.contact_now", "crs.contact_now", "esc.fever_with_confusion"])
    assistant = FakeAssistant({"I have a fever": [{"text": "Please call"}, {"custom": {"triage": decided}}]})
    result = run_script(script, assistant, SETTINGS)
    page = html_report([result], 1.0, "test", SETTINGS)
    assert "not yet signed by a clinician: general.headline.contact_now, crs.contact_now, esc.fever_with_confusion" in page

    shipped = knowledge.default_knowledge()
    signed = dict(shipped.reviews, **{"crs.contact_now": knowledge.Review("A. Nurse", None)})
    monkeypatch.setattr(html, "default_knowledge", lambda: type("K", (), {"reviews": signed})())
    page = html_report([result], 1.0, "test", SETTINGS)
    assert "not yet signed by a clinician: general.headline.contact_now, esc.fever_with_confusion" in page
