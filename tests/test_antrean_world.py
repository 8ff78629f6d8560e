"""Antrean against the rest of the world: a control visit booked with the surat kontrol
VClaim issued, the journal and inspector view of Antrean calls, and the refusals the main
Antrean test leaves out."""

from __future__ import annotations

from typing import Any

from tests.antrean_client import ANTREAN, NOW_MS, add, jkn_booking, meta, task
from tests.conftest import TODAY, VClaimClient, issue_sep, t_sep
from tests.fixtures import sep_insert_requests as bodies
from tests.test_rencana_kontrol import kontrol


async def _letter(client: VClaimClient) -> tuple[str, str]:
    """A surat kontrol for today after last week's visit: (its number, its card)."""
    body = bodies.rawat_jalan_first_visit()
    t_sep(body)["tglSep"] = "2026-11-20"
    no_sep = await issue_sep(client, body)
    reply = await kontrol(client, no_sep)
    assert reply.code == "200", reply.message
    return reply.payload["noSuratKontrol"], t_sep(body)["noKartu"]


def _kontrol_visit(booking: dict[str, Any], no_surat: str, card: str) -> dict[str, Any]:
    from mockvclaim.bpjs.peserta import participant_for

    nik = participant_for(card, 0).nik
    return booking | {
        "jeniskunjungan": 3, "nomorreferensi": no_surat, "nomorkartu": card, "nik": nik,
    }  # fmt: skip


