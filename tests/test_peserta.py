"""Deterministic fake participants."""

import dataclasses
import json
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mockvclaim.bpjs import numbers, peserta, refdata
from mockvclaim.bpjs.peserta import EPOCH, Participant, facility_name, participant_for

CARD = "0001105689835"
REPO = Path(__file__).resolve().parent.parent

# The catalogue's example (docs/vclaim-api.md §5.1), for its key set and its umur arithmetic.
CATALOG_PESERTA_KEYS = {
    "cob", "hakKelas", "informasi", "jenisPeserta", "mr", "nama", "nik", "noKartu", "pisa",
    "provUmum", "sex", "statusPeserta", "tglCetakKartu", "tglLahir", "tglTAT", "tglTMT", "umur",
}  # fmt: skip


def _as_json(p: Participant) -> str:
    return json.dumps(dataclasses.asdict(p), default=str, sort_keys=True)


def _age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_same_card_and_seed_give_the_same_participant() -> None:
    first = participant_for(CARD, 0)
    participant_for.cache_clear()
    again = participant_for(CARD, 0)
    assert first == again
    assert first is not again  # really regenerated, not the cached object


def test_same_participant_in_a_fresh_process() -> None:
    # A fresh interpreter has a different str hash seed: a hash()-based derivation would differ.
    code = (
        "import dataclasses, json\n"
        "from mockvclaim.bpjs.peserta import participant_for\n"
        "rows = [participant_for(c, s) for c, s in "
        f"[({CARD!r}, 0), ({CARD!r}, 42), ('0002802875185', 7)]]\n"
        "print(json.dumps([dataclasses.asdict(p) for p in rows], default=str, sort_keys=True))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        timeout=60,
    )
    local = [
        participant_for(CARD, 0),
        participant_for(CARD, 42),
        participant_for("0002802875185", 7),
    ]
    expected = json.dumps([dataclasses.asdict(p) for p in local], default=str, sort_keys=True)
    assert result.stdout.strip() == expected


def test_another_seed_gives_another_person() -> None:
    a, b = participant_for(CARD, 0), participant_for(CARD, 1)
    assert a.no_kartu == b.no_kartu
    assert a != b
    assert (a.nik, a.nama) != (b.nik, b.nama)


def test_different_cards_give_different_people() -> None:
    people = {participant_for(f"{n:013d}", 0).nik for n in range(1000, 1100)}
    assert len(people) == 100


def _random_cards(count: int) -> list[str]:
    rng = random.Random(20240101)
    return [f"{rng.randrange(10**13):013d}" for _ in range(count)]


@pytest.mark.parametrize("seed", [0, 99])
def test_generated_participants_are_plausible(seed: int) -> None:
    jenis_codes = {j.kode for j in refdata.jenis_peserta_list()}
    sexes: set[str] = set()
    for card in _random_cards(200):
        p = participant_for(card, seed)
        assert p.no_kartu == card

        # NIK: 16 digits, region + ddmmyy (day + 40 for women) + 4 digits.
        assert len(p.nik) == 16, p.nik
        assert p.nik.isdigit(), p.nik
        assert 11 <= int(p.nik[:2]) <= 94
        day, month, yy = int(p.nik[6:8]), int(p.nik[8:10]), int(p.nik[10:12])
        assert day == p.tgl_lahir.day + (40 if p.sex == "P" else 0), (p.nik, p.sex)
        assert month == p.tgl_lahir.month
        assert yy == p.tgl_lahir.year % 100

        assert p.sex in ("L", "P")
        sexes.add(p.sex)
        assert p.nama == p.nama.upper()
        assert p.nama == " ".join(p.nama.split())
        assert 2 <= len(p.nama) <= 60
        assert all(part.replace("-", "").replace("'", "").isalpha() for part in p.nama.split())

        assert 0 <= _age_on(p.tgl_lahir, EPOCH) <= 90
        assert p.jenis_peserta.kode in jenis_codes
        assert p.hak_kelas in ("1", "2", "3")
        if p.jenis_peserta.keterangan.startswith("PBI"):
            assert p.hak_kelas == "3"
        # The FKTP is derived from the card (so referral numbers lead back to it).
        assert p.prov_umum.kode == numbers.fktp_code(p.no_kartu, seed)
        assert p.prov_umum.tingkat == "1"
        assert p.prov_umum.nama == facility_name(p.prov_umum.kode, seed)
        assert p.pisa in ("1", "2", "3", "4", "5")
        if p.pisa == "2":
            assert p.sex == "L"
        if p.pisa == "3":
            assert p.sex == "P"
        assert p.tgl_lahir <= p.tgl_tmt <= EPOCH
        assert p.tgl_tmt <= p.tgl_cetak_kartu <= EPOCH
        assert p.tgl_tat > date(2040, 1, 1)
        assert p.no_telepon.startswith("08")
        assert p.no_telepon.isdigit()
        assert 10 <= len(p.no_telepon) <= 13
    assert sexes == {"L", "P"}


