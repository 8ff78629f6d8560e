"""What Mobile JKN sends, taken from the mock's world: participants (bpjs/peserta.py) with a
live FKTP referral (bpjs/vclaim/rujukan.py), and a poli, doctor and practice session of the
hospital's generated schedule (bpjs/vclaim/kapasitas.py), so a hospital whose SIMRS talks to
`mockvclaim serve` with the same seed finds the same people and referrals there.

A hospital with its own HFIS schedule names its poli, doctor and session instead; only the
participants then come from the world.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from mockvclaim.bpjs import numbers, refdata
from mockvclaim.bpjs.peserta import Participant, participant_for
from mockvclaim.bpjs.vclaim import kapasitas, referensi, rujukan
from mockvclaim.protocol.errors import VClaimError

# Jakarta time, which every WS RS date means (docs/mobilejkn.md §4).
WIB = timezone(timedelta(hours=7), "WIB")
# How far ahead a booking day is looked for (a poli may practise once a week).
_SEARCH_DAYS = 14
# Cards tried for a participant whose live referral goes to the poli.
_CARD_ATTEMPTS = 20_000
# Mobile JKN's visit kinds (catalog W3): 1 = Rujukan FKTP.
JENIS_KUNJUNGAN_RUJUKAN_FKTP = 1
# Check-in this long before the session starts, on the visit day.
CHECKIN_LEAD = timedelta(minutes=30)


class WorldError(ValueError):
    """The settings name a schedule the world cannot fill in."""


@dataclass(frozen=True, slots=True)
class Jadwal:
    """One doctor's session that the flow books into."""

    kodepoli: str
    kodedokter: int
    jampraktek: str  # "08:00-12:00", as HFIS and the catalog write it
    tanggal: date

    def start(self) -> datetime:
        hour, _, minute = self.jampraktek.split("-")[0].strip().partition(":")
        return datetime.combine(self.tanggal, time(int(hour), int(minute or 0)), WIB)


@dataclass(frozen=True, slots=True)
class Pasien:
    participant: Participant
    nomorreferensi: str
    nomorkk: str


def _session(jam: str) -> str:
    return jam.replace(" ", "")


def jadwal_from_world(ppk: str, seed: int, today: date, kodepoli: str | None) -> Jadwal:
    """The first session after today of the poli (default: the first referral poli the
    hospital serves with a doctor practising in the next two weeks)."""
    served = kapasitas.poli_layanan(ppk, seed)
    polis = [kodepoli.upper()] if kodepoli else [p for p in served if p in _referral_polis()]
    for poli in polis:
        for ahead in range(1, _SEARCH_DAYS + 1):
            day = today + timedelta(days=ahead)
            practice = kapasitas.jadwal(ppk, poli, day, seed)
            if practice:
                first = practice[0]
                return Jadwal(poli, int(first.kode_dokter), _session(first.jam), day)
    raise WorldError(
        f"no doctor of poli {polis} practises at {ppk} in the next {_SEARCH_DAYS} days"
    )


def jadwal_given(kodepoli: str, kodedokter: str, jampraktek: str, tanggal: date) -> Jadwal:
    if not kodedokter.strip().isdigit():
        raise WorldError(f"--kodedokter is the HFIS doctor code, a number; got {kodedokter!r}")
    start = jampraktek.split("-")[0].strip()
    hour, _, minute = start.partition(":")
    if "-" not in jampraktek or not (hour.isdigit() and minute.isdigit()):
        raise WorldError(f"--jampraktek looks like 08:00-12:00; got {jampraktek!r}")
    return Jadwal(kodepoli.upper(), int(kodedokter), _session(jampraktek), tanggal)


def _referral_polis() -> frozenset[str]:
    return frozenset(row["kode"] for row in referensi.referral_poli_rows())


def closed_poli(ppk: str, seed: int) -> str:
    """A real poli code the hospital does not run (the world's choice of its polis)."""
    served = set(kapasitas.poli_layanan(ppk, seed))
    for poli in refdata.all_poli():
        if poli.kode not in served and poli.kode not in {"IGD", "UMU"}:
            return poli.kode
    raise WorldError(f"every poli is served at {ppk}")  # pragma: no cover - 100s of polis


def _month_index(day: date) -> int:
    return (day.year - 2000) * 12 + day.month - 1


def _live_referral(card: str, seed: int, visit: date, today: date) -> rujukan.Referral | None:
    """The card's newest FKTP referral still valid on the visit day and issued by today."""
    for back in range(4):
        referral = rujukan.generated(card, seed, rujukan.FKTP, _month_index(today) - back)
        if referral is None or referral.tgl_kunjungan > today:
            continue
        if (visit - referral.tgl_kunjungan).days < rujukan.VALID_DAYS:
            return referral
    return None


