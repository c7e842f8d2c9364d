"""Marks symptom mentions as negated or hypothetical with NegEx/ConText-style cue rules kept as data.

A cue reaches forward or backward a bounded number of tokens, never across a sentence end
or a terminator ("but"), and crosses a comma only inside an "or"/"nor" list
("no fever, cough or chills"). Cues inside a lexicon phrase ("can't breathe") or inside a
longer pseudo cue ("no idea") are ignored; a cue between the words of a near-rule match
("eyes are not yellow") applies.
"""

from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.knowledge import ContextRule
from bot.nlp.signal_matcher import SIGNAL_SPAN_KEY
from bot.nlp.symptom_matcher import NEAR_MATCH, SPAN_KEY

LIST_WORDS = frozenset({"or", "nor"})
CLAUSE_BREAKS = frozenset({",", ";"})

for _attribute in ("negated", "hypothetical"):
    if not Span.has_extension(_attribute):
        Span.set_extension(_attribute, default=False)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


class SymptomContext:
    """Sets span._.negated and span._.hypothetical on doc.spans["symptoms"] and doc.spans["signals"]."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.rules: list[ContextRule] = []

    def add_rules(self, rules: Iterable[ContextRule]) -> None:
        """Register the cue rules; each is matched on lower-case text."""
        for rule in rules:
            self.rules.append(rule)
            self.matcher.add(str(len(self.rules) - 1), [self.nlp.make_doc(rule.literal)])

    def _cues(self, doc: Doc, symptoms: list[Span]) -> tuple[list[tuple[Span, ContextRule]], set[int]]:
        matches = [(Span(doc, start, end), self.rules[int(doc.vocab.strings[match_id])])
                   for match_id, start, end in self.matcher(doc)]
        terminators = {i for span, rule in matches if rule.category == "terminator"
                       for i in range(span.start, span.end)}
        # Overlapping cues: the longest wins, so "no idea" (pseudo) beats "no" and
        # "what does it mean if" (hypothetical) beats "if my" (pseudo).
        candidates = [(span, rule) for span, rule in matches if rule.category != "terminator"]
        longest = {(s.start, s.end) for s in filter_spans([span for span, _ in candidates])}
        cues = [(span, rule) for span, rule in candidates
                if (span.start, span.end) in longest and rule.category in ("negated", "hypothetical")
                and not any(_overlaps(span, s) for s in symptoms if s.kb_id_ != NEAR_MATCH)]
        return cues, terminators

    @staticmethod
    def _forward_reaches(doc: Doc, cue: Span, rule: ContextRule, target: Span, terminators: set[int]) -> bool:
        if rule.direction == "backward" or cue.end > target.start or target.start - cue.end >= rule.max_scope:
            return False
        between = range(cue.end, target.start)
        if any(i in terminators for i in between):
            return False
        if any(doc[i].text in CLAUSE_BREAKS for i in between):
            after = range(cue.end, min(len(doc), target.end + 3))
            return any(doc[i].lower_ in LIST_WORDS for i in after)
        return True

    @staticmethod
    def _inside_near_match(cue: Span, rule: ContextRule, target: Span) -> bool:
        """'eyes are NOT yellow': a forward cue between the two words of a near-rule match."""
        return (target.kb_id_ == NEAR_MATCH and rule.direction != "backward"
                and target.start < cue.start and cue.end < target.end)

    @staticmethod
    def _backward_reaches(doc: Doc, cue: Span, rule: ContextRule, target: Span,
                          terminators: set[int], symptoms: list[Span]) -> bool:
        if rule.direction == "forward" or cue.start < target.end or cue.start - target.end >= rule.max_scope:
            return False
        between = range(target.end, cue.start)
        if any(i in terminators or doc[i].text in CLAUSE_BREAKS for i in between):
            return False
        return not any(s is not target and target.end <= s.start < cue.start for s in symptoms)

    def __call__(self, doc: Doc) -> Doc:
        symptoms = list(doc.spans[SPAN_KEY])
        cues, terminators = self._cues(doc, symptoms)
        for target in symptoms + list(doc.spans.get(SIGNAL_SPAN_KEY, [])):
            for cue, rule in cues:
                if cue.sent.start != target.sent.start:
                    continue
                if (self._forward_reaches(doc, cue, rule, target, terminators)
                        or self._inside_near_match(cue, rule, target)
                        or self._backward_reaches(doc, cue, rule, target, terminators, symptoms)):
                    setattr(target._, rule.category, True)
        return doc


@Language.factory("symptom_context")
def make_symptom_context(nlp: Language, name: str) -> SymptomContext:
    return SymptomContext(nlp, name)
