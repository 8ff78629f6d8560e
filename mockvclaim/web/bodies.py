"""Receiving a request body: whole, within the body timeout, and decoded as its
Content-Encoding says, or a VClaimError that says which of these failed
(docs/interface.md §12)."""

from __future__ import annotations

import asyncio

from aiohttp import web

from mockvclaim.config import Settings
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError


async def receive(request: web.Request, settings: Settings) -> tuple[bytes, VClaimError | None]:
    """The body, or b"" and the problem an envelope should report."""
    try:
        if request.content.is_eof():  # it came with the headers: nothing to wait for
            return await request.read(), None
        async with asyncio.timeout(settings.body_timeout):
            return await request.read(), None
    except web.HTTPRequestEntityTooLarge:
        return b"", VClaimError.of(messages.BODY_TOO_LARGE, limit=settings.max_body_bytes)
    except web.RequestPayloadError:
        # Bytes that are not what Content-Encoding (gzip, deflate, br) says they are.
        encoding = request.headers.get("Content-Encoding", "")[:40]
        return b"", VClaimError.of(messages.BODY_ENCODING_INVALID, encoding=encoding)
    except TimeoutError:
        seconds = f"{settings.body_timeout:g}"
        return b"", VClaimError.of(messages.BODY_TIMEOUT, seconds=seconds)
