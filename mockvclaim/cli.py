"""`mockvclaim serve | check | sign | decrypt`: the command line."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from aiohttp import web

from mockvclaim import __version__, resources, tools
from mockvclaim.bpjs import refdata
from mockvclaim.config import (
    DEMO_SECRET,
    ConfigError,
    Settings,
    add_serve_arguments,
    settings_from,
)
from mockvclaim.protocol.operations import OPERATIONS
from mockvclaim.protocol.scenarios import ScenarioError, load_rules, scenario_files
from mockvclaim.protocol.validation import SchemaRegistry
from mockvclaim.web.app import create_app


def banner(settings: Settings, port: int) -> str:
    base = f"http://{settings.host}:{port}"
    lines = [
        f"mockvclaim {__version__}: mock BPJS Kesehatan VClaim 2.0",
        f"  Base URL     {base}/vclaim-rest-dev   (also {base}/vclaim-rest and {base}/)",
        f"  Antrean RS   {base}/antreanrs_dev   Aplicares {base}/aplicaresws"
        f"   i-Care {base}/ihs_dev",
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
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    await site.start()
    sockets = site._server.sockets if site._server is not None else ()  # type: ignore[attr-defined]
    port = sockets[0].getsockname()[1] if sockets else settings.port
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    # After the handlers: a Ctrl-C sent as soon as the banner shows must stop cleanly.
    print(banner(settings, port), file=out, flush=True)
    try:
        await stop.wait()
    finally:
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
    args = parser.parse_args(argv)

    if args.command == "check":
        return check(args.paths, out)
    if args.command == "sign":
        return tools.sign_command(args, environ, out, sys.stderr, now=time.time())
    if args.command == "decrypt":
        return tools.decrypt_command(args, stdin or sys.stdin, out, sys.stderr)
    try:
        settings = settings_from(args, environ)
        asyncio.run(serve(settings, out))
    except (ConfigError, ScenarioError, OSError) as problem:
        print(f"mockvclaim: {problem}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
