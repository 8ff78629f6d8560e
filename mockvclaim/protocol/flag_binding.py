"""Lenient binding of optional flags: what a PHP form sends for an empty or boolean field.

A schema property that declares a `default` is an optional flag (schemas/defs.schema.json).
In lenient mode `""` binds to that default, and JSON booleans bind as the flag's digits;
`--strict` leaves the value alone, so the schema refuses it naming the field
(docs/vclaim-api.md §1.7).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final


class _Absent:
    """The member is left out, as if the client had not sent it."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Final = _Absent()

_YES_NO = frozenset({"0", "1"})


def bind_flag(value: Any, schema: Mapping[str, Any]) -> Any:
    """`value` as the flag described by `schema` takes it, or ABSENT for a default of null.

    Values that are not `""` or a boolean, and properties without a `default`, pass
    unchanged: the schema judges them as sent.
    """
    if "default" not in schema or not (value == "" or isinstance(value, bool)):
        return value
    default = schema["default"]
    if value == "":
        if "" in schema.get("enum", ()):
            return value  # "" is a value of its own here, not "left empty"
        return ABSENT if default is None else default
    if _is_yes_no(schema):
        if schema.get("type") == "number":
            return int(value)
        return "1" if value else "0"
    if value is False and default == "0":
        return default  # "no" on a coded field whose default is its "no" (lakaLantas 0)
    return value


def _is_yes_no(schema: Mapping[str, Any]) -> bool:
    """A "0"/"1" string flag (with or without "") or a number from 0 to 1."""
    if schema.get("type") == "number":
        return schema.get("minimum") == 0 and schema.get("maximum") == 1
    return set(schema.get("enum", ())) - {""} == _YES_NO
