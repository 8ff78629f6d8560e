"""Antrean RS on the wire: envelopes, reference data, schedules, antrean/add's rules, the
task-id order with the real texts, batal, the lists and the dashboard."""

from __future__ import annotations

from dataclasses import replace

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from mockvclaim.config import Consumer, Settings
from mockvclaim.web.app import create_app
from tests.antrean_client import ANTREAN, NOW_MS, add, jkn_booking, meta, task
from tests.conftest import CONSUMER, NOW, OTHER_CONSUMER, TODAY, VClaimClient

MINUTE = 60_000


async def test_ref_poli_answers_code_1_and_an_encrypted_bare_array(client: VClaimClient) -> None:
    reply = await client.call("GET", f"{ANTREAN}/ref/poli")

    assert meta(reply) == {"code": 1, "message": "OK"}
    rows = reply.payload
    assert isinstance(rows, list)
    assert rows
    assert set(rows[0]) == {"nmpoli", "nmsubspesialis", "kdsubspesialis", "kdpoli"}


async def test_ref_dokter_codes_are_numbers(client: VClaimClient) -> None:
    reply = await client.call("GET", "/antreanrs/ref/dokter")

    assert meta(reply)["code"] == 1
    assert all(isinstance(row["kodedokter"], int) for row in reply.payload)


async def test_ref_pasien_fp_is_the_vclaim_participant(client: VClaimClient) -> None:
    body = jkn_booking()
    path = f"{ANTREAN}/ref/pasien/fp/identitas/noka/noidentitas/{body['nomorkartu']}"
    reply = await client.call("GET", path)

    assert meta(reply)["code"] == 1
    assert reply.payload["nik"] == body["nik"]
    assert reply.payload["daftarfp"] in (0, 1)


async def test_jadwaldokter_is_stable_and_shows_the_booking_session(client: VClaimClient) -> None:
    body = jkn_booking()
    path = f"{ANTREAN}/jadwaldokter/kodepoli/{body['kodepoli']}/tanggal/{TODAY}"
    first, second = await client.call("GET", path), await client.call("GET", path)

    assert meta(first) == {"code": 200, "message": "Ok"}
    assert first.payload == second.payload
    sessions = {(r["kodedokter"], r["jadwal"].replace(" ", "")) for r in first.payload}
    assert (body["kodedokter"], body["jampraktek"]) in sessions
    assert first.payload[0]["namahari"] == "JUMAT"


async def test_jadwaldokter_without_sessions_is_201(client: VClaimClient) -> None:
    sunday = "2026-11-29"
    reply = await client.call("GET", f"{ANTREAN}/jadwaldokter/kodepoli/INT/tanggal/{sunday}")

    assert meta(reply) == {"code": 201, "message": "Jadwal dokter tidak ditemukan"}
    assert "response" not in reply.document


async def test_updatejadwaldokter_applies_from_tomorrow(client: VClaimClient) -> None:
    body = jkn_booking()
    change = {
        "kodepoli": body["kodepoli"],
        "kodesubspesialis": body["kodepoli"],
        "kodedokter": body["kodedokter"],
        "jadwal": [{"hari": "7", "buka": "08:00", "tutup": "10:00"}],
    }
    reply = await client.call("POST", f"{ANTREAN}/jadwaldokter/updatejadwaldokter", change)
    sunday = await client.call(
        "GET", f"{ANTREAN}/jadwaldokter/kodepoli/{body['kodepoli']}/tanggal/2026-11-29"
    )
    today = await client.call(
        "GET", f"{ANTREAN}/jadwaldokter/kodepoli/{body['kodepoli']}/tanggal/{TODAY}"
    )

    assert reply.document == {"metadata": {"code": 200, "message": "Ok"}}
    assert [(r["kodedokter"], r["jadwal"]) for r in sunday.payload] == [
        (body["kodedokter"], "08:00 - 10:00")
    ]
    assert body["kodedokter"] in {r["kodedokter"] for r in today.payload}


async def test_updatejadwaldokter_refuses_a_closed_before_open_session(
    client: VClaimClient,
) -> None:
    body = jkn_booking()
    change = {
        "kodepoli": body["kodepoli"],
        "kodedokter": body["kodedokter"],
        "jadwal": [{"hari": "1", "buka": "10:00", "tutup": "08:00"}],
    }
    reply = await client.call("POST", f"{ANTREAN}/jadwaldokter/updatejadwaldokter", change)

    assert meta(reply) == {"code": 201, "message": "Format jadwal tidak sesuai"}


