"""Where an SEP insert's time goes: side by side with a bare aiohttp answer, per stage, and
over 100,000 inserts.

    python3 bench/hot_path.py wire    [--seconds 6] [--connections 32] [--rounds 2]
    python3 bench/hot_path.py stages  [--repeat 2000]
    python3 bench/hot_path.py requests [--repeat 2000]
    python3 bench/hot_path.py soak    [--inserts 100000] [--shared-referral]
    python3 bench/hot_path.py start   [--runs 5]
    python3 bench/hot_path.py count   [--requests 300] [--growth 10000,100000] [--cache]

`wire` runs the mock and a baseline (a bare aiohttp app answering a canned body of the same
size) as separate processes pinned to CPU 0, with wrk (Debian's package) pinned to CPU 1, so
the load generator is never the bottleneck. Rounds alternate mock and baseline so a noisy
machine hits both alike. It prints requests/s, p50/p99, server CPU per request (from /proc)
and the ratio to the baseline, for SEP insert and three GETs (Peserta, SEP cari, Rujukan by
card). `steal` is the largest share of CPU time the hypervisor took during a round: above a
few per cent, the round's absolute figures say more about the host than about the mock.

`stages` times each stage of the pipeline in-process on the same inputs the wire run
sends: first inside whole requests through the VClaim handler (`requests` alone prints just
that table), then each stage alone in a loop (docs/performance.md §1 says why they
differ). `soak` inserts 100,000 SEPs through the wire and prints RSS and CPU per insert
every 10,000. `start` measures process start to the first 200 from /_mock/health,
with the compiled fast paths and without them (MOCKVCLAIM_PURE_PYTHON=1). `count` counts
the VClaim handler's instructions per request under valgrind: slow (minutes), but the same
on a noisy machine, so it is the one to compare two versions of the code with. `count
--cache` also simulates this core's caches with a cold start for each request, as in a
server (docs/performance.md §1): L1 and L2 misses per request, the handler's footprint.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mockvclaim.protocol import crypto  # noqa: E402
from tests.fixtures import sep_insert_requests as requests  # noqa: E402

CONS_ID, SECRET, USER_KEY = "10000", "mockvclaim-secret", "mockvclaim-user-key"
SERVER_CPU, CLIENT_CPU = 0, 1
WIB = timezone(timedelta(hours=7))
BASE = "/vclaim-rest-dev"
STORED_SEPS = 2000  # SEPs the GET rounds can find (the wire run inserts at least these)


# --- the request the bench sends ---------------------------------------------------------------


def today() -> str:
    return datetime.now(WIB).date().isoformat()


def insert_t_sep(serial: int, *, shared_referral: bool = False) -> dict[str, Any]:
    """The tests' R.Jalan first visit, dated today, for a new card each time (no duplicate
    visit rule applies); with `shared_referral`, every visit cites one referral, which the
    world remembers from its first SEP (lenient mode)."""
    day = today()
    referral = 999_999 if shared_referral else serial % 1_000_000
    t_sep: dict[str, Any] = requests.rawat_jalan_first_visit()["request"]["t_sep"]
    t_sep.update(noKartu=f"0007{serial:09d}", tglSep=day, noMR=f"MR{serial}", catatan="bench")
    t_sep["rujukan"].update(
        tglRujukan=day, noRujukan=f"{requests.PPK_FKTP}{day[5:7]}{day[2:4]}P{referral:06d}"
    )
    return t_sep


def insert_body(serial: int, *, shared_referral: bool = False) -> bytes:
    t_sep = insert_t_sep(serial, shared_referral=shared_referral)
    return json.dumps({"request": {"t_sep": t_sep}}).encode()


def signed(timestamp: str | None = None) -> dict[str, str]:
    stamp = timestamp or str(int(time.time()))
    return {
        **crypto.signed_headers(CONS_ID, SECRET, USER_KEY, stamp),
        "Content-Type": "Application/x-www-form-urlencoded",
    }


@dataclass(frozen=True)
class Load:
    """One operation under load: how wrk builds each request from a serial number."""

    name: str
    method: str
    path_format: str  # Lua string.format pattern over the serial
    path_modulo: int  # the serial is taken modulo this (0: unchanged) before formatting
    body: bool = False  # an SEP insert body with the serial's card
    shared_referral: bool = False  # ... citing the one referral every such insert cites
    ok: str = '"code":"200"'  # an answer without this counts as bad

    def sample_path(self, serial: int) -> str:
        value = serial % self.path_modulo + 1 if self.path_modulo else serial
        return self.path_format.replace("%09d", f"{value:09d}").replace("%06d", f"{value:06d}")


def loads() -> list[Load]:
    day = today()
    mmyy = f"{day[5:7]}{day[2:4]}"
    return [
        Load("SEP insert", "POST", f"{BASE}/SEP/2.0/insert", 0, body=True),
        Load("Peserta", "GET", f"{BASE}/Peserta/nokartu/0007%09d/tglSEP/{day}", 20_000),
        Load("SEP cari", "GET", f"{BASE}/SEP/0301R011{mmyy}V%06d", STORED_SEPS),
        # A generated card may have no referral this month: 201 is a true answer too.
        Load("Rujukan by card", "GET", f"{BASE}/Rujukan/Peserta/0007%09d", 20_000, ok='"code"'),
    ]


# --- processes -----------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def steal_and_total() -> tuple[int, int]:
    """Jiffies the hypervisor stole from this VM, and all jiffies, since boot (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return fields[7] if len(fields) > 7 else 0, sum(fields)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCKVCLAIM_")}
    env.update(extra)
    return env


@contextmanager
def served(command: list[str], ready: str, **env: str) -> Iterator[tuple[int, int]]:
    """(pid, port) of a server started with `command`, pinned to SERVER_CPU."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
        env=clean_env(**env),
    )  # fmt: skip
    assert process.stdout is not None
    output = ""
    try:
        while ready not in output:
            line = process.stdout.readline()
            if not line:
                raise SystemExit(f"{command} did not start:\n{output}")
            output += line
        match = re.search(r"127\.0\.0\.1:(\d+)", output)
        assert match, output
        os.sched_setaffinity(process.pid, {SERVER_CPU})
        yield process.pid, int(match.group(1))
    finally:
        process.terminate()
        process.wait(timeout=10)


def mock_server(**env: str) -> AbstractContextManager[tuple[int, int]]:
    command = [sys.executable, "-m", "mockvclaim", "serve", "--port", "0", "--quiet"]
    if "--quiet" not in subprocess.run(
        [sys.executable, "-m", "mockvclaim", "serve", "--help"],
        capture_output=True, text=True, cwd=ROOT, env=clean_env(),
    ).stdout:  # fmt: skip
        command.remove("--quiet")
    return served(command, "Ctrl-C", **env)


def baseline_server(size: int) -> AbstractContextManager[tuple[int, int]]:
    script = str(ROOT / "bench" / "baseline_server.py")
    return served([sys.executable, script, "--size", str(size)], "listening")


def call(port: int, method: str, path: str, body: bytes | None = None) -> bytes:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=body, method=method, headers=signed()
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        answer: bytes = reply.read()
        return answer


# --- wrk ---------------------------------------------------------------------------------------

LUA = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) serial = tonumber(args[1]); bad = 0 end
local headers = HEADERS
local template = TEMPLATE
local path_format = PATH
local modulo = MODULO
local ok = OK
function request()
  serial = serial + 1
  local value = serial
  if modulo > 0 then value = serial % modulo + 1 end
  local body = nil
  if template ~= "" then
    body = string.format(template, serial % 1000000000, serial, serial % 1000000)
  end
  return wrk.format(METHOD, string.format(path_format, value), headers, body)
end
function response(status, headers, body)
  if status ~= 200 or not string.find(body, ok, 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, b))
end
"""


def lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def insert_template() -> str:
    """The insert body as a Lua format string: card, noMR and referral come from the serial."""
    body = insert_body(424242).decode()
    body = body.replace("0007000424242", "0007%09d").replace("MR424242", "MR%d")
    return re.sub(r'(P)424242"', r'\1%06d"', body)


def lua_script(load: Load) -> str:
    headers = signed()
    table = "{" + ", ".join(f"[ {lua_string(k)} ] = {lua_string(v)}" for k, v in headers.items())
    values = {
        "HEADERS": table + "}",
        "TEMPLATE": lua_string(insert_template() if load.body else ""),
        "PATH": lua_string(load.path_format),
        "MODULO": str(load.path_modulo),
        "METHOD": lua_string(load.method),
        "OK": lua_string(load.ok),
    }
    # One pass: a signature may spell a placeholder ("OK"), and must not be filled in again.
    return re.sub(r"\b(" + "|".join(values) + r")\b", lambda m: values[m.group(1)], LUA)


@dataclass
class Round:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    bad: int
    cpu_s: float
    steal: float  # share of the machine's CPU time the hypervisor took meanwhile

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_us(self) -> float:
        return self.cpu_s / max(self.requests, 1) * 1e6


def wrk(port: int, pid: int, load: Load, seconds: float, connections: int, first: int) -> Round:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(load))
    url = f"http://127.0.0.1:{port}"
    duration = f"-d{max(1, round(seconds))}s"
    command = ["taskset", "-c", str(CLIENT_CPU), "wrk", "-t1", f"-c{connections}", duration,
               "--timeout", "30s", "-s", script.name, url, "--", str(first)]  # fmt: skip
    before = cpu_seconds(pid)
    stolen_before, total_before = steal_and_total()
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode:
        raise SystemExit(f"wrk failed: {finished.stderr}{finished.stdout}")
    output = finished.stdout
    cpu = cpu_seconds(pid) - before
    stolen, total = steal_and_total()
    steal = (stolen - stolen_before) / max(total - total_before, 1)
    os.unlink(script.name)
    found = [x for x in output.splitlines() if x.startswith("RESULT")]
    if not found:
        raise SystemExit(f"wrk printed no result for {load.name}:\n{output}{finished.stderr}")
    line = found[0]
    requests, duration_us, p50, p99, errors, bad = (int(x) for x in line.split()[1:])
    return Round(requests, duration_us / 1e6, p50 / 1000, p99 / 1000, errors, bad, cpu, steal)


