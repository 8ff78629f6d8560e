"""Where a patient can go next: Rujukan/ListSpesialistik, Rujukan/ListSarana,
RencanaKontrol/ListSpesialistik and RencanaKontrol/JadwalPraktekDokter."""

from __future__ import annotations

import re
from datetime import date

import pytest

from mockvclaim.bpjs.vclaim import kapasitas, referensi
from mockvclaim.protocol import messages
from tests.conftest import VClaimClient, issue_sep
from tests.fixtures import sep_insert_requests as bodies
from tests.test_rujukan_keluar import CARD, TARGET, referral_number

BASE = "/vclaim-rest-dev"
RUJ = f"{BASE}/Rujukan"
RK = f"{BASE}/RencanaKontrol"
FRIDAY, SUNDAY = date(2026, 11, 27), date(2026, 11, 29)


async def test_rujukan_spesialistik_has_the_catalogue_shape(client: VClaimClient) -> None:
    reply = await client.call(
        "GET", f"{RUJ}/ListSpesialistik/PPKRujukan/{TARGET}/TglRujukan/2026-11-30"
    )

    assert (reply.code, reply.message) == ("200", "Ok")
    rows = reply.payload["list"]
    assert [list(row) for row in rows] == [
        ["kodeSpesialis", "namaSpesialis", "kapasitas", "jumlahRujukan", "persentase"]
    ] * len(rows)
    codes = [row["kodeSpesialis"] for row in rows]
    assert codes == list(kapasitas.poli_layanan(TARGET, 0))
    assert {"INT", "PAR", "ANA"} <= set(codes)
    assert all(row["jumlahRujukan"] == "0" and row["persentase"] == "0,00" for row in rows)
    paru = next(row for row in rows if row["kodeSpesialis"] == "PAR")
    assert paru["namaSpesialis"] == "PARU"
    assert paru["kapasitas"] == str(kapasitas.kapasitas(TARGET, "PAR", date(2026, 11, 30), 0))


async def test_rujukan_spesialistik_counts_planned_referrals(client: VClaimClient) -> None:
    no_sep = await issue_sep(client)
    await referral_number(client, no_sep)  # PAR at TARGET, visit planned 2026-11-30
    await referral_number(client, no_sep)

    reply = await client.call(
        "GET", f"{RUJ}/ListSpesialistik/PPKRujukan/{TARGET}/TglRujukan/2026-11-30"
    )
    other_day = await client.call(
        "GET", f"{RUJ}/ListSpesialistik/PPKRujukan/{TARGET}/TglRujukan/2026-11-27"
    )

    paru = next(row for row in reply.payload["list"] if row["kodeSpesialis"] == "PAR")
    kap = int(paru["kapasitas"])
    assert paru["jumlahRujukan"] == "2"
    assert paru["persentase"] == f"{200 / kap:.2f}".replace(".", ",")
    assert all(row["jumlahRujukan"] == "0" for row in other_day.payload["list"])


async def test_sarana_is_stable_per_faskes(client: VClaimClient) -> None:
    hospital = await client.call("GET", f"{RUJ}/ListSarana/PPKRujukan/{TARGET}")
    again = await client.call("GET", f"{RUJ}/ListSarana/PPKRujukan/{TARGET.lower()}")
    fktp = await client.call("GET", f"{RUJ}/ListSarana/PPKRujukan/03010402")

    assert (hospital.code, hospital.message) == ("200", "Ok")
    assert hospital.payload == again.payload
    assert hospital.payload["list"][0] == {"kodeSarana": "1", "namaSarana": "Rekam Medik"}
    assert all(list(row) == ["kodeSarana", "namaSarana"] for row in hospital.payload["list"])
    assert [row["kodeSarana"] for row in fktp.payload["list"]] == ["1", "2", "7", "9"]


