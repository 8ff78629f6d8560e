"""What a faskes offers, for the screens that choose where and when a patient goes next:
its polis and their capacity on a day (Rujukan/ListSpesialistik, RencanaKontrol/
ListSpesialistik), its doctors' practice hours (RencanaKontrol/JadwalPraktekDokter) and its
sarana (Rujukan/ListSarana). docs/vclaim-api.md §5.0; every choice here is the mock's.

Deterministic per (seed, PPK): the same hospital shows the same polis every run.
- A hospital (R, S code) has the polis generated referrals go to (data/rujukan_poli.json:
  INT, JAN, ANA, ...) plus 4-12 others from referensi/poli; an FKTP has UMUM and GIGI.
- Its doctors are the world's DPJP roster (referensi/dokter) of that poli. The first
  doctor of a poli practises Monday to Saturday, the others on about 60% of the days;
  hours and a daily quota are drawn per hospital, doctor and weekday. Nobody practises on
  Sunday. A poli's capacity on a day is the sum of its practising doctors' quotas.
"""

from __future__ import annotations

import functools
import json
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from mockvclaim.bpjs import numbers, refdata
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.vclaim import path_params, referensi
from mockvclaim.bpjs.world import World
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

_FKTP_POLI = ("UMU", "GIG")
_NOT_A_DESTINATION = frozenset({"IGD", "UMU", "EMG"})  # no one is referred or controlled there
_EXTRA_MIN, _EXTRA_MAX = 4, 12
_SLOTS = (
    "07:30 - 11:00", "08:00 - 12:00", "09:00 - 12:00", "10:00 - 12:00", "13:00 - 15:00",
    "14:00 - 17:00", "16:00 - 18:00", "18:00 - 21:00",
)  # fmt: skip
_QUOTAS = (10, 12, 15, 20, 24, 30)
_PRACTICE_CHANCE = 0.6
_SUNDAY = 6
_SARANA_CHANCE = 0.7
_FKTP_SARANA = frozenset({"1", "2", "7", "9"})  # rekam medik, laboratorium, farmasi, ambulan


@dataclass(frozen=True, slots=True)
class Praktek:
    """One doctor's practice at a faskes on a day."""

    kode_dokter: str
    nama_dokter: str
    jam: str  # "16:00 - 18:00", the catalogue's form
    kapasitas: int


@functools.lru_cache(maxsize=1024)
def poli_layanan(ppk: str, seed: int) -> tuple[str, ...]:
    """The poli codes a faskes serves, the common ones first."""
    code = ppk.strip().upper()
    if referensi.ppk_tingkat(code) == "1":
        return _FKTP_POLI
    common = tuple(row["kode"] for row in referensi.referral_poli_rows())
    others = sorted(
        p.kode
        for p in refdata.all_poli()
        if p.kode not in common and p.kode not in _NOT_A_DESTINATION
    )
    rng = random.Random(numbers.derive("poli-layanan", seed, code))
    extra = rng.sample(others, rng.randint(_EXTRA_MIN, min(_EXTRA_MAX, len(others))))
    return common + tuple(sorted(extra))


def jadwal(ppk: str, kd_poli: str, day: date, seed: int) -> list[Praktek]:
    """The doctors of the poli practising at the faskes that day, in roster order."""
    code, poli = ppk.strip().upper(), kd_poli.strip().upper()
    if poli not in poli_layanan(code, seed) or day.weekday() == _SUNDAY:
        return []
    found: list[Praktek] = []
    doctors = [d for d in referensi.roster(seed) if d.poli == poli]
    for index, doctor in enumerate(doctors):
        rng = random.Random(numbers.derive("praktek", seed, code, doctor.kode, day.weekday()))
        if index > 0 and rng.random() >= _PRACTICE_CHANCE:
            continue
        quota = kuota(code, doctor.kode, seed)
        found.append(Praktek(doctor.kode, doctor.nama, rng.choice(_SLOTS), quota))
    return found


