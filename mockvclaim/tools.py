"""`mockvclaim sign` and `mockvclaim decrypt`: the two hand tools for poking at a VClaim
server (this mock or the real one) from a terminal, with the same crypto the mock uses."""

from __future__ import annotations

import argparse
import json
import shlex
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TextIO

from mockvclaim import terminal
from mockvclaim.config import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    DEMO_CONS_ID,
    DEMO_SECRET,
    DEMO_USER_KEY,
)
from mockvclaim.protocol import crypto
from mockvclaim.protocol.auth import WIB_OFFSET_SECONDS
from mockvclaim.web.context import WIB

# What the catalogue tells clients to send on writes, though the body is JSON (docs/vclaim-api.md
# §1.5).
WRITE_CONTENT_TYPE = "Application/x-www-form-urlencoded"
# Beyond this many seconds from now a timestamp is worth a warning: the mock's default
# --timestamp-skew is 300 s.
SKEW_WARNING_SECONDS = 300


def _consumer_arguments(parser: argparse.ArgumentParser, environ: Mapping[str, str]) -> None:
    parser.add_argument(
        "--cons-id",
        default=environ.get("MOCKVCLAIM_CONS_ID") or DEMO_CONS_ID,
        help="X-cons-id (MOCKVCLAIM_CONS_ID, default the demo consumer %(default)s)",
    )
    parser.add_argument(
        "--secret",
        default=environ.get("MOCKVCLAIM_SECRET") or DEMO_SECRET,
        help="consumer secret (MOCKVCLAIM_SECRET, default the demo consumer's)",
    )


def _base_url(environ: Mapping[str, str]) -> str:
    host = environ.get("MOCKVCLAIM_HOST") or DEFAULT_HOST
    # A server bound to every interface is reached on loopback from the same machine.
    host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
    port = environ.get("MOCKVCLAIM_PORT") or str(DEFAULT_PORT)
    return f"http://{host}:{port}/vclaim-rest-dev"


def add_sign_parser(commands: Any, environ: Mapping[str, str]) -> None:
    parser = commands.add_parser(
        "sign",
        help="print the four VClaim headers and a ready curl command",
        description="Print X-cons-id, X-timestamp, X-signature and user_key for a request, "
        "and a curl command that sends it. The signature is "
        "base64(HMAC-SHA256(secret, '{cons-id}&{timestamp}')).",
    )
    _consumer_arguments(parser, environ)
    parser.add_argument(
        "--user-key",
        default=environ.get("MOCKVCLAIM_USER_KEY") or DEMO_USER_KEY,
        help="user_key header (MOCKVCLAIM_USER_KEY, default the demo consumer's)",
    )
    parser.add_argument(
        "--timestamp",
        help="X-timestamp, seconds since 1970-01-01 UTC (default: now)",
    )
    parser.add_argument(
        "--url",
        help="full request URL (default: the local mock's SEP insert with --data, "
        "else its Peserta/nokartu lookup for today)",
    )
    parser.add_argument("--method", help="HTTP method (default: POST with --data, else GET)")
    parser.add_argument(
        "--data",
        help="request body: JSON text, or @FILE as curl reads it",
    )
    parser.add_argument(
        "--curl",
        action="store_true",
        help="print only the curl command, to run it: mockvclaim sign ... --curl | sh",
    )


def add_decrypt_parser(commands: Any, environ: Mapping[str, str]) -> None:
    parser = commands.add_parser(
        "decrypt",
        help="decrypt a VClaim `response` (or a whole answer) and print it as JSON",
        description="Decrypt an encrypted `response` the way a VClaim client does: "
        "AES-256-CBC with key SHA256(cons-id + secret + timestamp), then LZString. "
        "RESPONSE is the encrypted string, or a whole JSON answer "
        '({"metaData": ..., "response": ...}), or - to read it from stdin.',
    )
    _consumer_arguments(parser, environ)
    parser.add_argument(
        "--timestamp",
        required=True,
        help="the X-timestamp the REQUEST carried (the key depends on it)",
    )
    parser.add_argument("response", metavar="RESPONSE", help="encrypted text, JSON answer, or -")


def _skew_note(timestamp: int, now: float) -> str | None:
    ahead = timestamp - now
    if abs(ahead) <= SKEW_WARNING_SECONDS:
        return None
    if abs(ahead - WIB_OFFSET_SECONDS) <= SKEW_WARNING_SECONDS:
        return (
            f"X-timestamp {timestamp} is about 7 hours (+25200 s) ahead of UTC now: "
            "local WIB time instead of UTC? The server will answer "
            "'Signature Service Tidak Sesuai'."
        )
    return (
        f"X-timestamp {timestamp} is {ahead:+.0f} s from now; the mock accepts "
        "+/-300 s by default and answers 'Signature Service Tidak Sesuai' beyond that."
    )


