"""Scoring a set against adjudicated labels (a second annotation's `relabel` list)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.vocabulary import Urgency
from triage_tools.evaluation import EvalCase, load_eval_set, load_relabels, main, relabelled

BLIND_G = Path(__file__).resolve().parents[1] / "eval" / "blind_g"


def test_an_adjudicated_label_replaces_only_its_own_message(tmp_path):
    path = tmp_path / "second.yml"
    path.write_text("relabel:\n  - {text: 'a bit muddled', urgency: contact_now, first: emergency}\n")
    cases = [EvalCase("a bit muddled", Urgency.EMERGENCY, frozenset({"icans"})),
             EvalCase("hello", Urgency.NONE, frozenset())]
    assert [c.urgency for c in relabelled(cases, load_relabels(path))] == [Urgency.CONTACT_NOW, Urgency.NONE]


def test_a_relabel_without_a_known_urgency_is_refused(tmp_path):
    path = tmp_path / "second.yml"
    path.write_text("relabel:\n  - {text: 'a bit muddled', urgency: urgent}\n")
    with pytest.raises(ValueError, match="relabel #1"):
        load_relabels(path)


def test_a_relabelled_text_that_no_set_holds_stops_the_run(tmp_path):
    path = tmp_path / "second.yml"
    path.write_text("relabel:\n  - {text: 'not in any set', urgency: none}\n")
    with pytest.raises(SystemExit, match="in none of the sets"):
        main(["--set", str(BLIND_G / "written.yml"), "--relabel", str(path), "--engine-only"])


def test_set_g_second_annotation_names_only_messages_of_set_g():
    labels = load_relabels(BLIND_G / "second-annotation.yml")
    texts = {case.text for name in ("written.yml", "real.yml") for case in load_eval_set(BLIND_G / name)}
    assert labels and set(labels) <= texts
