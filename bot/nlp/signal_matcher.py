"""Finds conversation signals (signals.yml) and stores them as labelled spans in doc.spans["signals"].

A signal marked `exact` matches the words as written (lower-cased), so "I called 911" is found and
"should I call 911" is not; the others match on normalised tokens (lemmas), like symptom phrases.
"""
from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

SIGNAL_SPAN_KEY = "signals"


class SignalMatcher:
    """Phrase matching of conversation signals, exact or on lemmas."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.exact = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="NORM")

    def add_patterns(self, code: str, docs: Iterable[Doc], exact: bool) -> None:
        """Add the pattern docs of one signal."""
        (self.exact if exact else self.lemma).add(code, list(docs))

    def __call__(self, doc: Doc) -> Doc:
        found = [Span(doc, start, end, label=match_id)
                 for matcher in (self.exact, self.lemma) for match_id, start, end in matcher(doc)]
        # Overlapping phrases of one signal keep the longest; different signals may overlap.
        by_code: dict[str, list[Span]] = {}
        for span in found:
            by_code.setdefault(span.label_, []).append(span)
        doc.spans[SIGNAL_SPAN_KEY] = sorted((s for spans in by_code.values() for s in filter_spans(spans)),
                                            key=lambda span: (span.start, span.end))
        return doc


@Language.factory("signal_matcher")
def make_signal_matcher(nlp: Language, name: str) -> SignalMatcher:
    return SignalMatcher(nlp, name)
