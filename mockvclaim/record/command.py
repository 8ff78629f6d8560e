"""`mockvclaim record --upstream URL --out DIR`: flags, banner and the running proxy."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from aiohttp import web

from mockvclaim.config import (
    DEFAULT_HOST,
    DEFAULT_SEED,
    ConfigError,
    Consumer,
    load_consumers,
    single_consumer,
)
from mockvclaim.record.files import FolderNotEmpty, ScenarioFolder, prepare
from mockvclaim.record.proxy import create_proxy
from mockvclaim.record.recording import Exchange, NotRecorded, Recording
from mockvclaim.record.redaction import Redactor

DEFAULT_RECORD_PORT = 8081  # next to a mock on 8080


def add_record_parser(commands: Any, environ: Mapping[str, str]) -> None:
    parser = commands.add_parser(
        "record",
        help="a proxy that records a VClaim server's answers as scenario files",
        description="Point the SIMRS at this proxy instead of the VClaim server. Each request "
        "is forwarded unchanged; each answer is decrypted with the consumer's secret "
        "(MOCKVCLAIM_CONS_ID and MOCKVCLAIM_SECRET, or --consumers) and written, plain, to "
        "OUT/<operation id>.yaml. Secrets, user_key and signatures are never written.",
    )
    parser.add_argument(
        "--upstream",
        required=True,
        help="the VClaim base URL to forward to, e.g. "
        "https://apijkn-dev.bpjs-kesehatan.go.id/vclaim-rest-dev",
    )
    parser.add_argument("--out", required=True, help="an empty (or new) folder for the files")
    parser.add_argument(
        "--redact",
        action="store_true",
        help="replace participants' names, NIKs and phone numbers with the mock's generated ones",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="bind address (default %(default)s)")
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_RECORD_PORT,
        help="0 picks a free port (default %(default)s)",
    )
    parser.add_argument(
        "--consumers",
        default=environ.get("MOCKVCLAIM_CONSUMERS") or None,
        help="YAML/JSON file: consumers: [{cons_id, secret, user_key, ppk}] (MOCKVCLAIM_CONSUMERS)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        help="the seed whose people --redact borrows: the replaying mock's "
        f"(MOCKVCLAIM_SEED, default {DEFAULT_SEED})",
    )


def _seed(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    if args.seed is not None:
        return int(args.seed)
    text = environ.get("MOCKVCLAIM_SEED") or str(DEFAULT_SEED)
    try:
        return int(text)
    except ValueError:
        raise ConfigError(f"MOCKVCLAIM_SEED must be a whole number, got {text!r}") from None


def _consumers(args: argparse.Namespace, environ: Mapping[str, str]) -> tuple[Consumer, ...]:
    if args.consumers:
        return load_consumers(Path(args.consumers))
    return (single_consumer(environ),)


def banner(args: argparse.Namespace, port: int, consumers: tuple[Consumer, ...]) -> str:
    base = f"http://{args.host}:{port}"
    redact = f"names, NIKs and phones: the mock's, seed {args.seed}" if args.redact else "off"
    return "\n".join(
        [
            "mockvclaim record: a recording proxy",
            f"  Base URL     {base}/vclaim-rest-dev   (give the SIMRS this instead of the server)",
            f"  Upstream     {args.upstream}",
            f"  Scenarios    {args.out}   (one file per operation)",
            f"  X-cons-id    {', '.join(c.cons_id for c in consumers)}   (secrets never written)",
            f"  Redact       {redact}",
            "Ctrl-C stops the proxy.",
        ]
    )


async def _run(args: argparse.Namespace, consumers: tuple[Consumer, ...], out: TextIO) -> None:
    recording = Recording(consumers)
    folder = ScenarioFolder(Path(args.out), recording, Redactor(args.seed) if args.redact else None)

    def observe(exchange: Exchange) -> None:
        try:
            op_id = recording.add(exchange)
        except NotRecorded as why:
            print(f"  not recorded: {exchange.method} {exchange.path}: {why}", file=out, flush=True)
            return
        folder.write(op_id)
        print(f"  recorded {op_id} -> {folder.path_of(op_id)}", file=out, flush=True)

    runner = web.AppRunner(create_proxy(args.upstream, observe), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, args.host, args.port)
    await site.start()
    sockets = site._server.sockets if site._server is not None else ()  # type: ignore[attr-defined]
    port = sockets[0].getsockname()[1] if sockets else args.port
    print(banner(args, port, consumers), file=out, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        print("mockvclaim record stopped.", file=out, flush=True)


def record_command(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    if not args.upstream.startswith(("http://", "https://")):
        print(
            f"mockvclaim record: --upstream must be an http(s) URL, got {args.upstream!r}", file=err
        )
        return 2
    try:
        consumers = _consumers(args, environ)
        args.seed = _seed(args, environ)
        prepare(Path(args.out))
        asyncio.run(_run(args, consumers, out))
    except (ConfigError, FolderNotEmpty, OSError) as problem:
        print(f"mockvclaim record: {problem}", file=err)
        return 2
    return 0
