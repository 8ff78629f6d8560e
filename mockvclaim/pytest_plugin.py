"""pytest plugin (entry point `pytest11`): the mock in-process for a test suite.

`vclaim_server` gives a running mock, fresh for each test: one server per session (started on
first use, on 127.0.0.1 and a free port, in a background thread with its own event loop, so
synchronous clients such as `requests` can call it), reset before every test that uses it.

The same server answers HTTPS on a second free port with a CA of the session's own:
`vclaim_server.https_url`, verified against `vclaim_server.ca_file` (docs/interface.md §10).

Settings: `--mockvclaim-seed`, `--mockvclaim-scenarios`, `--mockvclaim-strict` (or the ini
keys `mockvclaim_seed`, `mockvclaim_scenarios`, `mockvclaim_strict`); per test,
`@pytest.mark.mockvclaim(rules=[...])` adds run-time scenario rules for that test only.

`mobilejkn_check(target, username, password, **settings)` (also the fixture of that name)
plays Mobile JKN against a hospital's WS RS and fails the test with the report when any
step fails (docs/mobilejkn.md).

Heavy imports (aiohttp, the app) happen when the fixture is first used, so merely having
mockvclaim installed costs other test suites nothing.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

if TYPE_CHECKING:
    from aiohttp import web

    from mockvclaim.config import Settings
    from mockvclaim.mobilejkn.flow import Report
    from mockvclaim.web.context import MockState

T = TypeVar("T")

SERVICE = "vclaim-rest-dev"
STARTUP_TIMEOUT = 30.0
CALL_TIMEOUT = 30.0


class VClaimServer:
    """A running mock and the demo consumer's credentials, with helpers for assertions."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        consumer = settings.consumers[0]
        self.cons_id = consumer.cons_id
        self.secret = consumer.secret
        self.user_key = consumer.user_key
        self.ppk = consumer.ppk
        self.port = 0
        self.https_port = 0
        self.ca_file = ""  # the CA a client verifies `https_url` against
        self._tls_dir = tempfile.TemporaryDirectory(prefix="mockvclaim-plugin-tls-")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="mockvclaim", daemon=True
        )
        self._runner: web.AppRunner | None = None
        self._listening: list[asyncio.Server] = []
        self._state: MockState | None = None

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()
        self._run(self._start(), STARTUP_TIMEOUT)

    async def _start(self) -> None:
        from aiohttp import web

        from mockvclaim import tls
        from mockvclaim.web import connections
        from mockvclaim.web.app import create_app
        from mockvclaim.web.context import mock_state_key

        app = create_app(self.settings)
        self._state = app[mock_state_key]
        self._runner = web.AppRunner(app, **connections.runner_arguments(self.settings))
        await self._runner.setup()
        self._listening = [await connections.start_site(self._runner, self.settings)]
        self.port = connections.bound_port(self._listening[0])
        # A CA of this session's own, so the suite never touches the user's TLS folder.
        https = tls.generated(Path(self._tls_dir.name), tls.host_names("127.0.0.1"))
        self._listening.append(
            await connections.start_site(self._runner, self.settings, ssl_context=https.context)
        )
        self.https_port = connections.bound_port(self._listening[1])
        self.ca_file = str(https.ca_file)

    def stop(self) -> None:
        for server in self._listening:
            self._loop.call_soon_threadsafe(server.close)
        self._listening = []
        if self._runner is not None:
            self._run(self._runner.cleanup(), CALL_TIMEOUT)
            self._runner = None
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(CALL_TIMEOUT)
        if not self._loop.is_running():
            self._loop.close()
        self._tls_dir.cleanup()

    def _run(self, coroutine: Any, timeout: float) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def _on_loop(self, action: Callable[[MockState], T]) -> T:
        """Run `action` on the server's own thread: its state is never touched concurrently."""
        state = self._state
        assert state is not None, "the mock is not running"
        done: Future[T] = Future()

        def run() -> None:
            try:
                done.set_result(action(state))
            except BaseException as problem:
                done.set_exception(problem)

        self._loop.call_soon_threadsafe(run)
        return done.result(CALL_TIMEOUT)

    # -- addresses and credentials -------------------------------------------------

    @property
    def root_url(self) -> str:
        """`http://127.0.0.1:PORT`: where `/_mock/` lives."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What a SIMRS configures as its VClaim base URL (with the dev service name)."""
        return f"{self.root_url}/{SERVICE}"

    @property
    def https_url(self) -> str:
        """`base_url` over HTTPS; verify it against `ca_file`."""
        return f"https://127.0.0.1:{self.https_port}/{SERVICE}"

    def url(self, path: str) -> str:
        """`base_url` joined with a VClaim path such as `SEP/2.0/insert`."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def headers(self, timestamp: str | int | None = None) -> dict[str, str]:
        """The four signed headers for the demo consumer (now, unless `timestamp` is given)."""
        from mockvclaim.protocol import crypto

        stamp = str(int(time.time()) if timestamp is None else timestamp)
        return crypto.signed_headers(self.cons_id, self.secret, self.user_key, stamp)

    # -- assertions and steering ---------------------------------------------------

    def requests(
        self,
        *,
        path: str | None = None,
        method: str | None = None,
        rule: str | None = None,
    ) -> list[dict[str, Any]]:
        """The request journal, newest first, as `GET /_mock/requests` shows it."""
        entries = self._on_loop(
            lambda state: state.journal.find(path=path, method=method, rule=rule)
        )
        # A JSON round trip gives copies a test may mutate, exactly as the API serialises.
        copied: list[dict[str, Any]] = json.loads(json.dumps([e.as_json() for e in entries]))
        return copied

    def reset(self) -> None:
        """Back to how it started: state, journal, hit counts, and run-time rules."""
        self._on_loop(lambda state: state.reset(runtime_rules=True))

    def add_rules(self, rules: list[dict[str, Any]] | dict[str, Any]) -> list[str]:
        """Add run-time scenario rules (a list of rules or a `{"rules": [...]}` document);
        raises ScenarioError naming the rule and field when one is bad."""
        document = {"rules": rules} if isinstance(rules, list) else rules
        added = self._on_loop(lambda state: state.scenarios.add_runtime(document))
        return [rule.id for rule in added]

    def rules(self) -> list[dict[str, Any]]:
        """Every loaded rule with its source and hit count, as `GET /_mock/scenarios`."""
        described = self._on_loop(lambda state: [r.describe() for r in state.scenarios.rules])
        copied: list[dict[str, Any]] = json.loads(json.dumps(described))
        return copied

    def decrypt(self, response: object, timestamp: str | int) -> Any:
        """The decrypted payload of an answer: a parsed envelope dict, its `response` string,
        or the raw body (bytes/str). `timestamp` is the X-timestamp the request carried."""
        from mockvclaim.protocol import crypto

        if isinstance(response, bytes):
            response = response.decode("utf-8")
        if isinstance(response, str) and response.lstrip().startswith("{"):
            response = json.loads(response)
        if isinstance(response, dict):
            response = response.get("response")
        if not isinstance(response, str):
            raise TypeError(f"nothing to decrypt: response is {response!r}")
        text = crypto.decrypt_text(response, self.cons_id, self.secret, str(timestamp))
        return json.loads(text)


def mobilejkn_check(
    target: str,
    username: str,
    password: str,
    *,
    now: Callable[[], float] = time.time,
    monotonic: Callable[[], float] = time.monotonic,
    **settings: Any,
) -> Report:
    """Play Mobile JKN against the WS RS at `target` (`settings` as FlowSettings takes them:
    `paths`, `budget_ms`, `seed`, `skip`, ...); fail the calling test with the text report
    when a step fails, else return the report. The flow runs on an event loop of its own in
    a worker thread, so the WS RS must not be served by the calling test's own loop."""
    from concurrent.futures import ThreadPoolExecutor

    from mockvclaim.mobilejkn import report
    from mockvclaim.mobilejkn.flow import FlowSettings, run_flow

    flow = FlowSettings(target=target, username=username, password=password, **settings)
    with ThreadPoolExecutor(1, thread_name_prefix="mobilejkn") as worker:
        result = worker.submit(asyncio.run, run_flow(flow, now=now, monotonic=monotonic)).result()
    if not result.ok:
        pytest.fail(report.text(result), pytrace=False)
    return result


