"""SEP insert throughput and latency against a bare aiohttp baseline, side by side.

Both servers run as separate processes pinned to CPU 0, the load generator to CPU 1.
The baseline answers every POST with a canned body of the same size as a real encrypted
insert answer, so the ratio is the price of fidelity: auth, schema, rules, SQLite,
LZString and AES. Rounds alternate (mock, baseline, mock, baseline, ...) so drift on a noisy
machine hits both alike. Besides requests per second it reports server CPU time per
request, read from /proc, which does not depend on how fast the load generator is.

    python3 bench/insert_throughput.py [--seconds 8] [--concurrency 32] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import aiohttp

from mockvclaim.protocol import crypto

ROOT = Path(__file__).resolve().parents[1]
CONS_ID, SECRET, USER_KEY = "10000", "mockvclaim-secret", "mockvclaim-user-key"
SERVER_CPU, CLIENT_CPU = 0, 1
WIB = timezone(timedelta(hours=7))


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    cpu_seconds: float
    failures: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    @property
    def cpu_us_per_request(self) -> float:
        return self.cpu_seconds / max(self.requests, 1) * 1e6


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(command: list[str], ready: str) -> tuple[subprocess.Popen[str], int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCKVCLAIM_")}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    assert process.stdout is not None
    output = ""
    while ready not in output:
        line = process.stdout.readline()
        if not line:
            raise SystemExit(f"{command} did not start:\n{output}")
        output += line
    match = re.search(r"127\.0\.0\.1:(\d+)", output)
    assert match, output
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(process.pid, {SERVER_CPU})
    return process, int(match.group(1))


def headers() -> dict[str, str]:
    timestamp = str(int(time.time()))
    return {
        **crypto.signed_headers(CONS_ID, SECRET, USER_KEY, timestamp),
        "Content-Type": "Application/x-www-form-urlencoded",
    }


def insert_body(serial: int) -> bytes:
    today = datetime.now(WIB).date().isoformat()
    t_sep = {
        "noKartu": f"0007{serial:09d}",  # a new participant each time: no duplicate-visit rule
        "tglSep": today,
        "ppkPelayanan": "0301R011",
        "jnsPelayanan": "2",
        "klsRawat": {
            "klsRawatHak": "3",
            "klsRawatNaik": "",
            "pembiayaan": "",
            "penanggungJawab": "",
        },
        "noMR": f"MR{serial}",
        "rujukan": {
            "asalRujukan": "1",
            "tglRujukan": today,
            "noRujukan": f"0050B107{today[5:7]}{today[2:4]}P{serial % 1_000_000:06d}",
            "ppkRujukan": "0050B107",
        },
        "catatan": "bench",
        "diagAwal": "A15",
        "poli": {"tujuan": "INT", "eksekutif": "0"},
        "cob": {"cob": "0"},
        "katarak": {"katarak": "0"},
        "jaminan": {
            "lakaLantas": "0",
            "noLP": "",
            "penjamin": {"tglKejadian": "", "keterangan": ""},
        },
        "tujuanKunj": "0",
        "flagProcedure": "",
        "kdPenunjang": "",
        "assesmentPel": "",
        "skdp": {"noSurat": "", "kodeDPJP": ""},
        "dpjpLayan": "31574",
        "noTelp": "081234567890",
        "user": "bench",
    }
    return json.dumps({"request": {"t_sep": t_sep}}).encode()


async def load(
    name: str, url: str, pid: int, seconds: float, concurrency: int, first: int
) -> Result:
    serial = first
    latencies: list[float] = []
    failures = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker(deadline: float) -> None:
            nonlocal serial, failures
            while time.perf_counter() < deadline:
                serial += 1
                started = time.perf_counter()
                async with session.post(url, data=insert_body(serial), headers=headers()) as reply:
                    body = await reply.read()
                latencies.append((time.perf_counter() - started) * 1000)
                if reply.status != 200 or b'"code":"200"' not in body:
                    failures += 1

        await asyncio.gather(*(worker(time.perf_counter() + 1.0) for _ in range(concurrency)))
        latencies.clear()
        failures = 0
        cpu_before, started = cpu_seconds(pid), time.perf_counter()
        await asyncio.gather(*(worker(started + seconds) for _ in range(concurrency)))
        elapsed, cpu = time.perf_counter() - started, cpu_seconds(pid) - cpu_before
    return Result(name, len(latencies), elapsed, latencies, cpu, failures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="measured seconds per round")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {CLIENT_CPU})

    mock, mock_port = start([sys.executable, "-m", "mockvclaim", "serve", "--port", "0"], "Ctrl-C")
    mock_url = f"http://127.0.0.1:{mock_port}/vclaim-rest-dev/SEP/2.0/insert"

    async def sample() -> bytes:
        async with (
            aiohttp.ClientSession() as session,
            session.post(mock_url, data=insert_body(0), headers=headers()) as reply,
        ):
            return await reply.read()

    size = len(asyncio.run(sample()))
    baseline, base_port = start(
        [sys.executable, str(ROOT / "bench" / "baseline_server.py"), "--size", str(size)],
        "listening",
    )
    base_url = f"http://127.0.0.1:{base_port}/vclaim-rest-dev/SEP/2.0/insert"

    results: dict[str, list[Result]] = {"mockvclaim": [], "baseline": []}
    try:
        for round_number in range(args.rounds):
            first = (round_number + 1) * 10_000_000
            for name, url, process in (
                ("mockvclaim", mock_url, mock),
                ("baseline", base_url, baseline),
            ):
                result = asyncio.run(
                    load(name, url, process.pid, args.seconds, args.concurrency, first)
                )
                results[name].append(result)
    finally:
        for process in (mock, baseline):
            process.terminate()
            process.wait(timeout=10)

    print(
        f"SEP insert, {args.concurrency} connections, {args.rounds} x {args.seconds:g} s, "
        f"answer {size} bytes; server on CPU {SERVER_CPU}, load on CPU {CLIENT_CPU}"
    )
    print(f"{'server':<12}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'CPU µs/req':>12}{'failed':>8}")
    summary = {}
    for name, rounds in results.items():
        rps = statistics.median(r.rps for r in rounds)
        p50 = statistics.median(r.percentile(0.50) for r in rounds)
        p99 = statistics.median(r.percentile(0.99) for r in rounds)
        cpu = statistics.median(r.cpu_us_per_request for r in rounds)
        failed = sum(r.failures for r in rounds)
        summary[name] = (rps, cpu)
        print(f"{name:<12}{rps:>9.0f}{p50:>9.2f}{p99:>9.2f}{cpu:>12.0f}{failed:>8}")
    (mock_rps, mock_cpu), (base_rps, base_cpu) = summary["mockvclaim"], summary["baseline"]
    print(
        f"ratio: mockvclaim serves {mock_rps / base_rps:.2f}x the baseline's requests per "
        f"second and spends {mock_cpu / base_cpu:.1f}x its CPU per request"
    )


if __name__ == "__main__":
    main()
