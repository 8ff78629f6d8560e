"""Bad input on the rujukan routes and the rencana kontrol lists: always an HTTP 200 envelope
with code 201 and a message, never a 500; and the request schemas of the rujukan writes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mockvclaim.core.operations import OPERATIONS
from tests.conftest import VClaimClient

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
GARBAGE_SEGMENTS = ["x", "0", "-1", "9" * 40, "2026-02-30", "%20", "\u0663", "0301R0111126B00000A"]

GET_TEMPLATES = [
    "/Rujukan/List/TglRujukan/{v}",
    "/Rujukan/RS/List/TglRujukan/{v}",
    "/Rujukan/JumlahSEP/{v}/0050B1071126P000123",
    "/Rujukan/JumlahSEP/1/{v}",
    "/Rujukan/lastsep/norujukan/{v}",
    "/Rujukan/Keluar/List/tglMulai/{v}/tglAkhir/2026-11-27",
    "/Rujukan/Keluar/List/tglMulai/2026-11-01/tglAkhir/{v}",
    "/Rujukan/Keluar/{v}",
    "/Rujukan/ListSpesialistik/PPKRujukan/{v}/TglRujukan/2026-11-27",
    "/Rujukan/ListSpesialistik/PPKRujukan/0301R002/TglRujukan/{v}",
    "/Rujukan/ListSarana/PPKRujukan/{v}",
    "/Rujukan/Khusus/List/Bulan/{v}/Tahun/2026",
    "/Rujukan/Khusus/List/Bulan/11/Tahun/{v}",
    "/RencanaKontrol/ListSpesialistik/JnsKontrol/{v}/nomor/0002802875185/TglRencanaKontrol/2026-11-27",
    "/RencanaKontrol/ListSpesialistik/JnsKontrol/1/nomor/{v}/TglRencanaKontrol/2026-11-27",
    "/RencanaKontrol/ListSpesialistik/JnsKontrol/2/nomor/{v}/TglRencanaKontrol/2026-11-27",
    "/RencanaKontrol/ListSpesialistik/JnsKontrol/1/nomor/0002802875185/TglRencanaKontrol/{v}",
    "/RencanaKontrol/JadwalPraktekDokter/JnsKontrol/{v}/KdPoli/INT/TglRencanaKontrol/2026-11-27",
    "/RencanaKontrol/JadwalPraktekDokter/JnsKontrol/2/KdPoli/{v}/TglRencanaKontrol/2026-11-27",
    "/RencanaKontrol/JadwalPraktekDokter/JnsKontrol/2/KdPoli/INT/TglRencanaKontrol/{v}",
]

WRITES = [
    ("POST", "/Rujukan/2.0/insert"),
    ("PUT", "/Rujukan/2.0/Update"),
    ("POST", "/Rujukan/insert"),
    ("PUT", "/Rujukan/update"),
    ("DELETE", "/Rujukan/delete"),
    ("POST", "/Rujukan/Khusus/insert"),
    ("POST", "/Rujukan/Khusus/delete"),
]
BAD_BODIES = [
    b"",
    b"[]",
    b"{",
    b'{"request": null}',
    b'{"request": {}}',
    b'{"request": {"t_rujukan": {"noRujukan": 1, "idRujukan": "99999999999999999999"}}}',
    b'{"noRujukan": "0050B1071126P000123", "diagnosa": "P;N18", "user": "x"}',
    b"\xff\xfe",
]
RUJUKAN_WRITES = sorted(
    op.op_id for op in OPERATIONS if op.has_body and op.op_id.startswith("rujukan.")
)


@pytest.mark.parametrize("template", GET_TEMPLATES)
async def test_bad_path_parameters_get_an_envelope(client: VClaimClient, template: str) -> None:
    for value in GARBAGE_SEGMENTS:
        reply = await client.call("GET", "/vclaim-rest" + template.format(v=value))

        assert reply.status == 200, (template, value)
        assert reply.code == "201", (template, value, reply.message)
        assert reply.message
        assert reply.document["response"] is None


@pytest.mark.parametrize(("method", "path"), WRITES)
async def test_bad_bodies_get_an_envelope(client: VClaimClient, method: str, path: str) -> None:
    for raw in BAD_BODIES:
        reply = await client.call(method, "/vclaim-rest" + path, data=raw)

        assert (reply.status, reply.code) == (200, "201"), (path, raw)
        assert reply.message


def _properties(schema: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for name, sub in schema.get("properties", {}).items():
        yield f"{path}{name}", sub
        yield from _properties(sub, f"{path}{name}.")
    items = schema.get("items")
    if isinstance(items, dict):
        yield f"{path}[]", items
        yield from _properties(items, f"{path}[].")


def test_every_rujukan_write_has_a_schema() -> None:
    assert len(RUJUKAN_WRITES) == 7
    missing = [op for op in RUJUKAN_WRITES if not (SCHEMAS / f"{op}.request.schema.json").exists()]
    assert missing == []


@pytest.mark.parametrize("op_id", RUJUKAN_WRITES)
def test_every_property_has_an_indonesian_title(op_id: str) -> None:
    schema = json.loads((SCHEMAS / f"{op_id}.request.schema.json").read_text(encoding="utf-8"))

    untitled = [
        path
        for path, sub in _properties(schema)
        if not isinstance(sub.get("title"), str) or not sub["title"].strip()
    ]

    assert untitled == []
    # Khusus/insert alone takes its object unwrapped (reference §1.5).
    expected = (
        ["noRujukan", "diagnosa", "user"] if op_id == "rujukan.khusus_insert" else ["request"]
    )
    assert schema["required"] == expected