async def test_add_answers_metadata_only_then_208_for_the_same_kodebooking(
    client: VClaimClient,
) -> None:
    body = jkn_booking()
    first = await add(client, body)
    again = await add(client, body)

    assert first.document == {"metadata": {"code": 200, "message": "Ok"}}
    assert again.document == {
        "metadata": {"code": 208, "message": "Terdapat duplikasi Kode Booking"}
    }


async def test_add_accepts_numbers_as_strings_and_spaced_jampraktek(client: VClaimClient) -> None:
    body = jkn_booking()
    start, end = body["jampraktek"].split("-")
    body |= {"kodedokter": str(body["kodedokter"]), "jeniskunjungan": "1"}
    body["jampraktek"] = f"{start} - {end}"

    assert meta(await add(client, body))["code"] == 200


async def test_add_refusals(client: VClaimClient) -> None:
    body = jkn_booking()
    nik_wrong = f"NIK 3212345678987654 tidak sesuai dengan No.Kartu {body['nomorkartu']}"
    cases: list[tuple[dict[str, object], str | None]] = [
        ({"tanggalperiksa": "2026-11-26"}, "Tanggal Periksa tidak berlaku mundur"),
        ({"kodepoli": "ZZZ"}, "Poli ZZZ tidak ditemukan"),
        ({"kodedokter": 1}, "Data dokter tidak ditemukan."),
        ({"jampraktek": "00:00-00:30"}, "Jadwal dokter tidak ditemukan"),
        ({"nik": "3212345678987654"}, nik_wrong),
        ({"nomorkartu": "0000000000001"}, "No.Kartu Tidak Sesuai"),
        ({"nomorkartu": "0000000000002"}, "Status Peserta Tidak Aktif"),
        ({"sisakuotajkn": 31}, "Sisa kuota tidak boleh melebihi kuota"),
        ({"jenispasien": "BPJS"}, None),
        ({"kodebooking": None}, None),
    ]  # fmt: skip
    for change, message in cases:
        reply = await add(client, body | change)
        found = meta(reply)
        assert found["code"] == 201, (change, found)
        if message is not None:
            assert found["message"] == message, change
        assert "response" not in reply.document


async def test_add_refuses_a_referral_of_another_card(client: VClaimClient) -> None:
    mine, other = jkn_booking("B1"), jkn_booking("B2", skip=1)
    assert mine["nomorreferensi"] != other["nomorreferensi"]
    reply = await add(client, mine | {"nomorreferensi": other["nomorreferensi"]})

    assert meta(reply) == {"code": 201, "message": "Rujukan tidak valid"}


