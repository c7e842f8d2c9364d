"""The care-team command: serve the inbox (with the event feed and alerts), manage accounts, erase, audit.

    python -m bot.careteam serve                  # what `make run` starts
    python -m bot.careteam add-user NAME          # create an inbox account, or set a new password
    python -m bot.careteam remove-user NAME
    python -m bot.careteam users
    python -m bot.careteam erase CONVERSATION_ID  # everywhere it is stored (asks first; --yes to skip)
    python -m bot.careteam purge                  # apply the retention period now
    python -m bot.careteam audit [--limit N]      # the newest audit-log entries
"""
from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
import time
from dataclasses import replace

from bot.careteam.clock import shown
from bot.careteam.config import load_care_team_settings
from bot.careteam.service import CareTeam, open_care_team, serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.careteam", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="the inbox, the event feed and alerts")
    run.add_argument("--host")
    run.add_argument("--port", type=int)
    add = commands.add_parser("add-user", help="create an inbox account or set a new password")
    add.add_argument("username")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    remove = commands.add_parser("remove-user", help="delete an inbox account")
    remove.add_argument("username")
    commands.add_parser("users", help="list the inbox accounts")
    erase = commands.add_parser("erase", help="erase one conversation everywhere it is stored")
    erase.add_argument("conversation_id", help="Rasa's sender id, shown on the conversation's inbox page")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    commands.add_parser("purge", help="erase every conversation older than the retention period now")
    audit = commands.add_parser("audit", help="print the newest audit-log entries")
    audit.add_argument("--limit", type=int, default=50)
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = load_care_team_settings()
    if args.command == "serve":
        settings = replace(settings, host=args.host or settings.host, port=args.port or settings.port)
    try:
        care_team = open_care_team(settings)
    except (OSError, ValueError) as error:
        print(f"Care-team inbox: {error}", file=sys.stderr)
        return 1
    return COMMANDS[args.command](care_team, args)


def _serve(care_team: CareTeam, args: argparse.Namespace) -> int:
    settings = care_team.settings
    shown_host = "localhost" if settings.host in ("127.0.0.1", "0.0.0.0", "::") else settings.host
    print(f"Care-team inbox: http://{shown_host}:{settings.port}/", flush=True)
    if not care_team.accounts.usernames():
        print("  No inbox account yet: create one with `.venv/bin/python -m bot.careteam add-user NAME`", flush=True)
    if not settings.alerts.url:
        print("  Care-team alerts are off (set CARE_TEAM_ALERT_URL, see docs/care-team.md)", flush=True)
    try:
        asyncio.run(serve(care_team))
    except KeyboardInterrupt:
        pass
    return 0


def _add_user(care_team: CareTeam, args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"New password for {args.username}: ")
        if getpass.getpass("Same password again: ") != password:
            print("The passwords differ; nothing changed.", file=sys.stderr)
            return 1
    try:
        created = care_team.accounts.set_password(args.username, password, time.time())
    except ValueError as error:
        print(f"Not saved: {error}.", file=sys.stderr)
        return 1
    care_team.audit.record(time.time(), _operator(), "add_user" if created else "set_password",
                           detail=args.username)
    print(f"{'Created' if created else 'Changed the password of'} inbox account {args.username}.")
    return 0


def _remove_user(care_team: CareTeam, args: argparse.Namespace) -> int:
    if not care_team.accounts.remove(args.username):
        print(f"No inbox account {args.username}.", file=sys.stderr)
        return 1
    care_team.audit.record(time.time(), _operator(), "remove_user", detail=args.username)
    print(f"Removed inbox account {args.username}.")
    return 0


def _users(care_team: CareTeam, args: argparse.Namespace) -> int:
    print("\n".join(care_team.accounts.usernames()) or "No inbox accounts.")
    return 0


def _erase(care_team: CareTeam, args: argparse.Namespace) -> int:
    if not args.yes:
        answer = input(f"Erase conversation {args.conversation_id!r} from the tracker store, the event broker "
                       f"table and the care-team inbox? This cannot be undone. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing erased.")
            return 1
    record = care_team.log.conversation_public_id(args.conversation_id)
    erased = care_team.eraser.erase(args.conversation_id)
    care_team.audit.record(time.time(), _operator(), "erase", conversation=record,
                           detail=f"{sum(erased.values())} rows")
    for place, rows in erased.items():
        print(f"{place}: {rows} row(s) erased")
    return 0


def _purge(care_team: CareTeam, args: argparse.Namespace) -> int:
    days = care_team.settings.retention_days
    erased = care_team.eraser.purge(time.time(), 86400 * days)
    care_team.audit.record(time.time(), _operator(), "purge", detail=f"{len(erased)} conversations, {days} days")
    print(f"Erased {len(erased)} conversation(s) silent for more than {days} days.")
    return 0


def _audit(care_team: CareTeam, args: argparse.Namespace) -> int:
    for entry in care_team.audit.entries(limit=args.limit):
        print("\t".join([shown(entry.at, care_team.zone), entry.username, entry.action, entry.conversation or "-",
                         entry.remote or "-", entry.detail or ""]))
    return 0


def _operator() -> str:
    """Who ran a command (the operating-system account), for the audit log."""
    try:
        return "cli:" + getpass.getuser()
    except (KeyError, OSError):
        return "cli"


COMMANDS = {"serve": _serve, "add-user": _add_user, "remove-user": _remove_user, "users": _users, "erase": _erase,
            "purge": _purge, "audit": _audit}

if __name__ == "__main__":
    sys.exit(main())
