"""Rencana kontrol and SPRI on the wire, and SEP insert checking `skdp.noSurat` against the
letters this world issued or learnt."""

from __future__ import annotations

from typing import Any

import pytest

from mockvclaim.bpjs import peserta
from mockvclaim.bpjs.vclaim import referensi
from mockvclaim.bpjs.vclaim.dokter import dpjp_name
from mockvclaim.bpjs.vclaim.rencana_kontrol import PRB_FIELDS
from mockvclaim.protocol import messages
from tests.conftest import VClaimClient, issue_sep, t_sep
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest-dev"
RK = f"{BASE}/RencanaKontrol"
CARD = "0002802875185"  # the R.Jalan fixtures' participant
INAP_CARD = "0003160728841"  # the IGD / rawat inap fixtures' participant
TBC = "Respiratory tuberculosis, bacteriologically and histologically confirmed"  # A15
KONTROL_KEYS = [
    "noSuratKontrol", "tglRencanaKontrol", "namaDokter", "noKartu", "nama", "kelamin", "tglLahir",
]  # fmt: skip
DETAIL_KEYS = [
    "noSuratKontrol", "tglRencanaKontrol", "tglTerbit", "jnsKontrol", "poliTujuan",
    "namaPoliTujuan", "kodeDokter", "namaDokter", "flagKontrol", "kodeDokterPembuat",
    "namaDokterPembuat", "namaJnsKontrol", "sep", "formPRB",
]  # fmt: skip
LIST_KEYS = [
    "noSuratKontrol", "jnsPelayanan", "jnsKontrol", "namaJnsKontrol", "tglRencanaKontrol",
    "tglTerbitKontrol", "noSepAsalKontrol", "poliAsal", "namaPoliAsal", "poliTujuan",
    "namaPoliTujuan", "tglSEP", "kodeDokter", "namaDokter", "noKartu", "nama", "terbitSEP",
]  # fmt: skip


async def first_visit(client: VClaimClient) -> str:
    """A first R.Jalan visit a week ago (lenient mode takes the back-date)."""
    body = bodies.rawat_jalan_first_visit()
    t_sep(body)["tglSep"] = "2026-11-20"
    return await issue_sep(client, body)


def kontrol_body(no_sep: str, **changes: Any) -> dict[str, Any]:
    request = {
        "noSEP": no_sep,
        "kodeDokter": bodies.DPJP_INT,
        "poliKontrol": "INT",
        "tglRencanaKontrol": "2026-11-27",
        "user": "dr. Admin",
    }
    request.update(changes)
    return {"request": request}


async def kontrol(client: VClaimClient, no_sep: str, *, v2: bool = True, **changes: Any) -> Any:
    path = f"{RK}/v2/Insert" if v2 else f"{RK}/insert"
    return await client.call("POST", path, kontrol_body(no_sep, **changes))


async def spri(client: VClaimClient, **changes: Any) -> Any:
    request = {
        "noKartu": INAP_CARD,
        "kodeDokter": bodies.DPJP_BED,
        "poliKontrol": "BED",
        "tglRencanaKontrol": "2026-11-27",
        "user": "dr. Admin",
    }
    request.update(changes)
    return await client.call("POST", f"{RK}/InsertSPRI", {"request": request})


def kontrol_visit(no_sep: str, no_surat: str, **skdp: str) -> dict[str, Any]:
    """The follow-up visit of docs/vclaim-api.md §3.3: rujukan = the previous SEP, skdp = the
    letter."""
    body = bodies.rawat_jalan_kontrol()
    t_sep(body)["rujukan"].update(noRujukan=no_sep, tglRujukan="2026-11-20")
    t_sep(body)["skdp"] = {"noSurat": no_surat, "kodeDPJP": bodies.DPJP_INT, **skdp}
    return body


async def delete_letter(client: VClaimClient, no_surat: str) -> Any:
    body = {"request": {"t_suratkontrol": {"noSuratKontrol": no_surat, "user": "x"}}}
    return await client.call("DELETE", f"{RK}/Delete", body)


