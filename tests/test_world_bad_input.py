"""Bad input on the SEP-lifecycle, rencana kontrol and monitoring routes: always an HTTP 200
envelope with code 201 and a message, never a 500 or a dropped connection."""

from __future__ import annotations

import pytest

from tests.conftest import VClaimClient

GARBAGE_SEGMENTS = ["x", "0", "-1", "9" * 40, "2026-02-30", "%20", "\u0663", "0301R0111126V00000A"]

GET_TEMPLATES = [
    "/SEP/{v}",
    "/Sep/updtglplg/list/bulan/{v}/tahun/2026",
    "/Sep/updtglplg/list/bulan/12/tahun/{v}",
    "/Sep/updtglplg/list/bulan/12/tahun/9999/{v}",
    "/RencanaKontrol/noSuratKontrol/{v}",
    "/RencanaKontrol/nosep/{v}",
    "/RencanaKontrol/ListRencanaKontrol/Bulan/{v}/Tahun/2026/Nokartu/0002802875185/filter/1",
    "/RencanaKontrol/ListRencanaKontrol/Bulan/12/Tahun/{v}/Nokartu/0002802875185/filter/1",
    "/RencanaKontrol/ListRencanaKontrol/Bulan/12/Tahun/2026/Nokartu/{v}/filter/1",
    "/RencanaKontrol/ListRencanaKontrol/Bulan/12/Tahun/2026/Nokartu/0002802875185/filter/{v}",
    "/RencanaKontrol/ListRencanaKontrol/tglAwal/{v}/tglAkhir/2026-11-27/filter/1",
    "/RencanaKontrol/ListRencanaKontrol/tglAwal/0001-01-01/tglAkhir/9999-12-31/filter/{v}",
    "/Monitoring/Kunjungan/Tanggal/{v}/JnsPelayanan/1",
    "/Monitoring/Kunjungan/Tanggal/9999-12-31/JnsPelayanan/{v}",
    "/monitoring/HistoriPelayanan/NoKartu/{v}/tglMulai/2026-11-01/tglAkhir/2026-11-27",
    "/monitoring/HistoriPelayanan/NoKartu/0002802875185/tglMulai/{v}/tglAkhir/2026-11-27",
]

WRITES = [
    ("PUT", "/SEP/2.0/update"),
    ("DELETE", "/SEP/2.0/delete"),
    ("PUT", "/SEP/2.0/updtglplg"),
    ("POST", "/RencanaKontrol/insert"),
    ("POST", "/RencanaKontrol/v2/Insert"),
    ("PUT", "/RencanaKontrol/Update"),
    ("PUT", "/RencanaKontrol/v2/Update"),
    ("DELETE", "/RencanaKontrol/Delete"),
    ("POST", "/RencanaKontrol/InsertSPRI"),
    ("PUT", "/RencanaKontrol/UpdateSPRI"),
]
BAD_BODIES = [
    b"",
    b"[]",
    b"{",
    b'{"request": null}',
    b'{"request": {}}',
    b'{"request": {"t_sep": {"noSep": 1}, "t_suratkontrol": []}}',
    b"\xff\xfe",
]


@pytest.mark.parametrize("template", GET_TEMPLATES)
async def test_bad_path_parameters_get_an_envelope(client: VClaimClient, template: str) -> None:
    for value in GARBAGE_SEGMENTS:
        reply = await client.call("GET", "/vclaim-rest" + template.format(v=value))

        assert reply.status == 200, (template, value)
        assert reply.code == "201", (template, value)
        assert reply.message
        assert reply.document["response"] is None


@pytest.mark.parametrize(("method", "path"), WRITES)
async def test_bad_bodies_get_an_envelope(client: VClaimClient, method: str, path: str) -> None:
    for raw in BAD_BODIES:
        reply = await client.call(method, "/vclaim-rest" + path, data=raw)

        assert (reply.status, reply.code) == (200, "201"), (path, raw)
        assert reply.message
