"""Deterministic fake participants: one person per card number and seed.

The same (card number, seed) gives the same person in every call and every process; a
different seed gives a different person. Everything is derived from SHA-256 of the pair
(never Python's per-process randomised `hash()`), and all dates are relative to the fixed
`EPOCH`, so a card does not change identity as the calendar moves on.

Names come from Faker's id_ID lists (bpjs/names.py), so a Faker upgrade that edits those
lists may change names (not the rest) for the same seed.
"""

from __future__ import annotations

import calendar
import dataclasses
import functools
import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Literal

from mockvclaim.bpjs import names, numbers, status_cards
from mockvclaim.bpjs.names import Sex
from mockvclaim.bpjs.refdata import (
    Faskes,
    JenisPeserta,
    faskes_by_code,
    jenis_peserta_list,
)

__all__ = [
    "CARDS_KEPT",
    "EPOCH",
    "Participant",
    "facility_name",
    "participant_by_nik",
    "participant_for",
    "umur_text",
]

# Ages are 0-90 on this date; birth, TMT and card-print dates never pass it.
EPOCH = date(2025, 1, 1)
TGL_TAT = date(2050, 1, 1)  # the open-ended end date real responses show ("2050-01-01")
JKN_START = date(2014, 1, 1)

_KELAS_KETERANGAN = {"1": "KELAS I", "2": "KELAS II", "3": "KELAS III"}

# Invented mix, roughly the JKN population: PBI is the largest segment.
_JENIS_WEIGHT = {
    "21": 36.0,  # PBI (APBN)
    "22": 14.0,  # PBI (APBD)
    "14": 15.0,  # PEKERJA MANDIRI
    "13": 15.0,  # PEGAWAI SWASTA
    "3": 4.0,  # PNS DAERAH
    "1": 2.0,  # PNS PUSAT
    "15": 3.0,  # PENERIMA PENSIUN PNS
    "11": 1.5,  # PEGAWAI BUMN
    "10": 1.0,  # PPPK
    "5": 1.0,  # PRAJURIT AD
    "8": 1.0,  # ANGGOTA POLRI
}
_JENIS_WEIGHT_OTHER = 0.25
_PENSIONERS = frozenset({"15", "16", "17", "18", "19", "20", "25"})
# Self-paying members choose their class; most pick class 3.
_SELF_PAYING = frozenset({"14", "23"})

# Age decades (years, inclusive) and weights: a young population, thinning out after 60.
# The year within the decade and the birthday come from the card's NIK fields (codec).
_AGE_BUCKETS = (
    ((0, 9), 16.0),
    ((10, 19), 16.0),
    ((20, 29), 16.0),
    ((30, 39), 15.0),
    ((40, 49), 13.0),
    ((50, 59), 11.0),
    ((60, 69), 8.0),
    ((70, 79), 4.0),
    ((80, 89), 1.5),  # 90 for a 1 January birthday
)

# Day 0 of `numbers.NikFields.day_of_year`: a year without 29 February.
_DAY_ZERO = date(2023, 1, 1)

# Mobile prefixes after "08" (Telkomsel, Indosat, XL, Axis, Tri, Smartfren).
_MOBILE_PREFIXES = (
    "11", "12", "13", "21", "22", "23", "51", "52", "53", "14", "15", "16", "55", "56", "57",
    "58", "17", "18", "19", "59", "77", "78", "31", "32", "33", "38", "95", "96", "97", "98",
    "99", "81", "82", "83", "87", "88", "89",
)  # fmt: skip

_DIGITS = "0123456789"

# Cards whose participant and FKTP name stay generated: a load test's working set fits. About
# 0.8 KB per card, 27 MB when full; a card past it costs ~50 µs again (docs/performance.md §6).
CARDS_KEPT = 32_768


