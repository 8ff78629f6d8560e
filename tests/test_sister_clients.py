"""A client's-eye test of Antrean RS, Aplicares and i-Care: `python -m mockvclaim serve` in
its own process, called by bpjs-bridging from PyPI (it implements all three beside VClaim)
with its own signature, AES and PyPI lzstring; and a SIMRS visit end to end: rujukan ->
antrean/add with that referral -> task ids 1-5 -> SEP insert -> task ids 6-7 -> the
dashboard shows the waits."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import requests
from bpjs import Bridging

from mockvclaim.config import DEMO_CONS_ID, DEMO_PPK, DEMO_SECRET, DEMO_USER_KEY
from mockvclaim.protocol import crypto
from mockvclaim.web.context import WIB
from tests.antrean_client import jkn_booking
from tests.fixtures import sep_insert_requests as bodies
from tests.test_real_client import Server, start_server

MINUTE = 60_000


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = start_server()
    yield running
    if running.process.poll() is None:
        running.stop()


def client(server: Server, service: str, base: str) -> Any:
    config = {
        "host": f"{server.root}/{base}",
        "consid": DEMO_CONS_ID,
        "secret": DEMO_SECRET,
        "user_key": DEMO_USER_KEY,
    }
    return Bridging(config, service)


def test_bpjs_bridging_decrypts_antrean_ref_poli(server: Server) -> None:
    result = client(server, "antrean", "antreanrs_dev").request("ref/poli")

    assert result["metaData"] == {"code": 1, "message": "OK"}
    assert isinstance(result["response"], list)
    assert {"kdpoli", "kdsubspesialis"} <= set(result["response"][0])


def test_bpjs_bridging_manages_aplicares_beds(server: Server) -> None:
    # bpjs-bridging sends Aplicares no user_key, as old clients do: lenient mode takes it.
    beds = client(server, "aplicare", "aplicaresws")
    room = {"kodekelas": "KL3", "koderuang": "MELATI", "namaruang": "Melati", "kapasitas": "8",
            "tersedia": "2", "tersediapria": "0", "tersediawanita": "0",
            "tersediapriawanita": "0"}  # fmt: skip
    created = beds.request(f"rest/bed/create/{DEMO_PPK}", "POST", room)
    read = beds.request(f"rest/bed/read/{DEMO_PPK}/1/10")
    kelas = beds.request("rest/ref/kelas")

    assert created["metaData"] == {"code": 1, "message": "Data berhasil disimpan."}
    assert [r["koderuang"] for r in read["response"]["list"]] == ["MELATI"]
    assert len(kelas["response"]["list"]) == 16


def test_bpjs_bridging_decrypts_the_icare_url(server: Server) -> None:
    today = datetime.now(WIB).date()
    card = jkn_booking(today=today)["nomorkartu"]
    result = client(server, "icare", "wsihs").request("api/pcare/validate", "POST", {"param": card})

    assert result["metaData"] == {"code": 200, "message": "Sukses"}
    assert "?token=" in result["response"]["url"]


def test_simrs_visit_end_to_end(server: Server) -> None:
    vclaim = client(server, "vclaim", "vclaim-rest-dev")
    antrean = client(server, "antrean", "antreanrs_dev")
    today = datetime.now(WIB).date()
    booking = jkn_booking("FLOW-1", today=today)
    card = booking["nomorkartu"]

    # 1. The referral, as the SIMRS reads it from VClaim.
    found = vclaim.request(f"Rujukan/List/Peserta/{card}")
    rujukan = next(
        r for r in found["response"]["rujukan"] if r["noKunjungan"] == booking["nomorreferensi"]
    )
    # 2. The booking with that referral.
    assert antrean.request("antrean/add", "POST", booking)["metaData"]["code"] == 200
    # 3. Task ids 1-5, minutes apart, as the admission desk and the clinic record them.
    start = int(time.time() * 1000) - 90 * MINUTE
    minutes = {1: 0, 2: 4, 3: 10, 4: 40, 5: 55, 6: 60, 7: 75}

    def send(taskid: int) -> Any:
        waktu = start + minutes[taskid] * MINUTE
        body = {"kodebooking": "FLOW-1", "taskid": taskid, "waktu": waktu}
        return antrean.request("antrean/updatewaktu", "POST", body)["metaData"]

    for taskid in range(1, 6):
        assert send(taskid) == {"code": 200, "message": "Ok"}, taskid
    assert send(5) == {"code": 208, "message": "TaskId=5 sudah ada"}
    # 4. The SEP for the same visit: same card, referral, poli and doctor.
    sep = bodies.rawat_jalan_first_visit()
    t_sep = sep["request"]["t_sep"]
    t_sep |= {"noKartu": card, "tglSep": today.isoformat(), "dpjpLayan": str(booking["kodedokter"])}
    t_sep["rujukan"] |= {
        "noRujukan": rujukan["noKunjungan"],
        "tglRujukan": rujukan["tglKunjungan"],
        "ppkRujukan": rujukan["provPerujuk"]["kode"],
    }
    t_sep["poli"]["tujuan"] = booking["kodepoli"]
    t_sep["diagAwal"] = rujukan["diagnosa"]["kode"]
    issued = vclaim.request("SEP/2.0/insert", "POST", sep)
    assert issued["metaData"]["code"] == "200", issued["metaData"]
    assert issued["response"]["sep"]["peserta"]["noKartu"] == card
    # 5. The pharmacy: task ids 6 and 7.
    assert send(6)["code"] == 200
    assert send(7)["code"] == 200
    tasks = antrean.request("antrean/getlisttask", "POST", {"kodebooking": "FLOW-1"})
    assert [t["taskid"] for t in tasks["response"]] == [1, 2, 3, 4, 5, 6, 7]
    # 6. The dashboard. Its answer is plain JSON, which bpjs-bridging would try to decrypt
    # (docs/antrean-aplicares.md §1.3), so it is read the way any HTTP client reads it.
    timestamp = str(int(time.time()))
    headers = crypto.signed_headers(DEMO_CONS_ID, DEMO_SECRET, DEMO_USER_KEY, timestamp)
    url = f"{server.root}/antreanrs_dev/dashboard/waktutunggu/tanggal/{today}/waktu/rs"
    dashboard = requests.get(url, headers=headers, timeout=10).json()
    [row] = [r for r in dashboard["response"]["list"] if r["kodepoli"] == booking["kodepoli"]]
    waits = [row[f"waktu_task{k}"] for k in range(1, 7)]
    assert waits == [240, 360, 1800, 900, 300, 900]
    assert row["jumlah_antrean"] == 1
