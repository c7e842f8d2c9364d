"""A message in another language gets the safe answer and a line saying the assistant reads English only."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.config import Settings
from bot.detection import default_detector
from bot.names import Guidance
from bot.nlp.language import load_language_words, written_in_another_language
from bot.replies import write_reply
from bot.triage import PatientMessage, decide
from bot.vocabulary import Urgency

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = Settings(emergency_number="911", care_team_phone="555-0100", care_team_name="the nurse line")


@pytest.mark.parametrize("text", ["me duele mucho el pecho", "mi mamá está muy confundida", "j'ai de la fièvre",
                                  "ich kann nicht atmen", "estou com muita dor", "у меня температура", "我头很痛"])
def test_messages_in_other_languages_get_the_safe_answer_and_the_english_only_line(text):
    result = decide(PatientMessage(default_detector().detect(text)))
    assert result.urgency == Urgency.CONTACT_NOW
    assert Guidance.ENGLISH_ONLY in result.guidance_ids
    reply = write_reply(result, settings=SETTINGS)[0]
    assert "English" in reply and "555-0100" in reply and "911" in reply


@pytest.mark.parametrize("text", ["hola", "im sik an dizzzy", "feelin rly rubbish tbh", "gracias", "temp 38.5",
                                  "my mum is on tarlatamab", "la la la"])
def test_short_or_misspelt_english_is_not_another_language(text):
    assert not written_in_another_language(text)


def test_no_english_message_of_the_evaluation_sets_or_training_data_reads_as_another_language():
    texts = []
    for path in list(ROOT.glob("tests/eval/**/*.yml")) + list(ROOT.glob("data/nlu/*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and "messages" in document:
            texts += [message["text"] for message in document["messages"]]
        for item in (document or {}).get("nlu", []) if isinstance(document, dict) else []:
            texts += [line.strip()[2:] for line in (item.get("examples") or "").splitlines()
                      if line.strip().startswith("- ")]
    assert len(texts) > 2000
    assert [text for text in texts if written_in_another_language(text)] == []


def test_a_malformed_language_file_stops_with_a_clear_error(tmp_path):
    path = tmp_path / "languages.yml"
    path.write_text("version: 1\nmin_words: 2\nmin_share: 3\nlanguages: {es: [hola]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="min_share"):
        load_language_words(path)
