"""The data files are validated at load: a bad edit names the file, the entry and the field."""
import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge import DATA_DIR, DataError, load_knowledge


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def entry(document: dict, entry_id: str) -> dict:
    return next(e for e in document["entries"] if e["id"] == entry_id)


def edit(path: Path, change) -> None:
    document = yaml.safe_load(path.read_text())
    change(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))


def test_shipped_data_loads_and_every_entry_has_a_source():
    knowledge = load_knowledge()
    assert len(knowledge.symptoms) > 40
    assert all(s.source for s in knowledge.symptoms.values())
    assert all(g.source and g.id for g in knowledge.guidance.values())


def test_unknown_urgency_names_the_entry_and_field(data_dir):
    edit(data_dir / "guidance.yml", lambda d: entry(d, "crs.emergency").update(urgency="soonish"))
    with pytest.raises(DataError, match=r"guidance.yml: entry #\d+ \(crs.emergency\): field 'urgency'"):
        load_knowledge(data_dir)


def test_missing_text_is_rejected(data_dir):
    edit(data_dir / "guidance.yml", lambda d: entry(d, "crs.contact_now").pop("text"))
    with pytest.raises(DataError, match=r"crs.contact_now\): field 'text'"):
        load_knowledge(data_dir)


def test_unknown_placeholder_is_rejected(data_dir):
    edit(data_dir / "guidance.yml", lambda d: entry(d, "crs.contact_now").update(text="Call {nurse_phone}"))
    with pytest.raises(DataError, match=r"unknown placeholder \{nurse_phone\}"):
        load_knowledge(data_dir)


def test_unknown_category_in_the_lexicon_is_rejected(data_dir):
    edit(data_dir / "lexicon.yml", lambda d: d["symptoms"][0].update(categories=["heart"]))
    with pytest.raises(DataError, match=r"lexicon.yml: entry #1 \(severe_breathing_trouble\): field 'categories'"):
        load_knowledge(data_dir)


def test_a_phrase_listed_under_two_symptoms_is_rejected(data_dir):
    edit(data_dir / "lexicon.yml", lambda d: d["symptoms"][1]["phrases"].append("gasping"))
    with pytest.raises(DataError, match="also listed under severe_breathing_trouble"):
        load_knowledge(data_dir)


def test_escalation_with_an_unknown_symptom_is_rejected(data_dir):
    edit(data_dir / "escalations.yml", lambda d: d["escalations"][0]["when"][0].append("fevr"))
    with pytest.raises(DataError, match=r"escalations.yml: .*field 'when': unknown symptom code\(s\) fevr"):
        load_knowledge(data_dir)


def test_a_symptom_without_guidance_for_its_category_and_urgency_is_rejected(data_dir):
    edit(data_dir / "guidance.yml",
         lambda d: d.update(entries=[e for e in d["entries"] if e["id"] != "liver.contact_now"]))
    with pytest.raises(DataError, match="no guidance for symptom"):
        load_knowledge(data_dir)


def test_context_rule_with_bad_direction_is_rejected(data_dir):
    edit(data_dir / "context_rules.yml", lambda d: d["rules"][0].update(direction="sideways"))
    with pytest.raises(DataError, match=r"context_rules.yml: entry #1 \(no\): field 'direction'"):
        load_knowledge(data_dir)


def test_broken_yaml_is_reported_with_the_file_name(data_dir):
    (data_dir / "lexicon.yml").write_text("symptoms: [unclosed")
    with pytest.raises(DataError, match="lexicon.yml: .*cannot be read as YAML"):
        load_knowledge(data_dir)


def test_an_unquoted_yaml_boolean_word_gets_a_helpful_message(data_dir):
    edit(data_dir / "lexicon.yml", lambda d: d["symptoms"][0]["phrases"].append(False))
    with pytest.raises(DataError, match="put such words in quotes"):
        load_knowledge(data_dir)