def test_ages_and_kinds_are_spread() -> None:
    people = [participant_for(card, 3) for card in _random_cards(600)]
    ages = [_age_on(p.tgl_lahir, EPOCH) for p in people]
    assert min(ages) < 5
    assert max(ages) > 70
    assert len({p.jenis_peserta.kode for p in people}) >= 6
    assert any(p.jenis_peserta.keterangan.startswith("PBI") for p in people)
    assert {p.hak_kelas for p in people} == {"1", "2", "3"}


def test_peserta_json_has_exactly_the_catalog_shape() -> None:
    p = participant_for(CARD, 0)
    body = p.peserta_json(date(2021, 7, 30), today=date(2026, 11, 27))
    assert set(body) == CATALOG_PESERTA_KEYS
    assert body["cob"] == {"nmAsuransi": None, "noAsuransi": None, "tglTAT": None, "tglTMT": None}
    assert body["informasi"] == {"dinsos": None, "noSKTM": None, "prolanisPRB": None, "eSEP": None}
    assert body["statusPeserta"] == {"keterangan": "AKTIF", "kode": "0"}
    assert body["hakKelas"] == {
        "keterangan": {"1": "KELAS I", "2": "KELAS II", "3": "KELAS III"}[p.hak_kelas],
        "kode": p.hak_kelas,
    }
    assert body["jenisPeserta"] == {
        "keterangan": p.jenis_peserta.keterangan,
        "kode": p.jenis_peserta.kode,
    }
    assert body["mr"] == {"noMR": None, "noTelepon": p.no_telepon}
    assert body["provUmum"] == {"kdProvider": p.prov_umum.kode, "nmProvider": p.prov_umum.nama}
    assert body["noKartu"] == CARD
    assert body["nik"] == p.nik
    assert body["nama"] == p.nama
    assert body["sex"] == p.sex
    assert body["pisa"] == p.pisa
    assert body["tglLahir"] == p.tgl_lahir.isoformat()
    assert body["tglTMT"] == p.tgl_tmt.isoformat()
    assert body["tglTAT"] == "2050-01-01"
    assert body["tglCetakKartu"] == p.tgl_cetak_kartu.isoformat()
    umur = body["umur"]
    assert isinstance(umur, dict)
    assert set(umur) == {"umurSaatPelayanan", "umurSekarang"}
    json.dumps(body)  # serialisable as it stands


def test_peserta_json_umur_for_a_fixed_date() -> None:
    # Catalogue sample (docs/vclaim-api.md §5.1): born 1981-10-10, service 2016-11-21,
    # "today" 2016-12-20.
    p = dataclasses.replace(participant_for(CARD, 0), tgl_lahir=date(1981, 10, 10))
    body = p.peserta_json(date(2016, 11, 21), today=date(2016, 12, 20))
    assert body["umur"] == {
        "umurSaatPelayanan": "35 tahun ,1 bulan ,11 hari",
        "umurSekarang": "35 tahun ,2 bulan ,10 hari",
    }


@pytest.mark.parametrize(
    ("born", "on", "text"),
    [
        # A month from the 31st ends on the last day of a shorter month (dateutil's rule).
        (date(2000, 1, 31), date(2000, 2, 29), "0 tahun ,1 bulan ,0 hari"),
        (date(2000, 1, 31), date(2000, 3, 1), "0 tahun ,1 bulan ,1 hari"),
        (date(2000, 2, 29), date(2001, 2, 28), "1 tahun ,0 bulan ,0 hari"),
        (date(2001, 1, 29), date(2001, 2, 28), "0 tahun ,1 bulan ,0 hari"),
        (date(2003, 12, 30), date(2004, 2, 29), "0 tahun ,2 bulan ,0 hari"),
        (date(1990, 5, 5), date(1990, 5, 5), "0 tahun ,0 bulan ,0 hari"),
        (date(1990, 5, 5), date(1989, 1, 1), "0 tahun ,0 bulan ,0 hari"),
        (date(1944, 2, 24), date(2023, 3, 30), "79 tahun ,1 bulan ,6 hari"),
    ],
)
def test_umur_text_edges(born: date, on: date, text: str) -> None:
    assert peserta.umur_text(born, on) == text


def test_sep_forms() -> None:
    p = participant_for(CARD, 0)
    assert p.kelamin_long == ("Laki-Laki" if p.sex == "L" else "Perempuan")
    assert p.hak_kelas_sep == f"Kelas {p.hak_kelas}"
    assert p.jenis_peserta_short == p.jenis_peserta.short
    woman = dataclasses.replace(p, sex="P")
    assert woman.kelamin_long == "Perempuan"


def test_facility_name_known_and_invented() -> None:
    assert facility_name("0304R005", 0) == "RSI IBNU SINA"
    assert facility_name("0301r011", 5) == "RS YOS SUDARSO"
    invented = facility_name("0999R123", 0)
    assert invented == facility_name("0999R123", 0)
    assert invented == invented.upper()
    assert invented.startswith(("RS ", "RSU ", "RSUD ", "RS ISLAM"))
    assert facility_name("0999B123", 0).startswith("KLINIK ")
    assert facility_name("0999U123", 0).startswith("DR. ")
    names = {facility_name(f"09{n:02d}R001", 0) for n in range(40)}
    assert len(names) > 20
    assert {facility_name("0999R123", s) for s in range(10)} != {invented}