WARM_UP_SECONDS = 12.0


def warm_up(port: int, pid: int, load: Load, args: argparse.Namespace, first: int) -> None:
    """One unmeasured pass over a GET's cards: a SIMRS asks about cards it has met (checked
    the participant, then the referral, then the SEP), so the rounds measure the mock with
    those cards generated; an SEP insert's card is always new (docs/performance.md §1)."""
    seconds = max(args.seconds, WARM_UP_SECONDS)
    warm = wrk(port, pid, load, seconds, args.connections, first)
    if warm.requests < load.path_modulo:
        print(f"  ({load.name}: the warm-up met {warm.requests} of {load.path_modulo} paths)")


def wire(args: argparse.Namespace) -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    os.sched_setaffinity(0, {CLIENT_CPU})
    print(
        f"{args.connections} connections, {args.rounds} rounds x {args.seconds:g} s per server "
        f"and operation; servers on CPU {SERVER_CPU}, wrk on CPU {CLIENT_CPU}"
    )
    header = f"{'operation':<17}{'server':<11}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}"
    print(header + f"{'CPU µs/req':>11}{'bad':>6}{'steal':>7}{'ratio':>7}")
    with mock_server() as (mock_pid, mock_port):
        for serial in range(1, STORED_SEPS + 1):  # the SEPs `SEP cari` looks up
            call(mock_port, "POST", f"{BASE}/SEP/2.0/insert", insert_body(serial))
        first = 10_000_000
        for load in loads():
            sample = load.sample_path(first)
            size = len(
                call(mock_port, load.method, sample, insert_body(first - 1) if load.body else None)
            )
            if load.path_modulo:
                warm_up(mock_port, mock_pid, load, args, first)
            with baseline_server(size) as (base_pid, base_port):
                mock_rounds, base_rounds = [], []
                for _ in range(args.rounds):
                    first += 1_000_000
                    mock_rounds.append(
                        wrk(mock_port, mock_pid, load, args.seconds, args.connections, first)
                    )
                    base_rounds.append(
                        wrk(base_port, base_pid, load, args.seconds, args.connections, first)
                    )
            mock_rps = statistics.median(r.rps for r in mock_rounds)
            base_rps = statistics.median(r.rps for r in base_rounds)
            for name, rounds in (("mockvclaim", mock_rounds), ("baseline", base_rounds)):
                rps = statistics.median(r.rps for r in rounds)
                ratio = f"{mock_rps / base_rps:7.3f}" if name == "mockvclaim" else ""
                print(
                    f"{load.name:<17}{name:<11}{rps:>8.0f}"
                    f"{statistics.median(r.p50_ms for r in rounds):>8.2f}"
                    f"{statistics.median(r.p99_ms for r in rounds):>8.2f}"
                    f"{statistics.median(r.cpu_us for r in rounds):>11.0f}"
                    f"{sum(r.bad + r.errors for r in rounds):>6}"
                    f"{max(r.steal for r in rounds):>7.0%}{ratio}"
                )


