"""One line per request on the terminal: time, method, path, operation, what the caller got
(metaData code and message, or the HTTP status), the scenario rule, and how long it took.

Formatted only when the `mockvclaim.access` logger is on (`serve` turns it on unless
`--quiet`), so a request costs one cached level check otherwise.
"""

from __future__ import annotations

import logging
import re

from mockvclaim.protocol.journal import JournalEntry

ACCESS_LOGGER = "mockvclaim.access"
_log = logging.getLogger(ACCESS_LOGGER)
_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)  # of an HTML page
MESSAGE_LIMIT = 80  # characters of a metaData message or a gateway body shown


def record(entry: JournalEntry) -> None:
    if _log.isEnabledFor(logging.INFO):
        _log.info(line(entry))


def line(entry: JournalEntry) -> str:
    parts = [
        entry.time[11:23],  # HH:MM:SS.mmm, UTC as the journal keeps it
        entry.method,
        entry.path,
        entry.operation or "(no route)",
        outcome(entry),
    ]
    if entry.rule:
        parts.append(f"rule={entry.rule}")
    refused = entry.extra.get("refused")
    if refused:
        parts.append(f"refused: {refused}")
    parts.append(f"{entry.duration_ms:.1f}ms")
    return " ".join(parts)


def outcome(entry: JournalEntry) -> str:
    """The code a client reads first: metaData's, else the HTTP status, else the fault."""
    if entry.metaData is not None:
        return f"{entry.metaData.get('code')} {_short(entry.metaData.get('message'))}"
    if entry.status == 0:
        return f"no answer (fault {entry.fault})" if entry.fault else "no answer"
    if entry.fault == "empty":
        return f"HTTP {entry.status} empty body"
    body = entry.response if isinstance(entry.response, str) else ""
    title = _TITLE.search(body)
    return f"HTTP {entry.status} {_short(title.group(1) if title else body)}".rstrip()


def _short(text: object) -> str:
    flat = " ".join(str(text or "").split())
    if len(flat) > MESSAGE_LIMIT:
        flat = flat[: MESSAGE_LIMIT - 1] + "…"
    return f'"{flat}"' if flat else ""
