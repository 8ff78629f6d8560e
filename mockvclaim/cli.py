"""`mockvclaim serve | check | sign | decrypt`: the command line."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import logging
import os
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from aiohttp import web

from mockvclaim import __version__, resources, terminal, tools
from mockvclaim.bpjs import refdata
from mockvclaim.config import (
    DEMO_SECRET,
    ConfigError,
    Settings,
    add_serve_arguments,
    settings_from,
)
from mockvclaim.help_texts import CHECK_DESCRIPTION, SERVE_DESCRIPTION, SERVE_EPILOG
from mockvclaim.protocol import scenario_check
from mockvclaim.protocol.operations import OPERATIONS
from mockvclaim.protocol.scenarios import ScenarioError, load_rules, scenario_files
from mockvclaim.protocol.validation import SchemaRegistry
from mockvclaim.web.access_log import ACCESS_LOGGER
from mockvclaim.web.app import create_app
from mockvclaim.web.context import mock_state_key


def banner(settings: Settings, port: int, warnings: Sequence[str] = ()) -> str:
    base = f"http://{settings.host}:{port}"
    lines = [
        f"mockvclaim {__version__}: mock BPJS Kesehatan VClaim 2.0",
        f"  Base URL     {base}/vclaim-rest-dev   (also {base}/vclaim-rest and {base}/)",
    ]
    for consumer in settings.consumers:
        # Only the demo credentials are printed; configured secrets stay out of logs.
        demo = consumer.secret == DEMO_SECRET
        lines += [
            f"  X-cons-id    {consumer.cons_id}",
            f"  secret       {consumer.secret if demo else '(as configured)'}",
            f"  user_key     {consumer.user_key if demo else '(as configured)'}",
            f"  PPK          {consumer.ppk}",
        ]
    state = "in memory, fresh every start" if settings.data == ":memory:" else settings.data
    files = [str(path) for path in scenario_files([*settings.scenarios, resources.scenarios_dir()])]
    mode = "strict (closed world)" if settings.strict else "lenient"
    watched = " (reloaded when changed)" if settings.scenarios else ""
    lines += [
        f"  State        {state}",
        f"  Scenarios    {', '.join(files) or 'none'}{watched}",
        f"  Mode         {mode}, seed {settings.seed}",
        f"  Control API  {base}/_mock/health",
        f"  Inspector    {base}/_mock/",
        f"  Requests     {'not shown (--quiet)' if settings.quiet else 'one line each, below'}",
        *(f"{terminal.WARNING}{warning}" for warning in warnings),
        "Ctrl-C stops the server.",
    ]
    return "\n".join(lines)


def _log_to(out: TextIO, quiet: bool) -> None:
    """Access lines and reload notes go to the terminal `serve` prints its banner on."""
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("mockvclaim")
    logger.handlers = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logging.getLogger(ACCESS_LOGGER).setLevel(logging.WARNING if quiet else logging.INFO)


def _write_port_file(path: Path, port: int) -> None:
    path.write_text(f"{port}\n", encoding="ascii")


class PortInUse(OSError):
    """The port cannot be bound; the message says what to do."""


async def serve(settings: Settings, out: TextIO) -> None:
    app = create_app(settings)
    refdata.preload()
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    try:
        await site.start()
    except OSError as problem:
        await runner.cleanup()
        if problem.errno == errno.EADDRINUSE:
            raise PortInUse(
                f"port {settings.port} on {settings.host} is already in use. Stop what holds "
                f"it (`ss -ltnp 'sport = :{settings.port}'` names the process), or choose "
                "another port: --port 9000, or --port 0 for any free one (the banner shows it)"
            ) from None
        raise
    sockets = site._server.sockets if site._server is not None else ()  # type: ignore[attr-defined]
    port = sockets[0].getsockname()[1] if sockets else settings.port
    if settings.port_file:
        _write_port_file(Path(settings.port_file), port)
    _log_to(out, settings.quiet)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Before the banner: whoever reads "Ctrl-C stops the server." may send it at once.
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    rules = app[mock_state_key].scenarios.rules
    print(banner(settings, port, scenario_check.warnings(rules)), file=out, flush=True)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        print("mockvclaim stopped.", file=out, flush=True)


def check(paths: Sequence[str], out: TextIO) -> int:
    """Validate scenario files the way startup does, beside the built-in test cards; print
    every problem and warning; 0 when all are usable."""
    schemas = SchemaRegistry(resources.schemas_dir())
    op_ids = [operation.op_id for operation in OPERATIONS]
    given = [Path(p) for p in paths]
    built_in = resources.scenarios_dir()
    extra = [] if any(p.resolve() == built_in.resolve() for p in given) else [built_in]
    try:
        rules = load_rules([*given, *extra], schemas.validator("scenario"), op_ids)
    except ScenarioError as problem:
        for line in problem.problems:
            terminal.error(line, out)
        count = len(problem.problems)
        print(f"{count} problem(s): nothing was loaded", file=out)
        return 1
    warnings = scenario_check.warnings(rules)
    for warning in warnings:
        terminal.warning(warning, out)
    own = [rule for rule in rules if not extra or not _inside(rule.source, built_in)]
    print(f"ok: {len(own)} rule(s) in {len(paths)} path(s), {len(warnings)} warning(s)", file=out)
    return 0


def _inside(source: str, folder: Path) -> bool:
    return Path(source).resolve().parent == folder.resolve()


def build_parser(environ: Mapping[str, str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mockvclaim", description="Mock BPJS VClaim 2.0 server")
    parser.add_argument("--version", action="version", version=f"mockvclaim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser(
        "serve",
        help="run the mock server",
        description=SERVE_DESCRIPTION,
        epilog=SERVE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_serve_arguments(serve_parser)
    check_parser = commands.add_parser(
        "check",
        help="validate scenario files",
        description=CHECK_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check_parser.add_argument("paths", nargs="+", help="scenario files or folders")
    tools.add_sign_parser(commands, environ)
    tools.add_decrypt_parser(commands, environ)
    return parser


def main(
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    environ = os.environ if environ is None else environ
    try:
        return _run(build_parser(environ).parse_args(argv), environ, out, stdin)
    except BrokenPipeError:
        # `mockvclaim decrypt ... | head`: the reader left. Python's own advice: point
        # stdout at devnull so the flush at exit does not raise again.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1


def _run(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, stdin: TextIO | None
) -> int:
    if args.command == "check":
        return check(args.paths, out)
    if args.command == "sign":
        return tools.sign_command(args, environ, out, sys.stderr, now=time.time())
    if args.command == "decrypt":
        return tools.decrypt_command(args, stdin or sys.stdin, out, sys.stderr)
    try:
        settings = settings_from(args, environ)
        asyncio.run(serve(settings, out))
    except ScenarioError as problem:
        for line in problem.problems:
            terminal.error(line, sys.stderr)
        return 2
    except (ConfigError, OSError) as problem:
        terminal.error(str(problem), sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
