"""Token normalisation for symptom matching: lower-case lookup lemmas plus typo repair.

Each token's NORM becomes its lemma (so "gums bled" meets the phrase "bleeding gums"), and
an unknown word one or two edits away from a lexicon word ("feaver", "diarhea") takes that
word's norm (bot/nlp/spelling.py, on pyspellchecker's English word list). Known English words
keep their own norm ("fewer" stays, "dozing" is not "oozing"); a rare one that may be a typo
of a lexicon word ("hart") gets the candidate norms in Token._.respellings, which the symptom
matcher uses only when its neighbours confirm them.
"""

from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Token

from bot.nlp.spelling import Respeller

# Contractions the lookup lemmatizer leaves as fragments (with Scots "nae" and Caribbean "cy aan", split off
# "cannae" and "cyaan" in pipeline.py), and words it lemmatises wrongly for our purpose ("number" is not the
# comparative of "numb"; "spotting" is bleeding, a "spot" is not; "fitting" is a seizure, "keeping fit" is not; the
# writer who "woke up shaking" is not someone who "won't wake" when shaken).
FRAGMENT_NORMS = {"ca": "can", "wo": "will", "n't": "not", "nt": "not", "nae": "not", "cy": "can", "ky": "can",
                  "aan": "not", "'m": "be", "'re": "be", "'ve": "have", "number": "number", "numbers": "number",
                  "spotting": "spotting", "fitting": "fitting", "woke": "woke"}

if not Token.has_extension("respellings"):
    Token.set_extension("respellings", default=())


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
        self.respeller = Respeller({})

    def set_vocabulary(self, words: Iterable[tuple[str, str]]) -> None:
        """The lexicon's words, as (written form, norm) pairs, that misspelt tokens may be repaired to."""
        pairs = list(words)
        vocabulary = {form: norm for form, norm in pairs if form.isalpha()}
        vocabulary.update({norm: norm for _, norm in pairs if norm.isalpha()})
        self.respeller = Respeller(vocabulary)

    def __call__(self, doc: Doc) -> Doc:
        vocabulary = self.respeller.vocabulary
        for token in doc:
            norm = base_norm(token.text, token.lemma_)
            text = token.lower_
            if vocabulary and norm not in vocabulary and text not in vocabulary:
                repaired = self.respeller.repair_unknown(text)
                if repaired is None:
                    token._.respellings = self.respeller.real_word_alternatives(text) \
                        or self.respeller.unrepaired_alternatives(text)
                norm = repaired or norm
            token.norm_ = norm
        return doc


@Language.factory("symptom_normalizer")
def make_symptom_normalizer(nlp: Language, name: str) -> SymptomNormalizer:
    return SymptomNormalizer(nlp, name)