def _add_months(d: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    if d.day <= 28:  # every month has it (calendar.monthrange costs 1 µs, docs/performance.md §7)
        return date(year, month, d.day)
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _age(born: date, on: date) -> tuple[int, int, int]:
    """Whole years, months and days from `born` to `on` (0, 0, 0 when `on` is earlier)."""
    if on <= born:
        return 0, 0, 0
    months = (on.year - born.year) * 12 + on.month - born.month
    if _add_months(born, months) > on:
        months -= 1
    days = (on - _add_months(born, months)).days
    return months // 12, months % 12, days


def umur_text(born: date, on: date) -> str:
    """The catalogue's odd format, spaces before the commas: "35 tahun ,1 bulan ,11 hari"."""
    years, months, days = _age(born, on)
    return f"{years} tahun ,{months} bulan ,{days} hari"


def _random_date(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


@dataclass(frozen=True, slots=True)
class Participant:
    no_kartu: str
    nik: str
    nama: str
    sex: Sex
    tgl_lahir: date
    jenis_peserta: JenisPeserta
    hak_kelas: Literal["1", "2", "3"]
    fktp: str  # the FKTP's code, derived from the card (bpjs/numbers.py)
    seed: int
    tgl_tmt: date
    tgl_tat: date
    tgl_cetak_kartu: date
    pisa: str  # 1 peserta, 2 suami, 3 istri, 4/5 anak
    no_telepon: str

    @property
    def fktp_name(self) -> str:
        """The FKTP's name, looked up when asked: an SEP insert never shows it
        (docs/performance.md §7)."""
        return facility_name(self.fktp, self.seed)

    @property
    def prov_umum(self) -> Faskes:
        return Faskes(self.fktp, self.fktp_name, "1")

    @property
    def kelamin_long(self) -> str:
        """SEP insert `peserta.kelamin`."""
        return "Laki-Laki" if self.sex == "L" else "Perempuan"

    @property
    def hak_kelas_sep(self) -> str:
        """SEP `peserta.hakKelas` ("Kelas 3"); Peserta says "KELAS III"."""
        return f"Kelas {self.hak_kelas}"

    @property
    def hak_kelas_keterangan(self) -> str:
        return _KELAS_KETERANGAN[self.hak_kelas]

    @property
    def jenis_peserta_short(self) -> str:
        """SEP `peserta.jnsPeserta`."""
        return self.jenis_peserta.short

    def umur(self, on: date) -> str:
        return umur_text(self.tgl_lahir, on)

    def _status(self) -> dict[str, str]:
        """Status "0" AKTIF (docs/vclaim-api.md §5.1), or a test card's status
        (core.status_cards)."""
        special = status_cards.status_of(self.no_kartu)
        if special is not None and special.exists:
            return {"keterangan": special.keterangan, "kode": special.kode}
        return {"keterangan": "AKTIF", "kode": "0"}

    def peserta_json(self, tgl_pelayanan: date, today: date) -> dict[str, object]:
        """The Peserta endpoint's `peserta` object (docs/vclaim-api.md §5.1), keys in catalogue
        order."""
        at_service = self.umur(tgl_pelayanan)
        now = at_service if tgl_pelayanan == today else self.umur(today)
        return {
            "cob": {"nmAsuransi": None, "noAsuransi": None, "tglTAT": None, "tglTMT": None},
            "hakKelas": {"keterangan": self.hak_kelas_keterangan, "kode": self.hak_kelas},
            # eSEP: current responses carry it (docs/vclaim-api.md §5.1 note); null until a
            # SEP exists.
            "informasi": {"dinsos": None, "noSKTM": None, "prolanisPRB": None, "eSEP": None},
            "jenisPeserta": {
                "keterangan": self.jenis_peserta.keterangan,
                "kode": self.jenis_peserta.kode,
            },
            "mr": {"noMR": None, "noTelepon": self.no_telepon},
            "nama": self.nama,
            "nik": self.nik,
            "noKartu": self.no_kartu,
            "pisa": self.pisa,
            "provUmum": {"kdProvider": self.fktp, "nmProvider": self.fktp_name},
            "sex": self.sex,
            "statusPeserta": self._status(),
            "tglCetakKartu": self.tgl_cetak_kartu.isoformat(),
            "tglLahir": self.tgl_lahir.isoformat(),
            "tglTAT": self.tgl_tat.isoformat(),
            "tglTMT": self.tgl_tmt.isoformat(),
            "umur": {"umurSaatPelayanan": at_service, "umurSekarang": now},
        }


@functools.cache
def _jenis_cum_weights() -> tuple[tuple[JenisPeserta, ...], list[float]]:
    """The kinds of participant and their running weight totals, which `choices` would
    otherwise add up on every draw (the same floats, so the same picks)."""
    items = jenis_peserta_list()
    return items, list(accumulate(_JENIS_WEIGHT.get(j.kode, _JENIS_WEIGHT_OTHER) for j in items))


_DECADES = range(len(_AGE_BUCKETS))
_DECADE_CUM_WEIGHTS = list(accumulate(w for _, w in _AGE_BUCKETS))


def _pick_jenis(rng: random.Random) -> JenisPeserta:
    items, cum_weights = _jenis_cum_weights()
    return rng.choices(items, cum_weights=cum_weights)[0]


def _pick_decade(rng: random.Random) -> int:
    """Age on EPOCH in whole decades (0-8), weighted by the age buckets."""
    return rng.choices(_DECADES, cum_weights=_DECADE_CUM_WEIGHTS)[0]


def _birth(decade: int, fields: numbers.NikFields) -> date:
    """Born in the year that makes the age on EPOCH `10 * decade + year_unit` (a birthday on
    1 January adds one); month and day from the card's NIK fields."""
    year = EPOCH.year - 1 - 10 * decade - fields.year_unit
    month_day = _DAY_ZERO + timedelta(days=fields.day_of_year)
    return date(year, month_day.month, month_day.day)


def _pick_pisa(rng: random.Random, age: int, sex: Sex) -> str:
    if age < 21:
        return rng.choice(("4", "5"))
    if age <= 25 and rng.random() < 0.5:
        return rng.choice(("4", "5"))
    if rng.random() < 0.3:
        return "2" if sex == "L" else "3"
    return "1"


def _pick_kelas(rng: random.Random, jenis: JenisPeserta) -> Literal["1", "2", "3"]:
    if jenis.is_pbi:
        return "3"
    if jenis.kode in _SELF_PAYING:
        return rng.choices(("1", "2", "3"), weights=(2, 3, 5))[0]
    return rng.choices(("1", "2"), weights=(2, 3))[0]


def _nik(fields: numbers.NikFields, born: date, sex: Sex) -> str:
    """Dukcapil layout: province, regency, district, day of birth (+40 for women), MMYY of
    birth, serial. Everything but birth date and sex is the card, reversibly (bpjs/numbers.py)."""
    day = born.day + (40 if sex == "P" else 0)
    return (
        f"{fields.province}{fields.regency:02d}{fields.district:02d}{day:02d}"
        f"{numbers.mmyy(born)}{fields.serial:04d}"
    )


def _nik_parts(nik: str) -> tuple[numbers.NikFields, int, Sex] | None:
    """The card fields, decade of age and sex a NIK written by `_nik` holds, or None."""
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex: Sex = "P" if day > 40 else "L"
    day -= 40 if sex == "P" else 0
    year = 2000 + yy if yy <= EPOCH.year % 100 else 1900 + yy
    age = EPOCH.year - 1 - year
    if not 0 <= age < 10 * len(_AGE_BUCKETS):
        return None
    try:
        day_of_year = (_DAY_ZERO.replace(month=month, day=day) - _DAY_ZERO).days
    except ValueError:  # no such day (or 29 February, which `_birth` never makes)
        return None
    decade, year_unit = divmod(age, 10)
    fields = numbers.NikFields(
        nik[:2], int(nik[2:4]), int(nik[4:6]), day_of_year, year_unit, int(nik[12:])
    )
    return fields, decade, sex


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(_MOBILE_PREFIXES)
    rest = rng.randint(7, 9)
    # rng.choice(_DIGITS) per digit, drawn as it draws: getrandbits(4) until one is below 10.
    # A call less per digit, the same people (docs/performance.md §8).
    draw = rng.getrandbits
    digits: list[str] = []
    while len(digits) < rest:
        bits = draw(4)
        if bits < 10:
            digits.append(_DIGITS[bits])
    return "08" + prefix + "".join(digits)


def _name(rng: random.Random, names_rng: random.Random, sex: Sex) -> str:
    """`rng` picks the shape, `names_rng` (Faker's own stream) the names."""
    shape = rng.random()
    if shape < 0.15:  # many Indonesians have one name
        parts = [names.first_name_of(names_rng, sex)]
    elif shape < 0.8:
        parts = [names.first_name_of(names_rng, sex), names.last_name_of(names_rng, sex)]
    else:
        parts = [
            names.first_name_of(names_rng, sex),
            names.first_name_of(names_rng, sex),
            names.last_name_of(names_rng, sex),
        ]
    return " ".join(" ".join(parts).split()).upper()


@functools.lru_cache(maxsize=CARDS_KEPT)
def participant_for(no_kartu: str, seed: int) -> Participant:
    """The participant behind a 13-digit card number; checking it is the caller's job."""
    derived = numbers.derive("peserta", seed, no_kartu)
    rng = random.Random(derived)
    fields = numbers.nik_fields(no_kartu, seed)

    jenis = _pick_jenis(rng)
    sex: Sex = "L" if rng.random() < 0.5 else "P"
    decade = _pick_decade(rng)
    born = _birth(decade, fields)
    age = _age(born, EPOCH)[0]
    pisa = _pick_pisa(rng, age, sex)
    if jenis.kode in _PENSIONERS and pisa == "1" and age < 56:
        # A pensioner holding the card is at least of retirement age (60-89).
        born = _birth(rng.randint(6, len(_AGE_BUCKETS) - 1), fields)

    nama = _name(rng, random.Random(derived), sex)

    tmt = max(born, _random_date(rng, date(2005, 1, 1), EPOCH - timedelta(days=60)))
    if born >= JKN_START:
        tmt = born + timedelta(days=rng.randint(0, 60))  # babies are enrolled soon after birth
    tmt = min(tmt, EPOCH)
    cetak = _random_date(rng, max(tmt, JKN_START), EPOCH)
    # The FKTP is derived from the card (codec), so its referrals' numbers lead back here.
    fktp = numbers.fktp_code(no_kartu, seed)

    return Participant(
        no_kartu=no_kartu,
        nik=_nik(fields, born, sex),
        nama=nama,
        sex=sex,
        tgl_lahir=born,
        jenis_peserta=jenis,
        hak_kelas=_pick_kelas(rng, jenis),
        fktp=fktp,
        seed=seed,
        tgl_tmt=tmt,
        tgl_tat=TGL_TAT,
        tgl_cetak_kartu=cetak,
        pisa=pisa,
        no_telepon=_phone(rng),
    )


@functools.lru_cache(maxsize=8192)
def participant_by_nik(nik: str, seed: int) -> Participant:
    """The participant behind a 16-digit NIK: the same person in every process.

    A NIK that a card's participant carries (its fields decode to that card, see bpjs/numbers.py)
    is that participant, so a card and its own NIK always give the same person. Any other
    NIK is a person of its own: a card derived from the NIK (`000` + 10 digits) and the
    NIK asked for. That card, looked up by number, shows its own NIK: a NIK cannot hold
    13 free digits next to a birth date, so the two directions meet only for NIKs that a
    card produced.
    """
    parts = _nik_parts(nik)
    if parts is not None:
        card = numbers.card_from_nik_fields(parts[0], seed)
        if card is not None:
            person = participant_for(card, seed)
            if person.nik == nik:
                return person
    card = f"000{numbers.derive('nik-card', seed, nik) % 10**10:010d}"
    return dataclasses.replace(participant_for(card, seed), nik=nik)


@functools.lru_cache(maxsize=CARDS_KEPT)  # each card has an FKTP of its own (bpjs/numbers.py)
def facility_name(ppk_code: str, seed: int) -> str:
    """A PPK's name: the real one when faskes.json knows the code, else a stable invented one.

    The invented name follows the code's type letter (R hospital, B klinik, U doctor,
    G dentist, all digits puskesmas), in upper case.
    """
    known = faskes_by_code(ppk_code)
    if known:
        return known.nama
    code = ppk_code.strip().upper()
    derived = numbers.derive("faskes", seed, code)
    rng = random.Random(derived)
    kind = code[4:5] if len(code) == 8 and not code.isdigit() else ("P" if code.isdigit() else "R")
    names_rng = random.Random(derived)
    # id_ID cities include "Kota Administrasi Jakarta Selatan"; hospitals drop the prefix.
    city = names.city(names_rng).removeprefix("Kota Administrasi ").removeprefix("Kota ")
    surname = names.last_name(names_rng)
    doctor = f"{names.first_name(names_rng)} {names.last_name(names_rng)}"
    if kind == "B":
        name = rng.choice((f"KLINIK {surname}", f"KLINIK PRATAMA {surname} MEDIKA"))
    elif kind == "U":
        name = f"DR. {doctor}"
    elif kind == "G":
        name = f"DRG. {doctor}"
    elif kind == "P":
        name = city
    else:
        name = rng.choice(
            (f"RSUD {city}", f"RS {surname}", f"RSU {surname} HUSADA", f"RS ISLAM {city}")
        )
    return " ".join(name.split()).upper()
