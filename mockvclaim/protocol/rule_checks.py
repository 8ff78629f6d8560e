"""Checks on a scenario rule that its JSON Schema cannot express, made when it loads:
numbers that are numbers, and raw answers that HTTP can carry without breaking the
connection or the next request on it (docs/interface.md §12)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from mockvclaim.protocol.patterns import FALLBACK_INPUT_CHARS, compile_pattern

# Framing and connection headers belong to the server: a rule's own would desynchronise
# keep-alive (a wrong Content-Length, a chunked body that is not chunked) or the upgrade.
SERVER_OWNED_HEADERS = frozenset(
    {"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer", "te"}
)
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_CONTENT_TYPE = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+(;[ -~]*)?")
# Field values: visible ASCII, spaces, tabs and non-ASCII text; no CR, LF, NUL or other controls.
_UNSAFE_VALUE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_NO_BODY_STATUSES = frozenset({204, 304})

Problem = tuple[list[Any], str]  # the path inside the rule, and what is wrong there


def problems(definition: Mapping[str, Any]) -> Iterator[Problem]:
    """Everything wrong with one rule that has already passed the schema."""
    for path, value in _numbers(definition, []):
        if not math.isfinite(value):
            yield path, f"{value} is not a number of milliseconds or a count; give a finite number"
    respond = definition.get("respond")
    if isinstance(respond, Mapping) and "http_status" in respond:
        yield from _raw_answer_problems(respond)


def _numbers(value: Any, path: list[Any]) -> Iterator[tuple[list[Any], float]]:
    if isinstance(value, float):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _numbers(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _numbers(item, [*path, index])


def _raw_answer_problems(respond: Mapping[str, Any]) -> Iterator[Problem]:
    status = respond["http_status"]
    if status < 200:
        yield (
            ["respond", "http_status"],
            f"{status} is an informational status, not an answer; use 200-599",
        )
    if status in _NO_BODY_STATUSES and respond.get("body"):
        yield ["respond", "body"], f"an HTTP {status} answer carries no body"
    content_type = respond.get("content_type")
    if content_type is not None and not _CONTENT_TYPE.fullmatch(content_type):
        yield ["respond", "content_type"], "not a media type such as text/plain"
    for name, value in respond.get("headers", {}).items():
        where = ["respond", "headers", name]
        if not _TOKEN.fullmatch(name):
            yield where, "a header name is letters, digits and !#$%&'*+.^_`|~-"
        elif name.lower() in SERVER_OWNED_HEADERS:
            yield where, "the server sets this header itself; a rule's own would break the framing"
        elif name.lower() == "content-type":
            yield where, "set the media type with respond.content_type"
        if _UNSAFE_VALUE.search(value):
            yield where, "a header value cannot hold CR, LF or other control characters"


def warnings(definition: Mapping[str, Any]) -> Iterator[tuple[list[Any], str]]:
    """What `check` warns about in a usable rule: `regex` conditions whose matching time
    is not bounded (only where google-re2 is missing, protocol/patterns.py)."""
    for key, spec in definition.get("when", {}).items():
        if (
            isinstance(spec, Mapping)
            and "regex" in spec
            and not compile_pattern(spec["regex"]).bounded
        ):
            yield (
                ["when", key, "regex"],
                "matched by Python's backtracking re (google-re2 is not installed), so its "
                f"time is not bounded; only the first {FALLBACK_INPUT_CHARS} characters are read",
            )
