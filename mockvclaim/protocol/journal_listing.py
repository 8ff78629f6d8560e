"""The journal as JSON for `/_mock/requests`, encoded a few entries at a time.

Encoding yields to the event loop between entries whenever a slice of time has passed, so
a long listing delays other clients by at most about one slice and one entry; each entry is
bounded by the per-entry budget (protocol/journal_budget.py).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable

from mockvclaim.protocol.journal import JournalEntry

SLICE_SECONDS = 0.005  # how long encoding runs before letting other requests in


async def encode(entries: Iterable[JournalEntry]) -> bytes:
    """`{"requests": [...]}`, the entries in the order given."""
    parts = []
    began = time.perf_counter()
    for entry in entries:
        parts.append(_encode_entry(entry))
        if time.perf_counter() - began > SLICE_SECONDS:
            await asyncio.sleep(0)
            began = time.perf_counter()
    return ('{"requests": [' + ", ".join(parts) + "]}").encode()


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
