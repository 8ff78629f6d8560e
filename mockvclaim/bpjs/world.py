"""One request's view of the fake BPJS, and the one way its families read a request body.

Dispatch builds a `World` once per authenticated request; every family function takes it
first and nothing else of the run's context (docs/naming.md): the consumer's own documents,
the consumer, the seed, the mode, and today from the injected clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from mockvclaim.bpjs.store import Store
from mockvclaim.config import Consumer
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError


@dataclass(frozen=True)
class World:
    """What the rules need to know about this request."""

    store: Store  # this consumer's documents only
    consumer: Consumer
    seed: int
    strict: bool
    today: date  # in WIB, from the server's clock
    now: datetime | None = None  # the same clock to the second (Antrean's times); None: today 00:00


# Dotted paths are the rules' own constants: an SEP insert reads ~40 of them, split once.
_PATHS: dict[str, tuple[str, ...]] = {}
_MAX_PATHS = 1024


def text(body: dict[str, Any], dotted: str, *, strip: bool = False) -> str:
    """A body value by dotted path; an absent or non-text value reads as "" like on the wire.

    `strip=True` for codes and numbers, which BPJS matches trimmed; free text (catatan, a
    name) is echoed as sent, so it is read unstripped.
    """
    parts = _PATHS.get(dotted)
    if parts is None:
        parts = tuple(dotted.split("."))
        if len(_PATHS) < _MAX_PATHS:
            _PATHS[dotted] = parts
    value: Any = body
    for part in parts:
        value = value.get(part, "") if isinstance(value, dict) else ""
    if not isinstance(value, str):
        return ""
    return value.strip() if strip else value


def date_field(body: dict[str, Any], dotted: str, title: str) -> date | None:
    """A yyyy-MM-dd body value, None when absent, the 201 naming `title` when malformed."""
    value = text(body, dotted)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise VClaimError.of(messages.DATE_INVALID, title=title) from None
