"""A sparse linear text classifier: TF-IDF word and character n-grams into a linear SVM.

The model of LinearIntentClassifier and FaqSelector. It trains in seconds on the CPU and loads
without TensorFlow; saved with skops, as Rasa's own SklearnIntentClassifier does.

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

# The only type skops does not trust by default in this pipeline (the fitted TF-IDF weights).
_TRUSTED_TYPES = ["scipy.sparse._csr.csr_matrix"]
PIPELINE_FILE = "text_model.skops"
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
    return make_pipeline(features, LinearSVC(C=config.c))


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


class TextModel:
    """Ranks labels for a text, with confidences that sum to one over all labels."""

    def __init__(self, pipeline: Any, temperature: float) -> None:
        self._pipeline = pipeline
        self.temperature = temperature

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], config: TextModelConfig) -> "TextModel":
        pipeline = _pipeline(config).fit(list(texts), list(labels))
        return cls(pipeline, _fit_temperature(texts, labels, config))

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self._pipeline.classes_]

    def rank(self, text: str, length: int = 10) -> list[tuple[str, float]]:
        """The `length` most likely labels, best first, their confidences renormalised to sum to one."""
        scores = np.atleast_1d(self._pipeline.decision_function([text])[0])
        if scores.size == 1:
            scores = np.array([-scores[0], scores[0]]) / 2
        confidences = _softmax(scores, self.temperature)
        best = np.argsort(-confidences, kind="stable")[:length]
        total = float(confidences[best].sum())
        return [(str(self._pipeline.classes_[i]), float(confidences[i]) / total) for i in best]

    def save(self, directory: Path) -> None:
        import skops.io as sio

        sio.dump(self._pipeline, directory / PIPELINE_FILE)
        (directory / SETTINGS_FILE).write_text(json.dumps({"temperature": self.temperature}), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "TextModel":
        import skops.io as sio

        path = directory / PIPELINE_FILE
        untrusted = [kind for kind in sio.get_untrusted_types(file=path) if kind not in _TRUSTED_TYPES]
        if untrusted:
            raise RuntimeError(f"{path}: untrusted types in the saved model: {', '.join(untrusted)}")
        settings = json.loads((directory / SETTINGS_FILE).read_text(encoding="utf-8"))
        return cls(sio.load(path, trusted=_TRUSTED_TYPES), float(settings["temperature"]))

