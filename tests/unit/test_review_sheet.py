"""The clinical review sheet (make review-sheet): generated here on every test run, so CI keeps a copy in
tests/artifacts/ for the nurse educator."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import yaml

from bot.knowledge import DATA_DIR, load_knowledge
from triage_tools.review_sheet import main, write_review_sheet

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def test_the_sheet_lists_every_entry_with_its_floor_source_and_review_state():
    knowledge = load_knowledge()
    rows = write_review_sheet(ARTIFACTS / "review-sheet.html", ARTIFACTS / "review-sheet.csv", knowledge)
    expected = (set(knowledge.symptoms) | {r.id for r in knowledge.escalations} | set(knowledge.guidance)
                | set(knowledge.held_guidance) | {f.id for f in knowledge.faq.values()})
    assert {row.id for row in rows} == expected and len(rows) == len(expected)

    table = list(csv.DictReader(io.StringIO((ARTIFACTS / "review-sheet.csv").read_text(encoding="utf-8"))))
    by_id = {row["id"]: row for row in table}
    assert by_id["severe_confusion"]["floor or urgency"].startswith("emergency")
    assert "facts §4" in by_id["severe_confusion"]["source"]
    assert by_id["icans.first_aid"]["review"] == "NOT SIGNED, kept off replies"
    assert by_id["crs.contact_now"]["review"] == "not signed" and "right away" in by_id["crs.contact_now"]["text"]

    page = (ARTIFACTS / "review-sheet.html").read_text(encoding="utf-8")
    assert "<script" not in page and "http" not in page, "self-contained"
    assert all(f"<code>{entry_id}</code>" in page for entry_id in expected)


def test_a_signature_in_the_data_file_shows_on_the_sheet(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    document = yaml.safe_load((data / "escalations.yml").read_text())
    document["escalations"][0].update(reviewed_by="A. Nurse, RN", reviewed_on="2026-12-01")
    (data / "escalations.yml").write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    rows = write_review_sheet(None, tmp_path / "sheet.csv", load_knowledge(data))
    [signed] = [row for row in rows if row.review.signed]
    assert signed.id == document["escalations"][0]["id"] and signed.state == "signed by A. Nurse, RN on 2026-12-01"


def test_the_command_writes_both_forms(tmp_path, capsys):
    assert main(["--html", str(tmp_path / "s.html"), "--csv", str(tmp_path / "s.csv")]) == 0
    assert (tmp_path / "s.html").exists() and (tmp_path / "s.csv").exists()
    assert "not yet signed" in capsys.readouterr().out