async def test_a_control_visit_books_with_the_surat_kontrol(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    no_surat, card = await _letter(client)
    booking = _kontrol_visit(jkn_booking(), no_surat, card)
    other_card = jkn_booking()

    assert meta(await add(client, booking))["code"] == 200
    # The letter of another card does not carry this card's visit.
    wrong = other_card | {"kodebooking": "K2", "jeniskunjungan": 3, "nomorreferensi": no_surat}
    assert meta(await add(client, wrong)) == {"code": 201, "message": "Rujukan tidak valid"}
    # A referral number is not a surat kontrol.
    as_referral = booking | {"kodebooking": "K3", "jeniskunjungan": 1}
    assert meta(await add(client, as_referral)) == {"code": 201, "message": "Rujukan tidak valid"}
    # Strict mode's world never issued this letter.
    assert meta(await add(strict_client, booking | {"kodebooking": "K4"}))["code"] == 201


async def test_the_journal_records_antrean_calls_with_their_metadata(client: VClaimClient) -> None:
    body = jkn_booking()
    await add(client, body)
    await client.call("GET", f"{ANTREAN}/ref/poli")
    journal = await client.http.get("/_mock/requests?limit=2")
    entries = (await journal.json())["requests"]

    poli, booked = entries
    assert booked["operation"] == "antrean.add"
    assert booked["metaData"] == {"code": 200, "message": "Ok"}
    assert booked["body"]["kodebooking"] == body["kodebooking"]
    assert poli["operation"] == "antrean.ref_poli"
    assert poli["metaData"]["code"] == 1
    assert isinstance(poli["response"], list)  # shown decrypted, as for VClaim


async def test_more_refusals(client: VClaimClient) -> None:
    body = jkn_booking()
    await add(client, body)
    kb = body["kodebooking"]
    no_booking = {"kodebooking": "NOPE", "jenisresep": "racikan", "nomorantrean": 1}
    checks = [
        ("POST", "antrean/farmasi/add", no_booking, 201, "Kode Booking tidak ditemukan"),
        ("POST", "antrean/batal", {"kodebooking": "NOPE"}, 201, "Kode Booking tidak ditemukan"),
        ("POST", "antrean/getlisttask", {"kodebooking": kb}, 201, "Data Tidak Ditemukan"),
        ("POST", "antrean/farmasi/add", no_booking | {"kodebooking": kb, "jenisresep": "x"},
         201, "jenisresep tidak sesuai"),
        ("POST", "jadwaldokter/updatejadwaldokter",
         {"kodepoli": body["kodepoli"], "kodedokter": 1,
          "jadwal": [{"hari": "1", "buka": "08:00", "tutup": "10:00"}]},
         201, "Data dokter tidak ditemukan."),
        ("POST", "antrean/add", body | {"kodebooking": "N1", "nomorreferensi": None},
         201, "nomorreferensi tidak boleh kosong"),
        ("POST", "antrean/add", body | {"kodebooking": "N2", "nomorkartu": "0000000000003"},
         201, "Status Peserta Meninggal Dunia"),
        ("GET", "ref/pasien/fp/identitas/noka/noidentitas/0000000000001", None, 201,
         "No.Kartu Tidak Sesuai"),
        ("GET", f"dashboard/waktutunggu/tanggal/{TODAY}/waktu/lokal", None, 201, None),
    ]  # fmt: skip
    for method, path, sent, code, message in checks:
        reply = await client.call(method, f"{ANTREAN}/{path}", sent)
        found = meta(reply)
        assert found["code"] == code, (path, found)
        if message is not None:
            assert found["message"] == message, (path, found)
    assert meta(await task(client, kb, 1, "kemarin")) == {
        "code": 201,
        "message": "Format waktu tidak sesuai",
    }
    assert meta(await task(client, kb, 1, NOW_MS))["code"] == 200


async def test_ref_poli_fp_is_a_stable_part_of_ref_poli(client: VClaimClient) -> None:
    polis = {row["kdpoli"] for row in (await client.call("GET", f"{ANTREAN}/ref/poli")).payload}
    first = await client.call("GET", f"{ANTREAN}/ref/poli/fp")
    second = await client.call("GET", f"{ANTREAN}/ref/poli/fp")

    assert meta(first)["code"] == 1
    assert first.payload == second.payload
    assert {row["kodepoli"] for row in first.payload} <= polis


async def test_ref_pasien_fp_by_nik(client: VClaimClient) -> None:
    body = jkn_booking()
    path = f"{ANTREAN}/ref/pasien/fp/identitas/nik/noidentitas/{body['nik']}"
    reply = await client.call("GET", path)

    assert reply.payload["nomorkartu"] == body["nomorkartu"]


async def test_a_runtime_rule_answers_in_the_services_envelope(client: VClaimClient) -> None:
    body = jkn_booking()
    await add(client, body)
    rule: dict[str, Any] = {
        "id": "old-task-wording",
        "operation": "antrean.updatewaktu",
        "when": {"taskid": "4"},
        "respond": {"code": "201", "message": "TaskId=3 tidak ada"},
    }
    added = await client.http.post("/_mock/scenarios", json={"rules": [rule]})
    assert added.status == 201

    refused = await task(client, body["kodebooking"], 4, NOW_MS)
    accepted = await task(client, body["kodebooking"], 3, NOW_MS)
    forced = await client.call(
        "GET", f"{ANTREAN}/ref/poli", headers={**client.headers(), "X-Mock-Scenario": rule["id"]}
    )

    assert refused.document == {"metadata": {"code": 201, "message": "TaskId=3 tidak ada"}}
    assert meta(accepted)["code"] == 200
    assert forced.document == {"metadata": {"code": 201, "message": "TaskId=3 tidak ada"}}


async def test_antrean_schedule_is_vclaims_jadwal_praktek(client: VClaimClient) -> None:
    body = jkn_booking()
    poli = body["kodepoli"]
    antrean = await client.call("GET", f"{ANTREAN}/jadwaldokter/kodepoli/{poli}/tanggal/{TODAY}")
    vclaim = await client.call(
        "GET",
        f"/vclaim-rest/RencanaKontrol/JadwalPraktekDokter/JnsKontrol/2/KdPoli/{poli}"
        f"/TglRencanaKontrol/{TODAY}",
    )

    from_antrean = {(str(r["kodedokter"]), r["jadwal"]) for r in antrean.payload}
    from_vclaim = {(r["kodeDokter"], r["jadwalPraktek"]) for r in vclaim.payload["list"]}
    assert from_antrean == from_vclaim


async def test_jadwaldokter_of_a_poli_the_hospital_lacks_is_201(client: VClaimClient) -> None:
    reply = await client.call("GET", f"{ANTREAN}/jadwaldokter/kodepoli/ZZZ/tanggal/{TODAY}")

    assert meta(reply)["code"] == 201


async def test_icare_reads_a_nik_as_its_participants_card(client: VClaimClient) -> None:
    body = jkn_booking()
    path = "/ihs_dev/api/pcare/validate"
    by_nik = await client.call("POST", path, {"param": body["nik"]})
    by_card = await client.call("POST", path, {"param": body["nomorkartu"]})

    assert by_nik.payload == by_card.payload


async def test_a_payload_rule_answers_in_antreans_envelope(client: VClaimClient) -> None:
    rule = {
        "id": "pinned-poli",
        "operation": "antrean.ref_poli",
        "respond": {"payload": [{"kdpoli": "XYZ", "nmpoli": "PINNED"}]},
    }
    added = await client.http.post("/_mock/scenarios", json={"rules": [rule]})
    assert added.status == 201

    reply = await client.call("GET", f"{ANTREAN}/ref/poli")

    assert set(reply.document) == {"metadata", "response"}
    assert meta(reply) == {"code": 1, "message": "OK"}
    assert reply.payload == [{"kdpoli": "XYZ", "nmpoli": "PINNED"}]
