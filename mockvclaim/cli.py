"""`mockvclaim serve | check | sign | decrypt | record | openapi | mobilejkn`: the command line."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from aiohttp import web

from mockvclaim import __version__, resources, tools
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
from mockvclaim.mobilejkn import command as mobilejkn
from mockvclaim.protocol import rule_checks
from mockvclaim.protocol.operations import OPERATIONS
from mockvclaim.protocol.payload_check import check_payloads
from mockvclaim.protocol.scenarios import ScenarioError, load_rules, scenario_files
from mockvclaim.protocol.validation import SchemaRegistry
from mockvclaim.record.command import add_record_parser, record_command
from mockvclaim.web import connections
from mockvclaim.web.app import create_app


def banner(
    settings: Settings, port: int, https_port: int | None = None, ca_file: Path | None = None
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
    lines += [
        f"  State        {state}",
        f"  Scenarios    {', '.join(files) or 'none'}",
        f"  Mode         {mode}, seed {settings.seed}",
        f"  Control API  {base}/_mock/health",
        f"  Inspector    {base}/_mock/",
        "Ctrl-C stops the server.",
    ]
    return "\n".join(lines)


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
    listening = [await connections.start_site(runner, settings)]
    port = connections.bound_port(listening[0])
    https_port = None
    if https is not None and settings.https_port is not None:
        listening.append(
            await connections.start_site(
                runner, settings, port=settings.https_port, ssl_context=https.context
            )
        )
        https_port = connections.bound_port(listening[-1])
    ca_file = https.ca_file if https is not None else None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    # The banner tells a supervisor the server is up: Ctrl-C must already stop it cleanly.
    print(banner(settings, port, https_port, ca_file), file=out, flush=True)
    try:
        await stop.wait()
    finally:
        for server in listening:
            server.close()
        await runner.cleanup()
        print("mockvclaim stopped.", file=out, flush=True)


def check(paths: Sequence[str], out: TextIO) -> int:
    """Validate scenario files the way startup does; 0 when all are usable."""
    schemas = SchemaRegistry(resources.schemas_dir())
    op_ids = [operation.op_id for operation in OPERATIONS]
    try:
        rules = load_rules([Path(p) for p in paths], schemas.validator("scenario"), op_ids)
    except ScenarioError as problem:
        print(f"error: {problem}", file=out)
        return 1
    findings = check_payloads(rules, {op.op_id: op for op in OPERATIONS}, schemas)
    for warning in findings.warnings:
        print(f"warning: {warning}", file=out)
    for error in findings.errors:
        print(f"error: {error}", file=out)
    if findings.errors:
        return 1
    for rule in rules:
        for path, warning in rule_checks.warnings(rule.definition):
            field = ".".join(str(part) for part in path)
            print(f"warning: {rule.source}: rule {rule.id!r}, field {field}: {warning}", file=out)
    print(f"ok: {len(rules)} rule(s) in {len(paths)} path(s)", file=out)
    return 0


def main(
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    environ = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(prog="mockvclaim", description="Mock BPJS VClaim 2.0 server")
    parser.add_argument("--version", action="version", version=f"mockvclaim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="run the mock server")
    add_serve_arguments(serve_parser)
    check_parser = commands.add_parser("check", help="validate scenario files")
    check_parser.add_argument("paths", nargs="+", help="scenario files or folders")
    tools.add_sign_parser(commands, environ)
    tools.add_decrypt_parser(commands, environ)
    add_record_parser(commands, environ)
    add_openapi_parser(commands)
    mobilejkn.add_parser(commands, environ)
    args = parser.parse_args(argv)

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
    except (ConfigError, ScenarioError, OSError) as problem:
        print(f"mockvclaim: {problem}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
