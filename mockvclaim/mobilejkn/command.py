"""`mockvclaim mobilejkn --target URL`: the flow from a terminal or a CI job (docs/interface.md
§2). Exit 0 when every step passed, 1 on any failure, 2 on bad settings."""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from mockvclaim.mobilejkn import bodies, report
from mockvclaim.mobilejkn import endpoints as ep
from mockvclaim.mobilejkn.flow import (
    DEMO_PPK,
    MOBILE_JKN_TIMEOUT_MS,
    FlowSettings,
    Report,
    run_flow,
)

ENV_TARGET = "MOCKVCLAIM_MOBILEJKN_TARGET"
ENV_USERNAME = "MOCKVCLAIM_MOBILEJKN_USERNAME"
ENV_PASSWORD = "MOCKVCLAIM_MOBILEJKN_PASSWORD"
EXIT_PASSED, EXIT_FAILED, EXIT_SETTINGS = 0, 1, 2


def add_parser(commands: Any, environ: Mapping[str, str]) -> None:
    parser = commands.add_parser(
        "mobilejkn",
        help="play Mobile JKN against a hospital's WS RS and report what conforms",
        description="Call a hospital's WS RS the way Mobile JKN does (token, booking, new "
        "patient, status, check-in, remaining queue, pharmacy, cancel, surgery schedules, "
        "and wrong calls that must be refused with code 201), check every answer, and "
        "print one line per step. Exit 1 when any step fails.",
    )
    parser.add_argument(
        "--target",
        default=environ.get(ENV_TARGET),
        help=f"the WS RS base URL; the service paths are joined to it ({ENV_TARGET})",
    )
    parser.add_argument(
        "--username",
        default=environ.get(ENV_USERNAME),
        help=f"x-username the hospital gave BPJS ({ENV_USERNAME})",
    )
    parser.add_argument(
        "--password",
        default=environ.get(ENV_PASSWORD),
        help=f"x-password ({ENV_PASSWORD}; prefer the variable: flags show in `ps`)",
    )
    parser.add_argument(
        "--preset",
        choices=sorted(ep.PRESETS),
        default=ep.DEFAULT_PRESET,
        help="service paths of a known implementation (default %(default)s)",
    )
    parser.add_argument(
        "--path",
        action="append",
        default=[],
        metavar="SERVICE=PATH",
        help="one service's path, e.g. ambilantrean=antrean/ambil (repeatable); services: "
        + ", ".join(ep.BY_KEY),
    )
    parser.add_argument(
        "--budget-ms",
        type=float,
        default=MOBILE_JKN_TIMEOUT_MS,
        help="longest a call may take, Mobile JKN's timeout (default %(default).0f)",
    )
    parser.add_argument("--seed", type=int, default=0, help="the mock world's seed (default 0)")
    parser.add_argument(
        "--ppk",
        default=DEMO_PPK,
        help="hospital whose generated schedule picks poli, doctor and day (default %(default)s)",
    )
    parser.add_argument("--kodepoli", help="book this poli (BPJS subspecialty code)")
    parser.add_argument("--kodedokter", help="the hospital's HFIS doctor code (with --jampraktek)")
    parser.add_argument("--jampraktek", help="that doctor's session, e.g. 08:00-12:00")
    parser.add_argument(
        "--tanggal", help="visit day yyyy-MM-dd for --kodedokter (default tomorrow)"
    )
    parser.add_argument("--closed-poli", help="a poli code the hospital does not run today")
    parser.add_argument(
        "--run-id",
        type=int,
        help="same number, same participants (default: new ones from the clock each run)",
    )
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated services the hospital does not run, e.g. "
        "ambilantreanfarmasi,statusantreanfarmasi",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report")


class SettingsError(ValueError):
    """Settings the flow cannot run with."""


def settings_from(args: argparse.Namespace, today: date) -> FlowSettings:
    missing = [name for name in ("target", "username", "password") if not getattr(args, name)]
    if missing:
        flags = ", ".join(f"--{name}" for name in missing)
        raise SettingsError(f"{flags} needed (or {ENV_TARGET}, {ENV_USERNAME}, {ENV_PASSWORD})")
    try:
        paths = ep.paths_from(args.preset, args.path)
    except ep.PathError as problem:
        raise SettingsError(str(problem)) from None
    skip = frozenset(part.strip() for part in args.skip.split(",") if part.strip())
    unknown = skip - set(ep.BY_KEY)
    if unknown:
        raise SettingsError(f"--skip names no service: {', '.join(sorted(unknown))}")
    if args.budget_ms <= 0:
        raise SettingsError("--budget-ms must be above 0")
    own = (args.kodedokter, args.jampraktek)
    if args.tanggal and not any(own):
        raise SettingsError("--tanggal goes with --kodedokter and --jampraktek")
    jadwal = None
    if any(own):
        if not (all(own) and args.kodepoli):
            raise SettingsError("--kodedokter needs --kodepoli and --jampraktek")
        try:
            day = date.fromisoformat(args.tanggal) if args.tanggal else today + timedelta(days=1)
        except ValueError:
            raise SettingsError(f"--tanggal is yyyy-MM-dd; got {args.tanggal!r}") from None
        try:
            jadwal = bodies.jadwal_given(args.kodepoli, args.kodedokter, args.jampraktek, day)
        except bodies.WorldError as problem:
            raise SettingsError(str(problem)) from None
    return FlowSettings(
        target=args.target,
        username=args.username,
        password=args.password,
        paths=paths,
        budget_ms=args.budget_ms,
        seed=args.seed,
        ppk=args.ppk,
        jadwal=jadwal,
        kodepoli=args.kodepoli,
        closed_poli=args.closed_poli,
        run_id=args.run_id,
        skip=skip,
    )


def run(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    *,
    now: Callable[[], float] | None = None,
) -> int:
    now = now or time.time
    try:
        settings = settings_from(args, datetime.fromtimestamp(now(), bodies.WIB).date())
        result: Report = asyncio.run(run_flow(settings, now=now))
    except (SettingsError, bodies.WorldError) as problem:
        print(f"mockvclaim mobilejkn: {problem}", file=err)
        return EXIT_SETTINGS
    print(report.json_text(result) if args.json else report.text(result), file=out)
    if args.junit:
        Path(args.junit).write_bytes(report.junit(result))
    return EXIT_PASSED if result.ok else EXIT_FAILED
