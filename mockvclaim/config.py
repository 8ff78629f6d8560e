"""Settings from flags and MOCKVCLAIM_* environment variables (the flag wins)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mockvclaim.protocol.documents import DocumentError, load_document

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_DATA = ":memory:"
DEFAULT_SEED = 0
DEFAULT_TIMESTAMP_SKEW = 300  # seconds; the reference's suggestion, the real window is unknown
DEFAULT_JOURNAL_SIZE = 1000  # entries kept in memory, oldest dropped first
DEFAULT_MAX_BODY_BYTES = 1024 * 1024  # larger bodies get an envelope, not a 413 page
# Hardening limits (docs/interface.md §12): each one bounds what one hostile client or file
# can cost the process that every other CI job shares.
DEFAULT_JOURNAL_ENTRY_BYTES = 64 * 1024  # one journal entry's body, kept parsed up to this
DEFAULT_JOURNAL_BYTES = 32 * 1024 * 1024  # all journal entries together, oldest dropped first
DEFAULT_HEADER_TIMEOUT = 10.0  # seconds from a request's first byte to its last header
DEFAULT_BODY_TIMEOUT = 30.0  # seconds to receive a whole body (1 MiB at 35 KiB/s)
DEFAULT_IDLE_TIMEOUT = 75.0  # seconds a keep-alive connection may sit idle (nginx's default)

# The demo consumer: a hospital with PPK 0301R011, the catalogue's example facility.
DEMO_CONS_ID = "10000"
DEMO_SECRET = "mockvclaim-secret"
DEMO_USER_KEY = "mockvclaim-user-key"
DEMO_PPK = "0301R011"


@dataclass(frozen=True)
class Consumer:
    """A hospital registered with the mock. The secret never appears in a repr."""

    cons_id: str
    secret: str = field(repr=False)
    user_key: str = field(repr=False)
    ppk: str
    # Per-service user_key (antrean, aplicares, icare); docs/antrean-aplicares.md §2.2.
    user_keys: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class Settings:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    data: str = DEFAULT_DATA
    scenarios: tuple[Path, ...] = ()
    seed: int = DEFAULT_SEED
    timestamp_skew: int = DEFAULT_TIMESTAMP_SKEW
    strict: bool = False
    consumers: tuple[Consumer, ...] = (
        Consumer(DEMO_CONS_ID, DEMO_SECRET, DEMO_USER_KEY, DEMO_PPK),
    )
    admin_token: str | None = field(default=None, repr=False)
    journal_size: int = DEFAULT_JOURNAL_SIZE
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    journal_entry_bytes: int = DEFAULT_JOURNAL_ENTRY_BYTES
    journal_bytes: int = DEFAULT_JOURNAL_BYTES
    header_timeout: float = DEFAULT_HEADER_TIMEOUT
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT
    # Host names a browser may use for the control API besides IP literals and localhost.
    allowed_hosts: tuple[str, ...] = ()
    https_port: int | None = None  # None: no HTTPS (mockvclaim/tls.py)
    tls_cert: Path | None = None  # with tls_key: the user's certificate instead of a generated one
    tls_key: Path | None = None
    tls_dir: Path | None = None  # where the generated CA lives; None: tls.default_directory()
    tls_names: tuple[str, ...] = ()  # more host names for the generated certificate
    quiet: bool = False  # no access-log line per request
    port_file: str | None = None  # where `serve` writes the port it listens on


class ConfigError(ValueError):
    """A setting that cannot be used; the message says which and why."""


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of `mockvclaim serve`; every default comes from the environment later."""
    parser.add_argument("--host", help=f"bind address (MOCKVCLAIM_HOST, default {DEFAULT_HOST})")
    parser.add_argument(
        "--port", type=int, help=f"0 picks a free port (MOCKVCLAIM_PORT, default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--data", help=f"SQLite file for state (MOCKVCLAIM_DATA, default {DEFAULT_DATA})"
    )
    parser.add_argument(
        "--scenarios",
        help="extra scenario files or folders, comma separated (MOCKVCLAIM_SCENARIOS)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        help=f"same seed, same fake world (MOCKVCLAIM_SEED, default {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--timestamp-skew",
        type=int,
        help="seconds X-timestamp may differ from now "
        f"(MOCKVCLAIM_TIMESTAMP_SKEW, default {DEFAULT_TIMESTAMP_SKEW})",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        default=None,
        help="closed world: every rule BPJS enforces (MOCKVCLAIM_STRICT=1)",
    )
    parser.add_argument(
        "--consumers", help="YAML/JSON file listing consumers (MOCKVCLAIM_CONSUMERS)"
    )
    parser.add_argument(
        "--https-port",
        type=int,
        help="also serve HTTPS on this port, 0 picks a free one (MOCKVCLAIM_HTTPS_PORT, "
        "default: no HTTPS)",
    )
    parser.add_argument(
        "--tls-cert", help="PEM certificate chain for HTTPS (MOCKVCLAIM_TLS_CERT; default: made)"
    )
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert (MOCKVCLAIM_TLS_KEY)")
    parser.add_argument(
        "--tls-dir",
        help="folder of the generated CA, kept across starts (MOCKVCLAIM_TLS_DIR, "
        "default ~/.cache/mockvclaim/tls)",
    )
    parser.add_argument(
        "--tls-names",
        help="more host names or IPs for the generated certificate, comma separated "
        "(MOCKVCLAIM_TLS_NAMES)",
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        default=None,
        help="no access-log line per request (MOCKVCLAIM_QUIET=1)",
    )
    parser.add_argument(
        "--port-file",
        help="write the port served to this file once listening, for health checks "
        "(MOCKVCLAIM_PORT_FILE)",
    )
    parser.add_argument(
        "--journal-size",
        type=int,
        help="request journal entries kept "
        f"(MOCKVCLAIM_JOURNAL_SIZE, default {DEFAULT_JOURNAL_SIZE})",
    )


def settings_from(args: argparse.Namespace, environ: Mapping[str, str]) -> Settings:
    """Merge flags over environment over defaults."""

    def pick(flag: object, name: str) -> str | None:
        if flag is not None:
            return str(flag)
        return environ.get(f"MOCKVCLAIM_{name}") or None

    def integer(flag: object, name: str, default: int) -> int:
        value = pick(flag, name)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError:
            raise ConfigError(
                f"MOCKVCLAIM_{name} / --{name.lower()} must be a whole number, got {value!r}"
            ) from None

    def seconds(name: str, default: float) -> float:
        value = environ.get(f"MOCKVCLAIM_{name}") or None
        if value is None:
            return default
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number <= 0:
            raise ConfigError(
                f"MOCKVCLAIM_{name} must be a positive number of seconds, got {value!r}"
            )
        return number

    scenarios = pick(args.scenarios, "SCENARIOS")
    consumers_file = pick(args.consumers, "CONSUMERS")
    https_port = pick(args.https_port, "HTTPS_PORT")
    tls_cert, tls_key = pick(args.tls_cert, "TLS_CERT"), pick(args.tls_key, "TLS_KEY")
    if (tls_cert is None) != (tls_key is None):
        raise ConfigError("--tls-cert and --tls-key (MOCKVCLAIM_TLS_CERT/_KEY) go together")
    if tls_cert is not None and https_port is None:
        raise ConfigError("--tls-cert needs --https-port (MOCKVCLAIM_HTTPS_PORT)")
    tls_dir = pick(args.tls_dir, "TLS_DIR")
    tls_names = pick(args.tls_names, "TLS_NAMES") or ""

    def switch(flag: object, name: str) -> bool:
        value = environ.get(f"MOCKVCLAIM_{name}", "").strip().lower()
        return bool(flag) or value in {"1", "true", "yes", "on"}

    return Settings(
        host=pick(args.host, "HOST") or DEFAULT_HOST,
        port=integer(args.port, "PORT", DEFAULT_PORT),
        data=pick(args.data, "DATA") or DEFAULT_DATA,
        scenarios=tuple(Path(p.strip()) for p in scenarios.split(",") if p.strip())
        if scenarios
        else (),
        seed=integer(args.seed, "SEED", DEFAULT_SEED),
        timestamp_skew=integer(args.timestamp_skew, "TIMESTAMP_SKEW", DEFAULT_TIMESTAMP_SKEW),
        strict=switch(args.strict, "STRICT"),
        consumers=load_consumers(Path(consumers_file))
        if consumers_file
        else (single_consumer(environ),),
        admin_token=environ.get("MOCKVCLAIM_ADMIN_TOKEN") or None,
        journal_size=integer(args.journal_size, "JOURNAL_SIZE", DEFAULT_JOURNAL_SIZE),
        journal_entry_bytes=integer(None, "JOURNAL_ENTRY_BYTES", DEFAULT_JOURNAL_ENTRY_BYTES),
        journal_bytes=integer(None, "JOURNAL_BYTES", DEFAULT_JOURNAL_BYTES),
        header_timeout=seconds("HEADER_TIMEOUT", DEFAULT_HEADER_TIMEOUT),
        body_timeout=seconds("BODY_TIMEOUT", DEFAULT_BODY_TIMEOUT),
        idle_timeout=seconds("IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT),
        allowed_hosts=tuple(
            name.strip().lower()
            for name in environ.get("MOCKVCLAIM_ALLOWED_HOSTS", "").split(",")
            if name.strip()
        ),
        https_port=None if https_port is None else integer(https_port, "HTTPS_PORT", 0),
        tls_cert=None if tls_cert is None else Path(tls_cert),
        tls_key=None if tls_key is None else Path(tls_key),
        tls_dir=None if tls_dir is None else Path(tls_dir),
        tls_names=tuple(name.strip() for name in tls_names.split(",") if name.strip()),
        quiet=switch(args.quiet, "QUIET"),
        port_file=pick(args.port_file, "PORT_FILE"),
    )


def single_consumer(environ: Mapping[str, str]) -> Consumer:
    return Consumer(
        cons_id=environ.get("MOCKVCLAIM_CONS_ID") or DEMO_CONS_ID,
        secret=environ.get("MOCKVCLAIM_SECRET") or DEMO_SECRET,
        user_key=environ.get("MOCKVCLAIM_USER_KEY") or DEMO_USER_KEY,
        ppk=environ.get("MOCKVCLAIM_PPK") or DEMO_PPK,
    )


def load_consumers(path: Path) -> tuple[Consumer, ...]:
    """Read `consumers: [{cons_id, secret, user_key, ppk}, ...]` from a YAML or JSON file."""
    try:
        document = load_document(path)
    except DocumentError as error:
        raise ConfigError(f"cannot read consumers file: {error}") from None
    entries = document.get("consumers") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path}: expected a non-empty list under 'consumers:'")
    consumers = []
    for index, entry in enumerate(entries):
        missing = [
            k
            for k in ("cons_id", "secret", "user_key", "ppk")
            if not isinstance(entry, dict) or not entry.get(k)
        ]
        if missing:
            raise ConfigError(f"{path}: consumers[{index}] lacks {', '.join(missing)}")
        consumers.append(
            Consumer(
                str(entry["cons_id"]),
                str(entry["secret"]),
                str(entry["user_key"]),
                str(entry["ppk"]),
                service_user_keys(path, index, entry.get("user_keys")),
            )
        )
    ids = [c.cons_id for c in consumers]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"{path}: cons_id values must be unique")
    return tuple(consumers)


SERVICE_USER_KEYS = ("antrean", "aplicares", "icare")


def service_user_keys(path: Path, index: int, value: object) -> dict[str, str]:
    """`user_keys: {antrean: ..., aplicares: ..., icare: ...}`, each optional."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        key in SERVICE_USER_KEYS and isinstance(key_value, str) and key_value
        for key, key_value in value.items()
    ):
        raise ConfigError(
            f"{path}: consumers[{index}].user_keys must map some of "
            f"{', '.join(SERVICE_USER_KEYS)} to non-empty texts"
        )
    return {str(key): str(key_value) for key, key_value in value.items()}
