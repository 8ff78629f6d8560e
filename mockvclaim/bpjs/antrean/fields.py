"""How Antrean reads a body and writes its times: numbers may come as strings (validation
already turned them into text), times are epoch milliseconds, and BPJS answers times as
`dd-MM-yyyy HH:mm:ss WIB` (docs/antrean-aplicares.md §3.1)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any

from mockvclaim.bpjs.world import World
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

WIB = timezone(timedelta(hours=7), "WIB")


def text(body: dict[str, Any], name: str) -> str:
    value = body.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def required(body: dict[str, Any], name: str) -> str:
    value = text(body, name)
    if not value:
        raise VClaimError.of(messages.ANTREAN_FIELD_EMPTY, field=name)
    return value


def whole(body: dict[str, Any], name: str) -> int:
    """A whole number sent as a number or a numeric string."""
    value = required(body, name)
    if not value.isascii() or not value.isdigit():
        raise VClaimError.of(messages.ANTREAN_FIELD_INVALID, field=name)
    return int(value)


def one_of(body: dict[str, Any], name: str, allowed: tuple[str, ...]) -> str:
    value = required(body, name)
    match = next((option for option in allowed if option.lower() == value.lower()), None)
    if match is None:
        raise VClaimError.of(messages.ANTREAN_FIELD_INVALID, field=name)
    return match


def jam_praktek(value: str) -> str:
    """`08:00 - 12:00` (jadwaldokter) and `08:00-12:00` (Mobile JKN) are one session."""
    return "".join(value.split())


def now_ms(world: World) -> int:
    moment = world.now or datetime.combine(world.today, time(), WIB)
    return int(moment.timestamp() * 1000)


def wib_text(epoch_ms: int) -> str:
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).astimezone(WIB)
    return moment.strftime("%d-%m-%Y %H:%M:%S WIB")