# --- stages, in-process --------------------------------------------------------------------------


def per_call_us(function: Callable[[], object], repeat: int) -> float:
    function()  # warm: caches, lazy imports
    started = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - started) / repeat * 1e6


def stages(args: argparse.Namespace) -> None:
    """µs per stage for each load, in-process. The GETs run on cards met before (as the wire
    run warms them); an SEP insert on a new card each time. "the stages together" leaves out
    rows that run inside another (participant in the family function; answer JSON, LZString
    and AES in the envelope); the wire's CPU per request less that is aiohttp and the glue."""
    from mockvclaim.bpjs import peserta
    from mockvclaim.bpjs.vclaim.served import SERVED
    from mockvclaim.config import Settings
    from mockvclaim.protocol import auth, envelope, lzstring, operations, validation
    from mockvclaim.protocol.journal import JournalEntry
    from mockvclaim.protocol.scenarios import AFTER_VALIDATION, BEFORE_AUTH, RequestView
    from mockvclaim.web.app import build_state

    state = build_state(Settings())
    repeat = args.repeat
    headers = signed()
    consumer, timestamp = auth.authenticate(
        headers, state.settings.consumers, now=time.time(), skew=state.settings.timestamp_skew
    )
    world = state.world_for(consumer)
    for serial in range(1, STORED_SEPS + 1):  # the SEPs `SEP cari` finds
        SERVED["sep.insert"](world, {}, {"request": {"t_sep": insert_t_sep(serial)}})
    gc.freeze()  # as `serve` does once started (docs/performance.md §5)

    def measure(load: Load) -> dict[str, float]:
        # An insert's serials are new cards; a GET cycles over cards it meets once first.
        if load.body:
            serials: Iterable[int] = range(60_000_000, 60_000_000 + repeat + 2)
        else:
            serials = itertools.islice(
                itertools.cycle(range(1, min(load.path_modulo, repeat) + 1)), repeat + 2
            )
        requests = [
            (load.sample_path(serial), insert_body(serial) if load.body else b"")
            for serial in serials
        ]
        path, raw = requests.pop()  # the one the stages other than the family function use
        resolved = operations.resolve(load.method, path)
        assert resolved is not None, path
        operation, params = resolved
        body = validation.parse_body(raw) if load.body else None

        def family_calls() -> Callable[[], object]:
            """The family function over the requests, routed and parsed beforehand."""
            ready = []
            for sample, sample_raw in requests:
                found = operations.resolve(load.method, sample)
                assert found is not None
                ready.append((found[1], json.loads(sample_raw) if load.body else None))
            pending = iter(ready)

            def call() -> object:
                sample_params, sample_body = next(pending)
                return SERVED[operation.op_id](world, sample_params, sample_body)

            return call

        if not load.body:
            meet = family_calls()
            for _ in requests:
                meet()
        payload = SERVED[operation.op_id](world, params, body)
        wire_json = crypto.to_wire_json(payload)
        compressed = lzstring.compress_to_encoded_uri_component(wire_json)
        key, iv = crypto.derive_key(CONS_ID, SECRET, timestamp)

        def view() -> RequestView:  # one per request, as dispatch builds it
            return RequestView(operation.op_id, headers, params, {}, CONS_ID, body)

        def journal() -> None:
            entry = JournalEntry(
                method=load.method, path=path, query={}, raw_headers=tuple(headers.items()),
                raw_body=raw, received=time.time(),
            )  # fmt: skip
            state.journal.record(entry)

        cards = iter(range(50_000_000, 10**9))
        timed: dict[str, Callable[[], object] | None] = {  # None: a stage it does not have
            "routing": lambda: operations.resolve(load.method, path),
            "auth": lambda: auth.authenticate(
                headers, state.settings.consumers, now=time.time(), skew=300
            ),
            "body parse": (lambda: validation.parse_body(raw)) if load.body else None,
            "JSON Schema": (lambda: state.schemas.validate_request(operation.op_id, body or {}))
            if load.body
            else None,
            "rules": lambda: (
                state.scenarios.select(BEFORE_AUTH, view(), None),
                state.scenarios.select(AFTER_VALIDATION, view(), None),
            ),
            "participant": (lambda: peserta.participant_for(f"0008{next(cards):09d}", 0))
            if load.body
            else (lambda: peserta.participant_for("0007000000001", 0)),
            "family function (all)": family_calls(),
            "answer JSON": lambda: crypto.to_wire_json(payload),
            "LZString": lambda: lzstring.compress_to_encoded_uri_component(wire_json),
            "AES + base64": lambda: crypto.encrypt_compressed(compressed, key, iv),
            "envelope (all)": lambda: envelope.dumps(
                envelope.success(
                    operation, payload, cons_id=CONS_ID, secret=SECRET, timestamp=timestamp
                )
            ),
            "journal entry": journal,
        }
        result = {}
        for name, function in timed.items():
            result[name] = 0.0 if function is None else per_call_us(function, repeat)
        inner = ("participant", "answer JSON", "LZString", "AES + base64")
        result["the stages together"] = sum(v for k, v in result.items() if k not in inner)
        answer_chars[load.name] = len(wire_json)
        return result

    answer_chars: dict[str, int] = {}

    # In a process of its own, so neither table runs on the other's caches.
    in_request = [sys.executable, __file__, "requests", "--repeat", str(repeat)]
    subprocess.run(in_request, check=True)
    columns = {load.name: measure(load) for load in loads()}
    print_table(f"\neach stage alone in a loop, µs per call (mean of {repeat})", columns)
    print(f"{'answer, chars of JSON':<24}" + "".join(f"{n:>17}" for n in answer_chars.values()))


