"""The request schemas of the LPK and PRB writes: one per operation with a body, an
Indonesian title on every property, array items included (messages name fields by it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mockvclaim import resources
from mockvclaim.core.errors import VClaimError
from mockvclaim.core.operations import OPERATIONS
from mockvclaim.core.validation import SchemaRegistry

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
WRITE_OPS = sorted(
    op.op_id for op in OPERATIONS if op.has_body and op.op_id.split(".")[0] in ("lpk", "prb")
)


def _properties(schema: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for name, sub in schema.get("properties", {}).items():
        yield f"{path}{name}", sub
        yield from _properties(sub, f"{path}{name}.")
    items = schema.get("items")
    if isinstance(items, dict):
        yield f"{path}[]", items
        yield from _properties(items, f"{path}[].")


def _load(op_id: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (SCHEMAS / f"{op_id}.request.schema.json").read_text(encoding="utf-8")
    )
    return schema


def test_every_write_has_a_schema() -> None:
    assert WRITE_OPS == [
        "lpk.delete", "lpk.insert", "lpk.update", "prb.delete", "prb.insert", "prb.update",
    ]  # fmt: skip
    assert all((SCHEMAS / f"{op}.request.schema.json").exists() for op in WRITE_OPS)


@pytest.mark.parametrize("op_id", WRITE_OPS)
def test_every_property_has_a_title(op_id: str) -> None:
    schema = _load(op_id)

    untitled = [
        path
        for path, sub in _properties(schema)
        if not isinstance(sub.get("title"), str) or not sub["title"].strip()
    ]

    assert untitled == []
    assert schema["required"] == ["request"]


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry(resources.schemas_dir())


def test_the_catalogue_prb_example_is_valid(registry: SchemaRegistry) -> None:
    """PRB/insert as the catalogue prints it (reference Appendix A, catalog copy)."""
    body = {
        "request": {
            "t_prb": {
                "noSep": "1101R0070118V999006",
                "noKartu": "0009999979951",
                "alamat": "Jln. Medan Merdekah",
                "email": "email@gmail.com",
                "programPRB": "09",
                "kodeDPJP": "27590",
                "keterangan": "Kecapekan kerja",
                "saran": "Pasien harus olahraga bersama setiap minggu dan cuti.",
                "user": "1234567",
                "obat": [
                    {"kdObat": "00196120124", "signa1": "1", "signa2": "1", "jmlObat": "11"},
                    {"kdObat": "00011220018", "signa1": "1", "signa2": "1", "jmlObat": "10"},
                ],
            }
        }
    }

    assert registry.validate_request("prb.insert", body) == body


def test_keys_fold_to_the_schema_spelling(registry: SchemaRegistry) -> None:
    body = {"request": {"T_PRB": {"NOSRB": 1000001, "nosep": "0301R0111126V000001", "User": ""}}}

    checked = registry.validate_request("prb.delete", body)

    assert checked == {
        "request": {"t_prb": {"noSrb": "1000001", "noSep": "0301R0111126V000001", "user": ""}}
    }


def test_a_missing_array_member_is_named_by_its_title(registry: SchemaRegistry) -> None:
    body = {"request": {"t_lpk": {"noSep": "0301R0111126V000001"}}}
    delete_ok = registry.validate_request("lpk.delete", body)

    with pytest.raises(VClaimError) as error:
        registry.validate_request("lpk.insert", {"request": {"t_lpk": {"noSep": "x"}}})

    assert delete_ok == body
    assert "(request.t_lpk." in error.value.message
