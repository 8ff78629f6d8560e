"""The request journal: what each caller sent and what it got back, decrypted.

Bounded (oldest entries drop first) because a long CI run must not grow the mock without end.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from mockvclaim.config import DEFAULT_JOURNAL_BYTES
from mockvclaim.protocol.journal_budget import JournalBudget

# Credentials a journal reader must not see; the consumer secret is never on the wire at all.
# The signature is as good as the secret for its timestamp's skew window.
_HIDDEN_HEADERS = frozenset({"user_key", "authorization", "cookie", "x-signature"})


def redact_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name: ("***" if name.lower() in _HIDDEN_HEADERS else value) for name, value in headers}


@dataclass
class JournalEntry:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any  # the parsed JSON where it parsed, else the text as received
    time: str  # ISO 8601, UTC
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

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


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