def requests_mode(args: argparse.Namespace) -> None:
    columns = stages_in_request(args.repeat)
    title = (
        f"inside whole requests through the VClaim handler, µs per request (mean of "
        f"{args.repeat}); GETs on cards met before; each timer adds ~0.3 µs"
    )
    print_table(title, columns)


# --- stages, in a request ----------------------------------------------------------------------

# The functions timed where they run, inside whole requests through the VClaim handler.
# Nested rows (participant and the SEP store write in the family function; answer JSON,
# LZString and AES in the envelope) are left out of "between the stages".
IN_REQUEST_STAGES: tuple[tuple[str, str, str, bool], ...] = (  # row, module, name, nested
    ("body read", "mockvclaim.web.bodies", "receive", False),
    ("routing", "mockvclaim.protocol.operations", "resolve", False),
    ("body parse", "mockvclaim.protocol.validation", "decode_body", False),
    ("rules", "mockvclaim.protocol.scenarios", "ScenarioEngine.select_all", False),
    ("auth", "mockvclaim.protocol.auth", "authenticate", False),
    ("JSON Schema", "mockvclaim.protocol.validation", "SchemaRegistry.validate_request", False),
    ("world", "mockvclaim.web.context", "MockState.world_for", False),
    ("family function (all)", "mockvclaim.bpjs.serving", "Served.__call__", False),
    ("participant", "mockvclaim.bpjs.peserta", "participant_for", True),
    ("SEP store write", "mockvclaim.bpjs.store.sep", "SepTables.insert_sep", True),
    ("envelope (all)", "mockvclaim.protocol.envelope", "success", False),
    ("answer JSON", "mockvclaim.protocol.crypto", "to_wire_json", True),
    ("LZString", "mockvclaim.protocol.crypto", "compress_to_encoded_uri_component", True),
    ("AES + base64", "mockvclaim.protocol.crypto", "_encrypt", True),
    ("envelope text", "mockvclaim.protocol.envelope", "dumps", False),
    ("response object", "mockvclaim.web.dispatch", "_send", False),
    ("journal record", "mockvclaim.protocol.journal", "Journal.record", False),
)


