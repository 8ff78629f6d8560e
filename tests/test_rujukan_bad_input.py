"""Bad input on the rujukan routes and the rencana kontrol lists: always an HTTP 200 envelope
with code 201 and a message, never a 500."""

from __future__ import annotations

import pytest

from tests.conftest import VClaimClient

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
