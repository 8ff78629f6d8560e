"""Path parameters of GET routes: checked and typed here, so a bad one is a 201 envelope
that names it (the house rule for bad input), never a 500."""

from __future__ import annotations

import calendar
import re
from datetime import date

from mockvclaim.bpjs import numbers
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

# The same shapes as schemas/defs.schema.json: [0-9], not \d, which matches any Unicode digit.
_DOCUMENT = re.compile(numbers.DOCUMENT_PATTERN)
_CARD = re.compile(numbers.CARD_PATTERN)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"[0-9]{1,2}")
_YEAR = re.compile(r"[0-9]{4}")


def _format_error(name: str, title: str) -> VClaimError:
    return VClaimError.of(messages.FIELD_FORMAT, title=title, field=name)


def document_number(value: str, name: str, title: str) -> str:
    """A 19-character SEP / surat kontrol number ({PPK}{MMYY}{letter}{6}), any case."""
    if not _DOCUMENT.fullmatch(value):
        raise _format_error(name, title)
    return value


def card_number(value: str, name: str = "noKartu") -> str:
    if not _CARD.fullmatch(value):
        raise _format_error(name, "Nomor Kartu")
    return value


def day(value: str, title: str) -> date:
    """A yyyy-MM-dd date that exists in the calendar."""
    if _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise VClaimError.of(messages.DATE_INVALID, title=title)


def day_range(
    first_value: str, last_value: str, titles: tuple[str, str], *, max_days: int | None = None
) -> tuple[date, date]:
    """Two yyyy-MM-dd dates, the first not after the last, and at most `max_days` apart."""
    first, last = day(first_value, titles[0]), day(last_value, titles[1])
    if last < first:
        raise VClaimError.of(messages.RANGE_REVERSED)
    if max_days is not None and (last - first).days > max_days:
        raise VClaimError.of(messages.RANGE_TOO_LONG, days=max_days)
    return first, last


def choice(value: str, name: str, title: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise VClaimError.of(
            messages.FIELD_ENUM, title=title, field=name, allowed=", ".join(allowed)
        )
    return value


def month(value: str, name: str = "bulan") -> int:
    """1-12, written "1" or "01" (the catalogue says both)."""
    if _MONTH.fullmatch(value) and 1 <= int(value) <= 12:
        return int(value)
    raise _format_error(name, "Bulan")


def year(value: str, name: str = "tahun") -> int:
    if _YEAR.fullmatch(value) and int(value) >= 1:
        return int(value)
    raise _format_error(name, "Tahun")


def month_range(month_number: int, year_number: int) -> tuple[str, str]:
    """First and last day of a month, as yyyy-MM-dd."""
    days = calendar.monthrange(year_number, month_number)[1]  # no date(10000, 1, 1) needed
    first, last = date(year_number, month_number, 1), date(year_number, month_number, days)
    return first.isoformat(), last.isoformat()
