"""Training time: `rasa train --force` of a project into a temporary folder (the project's models/ untouched)."""
from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

from triage_tools.servers import RASA, server_env


def time_training(project: Path) -> float:
    """Seconds `rasa train --force` takes in `project`, with the model written to a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="bench-train-") as out:
        start = time.perf_counter()
        subprocess.run([*RASA, "train", "--force", "--quiet", "--out", out], cwd=project, check=True,
                       env=server_env(), stdout=subprocess.DEVNULL)
        return time.perf_counter() - start
