"""Program Rujuk Balik on the wire: referensi/diagnosaprb and obatprb, the surat rujuk balik
from insert to delete, its look-ups, the 31-day list and the potensi PRB recap."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mockvclaim.bpjs import peserta, prb_data
from mockvclaim.bpjs.vclaim import referensi
from mockvclaim.bpjs.vclaim.dokter import dpjp_name
from mockvclaim.protocol import crypto, messages
from tests.conftest import OTHER_CONSUMER, VClaimClient, t_sep
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest-dev"
CARD = "0002802875185"  # the R.Jalan fixtures' participant
METFORMIN = "00090100013"  # "Metformin tab 500 mg" (data/prb.json)
INSULIN = "00019100017"  # a catalogue code
INSERT_KEYS = [
    "DPJP", "keterangan", "noSRB", "obat", "peserta", "programPRB", "saran", "tglSRB",
]  # fmt: skip
PESERTA_KEYS = [
    "alamat", "asalFaskes", "email", "kelamin", "nama", "noKartu", "noTelepon", "tglLahir",
]  # fmt: skip
DETAIL_KEYS = [
    "DPJP", "noSEP", "noSRB", "obat", "peserta", "programPRB", "keterangan", "saran", "tglSRB",
]  # fmt: skip
LIST_KEYS = [
    "DPJP", "noSEP", "noSRB", "peserta", "programPRB", "keterangan", "saran", "tglSRB",
]  # fmt: skip


async def diabetic_visit(client: VClaimClient, **changes: str) -> str:
    """An outpatient SEP with diagnosis E11 (a PRB diagnosis: Diabetes Mellitus)."""
    body = bodies.rawat_jalan_first_visit()
    t_sep(body).update({"diagAwal": "E11", **changes})
    reply = await client.insert_sep(body)
    assert reply.code == "200", reply.message
    no_sep: str = reply.payload["sep"]["noSep"]
    return no_sep


def roster_doctor(poli: str) -> str:
    """A DPJP code --strict knows (seed 0)."""
    return next(d.kode for d in referensi.roster(0) if d.poli == poli)


def t_prb(no_sep: str, **changes: Any) -> dict[str, Any]:
    request = {
        "noSep": no_sep,
        "noKartu": CARD,
        "alamat": "Jl. Merdeka No. 1, Padang",
        "email": "pasien@example.com",
        "programPRB": "01",
        "kodeDPJP": bodies.DPJP_INT,
        "keterangan": "Kontrol rutin",
        "saran": "Lanjutkan terapi di FKTP",
        "user": "1234567",
        "obat": [
            {"kdObat": METFORMIN, "signa1": "3", "signa2": "1", "jmlObat": "90"},
            {"kdObat": INSULIN, "signa1": "1", "signa2": "1", "jmlObat": "5"},
        ],
    }
    request.update(changes)
    return {"request": {"t_prb": request}}


async def insert(client: VClaimClient, no_sep: str, **changes: Any) -> Any:
    return await client.call("POST", f"{BASE}/PRB/insert", t_prb(no_sep, **changes))


async def inserted(client: VClaimClient, no_sep: str, **changes: Any) -> str:
    reply = await insert(client, no_sep, **changes)
    assert reply.code == "200", reply.message
    no_srb: str = reply.payload["noSRB"]
    return no_srb


def update_body(no_srb: str, no_sep: str, **changes: Any) -> dict[str, Any]:
    body = t_prb(no_sep, **changes)
    inner = body["request"]["t_prb"]
    for key in ("noKartu", "programPRB"):  # not in the catalogue's update body
        if key not in changes:
            inner.pop(key)
    inner["noSrb"] = no_srb
    return body


def delete_body(no_srb: str, no_sep: str) -> dict[str, Any]:
    return {"request": {"t_prb": {"noSrb": no_srb, "noSep": no_sep, "user": "1234567"}}}


# --- referensi ---------------------------------------------------------------------------------


async def test_diagnosaprb_is_the_catalogue_list_with_its_trailing_spaces(
    client: VClaimClient,
) -> None:
    reply = await client.call("GET", f"{BASE}/referensi/diagnosaprb")

    assert (reply.code, reply.message) == ("200", "Sukses")
    rows = reply.payload["list"]
    assert [r["kode"] for r in rows] == [f"0{n} " for n in range(1, 10)]
    assert rows[0] == {"kode": "01 ", "nama": "Diabetes Mellitus"}
    assert rows[1]["nama"] == "Hypertensi"  # the catalogue's spelling
    assert rows[8]["nama"] == "Systemic Lupus Erythematosus"
    assert all(list(r) == ["kode", "nama"] for r in rows)


async def test_obatprb_finds_by_name_any_case(client: VClaimClient) -> None:
    reply = await client.call("GET", f"{BASE}/referensi/obatprb/metformin")

    assert (reply.code, reply.message) == ("200", "Sukses")
    assert {"kode": METFORMIN, "nama": "Metformin tab 500 mg"} in reply.payload["list"]
    assert all("metformin" in r["nama"].lower() for r in reply.payload["list"])


async def test_obatprb_has_the_catalogue_sample(client: VClaimClient) -> None:
    reply = await client.call("GET", f"{BASE}/referensi/obatprb/Analog%20Insulin")

    assert reply.payload["list"][:2] == [
        {"kode": "00019100017", "nama": "Analog Insulin Long Acting inj 100 UI/ml"},
        {"kode": "00012300016", "nama": "Analog Insulin Mix Acting inj 100 UI/ml"},
    ]


async def test_obatprb_unknown_name_is_no_data(client: VClaimClient) -> None:
    reply = await client.call("GET", f"{BASE}/referensi/obatprb/tidakada")

    assert (reply.code, reply.message) == ("201", messages.NO_DATA.template)
    assert reply.document["response"] is None


def test_every_program_maps_to_icd10_codes_that_exist() -> None:
    from mockvclaim.bpjs import refdata

    for program in prb_data.programs():
        assert program.icd10
        assert all(refdata.diagnosis_name(code) for code in program.icd10), program.nama
    assert prb_data.program_for_diagnosis("E11.9") == prb_data.program("01")
    assert prb_data.program_for_diagnosis("A15") is None


def test_obat_codes_are_unique() -> None:
    codes = [o.kode for o in prb_data.obat_list()]
    assert len(codes) == len(set(codes))


# --- insert ------------------------------------------------------------------------------------


async def test_insert_answers_the_catalogue_shape_encrypted(client: VClaimClient) -> None:
    no_sep = await diabetic_visit(client)
    person = peserta.participant_for(CARD, 0)

    reply = await insert(client, no_sep)

    assert (reply.code, reply.message) == ("200", "Sukses")
    assert isinstance(reply.document["response"], str)  # encrypted
    answer = reply.payload
    assert list(answer) == INSERT_KEYS
    assert answer["noSRB"] == "1000001"
    assert answer["tglSRB"] == "2026-11-27"
    assert answer["programPRB"] == "Diabetes Mellitus"  # the name alone on insert
    assert answer["DPJP"] == {"kode": bodies.DPJP_INT, "nama": dpjp_name(bodies.DPJP_INT, 0)}
    assert answer["obat"] == {
        "list": [
            {"jmlObat": "90", "nmObat": "Metformin tab 500 mg", "signa": "3 x 1"},
            {
                "jmlObat": "5",
                "nmObat": "Analog Insulin Long Acting inj 100 UI/ml",
                "signa": "1 x 1",
            },
        ]
    }
    assert list(answer["peserta"]) == PESERTA_KEYS
    assert answer["peserta"]["asalFaskes"] == {
        "kode": person.prov_umum.kode,
        "nama": person.prov_umum.nama,
    }
    assert answer["peserta"]["noTelepon"] == "081234567801"  # the SEP's noTelp
    assert (answer["peserta"]["nama"], answer["peserta"]["kelamin"]) == (person.nama, person.sex)
    assert answer["peserta"]["alamat"] == "Jl. Merdeka No. 1, Padang"


async def test_srb_numbers_count_per_consumer(client: VClaimClient) -> None:
    first = await inserted(client, await diabetic_visit(client))
    card = "0002802875193"
    second = await inserted(client, await diabetic_visit(client, noKartu=card), noKartu=card)

    other_sep = await diabetic_visit_other(client)
    other = await client.call(
        "POST", f"{BASE}/PRB/insert", t_prb(other_sep, noKartu=CARD), consumer=OTHER_CONSUMER
    )

    assert (first, second) == ("1000001", "1000002")
    assert other.payload["noSRB"] == "1000001"


async def diabetic_visit_other(client: VClaimClient) -> str:
    body = bodies.rawat_jalan_first_visit()
    t_sep(body).update(diagAwal="E11", ppkPelayanan=OTHER_CONSUMER.ppk)
    reply = await client.insert_sep(body, consumer=OTHER_CONSUMER)
    assert reply.code == "200", reply.message
    no_sep: str = reply.payload["sep"]["noSep"]
    return no_sep


async def test_a_sep_gets_one_srb(client: VClaimClient) -> None:
    no_sep = await diabetic_visit(client)
    no_srb = await inserted(client, no_sep)

    again = await insert(client, no_sep)

    assert again.code == "201"
    assert again.message == messages.SEP_HAS_SRB.format(noSep=no_sep, noSrb=no_srb)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"programPRB": "10"}, messages.KODE_NOT_FOUND.format(title="Program PRB", kode="10")),
        (
            {"noKartu": "0001105689835"},
            "No.Kartu 0001105689835 tidak sesuai dengan peserta SEP",
        ),
        ({"obat": []}, "Obat (request.t_prb.obat) tidak boleh kosong"),
        ({"programPRB": "1A"}, "Format Program PRB (request.t_prb.programPRB) tidak sesuai"),
        (
            {"obat": [{"kdObat": METFORMIN, "signa1": "3", "signa2": "1", "jmlObat": "0"}]},
            "Format Jumlah Obat (request.t_prb.obat.0.jmlObat) tidak sesuai",
        ),
    ],
)
async def test_insert_refuses(client: VClaimClient, changes: dict[str, Any], expected: str) -> None:
    no_sep = await diabetic_visit(client)

    reply = await insert(client, no_sep, **changes)

    assert reply.code == "201"
    assert reply.message.startswith(expected)
    assert reply.document["response"] is None


async def test_insert_accepts_the_catalogue_trailing_space_and_numbers(
    client: VClaimClient,
) -> None:
    no_sep = await diabetic_visit(client)
    obat = [{"kdObat": METFORMIN, "signa1": 3, "signa2": 1, "jmlObat": 90}]

    reply = await insert(client, no_sep, programPRB="01 ", obat=obat)

    assert reply.code == "200", reply.message
    assert reply.payload["obat"]["list"][0]["signa"] == "3 x 1"


async def test_insert_needs_an_outpatient_sep_of_this_consumer(client: VClaimClient) -> None:
    body = bodies.rawat_inap()
    inap = await client.insert_sep(body)
    assert inap.code == "200", inap.message
    no_sep_inap = inap.payload["sep"]["noSep"]
    card = t_sep(body)["noKartu"]

    refused = await insert(client, no_sep_inap, noKartu=card)
    unknown = await insert(client, "0301R0111126V999999")

    assert refused.message == messages.PRB_RAJAL_ONLY.format(noSep=no_sep_inap)
    assert unknown.message == messages.SEP_NOT_FOUND.format(noSep="0301R0111126V999999")


async def test_lenient_takes_unknown_drugs_and_doctors_strict_does_not(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    obat = [{"kdObat": "00196999124", "signa1": "1", "signa2": "1", "jmlObat": "10"}]
    changes = {"obat": obat, "kodeDPJP": "99", "user": "Coba Ws"}

    lenient = await insert(client, await diabetic_visit(client), **changes)
    # --strict wants a referral it knows: an IGD visit needs none.
    emergency = bodies.igd()
    t_sep(emergency).update(diagAwal="E11", dpjpLayan=roster_doctor("IGD"))
    inserted_igd = await strict_client.insert_sep(emergency)
    assert inserted_igd.code == "200", inserted_igd.message
    strict_sep = inserted_igd.payload["sep"]["noSep"]
    card = t_sep(emergency)["noKartu"]
    own = {"noKartu": card, "kodeDPJP": roster_doctor("INT")}
    strict_dpjp = await insert(strict_client, strict_sep, **{**own, "kodeDPJP": "99"})
    strict_obat = await insert(strict_client, strict_sep, **own, obat=obat)
    strict_user = await insert(strict_client, strict_sep, **own, user="Coba Ws")
    strict_ok = await insert(strict_client, strict_sep, **own)

    assert lenient.code == "200", lenient.message
    assert lenient.payload["obat"]["list"][0]["nmObat"] == "-"
    assert strict_dpjp.message == messages.DPJP_NOT_FOUND.format(kode="99")
    assert strict_obat.message == messages.KODE_NOT_FOUND.format(
        title="Obat PRB", kode="00196999124"
    )
    assert strict_user.message == "Format Pengguna (request.t_prb.user) tidak sesuai"
    assert strict_ok.code == "200", strict_ok.message


# --- the whole life of an SRB --------------------------------------------------------------------


async def test_insert_get_list_update_delete(client: VClaimClient) -> None:
    no_sep = await diabetic_visit(client)
    no_srb = await inserted(client, no_sep)

    detail = await client.call("GET", f"{BASE}/prb/{no_srb}/nosep/{no_sep}")
    assert (detail.code, detail.message) == ("200", "Sukses")
    prb = detail.payload["prb"]
    assert list(prb) == DETAIL_KEYS
    assert (prb["noSRB"], prb["noSEP"], prb["tglSRB"]) == (no_srb, no_sep, "2026-11-27")
    assert prb["programPRB"] == {"kode": "01 ", "nama": "Diabetes Mellitus"}
    assert prb["obat"]["obat"][0] == {
        "jmlObat": "90",
        "kdObat": METFORMIN,
        "nmObat": "Metformin tab 500 mg",
        "signa1": "3",
        "signa2": "1",
    }
    assert list(prb["peserta"]) == PESERTA_KEYS

    listed = await client.call("GET", f"{BASE}/prb/tglMulai/2026-11-01/tglAkhir/2026-11-30")
    assert (listed.code, listed.message) == ("200", "OK")
    (row,) = listed.payload["prb"]["list"]
    assert list(row) == LIST_KEYS
    assert list(row["peserta"]) == ["alamat", "email", "nama", "noKartu", "noTelepon"]
    assert (row["noSRB"], row["programPRB"]["kode"]) == (no_srb, "01 ")

    obat = [{"kdObat": INSULIN, "signa1": "1", "signa2": "1", "jmlObat": "3"}]
    changed = await client.call(
        "PUT",
        f"{BASE}/PRB/Update",
        update_body(no_srb, no_sep, saran="Diet rendah gula", obat=obat, kodeDPJP="31575"),
    )
    assert (changed.code, changed.message) == ("200", "OK")
    assert isinstance(changed.document["response"], str)
    assert changed.payload == no_srb  # encrypted JSON string

    after = (await client.call("GET", f"{BASE}/prb/{no_srb}/nosep/{no_sep}")).payload["prb"]
    assert after["saran"] == "Diet rendah gula"
    assert after["DPJP"]["kode"] == "31575"
    assert [o["kdObat"] for o in after["obat"]["obat"]] == [INSULIN]
    assert after["programPRB"]["kode"] == "01 "  # update leaves the program alone

    gone = await client.call("DELETE", f"{BASE}/PRB/Delete", delete_body(no_srb, no_sep))
    assert (gone.code, gone.message) == ("200", "OK")
    assert gone.payload == no_srb

    missing = await client.call("GET", f"{BASE}/prb/{no_srb}/nosep/{no_sep}")
    assert missing.message == messages.SRB_NOT_FOUND.format(noSrb=no_srb)
    empty = await client.call("GET", f"{BASE}/prb/tglMulai/2026-11-01/tglAkhir/2026-11-30")
    assert (empty.code, empty.message) == ("201", messages.NO_DATA.template)


async def test_update_can_change_the_program(client: VClaimClient) -> None:
    no_sep = await diabetic_visit(client)
    no_srb = await inserted(client, no_sep)

    await client.call("PUT", f"{BASE}/PRB/Update", update_body(no_srb, no_sep, programPRB="02"))
    detail = await client.call("GET", f"{BASE}/prb/{no_srb}/nosep/{no_sep}")

    assert detail.payload["prb"]["programPRB"] == {"kode": "02 ", "nama": "Hypertensi"}


async def test_srb_must_match_its_sep(client: VClaimClient) -> None:
    no_sep = await diabetic_visit(client)
    no_srb = await inserted(client, no_sep)
    other = "0301R0111126V000099"

    detail = await client.call("GET", f"{BASE}/prb/{no_srb}/nosep/{other}")
    update = await client.call("PUT", f"{BASE}/PRB/Update", update_body(no_srb, other))
    delete = await client.call("DELETE", f"{BASE}/PRB/Delete", delete_body(no_srb, other))
    unknown = await client.call("DELETE", f"{BASE}/PRB/Delete", delete_body("1999999", no_sep))

    expected = messages.SRB_OTHER_SEP.format(noSrb=no_srb, noSep=other)
    assert [detail.message, update.message, delete.message] == [expected] * 3
    assert unknown.message == messages.SRB_NOT_FOUND.format(noSrb="1999999")


async def test_srbs_are_per_consumer(client: VClaimClient) -> None:
    no_sep = await diabetic_visit(client)
    no_srb = await inserted(client, no_sep)

    other = await client.call("GET", f"{BASE}/prb/{no_srb}/nosep/{no_sep}", consumer=OTHER_CONSUMER)

    assert other.message == messages.SRB_NOT_FOUND.format(noSrb=no_srb)


async def test_a_sep_with_an_srb_cannot_be_deleted(client: VClaimClient) -> None:
    no_sep = await diabetic_visit(client)
    no_srb = await inserted(client, no_sep)
    body = {"request": {"t_sep": {"noSep": no_sep, "user": "x"}}}

    refused = await client.call("DELETE", f"{BASE}/SEP/2.0/delete", body)
    await client.call("DELETE", f"{BASE}/PRB/Delete", delete_body(no_srb, no_sep))
    deleted = await client.call("DELETE", f"{BASE}/SEP/2.0/delete", body)

    assert refused.message == messages.SEP_HAS_SRB_DELETE.format(noSep=no_sep, noSrb=no_srb)
    assert (deleted.code, deleted.document["response"]) == ("200", no_sep)


# --- path parameters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("prb/12AB/nosep/0301R0111126V000001", "Format Nomor SRB (noSRB) tidak sesuai"),
        ("prb/1000001/nosep/0301R011", "Format Nomor SEP (noSep) tidak sesuai"),
        ("prb/tglMulai/2026-11-31/tglAkhir/2026-12-01", "Format Tanggal Mulai tidak sesuai"),
        ("prb/tglMulai/2026-11-27/tglAkhir/2026-11-01", messages.RANGE_REVERSED.template),
        ("prb/tglMulai/2026-10-01/tglAkhir/2026-11-02", "Rentang tanggal pencarian maksimal 31"),
        ("prbpotensi/tahun/26/bulan/11", "Format Tahun (tahun) tidak sesuai"),
        ("prbpotensi/tahun/2026/bulan/13", "Format Bulan (bulan) tidak sesuai"),
    ],
)
async def test_bad_path_parameters_answer_201(
    client: VClaimClient, path: str, expected: str
) -> None:
    reply = await client.call("GET", f"{BASE}/{path}")

    assert (reply.status, reply.code) == (200, "201")
    assert reply.message.startswith(expected)


async def test_the_list_takes_exactly_31_days(client: VClaimClient) -> None:
    await inserted(client, await diabetic_visit(client))

    reply = await client.call("GET", f"{BASE}/prb/tglMulai/2026-10-27/tglAkhir/2026-11-27")

    assert reply.code == "200", reply.message


# --- potensi PRB ---------------------------------------------------------------------------------


async def test_potensi_lists_prb_diagnoses_without_an_srb(client: VClaimClient) -> None:
    diabetic = await diabetic_visit(client)
    hypertensive = await diabetic_visit(client, noKartu="0002802875193", diagAwal="I10")
    await diabetic_visit(client, noKartu="0002802875207", diagAwal="A15")  # not PRB
    referred = await diabetic_visit(client, noKartu="0002802875215")
    await inserted(client, referred, noKartu="0002802875215")

    reply = await client.call("GET", f"{BASE}/prbpotensi/tahun/2026/bulan/11")

    assert (reply.code, reply.message) == ("200", "Sukses")
    rows = reply.payload["list"]
    assert [r["NOSEP"] for r in rows] == [diabetic, hypertensive]
    assert list(rows[0]) == [
        "NamaPeserta", "NomorKartu", "NOSEP", "TanggalPelayanan", "DiagnosaPotensiPRB",
        "KategoriPenyakitPRB",
    ]  # fmt: skip
    assert rows[0]["DiagnosaPotensiPRB"].startswith("E11 - ")
    assert rows[0]["KategoriPenyakitPRB"] == "Diabetes Mellitus"
    assert rows[1]["KategoriPenyakitPRB"] == "Hypertensi"
    assert rows[0]["NamaPeserta"] == peserta.participant_for(CARD, 0).nama
    assert rows[0]["TanggalPelayanan"] == "2026-11-27"


async def test_potensi_of_an_empty_month_is_no_data(client: VClaimClient) -> None:
    await diabetic_visit(client)

    reply = await client.call("GET", f"{BASE}/prbpotensi/tahun/2026/bulan/10")

    assert (reply.code, reply.message) == ("201", messages.NO_DATA.template)


async def test_insert_response_decrypts_only_with_the_request_timestamp(
    client: VClaimClient,
) -> None:
    reply = await insert(client, await diabetic_visit(client))
    c = client.consumer

    text = crypto.decrypt_text(reply.document["response"], c.cons_id, c.secret, reply.timestamp)

    assert json.loads(text)["noSRB"] == "1000001"
    with pytest.raises(Exception):  # noqa: B017, PT011 - any failure: another key
        crypto.decrypt_text(reply.document["response"], c.cons_id, c.secret, "1")


async def test_reset_forgets_srbs_and_their_numbers(client: VClaimClient) -> None:
    await inserted(client, await diabetic_visit(client))

    response = await client.http.post("/_mock/reset")
    again = await inserted(client, await diabetic_visit(client))

    assert response.status == 200
    assert again == "1000001"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"obat": "METFORMIN"}, "Daftar Obat (request.t_prb.obat) harus berupa array"),
        ({"obat": [{"kdObat": METFORMIN}]}, "Signa 1 (request.t_prb.obat.0.signa1) tidak boleh"),
        ({"noKartu": "123"}, "Format Nomor Kartu (request.t_prb.noKartu) tidak sesuai"),
        ({"email": "x" * 101}, "Email (request.t_prb.email) maksimal 100 karakter"),
    ],
)
async def test_malformed_bodies_get_an_envelope_naming_the_field(
    client: VClaimClient, changes: dict[str, Any], expected: str
) -> None:
    reply = await insert(client, "0301R0111126V000001", **changes)

    assert (reply.status, reply.code) == (200, "201")
    assert reply.message.startswith(expected)
