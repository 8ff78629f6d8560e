"""Request bodies: bytes to a JSON object, then the operation's JSON Schema, with every
failure turned into one Indonesian message that names the field."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, relevance
from referencing import Registry, Resource

from mockvclaim.protocol import body_text, messages
from mockvclaim.protocol.errors import VClaimError
from mockvclaim.protocol.flag_binding import ABSENT, bind_flag

if TYPE_CHECKING:
    from referencing._core import Resolver

JsonObject = dict[str, Any]

_KIND = {dict: "objek", list: "array", str: "teks", int: "angka", float: "angka", bool: "boolean"}
_EXPECTED = {"string": "teks", "object": "objek", "array": "array", "integer": "angka"}


def parse_body(
    raw: bytes, *, lenient: bool = False, notes: dict[str, Any] | None = None
) -> JsonObject:
    """The body as a JSON object, whatever the Content-Type said (docs/vclaim-api.md §1.5)."""
    return require_object(decode_body(raw, lenient=lenient, notes=notes))


Decoded = tuple[Any, VClaimError | None]


def decode_body(
    raw: bytes, *, lenient: bool = False, notes: dict[str, Any] | None = None
) -> Decoded:
    """The body's JSON value, and what is wrong with it as a request body (None: a JSON
    object). Decoded once per request: scenario rules read the value before auth, the
    operation's validation after. `lenient` reads a body that is not UTF-8 as a single-byte
    encoding and says so in `notes["body_encoding"]` (the journal entry's `extra`)."""
    if not raw.strip():
        return None, VClaimError.of(messages.BODY_EMPTY)
    try:
        # utf-8-sig: a BOM from a Windows editor is not worth refusing.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if not lenient:
            return None, VClaimError.of(messages.BODY_NOT_UTF8, position=error.start)
        text, encoding = body_text.decode_single_byte(raw)
        if notes is not None:
            notes["body_encoding"] = {"decoded_as": encoding, "not_utf8_at_byte": error.start}
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        return None, VClaimError.of(
            messages.BODY_NOT_JSON, detail=error.msg, line=error.lineno, column=error.colno
        )
    except (ValueError, RecursionError) as error:
        detail = "terlalu dalam" if isinstance(error, RecursionError) else str(error)
        return None, VClaimError.of(messages.BODY_NOT_JSON, detail=detail, line=1, column=1)
    if not isinstance(document, dict):
        kind = "null" if document is None else _KIND.get(type(document), type(document).__name__)
        return document, VClaimError.of(messages.BODY_NOT_OBJECT, kind=kind)
    return document, None


def require_object(decoded: Decoded) -> JsonObject:
    """The decoded body if it is a JSON object; else raises what is wrong with it."""
    document, problem = decoded
    if problem is not None:
        raise problem
    result: JsonObject = document
    return result


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} bukan nilai JSON")


