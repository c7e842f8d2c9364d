"""Spelling knowledge for symptom matching, from pyspellchecker's English word-frequency list.

Two kinds of repair towards the lexicon's words:
- an unknown word ("feaver", "brething") becomes the lexicon word it is closest to, unless
  a more common English word is closer;
- a real English word that is much rarer than a lexicon word a short edit away ("hart" for
  heart, "brest" for breath) is only offered as an alternative: the symptom matcher takes
  it when, and only when, the repaired word completes a phrase or near rule with its
  neighbours ("my hart is racing"), so "the white hart pub" and "fewer visits" stay as written.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping

from spellchecker import SpellChecker

MIN_REPAIR_LENGTH = 4
REAL_WORD_RARITY = 10.0  # a real word is a possible typo only if the lexicon word is this much more frequent
RARE_WORD = 1e-7  # ... and two edits away only if it is also this rare ("brest" yes, "shins" no)
# An unknown word one edit from both a lexicon word and an English word this much commoner stays as written.
EQUALLY_CLOSE_RIVAL = 10.0
# Words written for a symptom word that sounds the same ("chest pane", "soar throat"): more than one edit apart, so
# only this list finds them. Like every real-word repair, they count only when their neighbours complete a phrase.
# Everyday words ("week", "bowl") are left out: "left the gas on twice this week" is not a weak left side.
SOUND_ALIKES = {"pane": "pain", "panes": "pains", "soar": "sore", "flue": "flu", "feint": "faint",
                "mussel": "muscle", "mussels": "muscles", "throte": "throat"}


@lru_cache(maxsize=1)
def english() -> SpellChecker:
    """pyspellchecker's English word-frequency list (loaded once, about 0.2 s)."""
    return SpellChecker(language="en", distance=1)


def is_english(word: str) -> bool:
    """True for a word in the English frequency list (misspellings are kept out of it)."""
    return word in english()


def frequency(word: str) -> float:
    """Share of all words in the frequency list's corpus; 0.0 for unknown words."""
    return english().word_usage_frequency(word) if word in english() else 0.0


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance between a and b, or limit + 1 once it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def deletions(word: str, depth: int) -> set[str]:
    """word and every string made from it by deleting up to depth letters."""
    found, layer = {word}, {word}
    for _ in range(depth):
        layer = {w[:i] + w[i + 1:] for w in layer for i in range(len(w))}
        found |= layer
    return found


def _repair_limit(word: str) -> int:
    """How many edits a typo of this length may be from the lexicon word."""
    return 1 if len(word) < 6 else 2


class Respeller:
    """Repairs words towards a vocabulary of lexicon words (written form -> norm)."""

    def __init__(self, vocabulary: Mapping[str, str]) -> None:
        self.vocabulary = dict(vocabulary)
        # Two words within 2 edits share a string made by deleting at most 2 letters from each.
        self.by_deletion: dict[str, set[str]] = {}
        for form in self.vocabulary:
            for key in deletions(form, 2):
                self.by_deletion.setdefault(key, set()).add(form)
        self._last: tuple[str, int, list[tuple[int, str]]] | None = None  # the normaliser asks twice of one word

    def _near(self, word: str, limit: int) -> list[tuple[int, str]]:
        """(distance, form) of vocabulary forms within limit edits that share a first letter."""
        if self._last is not None and self._last[:2] == (word, limit):
            return self._last[2]
        found = self._lookup(word, limit)
        self._last = (word, limit, found)
        return found

    def _lookup(self, word: str, limit: int) -> list[tuple[int, str]]:
        forms = {form for key in deletions(word, limit) for form in self.by_deletion.get(key, ())}
        found = []
        for form in forms:
            if form[0] != word[0] and not (len(word) > 1 and form[0] == word[1]):
                continue
            distance = edit_distance(word, form, limit)
            if 0 < distance <= limit:
                found.append((distance, form))
        return sorted(found, key=lambda item: (item[0], -frequency(item[1]), item[1]))

    def repair_unknown(self, word: str) -> str | None:
        """The norm of the lexicon word an unknown word is a typo of, unless a commoner English word is closer."""
        if len(word) < MIN_REPAIR_LENGTH or not word.isalpha() or is_english(word) or word in self.vocabulary:
            return None
        near = self._near(word, _repair_limit(word))
        if not near:
            return None
        distance, form = near[0]
        if distance > 1:
            rivals = english().known(english().edit_distance_1(word))  # closer English words
            if any(frequency(other) >= frequency(form) for other in rivals):
                return None
        else:
            # an English word as close and far more common wins ("childs" is child's, not chills)
            rivals = english().known(english().edit_distance_1(word)) - {form}
            if any(frequency(other) >= EQUALLY_CLOSE_RIVAL * frequency(form) for other in rivals):
                return None
        return self.vocabulary[form]

    def real_word_alternatives(self, word: str) -> tuple[str, ...]:
        """Norms of the lexicon word a real English word sounds like, and of much more frequent lexicon words it
        may be a typo of."""
        if len(word) < MIN_REPAIR_LENGTH or not word.isalpha() or word in self.vocabulary or not is_english(word):
            return ()
        floor = frequency(word) * REAL_WORD_RARITY
        limit = 2 if len(word) >= 5 and frequency(word) < RARE_WORD else 1
        forms = [SOUND_ALIKES.get(word, "")] + [form for _, form in self._near(word, limit) if frequency(form) >= floor]
        return tuple(dict.fromkeys(self.vocabulary[form] for form in forms if form in self.vocabulary))

    def unrepaired_alternatives(self, word: str) -> tuple[str, ...]:
        """Norms of the lexicon words one edit from an unknown word that repair left alone because a commoner
        English word is as close ("swolen": swollen, but also stolen)."""
        if len(word) < MIN_REPAIR_LENGTH or not word.isalpha() or word in self.vocabulary or is_english(word):
            return ()
        # the distance-1 part of the repair's own lookup (one search per unknown word, not two)
        return tuple(dict.fromkeys(self.vocabulary[form] for distance, form in self._near(word, _repair_limit(word))
                                   if distance == 1))
