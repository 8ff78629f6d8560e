"""What the command line prints about problems: one prefix for each kind, whatever the
command, so a CI log can be searched for `mockvclaim: error:`."""

from __future__ import annotations

from typing import TextIO

ERROR = "mockvclaim: error: "
WARNING = "mockvclaim: warning: "
NOTE = "mockvclaim: note: "


def error(text: str, out: TextIO) -> None:
    print(f"{ERROR}{text}", file=out, flush=True)


def warning(text: str, out: TextIO) -> None:
    print(f"{WARNING}{text}", file=out, flush=True)


def note(text: str, out: TextIO) -> None:
    print(f"{NOTE}{text}", file=out, flush=True)
