"""The request schemas of the SEP-lifecycle and rencana kontrol writes: one per operation
with a body, an Indonesian title on every property (messages name fields by it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mockvclaim.core.operations import OPERATIONS

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
WRITE_OPS = sorted(
    op.op_id
    for op in OPERATIONS
    if op.has_body and op.op_id.split(".")[0] in ("sep", "rencanakontrol", "fingerprint")
)


def _properties(schema: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for name, sub in schema.get("properties", {}).items():
        yield f"{path}{name}", sub
        yield from _properties(sub, f"{path}{name}.")


def test_every_write_has_a_schema() -> None:
    assert len(WRITE_OPS) == 15
    missing = [op for op in WRITE_OPS if not (SCHEMAS / f"{op}.request.schema.json").exists()]
    assert missing == []


@pytest.mark.parametrize("op_id", WRITE_OPS)
def test_every_property_has_a_title(op_id: str) -> None:
    schema = json.loads((SCHEMAS / f"{op_id}.request.schema.json").read_text(encoding="utf-8"))

    untitled = [
        path
        for path, sub in _properties(schema)
        if not isinstance(sub.get("title"), str) or not sub["title"].strip()
    ]

    assert untitled == []
    assert schema["required"] == ["request"]
