"""A SEP after its insert, on the wire: cari, update, delete, tanggal pulang and its list,
and how they change what E1/E2 and the other endpoints see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mockvclaim.bpjs import peserta
from mockvclaim.bpjs.vclaim import referensi
from mockvclaim.bpjs.vclaim.dokter import dpjp_name
from mockvclaim.protocol import messages
from tests.conftest import OTHER_CONSUMER, VClaimClient
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest-dev"

# Real production response (docs/vclaim-api.md §5.3), then the 2.0 members.
SEP_CARI_KEYS = [
    "noSep", "tglSep", "jnsPelayanan", "kelasRawat", "diagnosa", "noRujukan", "poli",
    "poliEksekutif", "catatan", "penjamin", "peserta", "klsRawat", "informasi",
    "kdStatusKecelakaan", "nmstatusKecelakaan", "dpjp", "kontrol", "lokasiKejadian", "cob",
    "katarak", "tujuanKunj", "flagProcedure", "kdPenunjang", "assestmenPel", "eSEP",
]  # fmt: skip
PESERTA_KEYS = [
    "noKartu", "nama", "tglLahir", "noMr", "kelamin", "jnsPeserta", "hakKelas", "asuransi",
]  # fmt: skip


def t_sep(body: dict[str, Any]) -> dict[str, Any]:
    inner: dict[str, Any] = body["request"]["t_sep"]
    return inner


def build(base: Callable[[], dict[str, Any]], **changes: Any) -> dict[str, Any]:
    body = base()
    t_sep(body).update(changes)
    return body


async def insert(client: VClaimClient, body: dict[str, Any], **kwargs: Any) -> str:
    reply = await client.insert_sep(body, **kwargs)
    assert reply.code == "200", reply.message
    no_sep: str = reply.payload["sep"]["noSep"]
    return no_sep


async def get(client: VClaimClient, no_sep: str, **kwargs: Any) -> Any:
    return await client.call("GET", f"{BASE}/SEP/{no_sep}", **kwargs)


async def update(client: VClaimClient, **t: Any) -> Any:
    return await client.call("PUT", f"{BASE}/SEP/2.0/update", {"request": {"t_sep": t}})


async def delete(client: VClaimClient, no_sep: str) -> Any:
    body = {"request": {"t_sep": {"noSep": no_sep, "user": "Coba Ws"}}}
    return await client.call("DELETE", f"{BASE}/SEP/2.0/delete", body)


def pulang_body(no_sep: str, **changes: str) -> dict[str, Any]:
    t = {
        "noSep": no_sep,
        "statusPulang": "1",
        "noSuratMeninggal": "",
        "tglMeninggal": "",
        "tglPulang": "2026-11-27",
        "noLPManual": "",
        "user": "Admin Rawat Inap",
    }
    t.update(changes)
    return {"request": {"t_sep": t}}


async def pulang(client: VClaimClient, no_sep: str, **changes: str) -> Any:
    return await client.call("PUT", f"{BASE}/SEP/2.0/updtglplg", pulang_body(no_sep, **changes))


def roster_doctor(poli: str) -> str:
    """A DPJP code --strict knows (referensi/dokter)."""
    return next(d.kode for d in referensi.roster(0) if d.poli == poli)


async def admit(client: VClaimClient) -> str:
    """An R.Inap SEP that --strict accepts too: an SPRI first, a roster DPJP."""
    body = bodies.rawat_inap()
    dokter = roster_doctor("BED")
    spri = await client.call(
        "POST",
        f"{BASE}/RencanaKontrol/InsertSPRI",
        {
            "request": {
                "noKartu": t_sep(body)["noKartu"],
                "kodeDokter": dokter,
                "poliKontrol": "BED",
                "tglRencanaKontrol": "2026-11-27",
                "user": "Admin IGD",
            }
        },
    )
    t_sep(body)["skdp"] = {"noSurat": spri.payload["noSPRI"], "kodeDPJP": dokter}
    return await insert(client, body)


def accident(body: dict[str, Any]) -> dict[str, Any]:
    t_sep(body)["jaminan"] = {
        "lakaLantas": "2",
        "noLP": "LP/B/123/XI/2026",
        "penjamin": {
            "tglKejadian": "2026-11-26",
            "keterangan": "jatuh dari motor saat bekerja",
            "suplesi": {
                "suplesi": "0",
                "noSepSuplesi": "",
                # The catalogue's own place: KOTO TANGAH, KOTA PADANG, SUMATERA BARAT.
                "lokasiLaka": {"kdPropinsi": "03", "kdKabupaten": "0050", "kdKecamatan": "0574"},
            },
        },
    }
    return body


# --- GET SEP/{noSep} ---------------------------------------------------------------------------


async def test_get_answers_the_production_shape_in_its_key_order(client: VClaimClient) -> None:
    body = bodies.rawat_jalan_first_visit()
    no_sep = await insert(client, body)
    person = peserta.participant_for(t_sep(body)["noKartu"], 0)

    reply = await get(client, no_sep)

    assert (reply.status, reply.code, reply.message) == (200, "200", "Sukses")
    sep = reply.payload
    assert list(sep) == SEP_CARI_KEYS
    assert list(sep["peserta"]) == PESERTA_KEYS
    assert sep["noSep"] == no_sep == "0301R0111126V000001"
    assert (sep["tglSep"], sep["jnsPelayanan"], sep["kelasRawat"]) == (
        "2026-11-27",
        "Rawat Jalan",
        "Kelas 3",
    )
    # Name only, where the insert said "A15 - ..." (docs/vclaim-api.md §4.1 vs §5.3).
    assert sep["diagnosa"] == (
        "Respiratory tuberculosis, bacteriologically and histologically confirmed"
    )
    assert (sep["noRujukan"], sep["poli"], sep["poliEksekutif"]) == (
        bodies.NO_RUJUKAN_PCARE,
        "PENYAKIT DALAM",
        "0",
    )
    assert (sep["catatan"], sep["penjamin"], sep["informasi"]) == ("kunjungan pertama", None, None)
    assert sep["peserta"] == {
        "noKartu": person.no_kartu,
        "nama": person.nama,
        "tglLahir": person.tgl_lahir.isoformat(),
        "noMr": "MR5185",
        "kelamin": person.sex,
        "jnsPeserta": person.jenis_peserta_short,
        "hakKelas": person.hak_kelas_sep,
        "asuransi": None,
    }
    assert sep["klsRawat"] == {
        "klsRawatHak": "3",
        "klsRawatNaik": None,
        "pembiayaan": None,
        "penanggungJawab": None,
    }
    assert (sep["kdStatusKecelakaan"], sep["nmstatusKecelakaan"]) == ("0", "Bukan Kecelakaan")
    assert sep["dpjp"] == {"kdDPJP": bodies.DPJP_INT, "nmDPJP": dpjp_name(bodies.DPJP_INT, 0)}
    assert sep["kontrol"] == {"noSurat": None, "kdDokter": None, "nmDokter": None}
    assert set(sep["lokasiKejadian"].values()) == {None}
    assert list(sep["lokasiKejadian"]) == [
        "tglKejadian", "kdProp", "kdKab", "kdKec", "ketKejadian", "lokasi",
    ]  # fmt: skip
    assert (sep["cob"], sep["katarak"], sep["eSEP"]) == ("0", "0", "True")
    assert sep["tujuanKunj"] == {"kode": "0", "nama": "Normal"}
    # The empty forms the catalogue-derived sample shows (docs/vclaim-api.md §4.1).
    assert sep["flagProcedure"] == {"kode": "0", "nama": "Prosedur tidak berkelanjutan"}
    assert sep["kdPenunjang"] == {"kode": "0", "nama": ""}
    assert sep["assestmenPel"] == {"kode": "0", "nama": ""}


async def test_get_procedure_visit_names_its_codes(client: VClaimClient) -> None:
    no_sep = await insert(client, bodies.rawat_jalan_procedure())

    sep = (await get(client, no_sep)).payload

    assert sep["tujuanKunj"] == {"kode": "1", "nama": "Prosedur"}
    assert sep["flagProcedure"] == {"kode": "1", "nama": "Prosedur dan Terapi Berkelanjutan"}
    assert sep["kdPenunjang"] == {"kode": "2", "nama": "Kemoterapi"}
    assert sep["kelasRawat"] == "Kelas 2"


async def test_get_kontrol_visit_shows_the_letter(client: VClaimClient) -> None:
    body = bodies.rawat_jalan_kontrol()
    no_sep = await insert(client, body)

    sep = (await get(client, no_sep)).payload

    assert sep["kontrol"] == {
        "noSurat": t_sep(body)["skdp"]["noSurat"],
        "kdDokter": bodies.DPJP_INT,
        "nmDokter": dpjp_name(bodies.DPJP_INT, 0),
    }
    assert sep["tujuanKunj"] == {"kode": "2", "nama": "Konsul Dokter"}
    assert sep["assestmenPel"] == {"kode": "5", "nama": "Tujuan Kontrol"}


async def test_get_rawat_inap_with_class_upgrade(client: VClaimClient) -> None:
    no_sep = await insert(client, bodies.catalog_example())

    sep = (await get(client, no_sep)).payload

    assert (sep["jnsPelayanan"], sep["kelasRawat"], sep["poli"]) == ("Rawat Inap", "Kelas 2", "")
    assert sep["klsRawat"] == {
        "klsRawatHak": "2",
        "klsRawatNaik": "1",
        "pembiayaan": "1",
        "penanggungJawab": "Pribadi",
    }
    # dpjpLayan stays empty for R.Inap: the DPJP is the SPRI's doctor.
    assert sep["dpjp"] == {"kdDPJP": "31574", "nmDPJP": dpjp_name("31574", 0)}
    assert sep["diagnosa"] == "Type 1 diabetes mellitus"


async def test_get_accident_names_guarantors_and_place(client: VClaimClient) -> None:
    no_sep = await insert(client, accident(bodies.rawat_jalan_first_visit()))

    sep = (await get(client, no_sep)).payload

    assert sep["penjamin"] == "Jasa Raharja PT, BPJS Ketenagakerjaan"
    assert (sep["kdStatusKecelakaan"], sep["nmstatusKecelakaan"]) == (
        "2",
        "Kecelakaan LaluLintas dan Kecelakaan Kerja",
    )
    assert sep["lokasiKejadian"] == {
        "tglKejadian": "2026-11-26",
        "kdProp": "03",
        "kdKab": "0050",
        "kdKec": "0574",
        "ketKejadian": "jatuh dari motor saat bekerja",
        "lokasi": "KOTO TANGAH|KOTA PADANG|SUMATERA BARAT",
    }


async def test_get_matches_the_number_in_any_case(client: VClaimClient) -> None:
    no_sep = await insert(client, bodies.rawat_jalan_first_visit())

    reply = await client.call("GET", f"{BASE}//sep/{no_sep.lower()}")

    assert reply.code == "200"
    assert reply.payload["noSep"] == no_sep


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("0301R0111126V999999", messages.SEP_NOT_FOUND.format(noSep="0301R0111126V999999")),
        ("12345", messages.FIELD_FORMAT.format(title="Nomor SEP", field="noSep")),
        (
            "0301R0111126V00000\u0661",
            messages.FIELD_FORMAT.format(title="Nomor SEP", field="noSep"),
        ),
    ],
)
async def test_get_unknown_or_malformed_number_is_201(
    client: VClaimClient, number: str, message: str
) -> None:
    reply = await get(client, number)

    assert (reply.status, reply.code, reply.message) == (200, "201", message)
    assert reply.document["response"] is None


async def test_get_another_consumers_sep_is_unknown(client: VClaimClient) -> None:
    no_sep = await insert(client, bodies.rawat_jalan_first_visit())

    reply = await get(client, no_sep, consumer=OTHER_CONSUMER)

    assert reply.message == messages.SEP_NOT_FOUND.format(noSep=no_sep)


# --- PUT SEP/2.0/update ------------------------------------------------------------------------


async def test_update_answers_the_number_encrypted_and_get_shows_the_change(
    client: VClaimClient,
) -> None:
    no_sep = await insert(client, bodies.rawat_jalan_first_visit())

    reply = await update(
        client,
        noSep=no_sep,
        diagAwal="J06.9",
        catatan="diagnosa diperbarui",
        poli={"tujuan": "BED", "eksekutif": "1"},
        dpjpLayan=bodies.DPJP_BED,
        klsRawat={"klsRawatHak": "2"},
        cob={"cob": "1"},
        noMR="MR-BARU",
        user="Admin",
    )

    assert (reply.code, reply.message) == ("200", "Sukses")
    assert isinstance(reply.document["response"], str)
    assert reply.payload == no_sep  # an encrypted JSON string (docs/vclaim-api.md §2.3, [U])
    sep = (await get(client, no_sep)).payload
    assert sep["diagnosa"] == "Acute upper respiratory infection, unspecified"
    assert (sep["catatan"], sep["poli"], sep["poliEksekutif"]) == (
        "diagnosa diperbarui",
        "BEDAH",
        "1",
    )
    assert sep["dpjp"]["kdDPJP"] == bodies.DPJP_BED
    assert (sep["kelasRawat"], sep["cob"], sep["peserta"]["noMr"]) == ("Kelas 2", "1", "MR-BARU")
    # What the body left out is kept: the rest of klsRawat, the referral, the visit type.
    assert sep["klsRawat"]["klsRawatNaik"] is None
    assert sep["noRujukan"] == bodies.NO_RUJUKAN_PCARE
    assert sep["tujuanKunj"] == {"kode": "0", "nama": "Normal"}


async def test_update_accepts_the_catalogue_body(client: VClaimClient) -> None:
    no_sep = await insert(client, bodies.igd())
    body = {
        "noSep": no_sep,
        "klsRawat": {
            "klsRawatHak": "3",
            "klsRawatNaik": "",
            "pembiayaan": "",
            "penanggungJawab": "",
        },
        "noMR": "00469120",
        "catatan": "",
        "diagAwal": "E10",
        "poli": {"tujuan": "IGD", "eksekutif": "0"},
        "cob": {"cob": "0"},
        "katarak": {"katarak": "0"},
        "jaminan": {
            "lakaLantas": "0",
            "penjamin": {
                "tglKejadian": "",
                "keterangan": "",
                "suplesi": {
                    "suplesi": "0",
                    "noSepSuplesi": "",
                    "lokasiLaka": {"kdPropinsi": "", "kdKabupaten": "", "kdKecamatan": ""},
                },
            },
        },
        "dpjpLayan": "46",
        "noTelp": "08522038363",
        "user": "Cobaws",
    }

    reply = await update(client, **body)

    assert (reply.code, reply.payload) == ("200", no_sep)
    sep = (await get(client, no_sep)).payload
    assert (sep["diagnosa"], sep["dpjp"]["kdDPJP"]) == ("Type 1 diabetes mellitus", "46")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"diagAwal": "D98"}, messages.DIAGNOSA_NOT_FOUND.format(kode="D98")),
        ({"poli": {"tujuan": "XYZ"}}, messages.POLI_NOT_FOUND.format(kode="XYZ")),
        ({"poli": {"tujuan": ""}}, messages.POLI_REQUIRED_RAJAL.template),
        ({"dpjpLayan": ""}, messages.DPJP_REQUIRED.template),
        (
            {"jaminan": {"lakaLantas": "1"}},
            messages.LAKA_DETAIL_REQUIRED.format(title="Tanggal Kejadian", lakaLantas="1"),
        ),
        (
            {"klsRawat": {"klsRawatHak": "4"}},
            "Kelas Rawat Hak (request.t_sep.klsRawat.klsRawatHak) tidak sesuai, "
            "isi salah satu dari: 1, 2, 3",
        ),
        ({"user": None}, "Pengguna (request.t_sep.user) tidak boleh kosong"),
    ],
)
async def test_update_applies_the_insert_rules(
    client: VClaimClient, changes: dict[str, Any], message: str
) -> None:
    no_sep = await insert(client, bodies.rawat_jalan_first_visit())
    t = {"noSep": no_sep, "user": "Admin", **changes}

    reply = await update(client, **t)

    assert (reply.code, reply.message) == ("201", message)
    unchanged = (await get(client, no_sep)).payload
    assert unchanged["poli"] == "PENYAKIT DALAM"


async def test_update_to_a_poli_already_visited_that_day_is_e1(client: VClaimClient) -> None:
    at_int = await insert(client, bodies.rawat_jalan_first_visit())
    at_bed = await insert(client, bodies.rawat_jalan_internal())

    moved = await update(client, noSep=at_bed, poli={"tujuan": "INT"}, user="Admin")
    same_poli_again = await update(client, noSep=at_int, catatan="tetap INT", user="Admin")

    assert moved.code == "201"
    assert moved.message.startswith("1.Peserta NoKa 0002802875185 telah mendapat Pelayanan R.Jalan")
    assert moved.message.endswith(at_int)
    # A SEP is never its own duplicate.
    assert same_poli_again.code == "200"


async def test_update_strict_refuses_dpjp_layan_on_rawat_inap(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    dokter = roster_doctor("BED")
    lenient_sep = await admit(client)
    strict_sep = await admit(strict_client)

    lenient = await update(client, noSep=lenient_sep, dpjpLayan=dokter, user="Admin")
    strict = await update(strict_client, noSep=strict_sep, dpjpLayan=dokter, user="Admin")

    assert lenient.code == "200"
    assert strict.message == messages.DPJP_LAYAN_RANAP.template


async def test_update_strict_checks_dpjp_codes_like_insert(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    body = bodies.igd()
    t_sep(body)["dpjpLayan"] = roster_doctor("IGD")
    lenient_sep = await insert(client, body)
    strict_sep = await insert(strict_client, body)

    lenient = await update(client, noSep=lenient_sep, dpjpLayan="99", user="Admin")
    strict = await update(strict_client, noSep=strict_sep, dpjpLayan="99", user="Admin")

    assert lenient.code == "200"
    assert strict.message == messages.DPJP_NOT_FOUND.format(kode="99")


async def test_update_unknown_sep_is_201(client: VClaimClient) -> None:
    reply = await update(client, noSep="0301R0111126V000777", user="Admin")

    assert reply.message == messages.SEP_NOT_FOUND.format(noSep="0301R0111126V000777")


# --- DELETE SEP/2.0/delete ---------------------------------------------------------------------


async def test_delete_answers_the_number_plain_and_the_sep_is_gone(client: VClaimClient) -> None:
    no_sep = await insert(client, bodies.rawat_jalan_first_visit())

    reply = await delete(client, no_sep.lower())

    assert (reply.code, reply.message) == ("200", "OK")
    # Plain, not encrypted (docs/vclaim-api.md §2.3): the number as stored.
    assert reply.document["response"] == no_sep
    assert (await get(client, no_sep)).message == messages.SEP_NOT_FOUND.format(noSep=no_sep)
    again = await delete(client, no_sep)
    assert again.message == messages.SEP_NOT_FOUND.format(noSep=no_sep)
    changed = await update(client, noSep=no_sep, user="Admin")
    assert changed.message == messages.SEP_NOT_FOUND.format(noSep=no_sep)


async def test_delete_frees_the_same_day_visit(client: VClaimClient) -> None:
    first = await insert(client, bodies.rawat_jalan_first_visit())
    duplicate = await client.insert_sep(bodies.rawat_jalan_first_visit())
    assert duplicate.message.endswith(first)

    await delete(client, first)
    again = await client.insert_sep(bodies.rawat_jalan_first_visit())

    assert again.code == "200"
    # Numbers are never reused.
    assert again.payload["sep"]["noSep"] == "0301R0111126V000002"


async def test_delete_frees_an_open_admission(client: VClaimClient) -> None:
    admitted = await insert(client, bodies.rawat_inap())
    blocked = await client.insert_sep(bodies.rawat_inap())
    assert blocked.message.endswith(admitted)

    await delete(client, admitted)

    assert (await client.insert_sep(bodies.rawat_inap())).code == "200"


async def test_delete_needs_noSep_and_user(client: VClaimClient) -> None:
    reply = await client.call(
        "DELETE", f"{BASE}/SEP/2.0/delete", {"request": {"t_sep": {"noSep": "0301R0111126V000001"}}}
    )

    assert reply.message == "Pengguna (request.t_sep.user) tidak boleh kosong"


# --- PUT SEP/2.0/updtglplg ---------------------------------------------------------------------


async def test_discharge_answers_null_and_frees_the_next_admission(client: VClaimClient) -> None:
    admitted = await insert(client, bodies.rawat_inap())

    reply = await pulang(client, admitted)

    assert (reply.code, reply.message) == ("200", "Ok")
    assert reply.document["response"] is None
    assert (await client.insert_sep(bodies.rawat_inap())).code == "200"


async def test_discharge_may_be_corrected(client: VClaimClient) -> None:
    body = build(bodies.rawat_inap, tglSep="2026-11-20")
    t_sep(body)["rujukan"]["tglRujukan"] = "2026-11-20"
    admitted = await insert(client, body)

    await pulang(client, admitted, tglPulang="2026-11-25")
    await pulang(client, admitted, tglPulang="2026-11-26", statusPulang="3")
    listed = await client.call("GET", f"{BASE}/Sep/updtglplg/list/bulan/11/tahun/2026/")

    assert [(i["tglPulang"], i["status"]) for i in listed.payload["list"]] == [("2026-11-26", "3")]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tglPulang": "2026-11-26"}, messages.TGLPULANG_BEFORE_SEP.format(tglSep="2026-11-27")),
        ({"tglPulang": "2026-11-28"}, messages.TGLPULANG_FUTURE.template),
        ({"tglPulang": "2026-02-30"}, messages.DATE_INVALID.format(title="Tanggal Pulang")),
        ({"statusPulang": "4"}, messages.TGLMENINGGAL_REQUIRED.template),
        (
            {"statusPulang": "4", "tglMeninggal": "2026-11-20", "noSuratMeninggal": "SM/1"},
            messages.TGLMENINGGAL_OUTSIDE_STAY.template,
        ),
        (
            {"statusPulang": "2"},
            "Status Pulang (request.t_sep.statusPulang) tidak sesuai, isi salah satu dari: "
            "1, 3, 4, 5",
        ),
    ],
)
async def test_discharge_rules(client: VClaimClient, changes: dict[str, str], message: str) -> None:
    admitted = await insert(client, bodies.rawat_inap())

    reply = await pulang(client, admitted, **changes)

    assert (reply.code, reply.message) == ("201", message)
    assert (await client.insert_sep(bodies.rawat_inap())).message.endswith(admitted)


async def test_discharge_of_a_death(client: VClaimClient) -> None:
    admitted = await insert(client, bodies.rawat_inap())

    reply = await pulang(
        client, admitted, statusPulang="4", tglMeninggal="2026-11-27", noSuratMeninggal="SKM/77"
    )

    assert reply.code == "200"
    item = (await client.call("GET", f"{BASE}/Sep/updtglplg/list/bulan/11/tahun/2026")).payload
    assert item["list"][0]["tglMeninggal"] == "2026-11-27"
    assert item["list"][0]["noSurat"] == "SKM/77"


async def test_discharge_of_rawat_jalan_or_unknown_sep_is_201(client: VClaimClient) -> None:
    outpatient = await insert(client, bodies.rawat_jalan_first_visit())

    rajal = await pulang(client, outpatient)
    unknown = await pulang(client, "0301R0111126V000999")

    assert rajal.message == messages.PULANG_BUKAN_RANAP.format(noSep=outpatient)
    assert unknown.message == messages.SEP_NOT_FOUND.format(noSep="0301R0111126V000999")


async def test_discharge_strict_wants_the_death_certificate_number(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    died = {"statusPulang": "4", "tglMeninggal": "2026-11-27"}
    lenient = await pulang(client, await admit(client), **died)
    strict = await pulang(strict_client, await admit(strict_client), **died)

    assert lenient.code == "200"
    assert strict.message == messages.SURAT_MENINGGAL_REQUIRED.template


async def test_discharge_strict_refuses_death_fields_without_death(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    stray = {"statusPulang": "1", "tglMeninggal": "2026-11-27", "noSuratMeninggal": "SKM/1"}
    lenient = await pulang(client, await admit(client), **stray)
    strict = await pulang(strict_client, await admit(strict_client), **stray)

    assert lenient.code == "200"
    listed = await client.call("GET", f"{BASE}/Sep/updtglplg/list/bulan/11/tahun/2026")
    # Ignored in lenient mode, as "selain itu kosong" says.
    assert (listed.payload["list"][0]["tglMeninggal"], listed.payload["list"][0]["noSurat"]) == (
        "",
        "",
    )
    assert strict.message == messages.MENINGGAL_WITHOUT_STATUS.template


# --- GET Sep/updtglplg/list --------------------------------------------------------------------


async def test_discharge_list_shows_what_was_stored(client: VClaimClient) -> None:
    body = bodies.rawat_inap()
    admitted = await insert(client, body)
    await pulang(client, admitted, statusPulang="5", noLPManual="LP/9")
    person = peserta.participant_for(t_sep(body)["noKartu"], 0)

    reply = await client.call("GET", f"{BASE}/Sep/updtglplg/list/bulan/11/tahun/2026")

    assert (reply.code, reply.message) == ("200", "Sukses")
    assert reply.payload == {
        "list": [
            {
                "noSep": admitted,
                "noSepUpdating": "",
                "jnsPelayanan": "1",
                "ppkTujuan": bodies.PPK_PELAYANAN,
                "noKartu": person.no_kartu,
                "nama": person.nama,
                "tglSep": "2026-11-27",
                "tglPulang": "2026-11-27",
                "status": "5",
                "tglMeninggal": "",
                "noSurat": "",
                "keterangan": "Lain-Lain",
                "user": "Admin Rawat Inap",
            }
        ]
    }


async def test_discharge_list_filter_and_month(client: VClaimClient) -> None:
    body = bodies.rawat_inap()
    admitted = await insert(client, body)
    await pulang(client, admitted)
    card = t_sep(body)["noKartu"]
    path = f"{BASE}/Sep/updtglplg/list/bulan"

    by_card = await client.call("GET", f"{path}/11/tahun/2026/{card}")
    by_sep = await client.call("GET", f"{path}/11/tahun/2026/{admitted.lower()}")
    other = await client.call("GET", f"{path}/11/tahun/2026/0000000000000")
    october = await client.call("GET", f"{path}/10/tahun/2026")
    bad_month = await client.call("GET", f"{path}/13/tahun/2026")

    assert [i["noSep"] for i in by_card.payload["list"]] == [admitted]
    assert [i["noSep"] for i in by_sep.payload["list"]] == [admitted]
    assert other.message == messages.NO_DATA.template
    assert october.message == messages.NO_DATA.template
    assert bad_month.message == messages.FIELD_FORMAT.format(title="Bulan", field="bulan")


async def test_discharge_list_forgets_a_deleted_sep(client: VClaimClient) -> None:
    admitted = await insert(client, bodies.rawat_inap())
    await pulang(client, admitted)

    await delete(client, admitted)
    reply = await client.call("GET", f"{BASE}/Sep/updtglplg/list/bulan/11/tahun/2026")

    assert reply.message == messages.NO_DATA.template


# --- the whole story -----------------------------------------------------------------------------


async def test_one_world_from_insert_to_delete(client: VClaimClient) -> None:
    """insert, get, update, get, discharge, a new admission, delete, get, monitoring."""
    inap = bodies.rawat_inap()
    no_sep = await insert(client, inap)
    assert (await get(client, no_sep)).payload["catatan"] == "rawat inap dari IGD"

    updated = await update(client, noSep=no_sep, catatan="pindah ruang", diagAwal="K37", user="A")
    assert updated.payload == no_sep
    shown = (await get(client, no_sep)).payload
    assert (shown["catatan"], shown["diagnosa"]) == ("pindah ruang", "Unspecified appendicitis")

    kunjungan = f"{BASE}/Monitoring/Kunjungan/Tanggal/2026-11-27/JnsPelayanan/1"
    before = (await client.call("GET", kunjungan)).payload["sep"]
    assert [(row["noSep"], row["tglPlgSep"], row["diagnosa"]) for row in before] == [
        (no_sep, None, "K37")
    ]

    blocked = await client.insert_sep(bodies.rawat_inap())
    assert blocked.message.startswith("3.1.Peserta NoKa")
    assert (await pulang(client, no_sep)).code == "200"
    second = await insert(client, bodies.rawat_inap())

    after = (await client.call("GET", kunjungan)).payload["sep"]
    assert [(row["noSep"], row["tglPlgSep"]) for row in after] == [
        (no_sep, "2026-11-27"),
        (second, None),
    ]

    assert (await delete(client, no_sep)).document["response"] == no_sep
    assert (await get(client, no_sep)).code == "201"
    remaining = (await client.call("GET", kunjungan)).payload["sep"]
    assert [row["noSep"] for row in remaining] == [second]
