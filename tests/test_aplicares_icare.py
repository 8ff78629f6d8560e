"""Aplicares (room classes, beds per consumer and PPK, code 1 and totalitems, plain) and
i-Care validate (camel metaData, numeric 200, encrypted url) on the wire."""

from __future__ import annotations

from mockvclaim.bpjs.vclaim import referensi
from tests.antrean_client import APLICARES, ICARE, jkn_booking, meta
from tests.conftest import CONSUMER, OTHER_CONSUMER, VClaimClient

PPK = CONSUMER.ppk
ROOM = {
    "kodekelas": "VIP",
    "koderuang": "RG01",
    "namaruang": "Ruang Anggrek VIP",
    "kapasitas": "20",
    "tersedia": "10",
    "tersediapria": "0",
    "tersediawanita": "0",
    "tersediapriawanita": "0",
}


async def test_ref_kelas_is_plain_with_totalitems(client: VClaimClient) -> None:
    reply = await client.call("GET", f"{APLICARES}/ref/kelas")

    rows = reply.document["response"]["list"]
    assert meta(reply) == {"code": 1, "message": "OK", "totalitems": len(rows)}
    assert {"kodekelas": "VVP", "namakelas": "VVIP"} in rows
    assert len(rows) == 16


async def test_bed_create_read_update_delete(client: VClaimClient) -> None:
    created = await client.call("POST", f"{APLICARES}/bed/create/{PPK}", ROOM)
    again = await client.call("POST", f"{APLICARES}/bed/create/{PPK}", ROOM)
    second = ROOM | {"koderuang": "RG02", "kapasitas": 4, "tersedia": 1}
    await client.call("POST", f"{APLICARES}/bed/create/{PPK}", second)
    updated = await client.call("PUT", f"{APLICARES}/bed/update/{PPK}", ROOM | {"tersedia": "3"})
    page = await client.call("GET", f"{APLICARES}/bed/read/{PPK}/2/5")
    everything = await client.call("GET", f"{APLICARES}/bed/read/{PPK}/1/10")
    other = await client.call("GET", f"{APLICARES}/bed/read/{PPK}/1/10", consumer=OTHER_CONSUMER)
    deleted = await client.call(
        "POST", f"{APLICARES}/bed/delete/{PPK}", {"kodekelas": "VIP", "koderuang": "RG01"}
    )
    gone = await client.call(
        "DELETE", f"{APLICARES}/bed/delete/{PPK}", {"kodekelas": "VIP", "koderuang": "RG01"}
    )
    missing = await client.call("POST", f"{APLICARES}/bed/update/{PPK}", ROOM)

    assert created.document == {"metadata": {"code": 1, "message": "Data berhasil disimpan."}}
    assert again.document == {"metadata": {"code": 0, "message": "Data sudah ada."}}
    assert updated.document == {"metadata": {"code": 1, "message": "Data berhasil diupdate."}}
    [row] = page.document["response"]["list"]
    assert (row["koderuang"], row["rownumber"], row["kapasitas"]) == ("RG02", 2, "4")
    assert meta(page)["totalitems"] == 1
    rows = everything.document["response"]["list"]
    assert [(r["koderuang"], r["tersedia"]) for r in rows] == [("RG01", "3"), ("RG02", "1")]
    assert rows[0]["lastupdate"] == "2026-11-27 10:00:00"
    assert other.document["response"]["list"] == []
    assert deleted.document == {"metadata": {"code": 1, "message": "Data berhasil dihapus."}}
    assert gone.document == {"metadata": {"code": 0, "message": "Data tidak ada di database."}}
    assert missing.document == {"metadata": {"code": 0, "message": "Data tidak ada di database."}}


async def test_unknown_room_class_is_refused(client: VClaimClient) -> None:
    reply = await client.call("POST", f"{APLICARES}/bed/create/{PPK}", ROOM | {"kodekelas": "X"})

    assert reply.document == {"metadata": {"code": 0, "message": "Kode kelas X tidak ditemukan"}}


async def test_aplicares_without_user_key_lenient_but_not_strict(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    headers = {k: v for k, v in client.headers().items() if k != "user_key"}

    lenient = await client.call("GET", f"{APLICARES}/ref/kelas", headers=headers)
    strict = await strict_client.call("GET", f"{APLICARES}/ref/kelas", headers=headers)

    assert meta(lenient)["code"] == 1
    assert (strict.status, strict.raw) == (403, b"Authentication parameters missing")


async def test_strict_refuses_another_ppk(strict_client: VClaimClient) -> None:
    reply = await strict_client.call("POST", f"{APLICARES}/bed/create/0902R002", ROOM)

    assert reply.document == {"metadata": {"code": 0, "message": "Kode PPK tidak sesuai"}}


async def test_icare_rs_validate_answers_an_encrypted_url(client: VClaimClient) -> None:
    card = jkn_booking()["nomorkartu"]
    doctor = int(referensi.roster(0)[0].kode)
    body = {"param": card, "kodedokter": doctor}
    reply = await client.call("POST", f"{ICARE}/api/rs/validate", body)
    again = await client.call("POST", "/wsihs/api/rs/validate", body)

    assert reply.document["metaData"] == {"code": 200, "message": "Sukses"}
    assert "?token=" in reply.payload["url"]
    assert reply.payload == again.payload


async def test_icare_refusals(client: VClaimClient) -> None:
    card = jkn_booking()["nomorkartu"]
    no_card = await client.call(
        "POST", f"{ICARE}/api/rs/validate", {"param": "0000000000001", "kodedokter": 1}
    )
    no_doctor = await client.call(
        "POST", f"{ICARE}/api/rs/validate", {"param": card, "kodedokter": 1}
    )
    pcare = await client.call("POST", f"{ICARE}/api/pcare/validate", {"param": card})

    assert no_card.document == {
        "metaData": {"code": 201, "message": "Peserta tidak ditemukan"},
        "response": None,
    }
    assert no_doctor.document["metaData"] == {"code": 201, "message": "Dokter tidak ditemukan"}
    assert "?token=" in pcare.payload["url"]
