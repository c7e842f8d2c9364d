"""Finds conversation signals (signals.yml) and stores them as labelled spans in doc.spans["signals"].

A signal marked `exact` matches the words as written (lower-cased), so "I called 911" is found and
"should I call 911" is not; the others match on normalised tokens (lemmas), like symptom phrases.
Body talk ("my tummy feels weird") only matters where no symptom was recognised: it gives way to any
symptom it overlaps, and to the lexicon's exclusions ("a pain in the neck").
"""
from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.nlp.near import NearPattern, near_spans
from bot.nlp.symptom_matcher import EXCLUDED_SPAN_KEY, SPAN_KEY

SIGNAL_SPAN_KEY = "signals"


class SignalMatcher:
    """Phrase matching of conversation signals, exact or on lemmas."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.exact = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="NORM")
        self.yielding: set[str] = set()
        self.near_rules: list[NearPattern] = []

    def add_patterns(self, code: str, docs: Iterable[Doc], exact: bool, yields_to_symptoms: bool = False) -> None:
        """Add the pattern docs of one signal; a yielding signal is dropped where it overlaps a symptom."""
        (self.exact if exact else self.lemma).add(code, list(docs))
        if yields_to_symptoms:
            self.yielding.add(code)

    def add_near_rule(self, code: str, anchors: Iterable[str], cues: Iterable[str], window: int) -> None:
        """Match `code` where at most `window` tokens stand between an anchor norm and a cue norm."""
        self.near_rules.append(NearPattern(code, frozenset(anchors), frozenset(cues), window))

    def __call__(self, doc: Doc) -> Doc:
        symptoms = [*doc.spans.get(SPAN_KEY, []), *doc.spans.get(EXCLUDED_SPAN_KEY, [])]
        found = [Span(doc, start, end, label=match_id)
                 for matcher in (self.exact, self.lemma) for match_id, start, end in matcher(doc)]
        found += near_spans(doc, self.near_rules)
        found = [span for span in found if span.label_ not in self.yielding
                 or not any(span.start < s.end and s.start < span.end for s in symptoms)]
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
