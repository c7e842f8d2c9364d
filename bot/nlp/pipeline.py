"""Builds the rule-based spaCy pipeline: blank English, sentences, lookup lemmas, symptoms, context."""
from __future__ import annotations

from typing import Iterable, cast

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from bot.knowledge import Knowledge
from bot.nlp import context, normalizer, signal_matcher, symptom_matcher  # the components (importing registers them)

PIPE_NAMES = ("sentencizer", "lemmatizer", "symptom_normalizer", "symptom_matcher", "signal_matcher",
              "symptom_context")


# Negative verbs of Scots and Caribbean English split like English contractions, so "cannae breathe" and "cyaan
# breathe" meet "can't breathe" and the negation cue ("nae", "cy aan") reaches what follows ("didnae sleep"): each
# word and where it splits (the norms of the pieces are in normalizer.FRAGMENT_NORMS).
DIALECT_NEGATIVES = {"cannae": 3, "couldnae": 5, "didnae": 3, "dinnae": 3, "wouldnae": 5, "isnae": 2, "wasnae": 3,
                     "hasnae": 3, "doesnae": 4, "cyaan": 2, "kyaan": 2}


def _split_dialect_negatives(nlp: Language) -> None:
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    for word, split in DIALECT_NEGATIVES.items():
        tokenizer.add_special_case(word, [{ORTH: word[:split]}, {ORTH: word[split:]}])


def lower_preserving_offsets(text: str) -> str:
    """Lower-case text without changing its length, so character offsets stay valid."""
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


def _single_norms(word_docs: list[Doc], code: str) -> list[str]:
    for doc in word_docs:
        if len(doc) != 1:
            raise ValueError(f"lexicon.yml: entry {code}: field 'near': {doc.text!r} must be a single word")
    return [doc[0].norm_ for doc in word_docs]


def build_pipeline(knowledge: Knowledge) -> Language:
    """A pipeline that needs no downloaded model: everything comes from spaCy and the data files."""
    nlp = spacy.blank("en")
    _split_dialect_negatives(nlp)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    # spaCy's add_pipe is typed to return a bare Pipe; each of these factories makes the class named here.
    normalizer_pipe = cast(normalizer.SymptomNormalizer, nlp.add_pipe("symptom_normalizer"))
    matcher_pipe = cast(symptom_matcher.SymptomMatcher, nlp.add_pipe("symptom_matcher"))
    signal_pipe = cast(signal_matcher.SignalMatcher, nlp.add_pipe("signal_matcher"))
    context_pipe = cast(context.SymptomContext, nlp.add_pipe("symptom_context"))

    with nlp.select_pipes(enable=["sentencizer", "lemmatizer", "symptom_normalizer"]):
        def docs(phrases: Iterable[str]) -> list[Doc]:
            return list(nlp.pipe(lower_preserving_offsets(p) for p in phrases))

        words = [word for symptom in knowledge.symptoms.values() for rule in symptom.near
                 for word in rule.anchors + rule.cues]
        phrase_docs = [doc for symptom in knowledge.symptoms.values() for doc in docs(symptom.phrases + symptom.cannot)]
        normalizer_pipe.set_vocabulary(
            (token.lower_, token.norm_) for doc in phrase_docs + docs(words) for token in doc
        )
        patterns = {code: docs(symptom.phrases) for code, symptom in knowledge.symptoms.items()}
        inabilities = {code: docs(symptom.cannot) for code, symptom in knowledge.symptoms.items()}
        exclusions = docs(knowledge.exclusions)
        inability_exclusions = docs(knowledge.cannot_exclusions)
        for code, symptom in knowledge.symptoms.items():
            for rule in symptom.near:
                matcher_pipe.add_near_rule(code, _single_norms(docs(rule.anchors), code),
                                           _single_norms(docs(rule.cues), code), rule.window, rule.cannot,
                                           rule.across_commas)
        for code, signal in knowledge.signals.items():
            signal_pipe.add_patterns(code, docs(signal.phrases), signal.exact, yields_to_symptoms=signal.kind == "body")
            for rule in signal.near:
                signal_pipe.add_near_rule(code, _single_norms(docs(rule.anchors), code),
                                          _single_norms(docs(rule.cues), code), rule.window)
    matcher_pipe.add_patterns(patterns, exclusions)
    matcher_pipe.add_inabilities(inabilities, inability_exclusions)
    for code, symptom in knowledge.symptoms.items():
        if symptom.gives_way_to:
            matcher_pipe.add_gives_way(code, symptom.gives_way_to)
    context_pipe.add_rules(knowledge.context_rules)
    context_pipe.set_sweeping_signals(code for code, signal in knowledge.signals.items() if signal.kind == "all_over")
    return nlp
