"""What the request journal may hold: a byte budget per entry and in total.

A body's cost is estimated from its bytes before it is parsed: its length plus what CPython
spends on each container and member once it is (docs/interface.md §12). A body over the
per-entry budget is kept as bounded text, and one nested deeper than any VClaim body is
shown as its text, so no entry can make a listing slow, large or unserialisable; the total
budget drops the oldest entries.
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

# Roughly what a parsed JSON container or member costs in memory beyond its text: an empty
# dict is 64 bytes, a list slot 8 plus its item. An estimate, not a measurement.
PARSED_NODE_BYTES = 64
# Deeper than any VClaim body (about 5 levels); what a listing serialises stays well inside
# the interpreter's recursion limit.
MAX_KEPT_DEPTH = 32
_NODE_MARKS = (b"{", b"[", b",")


def body_cost(raw: bytes) -> int:
    """Bytes a body costs the journal once parsed, counted without parsing it."""
    return len(raw) + PARSED_NODE_BYTES * sum(raw.count(mark) for mark in _NODE_MARKS)


def bounded_text(raw: bytes, limit: int) -> str:
    """The body as text, cut to `limit` bytes with a note saying how long it was."""
    text = raw[:limit].decode("utf-8", errors="replace")
    if len(raw) > limit:
        text += f"... [{len(raw)} bytes in all, cut to {limit}]"
    return text


def costly_body_text(raw: bytes, cost: int, entry_bytes: int) -> str | None:
    """The bounded text the journal keeps instead of a body whose parsed form would cost
    (`cost`, from body_cost) more than `entry_bytes`; None when parsing it on read is
    cheap enough."""
    if cost <= entry_bytes:
        return None
    return bounded_text(raw, entry_bytes)


def shown_body(raw: bytes) -> Any:
    """A kept body as a reader sees it: the parsed JSON where it parses and nests no deeper
    than MAX_KEPT_DEPTH, else the text as received."""
    if not raw:
        return None
    try:
        parsed = json.loads(raw)
    except (ValueError, RecursionError):
        return raw.decode("utf-8", errors="replace")
    if depth_exceeds(parsed, MAX_KEPT_DEPTH):
        return raw.decode("utf-8", errors="replace")
    return parsed


def depth_exceeds(value: Any, limit: int) -> bool:
    """Whether `value` nests containers more than `limit` deep (without recursing)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JournalBudget:
    """Costs of the kept entries, oldest first; says how many to drop to stay in budget."""

    def __init__(self, *, max_entries: int, total_bytes: int) -> None:
        self._max_entries = max(max_entries, 1)
        self._total_bytes = total_bytes
        self._costs: deque[int] = deque()
        self.used = 0

    def charge(self, cost: int) -> int:
        """Count a new entry; the number of oldest entries to drop (the newest always stays)."""
        self._costs.append(cost)
        self.used += cost
        dropped = 0
        while len(self._costs) > 1 and (
            len(self._costs) > self._max_entries or self.used > self._total_bytes
        ):
            self.used -= self._costs.popleft()
            dropped += 1
        return dropped

    def clear(self) -> None:
        self._costs.clear()
        self.used = 0
