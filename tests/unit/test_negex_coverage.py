"""The context rules checked against a real negation rule set: the NegEx trigger lists of negspacy 1.0.4.

Each trigger is put in a short message around the word "fever" and run through the detector. A
trigger either behaves as NegEx says (negations discount the fever, pseudo-negations and terminators
leave it reported), or it is listed under `not_adopted` in bot/data/context_rules.yml with a reason.
"""
from __future__ import annotations

import pytest
import yaml

from bot.detection import default_detector
from bot.knowledge import DATA_DIR

termsets = pytest.importorskip("negspacy.termsets", reason="negspacy is a test dependency (requirements-dev.txt)")

ENGLISH_TERMSETS = ("en", "en_clinical", "en_clinical_sensitive")
# How each NegEx list is put around the symptom, and what NegEx expects for the symptom.
TEMPLATES = {
    "preceding_negations": ("{trigger} fever", "discounted"),
    "following_negations": ("fever {trigger}", "discounted"),
    "pseudo_negations": ("{trigger} fever", "reported"),
    "termination": ("no cough {trigger} fever", "reported"),
}


def negex_triggers() -> dict[tuple[str, str], None]:
    """Every (list, trigger) of negspacy's English termsets, in order, without duplicates."""
    triggers: dict[tuple[str, str], None] = {}
    for name in ENGLISH_TERMSETS:
        for list_name, words in termsets.termset(name).get_patterns().items():
            triggers.update({(list_name, word): None for word in words})
    return triggers


def not_adopted() -> dict[tuple[str, str], str]:
    """The triggers this project leaves out on purpose, each with its reason."""
    document = yaml.safe_load((DATA_DIR / "context_rules.yml").read_text(encoding="utf-8"))
    decisions: dict[tuple[str, str], str] = {}
    for entry in document["not_adopted"]:
        assert entry["list"] in TEMPLATES and entry["reason"].strip() and entry["triggers"], entry
        decisions.update({(entry["list"], str(trigger)): entry["reason"] for trigger in entry["triggers"]})
    return decisions


def behaviour(list_name: str, trigger: str) -> str:
    template, _ = TEMPLATES[list_name]
    findings = default_detector().detect(template.format(trigger=trigger))
    return "reported" if "fever" in findings.present else "discounted"


def test_every_negex_trigger_is_followed_or_left_out_with_a_reason():
    decisions = not_adopted()
    followed, differs = [], []
    for list_name, trigger in negex_triggers():
        as_negex = behaviour(list_name, trigger) == TEMPLATES[list_name][1]
        (followed if as_negex else differs).append((list_name, trigger))
    print(f"\nNegEx triggers followed: {len(followed)}; left out on purpose: {len(differs)}")
    for list_name, trigger in differs:
        print(f"  left out  {list_name:<20} {trigger!r}: {decisions.get((list_name, trigger), 'NO REASON GIVEN')}")
    assert [item for item in differs if item not in decisions] == []
    assert [item for item in decisions if item not in differs] == [], "stale not_adopted entries"


@pytest.mark.parametrize("list_name, trigger", [
    ("preceding_negations", word) for word in ("no", "not", "without", "never", "cannot", "can't", "cant", "dont",
                                                "doesnt", "didn't", "isnt", "wasn't", "no sign of", "free of",
                                                "negative for", "never had", "absence of")
] + [("following_negations", word) for word in ("free", "unlikely", "was ruled out")]
  + [("pseudo_negations", word) for word in ("not only", "not necessarily", "no change", "might not", "not cause")]
  + [("termination", word) for word in ("but", "however", "although", "though", "except", "aside from", "yet")])
def test_the_triggers_patients_use_behave_as_negex_says(list_name, trigger):
    assert behaviour(list_name, trigger) == TEMPLATES[list_name][1]


def test_the_termsets_checked_are_the_pinned_english_clinical_ones():
    triggers = negex_triggers()
    assert ("preceding_negations", "denies") in triggers and ("pseudo_negations", "not only") in triggers
    assert ("preceding_negations", "history of") in triggers  # from en_clinical_sensitive
