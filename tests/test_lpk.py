"""Lembar pengajuan klaim on the wire: insert, the list by admission date, update, delete,
the checks against the SEP and the referensi lists, and what stays per consumer."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mockvclaim.bpjs import peserta
from mockvclaim.bpjs.vclaim import referensi
from mockvclaim.bpjs.vclaim.dokter import dpjp_name
from mockvclaim.protocol import messages
from tests.conftest import OTHER_CONSUMER, VClaimClient, t_sep
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest"
CARD = "0002802875185"  # the R.Jalan fixtures' participant
ITEM_KEYS = [
    "DPJP", "diagnosa", "jnsPelayanan", "noSep", "perawatan", "peserta", "poli", "procedure",
    "rencanaTL", "tglKeluar", "tglMasuk",
]  # fmt: skip


async def outpatient_sep(client: VClaimClient) -> str:
    reply = await client.insert_sep(bodies.rawat_jalan_first_visit())
    assert reply.code == "200", reply.message
    no_sep: str = reply.payload["sep"]["noSep"]
    return no_sep


async def inpatient_sep(client: VClaimClient) -> str:
    reply = await client.insert_sep(bodies.rawat_inap())
    assert reply.code == "200", reply.message
    no_sep: str = reply.payload["sep"]["noSep"]
    return no_sep


def catalogue_lpk(no_sep: str) -> dict[str, Any]:
    """The catalogue's LPK/insert example, with this world's SEP and dates."""
    return {
        "request": {
            "t_lpk": {
                "noSep": no_sep,
                "tglMasuk": "2026-11-27",
                "tglKeluar": "2026-11-27",
                "jaminan": "1",
                "poli": {"poli": "INT"},
                "perawatan": {
                    "ruangRawat": "1",
                    "kelasRawat": "1",
                    "spesialistik": "1",
                    "caraKeluar": "1",
                    "kondisiPulang": "1",
                },
                "diagnosa": [{"kode": "N88.0", "level": "1"}, {"kode": "A00.1", "level": "2"}],
                "procedure": [{"kode": "00.82"}, {"kode": "00.83"}],
                "rencanaTL": {
                    "tindakLanjut": "1",
                    "dirujukKe": {"kodePPK": ""},
                    "kontrolKembali": {"tglKontrol": "2017-11-10", "poli": ""},
                },
                "DPJP": "3",
                "user": "Coba Ws",
            }
        }
    }


def lpk_body(no_sep: str, **changes: Any) -> dict[str, Any]:
    """The catalogue example with known codes; `changes` replace t_lpk members."""
    body = catalogue_lpk(no_sep)
    t_lpk = body["request"]["t_lpk"]
    t_lpk["perawatan"]["spesialistik"] = "20"
    t_lpk["procedure"] = [{"kode": "88.72"}]
    t_lpk["DPJP"] = bodies.DPJP_INT
    t_lpk.update(copy.deepcopy(changes))
    return body


def perawatan(**changes: str) -> dict[str, str]:
    base = {
        "ruangRawat": "1",
        "kelasRawat": "3",
        "spesialistik": "20",
        "caraKeluar": "1",
        "kondisiPulang": "1",
    }
    return {**base, **changes}


def delete_body(no_sep: str) -> dict[str, Any]:
    return {"request": {"t_lpk": {"noSep": no_sep}}}


async def listing(client: VClaimClient, tgl: str = "2026-11-27", jns: str = "2") -> Any:
    return await client.call("GET", f"{BASE}/LPK/TglMasuk/{tgl}/JnsPelayanan/{jns}")


# --- insert ------------------------------------------------------------------------------------


async def test_the_catalogue_example_is_accepted_encrypted(client: VClaimClient) -> None:
    no_sep = await outpatient_sep(client)

    reply = await client.call("POST", f"{BASE}/LPK/insert", catalogue_lpk(no_sep))

    assert (reply.code, reply.message) == ("200", "OK")
    assert isinstance(reply.document["response"], str)
    assert reply.document["response"] != no_sep  # not the plain number
    assert reply.payload == no_sep


async def test_a_sep_gets_one_lpk(client: VClaimClient) -> None:
    no_sep = await outpatient_sep(client)
    first = await client.call("POST", f"{BASE}/LPK/insert", lpk_body(no_sep))

    again = await client.call("POST", f"{BASE}/LPK/insert", lpk_body(no_sep))

    assert first.code == "200", first.message
    assert (again.code, again.message) == ("201", messages.LPK_EXISTS.format(noSep=no_sep))
    assert again.document["response"] is None


async def test_update_and_delete_need_an_lpk(client: VClaimClient) -> None:
    no_sep = await outpatient_sep(client)

    update = await client.call("PUT", f"{BASE}/LPK/update", lpk_body(no_sep))
    delete = await client.call("DELETE", f"{BASE}/LPK/delete", delete_body(no_sep))

    expected = messages.LPK_NOT_FOUND.format(noSep=no_sep)
    assert [update.message, delete.message] == [expected, expected]


# --- the whole life of an LPK ------------------------------------------------------------------


async def test_insert_list_update_delete(client: VClaimClient) -> None:
    no_sep = await outpatient_sep(client)
    person = peserta.participant_for(CARD, 0)
    inserted = await client.call("POST", f"{BASE}/LPK/insert", lpk_body(no_sep))
    assert inserted.payload == no_sep

    listed = await listing(client)
    assert (listed.code, listed.message) == ("200", "OK")
    (item,) = listed.payload["lpk"]["list"]
    assert list(item) == ITEM_KEYS
    assert item["DPJP"] == {
        "dokter": {"kode": bodies.DPJP_INT, "nama": dpjp_name(bodies.DPJP_INT, 0)}
    }
    assert item["diagnosa"] == {
        "list": [
            {"level": "1", "list": {"kode": "N88.0", "nama": "Leukoplakia of cervix uteri"}},
            {
                "level": "2",
                "list": {
                    "kode": "A00.1",
                    "nama": "Cholera due to Vibrio cholerae 01, biovar eltor",
                },
            },
        ]
    }
    assert (item["jnsPelayanan"], item["noSep"]) == ("2", no_sep)
    assert item["perawatan"] == {
        "caraKeluar": {"kode": "1", "nama": "Atas Persetujuan Dokter"},
        "kelasRawat": {"kode": "1", "nama": "VVIP"},
        "kondisiPulang": {"kode": "1", "nama": "Sembuh"},
        "ruangRawat": {"kode": "1", "nama": "Ruang Rawat Biasa"},
        "spesialistik": {"kode": "20", "nama": "Spesialis Penyakit Dalam"},
    }
    assert item["peserta"] == {
        "kelamin": person.sex,
        "nama": person.nama,
        "noKartu": CARD,
        "noMR": "MR5185",
        "tglLahir": person.tgl_lahir.isoformat(),
    }
    assert item["poli"] == {"eksekutif": "0", "poli": {"kode": "INT"}}
    assert item["procedure"] == {
        "list": [{"list": {"kode": "88.72", "nama": "Diagnostic ultrasound of heart"}}]
    }
    assert item["rencanaTL"]["tindakLanjut"] == "1"
    assert (item["tglMasuk"], item["tglKeluar"]) == ("2026-11-27", "2026-11-27")

    changed = await client.call(
        "PUT",
        f"{BASE}/LPK/update",
        lpk_body(
            no_sep,
            diagnosa=[{"kode": "E11", "level": "1"}],
            rencanaTL={
                "tindakLanjut": "4",
                "kontrolKembali": {"tglKontrol": "2026-12-04", "poli": "INT"},
            },
        ),
    )
    assert (changed.code, changed.message, changed.payload) == ("200", "OK", no_sep)
    (after,) = (await listing(client)).payload["lpk"]["list"]
    assert [d["list"]["kode"] for d in after["diagnosa"]["list"]] == ["E11"]
    assert after["rencanaTL"] == {
        "tindakLanjut": "4",
        "dirujukKe": {"kodePPK": ""},
        "kontrolKembali": {"tglKontrol": "2026-12-04", "poli": "INT"},
    }

    gone = await client.call("DELETE", f"{BASE}/LPK/delete", delete_body(no_sep.lower()))
    assert (gone.code, gone.message, gone.payload) == ("200", "OK", no_sep)
    empty = await listing(client)
    assert (empty.code, empty.message) == ("201", messages.NO_DATA.template)


async def test_the_list_filters_by_service_type_and_date(client: VClaimClient) -> None:
    outpatient = await outpatient_sep(client)
    inpatient = await inpatient_sep(client)
    await client.call("POST", f"{BASE}/LPK/insert", lpk_body(outpatient))
    inap = await client.call(
        "POST", f"{BASE}/LPK/insert", lpk_body(inpatient, poli={"poli": ""}, perawatan=perawatan())
    )
    assert inap.code == "200", inap.message

    rajal = await listing(client, jns="2")
    ranap = await listing(client, jns="1")
    other_day = await listing(client, tgl="2026-11-26")

    assert [i["noSep"] for i in rajal.payload["lpk"]["list"]] == [outpatient]
    (item,) = ranap.payload["lpk"]["list"]
    assert (item["noSep"], item["jnsPelayanan"]) == (inpatient, "1")
    assert item["poli"]["poli"] == {"kode": ""}
    assert other_day.code == "201"


async def test_an_outpatient_sheet_needs_no_room_or_class(client: VClaimClient) -> None:
    no_sep = await outpatient_sep(client)

    reply = await client.call(
        "POST",
        f"{BASE}/LPK/insert",
        lpk_body(no_sep, perawatan=perawatan(ruangRawat="", kelasRawat=""), rencanaTL=None),
    )
    (item,) = (await listing(client)).payload["lpk"]["list"]

    assert reply.code == "200", reply.message
    assert item["perawatan"]["ruangRawat"] == {"kode": "", "nama": ""}
    assert item["rencanaTL"] is None  # null members count as absent: none filed


async def test_a_sep_with_an_lpk_cannot_be_deleted(client: VClaimClient) -> None:
    no_sep = await outpatient_sep(client)
    await client.call("POST", f"{BASE}/LPK/insert", lpk_body(no_sep))
    body = {"request": {"t_sep": {"noSep": no_sep, "user": "x"}}}

    refused = await client.call("DELETE", f"{BASE}/SEP/2.0/delete", body)
    await client.call("DELETE", f"{BASE}/LPK/delete", delete_body(no_sep))
    deleted = await client.call("DELETE", f"{BASE}/SEP/2.0/delete", body)

    assert refused.message == messages.SEP_HAS_LPK.format(noSep=no_sep)
    assert deleted.document["response"] == no_sep


async def test_lpks_are_per_consumer(client: VClaimClient) -> None:
    no_sep = await outpatient_sep(client)
    await client.call("POST", f"{BASE}/LPK/insert", lpk_body(no_sep))

    other_list = await client.call(
        "GET", f"{BASE}/LPK/TglMasuk/2026-11-27/JnsPelayanan/2", consumer=OTHER_CONSUMER
    )
    other_insert = await client.call(
        "POST", f"{BASE}/LPK/insert", lpk_body(no_sep), consumer=OTHER_CONSUMER
    )

    assert other_list.message == messages.NO_DATA.template
    assert other_insert.message == messages.SEP_NOT_FOUND.format(noSep=no_sep)


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"diagnosa": [{"kode": "X99.9", "level": "1"}]}, "Kode Diagnosa X99.9 tidak ditemukan"),
        ({"diagnosa": []}, "Diagnosa (request.t_lpk.diagnosa) tidak boleh kosong"),
        (
            {"diagnosa": [{"kode": "E11", "level": "1"}, {"kode": "I10", "level": "1"}]},
            messages.LPK_DIAGNOSA_PRIMER.format(count=2),
        ),
        (
            {"diagnosa": [{"kode": "E11", "level": "2"}]},
            messages.LPK_DIAGNOSA_PRIMER.format(count=0),
        ),
        (
            {"diagnosa": [{"kode": "E11", "level": "3"}]},
            "Level Diagnosa (request.t_lpk.diagnosa.0.level) tidak sesuai",
        ),
        ({"jaminan": "2"}, "Penjamin (request.t_lpk.jaminan) tidak sesuai"),
        ({"tglKeluar": "2026-11-26"}, messages.LPK_KELUAR_BEFORE_MASUK.template),
        (
            {"tglMasuk": "2026-11-26", "tglKeluar": "2026-11-27"},
            messages.LPK_MASUK_BEFORE_SEP.format(tglSep="2026-11-27"),
        ),
        ({"tglKeluar": "2026-11-28"}, messages.LPK_KELUAR_FUTURE.template),
        ({"tglKeluar": "2026-11-31"}, "Format Tanggal Keluar tidak sesuai"),
        ({"poli": {"poli": "XYZ"}}, messages.POLI_NOT_FOUND.format(kode="XYZ")),
        (
            {"poli": {"poli": ""}},
            messages.LPK_FIELD_FOR_JENIS.format(title="Poli", jenis="Rawat Jalan"),
        ),
        (
            {"perawatan": perawatan(caraKeluar="9")},
            messages.KODE_NOT_FOUND.format(title="Cara Keluar", kode="9"),
        ),
        (
            {"perawatan": perawatan(kelasRawat="9")},
            messages.KODE_NOT_FOUND.format(title="Kelas Rawat", kode="9"),
        ),
        (
            {"perawatan": perawatan(kondisiPulang="")},
            messages.LPK_FIELD_FOR_JENIS.format(title="Kondisi Pulang", jenis="Rawat Jalan"),
        ),
        (
            {"rencanaTL": {"tindakLanjut": "3", "dirujukKe": {"kodePPK": ""}}},
            messages.LPK_TINDAK_LANJUT_DETAIL.format(title="Kode PPK Dirujuk", tindakLanjut="3"),
        ),
        (
            {"rencanaTL": {"tindakLanjut": "3", "dirujukKe": {"kodePPK": "ABCDEFGH"}}},
            messages.KODE_NOT_FOUND.format(title="PPK Dirujuk", kode="ABCDEFGH"),
        ),
        (
            {"rencanaTL": {"tindakLanjut": "4"}},
            messages.LPK_TINDAK_LANJUT_DETAIL.format(title="Tanggal Kontrol", tindakLanjut="4"),
        ),
        (
            {
                "rencanaTL": {
                    "tindakLanjut": "4",
                    "kontrolKembali": {"tglKontrol": "2026-11-20", "poli": "INT"},
                }
            },
            messages.LPK_KONTROL_BEFORE_KELUAR.template,
        ),
        ({"DPJP": ""}, messages.DPJP_REQUIRED.template),
        ({"noSep": "0301R0111126V999999"}, "No.SEP 0301R0111126V999999 tidak ditemukan"),
        ({"procedure": [{"kode": "ABC"}]}, "Format Kode Prosedur (request.t_lpk.procedure.0.kode)"),
    ],
)
async def test_insert_refuses(client: VClaimClient, changes: dict[str, Any], expected: str) -> None:
    no_sep = await outpatient_sep(client)

    reply = await client.call("POST", f"{BASE}/LPK/insert", lpk_body(no_sep, **changes))

    assert (reply.status, reply.code) == (200, "201")
    assert reply.message.startswith(expected)
    assert reply.document["response"] is None


async def test_an_inpatient_sheet_needs_room_and_class(client: VClaimClient) -> None:
    no_sep = await inpatient_sep(client)

    reply = await client.call(
        "POST", f"{BASE}/LPK/insert", lpk_body(no_sep, perawatan=perawatan(ruangRawat=""))
    )

    assert reply.message == messages.LPK_FIELD_FOR_JENIS.format(
        title="Ruang Rawat", jenis="Rawat Inap"
    )


async def test_hospital_lists_are_open_until_strict(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    emergency = bodies.igd()
    t_sep(emergency)["dpjpLayan"] = next(d.kode for d in referensi.roster(0) if d.poli == "IGD")
    strict_sep = await strict_client.insert_sep(emergency)
    assert strict_sep.code == "200", strict_sep.message
    no_sep = strict_sep.payload["sep"]["noSep"]
    dpjp = next(d.kode for d in referensi.roster(0) if d.poli == "INT")

    catalogue = catalogue_lpk(await outpatient_sep(client))
    lenient = await client.call("POST", f"{BASE}/LPK/insert", catalogue)
    spesialis = await strict_client.call(
        "POST",
        f"{BASE}/LPK/insert",
        lpk_body(no_sep, DPJP=dpjp, perawatan=perawatan(spesialistik="1")),
    )
    procedure = await strict_client.call(
        "POST", f"{BASE}/LPK/insert", lpk_body(no_sep, DPJP=dpjp, procedure=[{"kode": "99.90"}])
    )
    doctor = await strict_client.call("POST", f"{BASE}/LPK/insert", lpk_body(no_sep, DPJP="3"))
    accepted = await strict_client.call("POST", f"{BASE}/LPK/insert", lpk_body(no_sep, DPJP=dpjp))

    assert lenient.code == "200", lenient.message
    assert spesialis.message == messages.KODE_NOT_FOUND.format(title="Spesialistik", kode="1")
    assert procedure.message == messages.KODE_NOT_FOUND.format(title="Prosedur", kode="99.90")
    assert doctor.message == messages.DPJP_NOT_FOUND.format(kode="3")
    assert accepted.code == "200", accepted.message


async def test_unknown_hospital_codes_show_a_dash(client: VClaimClient) -> None:
    await client.call("POST", f"{BASE}/LPK/insert", catalogue_lpk(await outpatient_sep(client)))

    (item,) = (await listing(client)).payload["lpk"]["list"]

    assert item["perawatan"]["spesialistik"] == {"kode": "1", "nama": "-"}
    # The catalogue's 00.82 is an ICD-9-CM code (data/procedure.json holds all of them).
    assert item["procedure"]["list"][0] == {
        "list": {"kode": "00.82", "nama": "Revision of knee replacement, femoral component"}
    }
    assert item["DPJP"]["dokter"]["kode"] == "3"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("LPK/TglMasuk/2026-02-30/JnsPelayanan/1", "Format Tanggal Masuk tidak sesuai"),
        ("LPK/TglMasuk/27-11-2026/JnsPelayanan/1", "Format Tanggal Masuk tidak sesuai"),
        ("LPK/TglMasuk/2026-11-27/JnsPelayanan/3", "Jenis Pelayanan (jnsPelayanan) tidak sesuai"),
    ],
)
async def test_bad_path_parameters_answer_201(
    client: VClaimClient, path: str, expected: str
) -> None:
    reply = await client.call("GET", f"{BASE}/{path}")

    assert (reply.status, reply.code) == (200, "201")
    assert reply.message.startswith(expected)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"diagnosa": "E11"}, "Daftar Diagnosa (request.t_lpk.diagnosa) harus berupa array"),
        ({"diagnosa": ["E11"]}, "Diagnosa (request.t_lpk.diagnosa.0) harus berupa objek"),
        ({"perawatan": None}, "Perawatan (request.t_lpk.perawatan) tidak boleh kosong"),
        ({"rencanaTL": {"tindakLanjut": "5"}}, "Tindak Lanjut (request.t_lpk.rencanaTL."),
        ({"procedure": [{"kode": "88.72"}] * 31}, "Daftar Prosedur (request.t_lpk.procedure)"),
    ],
)
async def test_malformed_bodies_get_an_envelope_naming_the_field(
    client: VClaimClient, changes: dict[str, Any], expected: str
) -> None:
    no_sep = await outpatient_sep(client)

    reply = await client.call("POST", f"{BASE}/LPK/insert", lpk_body(no_sep, **changes))

    assert (reply.status, reply.code) == (200, "201")
    assert reply.message.startswith(expected)


async def test_reset_forgets_lpks(client: VClaimClient) -> None:
    no_sep = await outpatient_sep(client)
    await client.call("POST", f"{BASE}/LPK/insert", lpk_body(no_sep))

    response = await client.http.post("/_mock/reset")

    assert response.status == 200
    assert (await listing(client)).message == messages.NO_DATA.template