def time_in_place(spent: dict[str, float], row: str, module: str, name: str) -> None:
    """Wrap a function so every call adds its wall time to `spent[row]`, wherever it is
    looked up: its module, a class, or any mockvclaim module that imported it by name."""
    import importlib

    owner_name, _, attribute = name.rpartition(".")
    owner: Any = importlib.import_module(module)
    if owner_name:
        owner = getattr(owner, owner_name)
    original = getattr(owner, attribute)
    clock = time.perf_counter
    if asyncio.iscoroutinefunction(original):

        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            started = clock()
            try:
                return await original(*args, **kwargs)
            finally:
                spent[row] += clock() - started

        wrapper: Any = timed_async
    else:

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = clock()
            try:
                return original(*args, **kwargs)
            finally:
                spent[row] += clock() - started

        wrapper = timed
    setattr(owner, attribute, wrapper)
    if not owner_name:
        for loaded in list(sys.modules.values()):
            if (
                getattr(loaded, "__name__", "").startswith("mockvclaim")
                and getattr(loaded, attribute, None) is original
            ):
                setattr(loaded, attribute, wrapper)


class _Reading:  # what a body's StreamReader asks of its connection
    _reading_paused = False

    def pause_reading(self) -> None: ...

    def resume_reading(self, resume_parser: bool = True) -> None: ...


def in_process(data: str = ":memory:") -> tuple[Any, Callable[[Load, int], Any], Any]:
    """The VClaim handler of a fresh app on the store `data`, a maker of mocked requests for
    it (no HTTP: aiohttp's own work is the wire's CPU less the handler's), and the app.
    Call inside a running loop."""
    from aiohttp import streams
    from aiohttp.test_utils import make_mocked_request

    from mockvclaim.bpjs.vclaim.served import SERVED
    from mockvclaim.config import Settings
    from mockvclaim.web import dispatch
    from mockvclaim.web.app import create_app

    app = create_app(Settings(data=data))
    handler = dispatch.make_handler(SERVED)
    headers = signed()
    loop = asyncio.get_running_loop()
    reading = _Reading()

    def request(load: Load, serial: int) -> Any:
        body = insert_body(serial, shared_referral=load.shared_referral) if load.body else b""
        payload = streams.StreamReader(reading, 2**16, loop=loop)  # type: ignore[arg-type]
        if body:
            payload.feed_data(body)
        payload.feed_eof()
        sent = {**headers, "Content-Length": str(len(body))} if body else headers
        path = load.sample_path(serial)
        return make_mocked_request(load.method, path, headers=sent, app=app, payload=payload)

    return handler, request, app