# --- insert ------------------------------------------------------------------------------------


async def test_insert_v2_numbers_by_the_planned_month(client: VClaimClient) -> None:
    no_sep = await first_visit(client)
    person = peserta.participant_for(CARD, 0)

    reply = await kontrol(client, no_sep, tglRencanaKontrol="2026-12-04")

    assert (reply.code, reply.message) == ("200", "Ok")
    answer = reply.payload
    assert list(answer) == [*KONTROL_KEYS, "namaDiagnosa", "formPRB"]
    # {PPK}{MM}{YY}K{6}, MMYY of tglRencanaKontrol (docs/vclaim-api.md §4.2).
    assert answer["noSuratKontrol"] == "0301R0111226K000001"
    assert answer["tglRencanaKontrol"] == "2026-12-04"
    assert answer["namaDokter"] == dpjp_name(bodies.DPJP_INT, 0)
    assert (answer["noKartu"], answer["nama"], answer["tglLahir"]) == (
        CARD,
        person.nama,
        person.tgl_lahir.isoformat(),
    )
    assert answer["kelamin"] == ("Laki-laki" if person.sex == "L" else "Perempuan")
    assert answer["namaDiagnosa"].startswith("A15 - ")
    assert answer["formPRB"] == {"kdStatusPRB": None, "data": dict.fromkeys(PRB_FIELDS)}


async def test_insert_v1_answers_without_the_v2_members(client: VClaimClient) -> None:
    reply = await kontrol(client, await first_visit(client), v2=False)

    assert reply.message == "Ok"
    assert list(reply.payload) == KONTROL_KEYS


async def test_insert_v2_echoes_form_prb(client: VClaimClient) -> None:
    no_sep = await first_visit(client)
    form: dict[str, Any] = {"kdStatusPRB": "07", "data": {"GDP": 78, "TD_Sistolik": 90}}

    reply = await kontrol(client, no_sep, formPRB=form)
    detail = await client.call("GET", f"{RK}/noSuratKontrol/{reply.payload['noSuratKontrol']}")

    expected = {"kdStatusPRB": "07", "data": {**dict.fromkeys(PRB_FIELDS), **form["data"]}}
    assert reply.payload["formPRB"] == expected
    assert list(reply.payload["formPRB"]["data"]) == list(PRB_FIELDS)
    assert detail.payload["formPRB"] == expected


async def test_insert_v2_form_prb_out_of_range_is_201(client: VClaimClient) -> None:
    no_sep = await first_visit(client)

    reply = await kontrol(client, no_sep, formPRB={"kdStatusPRB": "01", "data": {"GDP": 5}})

    assert reply.message == "Gula Darah Puasa (request.formPRB.data.GDP) tidak valid"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"noSEP": "0301R0111126V000999"}, "No.SEP 0301R0111126V000999 tidak ditemukan"),
        ({"poliKontrol": "XYZ"}, messages.POLI_NOT_FOUND.format(kode="XYZ")),
        ({"tglRencanaKontrol": "2026-11-19"}, "Tanggal Rencana Kontrol tidak boleh kurang"),
        ({"tglRencanaKontrol": "2026-11-31"}, "Format Tanggal Rencana Kontrol tidak sesuai"),
        ({"kodeDokter": ""}, "Format Kode Dokter (request.kodeDokter) tidak sesuai"),
        ({"user": None}, "Pengguna (request.user) tidak boleh kosong"),
    ],
)
async def test_insert_bad_request_is_201(
    client: VClaimClient, changes: dict[str, Any], message: str
) -> None:
    no_sep = await first_visit(client)

    reply = await kontrol(client, no_sep, **changes)

    assert reply.code == "201"
    assert reply.message.startswith(message)


