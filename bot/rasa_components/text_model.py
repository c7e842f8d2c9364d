"""A sparse linear text classifier: TF-IDF word and character n-grams into a linear SVM.

The model of FaqSelector. It trains in seconds on the CPU and loads
without TensorFlow. Saved as JSON and numpy arrays rather than with skops (Rasa's SklearnIntentClassifier):
importing skops.io scans every loaded module (18 s of the server's start-up under cProfile).

Confidences: a softmax over the SVM's scores, scaled by one temperature that is fitted on
cross-validated scores of the training examples (the scale at which the softmax best predicts
held-out labels), so that a confidence means about as much as the probability it claims.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

ARRAYS_FILE = "text_model.npz"
SETTINGS_FILE = "text_model.json"
MAX_FOLDS = 5


@dataclass(frozen=True)
class TextModelConfig:
    c: float = 1.0
    max_word_ngram: int = 2
    max_char_ngram: int = 5


def _pipeline(config: TextModelConfig) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    features = make_union(
        TfidfVectorizer(ngram_range=(1, config.max_word_ngram), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, config.max_char_ngram), sublinear_tf=True),
    )
    return make_pipeline(features, LinearSVC(C=config.c, random_state=0))


def _softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    scaled = temperature * (scores - scores.max(axis=-1, keepdims=True))
    exponentials = np.exp(scaled)
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


def _fit_temperature(texts: Sequence[str], labels: Sequence[str], config: TextModelConfig) -> float:
    """The softmax scale that minimises the log loss of cross-validated SVM scores."""
    from scipy.optimize import minimize_scalar
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    y = np.asarray(labels)
    classes, indices, counts = np.unique(y, return_inverse=True, return_counts=True)
    folds = min(MAX_FOLDS, int(counts.min()))
    if folds < 2:
        return 1.0
    scores = cross_val_predict(_pipeline(config), list(texts), y, method="decision_function",
                               cv=StratifiedKFold(folds, shuffle=True, random_state=0))
    if len(classes) == 2:  # a binary SVM gives one score; make it two columns like the multi-class case
        scores = np.column_stack([-scores, scores]) / 2

    def log_loss(temperature: float) -> float:
        return -float(np.mean(np.log(_softmax(scores, temperature)[np.arange(len(y)), indices] + 1e-12)))

    return float(minimize_scalar(log_loss, bounds=(0.1, 100.0), method="bounded").x)


class _Scorer:
    """One vectorizer's part of the SVM's scores for one text: what vectorizer.transform and the product with the
    SVM's weights compute, without scikit-learn's checks and sparse matrices (5 ms a message against 0.2 ms)."""

    def __init__(self, vectorizer: Any, coef: np.ndarray) -> None:
        self._analyze = vectorizer.build_analyzer()
        self._vocabulary = vectorizer.vocabulary_
        self._idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self._sublinear = bool(vectorizer.sublinear_tf)
        self._coef = coef

    def scores(self, text: str) -> np.ndarray:
        counts: dict[int, int] = {}
        for term in self._analyze(text):
            index = self._vocabulary.get(term)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        if not counts:
            return np.zeros(self._coef.shape[0])
        indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        weights = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self._sublinear:
            weights = np.log(weights) + 1.0
        weights *= self._idf[indices]
        weights /= np.sqrt(np.dot(weights, weights))
        return self._coef[:, indices] @ weights


class TextModel:
    """Ranks labels for a text, with confidences that sum to one over all labels."""

    def __init__(self, vectorizers: list[Any], coef: np.ndarray, intercept: np.ndarray, classes: list[str],
                 temperature: float) -> None:
        self._vectorizers = vectorizers
        self._coef = coef
        self._intercept = intercept
        self.labels = classes
        self.temperature = temperature
        self._scorers = []
        offset = 0
        for vectorizer in vectorizers:
            size = len(vectorizer.vocabulary_)
            self._scorers.append(_Scorer(vectorizer, coef[:, offset:offset + size]))
            offset += size

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], config: TextModelConfig) -> "TextModel":
        pipeline = _pipeline(config).fit(list(texts), list(labels))
        features, svm = pipeline.steps[0][1], pipeline.steps[-1][1]
        coef, intercept = np.atleast_2d(svm.coef_), np.atleast_1d(svm.intercept_)
        if coef.shape[0] == 1:  # a binary SVM gives one score; make it two, one per label, like the multi-class case
            coef, intercept = np.vstack([-coef, coef]) / 2, np.array([-intercept[0], intercept[0]]) / 2
        return cls([vectorizer for _, vectorizer in features.transformer_list], coef, intercept,
                   [str(label) for label in svm.classes_], _fit_temperature(texts, labels, config))

    def rank(self, text: str, length: int = 10) -> list[tuple[str, float]]:
        """The `length` most likely labels, best first, their confidences renormalised to sum to one."""
        scores = self._intercept + sum(scorer.scores(text) for scorer in self._scorers)
        confidences = _softmax(scores, self.temperature)
        best = np.argsort(-confidences, kind="stable")[:length]
        total = float(confidences[best].sum())
        return [(self.labels[i], float(confidences[i]) / total) for i in best]

    def save(self, directory: Path) -> None:
        """Plain JSON and numpy arrays (no pickle): the vocabularies, IDF weights and the SVM's weights."""
        settings = {"temperature": self.temperature, "labels": self.labels,
                    "vectorizers": [{"analyzer": v.analyzer, "ngram_range": list(v.ngram_range),
                                     "token_pattern": v.token_pattern, "sublinear_tf": v.sublinear_tf,
                                     "vocabulary": {term: int(index) for term, index in v.vocabulary_.items()}}
                                    for v in self._vectorizers]}
        (directory / SETTINGS_FILE).write_text(json.dumps(settings), encoding="utf-8")
        arrays = {f"idf_{number}": v.idf_ for number, v in enumerate(self._vectorizers)}
        np.savez(directory / ARRAYS_FILE, coef=self._coef, intercept=self._intercept, **arrays)

    @classmethod
    def load(cls, directory: Path) -> "TextModel":
        from sklearn.feature_extraction.text import TfidfVectorizer

        settings = json.loads((directory / SETTINGS_FILE).read_text(encoding="utf-8"))
        with np.load(directory / ARRAYS_FILE, allow_pickle=False) as arrays:
            vectorizers = []
            for number, saved in enumerate(settings["vectorizers"]):
                vectorizer = TfidfVectorizer(analyzer=saved["analyzer"], ngram_range=tuple(saved["ngram_range"]),
                                             token_pattern=saved["token_pattern"], sublinear_tf=saved["sublinear_tf"],
                                             vocabulary=saved["vocabulary"])
                vectorizer.idf_ = arrays[f"idf_{number}"]
                vectorizers.append(vectorizer)
            return cls(vectorizers, arrays["coef"], arrays["intercept"], settings["labels"],
                       float(settings["temperature"]))
