"""Command line: `python -m triage_tools.nurse_scripts run|validate PATH...` (see docs/nurse-scripts.md)."""
from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

from triage_tools.nurse_scripts.loading import ScriptErrors, load_scripts
from triage_tools.nurse_scripts.model import ScriptResult
from triage_tools.quiet_rasa import quiet_third_party_warnings

DEFAULT_PATHS = [Path("tests/triage_scripts")]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m triage_tools.nurse_scripts",
                                     description="Check the assistant's answers against nurse-written scripts.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check the script files only (nothing is run)")
    validate.add_argument("paths", nargs="*", type=Path, help="script files or folders (default: tests/triage_scripts)")
    run = commands.add_parser("run", help="run the scripts and report")
    run.add_argument("paths", nargs="*", type=Path, help="script files or folders (default: tests/triage_scripts)")
    run.add_argument("--url", help="talk to a running Rasa server instead, e.g. http://localhost:5005")
    run.add_argument("--model", type=Path, help="model archive for the in-process run (default: newest in models/)")
    run.add_argument("--junit", type=Path, metavar="FILE", help="also write JUnit XML here")
    run.add_argument("--html", type=Path, metavar="FILE", help="also write the HTML report here")
    run.add_argument("--quiet", action="store_true", help="no progress lines")
    return parser


def _quiet_libraries() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    quiet_third_party_warnings()
    warnings.filterwarnings("ignore")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        scripts = load_scripts(args.paths or DEFAULT_PATHS)
    except ScriptErrors as errors:
        print(f"{len(errors.problems)} problem(s) in the scripts; nothing was run:", file=sys.stderr)
        for problem in errors.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    turns = sum(len(s.turns) for s in scripts)
    if args.command == "validate":
        print(f"{len(scripts)} script(s), {turns} turn(s): all valid.")
        return 0

    _quiet_libraries()
    from bot.config import load_settings
    from triage_tools.nurse_scripts.reporters.console import print_table, progress_line
    from triage_tools.nurse_scripts.reporters.html import write_html
    from triage_tools.nurse_scripts.reporters.junit import write_junit
    from triage_tools.nurse_scripts.runner import Assistant, InProcessAssistant, RestAssistant, run_scripts

    started = time.monotonic()
    assistant: Assistant
    if args.url:
        assistant, target = RestAssistant(args.url), args.url
    else:
        from triage_tools.rasa_runtime import newest_model

        model = args.model or newest_model()
        print(f"Loading the assistant from {model} (about half a minute)...", file=sys.stderr, flush=True)
        assistant, target = InProcessAssistant(model), f"the model {model} (in-process)"
    print(f"Running {len(scripts)} script(s), {turns} turn(s) against {target}", file=sys.stderr, flush=True)

    def progress(index: int, result: ScriptResult) -> None:
        if not args.quiet:
            print(progress_line(index, len(scripts), result), file=sys.stderr, flush=True)

    results = run_scripts(scripts, assistant, on_script=progress)
    seconds = time.monotonic() - started
    print_table(results, seconds, sys.stdout)
    if args.junit:
        write_junit(results, seconds, args.junit)
        print(f"JUnit XML: {args.junit}")
    if args.html:
        write_html(results, seconds, target, args.html, load_settings())
        print(f"HTML report: {args.html} (open it in a web browser)")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
