"""The command line of a page generated from code (ENDPOINTS.md, docs/operations.md): write
it, or with --check only say whether the checked-in copy is current."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path


def write_or_check(
    prog: str,
    description: str | None,
    default_output: str,
    render: Callable[[], str],
    argv: Sequence[str] | None = None,
) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument(
        "--output", default=default_output, help=f"file to write ({default_output})"
    )
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args(argv)
    target = Path(args.output)
    text = render()
    if args.check:
        current = target.read_text("utf-8") if target.exists() else ""
        if current != text:
            print(f"mockvclaim: error: {target} is out of date: run {prog}", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, "utf-8")
    print(f"wrote {target}")
    return 0
