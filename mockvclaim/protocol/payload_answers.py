"""`respond: {payload: ...}`: a rule that answers success with a payload of its own,
encrypted for the caller exactly as the operation's own answers are (docs/interface.md §5.1)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from mockvclaim.protocol import envelope
from mockvclaim.protocol.documents import DocumentError, load_document
from mockvclaim.protocol.operations import Operation
from mockvclaim.protocol.templating import Template, TemplateError, Values, compile_template

SUCCESS_CODE = "200"
RUNTIME_SOURCE = "runtime"


class PayloadError(ValueError):
    """A payload rule that cannot be used: its file, a template, or its stage."""


@dataclass(frozen=True)
class PayloadAnswer:
    template: Template
    code: str = SUCCESS_CODE
    message: str | None = None  # None: the operation's own success message
    plain: Any = None  # the payload as written, before rendering (for `check`)


@dataclass(frozen=True)
class Caller:
    """What sealing a payload for one request needs: who asked, with which timestamp, when."""

    operation: Operation
    values: Values
    cons_id: str
    secret: str
    timestamp: str
    now: datetime  # Jakarta time: `{{now}}` is BPJS's date


def payload_file_path(name: str, source: str) -> Path:
    """`payload_file` is read next to the scenario file that names it."""
    if source == RUNTIME_SOURCE:
        # The control API must not become a way to read the server's files.
        raise PayloadError("payload_file needs a scenario file; send `payload` inline at run time")
    path = Path(name)
    return path if path.is_absolute() else Path(source).parent / path


def payload_of(respond: Mapping[str, Any], source: str) -> Any:
    """The payload as written: inline, or the contents of its `payload_file`."""
    if "payload" in respond:
        return respond["payload"]
    try:
        return load_document(payload_file_path(str(respond["payload_file"]), source))
    except DocumentError as problem:
        raise PayloadError(f"payload_file: {problem}") from None


def _json_value(value: Any, at: str = "payload") -> Any:
    """The payload as JSON can carry it. YAML reads `2026-11-27` as a date; it is the text."""
    if isinstance(value, dict):
        return {str(key): _json_value(item, f"{at}.{key}") for key, item in value.items()}
    if isinstance(value, list):
        return [_json_value(item, f"{at}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        raise PayloadError(f"{at}: {value} is not a JSON number")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise PayloadError(f"{at}: a {type(value).__name__} is not a JSON value")


def payload_answer(respond: Mapping[str, Any], source: str) -> PayloadAnswer:
    plain = _json_value(payload_of(respond, source))
    try:
        template = compile_template(plain)
    except TemplateError as problem:
        raise PayloadError(f"payload: {problem}") from None
    return PayloadAnswer(
        template=template,
        code=str(respond.get("code", SUCCESS_CODE)),
        message=respond.get("message"),
        plain=plain,
    )


def answer_document(answer: PayloadAnswer, caller: Caller) -> tuple[dict[str, Any], Any]:
    """The envelope to send and the plain payload the journal shows."""
    payload = answer.template.render(caller.values, caller.now)
    operation = caller.operation
    document = envelope.success(
        operation,
        payload,
        cons_id=caller.cons_id,
        secret=caller.secret,
        timestamp=caller.timestamp,
    )
    # In the operation's own spelling and code type; a rule with no code of its own answers
    # the operation's success code (1 on Antrean's look-ups and Aplicares,
    # docs/antrean-aplicares.md §1.3).
    service = operation.service
    code = operation.success_code if answer.code == SUCCESS_CODE else answer.code
    document[service.meta_key].update(
        code=service.code(code),
        message=operation.success.template if answer.message is None else answer.message,
    )
    return document, payload
