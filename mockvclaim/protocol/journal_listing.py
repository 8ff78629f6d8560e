"""The journal as JSON for `/_mock/requests`, encoded and sent a few entries at a time.

Encoding yields to the event loop whenever a slice of time has passed, and the listing is
sent in those pieces rather than built whole, so a long listing delays other clients by
about one slice and one entry; each entry is bounded by the per-entry budget
(protocol/journal_budget.py).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterable

from mockvclaim.protocol.journal import JournalEntry

SLICE_SECONDS = 0.005  # how long encoding runs before letting other requests in


async def encode_chunks(entries: Iterable[JournalEntry]) -> AsyncIterator[bytes]:
    """`{"requests": [...]}` in pieces of about one time slice each, the entries in the
    order given; yields to the loop between pieces, never builds the whole listing."""
    yield b'{"requests": ['
    batch: list[bytes] = []
    separator = b""
    began = time.perf_counter()
    for entry in entries:
        batch.append(_encode_entry(entry).encode())
        if time.perf_counter() - began > SLICE_SECONDS:
            yield separator + b", ".join(batch)
            separator, batch = b", ", []
            await asyncio.sleep(0)
            began = time.perf_counter()
    if batch:
        yield separator + b", ".join(batch)
    yield b"]}"


async def encode(entries: Iterable[JournalEntry]) -> bytes:
    """The whole listing as one document."""
    return b"".join([chunk async for chunk in encode_chunks(entries)])


def _encode_entry(entry: JournalEntry) -> str:
    try:
        return json.dumps(entry.as_json())
    except (RecursionError, TypeError, ValueError) as problem:
        # An entry kept before the budget existed, or a response the mock built badly: the
        # listing still answers, and says which entry it could not show.
        return json.dumps(
            {
                "id": entry.id,
                "method": entry.method,
                "path": entry.path,
                "error": f"entry cannot be shown: {type(problem).__name__}",
            }
        )