async def test_unknown_referral_is_lenient_but_strict_refuses(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    body = jkn_booking() | {"nomorreferensi": "0301U0011126P000999"}

    assert meta(await add(client, body))["code"] == 200
    assert meta(await add(strict_client, body)) == {"code": 201, "message": "Rujukan tidak valid"}


async def test_quota_full_refuses_the_next_jkn_booking(client: VClaimClient) -> None:
    body = jkn_booking()
    path = f"{ANTREAN}/jadwaldokter/kodepoli/{body['kodepoli']}/tanggal/{TODAY}"
    rows = (await client.call("GET", path)).payload
    kapasitas = next(r["kapasitaspasien"] for r in rows if r["kodedokter"] == body["kodedokter"])
    jkn_share = kapasitas - kapasitas // 5
    for index in range(jkn_share):
        assert meta(await add(client, body | {"kodebooking": f"Q{index}"}))["code"] == 200
    reply = await add(client, body | {"kodebooking": "Q-over"})

    assert meta(reply)["code"] == 201
    assert meta(reply)["message"].startswith("Kuota JKN untuk jadwal")


async def test_non_jkn_needs_no_card_or_referral(client: VClaimClient) -> None:
    body = jkn_booking() | {"jenispasien": "NON JKN", "nomorkartu": "", "nomorreferensi": ""}

    assert meta(await add(client, body))["code"] == 200


async def test_task_order_rules_with_the_real_texts(client: VClaimClient) -> None:
    body = jkn_booking()
    assert meta(await add(client, body))["code"] == 200
    kb = body["kodebooking"]
    t = NOW_MS

    async def send(taskid: object, waktu: object) -> dict[str, object]:
        return meta(await task(client, kb, taskid, waktu))

    assert await send(2, t) == {
        "code": 201,
        "message": "TaskId=2 tidak valid / TaskId sebelumnya belum terkirim",
    }
    assert await send(4, t) == {
        "code": 201,
        "message": "TaskId=4 tidak valid / TaskId sebelumnya belum terkirim",
    }
    assert await send(5, t) == {"code": 201, "message": "TaskId=3 belum ada"}
    assert await send(8, t) == {"code": 201, "message": "TaskId=8 tidak valid"}
    assert await send("1", str(t)) == {"code": 200, "message": "Ok"}
    assert await send(1, t) == {"code": 208, "message": "TaskId=1 sudah ada"}
    assert await send(3, t + MINUTE) == {"code": 201, "message": "Task=1 ada. TaskId=2 belum ada"}
    assert await send(2, t - MINUTE) == {
        "code": 201,
        "message": "waktu TaskId=2 tidak boleh kurang dari waktu TaskId sebelumnya",
    }
    assert await send(2, t + MINUTE) == {"code": 200, "message": "Ok"}
    assert await send(99, t + 2 * MINUTE) == {"code": 200, "message": "Ok"}
    assert await send(3, t + 3 * MINUTE) == {"code": 201, "message": "TaskId terakhir 99"}
    assert await send(99, t + 3 * MINUTE) == {"code": 208, "message": "TaskId=99 sudah ada"}
    unknown = meta(await task(client, "NOPE", 1, t))
    assert unknown == {"code": 201, "message": "Kode Booking tidak ditemukan"}  # fmt: skip


async def test_returning_patient_starts_at_3(client: VClaimClient) -> None:
    body = jkn_booking()
    await add(client, body)

    assert meta(await task(client, body["kodebooking"], 3, NOW_MS))["code"] == 200
    assert meta(await task(client, body["kodebooking"], 4, NOW_MS + MINUTE))["code"] == 200


async def test_batal_closes_the_booking_but_99_is_still_taken(client: VClaimClient) -> None:
    body = jkn_booking()
    await add(client, body)
    batal = {"kodebooking": body["kodebooking"], "keterangan": "jadwal berubah"}
    first = await client.call("POST", f"{ANTREAN}/antrean/batal", batal)
    second = await client.call("POST", f"{ANTREAN}/antrean/batal", batal)

    assert first.document == {"metadata": {"code": 200, "message": "Ok"}}
    assert meta(second) == {"code": 201, "message": "Antrean sudah dibatalkan"}
    assert (
        meta(await task(client, body["kodebooking"], 3, NOW_MS))["message"] == "TaskId terakhir 99"
    )
    assert meta(await task(client, body["kodebooking"], 99, NOW_MS))["code"] == 200


async def test_getlisttask_shows_rs_and_server_times_in_wib(client: VClaimClient) -> None:
    body = jkn_booking()
    await add(client, body)
    rs_time = NOW_MS - 30 * MINUTE
    await task(client, body["kodebooking"], 3, rs_time)
    reply = await client.call(
        "POST", f"{ANTREAN}/antrean/getlisttask", {"kodebooking": body["kodebooking"]}
    )

    assert meta(reply) == {"code": 200, "message": "OK"}
    assert reply.payload == [
        {
            "wakturs": "27-11-2026 09:30:00 WIB",
            "waktu": "27-11-2026 10:00:00 WIB",
            "taskname": "akhir waktu layan admisi/mulai waktu tunggu poli",
            "taskid": 3,
            "kodebooking": body["kodebooking"],
        }
    ]


async def test_farmasi_add_once(client: VClaimClient) -> None:
    body = jkn_booking()
    await add(client, body)
    farmasi = {"kodebooking": body["kodebooking"], "jenisresep": "Racikan", "nomorantrean": "1"}
    first = await client.call("POST", f"{ANTREAN}/antrean/farmasi/add", farmasi)
    second = await client.call("POST", f"{ANTREAN}/antrean/farmasi/add", farmasi)

    assert first.document == {"metadata": {"code": 200, "message": "Ok"}}
    assert meta(second) == {"code": 208, "message": "Antrean farmasi sudah ada"}


async def test_pendaftaran_lists_show_status_from_the_tasks(client: VClaimClient) -> None:
    body = jkn_booking()
    await add(client, body)
    kb = body["kodebooking"]
    by_code = await client.call("GET", f"{ANTREAN}/antrean/pendaftaran/kodebooking/{kb}")
    await task(client, kb, 3, NOW_MS)
    await task(client, kb, 4, NOW_MS + MINUTE)
    by_date = await client.call("GET", f"{ANTREAN}/antrean/pendaftaran/tanggal/{TODAY}")
    aktif = await client.call("GET", f"{ANTREAN}/antrean/pendaftaran/aktif")
    weekday = TODAY.isoweekday()
    by_session = await client.call(
        "GET",
        f"{ANTREAN}/antrean/pendaftaran/kodepoli/{body['kodepoli']}/kodedokter/"
        f"{body['kodedokter']}/hari/{weekday}/jampraktek/{body['jampraktek']}",
    )
    empty = await client.call("GET", f"{ANTREAN}/antrean/pendaftaran/tanggal/2026-12-01")

    [booking] = by_code.payload
    assert booking["status"] == "Belum dilayani"
    assert booking["ispeserta"] is True
    assert booking["nokapst"] == body["nomorkartu"]
    assert [b["status"] for b in by_date.payload] == ["Sedang dilayani"]
    assert [b["kodebooking"] for b in aktif.payload] == [kb]
    assert [b["kodebooking"] for b in by_session.payload] == [kb]
    assert meta(empty) == {"code": 204, "message": "Data Tidak Ditemukan"}


async def test_dashboard_is_plain_and_computed_from_the_sent_times(client: VClaimClient) -> None:
    body = jkn_booking()
    await add(client, body)
    for taskid, minutes in ((1, 0), (2, 5), (3, 15), (4, 45), (5, 60)):
        await task(client, body["kodebooking"], taskid, NOW_MS + minutes * MINUTE)
    day = await client.call("GET", f"{ANTREAN}/dashboard/waktutunggu/tanggal/{TODAY}/waktu/rs")
    month = await client.call(
        "GET", f"{ANTREAN}/dashboard/waktutunggu/bulan/11/tahun/2026/waktu/rs"
    )
    server = await client.call(
        "GET", f"{ANTREAN}/dashboard/waktutunggu/tanggal/{TODAY}/waktu/server"
    )

    assert meta(day) == {"code": 200, "message": "OK"}
    [row] = day.document["response"]["list"]
    assert (row["kodepoli"], row["jumlah_antrean"]) == (body["kodepoli"], 1)
    assert [row[f"waktu_task{k}"] for k in range(1, 7)] == [300, 600, 1800, 900, 0, 0]
    assert row["avg_waktu_task3"] == 1800
    assert month.document["response"]["list"][0]["waktu_task3"] == 1800
    # The test clock stands still: the server received every task at the same instant.
    assert server.document["response"]["list"][0]["waktu_task3"] == 0


async def test_a_scenario_rule_and_a_test_card_act_on_antrean(
    instant_client: VClaimClient,
) -> None:
    body = jkn_booking() | {"nomorkartu": "0000000000009"}
    reply = await add(instant_client, body)

    assert (reply.status, reply.raw) == (403, b"Authentication failed")


async def _client_with(aiohttp_client: AiohttpClient, consumer: Consumer) -> TestClient:  # type: ignore[type-arg]
    app = create_app(Settings(consumers=(consumer, OTHER_CONSUMER)), clock=lambda: NOW)
    return await aiohttp_client(app)


async def test_antrean_user_key_is_its_own_when_configured(aiohttp_client: AiohttpClient) -> None:
    consumer = replace(CONSUMER, user_keys={"antrean": "uk-antrean", "aplicares": "uk-bed"})
    client = VClaimClient(await _client_with(aiohttp_client, consumer), consumer)
    own = replace(consumer, user_key="uk-antrean")
    bed = replace(consumer, user_key="uk-bed")

    vclaim_key = await client.call("GET", f"{ANTREAN}/ref/poli")
    antrean_key = await client.call("GET", f"{ANTREAN}/ref/poli", consumer=own)
    antrean_on_vclaim = await client.call("GET", "/vclaim-rest/referensi/propinsi", consumer=own)
    vclaim_on_aplicares = await client.call("GET", "/aplicaresws/rest/ref/kelas")
    aplicares_key = await client.call("GET", "/aplicaresws/rest/ref/kelas", consumer=bed)
    aplicares_on_antrean = await client.call("GET", f"{ANTREAN}/ref/poli", consumer=bed)

    assert (vclaim_key.status, vclaim_key.raw) == (403, b"Authentication failed")
    assert meta(antrean_key)["code"] == 1
    assert antrean_on_vclaim.status == 403
    assert meta(vclaim_on_aplicares)["code"] == 1
    assert meta(aplicares_key)["code"] == 1
    assert aplicares_on_antrean.status == 403


async def test_bad_signature_uses_the_services_spelling(client: VClaimClient) -> None:
    headers = {**client.headers(), "X-signature": "AAAA"}
    reply = await client.call("GET", f"{ANTREAN}/ref/poli", headers=headers)

    assert reply.document == {
        "metadata": {"code": 201, "message": "Signature Service Tidak Sesuai"}
    }