async def test_kontrol_spesialistik_counts_letters_and_referral_visits(
    client: VClaimClient,
) -> None:
    no_sep = await issue_sep(client)  # a first visit to INT on a referral, today
    letter = await client.call(
        "POST",
        f"{RK}/v2/Insert",
        {
            "request": {
                "noSEP": no_sep,
                "kodeDokter": bodies.DPJP_INT,
                "poliKontrol": "INT",
                "tglRencanaKontrol": "2026-11-27",
                "user": "x",
            }
        },
    )
    assert letter.code == "200", letter.message

    reply = await client.call(
        "GET", f"{RK}/ListSpesialistik/JnsKontrol/2/nomor/{no_sep}/TglRencanaKontrol/2026-11-27"
    )
    spri = await client.call(
        "GET", f"{RK}/ListSpesialistik/JnsKontrol/1/nomor/{CARD}/TglRencanaKontrol/2026-11-27"
    )

    assert (reply.code, reply.message) == ("200", "Sukses")
    rows = reply.payload["list"]
    assert list(rows[0]) == [
        "kodePoli", "namaPoli", "kapasitas", "jmlRencanaKontroldanRujukan", "persentase",
    ]  # fmt: skip
    internal = next(row for row in rows if row["kodePoli"] == "INT")
    kap = kapasitas.kapasitas("0301R011", "INT", FRIDAY, 0)
    assert (internal["kapasitas"], internal["jmlRencanaKontroldanRujukan"]) == (str(kap), "2")
    assert internal["persentase"] == f"{200 / kap:.2f}"  # "0.00" with a dot here
    assert spri.payload == reply.payload


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "ListSpesialistik/JnsKontrol/2/nomor/0301R0111126V000099/TglRencanaKontrol/2026-11-27",
            messages.SEP_NOT_FOUND.format(noSep="0301R0111126V000099"),
        ),
        (
            "ListSpesialistik/JnsKontrol/1/nomor/0301R0111126V000099/TglRencanaKontrol/2026-11-27",
            messages.FIELD_FORMAT.format(title="Nomor Kartu", field="nomor"),
        ),
        (
            "ListSpesialistik/JnsKontrol/3/nomor/0002802875185/TglRencanaKontrol/2026-11-27",
            messages.FIELD_ENUM.format(title="Jenis Kontrol", field="jnsKontrol", allowed="1, 2"),
        ),
        (
            "JadwalPraktekDokter/JnsKontrol/2/KdPoli/XYZ/TglRencanaKontrol/2026-11-27",
            messages.POLI_NOT_FOUND.format(kode="XYZ"),
        ),
        (
            "JadwalPraktekDokter/JnsKontrol/2/KdPoli/INT/TglRencanaKontrol/2026-11-29",
            messages.NO_DATA.template,
        ),
    ],
)
async def test_kontrol_refusals(client: VClaimClient, path: str, message: str) -> None:
    reply = await client.call("GET", f"{RK}/{path}")

    assert (reply.code, reply.message, reply.document["response"]) == ("201", message, None)


async def test_jadwal_praktek_comes_from_the_dpjp_roster(client: VClaimClient) -> None:
    reply = await client.call(
        "GET", f"{RK}/JadwalPraktekDokter/JnsKontrol/2/KdPoli/int/TglRencanaKontrol/2026-11-27"
    )

    assert (reply.code, reply.message) == ("200", "Sukses")
    rows = reply.payload["list"]
    assert list(rows[0]) == ["kodeDokter", "namaDokter", "jadwalPraktek", "kapasitas"]
    roster = {d.kode: d for d in referensi.roster(0) if d.poli == "INT"}
    for row in rows:
        assert roster[row["kodeDokter"]].nama == row["namaDokter"]
        assert re.fullmatch(r"[0-9]{2}:[0-9]{2} - [0-9]{2}:[0-9]{2}", row["jadwalPraktek"])
    assert sum(int(row["kapasitas"]) for row in rows) == kapasitas.kapasitas(
        "0301R011", "INT", FRIDAY, 0
    )
    # The first doctor of the poli practises every working day.
    first = next(d for d in referensi.roster(0) if d.poli == "INT")
    assert rows[0]["kodeDokter"] == first.kode


def test_schedules_are_deterministic_and_vary_by_weekday() -> None:
    week = [date(2026, 11, 23 + i) for i in range(7)]
    hours = [[p.jam for p in kapasitas.jadwal("0301R011", "INT", day, 0)] for day in week]

    assert hours == [[p.jam for p in kapasitas.jadwal("0301R011", "INT", day, 0)] for day in week]
    assert all(hours[:6])
    assert hours[6] == []  # nobody on Sunday
    assert len({tuple(h) for h in hours[:6]}) > 1
    assert kapasitas.poli_layanan("0301R011", 0) != kapasitas.poli_layanan("0301R011", 1)
    assert kapasitas.jadwal("0301R011", "INT", SUNDAY, 0) == []
    assert kapasitas.poli_layanan("03010402", 0) == ("UMU", "GIG")
