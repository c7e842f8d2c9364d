"""Checks the trained model file before the Rasa server loads it, and says what to do when it is unusable.

Usage: python -m bot.model_check models/imdelltra.tar.gz   (exit status 1 with instructions if unusable)
Rasa itself would start without answering (no model) or fail deep in a traceback (a damaged archive).
"""
from __future__ import annotations

import json
import sys
import tarfile
import zlib
from pathlib import Path

RETRAIN = "Delete it and train again: rm {path} && make run"


def model_problem(path: Path) -> str | None:
    """None when `path` is a complete Rasa model archive, else what is wrong and what to run."""
    if not path.is_file():
        return f"No trained model at {path}. Train one with `make train` (`make run` trains it for you)."
    try:
        with tarfile.open(path, "r:gz") as archive:
            names = {member.name.lstrip("/") for member in archive.getmembers()}  # reads to the end: CRC checked
            metadata_file = archive.extractfile("metadata.json") if "metadata.json" in names else None
            metadata = json.loads(metadata_file.read()) if metadata_file else None
    except (tarfile.TarError, EOFError, OSError, zlib.error, ValueError) as error:
        return f"{path} is damaged and cannot be read ({type(error).__name__}: {error}). " + RETRAIN.format(path=path)
    if not isinstance(metadata, dict) or "rasa_open_source_version" not in metadata:
        return f"{path} is not a Rasa model (no metadata.json). " + RETRAIN.format(path=path)
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    problem = model_problem(Path(args[0] if args else "models/imdelltra.tar.gz"))
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
