"""What `mockvclaim check` says about payload rules: a payload that does not fit the
operation's known response shape is an error, a key the shape does not list is a warning
(docs/interface.md §5.1). `serve` sends any payload as written, broken ones included."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from mockvclaim.protocol.operations import Operation, ResponseMode
from mockvclaim.protocol.payload_answers import SUCCESS_CODE, PayloadAnswer
from mockvclaim.protocol.scenarios import Rule
from mockvclaim.protocol.templating import unrecognised
from mockvclaim.protocol.validation import SchemaRegistry


@dataclass
class Findings:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def response_schema_name(op_id: str) -> str:
    return f"{op_id}.response"


def _response_validator(schemas: SchemaRegistry, op_id: str) -> Draft202012Validator | None:
    try:
        return schemas.validator(response_schema_name(op_id))
    except KeyError:
        return None  # a shape the project does not know yet


def _as_mapping(schema: object) -> Mapping[str, Any]:
    return schema if isinstance(schema, Mapping) else {}  # `true` / `false` schemas list nothing


def _unknown_keys(value: Any, schema: Mapping[str, Any], at: str) -> Iterable[str]:
    if isinstance(value, dict) and "properties" in schema:
        known: Mapping[str, Any] = schema["properties"]
        for key, item in value.items():
            if key in known:
                yield from _unknown_keys(item, known[key], f"{at}.{key}")
            else:
                yield f"{at}.{key}: not a key of this answer as the mock knows it"
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            yield from _unknown_keys(item, schema["items"], f"{at}[{index}]")


def check_payloads(
    rules: Iterable[Rule], operations: Mapping[str, Operation], schemas: SchemaRegistry
) -> Findings:
    findings = Findings()
    for rule in rules:
        answer = rule.answer
        if not isinstance(answer, PayloadAnswer):
            continue
        where = f"{rule.source}: rule {rule.id!r}"
        findings.warnings += [f"{where}: {problem}" for problem in unrecognised(answer.plain)]
        operation = operations.get(rule.operation)
        if operation is None:
            continue  # "*": no one shape
        if operation.response_mode is ResponseMode.NULL:
            findings.warnings.append(
                f"{where}: {operation.op_id} answers `response: null`; the payload is never sent"
            )
            continue
        validator = _response_validator(schemas, operation.op_id)
        if answer.code != SUCCESS_CODE or validator is None:
            continue
        error = best_match(validator.iter_errors(answer.plain))
        if error is not None:
            path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
            findings.errors.append(f"{where}: payload{path}: {error.message}")
        findings.warnings += [
            f"{where}: {problem}"
            for problem in _unknown_keys(answer.plain, _as_mapping(validator.schema), "payload")
        ]
    return findings
