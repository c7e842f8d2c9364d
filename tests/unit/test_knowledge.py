"""The data files are validated at load: a bad edit names the file, the entry and the field."""
import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge import DATA_DIR, DataError, load_knowledge


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def entry(document: dict, entry_id: str) -> dict:
    return next(e for e in document["entries"] if e["id"] == entry_id)


def edit(path: Path, change) -> None:
    document = yaml.safe_load(path.read_text())
    change(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))


def test_shipped_data_loads_and_every_entry_has_a_source():
    knowledge = load_knowledge()
    assert len(knowledge.symptoms) > 40
    assert all(s.source for s in knowledge.symptoms.values())
    assert all(g.source and g.id for g in knowledge.guidance.values())


def test_unknown_urgency_names_the_entry_and_field(data_dir):
    edit(data_dir / "guidance.yml", lambda d: entry(d, "crs.emergency").update(urgency="soonish"))
    with pytest.raises(DataError, match=r"guidance.yml: entry #\d+ \(crs.emergency\): field 'urgency'"):
        load_knowledge(data_dir)


def test_missing_text_is_rejected(data_dir):
    edit(data_dir / "guidance.yml", lambda d: entry(d, "crs.contact_now").pop("text"))
    with pytest.raises(DataError, match=r"crs.contact_now\): field 'text'"):
        load_knowledge(data_dir)


def test_unknown_placeholder_is_rejected(data_dir):
    edit(data_dir / "guidance.yml", lambda d: entry(d, "crs.contact_now").update(text="Call {nurse_phone}"))
    with pytest.raises(DataError, match=r"unknown placeholder \{nurse_phone\}"):
        load_knowledge(data_dir)


def test_unknown_category_in_the_lexicon_is_rejected(data_dir):
    edit(data_dir / "lexicon.yml", lambda d: d["symptoms"][0].update(categories=["heart"]))
    with pytest.raises(DataError, match=r"lexicon.yml: entry #1 \(severe_breathing_trouble\): field 'categories'"):
        load_knowledge(data_dir)


def test_a_phrase_listed_under_two_symptoms_is_rejected(data_dir):
    edit(data_dir / "lexicon.yml", lambda d: d["symptoms"][1]["phrases"].append("gasping"))
    with pytest.raises(DataError, match="also listed under severe_breathing_trouble"):
        load_knowledge(data_dir)


def test_escalation_with_an_unknown_symptom_is_rejected(data_dir):
    edit(data_dir / "escalations.yml", lambda d: d["escalations"][0]["when"][0].append("fevr"))
    with pytest.raises(DataError, match=r"escalations.yml: .*field 'when': unknown symptom code\(s\) fevr"):
        load_knowledge(data_dir)


def test_a_symptom_without_guidance_for_its_category_and_urgency_is_rejected(data_dir):
    edit(data_dir / "guidance.yml",
         lambda d: d.update(entries=[e for e in d["entries"] if e["id"] != "liver.contact_now"]))
    with pytest.raises(DataError, match="no guidance for symptom"):
        load_knowledge(data_dir)


def test_context_rule_with_bad_direction_is_rejected(data_dir):
    edit(data_dir / "context_rules.yml", lambda d: d["rules"][0].update(direction="sideways"))
    with pytest.raises(DataError, match=r"context_rules.yml: entry #1 \(no\): field 'direction'"):
        load_knowledge(data_dir)


@pytest.mark.parametrize("rule", [
    {"literal": "x", "category": "negated", "direction": "backward", "refers_back": True},
    {"literal": "x", "category": "resolved", "direction": "forward", "refers_back": True},
])
def test_only_an_over_or_distant_past_cue_that_reaches_back_may_refer_back(data_dir, rule):
    edit(data_dir / "context_rules.yml", lambda d: d["rules"].append(rule))
    with pytest.raises(DataError, match=r"entry #\d+ \(x\): field 'refers_back'"):
        load_knowledge(data_dir)


def test_broken_yaml_is_reported_with_the_file_name(data_dir):
    (data_dir / "lexicon.yml").write_text("symptoms: [unclosed")
    with pytest.raises(DataError, match="lexicon.yml: .*cannot be read as YAML"):
        load_knowledge(data_dir)


def test_a_key_given_twice_in_an_entry_is_rejected_not_silently_dropped(data_dir):
    # YAML keeps only the last of two equal keys: a second `phrases:` would silently drop the first list
    lexicon = data_dir / "lexicon.yml"
    text = lexicon.read_text(encoding="utf-8")
    lexicon.write_text(text.replace("    phrases:\n", "    phrases: [only these]\n    phrases:\n", 1), encoding="utf-8")
    with pytest.raises(DataError, match="lexicon.yml: .*'phrases' is given twice"):
        load_knowledge(data_dir)


def test_an_unquoted_yaml_boolean_word_gets_a_helpful_message(data_dir):
    edit(data_dir / "lexicon.yml", lambda d: d["symptoms"][0]["phrases"].append(False))
    with pytest.raises(DataError, match="put such words in quotes"):
        load_knowledge(data_dir)


@pytest.mark.parametrize("text", ["Call them ({care_team_phone}).", "Tell them (call {care_team_phone} now)."])
def test_a_placeholder_inside_brackets_is_rejected(data_dir, text):
    # A clinic writing "(555) 010-0100" would otherwise show "((555) 010-0100)".
    edit(data_dir / "guidance.yml", lambda d: entry(d, "crs.contact_now").update(short=text))
    with pytest.raises(DataError, match=r"crs.contact_now\): field 'short': placeholder \{care_team_phone\} inside brackets"):
        load_knowledge(data_dir)


