"""The checks on one answer: each has a stable id, a verdict, and what was expected and what
came back, in words a hospital's developer reads (docs/mobilejkn.md §4).

An answer that did not arrive or is not JSON stops there: its other checks cannot be made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import Enum
from typing import Any

from mockvclaim.mobilejkn.endpoints import Endpoint, Kind
from mockvclaim.mobilejkn.transport import Exchange

# Check ids: what a report line, the JSON and the JUnit output call each check.
HTTP = "http"
SPELLING = "envelope.spelling"
CODE_TYPE = "envelope.code_type"
CODE = "envelope.code"
MESSAGE = "envelope.message"
REQUIRED = "fields.required"
TYPES = "fields.types"
FORMAT = "fields.format"
MILLISECONDS = "time.ms"
CONSISTENCY = "consistency"
LATENCY = "latency"
REFUSAL = "refusal"
# Every check, in the order the docs list them (docs/mobilejkn.md).
ALL = (
    HTTP, SPELLING, CODE_TYPE, CODE, MESSAGE, REQUIRED, TYPES, FORMAT, MILLISECONDS,
    CONSISTENCY, LATENCY, REFUSAL,
)  # fmt: skip

REFUSED = 201  # catalog: "201 Gagal"
# A same-day wait longer than this many seconds only makes sense as milliseconds.
SECONDS_PER_DAY = 86_400
_EPOCH_MS_LOW, _EPOCH_MS_HIGH = 10**12, 10**13  # 13 digits: 2001-09-09 .. 2286-11-20
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Verdict(Enum):
    PASS = "PASS"
    FAIL = "FAIL"
    WARN = "WARN"  # worth a look, not a failure
    SKIP = "SKIP"


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    verdict: Verdict
    expected: str
    got: str


def passed(check_id: str, expected: str, got: str) -> Check:
    return Check(check_id, Verdict.PASS, expected, got)


def failed(check_id: str, expected: str, got: str) -> Check:
    return Check(check_id, Verdict.FAIL, expected, got)


def verdict_of(check_id: str, ok: bool, expected: str, got: str) -> Check:
    return (passed if ok else failed)(check_id, expected, got)


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= limit else text[: limit - 3] + "..."


def code_value(document: Any) -> int | None:
    """`metadata.code` as a number, also when sent as text ("200"), to follow the flow."""
    metadata = document.get("metadata") if isinstance(document, dict) else None
    code = metadata.get("code") if isinstance(metadata, dict) else None
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        return code
    if isinstance(code, str) and code.strip().isdigit():
        return int(code.strip())
    return None


def message_of(document: Any) -> str:
    metadata = document.get("metadata") if isinstance(document, dict) else None
    message = metadata.get("message") if isinstance(metadata, dict) else None
    return message if isinstance(message, str) else ""


def response_of(document: Any) -> Any:
    return document.get("response") if isinstance(document, dict) else None


def latency(exchange: Exchange, budget_ms: float) -> Check:
    expected = f"an answer within {budget_ms:.0f} ms"
    if exchange.timed_out:
        return failed(LATENCY, expected, f"none after {exchange.elapsed_ms:.0f} ms")
    return verdict_of(
        LATENCY, exchange.elapsed_ms <= budget_ms, expected, f"{exchange.elapsed_ms:.0f} ms"
    )


def transport(exchange: Exchange) -> Check:
    expected = "a JSON object (HTTP status below 500)"
    if exchange.error is not None:
        return failed(HTTP, expected, exchange.error)
    status = exchange.http_status or 0
    if not isinstance(exchange.document, dict):
        return failed(HTTP, expected, f"HTTP {status}, body {_short(exchange.text)}")
    if status >= 500:
        return failed(HTTP, expected, f"HTTP {status}")
    return passed(HTTP, expected, f"HTTP {status}")


def envelope(document: dict[str, Any]) -> list[Check]:
    """The envelope's spelling and the type of its code."""
    found: list[Check] = []
    keys = list(document)
    wrong = [
        k
        for k in keys
        if k.lower() in {"metadata", "response"} and k not in {"metadata", "response"}
    ]
    if "metadata" not in document or wrong:
        found.append(failed(SPELLING, '"metadata" (and "response")', f"keys {keys}"))
        return found
    found.append(passed(SPELLING, '"metadata"', "metadata"))
    metadata = document["metadata"]
    code = metadata.get("code") if isinstance(metadata, dict) else None
    is_number = isinstance(code, int) and not isinstance(code, bool)
    got = f"{type(code).__name__} {_short(code)}"
    found.append(verdict_of(CODE_TYPE, is_number, "code a JSON number", got))
    return found


def code(document: dict[str, Any], expected: Iterable[int]) -> Check:
    wanted = sorted(expected)
    value = code_value(document)
    text = " or ".join(str(c) for c in wanted)
    got = f"{value} {_short(message_of(document))}" if value is not None else "no code"
    return verdict_of(CODE, value in wanted, f"code {text}", got)


