"""referensi/* on the wire, and the reference checks SEP insert makes with them."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from mockvclaim.bpjs.vclaim import referensi
from mockvclaim.protocol import messages
from tests.conftest import VClaimClient, t_sep
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest-dev/referensi"


async def get(client: VClaimClient, path: str) -> Any:
    reply = await client.call("GET", f"{BASE}/{path}")
    assert (reply.status, reply.code, reply.message) == (200, "200", "Sukses"), reply.raw
    return reply.payload


async def refused(client: VClaimClient, path: str) -> str:
    reply = await client.call("GET", f"{BASE}/{path}")
    assert (reply.status, reply.code) == (200, "201"), reply.raw
    assert reply.document["response"] is None
    return reply.message


async def test_diagnosa_by_code_and_by_name(client: VClaimClient) -> None:
    by_code = await get(client, "diagnosa/A04")
    by_name = await get(client, "diagnosa/CHOLERA")

    assert by_code["diagnosa"][0] == {
        "kode": "A04",
        "nama": "A04 - Other bacterial intestinal infections",
    }
    assert all(d["kode"].startswith("A04") for d in by_code["diagnosa"])
    assert {
        "kode": "A00.0",
        "nama": "A00.0 - Cholera due to Vibrio cholerae 01, biovar cholerae",
    } in by_name["diagnosa"]


async def test_no_match_is_201_no_data(client: VClaimClient) -> None:
    for path in ("diagnosa/zzqx", "poli/zzqx", "faskes/zzqx/1", "procedure/zzqx", "dokter/zzqx"):
        assert await refused(client, path) == messages.NO_DATA.template, path


async def test_poli_exact_code_first(client: VClaimClient) -> None:
    payload = await get(client, "poli/int")

    assert payload["poli"][0] == {"kode": "INT", "nama": "PENYAKIT DALAM"}


async def test_faskes_real_by_code_and_name_and_a_generated_code(client: VClaimClient) -> None:
    real = await get(client, "faskes/0301R011/2")
    by_name = await get(client, "faskes/jamil/2")
    generated = await get(client, "faskes/0909R123/2")

    # The name carries a region, as BPJS writes it; one no source gives is stable.
    [shown] = real["faskes"]
    assert shown["kode"] == "0301R011"
    assert re.fullmatch(r"RS YOS SUDARSO - (KAB\.|KOTA) [A-Z .'-]+", shown["nama"]), shown
    assert real == await get(client, "faskes/0301R011/2")
    assert by_name["faskes"][0]["kode"] == "0301R001"
    assert generated["faskes"][0]["kode"] == "0909R123"
    assert generated == await get(client, "faskes/0909r123/2")  # stable, any case
    # A hospital code is not an FKTP.
    assert await refused(client, "faskes/0909R123/1") == messages.NO_DATA.template
    assert "Jenis Faskes" in await refused(client, "faskes/0301R011/3")


async def test_dpjp_roster_per_poli(client: VClaimClient) -> None:
    payload = await get(client, "dokter/pelayanan/2/tglPelayanan/2026-11-27/Spesialis/INT")
    inpatient = await get(client, "dokter/pelayanan/1/tglPelayanan/2026-11-27/Spesialis/int")

    doctors = payload["list"]
    assert 2 <= len(doctors) <= 6
    assert inpatient == payload
    for doctor in doctors:
        assert list(doctor) == ["kode", "nama"]
        assert doctor["kode"].isdigit()
        assert doctor["nama"].startswith("dr. ")
        assert doctor["nama"].endswith(", Sp.PD")
    # referensi/dokter/{nama} finds the same doctor by part of the name.
    name = doctors[0]["nama"].split(",")[0][4:]
    found = await get(client, f"dokter/{name.split()[0].lower()}")
    assert doctors[0] in found["list"]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("dokter/pelayanan/3/tglPelayanan/2026-11-27/Spesialis/INT", "Jenis Pelayanan"),
        ("dokter/pelayanan/2/tglPelayanan/2026-02-30/Spesialis/INT", "Tanggal Pelayanan"),
        ("dokter/pelayanan/2/tglPelayanan/2026-11-27/Spesialis/XYZ", "Data Tidak Ditemukan"),
    ],
)
async def test_dpjp_bad_parameters(client: VClaimClient, path: str, text: str) -> None:
    assert text in await refused(client, path)


async def test_regions_hold_the_catalogue_codes(client: VClaimClient) -> None:
    provinces = (await get(client, "propinsi"))["list"]
    regencies = (await get(client, "kabupaten/propinsi/03"))["list"]
    districts = (await get(client, "kecamatan/kabupaten/0050"))["list"]

    assert len(provinces) == 34
    assert {"kode": "03", "nama": "SUMATERA BARAT"} in provinces
    assert {"kode": "0050", "nama": "KOTA PADANG"} in regencies
    assert {"kode": "0574", "nama": "KOTO TANGAH"} in districts
    assert await refused(client, "kabupaten/propinsi/99") == messages.NO_DATA.template
    assert await refused(client, "kecamatan/kabupaten/9999") == messages.NO_DATA.template


async def test_procedure_by_code_and_by_name(client: VClaimClient) -> None:
    assert (await get(client, "procedure/89.52"))["procedure"] == [
        {"kode": "89.52", "nama": "89.52 - Electrocardiogram"}
    ]
    by_name = (await get(client, "procedure/hemodialysis"))["procedure"]
    assert {"kode": "39.95", "nama": "39.95 - Hemodialysis"} in by_name


@pytest.mark.parametrize("name", referensi.FIXED_LISTS)
async def test_fixed_lists(client: VClaimClient, name: str) -> None:
    rows = (await get(client, name))["list"]

    assert rows
    assert all(list(row) == ["kode", "nama"] for row in rows)
    assert len({row["kode"] for row in rows}) == len(rows)


async def test_kelasrawat_follows_the_catalogue_upgrade_codes(client: VClaimClient) -> None:
    rows = (await get(client, "kelasrawat"))["list"]
    assert rows[0] == {"kode": "1", "nama": "VVIP"}
    assert rows[-1] == {"kode": "8", "nama": "Diatas Kelas 1"}


# --- SEP insert ----------------------------------------------------------------------------


def accident(kab: str, kec: str, prop: str = "03") -> dict[str, Any]:
    body = bodies.igd()
    t_sep(body)["jaminan"] = {
        "lakaLantas": "1",
        "noLP": "LP/1/XI/2026",
        "penjamin": {
            "tglKejadian": "2026-11-26",
            "keterangan": "Jatuh dari motor",
            "suplesi": {
                "suplesi": "0",
                "noSepSuplesi": "",
                "lokasiLaka": {"kdPropinsi": prop, "kdKabupaten": kab, "kdKecamatan": kec},
            },
        },
    }
    return body


@pytest.mark.parametrize(
    ("prop", "kab", "kec", "message"),
    [
        ("77", "0050", "0574", messages.WILAYAH_NOT_FOUND.format(title="Propinsi", kode="77")),
        (
            "03",
            "0001",
            "0574",
            messages.WILAYAH_OUTSIDE.format(
                title="Kabupaten", kode="0001", parent="Propinsi", parentKode="03"
            ),
        ),
        (
            "03",
            "0050",
            "0001",
            messages.WILAYAH_OUTSIDE.format(
                title="Kecamatan", kode="0001", parent="Kabupaten", parentKode="0050"
            ),
        ),
    ],
)
async def test_insert_refuses_accident_places_outside_the_lists(
    client: VClaimClient, strict_client: VClaimClient, prop: str, kab: str, kec: str, message: str
) -> None:
    body = accident(kab, kec, prop)

    assert (await client.insert_sep(body)).message == message
    assert (await strict_client.insert_sep(copy.deepcopy(body))).message == message


async def test_insert_refuses_a_malformed_referrer_ppk_in_every_mode(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    body = bodies.igd()
    t_sep(body)["rujukan"]["ppkRujukan"] = "ABCDEFGH"
    expected = messages.PPK_RUJUKAN_NOT_FOUND.format(kode="ABCDEFGH")

    assert (await client.insert_sep(body)).message == expected
    assert (await strict_client.insert_sep(copy.deepcopy(body))).message == expected


async def test_insert_unknown_dpjp_lenient_accepts_strict_refuses(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    body = bodies.igd()  # dpjpLayan 31661: not in the generated roster

    assert (await client.insert_sep(body)).code == "200"
    strict = await strict_client.insert_sep(copy.deepcopy(body))
    assert strict.message == messages.DPJP_NOT_FOUND.format(kode=bodies.DPJP_IGD)


async def test_insert_strict_accepts_a_roster_dpjp(strict_client: VClaimClient) -> None:
    body = bodies.igd()
    t_sep(body)["dpjpLayan"] = referensi.roster(0)[0].kode

    reply = await strict_client.insert_sep(body)

    assert reply.code == "200", reply.message


def test_roster_codes_are_unique_and_stable() -> None:
    doctors = referensi.roster(0)
    assert len({d.kode for d in doctors}) == len(doctors)
    assert referensi.roster(0) == doctors
    assert referensi.roster(1) != doctors
    assert {d.poli for d in doctors} >= {"INT", "BED", "IGD", "ANA"}
