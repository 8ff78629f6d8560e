"""Payload templates: `{{path.noKartu}}`, `{{body.request.t_sep.noMR}}`, `{{now:yyyy-MM-dd}}`.

One small syntax (docs/interface.md §5.1), parsed when a rule loads so a typo fails at start,
rendered per request. Only text that matches the grammar is a template; any other `{{...}}`
stays literal text (a recorded answer may hold braces) and `check` warns about it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

# `{{ source.dotted.name }}`, `{{ now }}`, `{{ now+7d:dd-MM-yyyy }}`; spaces inside allowed.
_TEMPLATE = re.compile(
    r"\{\{\s*(?:"
    r"(?P<source>path|query|body)\.(?P<name>[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*)"
    r"|now(?P<offset>[+-]\d{1,5}d)?(?::(?P<format>[^{}]*?))?"
    r")\s*\}\}"
)
_BRACES = re.compile(r"\{\{.*?\}\}", re.DOTALL)
# The .NET/Java date patterns VClaim's own documentation uses, and the separators between them.
_DATE_PARTS = {"yyyy": "%Y", "yy": "%y", "MM": "%m", "dd": "%d", "HH": "%H", "mm": "%M", "ss": "%S"}
_DATE_TOKEN = re.compile(r"yyyy|yy|MM|dd|HH|mm|ss|[-/:. T]")
DEFAULT_DATE_FORMAT = "yyyy-MM-dd"


class TemplateError(ValueError):
    """A template that cannot be used, with the reason."""


class Values(Protocol):
    """Where templates read request values from (protocol/scenarios.py's RequestView)."""

    def lookup(self, key: str) -> tuple[bool, Any]: ...

    def body_value(self, dotted: str) -> tuple[bool, Any]: ...


Piece = Callable[[Values, datetime], Any]


def _strftime(pattern: str) -> str:
    parts = []
    position = 0
    for token in _DATE_TOKEN.finditer(pattern):
        if token.start() != position:
            break
        parts.append(_DATE_PARTS.get(token.group(), token.group()))
        position = token.end()
    if position != len(pattern) or not pattern:
        raise TemplateError(
            f"date format {pattern!r}: use yyyy, yy, MM, dd, HH, mm, ss and - / : . space T"
        )
    return "".join(parts)


def _piece(match: re.Match[str]) -> Piece:
    source = match.group("source")
    if source is not None:
        name = match.group("name")
        if source == "body":
            return lambda values, _now: values.body_value(name)[1]
        key = f"{source}.{name}"
        return lambda values, _now: values.lookup(key)[1]
    offset = match.group("offset")
    days = int(offset[:-1]) if offset else 0
    fmt = _strftime(match.group("format") or DEFAULT_DATE_FORMAT)
    return lambda _values, now: (now + timedelta(days=days)).strftime(fmt)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class _Text:
    """A string with templates: literal parts and pieces, in order."""

    parts: tuple[str | Piece, ...]

    def render(self, values: Values, now: datetime) -> Any:
        if len(self.parts) == 1 and not isinstance(self.parts[0], str):
            return self.parts[0](values, now)  # a whole-value template keeps the value's type
        return "".join(
            part if isinstance(part, str) else _as_text(part(values, now)) for part in self.parts
        )


def _compile_text(text: str) -> str | _Text:
    parts: list[str | Piece] = []
    position = 0
    for match in _TEMPLATE.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()])
        parts.append(_piece(match))
        position = match.end()
    if not parts:
        return text
    if position < len(text):
        parts.append(text[position:])
    return _Text(tuple(parts))


@dataclass(frozen=True)
class Template:
    """A JSON value whose strings may hold templates."""

    tree: Any
    has_templates: bool

    def render(self, values: Values, now: datetime) -> Any:
        return _render(self.tree, values, now) if self.has_templates else self.tree


def compile_template(value: Any) -> Template:
    """Parse every string of `value`; raises TemplateError for a bad date format."""
    found = False

    def walk(node: Any) -> Any:
        nonlocal found
        if isinstance(node, str):
            compiled = _compile_text(node)
            found = found or isinstance(compiled, _Text)
            return compiled
        if isinstance(node, dict):
            return {key: walk(item) for key, item in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    tree = walk(value)
    return Template(tree, found)


def _render(node: Any, values: Values, now: datetime) -> Any:
    if isinstance(node, _Text):
        return node.render(values, now)
    if isinstance(node, dict):
        return {key: _render(item, values, now) for key, item in node.items()}
    if isinstance(node, list):
        return [_render(item, values, now) for item in node]
    return node


def unrecognised(value: Any, at: str = "payload") -> list[str]:
    """`{{...}}` texts that are not templates, each with where it is: likely typos."""
    found: list[str] = []
    if isinstance(value, str):
        found += [
            f"{at}: {braces.group()!r} is not a template, sent as written"
            for braces in _BRACES.finditer(value)
            if not _TEMPLATE.fullmatch(braces.group())
        ]
    elif isinstance(value, dict):
        for key, item in value.items():
            found += unrecognised(item, f"{at}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += unrecognised(item, f"{at}[{index}]")
    return found
