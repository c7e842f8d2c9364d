"""Generated lexicon additions (lexicon_terms.yml) are merged into the symptoms and validated like the lexicon."""
import shutil
from pathlib import Path

import pytest
import yaml

from bot.detection import SymptomDetector, default_detector
from bot.knowledge import DATA_DIR, DataError, default_knowledge, load_knowledge


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def set_terms(data_dir: Path, *terms: dict) -> None:
    path = data_dir / "lexicon_terms.yml"
    document = yaml.safe_load(path.read_text())
    document["terms"] = list(terms)
    path.write_text(yaml.safe_dump(document, sort_keys=False))


def test_shipped_additions_are_merged_into_their_symptoms():
    knowledge = default_knowledge()
    assert "Exertional breathlessness" in knowledge.symptoms["breathing_trouble"].phrases
    assert "Bluish lips" in knowledge.symptoms["severe_breathing_trouble"].phrases
    assert "shortness of breath" in knowledge.symptoms["breathing_trouble"].phrases  # lexicon.yml still there


@pytest.mark.parametrize("text, code", [
    ("I get exertional breathlessness on the stairs", "breathing_trouble"),
    ("she has a facial droop on the left", "stroke_like_signs"),
    ("I keep waking up several times during the night", "insomnia"),
    ("I have indigestion", "belly_pain"),  # not a liver sign on its own (issue 15)
    ("he's in a coma", "cannot_wake"),
])
def test_phrases_only_the_additions_give_are_detected(text, code):
    assert code in default_detector().detect(text).present


def test_the_lexicon_loads_without_the_additions_file(data_dir):
    (data_dir / "lexicon_terms.yml").unlink()
    assert "Exertional breathlessness" not in load_knowledge(data_dir).symptoms["breathing_trouble"].phrases


@pytest.mark.parametrize("terms, field, problem", [
    ([{"code": "hiccups", "phrase": "hic", "source": "HP:1"}], "code", "unknown symptom code 'hiccups'"),
    ([{"code": "fever", "phrase": "Roasting", "source": "HP:1"}], "phrase", "'Roasting' is a duplicate"),
    ([{"code": "fever", "phrase": "boiling", "source": "HP:1"},
      {"code": "fever", "phrase": "Boiling", "source": "HP:2"}], "phrase", "'Boiling' is a duplicate"),
    ([{"code": "chills", "phrase": "Fever", "source": "HP:1"}], "phrase", "'Fever' is also listed under fever"),
    ([{"code": "fever", "phrase": "boiling"}], "source", "must be a non-empty string"),
    ([{"code": "fever", "phrase": ["boiling"], "source": "HP:1"}], "phrase", "must be a non-empty string"),
])
def test_bad_additions_name_the_file_entry_and_field(data_dir, terms, field, problem):
    set_terms(data_dir, *terms)
    with pytest.raises(DataError, match=rf"lexicon_terms.yml: entry #\d+ \(.*\): field '{field}': .*{problem}"):
        load_knowledge(data_dir)


def test_an_edited_addition_is_detected_as_its_code(data_dir):
    assert SymptomDetector(load_knowledge(data_dir)).detect("I have jelly knees").present == ()
    set_terms(data_dir, {"code": "balance_problems", "phrase": "jelly knees", "source": "HP:1"})
    assert SymptomDetector(load_knowledge(data_dir)).detect("I have jelly knees").present == ("balance_problems",)
