"""Finds symptom mentions and stores them as labelled spans in doc.spans["symptoms"].

Two kinds of match, both on normalised tokens (lemmas with typos repaired):
- phrases from the lexicon ("bleeding gums"); overlapping phrases keep the longest;
- near rules for free word order: an anchor and a cue word a few tokens apart in one
  clause ("my PEE is the colour of COLA").
Either kind may name a lost ability ("remember", "LIFT the KETTLE"): such a mention is marked,
and the context step keeps it only when "can't", "unable to" or the like comes before it.
A real word that may be a typo (Token._.respellings, set by the normaliser) takes a lexicon
word only when that completes a phrase of two or more words or a near rule with its
neighbours ("my hart is racing"), never on its own ("the white hart pub", "fewer visits").
Different symptoms may overlap (both count); the vague general symptom gives way to any
specific one it overlaps, and a symptom may give way to named ones in the same sentence
("stomach pain" to "upper right belly pain"); exclusions ("flu shot") veto what they overlap,
and lost-ability exclusions ("can't talk | to him") veto only lost-ability matches.
"""
from typing import Iterable, Mapping

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.nlp.near import NEAR_MATCH, NearPattern, near_spans

SPAN_KEY = "symptoms"
EXCLUDED_SPAN_KEY = "excluded"  # exclusions found ("flu shot", "pain in the neck"): body talk gives way to them
# kb_id of a span: how it was found (NEAR_MATCH: a near rule, cues between its words still count);
# a lost-ability match ("can't | remember") needs a negation before it.
INABILITY_MATCH = "inability"
NEAR_INABILITY_MATCH = "near inability"
EXCLUSION_LABEL = "EXCLUDED"
VAGUE_CODE = "general_symptom"
NEIGHBOURHOOD = 16  # tokens on each side of a respelled word: longer than any lexicon phrase or near-rule window


def overlaps(a: Span, b: Span) -> bool:
    """The two spans share a token."""
    return a.start < b.end and b.start < a.end


def is_near(span: Span) -> bool:
    """Found by a near rule (free word order)."""
    return span.kb_id_ in (NEAR_MATCH, NEAR_INABILITY_MATCH)


def is_inability(span: Span) -> bool:
    """Names a lost ability: a symptom only after "can't", "unable to" and the like."""
    return span.kb_id_ in (INABILITY_MATCH, NEAR_INABILITY_MATCH)


