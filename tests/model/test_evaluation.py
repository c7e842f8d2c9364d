"""The labelled evaluation sets, through the trained model and the same triage step as the action server."""
import pytest

from bot.vocabulary import Urgency
from triage_tools.evaluation import DEFAULT_SET, evaluate, format_report, load_eval_set

HOLDOUT = DEFAULT_SET.parent / "triage_holdout.yml"
CLINICAL_REVIEW = DEFAULT_SET.parent / "clinical_review.yml"  # issue 15's examples and issue 9's lay wording
SETS = {DEFAULT_SET: 150, HOLDOUT: 150, CLINICAL_REVIEW: 75}  # each set and its minimum size


@pytest.mark.parametrize("path", list(SETS), ids=["eval", "holdout", "clinical_review"])
def test_no_message_is_under_triaged_and_accuracy_is_at_least_95_percent(local_assistant, path):
    cases = load_eval_set(path)
    assert len(cases) >= SETS[path]
    report = evaluate(cases, local_assistant.triage)
    print(format_report(report))
    assert [o.case.text for o in report.under_triaged] == []
    assert report.accuracy >= 0.95


def test_eval_set_messages_are_not_in_the_training_data():
    import glob

    import yaml

    training = set()
    for path in glob.glob("data/nlu/*.yml"):
        for block in yaml.safe_load(open(path)).get("nlu", []):
            training |= {line[2:].strip().lower() for line in block.get("examples", "").splitlines()
                         if line.startswith("- ")}
    labelled = [path for path in DEFAULT_SET.parent.rglob("*.yml") if "messages" in yaml.safe_load(path.read_text())]
    assert len(labelled) >= 9  # the project's sets, the clinical review set and blind sets A, B and C
    for path in labelled:
        overlap = [c.text for c in load_eval_set(path) if c.text.strip().lower() in training]
        assert overlap == [], path
    conversations = list(DEFAULT_SET.parent.glob("blind*/conversations/*.yml"))
    assert len(conversations) >= 100  # 47 of set A, 35 of set B, 29 of set C
    for path in conversations:
        # chit-chat such as "thanks" must be in the training data; anything longer must not
        turns = [turn["patient"] for turn in yaml.safe_load(path.read_text())["turns"] if len(turn["patient"].split()) > 3]
        assert not [t for t in turns if t.strip().lower() in training], path


def test_scoring_counts_under_triage_and_category_f1():
    from triage_tools.evaluation import EvalCase, Outcome, score

    case = EvalCase("x", Urgency.EMERGENCY, frozenset({"crs"}))
    report = score([Outcome(case, Urgency.CONTACT_NOW, frozenset({"crs"})),
                    Outcome(EvalCase("y", Urgency.NONE, frozenset()), Urgency.CONTACT_NOW, frozenset({"liver"}))])
    assert len(report.under_triaged) == 1 and report.over_triage_rate == 0.5 and report.accuracy == 0.0
    assert report.categories["crs"].f1 == 1.0 and report.categories["liver"].precision == 0.0