class SchemaRegistry:
    """Every `schemas/*.schema.json`, with validators for `<operation id>.request.schema.json`.

    `$ref`s are inlined once at load: resolving them per request through `referencing`
    cost more than everything else an SEP insert does. A body is first checked by a compiled
    validator (jsonschema-rs, ~70x faster); only a body it refuses goes through jsonschema,
    whose errors choose the message that names the field (docs/performance.md §3).
    """

    def __init__(self, folder: Path) -> None:
        resources = []
        self._validators: dict[str, Draft202012Validator] = {}
        self._accept: dict[str, jsonschema_rs.Validator] = {}
        self._shapes: dict[str, _Shape] = {}
        for path in sorted(folder.glob("*.schema.json")):
            contents = json.loads(path.read_text(encoding="utf-8"))
            # Not checked against the meta-schema here (a sixth of start-up): the shipped
            # schemas are, by tests/test_schemas.py (docs/performance.md §5).
            resources.append((contents["$id"], Resource.from_contents(contents)))
        registry: Registry[Any] = Registry().with_resources(resources)
        for uri, resource in resources:
            inlined = _inline(resource.contents, registry.resolver(base_uri=uri))
            name = uri.rsplit("/", 1)[-1].removesuffix(".schema.json")
            self._validators[name] = Draft202012Validator(inlined)
            self._shapes[name] = _Shape.of(inlined)
            # jsonschema does not check `format` unless asked; neither may the fast path.
            self._accept[name] = jsonschema_rs.Draft202012Validator(
                _plain_ends(inlined), validate_formats=False
            )

    @classmethod
    @functools.cache
    def of_folder(cls, folder: Path) -> SchemaRegistry:
        """The registry of a folder, built once per process: it never changes after load,
        and building it (check, inline, compile) is the slow part of starting an app."""
        return cls(folder)

    def validator(self, name: str) -> Draft202012Validator:
        return self._validators[name]

    def has_request_schema(self, op_id: str) -> bool:
        return f"{op_id}.request" in self._validators

    def validate_request(
        self, op_id: str, body: JsonObject, *, lenient: bool = False
    ) -> JsonObject:
        """The body with keys in the schema's spelling, or VClaimError naming one field.
        `lenient` also binds empty and boolean flags (mockvclaim/protocol/flag_binding.py)."""
        name = f"{op_id}.request"
        validator = self._validators[name]
        root = cast(Mapping[str, Any], validator.schema)
        canonical: JsonObject = _canonicalize(body, self._shapes[name], lenient)
        if self._accept[name].is_valid(canonical):
            return canonical
        errors = list(validator.iter_errors(canonical))
        if errors:
            worst = max(errors, key=relevance)
            raise VClaimError(_describe(worst, root))
        return canonical  # jsonschema, the reference, accepts it: its verdict stands

    def canonical(self, name: str, document: Any) -> Any:
        """`document` as validation sees it: keys in the schema's spelling, nulls dropped."""
        return _canonicalize(document, self._shapes[name])

    def fast_verdict(self, name: str, document: Any) -> bool:
        """The compiled validator's verdict alone (tests hold it to jsonschema's)."""
        return bool(self._accept[name].is_valid(document))


