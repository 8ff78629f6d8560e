"""The VClaim operations the mock serves: one id per operation, shared by routes, schemas
(`schemas/<id>.request.schema.json`) and scenario rules (`operation: <id>`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from mockvclaim.core import messages
from mockvclaim.core.messages import Message

# Base URLs end in a service name (reference §1.1); a client configured with either works.
SERVICE_NAMES = ("vclaim-rest-dev", "vclaim-rest")


class ResponseMode(Enum):
    """How `response` travels on success (reference §2.3)."""

    ENCRYPTED = "encrypted"
    PLAIN = "plain"
    NULL = "null"


@dataclass(frozen=True)
class Operation:
    op_id: str
    method: str
    path: str  # the catalogue's spelling, `{name}` for a path parameter
    success: Message
    response_mode: ResponseMode = ResponseMode.ENCRYPTED
    has_body: bool = False
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.path.strip("/")))
        # ASP.NET routing behind the gateway is case-insensitive (reference §1.5).
        object.__setattr__(self, "pattern", re.compile(f"{regex}", re.IGNORECASE))


OPERATIONS: tuple[Operation, ...] = (
    Operation("sep.insert", "POST", "/SEP/2.0/insert", messages.SUKSES, has_body=True),
)

BY_ID: Mapping[str, Operation] = {op.op_id: op for op in OPERATIONS}


def normalize_path(path: str) -> str:
    """Drop empty segments (`//`, trailing `/`) and a leading service name."""
    segments = [segment for segment in path.split("/") if segment]
    if segments and segments[0].lower() in SERVICE_NAMES:
        segments = segments[1:]
    return "/".join(segments)


def resolve(method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
    """The operation a request addresses and its path parameters, or None."""
    normalized = normalize_path(path)
    for operation in OPERATIONS:
        if operation.method != method.upper():
            continue
        match = operation.pattern.fullmatch(normalized)
        if match:
            return operation, match.groupdict()
    return None