async def stored_and_met(
    handler: Any,
    request: Callable[[Load, int], Any],
    load: Load,
    serials: Iterable[int],
    stored: int = STORED_SEPS,
) -> None:
    """The SEPs `SEP cari` finds, and, for a GET, its cards met once (as the wire run warms
    them); an insert's card is new each time."""
    insert = loads()[0]
    for serial in range(1, stored + 1):
        await handler(request(insert, serial))
    if not load.body:
        for serial in serials:
            await handler(request(load, serial))


def serials_for(load: Load, count: int) -> range:
    first = 70_000_000 if load.body else 1
    return range(first, first + count)


def stages_in_request(repeat: int) -> dict[str, dict[str, float]]:
    """µs per request of each stage, timed in place inside whole requests through the
    VClaim handler."""
    spent: dict[str, float] = {row: 0.0 for row, *_ in IN_REQUEST_STAGES}
    for row, module, name, _ in IN_REQUEST_STAGES:
        time_in_place(spent, row, module, name)

    async def run() -> dict[str, dict[str, float]]:
        handler, request, _ = in_process()
        columns = {}
        for number, load in enumerate(loads()):
            serials = serials_for(load, repeat)
            if number == 0:
                await stored_and_met(handler, request, load, ())
                gc.freeze()  # as `serve` does once started (docs/performance.md §5)
            elif not load.body:
                for serial in serials:
                    await handler(request(load, serial))
            for row in spent:
                spent[row] = 0.0
            whole = 0.0
            for serial in serials:
                ready = request(load, serial)  # built outside the timed part
                started = time.perf_counter()
                await handler(ready)
                whole += time.perf_counter() - started
            column = {row: seconds / repeat * 1e6 for row, seconds in spent.items()}
            outer = sum(column[row] for row, *_, nested in IN_REQUEST_STAGES if not nested)
            column["handler, whole"] = whole / repeat * 1e6
            column["between the stages"] = column["handler, whole"] - outer
            columns[load.name] = column
        return columns

    return asyncio.run(run())


# --- instructions, counted ---------------------------------------------------------------------


@dataclass(frozen=True)
class CountCase:
    """One line of `count`'s table: what count-inner is asked to run, and on which store."""

    label: str
    operation: str  # a Load's name
    shared_referral: bool = False
    stored: Path | None = None  # a populated --data store (None: a fresh :memory: one)


# callgrind's events with --cache-sim=yes, in the order its "Collected" line lists them.
CACHE_EVENTS = ("Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw")
L2_BYTES_FALLBACK = 1024 * 1024


def l2_bytes() -> int:
    """This core's L2 size, what callgrind simulates as its last level: the misses past it
    are the ones served by L3 or memory. Rounded down to a power of two, as callgrind needs
    its sets to be (an L2 of 1.25 MiB is simulated as 1 MiB)."""
    size = Path("/sys/devices/system/cpu/cpu0/cache/index2/size")
    try:
        text = size.read_text().strip()
    except OSError:
        return L2_BYTES_FALLBACK
    units = {"K": 1024, "M": 1024 * 1024}
    found = int(text[:-1]) * units[text[-1]] if text[-1:] in units else int(text or 0)
    return 1 << (found.bit_length() - 1) if found > 0 else L2_BYTES_FALLBACK


def cache_columns(events: dict[str, int]) -> tuple[int, int, int]:
    """(instructions, L1 misses, L2 misses), code and data together."""
    l1 = events["I1mr"] + events["D1mr"] + events["D1mw"]
    return events["Ir"], l1, events["ILmr"] + events["DLmr"] + events["DLmw"]


