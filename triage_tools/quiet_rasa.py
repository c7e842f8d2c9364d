"""Rasa's command line with a quiet console: third-party deprecation notices filtered at the source.

Usage: python -m triage_tools.quiet_rasa ARGS...   (the same arguments as `rasa`; make and scripts/serve.sh use it)
       python -m triage_tools.quiet_rasa --module bot.action_server ARGS...   (a module of ours, as `python -m`)

The libraries under Rasa 3.6 (pkg_resources, TensorFlow, jax, click, pyparsing, SQLAlchemy) print hundreds of
deprecation notices nobody running the assistant can act on, and they bury the lines that matter.
PYTHONWARNINGS alone cannot hide them (see NOISY_AT_IMPORT), so the noisy imports happen first, in silence,
and the filters are set after them. Warnings raised in this project's own code
(bot, actions, triage_tools) still show, and so do Rasa's warnings about the training data.
"""
from __future__ import annotations

import importlib
import logging
import os
import runpy
import sys
import warnings

QUIET_ENVIRONMENT = {"TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false",
                     "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
OUR_PACKAGES = r"(bot|actions|triage_tools)(\.|$)"
NOTICES = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
# Imported once in silence: sanic switches deprecation notices back on when imported, and pyparsing's notices
# (raised while packaging and matplotlib import) are also UserWarnings, which Rasa shows once whatever we filter.
NOISY_AT_IMPORT = ("sanic", "packaging.requirements", "matplotlib")


def quiet_third_party_warnings() -> None:
    """Hide other packages' deprecation notices for the rest of this process; keep ours."""
    for name, value in QUIET_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    for module in NOISY_AT_IMPORT:
        with warnings.catch_warnings():  # undone on leaving, with any filter the import itself added
            warnings.simplefilter("ignore")
            importlib.import_module(module)
    for category in NOTICES:
        warnings.filterwarnings("ignore", category=category)
        warnings.filterwarnings("default", category=category, module=OUR_PACKAGES)
    logging.getLogger("spacy").setLevel(logging.WARNING)  # its INFO lines came out twice, saying nothing new


def main() -> None:
    quiet_third_party_warnings()
    if sys.argv[1:2] == ["--module"]:
        sys.argv = sys.argv[2:]
        runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
        return
    from rasa.__main__ import main as rasa_main
    from rasa.utils.common import EXPECTED_WARNINGS

    # Rasa's training check compares the policy's exact class: RecentRulePolicy is a RulePolicy and does answer
    # the default intents (bot/rasa_components/recent_rules.py). Rasa ignores the warnings in this list itself.
    EXPECTED_WARNINGS.append((UserWarning, "'RulePolicy' is not included in the model's policy configuration"))
    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
