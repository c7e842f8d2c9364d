"""The console stays readable: third-party deprecation notices are filtered at the source, ours still show."""
from __future__ import annotations

import subprocess
import sys

from triage_tools.servers import ROOT

IMPORTS_AS_RASA_DOES = """
import warnings
from triage_tools.quiet_rasa import quiet_third_party_warnings
quiet_third_party_warnings()
import rasa.core.agent, rasa.core.run, matplotlib, packaging.requirements, sanic  # what `rasa run` imports
import types
ours = types.ModuleType("bot.example")
exec("import warnings\\nwarnings.warn('bot.example is deprecated', DeprecationWarning)", ours.__dict__)
"""


def test_library_deprecation_notices_are_hidden_and_the_projects_own_are_not():
    plain = subprocess.run([sys.executable, "-c", "import sanic, packaging.requirements"],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "DeprecationWarning" in plain.stderr, "the libraries still warn without the filters"
    quiet = subprocess.run([sys.executable, "-c", IMPORTS_AS_RASA_DOES], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    assert quiet.returncode == 0, quiet.stderr
    warnings = [line for line in quiet.stderr.splitlines() if "Warning" in line]
    assert warnings == ["<string>:2: DeprecationWarning: bot.example is deprecated"], quiet.stderr
