"""Rasa's own data validation must pass without warnings."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_rasa_data_validate_passes_without_warnings():
    result = subprocess.run([str(Path(sys.executable).parent / "rasa"), "data", "validate", "--fail-on-warnings"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
