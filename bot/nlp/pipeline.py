"""Builds the rule-based spaCy pipeline: blank English, sentences, lookup lemmas, symptoms, context."""
from __future__ import annotations

import spacy
from spacy.language import Language

from bot.knowledge import Knowledge
from bot.nlp import context, normalizer, symptom_matcher  # noqa: F401  (registers the factories)

PIPE_NAMES = ("sentencizer", "lemmatizer", "symptom_normalizer", "symptom_matcher", "symptom_context")


def lower_preserving_offsets(text: str) -> str:
    """Lower-case text without changing its length, so character offsets stay valid."""
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


def build_pipeline(knowledge: Knowledge) -> Language:
    """A pipeline that needs no downloaded model: everything comes from spaCy and the data files."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    normalizer_pipe = nlp.add_pipe("symptom_normalizer")
    matcher_pipe = nlp.add_pipe("symptom_matcher")
    context_pipe = nlp.add_pipe("symptom_context")

    with nlp.select_pipes(enable=["sentencizer", "lemmatizer", "symptom_normalizer"]):
        def docs(phrases):
            return list(nlp.pipe(lower_preserving_offsets(p) for p in phrases))

        patterns = {code: docs(symptom.phrases) for code, symptom in knowledge.symptoms.items()}
        normalizer_pipe.set_vocabulary(
            (token.lower_, token.norm_) for pattern_docs in patterns.values() for doc in pattern_docs for token in doc
        )
        patterns = {code: docs(symptom.phrases) for code, symptom in knowledge.symptoms.items()}
        exclusions = docs(knowledge.exclusions)
    matcher_pipe.add_patterns(patterns, exclusions)
    context_pipe.add_rules(knowledge.context_rules)
    return nlp