class SymptomMatcher:
    """Phrase and proximity matching of lexicon symptoms."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.inability_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.near_rules: list[NearPattern] = []
        self.gives_way: dict[str, frozenset[str]] = {}
        self.exclusion_id = nlp.vocab.strings.add(EXCLUSION_LABEL)

    def add_patterns(self, patterns: Mapping[str, Iterable[Doc]], exclusions: Iterable[Doc]) -> None:
        """Add pattern docs per symptom code, and phrases that must never count as symptoms."""
        for code, docs in patterns.items():
            self.matcher.add(code, list(docs))
        self.matcher.add(EXCLUSION_LABEL, list(exclusions))

    def add_inabilities(self, patterns: Mapping[str, Iterable[Doc]], exclusions: Iterable[Doc]) -> None:
        """Lost-ability phrases per symptom code ("remember" for "can't remember"), and phrases that
        are no lost ability ("talk to", as in "can't talk to him about it")."""
        for code, docs in patterns.items():
            if docs:
                self.inability_matcher.add(code, list(docs))
        self.inability_matcher.add(EXCLUSION_LABEL, list(exclusions))

    def add_gives_way(self, code: str, to: Iterable[str]) -> None:
        """`code` is dropped when one of `to` is found in the same sentence."""
        self.gives_way[code] = frozenset(to)

    def add_near_rule(self, code: str, anchors: Iterable[str], cues: Iterable[str], window: int,
                      inability: bool = False, across_commas: bool = False) -> None:
        """Match `code` where at most `window` tokens stand between an anchor norm and a cue norm."""
        kind = NEAR_INABILITY_MATCH if inability else NEAR_MATCH
        self.near_rules.append(NearPattern(code, frozenset(anchors), frozenset(cues), window, kind, across_commas))

    def _near_matches(self, doc: Doc) -> list[Span]:
        return near_spans(doc, self.near_rules)

    def _gives_way(self, span: Span, spans: list[Span]) -> bool:
        stronger = self.gives_way.get(span.label_, frozenset())
        return any(o.label_ in stronger and o.sent.start == span.sent.start for o in spans)

    def _confirmed_by_neighbours(self, doc: Doc, i: int) -> bool:
        """Does token i, with its current norm, complete a multi-word phrase or a near rule?"""
        # Only its neighbours can: looking at the whole message for every respelled word took quadratic
        # time (a 4,000-character message of such words blocked the server for 20 s and more).
        sent = doc[i].sent
        start = max(sent.start, i - NEIGHBOURHOOD)
        doc, i = doc[start:min(sent.end, i + NEIGHBOURHOOD + 1)].as_doc(), i - start
        matches = [(start, end, label) for label, start, end in self.matcher(doc)]
        excluded = [(start, end) for start, end, label in matches if label == self.exclusion_id]
        if any(start <= i < end and not (start == i and end == i + 1) and label != self.exclusion_id
               and not any(s < end and start < e for s, e in excluded) for start, end, label in matches):
            return True
        return any(i in (span.start, span.end - 1) for span in self._near_matches(doc))

    def _repair_real_words(self, doc: Doc) -> None:
        for token in doc:
            if not token._.respellings:
                continue
            written = token.norm_
            for candidate in token._.respellings:
                token.norm_ = candidate
                if self._confirmed_by_neighbours(doc, token.i):
                    break
            else:
                token.norm_ = written

    def __call__(self, doc: Doc) -> Doc:
        self._repair_real_words(doc)
        found = [Span(doc, start, end, label=match_id) for match_id, start, end in self.matcher(doc)]
        abilities = [Span(doc, start, end, label=match_id, kb_id=INABILITY_MATCH)
                     for match_id, start, end in self.inability_matcher(doc)]
        excluded = [span for span in found if span.label_ == EXCLUSION_LABEL]
        not_abilities = [span for span in abilities if span.label_ == EXCLUSION_LABEL]
        # The vague code never hides a specific phrase it overlaps ("a bit off | my food" is less appetite).
        named = [span for span in found if span.label_ not in (EXCLUSION_LABEL, VAGUE_CODE)]
        phrases = filter_spans(named) + filter_spans([span for span in found if span.label_ == VAGUE_CODE])
        # Lost-ability matches compete only with each other: one that the context step later drops
        # (no "can't" before it) must not have hidden a phrase or a near match.
        lost = filter_spans([span for span in abilities if span.label_ != EXCLUSION_LABEL])
        near = [span for span in self._near_matches(doc)
                if not any(overlaps(span, p) and p.label_ == span.label_ for p in phrases)]
        phrases += lost
        spans = [span for span in phrases + near if not any(overlaps(span, e) for e in excluded)
                 and not (is_inability(span) and any(overlaps(span, e) for e in not_abilities))]
        specific = [span for span in spans if span.label_ != VAGUE_CODE]
        doc.spans[EXCLUDED_SPAN_KEY] = excluded
        doc.spans[SPAN_KEY] = sorted(
            (s for s in spans if (s.label_ != VAGUE_CODE or not any(overlaps(s, o) for o in specific))
             and not self._gives_way(s, spans)),
            key=lambda span: (span.start, span.end),
        )
        return doc


@Language.factory("symptom_matcher")
def make_symptom_matcher(nlp: Language, name: str) -> SymptomMatcher:
    return SymptomMatcher(nlp, name)
