"""Reference data answers what public evidence shows BPJS answering: the expectations of
ssecd/jkn's tests against the development server (test/vclaim/referensi.test.ts) and the
catalogue samples, exactly (mockvclaim/bpjs/data/*.json name each source)."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import pytest

from tests.conftest import VClaimClient, t_sep
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest-dev/referensi"


async def get(client: VClaimClient, path: str) -> Any:
    reply = await client.call("GET", f"{BASE}/{path}")
    assert (reply.code, reply.message) == ("200", "Sukses"), (path, reply.message)
    return reply.payload


async def test_regions_use_bpjs_codes_and_spellings(client: VClaimClient) -> None:
    provinces = (await get(client, "propinsi"))["list"]
    regencies = (await get(client, "kabupaten/propinsi/06"))["list"]
    districts = (await get(client, "kecamatan/kabupaten/0089"))["list"]

    assert {"kode": "06", "nama": "SUMATERA SELATAN"} in provinces
    assert {"kode": "0089", "nama": "KOTA LUBUK LINGGAU"} in regencies
    names = [d["nama"] for d in districts]
    assert "LUBUK LINGGAU SELATAN II" in names
    assert len(names) == 8
    assert not [n for n in names if "(" in n or " DUA" in n]


async def test_an_accident_in_lubuk_linggau_is_a_valid_place(client: VClaimClient) -> None:
    districts = (await get(client, "kecamatan/kabupaten/0089"))["list"]
    kecamatan = next(d["kode"] for d in districts if d["nama"] == "LUBUK LINGGAU SELATAN II")
    body = bodies.rawat_jalan_first_visit()
    jaminan = t_sep(body)["jaminan"]
    jaminan["lakaLantas"] = "1"
    jaminan["penjamin"].update(tglKejadian="2026-11-26", keterangan="jatuh dari motor")
    jaminan["penjamin"]["suplesi"]["lokasiLaka"] = {
        "kdPropinsi": "06",
        "kdKabupaten": "0089",
        "kdKecamatan": kecamatan,
    }

    reply = await client.insert_sep(body)

    assert reply.code == "200", reply.message
    detail = await client.call("GET", f"/vclaim-rest-dev/SEP/{reply.payload['sep']['noSep']}")
    lokasi = detail.payload["lokasiKejadian"]["lokasi"]
    assert lokasi == "LUBUK LINGGAU SELATAN II|KOTA LUBUK LINGGAU|SUMATERA SELATAN"


async def test_spesialistik_has_numeric_codes_and_the_known_names(client: VClaimClient) -> None:
    rows = (await get(client, "spesialistik"))["list"]

    # The catalogue's sample, verbatim.
    for row in (
        {"kode": "11", "nama": "Spesialis Anestesiologi dan Reanimasi"},
        {"kode": "27", "nama": "Spesialis Forensik"},
        {"kode": "28", "nama": "Spesialis Onkologi"},
    ):
        assert row in rows
    assert "Spesialis Penyakit Mata" in [r["nama"] for r in rows]
    assert all(r["kode"].isdigit() and r["nama"].startswith("Spesialis ") for r in rows)
    assert len({r["kode"] for r in rows}) == len(rows)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "faskes/mata/2",
            {"kode": "0089S002", "nama": "KU MATA SILAMPARI SRIWIJAYA EC - KOTA LUBUK LINGGAU"},
        ),
        ("faskes/sangiran/1", {"kode": "00161001", "nama": "PUSKESMAS SANGIRAN - KAB. SIMEULUE"}),
        ("faskes/simeulue/1", {"kode": "00161002", "nama": "PUSKESMAS SIMEULUE - KAB. SIMEULUE"}),
        (
            "faskes/0089S002/2",
            {"kode": "0089S002", "nama": "KU MATA SILAMPARI SRIWIJAYA EC - KOTA LUBUK LINGGAU"},
        ),
    ],
)
async def test_faskes_names_carry_their_region(
    client: VClaimClient, path: str, expected: dict[str, str]
) -> None:
    assert expected in (await get(client, path))["faskes"]


async def test_a_generated_faskes_has_the_same_shape(client: VClaimClient) -> None:
    [row] = (await get(client, "faskes/0909R123/2"))["faskes"]

    assert re.fullmatch(r".+ - (KAB\.|KOTA) [A-Z .'-]+", row["nama"]), row


async def test_procedure_is_the_whole_icd9cm_classification(client: VClaimClient) -> None:
    interview = (await get(client, "procedure/89.03"))["procedure"]
    cataract = (await get(client, "procedure/13.41"))["procedure"]

    assert interview == [
        {"kode": "89.03", "nama": "89.03 - Interview and evaluation, described as comprehensive"}
    ]
    assert any("cataract" in row["nama"].lower() for row in cataract)
    text = resources.files("mockvclaim.bpjs.data").joinpath("procedure.json").read_text("utf-8")
    codes = [row["kode"] for row in json.loads(text)["procedure"]]
    assert len(codes) == len(set(codes)) == 3882  # CMS ICD-9-CM v32, every procedure code
    assert all(re.fullmatch(r"[0-9]{2}\.[0-9]{1,2}", code) for code in codes)


@pytest.mark.parametrize(
    ("path", "key", "field", "expected"),
    [
        ("diagnosa/h26.9", "diagnosa", "kode", "H26.9"),
        ("poli/mata", "poli", "kode", "MAT"),
        ("kelasrawat", "list", "nama", "VIP"),
        ("carakeluar", "list", "nama", "Dirujuk"),
        ("pascapulang", "list", "nama", "Sembuh"),
    ],
)
async def test_the_rest_of_the_published_expectations(
    client: VClaimClient, path: str, key: str, field: str, expected: str
) -> None:
    assert expected in [row[field] for row in (await get(client, path))[key]]