def message(document: dict[str, Any]) -> Check:
    metadata = document.get("metadata")
    value = metadata.get("message") if isinstance(metadata, dict) else None
    needed = code_value(document) != 200
    ok = isinstance(value, str) and (bool(value.strip()) or not needed)
    expected = "a message saying why" if needed else "message text"
    return verdict_of(MESSAGE, ok, expected, _short(value))


def refusal(document: dict[str, Any]) -> Check:
    value = code_value(document)
    text = message_of(document).strip()
    got = f"{value if value is not None else 'no code'} {_short(text)}"
    return verdict_of(REFUSAL, value == REFUSED and bool(text), "code 201 and a message", got)


# --- fields ----------------------------------------------------------------------------------


def _type_ok(kind: Kind, value: Any) -> bool:
    if kind in {Kind.TEXT, Kind.FILLED, Kind.DATE}:
        return isinstance(value, str)
    return isinstance(value, int) and not isinstance(value, bool)


def _format_problem(kind: Kind, value: Any) -> str | None:
    if kind is Kind.FILLED and not value.strip():
        return "empty"
    if kind is Kind.FLAG and value not in (0, 1):
        return f"{value}, not 0 or 1"
    if kind is Kind.DATE:
        if not _DATE.fullmatch(value):
            return f'"{value}", not yyyy-MM-dd'
        try:
            date.fromisoformat(value)
        except ValueError:
            return f'"{value}", no such day'
    return None


def _time_problem(kind: Kind, value: int) -> tuple[Verdict, str] | None:
    if kind is Kind.EPOCH_MS and not _EPOCH_MS_LOW <= value < _EPOCH_MS_HIGH:
        hint = " (seconds?)" if _EPOCH_MS_LOW // 1000 <= value < _EPOCH_MS_HIGH // 1000 else ""
        return Verdict.FAIL, f"{value}{hint}"
    if kind is Kind.SECONDS and value > SECONDS_PER_DAY:
        return Verdict.WARN, f"{value} (milliseconds? the catalog says seconds)"
    return None


def fields(endpoint: Endpoint, response: Any) -> list[Check]:
    """Required fields, their JSON types, their formats and time units."""
    if endpoint.listed:
        items = response.get("list") if isinstance(response, dict) else None
        if not isinstance(items, list):
            return [failed(REQUIRED, 'response {"list": [...]}', _short(response))]
        rows = [(f"list[{i}].", item) for i, item in enumerate(items)]
    else:
        rows = [("", response)]
    missing, mistyped, misformatted, mistimed, warned = [], [], [], [], []
    for prefix, row in rows:
        if not isinstance(row, dict):
            missing.append(f"{prefix or 'response'} is {_short(row)}")
            continue
        for name, kind in endpoint.fields:
            where = f"{prefix}{name}"
            if name not in row:
                missing.append(where)
                continue
            value = row[name]
            if not _type_ok(kind, value):
                mistyped.append(f"{where} {type(value).__name__} {_short(value, 30)}")
                continue
            problem = _format_problem(kind, value)
            if problem:
                misformatted.append(f"{where} {problem}")
            if isinstance(value, int):
                timing = _time_problem(kind, value)
                if timing and timing[0] is Verdict.FAIL:
                    mistimed.append(f"{where} {timing[1]}")
                elif timing:
                    warned.append(f"{where} {timing[1]}")
    kinds = {kind.value for _, kind in endpoint.fields if kind in {Kind.EPOCH_MS, Kind.SECONDS}}
    checks = [
        _listing(
            REQUIRED, f"the {len(endpoint.fields)} fields of {endpoint.catalog}", missing, "missing"
        ),
        _listing(TYPES, "catalog types (numbers as numbers)", mistyped, ""),
        _listing(FORMAT, "formats (dates yyyy-MM-dd, codes filled)", misformatted, ""),
    ]
    if kinds:
        timed = _listing(MILLISECONDS, " and ".join(sorted(kinds)), mistimed, "")
        if not mistimed and warned:
            timed = Check(MILLISECONDS, Verdict.WARN, timed.expected, "; ".join(warned))
        checks.append(timed)
    return checks


def _listing(check_id: str, expected: str, problems: list[str], lead: str) -> Check:
    if not problems:
        return passed(check_id, expected, "as expected")
    text = "; ".join(problems[:5]) + (f" (+{len(problems) - 5} more)" if len(problems) > 5 else "")
    return failed(check_id, expected, f"{lead} {text}".strip())


def epoch_ms_day(value: int, tz: tzinfo) -> date:
    """The day an epoch-milliseconds time falls on in `tz`."""
    return datetime.fromtimestamp(value / 1000, tz).date()