def pasien_for(seed: int, run_id: int, role: str, jadwal: Jadwal, today: date) -> Pasien:
    """A participant of the world, new for each run and role, with a live FKTP referral to
    the session's poli (any live one when no referral goes there)."""
    fallback: tuple[str, rujukan.Referral] | None = None
    for attempt in range(_CARD_ATTEMPTS):
        card = f"0001{numbers.derive('mobilejkn', seed, run_id, role, attempt) % 10**9:09d}"
        referral = _live_referral(card, seed, jadwal.tanggal, today)
        if referral is None:
            continue
        if referral.kd_poli == jadwal.kodepoli:
            return _pasien(card, referral, seed)
        fallback = fallback or (card, referral)
    if fallback is None:  # pragma: no cover - a third of all cards have one
        raise WorldError("no participant with a live referral found")
    return _pasien(*fallback, seed)


def _pasien(card: str, referral: rujukan.Referral, seed: int) -> Pasien:
    person = participant_for(card, seed)
    # Kartu Keluarga: the NIK's region, then digits of the mock's own (invented).
    kk = f"{person.nik[:6]}{numbers.derive('kk', seed, card) % 10**10:010d}"
    return Pasien(person, referral.no_rujukan, kk)


# --- request bodies (docs/mobilejkn.md §3) ----------------------------------------------------


def status_body(jadwal: Jadwal) -> dict[str, Any]:
    return {
        "kodepoli": jadwal.kodepoli,
        "kodedokter": jadwal.kodedokter,
        "tanggalperiksa": jadwal.tanggal.isoformat(),
        "jampraktek": jadwal.jampraktek,
    }


def ambil_body(
    pasien: Pasien, jadwal: Jadwal, norm: str, tanggal: date | None = None
) -> dict[str, Any]:
    person = pasien.participant
    return {
        "nomorkartu": person.no_kartu,
        "nik": person.nik,
        "nohp": person.no_telepon,
        "kodepoli": jadwal.kodepoli,
        "norm": norm,
        "tanggalperiksa": (tanggal or jadwal.tanggal).isoformat(),
        "kodedokter": jadwal.kodedokter,
        "jampraktek": jadwal.jampraktek,
        "jeniskunjungan": JENIS_KUNJUNGAN_RUJUKAN_FKTP,
        "nomorreferensi": pasien.nomorreferensi,
    }


def _wilayah(seed: int, card: str) -> dict[str, str]:
    """A province, regency and district from the world's region lists; the village is the
    mock's own (BPJS's village codes are not public)."""
    rng = random.Random(numbers.derive("wilayah", seed, card))
    provinces = referensi.propinsi()["list"]
    for prov in rng.sample(provinces, len(provinces)):
        try:
            kab = rng.choice(referensi.kabupaten(prov["kode"])["list"])
            kec = rng.choice(referensi.kecamatan(kab["kode"])["list"])
        except (VClaimError, IndexError):  # a region without children: try the next
            continue
        kel = f"{rng.randint(1, 9999):04d}"
        return {
            "kodeprop": prov["kode"],
            "namaprop": prov["nama"],
            "kodedati2": kab["kode"],
            "namadati2": kab["nama"],
            "kodekec": kec["kode"],
            "namakec": kec["nama"],
            "kodekel": f"D{kel}",
            "namakel": f"DESA {kec['nama']} {kel}",
            "rw": f"{rng.randint(1, 12):03d}",
            "rt": f"{rng.randint(1, 20):03d}",
        }
    raise WorldError("the region lists are empty")  # pragma: no cover


def pasien_baru_body(pasien: Pasien, seed: int) -> dict[str, Any]:
    person = pasien.participant
    return {
        "nomorkartu": person.no_kartu,
        "nik": person.nik,
        "nomorkk": pasien.nomorkk,
        "nama": person.nama,
        "jeniskelamin": person.sex,
        "tanggallahir": person.tgl_lahir.isoformat(),
        "nohp": person.no_telepon,
        "alamat": f"JL. {person.nama.split()[0]} NO. {int(person.no_kartu[-2:]) + 1}",
        **_wilayah(seed, person.no_kartu),
    }


def checkin_body(kodebooking: str, jadwal: Jadwal) -> dict[str, Any]:
    moment = jadwal.start() - CHECKIN_LEAD
    return {"kodebooking": kodebooking, "waktu": int(moment.timestamp() * 1000)}


def operasi_rs_body(jadwal: Jadwal) -> dict[str, Any]:
    return {
        "tanggalawal": jadwal.tanggal.isoformat(),
        "tanggalakhir": (jadwal.tanggal + timedelta(days=7)).isoformat(),
    }
