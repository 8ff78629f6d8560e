"""`mockvclaim serve | check | sign | decrypt | record | openapi | mobilejkn`: the command line."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import gc
import logging
import os
import signal
import ssl
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from aiohttp import web

from mockvclaim import __version__, resources, terminal, tools
from mockvclaim.apidocs.command import add_openapi_parser, openapi_command
from mockvclaim.bpjs import refdata
from mockvclaim.config import (
    DEMO_SECRET,
    DEMO_USER_KEY,
    ConfigError,
    Settings,
    add_serve_arguments,
    settings_from,
)
from mockvclaim.help_texts import CHECK_DESCRIPTION, SERVE_DESCRIPTION, SERVE_EPILOG
from mockvclaim.mobilejkn import command as mobilejkn
from mockvclaim.protocol import rule_checks, scenario_check
from mockvclaim.protocol.operations import OPERATIONS
from mockvclaim.protocol.payload_check import check_payloads
from mockvclaim.protocol.scenarios import ScenarioError, load_rules, scenario_files
from mockvclaim.protocol.validation import SchemaRegistry
from mockvclaim.record.command import add_record_parser, record_command
from mockvclaim.web import connections
from mockvclaim.web.access_log import ACCESS_LOGGER
from mockvclaim.web.app import create_app
from mockvclaim.web.context import mock_state_key


def banner(
    settings: Settings,
    port: int,
    https_port: int | None = None,
    ca_file: Path | None = None,
    warnings: Sequence[str] = (),
) -> str:
    base = f"http://{settings.host}:{port}"
    lines = [
        f"mockvclaim {__version__}: mock BPJS Kesehatan VClaim 2.0",
        f"  Base URL     {base}/vclaim-rest-dev   (also {base}/vclaim-rest and {base}/)",
        f"  Antrean RS   {base}/antreanrs_dev   Aplicares {base}/aplicaresws"
        f"   i-Care {base}/ihs_dev",
    ]
    if https_port is not None:
        secure = f"https://{settings.host}:{https_port}"
        lines.append(f"  HTTPS        {secure}/vclaim-rest-dev   (also {secure}/vclaim-rest)")
        trust = ca_file or "your --tls-cert's CA"
        lines.append(f'  CA file      {trust}   (trust it: README "HTTPS")')
    for consumer in settings.consumers:
        # Only the demo credentials are printed, each on its own: a configured secret or
        # user_key stays out of logs even when the other one is the demo's.
        secret = consumer.secret if consumer.secret == DEMO_SECRET else "(as configured)"
        user_key = consumer.user_key if consumer.user_key == DEMO_USER_KEY else "(as configured)"
        lines += [
            f"  X-cons-id    {consumer.cons_id}",
            f"  secret       {secret}",
            f"  user_key     {user_key}",
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


async def _listen(
    runner: web.AppRunner, settings: Settings, port: int, ssl_context: ssl.SSLContext | None
) -> asyncio.Server:
    try:
        return await connections.start_site(runner, settings, port=port, ssl_context=ssl_context)
    except OSError as problem:
        await runner.cleanup()
        if problem.errno == errno.EADDRINUSE:
            raise PortInUse(
                f"port {port} on {settings.host} is already in use. Stop what holds "
                f"it (`ss -ltnp 'sport = :{port}'` names the process), or choose "
                "another port: --port 9000, or --port 0 for any free one (the banner shows it)"
            ) from None
        raise


async def serve(settings: Settings, out: TextIO) -> None:
    app = create_app(settings)
    refdata.preload()
    https = None
    if settings.https_port is not None:
        # Only when asked: cryptography costs every other command ~0.2 s of start-up.
        from mockvclaim import tls

        https = tls.prepare(settings)
    # What start-up built (schemas, reference data, rules) lives as long as the process:
    # keep it out of the collector's way so collections scan only request garbage.
    gc.collect()
    gc.freeze()
    runner = web.AppRunner(app, **connections.runner_arguments(settings))
    await runner.setup()
    listening = [await _listen(runner, settings, settings.port, None)]
    port = connections.bound_port(listening[0])
    https_port = None
    if https is not None and settings.https_port is not None:
        listening.append(await _listen(runner, settings, settings.https_port, https.context))
        https_port = connections.bound_port(listening[-1])
    ca_file = https.ca_file if https is not None else None
    if settings.port_file:
        _write_port_file(Path(settings.port_file), port)
    _log_to(out, settings.quiet)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Before the banner: whoever reads "Ctrl-C stops the server." may send it at once.
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    warnings = scenario_check.warnings(app[mock_state_key].scenarios.rules)
    print(banner(settings, port, https_port, ca_file, warnings), file=out, flush=True)
    try:
        await stop.wait()
    finally:
        for server in listening:
            server.close()
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
    findings = check_payloads(rules, {op.op_id: op for op in OPERATIONS}, schemas)
    for error in findings.errors:
        terminal.error(error, out)
    if findings.errors:
        print(f"{len(findings.errors)} problem(s) in payloads", file=out)
        return 1
    warnings = [*scenario_check.warnings(rules), *findings.warnings]
    for rule in rules:
        for path, text in rule_checks.warnings(rule.definition):
            field = ".".join(str(part) for part in path)
            warnings.append(f"{rule.source}: rule {rule.id!r}, field {field}: {text}")
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
    add_record_parser(commands, environ)
    add_openapi_parser(commands)
    mobilejkn.add_parser(commands, environ)
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
    if args.command == "openapi":
        return openapi_command(args, environ, out, sys.stderr)
    if args.command == "record":
        return record_command(args, environ, out, sys.stderr)
    if args.command == "mobilejkn":
        return mobilejkn.run(args, out, sys.stderr)
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
