"""Doctors' practice schedules as HFIS shows them (jadwaldokter) and the hospital's changes
(updatejadwaldokter), docs/antrean-aplicares.md §3.3.

The schedule is VClaim's (bpjs/vclaim/kapasitas.py): the same doctors of the same polis at
the same hours, so Antrean and RencanaKontrol/JadwalPraktekDokter agree. A change replaces
the doctor's week at that poli from tomorrow on (the catalogue's H+1); the daily quota
stays the doctor's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from mockvclaim.bpjs import refdata
from mockvclaim.bpjs.antrean import fields
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import JadwalDokterRecord
from mockvclaim.bpjs.vclaim import kapasitas, path_params, referensi
from mockvclaim.bpjs.vclaim.dokter import dpjp_name
from mockvclaim.bpjs.world import World
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

NAMA_HARI = ("SENIN", "SELASA", "RABU", "KAMIS", "JUMAT", "SABTU", "MINGGU", "HARI LIBUR")


@dataclass(frozen=True, slots=True)
class Sesi:
    """One doctor's practice session at a poli on a day."""

    kodepoli: str
    kodedokter: str
    namadokter: str
    jadwal: str  # "08:00 - 12:00", the catalogue's form
    kapasitas: int

    @property
    def kuota_jkn(self) -> int:
        """docs/antrean-aplicares.md §3.3: four in five places are for JKN patients."""
        return self.kapasitas - self.kuota_non_jkn

    @property
    def kuota_non_jkn(self) -> int:
        return self.kapasitas // 5


def polis(world: World) -> tuple[str, ...]:
    return kapasitas.poli_layanan(world.consumer.ppk, world.seed)


def sesi_of(world: World, kodepoli: str, day: date) -> list[Sesi]:
    """Every session at the poli that day: generated ones, then the hospital's changes."""
    ppk, poli = world.consumer.ppk, kodepoli.strip().upper()
    changed = {
        r.kodedokter: r for r in world.store.list_jadwal_dokter(poli) if r.berlaku <= str(day)
    }
    found = [
        Sesi(poli, p.kode_dokter, p.nama_dokter, p.jam, p.kapasitas)
        for p in kapasitas.jadwal(ppk, poli, day, world.seed)
        if p.kode_dokter not in changed
    ]
    for record in changed.values():
        quota = kapasitas.kuota(ppk.strip().upper(), record.kodedokter, world.seed)
        name = dpjp_name(record.kodedokter, world.seed)
        found += [
            Sesi(poli, record.kodedokter, name, f"{row['buka']} - {row['tutup']}", quota)
            for row in record.jadwal
            if int(row["hari"]) == day.isoweekday()
        ]
    return found


def find_sesi(world: World, kodepoli: str, kodedokter: str, day: date, jam: str) -> Sesi | None:
    wanted = fields.jam_praktek(jam)
    return next(
        (
            s
            for s in sesi_of(world, kodepoli, day)
            if s.kodedokter == kodedokter and fields.jam_praktek(s.jadwal) == wanted
        ),
        None,
    )


def is_dokter(world: World, kodedokter: str) -> bool:
    """On the world's DPJP roster (HFIS): only those can have a schedule."""
    return referensi.dokter_by_code(kodedokter, world.seed) is not None


@serves("antrean.jadwaldokter")
def jadwal_dokter(world: World, kodepoli: str, tanggal: str) -> list[dict[str, Any]]:
    day = path_params.day(tanggal, "Tanggal")
    poli = kodepoli.strip().upper()
    rows = sesi_of(world, poli, day)
    if not rows:
        raise VClaimError.of(messages.ANTREAN_JADWAL_NOT_FOUND)
    nama = refdata.poli_name(poli) or poli
    return [
        {
            "kodesubspesialis": s.kodepoli,
            "hari": day.isoweekday(),
            "kapasitaspasien": s.kapasitas,
            "libur": 0,
            "namahari": NAMA_HARI[day.weekday()],
            "jadwal": s.jadwal,
            "namasubspesialis": nama,
            "namadokter": s.namadokter,
            "kodepoli": s.kodepoli,
            "namapoli": nama,
            "kodedokter": int(s.kodedokter) if s.kodedokter.isdigit() else s.kodedokter,
        }
        for s in rows
    ]


@serves("antrean.updatejadwaldokter")
def update_jadwal_dokter(world: World, body: dict[str, Any]) -> None:
    poli = fields.required(body, "kodepoli").upper()
    if poli not in polis(world):
        raise VClaimError.of(messages.ANTREAN_POLI_NOT_FOUND, kodepoli=poli)
    kodedokter = str(fields.whole(body, "kodedokter"))
    if not is_dokter(world, kodedokter):
        raise VClaimError.of(messages.ANTREAN_DOKTER_NOT_FOUND)
    jadwal = []
    for row in body.get("jadwal", []):
        hari, buka, tutup = (str(row.get(k, "")).strip() for k in ("hari", "buka", "tutup"))
        if hari not in {"1", "2", "3", "4", "5", "6", "7", "8"} or not buka < tutup:
            raise VClaimError.of(messages.ANTREAN_JADWAL_FORMAT)
        jadwal.append({"hari": hari, "buka": buka, "tutup": tutup})
    world.store.update_jadwal_dokter(
        JadwalDokterRecord(
            kodepoli=poli,
            kodedokter=kodedokter,
            kodesubspesialis=fields.text(body, "kodesubspesialis").upper() or poli,
            jadwal=jadwal,
            berlaku=str(world.today + timedelta(days=1)),
        )
    )
