"""Helpers for the sister services' wire tests: paths, metadata reading, and a JKN booking
the world accepts (a card with a live FKTP referral whose poli has a session today)."""

from __future__ import annotations

from datetime import date
from typing import Any

from mockvclaim.bpjs.peserta import participant_for
from mockvclaim.bpjs.vclaim import kapasitas, rujukan
from tests.conftest import CONSUMER, NOW, TODAY, Reply, VClaimClient, make_world

ANTREAN = "/antreanrs_dev"
APLICARES = "/aplicaresws/rest"
ICARE = "/ihs_dev"
NOW_MS = int(NOW * 1000)


def meta(reply: Reply, key: str = "metadata") -> dict[str, Any]:
    found: dict[str, Any] = reply.document[key]
    return found


def jkn_booking(kodebooking: str = "B001", *, skip: int = 0, today: date = TODAY) -> dict[str, Any]:
    """An antrean/add body for `today` that every rule accepts."""
    world = make_world(today=today)
    found = 0
    for number in range(1, 5000):
        card = f"00012{number:08d}"
        for referral in rujukan.of_card(world, card, rujukan.FKTP):
            sessions = kapasitas.jadwal(CONSUMER.ppk, referral.kd_poli, today, 0)
            if not sessions:
                continue
            if found < skip:
                found += 1
                continue
            s = sessions[0]
            return {
                "kodebooking": kodebooking,
                "jenispasien": "JKN",
                "nomorkartu": card,
                "nik": participant_for(card, 0).nik,
                "nohp": "085635228888",
                "kodepoli": referral.kd_poli,
                "namapoli": referral.kd_poli,
                "pasienbaru": 0,
                "norm": "123345",
                "tanggalperiksa": today.isoformat(),
                "kodedokter": int(s.kode_dokter),
                "namadokter": s.nama_dokter,
                "jampraktek": s.jam.replace(" ", ""),
                "jeniskunjungan": 1,
                "nomorreferensi": referral.no_rujukan,
                "nomorantrean": "A-12",
                "angkaantrean": 12,
                "estimasidilayani": NOW_MS,
                "sisakuotajkn": 5,
                "kuotajkn": 30,
                "sisakuotanonjkn": 5,
                "kuotanonjkn": 30,
                "keterangan": "Peserta harap 30 menit lebih awal",
            }
    raise AssertionError("no card with a referral to a poli that practises today")


async def add(client: VClaimClient, body: dict[str, Any]) -> Reply:
    return await client.call("POST", f"{ANTREAN}/antrean/add", body)


async def task(client: VClaimClient, kodebooking: str, taskid: object, waktu: object) -> Reply:
    body = {"kodebooking": kodebooking, "taskid": taskid, "waktu": waktu}
    return await client.call("POST", f"{ANTREAN}/antrean/updatewaktu", body)
