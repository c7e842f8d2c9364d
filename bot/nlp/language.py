"""Is a message written in another language than English? The assistant reads English only: such a message
gets the safe answer with a line saying so, never silence or the off-topic redirect (bot/data/languages.yml)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.nlp.spelling import is_english

LANGUAGES_FILE = Path(__file__).resolve().parent.parent / "data" / "languages.yml"
MIN_OTHER_SCRIPT_SHARE = 0.3  # share of letters outside the Latin alphabets (Chinese, Arabic, Cyrillic ...)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


@dataclass(frozen=True)
class LanguageWords:
    """Words of other languages that English does not have, and how many make a message foreign."""

    words: dict[str, frozenset[str]]
    min_words: int
    min_share: float


def load_language_words(path: Path = LANGUAGES_FILE) -> LanguageWords:
    """Read and check bot/data/languages.yml (a malformed file stops the start-up with a clear error)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not isinstance(document.get("languages"), dict):
        raise ValueError(f"{path.name}: 'languages' must map a language code to a list of words")
    words = {}
    for code, listed in document["languages"].items():
        if not isinstance(listed, list) or not all(isinstance(word, str) and word for word in listed):
            raise ValueError(f"{path.name}: languages.{code} must be a list of words")
        words[code] = frozenset(word.lower() for word in listed if not is_english(word.lower()))
    min_words, min_share = document.get("min_words"), document.get("min_share")
    if not isinstance(min_words, int) or not isinstance(min_share, (int, float)) or not 0 < min_share <= 1:
        raise ValueError(f"{path.name}: min_words must be a whole number and min_share a share between 0 and 1")
    return LanguageWords(words=words, min_words=min_words, min_share=float(min_share))


@lru_cache(maxsize=1)
def default_language_words() -> LanguageWords:
    return load_language_words()


def written_in_another_language(text: str, listed: LanguageWords | None = None) -> bool:
    """True when the message is in another alphabet, or enough of its words belong to one other language."""
    letters = [char for char in text if char.isalpha()]
    if letters and sum(ord(char) > 0x24F for char in letters) / len(letters) >= MIN_OTHER_SCRIPT_SHARE:
        return True
    listed = listed or default_language_words()
    words = _WORD.findall(text.lower())
    if len(words) < listed.min_words:
        return False
    return any(sum(word in vocabulary for word in words) / len(words) >= listed.min_share
               for vocabulary in listed.words.values())
