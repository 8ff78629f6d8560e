"""The user's way: `python -m mockvclaim serve` in its own process, called by a third-party
VClaim client from PyPI (bpjs-bridging), which decrypts with its own AES + PyPI lzstring."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from bpjs import Bridging

from mockvclaim.config import DEMO_CONS_ID, DEMO_PPK, DEMO_SECRET, DEMO_USER_KEY
from mockvclaim.web.context import WIB
from tests.fixtures import sep_insert_requests as bodies

STARTUP_SECONDS = 30


@dataclass
class Server:
    process: subprocess.Popen[str]
    base_url: str  # with the dev service name, as a SIMRS configures it
    banner: str

    @property
    def root(self) -> str:
        return self.base_url.removesuffix("/vclaim-rest-dev")

    def client(self) -> Any:
        return Bridging(
            {
                "host": self.base_url,
                "consid": DEMO_CONS_ID,
                "secret": DEMO_SECRET,
                "user_key": DEMO_USER_KEY,
            },
            "vclaim",
        )

    def stop(self, signum: int = signal.SIGINT) -> str:
        self.process.send_signal(signum)
        out, _ = self.process.communicate(timeout=STARTUP_SECONDS)
        return out


def start_until_banner(
    command: str, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], str, str]:
    """`mockvclaim COMMAND --port 0 ARGS` as a user starts it: the process, the base URL its
    banner names and the banner, once it says how to stop it."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MOCKVCLAIM_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "mockvclaim", command, "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**clean, **(env or {})},
    )
    assert process.stdout is not None
    lines = []
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("Ctrl-C"):
            banner = "".join(lines)
            match = re.search(r"Base URL\s+(\S+)", banner)
            assert match, banner
            return process, match.group(1), banner
    process.kill()
    raise AssertionError(f"mockvclaim {command} did not start:\n" + "".join(lines))


def start_server(*args: str) -> Server:
    return Server(*start_until_banner("serve", *args))


@pytest.fixture
def server() -> Iterator[Server]:
    running = start_server()
    yield running
    if running.process.poll() is None:
        running.stop()


def jakarta_today() -> str:
    return datetime.now(WIB).date().isoformat()


def test_banner_tells_a_client_everything(server: Server) -> None:
    facts = (DEMO_CONS_ID, DEMO_SECRET, DEMO_USER_KEY, DEMO_PPK, "/_mock/health", "lenient")
    for fact in (*facts, "/antreanrs_dev", "/aplicaresws", "/ihs_dev"):
        assert fact in server.banner


def test_third_party_client_issues_the_catalog_sep_and_decrypts_it(server: Server) -> None:
    result = server.client().request("SEP/2.0/insert", "POST", bodies.catalog_example())

    assert result["metaData"] == {"code": "200", "message": "Sukses"}
    sep = result["response"]["sep"]  # decrypted by bpjs-bridging, not by us
    assert sep["noSep"] == "0301R0110721V000001"
    assert sep["peserta"]["noKartu"] == "0001105689835"
    journal = requests.get(f"{server.root}/_mock/requests?limit=1", timeout=10).json()
    assert journal["requests"][0]["response"] == result["response"]


def test_third_party_client_reads_emoji_and_cjk_intact(server: Server) -> None:
    body = bodies.rawat_jalan_first_visit()
    body["request"]["t_sep"]["tglSep"] = jakarta_today()
    body["request"]["t_sep"]["rujukan"]["tglRujukan"] = jakarta_today()
    body["request"]["t_sep"]["catatan"] = "pasien 😀 李雷 naïve"

    result = server.client().request("SEP/2.0/insert", "POST", body)

    assert result["response"]["sep"]["catatan"] == "pasien 😀 李雷 naïve"


def test_third_party_client_sees_business_errors_as_envelopes(server: Server) -> None:
    body = bodies.rawat_jalan_first_visit()
    body["request"]["t_sep"]["noKartu"] = "0000000000001"

    result = server.client().request("SEP/2.0/insert", "POST", body)

    assert result == {
        "metaData": {"code": "201", "message": "No.Kartu Tidak Sesuai"},
        "response": None,
    }


def test_ctrl_c_stops_cleanly(server: Server) -> None:
    out = server.stop(signal.SIGINT)

    assert server.process.returncode == 0
    assert "mockvclaim stopped." in out
    assert "Traceback" not in out


