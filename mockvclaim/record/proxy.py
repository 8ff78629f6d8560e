"""The recording proxy: every request goes to the upstream as the SIMRS signed it, and the
upstream's answer comes back as it was; each exchange is handed to the recorder on the way."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

import aiohttp
from aiohttp import web
from multidict import CIMultiDict

from mockvclaim.protocol.operations import SERVICE_NAMES
from mockvclaim.record.recording import Exchange

log = logging.getLogger("mockvclaim.record")

MAX_BODY_BYTES = 16 * 1024 * 1024  # far above any VClaim body; the upstream judges the size
UPSTREAM_TIMEOUT_SECONDS = 60  # the real dev server can be slow; a SIMRS waits about as long
# Connection-level headers belong to one hop (the HTTP spec's hop-by-hop list), not to the request.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)
# aiohttp decompresses the upstream's body, so its encoding header no longer holds.
_NOT_RETURNED = HOP_BY_HOP | {"content-encoding"}

session_key = web.AppKey("upstream_session", aiohttp.ClientSession)


def upstream_url(upstream: str, raw_path: str) -> str:
    """The upstream base joined with the request's path, its own service name dropped first,
    so a SIMRS configured with `.../vclaim-rest-dev` or with the bare address both work."""
    path, question, query = raw_path.partition("?")
    segments = path.lstrip("/").split("/", 1)
    if segments[0].lower() in SERVICE_NAMES:
        path = segments[1] if len(segments) > 1 else ""
    else:
        path = path.lstrip("/")
    return f"{upstream.rstrip('/')}/{path}{question}{query}"


def create_proxy(upstream: str, observe: Callable[[Exchange], None]) -> web.Application:
    async def session(app: web.Application) -> AsyncIterator[None]:
        timeout = aiohttp.ClientTimeout(total=UPSTREAM_TIMEOUT_SECONDS)
        # No cookie jar and no automatic headers: the upstream sees what the SIMRS sent.
        async with aiohttp.ClientSession(
            timeout=timeout, cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=True
        ) as client:
            app[session_key] = client
            yield

    async def forward(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        target = upstream_url(upstream, request.raw_path)
        try:
            async with request.app[session_key].request(
                request.method,
                target,
                data=body if body else None,
                headers=headers,
                allow_redirects=False,
                skip_auto_headers=("User-Agent", "Accept-Encoding", "Content-Type", "Accept"),
            ) as answer:
                content = await answer.read()
                returned = [
                    (k, v) for k, v in answer.headers.items() if k.lower() not in _NOT_RETURNED
                ]
                status = answer.status
        except (aiohttp.ClientError, TimeoutError) as problem:
            reason = str(problem) or type(problem).__name__
            log.warning("mockvclaim record: upstream %s failed: %s", target, reason)
            return web.Response(status=502, text=f"mockvclaim record: upstream failed: {reason}")
        observe(Exchange(request.method, request.path, request.headers, body, status, content))
        return web.Response(status=status, body=content, headers=CIMultiDict(returned))

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.cleanup_ctx.append(session)
    app.router.add_route("*", "/{tail:.*}", forward)
    return app
