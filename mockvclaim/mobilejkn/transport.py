"""One call to the hospital, as Mobile JKN makes it, timed with an injectable clock.

The body is read whatever the HTTP status: hospitals answer refusals with HTTP 201, 401 or
404 around the same envelope (docs/mobilejkn.md §4), and Mobile JKN shows the message.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp

# Bodies over this are not a WS RS answer; read no further.
MAX_ANSWER_BYTES = 1 << 20


@dataclass(frozen=True)
class Exchange:
    """A request and what came back: an answer, or the reason none did."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: dict[str, Any] | None
    elapsed_ms: float
    http_status: int | None = None
    text: str = ""
    document: Any = None  # the parsed JSON, None when the body is not JSON
    error: str | None = None  # no answer: refused, reset, timed out
    timed_out: bool = False

    @property
    def parsed(self) -> bool:
        return self.error is None and isinstance(self.document, dict)


class Caller:
    """Sends the calls of one run on one HTTP session."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        *,
        timeout_s: float,
        monotonic: Callable[[], float],
    ) -> None:
        self._session = session
        self._base = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._monotonic = monotonic

    def url(self, path: str) -> str:
        return f"{self._base}/{path.lstrip('/')}"

    async def call(
        self, method: str, path: str, headers: Mapping[str, str], body: dict[str, Any] | None
    ) -> Exchange:
        url = self.url(path)
        sent = dict(headers)
        data: bytes | None = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        started = self._monotonic()

        def done(**answer: Any) -> Exchange:
            elapsed = (self._monotonic() - started) * 1000.0
            return Exchange(method, url, sent, body, elapsed, **answer)

        try:
            async with self._session.request(
                method, url, headers=sent, data=data, timeout=self._timeout, allow_redirects=False
            ) as response:
                raw = await response.content.read(MAX_ANSWER_BYTES)
                status = response.status
        except TimeoutError:
            return done(error="no answer in time", timed_out=True)
        except (aiohttp.ClientError, OSError, asyncio.IncompleteReadError) as problem:
            return done(error=f"{type(problem).__name__}: {problem}".strip(": "))
        text = raw.decode("utf-8", errors="replace")
        try:
            document = json.loads(text)
        except ValueError:
            document = None
        return done(http_status=status, text=text, document=document)
