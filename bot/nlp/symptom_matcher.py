"""Finds lexicon phrases in a doc and stores them as labelled spans in doc.spans["symptoms"]."""

from typing import Iterable, Mapping

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

SPAN_KEY = "symptoms"
EXCLUSION_LABEL = "EXCLUDED"


class SymptomMatcher:
    """Phrase matching on normalised tokens; longest match wins; exclusions veto overlaps."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")

    def add_patterns(self, patterns: Mapping[str, Iterable[Doc]], exclusions: Iterable[Doc]) -> None:
        """Add pattern docs per symptom code, and phrases that must never count as symptoms."""
        for code, docs in patterns.items():
            self.matcher.add(code, list(docs))
        self.matcher.add(EXCLUSION_LABEL, list(exclusions))

    def __call__(self, doc: Doc) -> Doc:
        found = [Span(doc, start, end, label=match_id) for match_id, start, end in self.matcher(doc)]
        excluded = [span for span in found if span.label_ == EXCLUSION_LABEL]
        doc.spans[SPAN_KEY] = [
            span for span in filter_spans([s for s in found if s.label_ != EXCLUSION_LABEL])
            if not any(span.start < other.end and other.start < span.end for other in excluded)
        ]
        return doc


@Language.factory("symptom_matcher")
def make_symptom_matcher(nlp: Language, name: str) -> SymptomMatcher:
    return SymptomMatcher(nlp, name)
