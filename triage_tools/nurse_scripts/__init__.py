"""Nurse triage scripts: expected conversations written as YAML, run against the assistant, reported.

See docs/nurse-scripts.md. Run with `python -m triage_tools.nurse_scripts run tests/triage_scripts`.
"""
