"""Near rules: a phrase said in free word order, as an anchor word and a cue word a few tokens apart."""
from typing import Iterable, NamedTuple

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

NEAR_MATCH = "near"  # kb_id of spans found by a near rule: context cues between their words still count
CLAUSE_BREAKS = frozenset({",", ";", "but", "however", "although", "though"})
LIST_BREAKS = CLAUSE_BREAKS - {","}  # what still ends a rule that reads across a list's commas


class NearPattern(NamedTuple):
    """One rule on normalised tokens: `label` where at most `window` tokens separate an anchor and a cue."""

    label: str
    anchors: frozenset[str]
    cues: frozenset[str]
    window: int
    kind: str = NEAR_MATCH  # the kb_id its spans get (the symptom matcher marks lost abilities)
    across_commas: bool = False  # the words may stand in a list: "radiating to her neck, back and chest"


def near_spans(doc: Doc, patterns: Iterable[NearPattern]) -> list[Span]:
    """Every near-rule match in one clause of one sentence; where matches of one label overlap, the longest.

    Labels do not compete: a long match of one symptom must not hide a shorter one of another
    ("BLOOD is POURING from my GUMS" is heavy bleeding as well as bleeding gums).
    """
    spans = []
    for label, anchors, cues, window, kind, across_commas in patterns:
        breaks = LIST_BREAKS if across_commas else CLAUSE_BREAKS
        anchor_at = [t.i for t in doc if t.norm_ in anchors]
        cue_at = [t.i for t in doc if t.norm_ in cues]
        for a in anchor_at:
            for c in cue_at:
                start, end = min(a, c), max(a, c) + 1
                if a == c or end - start - 2 > window or doc[a].sent.start != doc[c].sent.start:
                    continue
                if any(doc[i].lower_ in breaks for i in range(start + 1, end - 1)):
                    continue
                spans.append(Span(doc, start, end, label=label, kb_id=kind))
    labels = dict.fromkeys(span.label_ for span in spans)
    return [span for label in labels for span in filter_spans([s for s in spans if s.label_ == label])]
