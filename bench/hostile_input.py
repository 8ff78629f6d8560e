"""Hostile input against a served mock: what each attack costs and what it answers.

Each probe starts `python -m mockvclaim serve --port 0` as its own process, sends one kind of
hostile input over a raw socket or HTTP, and reports the wall time, the server's RSS growth
(from /proc), how long a second client waited for `/_mock/health` meanwhile, and what came
back. The numbers of the hardening work (docs/interface.md §12) come from here.

    python3 bench/hostile_input.py [probe ...]      # default: every probe
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import aiohttp

from mockvclaim.protocol import crypto

# BENCH_ROOT=/path/to/another/checkout measures that code instead (a "before" figure).
ROOT = Path(os.environ.get("BENCH_ROOT") or Path(__file__).resolve().parents[1])
CONS_ID, SECRET, USER_KEY = "10000", "mockvclaim-secret", "mockvclaim-user-key"
INSERT = "/vclaim-rest-dev/SEP/2.0/insert"
T = TypeVar("T")


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


@dataclass
class Server:
    process: subprocess.Popen[str]
    port: int
    banner: str

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        return int(match.group(1)) / 1024 if match else 0.0

    def stop(self) -> str:
        self.process.terminate()
        try:
            _, err = self.process.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        return err


def start(extra_env: Mapping[str, str] | None = None, args: tuple[str, ...] = ()) -> Server:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCKVCLAIM_")}
    env.update(extra_env or {})
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # leave the measured checkout as it is
    command = [sys.executable, "-m", "mockvclaim", "serve", "--port", "0", *args]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert process.stdout is not None
    banner = ""
    while "Ctrl-C" not in banner:
        line = process.stdout.readline()
        if not line:
            raise SystemExit(f"server did not start:\n{banner}{process.stderr.read()}")  # type: ignore[union-attr]
        banner += line
    match = re.search(r"127\.0\.0\.1:(\d+)", banner)
    assert match, banner
    return Server(process, int(match.group(1)), banner)


def signed(timestamp: str | None = None) -> dict[str, str]:
    stamp = timestamp or str(int(time.time()))
    return crypto.signed_headers(CONS_ID, SECRET, USER_KEY, stamp)


async def health_latency(server: Server, during: Awaitable[T]) -> tuple[T, float]:
    """Run `during`, and meanwhile ask /_mock/health every 20 ms: the worst wait, in ms."""
    worst = 0.0
    done = False

    async def poll() -> None:
        nonlocal worst
        async with aiohttp.ClientSession() as session:
            while not done:
                began = time.perf_counter()
                try:
                    async with session.get(
                        f"{server.root}/_mock/health", timeout=aiohttp.ClientTimeout(total=30)
                    ) as answer:
                        await answer.read()
                except (aiohttp.ClientError, TimeoutError):
                    pass
                worst = max(worst, (time.perf_counter() - began) * 1000)
                await asyncio.sleep(0.02)

    poller = asyncio.create_task(poll())
    await asyncio.sleep(0.05)
    try:
        result = await during
    finally:
        done = True
        await poller
    return result, worst


async def send(
    server: Server,
    method: str,
    path: str,
    *,
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    seconds: float = 30,
) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession(auto_decompress=False) as session,
        session.request(
            method,
            f"{server.root}{path}",
            data=data,
            headers=dict(headers or {}),
            allow_redirects=False,
            timeout=aiohttp.ClientTimeout(total=seconds),
        ) as answer,
    ):
        text = await answer.text(errors="replace")
        location = answer.headers.get("Location")
        return answer.status, (f"Location: {location} " if location else "") + text


def raw_exchange(server: Server, payload: bytes, *, wait: float = 3.0) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=wait) as sock:
        sock.sendall(payload)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except TimeoutError:
            received += b"<still open>"
        return received


Probe = Callable[[], Awaitable[str]]


async def probe_gzip() -> str:
    server = start()
    try:
        headers = {**signed(), "Content-Encoding": "gzip", "Content-Type": "application/json"}
        insert = await send(server, "POST", INSERT, data=b"not gzip at all", headers=headers)
        rules = await send(
            server,
            "POST",
            "/_mock/scenarios",
            data=b"not gzip",
            headers={"Content-Encoding": "deflate", "Content-Type": "application/json"},
        )
        listed = json.loads((await send(server, "GET", "/_mock/requests"))[1] or "{}")
        bomb = gzip.compress(b"{" + b" " * (64 * 1024 * 1024) + b"}")
        began = time.perf_counter()
        bombed = await send(server, "POST", INSERT, data=bomb, headers=headers)
        bomb_ms = (time.perf_counter() - began) * 1000
        return (
            f"insert -> {insert[0]} {insert[1][:110]}; "
            f"scenarios -> {rules[0]} {rules[1][:80]}; journal has "
            f"{len(listed.get('requests', []))} entries; 64 MiB gzip bomb -> {bombed[0]} "
            f"in {bomb_ms:.0f} ms, RSS {server.rss_mib():.0f} MiB"
        )
    finally:
        server.stop()


async def probe_deep() -> str:
    server = start()
    try:
        body = b"[" * 600 + b"]" * 600
        sent = await send(server, "POST", INSERT, data=body, headers=signed())
        listed = await send(server, "GET", "/_mock/requests")
        other = await send(server, "GET", "/_mock/requests", headers={})
        return f"insert -> {sent[0]}; listing -> {listed[0]} {listed[1][:60]!r}; again {other[0]}"
    finally:
        server.stop()


async def probe_big_bodies(rounds: int = int(os.environ.get("BIG_BODY_ROUNDS", "10"))) -> str:
    """Ten 1 MiB bodies (BIG_BODY_ROUNDS=100 for a fuller journal), then a 200-entry listing."""
    server = start()
    try:
        before = server.rss_mib()
        body = b"[" + b"{}," * (1024 * 1024 // 3 - 1) + b"{}]"
        began = time.perf_counter()
        for _ in range(rounds):
            await send(server, "POST", INSERT, data=body, headers=signed())
        sending_ms = (time.perf_counter() - began) * 1000
        grown = server.rss_mib() - before
        began = time.perf_counter()
        (status, _), worst = await health_latency(
            server, send(server, "GET", "/_mock/requests?limit=200")
        )
        listing_ms = (time.perf_counter() - began) * 1000
        return (
            f"{rounds} x 1 MiB in {sending_ms:.0f} ms: RSS +{grown:.1f} MiB "
            f"({grown / rounds:.2f}/entry); listing {status} in {listing_ms:.0f} ms, "
            f"health waited up to {worst:.0f} ms"
        )
    finally:
        server.stop()


async def probe_full_journal() -> str:
    """300 bodies just under 64 KiB of `[{},...]` (kept whole by a 64 KiB cut), then one
    listing of them all: what the journal holds once they are read."""
    server = start()
    try:
        body = b"[" + b"{}," * (60 * 1024 // 3) + b"{}]"
        before = server.rss_mib()
        for _ in range(300):
            await send(server, "POST", INSERT, data=body, headers=signed())
        sent = server.rss_mib() - before
        began = time.perf_counter()
        (status, _), worst = await health_latency(
            server, send(server, "GET", "/_mock/requests?limit=1000")
        )
        listing_ms = (time.perf_counter() - began) * 1000
        return (
            f"300 x 60 KiB: RSS +{sent:.1f} MiB after sending, +{server.rss_mib() - before:.1f} "
            f"MiB after one listing ({status} in {listing_ms:.0f} ms, health waited up to "
            f"{worst:.0f} ms)"
        )
    finally:
        server.stop()


async def probe_nan() -> str:
    server = start()
    try:
        results = []
        for field, value in (
            ("delay_ms", "NaN"),
            ("delay_ms", '{"min": NaN, "max": 5}'),
            ("delay_ms", '{"median": NaN, "sigma": 1}'),
        ):
            document = f'{{"rules": [{{"id": "n", "operation": "*", "{field}": {value}}}]}}'
            results.append(
                await send(
                    server,
                    "POST",
                    "/_mock/scenarios",
                    data=document.encode(),
                    headers={"Content-Type": "application/json"},
                )
            )
            await send(server, "DELETE", "/_mock/scenarios")
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as file:
            file.write("rules:\n  - {id: n, operation: '*', fault: dribble, dribble_ms: .nan}\n")
        checked = await asyncio.to_thread(
            run, [sys.executable, "-m", "mockvclaim", "check", file.name]
        )
        return (
            f"control API -> {[r[0] for r in results]} {results[0][1][:90]!r}; "
            f"check YAML .nan -> {checked.stdout.strip()[:140]!r}"
        )
    finally:
        server.stop()


async def probe_regex() -> str:
    server = start()
    try:
        rule = {
            "id": "slow-regex",
            "operation": "sep.insert",
            "stage": "before_auth",
            "when": {"request.t_sep.catatan": {"regex": "(a+)+$"}},
            "respond": {"code": "201", "message": "x"},
        }
        added = await send(
            server,
            "POST",
            "/_mock/scenarios",
            data=json.dumps({"rules": [rule]}).encode(),
            headers={"Content-Type": "application/json"},
        )
        body = json.dumps({"request": {"t_sep": {"catatan": "a" * 26 + "!"}}}).encode()
        began = time.perf_counter()
        (status, _), worst = await health_latency(
            server, send(server, "POST", INSERT, data=body, headers=signed())
        )
        took = (time.perf_counter() - began) * 1000
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
            json.dump({"rules": [rule]}, file)
        checked = await asyncio.to_thread(
            run, [sys.executable, "-m", "mockvclaim", "check", file.name]
        )
        return (
            f"add -> {added[0]}; 27-char catatan answered {status} in {took:.0f} ms, "
            f"health waited up to {worst:.0f} ms; check -> {checked.stdout.strip()[:120]!r}"
        )
    finally:
        server.stop()


async def probe_signature_shown() -> str:
    server = start()
    try:
        headers = signed()
        await send(server, "GET", "/vclaim-rest-dev/referensi/propinsi", headers=headers)
        listed = json.loads((await send(server, "GET", "/_mock/requests"))[1] + "")
        return f"journal X-signature: {listed['requests'][0]['headers'].get('X-signature')!r}"
    except ValueError:
        full = await send(server, "GET", "/_mock/requests")
        return f"journal: {full[1][:160]}"
    finally:
        server.stop()


async def probe_long_numbers() -> str:
    server = start()
    try:
        headers = {**signed(), "X-timestamp": "9" * 4301}
        stamped = await send(server, "GET", "/vclaim-rest-dev/referensi/propinsi", headers=headers)
        limited = await send(server, "GET", "/_mock/requests?limit=" + "9" * 4301)
        return (
            f"X-timestamp -> {stamped[0]} {stamped[1][:120]}; "
            f"limit -> {limited[0]} {limited[1][:90]}"
        )
    finally:
        server.stop()


async def probe_token_hash() -> str:
    server = start({"MOCKVCLAIM_ADMIN_TOKEN": "pa#ss"})
    try:
        answer = await send(server, "GET", "/_mock?token=pa%23ss")
        return f"/_mock?token=pa%23ss -> {answer[0]} {answer[1][:60]}"
    finally:
        server.stop()


async def probe_cross_origin() -> str:
    server = start()
    try:
        browser = {"Origin": "http://evil.example", "Content-Type": "text/plain"}
        reset = await send(server, "POST", "/_mock/reset", headers=browser)
        rules = await send(
            server,
            "POST",
            "/_mock/scenarios",
            data=b'{"rules": [{"id": "evil", "operation": "*", "fault": "drop"}]}',
            headers=browser,
        )
        rebound = await send(
            server,
            "POST",
            "/_mock/reset",
            headers={
                "Host": f"rebind.example:{server.port}",
                "Origin": f"http://rebind.example:{server.port}",
            },
        )
        return f"reset -> {reset[0]}; rules -> {rules[0]}; rebinding reset -> {rebound[0]}"
    finally:
        server.stop()


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
rules: *i
"""