def count(args: argparse.Namespace) -> None:
    """Instructions per request through the VClaim handler, counted by valgrind's callgrind:
    the same count on a busy machine as on an idle one, so a change of a few per cent shows.
    Each case runs twice under valgrind, once handling `--requests` prepared requests and
    once only preparing them; the difference, per request, is the handler's. `--growth`
    counts SEP inserts on stores already holding that many SEPs (made beforehand, outside
    valgrind, in a --data file), new cards and inserts on one shared referral, to tell
    whether an insert costs more as the store grows."""
    if shutil.which("valgrind") is None:
        raise SystemExit("count needs valgrind (Debian's package valgrind)")
    folder = Path(tempfile.mkdtemp(prefix="mockvclaim-count-"))
    try:
        cases = [CountCase(load.name, load.name) for load in loads()]
        if args.growth:
            cases = []
            for shared in (False, True):
                for size in (int(size) for size in args.growth.split(",")):
                    stored = folder / f"{size}-{shared}.sqlite"
                    asyncio.run(populate(stored, size, shared))
                    kind = "on one referral" if shared else "new card"
                    label = f"SEP insert, {kind}, {size:,} stored"
                    cases.append(CountCase(label, "SEP insert", shared, stored))
        l2 = l2_bytes()
        if args.cache:
            print(f"VClaim handler, per request ({args.requests} requests, callgrind simulating "
                  f"L1 and a {l2 // 1024} KiB L2, each request with both cold)")  # fmt: skip
            print(f"{'':<44} {'instructions':>12} {'L1 misses':>12} {'L2 misses':>12}")
        else:
            print(f"VClaim handler, instructions per request ({args.requests} requests, callgrind)")

        def counted(case: CountCase, handle: bool) -> dict[str, int]:
            inner = ["count-inner", "--operation", case.operation, "--requests",
                     str(args.requests), *(["--handle"] if handle else []),
                     *(["--shared-referral"] if case.shared_referral else []),
                     *(["--sweep", str(2 * l2)] if args.cache else [])]  # fmt: skip
            if case.stored is not None:  # each run gets its own copy: the handling one writes
                copy = folder / f"{case.stored.stem}-{handle}-run.sqlite"
                shutil.copyfile(case.stored, copy)
                inner += ["--data", str(copy)]
            simulate = ["--cache-sim=yes", f"--LL={l2},16,64"] if args.cache else []
            command = [
                "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *simulate,
                sys.executable, str(Path(__file__)), *inner,
            ]  # fmt: skip
            # One hash seed: dicts and sets laid out alike in every run (a few per cent).
            env = clean_env(PYTHONHASHSEED="0")
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
            found = re.search(r"Collected : ([\d ]+)", done.stderr)
            if done.returncode != 0 or found is None:
                raise SystemExit(f"{case.label}: callgrind failed:\n{done.stderr[-2000:]}")
            return dict(zip(CACHE_EVENTS, map(int, found.group(1).split()), strict=False))

        # Counts do not depend on what else runs: one valgrind per core.
        with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
            runs = {
                (case, handle): pool.submit(counted, case, handle)
                for case in cases
                for handle in (True, False)
            }
            for case in cases:
                handled, prepared = runs[case, True].result(), runs[case, False].result()
                if not args.cache:
                    instructions = (handled["Ir"] - prepared["Ir"]) / args.requests
                    print(f"{case.label:<44} {instructions:>12,.0f}")
                    continue
                cells = (
                    (with_handler - without) / args.requests
                    for with_handler, without in zip(
                        cache_columns(handled), cache_columns(prepared), strict=True
                    )
                )
                print(f"{case.label:<44}" + "".join(f" {cell:>12,.0f}" for cell in cells))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def populate(path: Path, size: int, shared_referral: bool) -> None:
    """A --data store holding `size` SEP inserts, each on a card of its own (all citing one
    referral with `shared_referral`)."""
    from mockvclaim.web.context import mock_state_key

    handler, request, app = in_process(str(path))
    insert = replace(loads()[0], shared_referral=shared_referral)
    for serial in range(1, size + 1):
        await handler(request(insert, serial))
    app[mock_state_key].database.close()


WARM_INSERTS = 200


def count_inner(args: argparse.Namespace) -> None:
    """One side of `count`: prepare the requests, and handle them only with `--handle`."""
    load = next(load for load in loads() if load.name == args.operation)
    load = replace(load, shared_referral=args.shared_referral)

    async def run() -> None:
        handler, request, _ = in_process(args.data)
        serials = serials_for(load, args.requests)
        # SEP cari asks for SEPs 2..N+1: those are what it needs stored (fewer than the wire
        # run's, to spare minutes under valgrind; a store's size barely moves a request).
        if args.data == ":memory:":
            await stored_and_met(handler, request, load, serials, stored=args.requests + 1)
        else:  # a populated store: only warm up (first calls load and prepare what they use)
            for serial in range(60_000_000, 60_000_000 + WARM_INSERTS):
                await handler(request(load, serial))
        prepared = [request(load, serial) for serial in serials]
        # Written between requests, on both sides of the count so the difference holds only
        # the handler's misses: what the event loop and aiohttp do to the caches in a server.
        sweep = bytearray(args.sweep)
        filler = bytes(len(range(0, args.sweep, 64)))  # a byte in each 64-byte cache line
        gc.collect()
        gc.freeze()
        for ready in prepared:
            if sweep:
                sweep[::64] = filler
            if args.handle:
                await handler(ready)

    asyncio.run(run())


def print_table(title: str, columns: dict[str, dict[str, float]]) -> None:
    print(title)
    print(f"{'stage':<24}" + "".join(f"{name:>17}" for name in columns))
    rows = list(dict.fromkeys(row for column in columns.values() for row in column))
    for row in rows:
        cells = "".join(
            f"{'-':>17}" if not column.get(row) else f"{column[row]:>17.1f}"
            for column in columns.values()
        )
        print(f"{row:<24}{cells}")