def _inline(schema: Any, resolver: Resolver[Any], depth: int = 0) -> Any:
    """The schema with every `$ref` replaced by what it points to (siblings such as
    `title` kept). The schemas here are not recursive; the depth guard says so loudly."""
    if depth > 50:
        raise ValueError("schema $ref nesting too deep: is a schema recursive?")
    if isinstance(schema, list):
        return [_inline(item, resolver, depth + 1) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        resolved = resolver.lookup(schema["$ref"])
        target = _inline(resolved.contents, resolved.resolver, depth + 1)
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        return {**target, **_inline(siblings, resolver, depth + 1)}
    return {key: _inline(value, resolver, depth + 1) for key, value in schema.items()}


# Python's `$` also matches before a final newline, so the schemas end patterns in
# '$(?!\n)'. In Rust's regex `$` already means the end of the text, and the lookahead
# costs: it moves a pattern from the automaton to a backtracking VM (jsonschema-rs's
# is_valid on an SEP insert 9.2 -> 5.9 µs, docs/performance.md §3).
_LOOKAHEAD_END = "$(?!\\n)"


def _plain_ends(schema: Any) -> Any:
    """The schema with every pattern's '$(?!\\n)' as a plain '$', for jsonschema-rs only."""
    if isinstance(schema, list):
        return [_plain_ends(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    plain = {key: _plain_ends(value) for key, value in schema.items()}
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and pattern.endswith(_LOOKAHEAD_END):
        plain["pattern"] = pattern.removesuffix(_LOOKAHEAD_END) + "$"
    return plain


# --- leniency of the real ASP.NET binder (docs/vclaim-api.md §1.5) ----------------------------


@dataclass(frozen=True, slots=True)
class _Shape:
    """What canonicalizing needs of one schema node, worked out once at load: the schema
    walk per request cost more than validating (docs/performance.md §3)."""

    schema: Mapping[str, Any]
    properties: Mapping[str, _Shape]  # by the schema's spelling
    spelled: Mapping[str, str]  # the name as spelt or in lower case -> the schema's spelling
    items: _Shape | None
    wants_string: bool  # a number sent here binds as its text
    is_flag: bool  # declares a `default`: lenient binding applies (flag_binding.py)

    @classmethod
    def of(cls, schema: Mapping[str, Any]) -> _Shape:
        properties: Mapping[str, Any] = schema.get("properties", {})
        items = schema.get("items")
        return cls(
            schema=schema,
            properties={name: cls.of(sub) for name, sub in properties.items()},
            # Each name as spelt, and in lower case for a body that spells it otherwise.
            spelled={**{name.lower(): name for name in properties}, **{n: n for n in properties}},
            items=cls.of(items) if isinstance(items, Mapping) else None,
            wants_string="string" in _types(schema),
            is_flag="default" in schema,
        )


def _canonicalize(value: Any, shape: _Shape, lenient: bool = False) -> Any:
    """Match keys case-insensitively, drop nulls, turn numbers into strings where a string
    is expected: what Newtonsoft does to the same body on the real server."""
    if isinstance(value, dict):
        spelled, properties = shape.spelled, shape.properties
        result: dict[str, Any] = {}
        for key, item in value.items():
            if item is None:
                continue  # a null member leaves the property at its default
            name = spelled.get(key)  # spelt as the schema spells it: most members are
            if name is None:
                text = str(key)
                name = spelled.get(text.lower(), text)
            sub = properties.get(name)
            if sub is None or (type(item) is str and not (lenient and sub.is_flag)):
                result[name] = item  # text stays text: no call per leaf (docs/performance.md §7)
                continue
            bound = _canonicalize(item, sub, lenient)
            if bound is not ABSENT:
                result[name] = bound
        return result
    if isinstance(value, list):
        items = shape.items
        return value if items is None else [_canonicalize(v, items, lenient) for v in value]
    if lenient and shape.is_flag:
        value = bind_flag(value, shape.schema)
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and shape.wants_string:
        return str(value)
    return value


def _types(schema: Mapping[str, Any]) -> set[str]:
    found: set[str] = set()
    declared = schema.get("type")
    if isinstance(declared, str):
        found.add(declared)
    elif isinstance(declared, list):
        found.update(declared)
    for choice in ("anyOf", "oneOf"):
        for branch in schema.get(choice, []):
            found |= _types(branch)
    if isinstance(schema.get("const"), str) or any(
        isinstance(v, str) for v in schema.get("enum", [])
    ):
        found.add("string")
    return found


# --- one message per failure -----------------------------------------------------------------


def _describe(error: ValidationError, root: Mapping[str, Any]) -> str:
    path = [str(part) for part in error.absolute_path]
    rule: Any = error.validator_value  # jsonschema types it loosely; it is the keyword's value
    if error.validator == "required":
        present: Any = error.instance or {}
        missing = next(name for name in rule if name not in present)
        path.append(missing)
        return messages.FIELD_REQUIRED.format(**_naming(path, root))
    naming = _naming(path, root)
    if error.validator == "type":
        kinds = [rule] if isinstance(rule, str) else list(rule)
        expected = " atau ".join(_EXPECTED.get(kind, kind) for kind in kinds)
        return messages.FIELD_TYPE.format(expected=expected, **naming)
    if error.validator in ("enum", "const"):
        options = rule if error.validator == "enum" else [rule]
        allowed = ", ".join("kosong" if option == "" else str(option) for option in options)
        return messages.FIELD_ENUM.format(allowed=allowed, **naming)
    if error.validator == "maxLength":
        return messages.FIELD_TOO_LONG.format(limit=rule, **naming)
    if error.validator in ("pattern", "format", "anyOf", "oneOf", "minLength"):
        return messages.FIELD_FORMAT.format(**naming)
    return messages.FIELD_INVALID.format(**naming)


def _naming(path: Sequence[str], root: Mapping[str, Any]) -> dict[str, str]:
    """`field` is the dotted path in the body; `title` the schema's Indonesian label."""
    title = path[-1] if path else "Request"
    for schema in _walk(path, root):
        title = schema.get("title", title)
    return {"field": ".".join(path) or "request", "title": title}


def _walk(path: Sequence[str], schema: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The subschema at each step of `path`, as far as the schema describes it."""
    for part in path:
        if part.isdigit() and "items" in schema:
            schema = schema["items"]
        elif part in schema.get("properties", {}):
            schema = schema["properties"][part]
        else:
            return
        yield schema