async def test_plan_in_the_past_lenient_but_strict_refuses(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    dokter = next(d.kode for d in referensi.roster(0) if d.poli == "BED")

    lenient = await spri(client, kodeDokter=dokter, tglRencanaKontrol="2026-11-26")
    strict = await spri(strict_client, kodeDokter=dokter, tglRencanaKontrol="2026-11-26")
    strict_today = await spri(strict_client, kodeDokter=dokter)

    assert lenient.code == "200"
    assert strict.message == messages.RENCANA_PAST.template
    assert strict_today.code == "200"


async def test_strict_wants_a_roster_doctor(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    lenient = await spri(client, kodeDokter="99")
    strict = await spri(strict_client, kodeDokter="99")

    assert lenient.code == "200"
    assert strict.message == messages.DPJP_NOT_FOUND.format(kode="99")


# --- SPRI --------------------------------------------------------------------------------------


async def test_spri_shares_the_kontrol_sequence(client: VClaimClient) -> None:
    first = await kontrol(client, await first_visit(client))
    person = peserta.participant_for(INAP_CARD, 0)

    reply = await spri(client)

    assert first.payload["noSuratKontrol"] == "0301R0111126K000001"
    assert (reply.code, reply.message) == ("200", "Ok")
    assert reply.payload == {
        "noSPRI": "0301R0111126K000002",
        "tglRencanaKontrol": "2026-11-27",
        "namaDokter": dpjp_name(bodies.DPJP_BED, 0),
        "noKartu": INAP_CARD,
        "nama": person.nama,
        "kelamin": "Laki-Laki" if person.sex == "L" else "Perempuan",  # SPRI's casing
        "tglLahir": person.tgl_lahir.isoformat(),
        "namaDiagnosa": None,
    }


async def test_spri_leads_to_an_admission(client: VClaimClient) -> None:
    no_spri = (await spri(client)).payload["noSPRI"]
    body = bodies.rawat_inap()
    t_sep(body)["skdp"] = {"noSurat": no_spri, "kodeDPJP": bodies.DPJP_BED}

    no_sep = await issue_sep(client, body)
    sep = (await client.call("GET", f"{BASE}/SEP/{no_sep}")).payload
    listed = await client.call(
        "GET", f"{RK}/ListRencanaKontrol/Bulan/11/Tahun/2026/Nokartu/{INAP_CARD}/filter/1"
    )

    assert sep["kontrol"]["noSurat"] == no_spri
    row = listed.payload["list"][0]
    assert (row["jnsKontrol"], row["namaJnsKontrol"], row["jnsPelayanan"]) == (
        "1",
        "SPRI",
        "Rawat Inap",
    )
    assert (row["noSepAsalKontrol"], row["tglSEP"], row["terbitSEP"]) == (None, None, "Sudah")


async def test_update_spri(client: VClaimClient) -> None:
    no_spri = (await spri(client)).payload["noSPRI"]

    reply = await client.call(
        "PUT",
        f"{RK}/UpdateSPRI",
        {
            "request": {
                "noSPRI": no_spri.lower(),
                "kodeDokter": "31661",
                "poliKontrol": "INT",
                "tglRencanaKontrol": "2026-11-28",
                "user": "x",
            }
        },
    )
    detail = (await client.call("GET", f"{RK}/noSuratKontrol/{no_spri}")).payload

    assert (reply.message, reply.payload["noSPRI"]) == ("Ok", no_spri)
    assert (detail["poliTujuan"], detail["kodeDokter"], detail["tglRencanaKontrol"]) == (
        "INT",
        "31661",
        "2026-11-28",
    )


# --- reads -------------------------------------------------------------------------------------


async def test_letter_detail_of_a_surat_kontrol(client: VClaimClient) -> None:
    no_sep = await first_visit(client)
    no_surat = (await kontrol(client, no_sep)).payload["noSuratKontrol"]
    person = peserta.participant_for(CARD, 0)

    reply = await client.call("GET", f"{RK}/noSuratKontrol/{no_surat.lower()}")

    assert (reply.code, reply.message) == ("200", "Sukses")
    detail = reply.payload
    assert list(detail) == DETAIL_KEYS
    assert (detail["noSuratKontrol"], detail["tglTerbit"], detail["jnsKontrol"]) == (
        no_surat,
        "2026-11-27",
        "2",
    )
    assert (detail["poliTujuan"], detail["namaPoliTujuan"]) == ("INT", "PENYAKIT DALAM")
    assert (detail["namaJnsKontrol"], detail["flagKontrol"]) == ("Kontrol", "False")
    assert detail["sep"] == {
        "noSep": no_sep,
        "tglSep": "2026-11-20",
        "jnsPelayanan": "Rawat Jalan",
        "poli": "INT - PENYAKIT DALAM",
        "diagnosa": f"A15 - {TBC}",
        "peserta": {
            "noKartu": CARD,
            "nama": person.nama,
            "tglLahir": person.tgl_lahir.isoformat(),
            "kelamin": person.sex,
            "hakKelas": "-",
        },
        "provUmum": {"kdProvider": person.prov_umum.kode, "nmProvider": person.prov_umum.nama},
        "provPerujuk": {
            "kdProviderPerujuk": bodies.PPK_FKTP,
            "nmProviderPerujuk": peserta.facility_name(bodies.PPK_FKTP, 0),
            "asalRujukan": "1",
            "noRujukan": bodies.NO_RUJUKAN_PCARE,
            "tglRujukan": bodies.TGL_RUJUKAN_PCARE,
        },
    }


async def test_letter_detail_of_an_spri_has_no_sep(client: VClaimClient) -> None:
    no_spri = (await spri(client)).payload["noSPRI"]

    detail = (await client.call("GET", f"{RK}/noSuratKontrol/{no_spri}")).payload

    assert (detail["jnsKontrol"], detail["namaJnsKontrol"], detail["sep"]) == ("1", "SPRI", None)


async def test_nosep_shows_the_sep_for_a_kontrol(client: VClaimClient) -> None:
    no_sep = await first_visit(client)

    reply = await client.call("GET", f"{RK}/nosep/{no_sep}")

    assert (reply.code, reply.message) == ("200", "Sukses")
    assert reply.payload["noSep"] == no_sep
    assert list(reply.payload) == [
        "noSep", "tglSep", "jnsPelayanan", "poli", "diagnosa", "peserta", "provUmum",
        "provPerujuk",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("nosep/0301R0111126V000404", "No.SEP 0301R0111126V000404 tidak ditemukan"),
        ("nosep/0301R011", "Format Nomor SEP (noSep) tidak sesuai"),
        ("noSuratKontrol/0301R0111126K000404", "No.Surat Kontrol 0301R0111126K000404 tidak"),
        ("noSuratKontrol/abc", "Format Nomor Surat Kontrol (noSuratKontrol) tidak sesuai"),
        ("ListRencanaKontrol/Bulan/11/Tahun/2026/Nokartu/0002802875185/filter/1", "Data Tidak"),
        ("ListRencanaKontrol/Bulan/11/Tahun/2026/Nokartu/0002802875185/filter/3", "Format Filter"),
        ("ListRencanaKontrol/Bulan/00/Tahun/2026/Nokartu/0002802875185/filter/1", "Format Bulan"),
        ("ListRencanaKontrol/Bulan/11/Tahun/2026/Nokartu/123/filter/1", "Format Nomor Kartu"),
        ("ListRencanaKontrol/tglAwal/2026-11-27/tglAkhir/2026-11-01/filter/1", "Tanggal Akhir"),
        ("ListRencanaKontrol/tglAwal/2026-11-01/tglAkhir/2026-11-30/filter/1", "Data Tidak"),
    ],
)
async def test_bad_or_unknown_reads_are_201(client: VClaimClient, path: str, message: str) -> None:
    reply = await client.call("GET", f"{RK}/{path}")

    assert (reply.status, reply.code) == (200, "201")
    assert reply.message.startswith(message)


async def test_lists_by_card_and_by_date(client: VClaimClient) -> None:
    no_sep = await first_visit(client)
    no_surat = (await kontrol(client, no_sep, tglRencanaKontrol="2026-12-04")).payload[
        "noSuratKontrol"
    ]
    by_card = f"{RK}/ListRencanaKontrol/Bulan/%s/Tahun/2026/Nokartu/{CARD}/filter/%s"

    issued = await client.call("GET", by_card % ("11", "1"))
    planned = await client.call("GET", by_card % ("12", "2"))
    not_planned_in_november = await client.call("GET", by_card % ("11", "2"))
    by_date = await client.call(
        "GET", f"{RK}/ListRencanaKontrol/tglAwal/2026-12-01/tglAkhir/2026-12-31/filter/2"
    )

    assert (issued.code, issued.message) == ("200", "Sukses")
    row = issued.payload["list"][0]
    assert list(row) == LIST_KEYS
    assert row == {
        "noSuratKontrol": no_surat,
        "jnsPelayanan": "Rawat Jalan",
        "jnsKontrol": "2",
        "namaJnsKontrol": "Surat Kontrol",
        "tglRencanaKontrol": "2026-12-04",
        "tglTerbitKontrol": "2026-11-27",
        "noSepAsalKontrol": no_sep,
        "poliAsal": "INT",
        "namaPoliAsal": "PENYAKIT DALAM",
        "poliTujuan": "INT",
        "namaPoliTujuan": "PENYAKIT DALAM",
        "tglSEP": "2026-11-20",
        "kodeDokter": bodies.DPJP_INT,
        "namaDokter": dpjp_name(bodies.DPJP_INT, 0),
        "noKartu": CARD,
        "nama": peserta.participant_for(CARD, 0).nama,
        "terbitSEP": "Belum",
    }
    assert planned.payload == issued.payload
    assert not_planned_in_november.message == messages.NO_DATA.template
    assert by_date.payload["list"] == [{k: v for k, v in row.items() if k != "terbitSEP"}]


# --- update and delete -------------------------------------------------------------------------


async def test_update_v2_moves_the_plan(client: VClaimClient) -> None:
    no_sep = await first_visit(client)
    no_surat = (await kontrol(client, no_sep)).payload["noSuratKontrol"]
    body = kontrol_body(no_sep, tglRencanaKontrol="2026-11-30", kodeDokter="31661")
    body["request"]["noSuratKontrol"] = no_surat

    reply = await client.call("PUT", f"{RK}/v2/Update", body)
    detail = (await client.call("GET", f"{RK}/noSuratKontrol/{no_surat}")).payload

    assert (reply.code, reply.message) == ("200", "Ok")
    assert (reply.payload["noSuratKontrol"], reply.payload["tglRencanaKontrol"]) == (
        no_surat,
        "2026-11-30",
    )
    assert "formPRB" in reply.payload
    assert (detail["tglRencanaKontrol"], detail["kodeDokter"]) == ("2026-11-30", "31661")


async def test_update_v1_and_its_refusals(client: VClaimClient) -> None:
    no_sep = await first_visit(client)
    other_sep = await issue_sep(client, bodies.igd())
    no_surat = (await kontrol(client, no_sep)).payload["noSuratKontrol"]
    no_spri = (await spri(client)).payload["noSPRI"]

    def update_body(no: str, sep: str) -> dict[str, Any]:
        body = kontrol_body(sep, poliKontrol="BED")
        body["request"]["noSuratKontrol"] = no
        return body

    ok = await client.call("PUT", f"{RK}/Update", update_body(no_surat, no_sep))
    wrong_sep = await client.call("PUT", f"{RK}/Update", update_body(no_surat, other_sep))
    spri_number = await client.call("PUT", f"{RK}/Update", update_body(no_spri, no_sep))
    unknown = await client.call("PUT", f"{RK}/Update", update_body("0301R0111126K000099", no_sep))
    spri_update_of_kontrol = await client.call(
        "PUT",
        f"{RK}/UpdateSPRI",
        {
            "request": {
                "noSPRI": no_surat,
                "kodeDokter": "1",
                "poliKontrol": "INT",
                "tglRencanaKontrol": "2026-11-27",
                "user": "x",
            }
        },
    )

    assert (ok.code, list(ok.payload)) == ("200", KONTROL_KEYS)
    assert wrong_sep.message == messages.SURAT_KONTROL_OTHER_SEP.format(
        noSep=other_sep, noSurat=no_surat
    )
    assert spri_number.message == messages.SURAT_KONTROL_NOT_KONTROL.format(noSurat=no_spri)
    assert unknown.message == messages.SURAT_KONTROL_NOT_FOUND.format(noSurat="0301R0111126K000099")
    assert spri_update_of_kontrol.message == messages.SURAT_KONTROL_NOT_SPRI.format(
        noSurat=no_surat
    )


async def test_delete_answers_null_and_the_letter_is_gone(client: VClaimClient) -> None:
    no_surat = (await kontrol(client, await first_visit(client))).payload["noSuratKontrol"]

    reply = await delete_letter(client, no_surat)

    assert (reply.code, reply.message) == ("200", "Sukses")
    assert reply.document["response"] is None
    gone = await client.call("GET", f"{RK}/noSuratKontrol/{no_surat}")
    assert gone.message == messages.SURAT_KONTROL_NOT_FOUND.format(noSurat=no_surat)
    again = await delete_letter(client, no_surat)
    assert again.message == messages.SURAT_KONTROL_NOT_FOUND.format(noSurat=no_surat)


async def test_a_sep_with_a_kontrol_after_it_cannot_be_deleted_first(client: VClaimClient) -> None:
    no_sep = await first_visit(client)
    no_surat = (await kontrol(client, no_sep)).payload["noSuratKontrol"]
    delete_sep = {"request": {"t_sep": {"noSep": no_sep, "user": "x"}}}

    refused = await client.call("DELETE", f"{BASE}/SEP/2.0/delete", delete_sep)
    await delete_letter(client, no_surat)
    allowed = await client.call("DELETE", f"{BASE}/SEP/2.0/delete", delete_sep)

    assert refused.message == messages.SEP_HAS_SURAT_KONTROL.format(noSep=no_sep, noSurat=no_surat)
    assert allowed.document["response"] == no_sep


# --- SEP insert with skdp.noSurat --------------------------------------------------------------


async def test_kontrol_visit_uses_the_letter_and_locks_it(client: VClaimClient) -> None:
    no_sep = await first_visit(client)
    no_surat = (await kontrol(client, no_sep)).payload["noSuratKontrol"]
    listed = f"{RK}/ListRencanaKontrol/Bulan/11/Tahun/2026/Nokartu/{CARD}/filter/1"

    visit = await issue_sep(client, kontrol_visit(no_sep, no_surat))
    used = (await client.call("GET", listed)).payload["list"][0]["terbitSEP"]
    locked = await delete_letter(client, no_surat)
    await client.call(
        "DELETE", f"{BASE}/SEP/2.0/delete", {"request": {"t_sep": {"noSep": visit, "user": "x"}}}
    )
    freed = (await client.call("GET", listed)).payload["list"][0]["terbitSEP"]

    assert used == "Sudah"
    assert locked.message == messages.SURAT_KONTROL_USED.format(noSurat=no_surat, noSep=visit)
    assert freed == "Belum"


@pytest.mark.parametrize(
    ("plan", "visit", "message"),
    [
        (
            {"poliKontrol": "BED"},
            {},
            messages.SKDP_POLI_MISMATCH.format(kdPoli="INT", poliKontrol="BED"),
        ),
        (
            {},
            {"kodeDPJP": "31661"},
            messages.SKDP_DPJP_MISMATCH.format(kodeDPJP="31661", kodeDokter=bodies.DPJP_INT),
        ),
        (
            {"tglRencanaKontrol": "2026-12-05"},
            {},
            messages.SKDP_TOO_EARLY.format(tglSep="2026-11-27", tglRencanaKontrol="2026-12-05"),
        ),
    ],
)
async def test_kontrol_visit_must_match_its_letter(
    client: VClaimClient, plan: dict[str, Any], visit: dict[str, str], message: str
) -> None:
    no_sep = await first_visit(client)
    no_surat = (await kontrol(client, no_sep, **plan)).payload["noSuratKontrol"]

    reply = await client.insert_sep(kontrol_visit(no_sep, no_surat, **visit))

    assert (reply.code, reply.message) == ("201", message)


async def test_kontrol_visit_a_week_early_is_allowed(client: VClaimClient) -> None:
    no_sep = await first_visit(client)
    no_surat = (await kontrol(client, no_sep, tglRencanaKontrol="2026-12-04")).payload[
        "noSuratKontrol"
    ]

    reply = await client.insert_sep(kontrol_visit(no_sep, no_surat))

    assert reply.code == "200", reply.message


async def test_a_letter_belongs_to_its_card_and_kind(client: VClaimClient) -> None:
    no_sep = await first_visit(client)
    no_surat = (await kontrol(client, no_sep)).payload["noSuratKontrol"]
    no_spri = (await spri(client)).payload["noSPRI"]
    someone_else = kontrol_visit(no_sep, no_surat)
    t_sep(someone_else)["noKartu"] = "0002000000999"
    spri_for_rajal = kontrol_visit(no_sep, no_spri)
    t_sep(spri_for_rajal)["noKartu"] = INAP_CARD
    kontrol_for_ranap = bodies.rawat_inap()
    t_sep(kontrol_for_ranap)["noKartu"] = CARD
    t_sep(kontrol_for_ranap)["skdp"] = {"noSurat": no_surat, "kodeDPJP": bodies.DPJP_INT}

    other_card = await client.insert_sep(someone_else)
    wrong_kind_rajal = await client.insert_sep(spri_for_rajal)
    wrong_kind_ranap = await client.insert_sep(kontrol_for_ranap)

    assert other_card.message == messages.SKDP_OTHER_PESERTA.format(
        noSurat=no_surat, noKartu="0002000000999"
    )
    assert wrong_kind_rajal.message == messages.SKDP_RAJAL_NEEDS_KONTROL.format(noSurat=no_spri)
    assert wrong_kind_ranap.message == messages.SKDP_RANAP_NEEDS_SPRI.format(noSurat=no_surat)


async def test_unknown_letter_lenient_remembers_strict_refuses(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    body = bodies.rawat_jalan_kontrol()  # letter 0301R0111126K000042, unknown to the world
    no_surat = t_sep(body)["skdp"]["noSurat"]

    strict_body = bodies.rawat_jalan_kontrol()
    dokter = next(d.kode for d in referensi.roster(0) if d.poli == "INT")
    t_sep(strict_body).update(dpjpLayan=dokter, skdp={"noSurat": no_surat, "kodeDPJP": dokter})

    lenient = await client.insert_sep(body)
    strict = await strict_client.insert_sep(strict_body)
    remembered = await client.call("GET", f"{RK}/noSuratKontrol/{no_surat}")
    next_letter = await spri(client)

    assert lenient.code == "200", lenient.message
    assert strict.message == messages.SKDP_NOT_FOUND.format(noSurat=no_surat)
    detail = remembered.payload
    assert (detail["jnsKontrol"], detail["poliTujuan"], detail["kodeDokter"]) == (
        "2",
        "INT",
        bodies.DPJP_INT,
    )
    assert detail["sep"] is None  # its SEP of origin is not in this world
    # The world's own numbering moves past a number it learnt.
    assert next_letter.payload["noSPRI"] == "0301R0111126K000043"


async def test_a_remembered_letter_binds_nothing(client: VClaimClient) -> None:
    first = await client.insert_sep(bodies.catalog_example())
    other = bodies.catalog_example()
    t_sep(other)["noKartu"] = "0001105689800"

    second = await client.insert_sep(other)

    assert (first.code, second.code) == ("200", "200")
