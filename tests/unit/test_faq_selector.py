"""FaqSelector: a sparse linear model that writes response_selector as Rasa's ResponseSelector does."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu_result import selected_topic
from bot.rasa_components.faq_selector import FaqSelector
from bot.rasa_components.text_model import TextModel, TextModelConfig

QUESTIONS = {
    "cost": ["how much does it cost", "what is the price", "is it expensive", "will insurance pay for it",
             "how much will I pay", "what does the drug cost"],
    "driving": ["can I drive after the infusion", "is it safe to drive", "may I drive home",
                "should someone else drive me", "can I get behind the wheel", "driving after my dose"],
    "pregnancy": ["can I get pregnant", "is it safe in pregnancy", "what if I am pregnant",
                  "does it harm a baby in the womb", "pregnant on this drug", "trying for a baby"],
}


def training_data() -> TrainingData:
    examples = [Message(data={"text": text, "intent": "faq", "intent_response_key": f"faq/{topic}"})
                for topic, texts in QUESTIONS.items() for text in texts]
    examples.append(Message(data={"text": "hello there", "intent": "greet"}))
    responses = {f"utter_faq/{topic}": [{"text": f"about {topic}"}] for topic in QUESTIONS}
    return TrainingData(training_examples=examples, responses=responses)


def test_the_text_model_ranks_every_label_with_confidences_that_sum_to_one() -> None:
    texts = [text for texts in QUESTIONS.values() for text in texts]
    labels = [topic for topic, texts in QUESTIONS.items() for _ in texts]
    model = TextModel.fit(texts, labels, TextModelConfig())
    ranking = model.rank("how much will the drug cost me")
    assert ranking[0][0] == "cost"
    assert [label for label, _ in ranking] != [] and sorted(label for label, _ in ranking) == sorted(QUESTIONS)
    assert sum(confidence for _, confidence in ranking) == pytest.approx(1.0)
    assert model.rank("is it safe to drive", length=2)[0][0] == "driving" and len(model.rank("x", length=2)) == 2


def test_the_selector_trains_saves_loads_and_writes_what_the_response_selector_writes(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("faq_selector")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**FaqSelector.get_default_config()}
    FaqSelector.create(config, storage, resource, context).train(training_data())

    selector = FaqSelector.load(config, storage, resource, context)
    message = selector.process([Message(data={"text": "can I drive myself home after it"})])[0]

    parsed = message.as_dict_nlu()
    selection = parsed["response_selector"]
    assert selection["all_retrieval_intents"] == ["faq"]
    assert selection["faq"]["response"]["intent_response_key"] == "faq/driving"
    assert selection["faq"]["response"]["utter_action"] == "utter_faq/driving"
    assert selection["faq"]["response"]["responses"] == [{"text": "about driving"}]
    assert [entry["intent_response_key"] for entry in selection["faq"]["ranking"]][0] == "faq/driving"
    assert selected_topic(parsed)[0] == "driving"


def test_an_untrained_selector_leaves_the_message_alone(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    selector = FaqSelector.load(FaqSelector.get_default_config(), storage, Resource("never_trained"), context)
    assert selector.process([Message(data={"text": "what is the price"})])[0].get("response_selector") is None


def test_a_saved_text_model_ranks_as_the_trained_one(tmp_path: Path) -> None:
    texts = [text for texts in QUESTIONS.values() for text in texts]
    labels = [topic for topic, texts in QUESTIONS.items() for _ in texts]
    trained = TextModel.fit(texts, labels, TextModelConfig())
    trained.save(tmp_path)
    loaded = TextModel.load(tmp_path)
    for text in ["how much is it", "driving home", "pregnant", "something else entirely"]:
        assert [label for label, _ in loaded.rank(text)] == [label for label, _ in trained.rank(text)]
        assert [c for _, c in loaded.rank(text)] == pytest.approx([c for _, c in trained.rank(text)])


def test_two_labels_are_ranked_like_many() -> None:
    model = TextModel.fit(QUESTIONS["cost"] + QUESTIONS["driving"], ["cost"] * 6 + ["driving"] * 6, TextModelConfig())
    assert model.rank("what is the price")[0][0] == "cost"
    assert model.rank("can I drive")[0][0] == "driving"


def test_the_scores_are_scikit_learns(tmp_path: Path) -> None:
    from scipy.sparse import hstack

    texts = [text for texts in QUESTIONS.values() for text in texts]
    labels = [topic for topic, texts in QUESTIONS.items() for _ in texts]
    model = TextModel.fit(texts, labels, TextModelConfig())
    for text in texts + ["Is it EXPENSIVE to drive?!", "", "zzz", "pregnant pregnant pregnant"]:
        features = hstack([vectorizer.transform([text]) for vectorizer in model._vectorizers]).tocsr()
        expected = (features @ model._coef.T).ravel() + model._intercept
        scores = model._intercept + sum(scorer.scores(text) for scorer in model._scorers)
        assert scores == pytest.approx(expected, abs=1e-12)
