"""The request journal: what each caller sent and what it got back, decrypted.

Bounded (oldest entries drop first) because a long CI run must not grow the mock without end.
"""

from __future__ import annotations

import functools
import itertools
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from mockvclaim.config import DEFAULT_JOURNAL_BYTES, DEFAULT_JOURNAL_ENTRY_BYTES
from mockvclaim.protocol.journal_budget import JournalBudget, shown_body

# Credentials a journal reader must not see; the consumer secret is never on the wire at all.
# The signature is as good as the secret for its timestamp's skew window.
_HIDDEN_HEADERS = frozenset({"user_key", "authorization", "cookie", "x-signature"})


def redact_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name: ("***" if name.lower() in _HIDDEN_HEADERS else value) for name, value in headers}


BODY_LIMIT = DEFAULT_JOURNAL_ENTRY_BYTES  # the default; Settings.journal_entry_bytes decides
TOO_LARGE = "<body over the size limit, not kept>"


@dataclass
class JournalEntry:
    """One request and its answer. Recording keeps what arrived as it arrived; the redacted
    headers, the parsed body and the timestamp text are built when someone reads them, so
    the hot path pays for none of it (docs/performance.md §4)."""

    method: str
    path: str
    query: Mapping[str, str]
    raw_headers: Sequence[tuple[str, str]]
    raw_body: bytes  # at most Settings.journal_entry_bytes of it
    received: float  # epoch seconds
    body_too_large: bool = False
    id: int = 0
    operation: str | None = None  # None: no route matched
    cons_id: str | None = None
    status: int = 0
    metaData: dict[str, str] | None = None
    response: Any = None  # decrypted
    rule: str | None = None  # the scenario rule that acted
    fault: str | None = None
    duration_ms: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def headers(self) -> dict[str, str]:
        return redact_headers(self.raw_headers)

    @functools.cached_property
    def body(self) -> Any:
        """The parsed JSON where it parses, else the text as received."""
        if self.body_too_large:
            return TOO_LARGE
        return shown_body(self.raw_body)

    @property
    def time(self) -> str:
        """When it arrived, ISO 8601 in UTC."""
        return datetime.fromtimestamp(self.received, UTC).isoformat(timespec="milliseconds")

    def as_json(self) -> dict[str, Any]:
        shown = {
            name: getattr(self, name)
            for name in (f.name for f in fields(self))
            if name not in _RAW_FIELDS
        }
        return {
            **shown,
            "query": dict(self.query),
            "headers": self.headers,
            "body": self.body,
            "time": self.time,
        }


_RAW_FIELDS = frozenset({"raw_headers", "raw_body", "received", "body_too_large"})


class Journal:
    def __init__(self, size: int, total_bytes: int = DEFAULT_JOURNAL_BYTES) -> None:
        self._entries: deque[JournalEntry] = deque()
        self._budget = JournalBudget(max_entries=size, total_bytes=total_bytes)
        self._ids = itertools.count(1)

    def record(self, entry: JournalEntry, cost: int = 0) -> None:
        """Keep `entry`, which costs about `cost` bytes, dropping the oldest over budget."""
        entry.id = next(self._ids)
        for _ in range(self._budget.charge(cost)):
            self._entries.popleft()
        self._entries.append(entry)

    def clear(self) -> None:
        self._entries.clear()
        self._budget.clear()

    def find(
        self,
        *,
        path: str | None = None,
        method: str | None = None,
        rule: str | None = None,
        unmatched: bool = False,
    ) -> list[JournalEntry]:
        """Newest first. `path` matches case-insensitively as a substring."""
        found = []
        for entry in reversed(self._entries):
            if unmatched and entry.operation is not None:
                continue
            if path is not None and path.lower() not in entry.path.lower():
                continue
            if method is not None and entry.method.upper() != method.upper():
                continue
            if rule is not None and entry.rule != rule:
                continue
            found.append(entry)
        return found