# -- pytest hooks and fixtures ------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mockvclaim", "mock BPJS VClaim server (fixture vclaim_server)")
    group.addoption("--mockvclaim-seed", help="seed of the fake world (default 0)")
    group.addoption(
        "--mockvclaim-scenarios", help="extra scenario files or folders, comma separated"
    )
    group.addoption(
        "--mockvclaim-strict",
        action="store_true",
        default=None,
        help="closed world: every rule BPJS enforces",
    )
    parser.addini("mockvclaim_seed", "seed of the mock's fake world", default="0")
    parser.addini("mockvclaim_scenarios", "scenario files or folders, comma separated", default="")
    parser.addini("mockvclaim_strict", "closed world", type="bool", default=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "mockvclaim(rules=[...]): run-time scenario rules for this test's vclaim_server",
    )


def _settings(config: pytest.Config) -> Settings:
    from mockvclaim.config import ConfigError, Settings

    seed_text = config.getoption("mockvclaim_seed") or config.getini("mockvclaim_seed")
    try:
        seed = int(seed_text)
    except ValueError:
        raise ConfigError(f"mockvclaim seed must be a whole number, got {seed_text!r}") from None
    scenarios_text = config.getoption("mockvclaim_scenarios") or config.getini(
        "mockvclaim_scenarios"
    )
    # Relative paths are read from the rootdir, wherever pytest was started.
    scenarios = tuple(
        config.rootpath / part.strip() for part in str(scenarios_text).split(",") if part.strip()
    )
    strict = bool(config.getoption("mockvclaim_strict") or config.getini("mockvclaim_strict"))
    return Settings(host="127.0.0.1", port=0, seed=seed, scenarios=scenarios, strict=strict)


@pytest.fixture(scope="session")
def vclaim_server_session(pytestconfig: pytest.Config) -> Iterator[VClaimServer]:
    """The one mock of the session, not reset between tests (use `vclaim_server`)."""
    server = VClaimServer(_settings(pytestconfig))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def vclaim_server(
    vclaim_server_session: VClaimServer, request: pytest.FixtureRequest
) -> VClaimServer:
    """The session's mock, reset for this test, with the test's `mockvclaim` marker rules."""
    server = vclaim_server_session
    server.reset()
    # Closest marker first: run-time rules are tried in the order they were added.
    for marker in request.node.iter_markers("mockvclaim"):
        rules = marker.kwargs.get("rules")
        if rules:
            server.add_rules(rules)
    return server


@pytest.fixture(name="mobilejkn_check")
def mobilejkn_check_fixture() -> Callable[..., Report]:
    """`mobilejkn_check` without an import: `mobilejkn_check(url, username, password)`."""
    return mobilejkn_check