def kuota(ppk: str, kode_dokter: str, seed: int) -> int:
    """The doctor's patients per practice day at the faskes, the same every day."""
    return random.Random(numbers.derive("kuota", seed, ppk, kode_dokter)).choice(_QUOTAS)


def kapasitas(ppk: str, kd_poli: str, day: date, seed: int) -> int:
    return sum(p.kapasitas for p in jadwal(ppk, kd_poli, day, seed))


def poli_rows(
    ppk: str, day: date, seed: int, counts: Mapping[str, int]
) -> list[tuple[str, str, int, int]]:
    """(kode, nama, kapasitas, jumlah) per poli the faskes serves; `counts` by poli code."""
    rows = []
    for kode in poli_layanan(ppk, seed):
        rows.append(
            (
                kode,
                refdata.poli_name(kode) or "",
                kapasitas(ppk, kode, day, seed),
                counts.get(kode, 0),
            )
        )
    return rows


def persentase(jumlah: int, kapasitas_hari: int, separator: str) -> str:
    """The share of the capacity taken, two decimals: Rujukan writes "0,00", RencanaKontrol
    "0.00" (the two catalogue samples)."""
    share = 0.0 if kapasitas_hari <= 0 else 100.0 * jumlah / kapasitas_hari
    return f"{share:.2f}".replace(".", separator)


# --- Rujukan/ListSpesialistik and Rujukan/ListSarana ----------------------------------------


def _ppk(value: str) -> str:
    if not referensi.is_ppk_code(value):
        raise VClaimError.of(messages.FIELD_FORMAT, title="Kode PPK Rujukan", field="ppkRujukan")
    return value.upper()


@serves("rujukan.list_spesialistik")
def rujukan_spesialistik(world: World, ppk_rujukan: str, tgl_rujukan: str) -> dict[str, Any]:
    """The target faskes's polis with their capacity that day and how many of this
    consumer's rujukan keluar plan a visit there that day (jumlahRujukan)."""
    ppk = _ppk(ppk_rujukan)
    day = path_params.day(tgl_rujukan, "Tanggal Rujukan")
    counts: dict[str, int] = {}
    for record in world.store.list_rujukan_keluar_between(
        day.isoformat(), day.isoformat(), by_plan=True
    ):
        if record.ppk_dirujuk.upper() == ppk and record.poli_rujukan:
            counts[record.poli_rujukan] = counts.get(record.poli_rujukan, 0) + 1
    return {
        "list": [
            {
                "kodeSpesialis": kode,
                "namaSpesialis": nama,
                "kapasitas": str(kap),
                "jumlahRujukan": str(jumlah),
                "persentase": persentase(jumlah, kap, ","),
            }
            for kode, nama, kap, jumlah in poli_rows(ppk, day, world.seed, counts)
        ]
    }


@functools.cache
def _sarana_rows() -> tuple[tuple[str, str], ...]:
    text = resources.files("mockvclaim.bpjs.data").joinpath("sarana.json").read_text("utf-8")
    return tuple((row["kode"], row["nama"]) for row in json.loads(text)["sarana"])


@serves("rujukan.list_sarana")
def rujukan_sarana(world: World, ppk_rujukan: str) -> dict[str, Any]:
    """The faskes's sarana, in the catalogue's order: Rekam Medik always, an FKTP the
    basic four, a hospital about 70% of the rest."""
    ppk = _ppk(ppk_rujukan)
    fktp = referensi.ppk_tingkat(ppk) == "1"
    rng = random.Random(numbers.derive("sarana", world.seed, ppk))
    rows = []
    for kode, nama in _sarana_rows():
        chosen = kode in _FKTP_SARANA if fktp else rng.random() < _SARANA_CHANCE
        if kode == "1" or chosen:
            rows.append({"kodeSarana": kode, "namaSarana": nama})
    return {"list": rows}
