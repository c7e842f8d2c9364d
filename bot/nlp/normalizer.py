"""Token normalisation for symptom matching: lower-case lookup lemmas plus typo repair.

Each token's NORM becomes its lemma (so "gums bled" meets the phrase "bleeding gums"),
and an unknown word one or two edits away from a lexicon word ("feaver", "diarhea")
takes that word's norm. Known English words are never "repaired" (so "fewer" stays).
"""

import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import spacy_lookups_data
from spacy.language import Language
from spacy.tokens import Doc

# Contractions the lookup lemmatizer leaves as fragments, and words it lemmatises wrongly
# for our purpose ("number" is not the comparative of "numb").
FRAGMENT_NORMS = {"ca": "can", "wo": "will", "n't": "not", "nt": "not", "'m": "be", "'re": "be", "'ve": "have",
                  "number": "number", "numbers": "number"}
KNOWN_WORD_MIN_LOG_PROB = -13.0  # rarer forms are mostly misspellings ("wierd", "tounge")
MIN_REPAIR_LENGTH = 4


@lru_cache(maxsize=1)
def known_english_words() -> frozenset[str]:
    """Frequent English word forms (from spacy-lookups-data), never treated as typos."""
    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        probs = json.load(handle)
    return frozenset(word for word, prob in probs.items() if prob > KNOWN_WORD_MIN_LOG_PROB)


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


def base_norm(token_text: str, lemma: str) -> str:
    """The norm of a token before typo repair."""
    text = token_text.lower()
    if text in FRAGMENT_NORMS:
        return FRAGMENT_NORMS[text]
    lowered = (lemma or token_text).lower()
    return FRAGMENT_NORMS.get(lowered, lowered)


class SymptomNormalizer:
    """Sets Token.norm_ to a lemma-based key, repairing typos towards the lexicon's words."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.vocabulary: dict[str, str] = {}

    def set_vocabulary(self, words: Iterable[tuple[str, str]]) -> None:
        """The lexicon's words, as (written form, norm) pairs, that misspelt tokens may be repaired to."""
        pairs = list(words)
        self.vocabulary = {form: norm for form, norm in pairs if form.isalpha()}
        self.vocabulary.update({norm: norm for _, norm in pairs if norm.isalpha()})

    def repair(self, text: str) -> str | None:
        """The lexicon word an unknown token is a typo of, if exactly clear."""
        if len(text) < MIN_REPAIR_LENGTH or not text.isalpha() or text in known_english_words():
            return None
        limit = 1 if len(text) < 6 else 2
        best, best_distance = None, limit + 1
        for word, norm in self.vocabulary.items():
            if word[0] != text[0] and not (len(text) > 1 and word[0] == text[1]):
                continue
            distance = edit_distance(text, word, limit)
            if distance < best_distance:
                best, best_distance = norm, distance
        return best

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            norm = base_norm(token.text, token.lemma_)
            if self.vocabulary and norm not in self.vocabulary and token.text.lower() not in self.vocabulary:
                norm = self.repair(token.text.lower()) or norm
            token.norm_ = norm
        return doc


@Language.factory("symptom_normalizer")
def make_symptom_normalizer(nlp: Language, name: str) -> SymptomNormalizer:
    return SymptomNormalizer(nlp, name)