async def probe_billion_laughs() -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as file:
        file.write(BILLION_LAUGHS)
    began = time.perf_counter()
    # Capped at 2 GiB of address space and 60 s, so the probe itself cannot take the machine;
    # the wrapper reports the peak RSS of `check`, in kB, on its last line of stderr.
    measure = (
        "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)"
    )
    command = f"ulimit -v 2097152; exec timeout 60 {sys.executable} -m mockvclaim check {file.name}"
    checked = await asyncio.to_thread(run, [sys.executable, "-c", measure, "bash", "-c", command])
    took = time.perf_counter() - began
    peak = checked.stderr.strip().splitlines()[-1] if checked.stderr.strip() else "?"
    return (
        f"{len(BILLION_LAUGHS)} bytes: check took {took:.1f} s, "
        f"peak RSS {peak} kB, output {len(checked.stdout)} chars {checked.stdout[:100]!r}"
    )


async def probe_malformed_logs() -> str:
    server = start()
    raw_exchange(server, b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
    raw_exchange(server, b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n")
    raw_exchange(server, b"\x16\x03\x01garbage\r\n\r\n")
    err = server.stop()
    return f"3 malformed requests -> {len(err.splitlines())} stderr lines"


async def probe_raw_answers() -> str:
    server = start()
    try:
        outcomes = []
        answers: tuple[dict[str, object], ...] = (
            {"http_status": 200, "headers": {"X-A": "1\r\nX-Injected: yes"}},
            {"http_status": 200, "headers": {"Content-Length": "999"}, "body": "short"},
            {"http_status": 200, "headers": {"Transfer-Encoding": "chunked"}, "body": "x"},
            {"http_status": 100, "body": "x"},
        )
        for respond in answers:
            rule = {"id": "raw", "operation": "*", "stage": "before_auth", "respond": respond}
            added = await send(
                server,
                "POST",
                "/_mock/scenarios",
                data=json.dumps({"rules": [rule]}).encode(),
                headers={"Content-Type": "application/json"},
            )
            got = b""
            if added[0] == 201:
                request = (
                    b"GET /vclaim-rest-dev/referensi/propinsi HTTP/1.1\r\nHost: x\r\n\r\n"
                    b"GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n"
                )
                got = raw_exchange(server, request, wait=2.0)
            outcomes.append(
                f"{respond.get('headers') or respond['http_status']}: add {added[0]}"
                + (f", wire {got[:60]!r}..{len(got)}B" if got else "")
            )
            await send(server, "DELETE", "/_mock/scenarios")
        return "; ".join(outcomes)
    finally:
        server.stop()


async def probe_secrets_printed() -> str:
    found = []
    server = start()
    raw_exchange(server, b"GET / HTTP/1.1\r\nuser_key: " + b"S3CRETKEY" * 1000 + b"\r\n\r\n")
    err = server.stop()
    found.append(f"long header line: secret in stderr {'S3CRETKEY' in err}")
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as file:
        file.write("consumers:\n  - cons_id: 1\n    secret: 'S3CRET-in-yaml\n    user_key: k\n")
    broken = await asyncio.to_thread(
        run, [sys.executable, "-m", "mockvclaim", "serve", "--port", "0", "--consumers", file.name]
    )
    found.append(f"bad consumers YAML: secret printed {'S3CRET-in-yaml' in broken.stderr}")
    server = start({"MOCKVCLAIM_USER_KEY": "uk-S3CRET"})
    server.stop()
    found.append(f"banner with MOCKVCLAIM_USER_KEY: printed {'uk-S3CRET' in server.banner}")
    return "; ".join(found)


async def probe_slow_client() -> str:
    server = start()
    try:
        results = []
        for label, first in (
            ("headers", b"GET /_mock/health HTTP/1.1\r\nHost: x\r\n"),
            (
                "body",
                b"POST "
                + INSERT.encode()
                + b" HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{",
            ),
        ):
            sock = socket.create_connection(("127.0.0.1", server.port))
            sock.sendall(first)
            sock.settimeout(0.5)
            began = time.perf_counter()
            closed_after = None
            while time.perf_counter() - began < 40:
                try:
                    sock.sendall(b"X-a: b\r\n" if label == "headers" else b" ")
                    if sock.recv(65536) == b"":
                        closed_after = time.perf_counter() - began
                        break
                except TimeoutError:
                    continue
                except OSError:
                    closed_after = time.perf_counter() - began
                    break
            sock.close()
            results.append(
                f"slow {label}: "
                + (f"closed after {closed_after:.1f} s" if closed_after else "open after 40 s")
            )
        return "; ".join(results)
    finally:
        server.stop()


async def probe_slow_stop() -> str:
    """How long SIGTERM takes while a client is half-way through sending a body."""
    server = start()
    sock = socket.create_connection(("127.0.0.1", server.port))
    head = f"POST {INSERT} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{{"
    sock.sendall(head.encode())
    await asyncio.sleep(0.5)
    began = time.perf_counter()
    server.stop()
    took = time.perf_counter() - began
    sock.close()
    return f"stopped in {took:.1f} s with a half-sent body open"


PROBES: dict[str, Probe] = {
    "1-gzip": probe_gzip,
    "2-deep": probe_deep,
    "3-big-bodies": probe_big_bodies,
    "3-full-journal": probe_full_journal,
    "4-nan": probe_nan,
    "5-regex": probe_regex,
    "6-signature": probe_signature_shown,
    "7-long-numbers": probe_long_numbers,
    "8-token-hash": probe_token_hash,
    "9-cross-origin": probe_cross_origin,
    "10-billion-laughs": probe_billion_laughs,
    "12-malformed-logs": probe_malformed_logs,
    "13-raw-answers": probe_raw_answers,
    "14-secrets": probe_secrets_printed,
    "slow-client": probe_slow_client,
    "slow-stop": probe_slow_stop,
}


async def main(names: list[str]) -> None:
    for name in names or list(PROBES):
        began = time.perf_counter()
        try:
            outcome = await PROBES[name]()
        except Exception as problem:
            outcome = f"probe failed: {type(problem).__name__}: {problem}"
        print(f"{name:18} {outcome}  [{time.perf_counter() - began:.1f} s]", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
