"""Only the channels a clinic switched on: each section of a credentials file is on when its own ${VARIABLES} are set.

Rasa refuses to start when any ${VAR} in its credentials file is unset, so one template with every channel
would be all or nothing. This writes a copy of the file with the sections whose variables are all set
(still as ${VAR}: Rasa reads the values, no secret is written), leaves out those with none set, and
reports a section with only some set as an error, leaving that channel off and the others running.

Usage: python -m bot.channels.enabled CREDENTIALS OUTPUT   (scripts/serve.sh runs it before Rasa starts)
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

# Sections that are not a channel but the server's own protections (docs/security.md): kept, never listed.
SERVER_WIDE = frozenset({"bot.channels.safeguards.ServerSafeguards"})
VARIABLE = re.compile(r"\$\{([^}]+)\}")  # how Rasa names an environment variable in a credentials file
TOP_LEVEL_KEY = re.compile(r"^([^\s#][^:]*):")


@dataclass(frozen=True)
class Channel:
    """One section of a credentials file and the environment variables it needs."""

    key: str  # "rest", "bot.channels.twilio.TwilioInput", ...
    lines: tuple[str, ...]
    variables: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def name(self) -> str:
        """A short name for messages: "twilio" for bot.channels.twilio.TwilioInput."""
        return re.sub(r"Input$", "", self.key.rsplit(".", 1)[-1]).lower()

    @property
    def is_channel(self) -> bool:
        return self.key not in SERVER_WIDE

    @property
    def on(self) -> bool:
        return not self.missing

    @property
    def half_configured(self) -> bool:
        return bool(self.missing) and len(self.missing) < len(self.variables)


def channels_in(text: str, environ: Mapping[str, str]) -> list[Channel]:
    """Every top-level section of a credentials file, with the variables its values name that are unset."""
    sections: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        heading = TOP_LEVEL_KEY.match(line)
        if heading:
            sections.append((heading.group(1).strip(), [line]))
        elif sections and not line.lstrip().startswith("#"):
            sections[-1][1].append(line)
    channels = []
    for key, lines in sections:
        values = [line.split(" #", 1)[0] for line in lines]
        variables = tuple(dict.fromkeys(name for value in values for name in VARIABLE.findall(value)))
        missing = tuple(name for name in variables if not environ.get(name))
        channels.append(Channel(key, tuple(lines), variables, missing))
    return channels


def switched_on(channels: list[Channel]) -> str:
    """The credentials text with only the channels that are on."""
    return "".join("\n".join(channel.lines).rstrip() + "\n" for channel in channels if channel.on)


def report(channels: list[Channel]) -> list[str]:
    """What a clinic reads at start-up: channels on, channels off and why, half-configured ones as errors."""
    lines = ["Channels on: " + (", ".join(c.name for c in channels if c.on and c.is_channel) or "none")]
    for channel in channels:
        if channel.half_configured:
            present = [name for name in channel.variables if name not in channel.missing]
            lines.append(f"ERROR: channel {channel.name} is off: {', '.join(channel.missing)} not set "
                         f"(but {', '.join(present)} set). Set the missing ones to switch it on, or unset the others.")
        elif not channel.on:
            lines.append(f"Channel {channel.name} is off (to switch it on, set {', '.join(channel.variables)}).")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    source, target = Path(args[0]), Path(args[1])
    channels = channels_in(source.read_text(encoding="utf-8"), os.environ)
    target.write_text(switched_on(channels), encoding="utf-8")
    for line in report(channels):
        print(line, file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