def _default_url(environ: Mapping[str, str], has_body: bool, now: float) -> str:
    base = _base_url(environ)
    if has_body:
        return f"{base}/SEP/2.0/insert"
    today = datetime.fromtimestamp(now, tz=WIB).date().isoformat()
    return f"{base}/Peserta/nokartu/0001105689835/tglSEP/{today}"


def sign_command(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    out: TextIO,
    err: TextIO,
    *,
    now: float,
) -> int:
    timestamp = args.timestamp if args.timestamp is not None else str(int(now))
    if not (timestamp.isascii() and timestamp.isdecimal()):
        terminal.error(
            f"sign: --timestamp must be whole seconds since 1970, got {timestamp!r}", err
        )
        return 2
    data: str | None = args.data
    if data is not None and not data.startswith("@"):
        try:
            json.loads(data)
        except ValueError as problem:
            terminal.error(f"sign: --data is not JSON: {problem}", err)
            return 2
    note = _skew_note(int(timestamp), now)
    if note:
        terminal.warning(note, err)

    headers = crypto.signed_headers(args.cons_id, args.secret, args.user_key, timestamp)
    if not args.curl:
        for name, value in headers.items():
            print(f"{name}: {value}", file=out)

    method = (args.method or ("POST" if data is not None else "GET")).upper()
    url = args.url or _default_url(environ, data is not None, now)
    parts = [f"curl -sS -X {method} {shlex.quote(url)}"]
    parts += [f"-H {shlex.quote(f'{name}: {value}')}" for name, value in headers.items()]
    if data is not None:
        parts += [f"-H {shlex.quote('Content-Type: ' + WRITE_CONTENT_TYPE)}"]
        parts += [f"--data-binary {shlex.quote(data)}"]
    if args.curl:
        print(" \\\n  ".join(parts), file=out)
        return 0
    print("", file=out)
    print(" \\\n  ".join(parts), file=out)
    # The answer is encrypted with this very timestamp: say how to read it.
    secret_hint = "" if args.secret == DEMO_SECRET else " --secret '<secret>'"
    print(
        f"# decrypt the answer: ... | mockvclaim decrypt --cons-id {shlex.quote(args.cons_id)}"
        f"{secret_hint} --timestamp {timestamp} -",
        file=out,
    )
    return 0


class InputError(ValueError):
    """Decrypt input that is not an encrypted response or a VClaim answer."""


def _parse_input(text: str) -> tuple[dict[str, Any] | None, object]:
    """(the whole answer when one was given, the `response` value to decrypt)."""
    stripped = text.strip()
    if not stripped:
        raise InputError("no input: pass the encrypted response, a JSON answer, or - for stdin")
    if stripped[0] in '{["':
        try:
            parsed = json.loads(stripped)
        except ValueError as problem:
            raise InputError(f"input looks like JSON but does not parse: {problem}") from None
        if isinstance(parsed, dict):
            if "response" not in parsed:
                raise InputError("a JSON object without a 'response' member is not a VClaim answer")
            return parsed, parsed["response"]
        return None, parsed
    if stripped.startswith("<"):
        raise InputError(
            "input is HTML, not a VClaim answer: a gateway page (wrong base URL or service "
            "name, or a 5xx from the gateway)"
        )
    return None, stripped


def decrypt_command(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    text = stdin.read() if args.response == "-" else args.response
    try:
        answer, response = _parse_input(text)
        if response is None or not isinstance(response, str):
            # Error answers carry null; some endpoints answer plain JSON (docs/vclaim-api.md §2.3).
            kind = "null" if response is None else "plain JSON"
            terminal.note(f"`response` is {kind}, nothing to decrypt", err)
            decrypted: Any = response
        else:
            decrypted = _decrypt(response, args.cons_id, args.secret, args.timestamp)
    except InputError as problem:
        terminal.error(f"decrypt: {problem}", err)
        return 1
    result = decrypted if answer is None else {**answer, "response": decrypted}
    print(json.dumps(result, indent=2, ensure_ascii=False), file=out)
    return 0


def _decrypt(response: str, cons_id: str, secret: str, timestamp: str) -> Any:
    try:
        plaintext = crypto.decrypt_text(response, cons_id, secret, timestamp)
    except crypto.DecryptError as problem:
        raise InputError(
            f"{problem}. Decrypt with the cons-id and secret that signed the request and the "
            "X-timestamp that request carried; a plain response (e.g. SEP delete's SEP number) "
            "is not encrypted at all."
        ) from None
    try:
        return json.loads(plaintext)
    except ValueError:
        return plaintext