def test_killed_server_keeps_every_acknowledged_sep(tmp_path: Path) -> None:
    data = str(tmp_path / "state.sqlite")
    first = start_server("--data", data)
    numbers = []
    for index in range(5):
        body = bodies.catalog_example()
        body["request"]["t_sep"]["noKartu"] = f"000110568980{index}"
        numbers.append(
            first.client().request("SEP/2.0/insert", "POST", body)["response"]["sep"]["noSep"]
        )
    first.stop(signal.SIGKILL)  # no clean shutdown at all

    second = start_server("--data", data)
    try:
        again = second.client().request("SEP/2.0/insert", "POST", bodies.catalog_example())
        duplicate = bodies.catalog_example()
        duplicate["request"]["t_sep"]["noKartu"] = "0001105689800"
        blocked = second.client().request("SEP/2.0/insert", "POST", duplicate)
    finally:
        second.stop()

    assert numbers == [f"0301R0110721V{n:06d}" for n in range(1, 6)]
    assert again["response"]["sep"]["noSep"] == "0301R0110721V000006"
    # The first patient is still admitted in the restarted world (E2 names that SEP).
    assert blocked["metaData"]["message"].endswith(numbers[0])


def test_third_party_client_walks_a_simrs_flow_that_agrees_with_itself(server: Server) -> None:
    """Card → referral → DPJP → SEP → read → update → admit → discharge → delete → lists."""
    bpjs = server.client()
    today = jakarta_today()

    def ok(endpoint: str, method: str = "GET", payload: object = None) -> Any:
        result = bpjs.request(endpoint, method, payload)
        assert result["metaData"]["code"] == "200", (endpoint, result["metaData"])
        return result["response"]

    card, referral = next(
        (card, result["response"]["rujukan"])
        for card in (f"00021000{n:05d}" for n in range(100))
        if (result := bpjs.request(f"Rujukan/Peserta/{card}"))["metaData"]["code"] == "200"
    )
    person = ok(f"Peserta/nokartu/{card}/tglSEP/{today}")["peserta"]
    poli = referral["poliRujukan"]["kode"]
    dpjp = ok(f"referensi/dokter/pelayanan/2/tglPelayanan/{today}/Spesialis/{poli}")["list"][0]
    assert referral["peserta"]["noKartu"] == card == person["noKartu"]

    body = bodies.rawat_jalan_first_visit()
    t_sep = body["request"]["t_sep"]
    t_sep.update(
        noKartu=card, tglSep=today, diagAwal=referral["diagnosa"]["kode"], dpjpLayan=dpjp["kode"]
    )
    t_sep["poli"]["tujuan"] = poli
    t_sep["rujukan"].update(
        asalRujukan="1",
        tglRujukan=referral["tglKunjungan"],
        noRujukan=referral["noKunjungan"],
        ppkRujukan=referral["provPerujuk"]["kode"],
    )
    rajal = ok("SEP/2.0/insert", "POST", body)["sep"]
    assert (rajal["peserta"]["nama"], rajal["kdPoli"]) == (person["nama"], poli)

    detail = ok(f"SEP/{rajal['noSep']}")
    assert (detail["noSep"], detail["peserta"]["nama"]) == (rajal["noSep"], person["nama"])
    assert detail["dpjp"]["kdDPJP"] == dpjp["kode"]

    update = {"request": {"t_sep": {"noSep": rajal["noSep"], "catatan": "diperbarui", "user": "t"}}}
    assert bpjs.request("SEP/2.0/update", "PUT", update)["metaData"]["code"] == "200"
    assert ok(f"SEP/{rajal['noSep']}")["catatan"] == "diperbarui"

    inap_body = bodies.rawat_inap()
    inap_body["request"]["t_sep"].update(noKartu=card, tglSep=today)
    inap_body["request"]["t_sep"]["rujukan"]["noRujukan"] = rajal["noSep"]
    inap = ok("SEP/2.0/insert", "POST", inap_body)["sep"]
    blocked = bpjs.request("SEP/2.0/insert", "POST", inap_body)
    assert blocked["metaData"]["message"].endswith(inap["noSep"])  # E2 while admitted

    discharge = {"noSep": inap["noSep"], "statusPulang": "1", "tglPulang": today, "user": "t"}
    pulang = bpjs.request("SEP/2.0/updtglplg", "PUT", {"request": {"t_sep": discharge}})
    assert pulang == {"metaData": {"code": "200", "message": "Ok"}, "response": None}
    again = ok("SEP/2.0/insert", "POST", inap_body)["sep"]  # discharged: no longer blocks

    deleted = bpjs.request(
        "SEP/2.0/delete", "DELETE", {"request": {"t_sep": {"noSep": again["noSep"], "user": "t"}}}
    )
    assert deleted == {"metaData": {"code": "200", "message": "OK"}, "response": again["noSep"]}
    assert bpjs.request(f"SEP/{again['noSep']}")["metaData"]["code"] == "201"

    rajal_list = ok(f"Monitoring/Kunjungan/Tanggal/{today}/JnsPelayanan/2")["sep"]
    ranap_list = ok(f"Monitoring/Kunjungan/Tanggal/{today}/JnsPelayanan/1")["sep"]
    assert [s["noSep"] for s in rajal_list] == [rajal["noSep"]]
    assert [s["noSep"] for s in ranap_list] == [inap["noSep"]]
    assert ok(f"Rujukan/JumlahSEP/1/{referral['noKunjungan']}")["jumlahSEP"] == "1"