def test_the_same_check_applies_to_faq_answers(data_dir):
    edit(data_dir / "faq.yml", lambda d: entry(d, "faq.cost").update(text="Ask us ({care_team_phone})."))
    with pytest.raises(DataError, match=r"faq.yml: .*faq.cost\): field 'text': placeholder"):
        load_knowledge(data_dir)


def test_shipped_data_keeps_placeholders_out_of_brackets():
    knowledge = load_knowledge()
    texts = [t for g in [*knowledge.guidance.values(), *knowledge.held_guidance.values()] for t in (g.text, g.short)]
    texts += [t for f in knowledge.faq.values() for t in (f.text, f.short, f.follow_up)]
    assert [t for t in texts if "({" in t] == []


# ------------------------------------------------------------------ clinical sign-off (governance)

def shipped_entries():
    """Every lexicon symptom, escalation, guidance entry and FAQ answer, as written in the data files."""
    for name, key in (("lexicon.yml", "symptoms"), ("escalations.yml", "escalations"),
                      ("guidance.yml", "entries"), ("faq.yml", "entries")):
        for raw in yaml.safe_load((DATA_DIR / name).read_text())[key]:
            yield name, raw


def test_every_shipped_entry_has_review_fields():
    missing = [(name, raw.get("id") or raw.get("code")) for name, raw in shipped_entries()
               if "reviewed_by" not in raw or "reviewed_on" not in raw]
    assert missing == []


@pytest.mark.parametrize("file_name, key, fields, message", [
    ("lexicon.yml", None, {"reviewed_by": "A. Nurse", "reviewed_on": ""}, "field 'reviewed_on': reviewed_by and reviewed_on are set together"),
    ("escalations.yml", None, {"reviewed_by": "", "reviewed_on": "2026-12-01"}, "field 'reviewed_by': reviewed_by and reviewed_on are set together"),
    ("guidance.yml", "crs.contact_now", {"reviewed_by": "A. Nurse", "reviewed_on": "1 Dec 2026"}, "field 'reviewed_on': '1 Dec 2026' is not a date written YYYY-MM-DD"),
    ("faq.yml", "faq.cost", {"reviewed_by": "A. Nurse", "reviewed_on": "2026-13-01"}, "is not a date written YYYY-MM-DD"),
])
def test_review_fields_are_both_set_or_both_empty_with_a_real_date(data_dir, file_name, key, fields, message):
    def change(document):
        target = entry(document, key) if key else next(iter(document.get("symptoms") or document["escalations"]))
        target.update(fields)
    edit(data_dir / file_name, change)
    with pytest.raises(DataError, match=f"{file_name}: .*{message}"):
        load_knowledge(data_dir)


def test_a_signed_entry_records_who_and_when(data_dir):
    edit(data_dir / "escalations.yml", lambda d: d["escalations"][0].update(reviewed_by="A. Nurse, RN",
                                                                            reviewed_on="2026-12-01"))
    knowledge = load_knowledge(data_dir)
    review = knowledge.reviews[knowledge.escalations[0].id]
    assert review.signed and review.by == "A. Nurse, RN" and str(review.on) == "2026-12-01"
    assert not knowledge.reviews["crs.contact_now"].signed


def test_first_aid_waiting_for_sign_off_is_kept_off_replies_until_signed(data_dir):
    knowledge = load_knowledge()
    assert {"icans.first_aid", "bleeding.first_aid", "allergy.first_aid_epinephrine"} <= set(knowledge.held_guidance)
    assert not set(knowledge.held_guidance) & set(knowledge.guidance)
    edit(data_dir / "guidance.yml", lambda d: entry(d, "icans.first_aid").update(reviewed_by="A. Nurse",
                                                                                 reviewed_on="2026-12-01"))
    signed = load_knowledge(data_dir)
    assert "icans.first_aid" in signed.guidance and "icans.first_aid" not in signed.held_guidance


def test_a_required_entry_cannot_wait_for_sign_off(data_dir):
    edit(data_dir / "guidance.yml", lambda d: entry(d, "general.when_to_call_emergency").update(hold_until_signed=True))
    with pytest.raises(DataError, match="general.when_to_call_emergency: field 'id': this entry is required"):
        load_knowledge(data_dir)


def test_a_bad_cue_pattern_names_the_rule(data_dir):
    edit(data_dir / "context_rules.yml", lambda d: d["rules"].append(
        {"literal": "x", "category": "pseudo", "pattern": [{"LOWR": "never"}]}))
    with pytest.raises(DataError, match=r"context_rules.yml: entry #\d+ \(x\): field 'pattern'"):
        load_knowledge(data_dir)


def test_a_sentence_start_flag_in_a_cue_pattern_must_be_true_or_false(data_dir):
    edit(data_dir / "context_rules.yml", lambda d: d["rules"].append(
        {"literal": "x", "category": "pseudo", "pattern": [{"LOWER": "wife", "IS_SENT_START": "yes"}]}))
    with pytest.raises(DataError, match=r"entry #\d+ \(x\): field 'pattern'.*IS_SENT_START must be true or false"):
        load_knowledge(data_dir)


def test_an_unknown_gives_way_to_code_is_rejected(data_dir):
    edit(data_dir / "lexicon.yml", lambda d: d["symptoms"][0].update(gives_way_to=["nothing_like_it"]))
    with pytest.raises(DataError, match="field 'gives_way_to': unknown symptom code"):
        load_knowledge(data_dir)
