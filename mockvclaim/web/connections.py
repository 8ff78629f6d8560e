"""Connections of a served mock: header, body and idle timeouts, and one log line per
malformed request (docs/interface.md §12).

aiohttp closes idle keep-alive connections and bounds each header line, but waits forever
for a request whose headers trickle in. `HeaderDeadline` wraps aiohttp's own protocol and
notes when a request's first byte came; `DeadlineSweep` closes a connection whose headers are
not all there `header_timeout` seconds later; `connection_middleware` tells it where each
request starts and ends. The body timeout is applied where bodies are read (web/bodies.py).
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from mockvclaim.config import Settings

# After an answer, aiohttp reads and discards an unread body for this long before it
# closes; a body that is broken or slow has already had its answer.
LINGERING_SECONDS = 0.0

# How long stopping waits for requests in flight before cancelling them; `docker stop`
# sends SIGKILL after 10 s.
SHUTDOWN_GRACE_SECONDS = 5.0

# Client-caused failures: one line, without the exception's text (it quotes the offending
# bytes, which may be a user_key or a signature).
_CLIENT_ERRORS = (HttpProcessingError, web.RequestPayloadError, ConnectionError)


class _OneLinePerBadRequest(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        problem = record.exc_info[1] if record.exc_info else None
        if isinstance(problem, _CLIENT_ERRORS):
            status = getattr(problem, "code", None) or getattr(problem, "status", "")
            record.msg = f"mockvclaim: {record.getMessage()}: {type(problem).__name__} {status}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


HTTP_LOG = logging.getLogger("mockvclaim.http")
HTTP_LOG.addFilter(_OneLinePerBadRequest())


def runner_arguments(settings: Settings) -> dict[str, Any]:
    """What `web.AppRunner` needs for the timeouts and logging above."""
    return {
        "access_log": None,
        "logger": HTTP_LOG,
        "keepalive_timeout": settings.idle_timeout,
        "lingering_time": LINGERING_SECONDS,
        "shutdown_timeout": SHUTDOWN_GRACE_SECONDS,
    }


class DeadlineSweep:
    """Closes the connections whose request headers have taken longer than `timeout`.

    No timer per request (one cost about as much as routing): each connection notes when the
    first byte of its headers came, and one sweep looks over every open connection a few
    times per timeout, so a connection is cut off between `timeout` and 1.25 x `timeout`
    (at most one second late) after that byte (docs/interface.md §12).
    """

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._interval = max(min(timeout / 4, 1.0), 0.01)  # never a busy loop for tiny timeouts
        self._open: set[HeaderDeadline] = set()
        self._pending: asyncio.TimerHandle | None = None

    def add(self, connection: HeaderDeadline) -> None:
        self._open.add(connection)
        if self._pending is None:
            self._pending = asyncio.get_running_loop().call_later(self._interval, self._sweep)

    def discard(self, connection: HeaderDeadline) -> None:
        self._open.discard(connection)

    def _sweep(self) -> None:
        self._pending = None
        cutoff = time.monotonic() - self.timeout
        for connection in list(self._open):
            started = connection.headers_since
            if started is not None and started <= cutoff:
                connection.expire()
        if self._open:
            self._pending = asyncio.get_running_loop().call_later(self._interval, self._sweep)


class HeaderDeadline(asyncio.Protocol):
    """aiohttp's protocol for one connection, closed by its sweep when request headers are
    too slow."""

    def __init__(self, inner: Any, sweep: DeadlineSweep) -> None:
        self._inner = inner
        self._sweep = sweep
        # BaseTransport: uvloop's transports do not derive from asyncio.Transport.
        self._transport: asyncio.BaseTransport | None = None
        self._in_request = False
        # time.monotonic() of the first byte of headers not yet complete; None: none pending.
        self.headers_since: float | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport
        self._sweep.add(self)
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if not self._in_request and self.headers_since is None:
            self.headers_since = time.monotonic()
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        answer: bool | None = self._inner.eof_received()
        return answer

    def connection_lost(self, exc: Exception | None) -> None:
        self._sweep.discard(self)
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()

    def request_started(self) -> None:
        self.headers_since = None
        self._in_request = True

    def request_finished(self) -> None:
        self._in_request = False

    def expire(self) -> None:
        self.headers_since = None
        if self._transport is not None and not self._in_request:
            self._transport.close()


@web.middleware
async def connection_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Marks a request's headers as complete, and its end, for HeaderDeadline."""
    transport = request.transport
    protocol = transport.get_protocol() if transport is not None else None
    if not isinstance(protocol, HeaderDeadline):
        response: web.StreamResponse = await handler(request)
        return response
    protocol.request_started()
    try:
        response = await handler(request)
        return response
    finally:
        protocol.request_finished()


async def start_site(
    runner: web.AppRunner,
    settings: Settings,
    *,
    port: int | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> asyncio.Server:
    """Listen on the settings' host and port (or `port`; over TLS with `ssl_context`), after
    `runner.setup()`; close the returned server before `runner.cleanup()`."""
    loop = asyncio.get_running_loop()
    make_protocol = runner.server
    assert make_protocol is not None, "runner.setup() first"

    sweep = DeadlineSweep(settings.header_timeout)

    def protocol() -> HeaderDeadline:
        return HeaderDeadline(make_protocol(), sweep)

    return await loop.create_server(
        protocol,
        settings.host,
        settings.port if port is None else port,
        ssl=ssl_context,
        reuse_address=True,
    )


def bound_port(server: asyncio.Server) -> int:
    port: int = server.sockets[0].getsockname()[1]
    return port