# --- soak ------------------------------------------------------------------------------------


def soak(args: argparse.Namespace) -> None:
    import asyncio

    import aiohttp

    os.sched_setaffinity(0, {CLIENT_CPU})
    step = max(args.inserts // 10, 1)
    kind = "one shared referral" if args.shared_referral else "a new card each"
    print(f"{args.inserts} SEP inserts ({kind}), 16 connections; every {step}:")
    print(f"{'stored':>8}{'RSS MB':>9}{'CPU µs/insert':>15}{'bad':>6}")

    async def run(port: int, pid: int) -> None:
        url = f"http://127.0.0.1:{port}{BASE}/SEP/2.0/insert"
        connector = aiohttp.TCPConnector(limit=16)
        async with aiohttp.ClientSession(connector=connector) as session:
            serial = 0
            for done in range(step, args.inserts + 1, step):
                bad = 0
                cpu = cpu_seconds(pid)
                headers = signed()

                async def one(number: int, headers: dict[str, str] = headers) -> None:
                    nonlocal bad
                    body = insert_body(number, shared_referral=args.shared_referral)
                    async with session.post(url, data=body, headers=headers) as reply:
                        text = await reply.read()
                    if b'"code":"200"' not in text:
                        bad += 1

                numbers = range(serial + 1, done + 1)
                for chunk in range(0, len(numbers), 256):
                    await asyncio.gather(*(one(n) for n in numbers[chunk : chunk + 256]))
                serial = done
                used = (cpu_seconds(pid) - cpu) / step * 1e6
                print(f"{done:>8}{rss_mb(pid):>9.1f}{used:>15.0f}{bad:>6}", flush=True)

    with mock_server() as (pid, port):
        print(f"{0:>8}{rss_mb(pid):>9.1f}")
        asyncio.run(run(port, pid))


# --- cold start --------------------------------------------------------------------------------


def start(args: argparse.Namespace) -> None:
    for label, env in (("fast paths", {}), ("pure Python", {"MOCKVCLAIM_PURE_PYTHON": "1"})):
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            command = [sys.executable, "-m", "mockvclaim", "serve", "--port", "0"]
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
                env=clean_env(**env),
            )  # fmt: skip
            assert process.stdout is not None
            port = None
            while port is None:
                line = process.stdout.readline()
                if not line:
                    raise SystemExit("the server did not start")
                found = re.search(r"127\.0\.0\.1:(\d+)", line)
                port = int(found.group(1)) if found else None
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_mock/health") as reply:
                        if reply.status == 200:
                            break
                except OSError:
                    time.sleep(0.005)
            times.append(time.perf_counter() - started)
            process.terminate()
            process.wait(timeout=10)
        print(f"cold start ({label}): median {statistics.median(times):.3f} s of {args.runs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    wire_mode = modes.add_parser("wire", help="side by side with a bare aiohttp answer, via wrk")
    wire_mode.add_argument("--seconds", type=float, default=6.0)
    wire_mode.add_argument("--connections", type=int, default=32)
    wire_mode.add_argument("--rounds", type=int, default=2)
    stages_mode = modes.add_parser("stages", help="µs per stage, in-process")
    stages_mode.add_argument("--repeat", type=int, default=2000)
    requests_parser = modes.add_parser("requests", help="µs per stage inside whole requests")
    requests_parser.add_argument("--repeat", type=int, default=2000)
    soak_mode = modes.add_parser("soak", help="RSS and CPU per insert as the store grows")
    soak_mode.add_argument("--inserts", type=int, default=100_000)
    soak_mode.add_argument("--shared-referral", action="store_true")
    count_mode = modes.add_parser("count", help="instructions per request, by callgrind")
    count_mode.add_argument("--requests", type=int, default=300)
    count_mode.add_argument("--growth", help="SEP inserts on stores of these sizes: 10000,100000")
    count_mode.add_argument("--cache", action="store_true", help="also L1 and L2 misses, cold")
    inner = modes.add_parser("count-inner", help="one side of `count` (run by it)")
    inner.add_argument("--operation", required=True)
    inner.add_argument("--requests", type=int, required=True)
    inner.add_argument("--handle", action="store_true")
    inner.add_argument("--data", default=":memory:")
    inner.add_argument("--shared-referral", action="store_true")
    inner.add_argument("--sweep", type=int, default=0, help="bytes written between requests")
    start_mode = modes.add_parser("start", help="process start to the first health 200")
    start_mode.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    run = {
        "wire": wire, "stages": stages, "requests": requests_mode, "soak": soak, "start": start,
        "count": count, "count-inner": count_inner,
    }  # fmt: skip
    run[args.mode](args)


if __name__ == "__main__":
    main()
