"""Same seed, same people: participants, facility and doctor names match what the Faker-based
generator made before names were drawn without Faker's provider machinery (bpjs/names.py).

The digests were taken from that generator over 10,000 cards, 3,000 PPK and DPJP codes and
the DPJP roster, for two seeds; a change to any name, NIK, date or kind shows here. Three
people per seed are spelt out so a failure says what moved.
"""

import dataclasses
import hashlib
import json

import pytest

from mockvclaim.bpjs import peserta
from mockvclaim.bpjs.vclaim import dokter, referensi, rujukan

DIGESTS = {
    "0": "553a807ae011bc9ff3926629d8cba9fd4c5ef9091c8b85e3b156321428afd9a0",
    "20241": "3ed973e6774c0bd646b3c3720a25d7d511ea492b9b35856ab5ec9219a2977142",
}
FIRST_PEOPLE = {
    "0": [
        {
            "hak_kelas": "3",
            "jenis_peserta": {"keterangan": "PBI (APBN)", "kode": "21", "short": "PBI (APBN)"},
            "nama": "NURUL PUSPITA",
            "nik": "1341155607747920",
            "no_kartu": "0000000000000",
            "no_telepon": "08113514739",
            "pisa": "1",
            "prov_umum": {"kode": "18151887", "nama": "GORONTALO", "tingkat": "1", "wilayah": ""},
            "sex": "P",
            "tgl_cetak_kartu": "2021-07-29",
            "tgl_lahir": "1974-07-16",
            "tgl_tat": "2050-01-01",
            "tgl_tmt": "2006-03-23",
        },
        {
            "hak_kelas": "3",
            "jenis_peserta": {"keterangan": "PBI (APBN)", "kode": "21", "short": "PBI (APBN)"},
            "nama": "RAHMI",
            "nik": "9426954610123120",
            "no_kartu": "0001000007919",
            "no_telepon": "08573035351",
            "pisa": "5",
            "prov_umum": {"kode": "21274299", "nama": "CILEGON", "tingkat": "1", "wilayah": ""},
            "sex": "P",
            "tgl_cetak_kartu": "2023-05-13",
            "tgl_lahir": "2012-10-06",
            "tgl_tat": "2050-01-01",
            "tgl_tmt": "2014-11-17",
        },
        {
            "hak_kelas": "3",
            "jenis_peserta": {"keterangan": "PBI (APBN)", "kode": "21", "short": "PBI (APBN)"},
            "nama": "TINA CLARA WINARSIH",
            "nik": "7194425004936542",
            "no_kartu": "0002000015838",
            "no_telepon": "0852315210339",
            "pisa": "3",
            "prov_umum": {"kode": "02102594", "nama": "PALEMBANG", "tingkat": "1", "wilayah": ""},
            "sex": "P",
            "tgl_cetak_kartu": "2020-12-29",
            "tgl_lahir": "1993-04-10",
            "tgl_tat": "2050-01-01",
            "tgl_tmt": "2009-09-25",
        },
    ],
    "20241": [
        {
            "hak_kelas": "3",
            "jenis_peserta": {"keterangan": "PBI (APBN)", "kode": "21", "short": "PBI (APBN)"},
            "nama": "LURHUR FIRGANTORO",
            "nik": "2109161312114292",
            "no_kartu": "0000000000000",
            "no_telepon": "0813000592496",
            "pisa": "4",
            "prov_umum": {"kode": "10286444", "nama": "BLITAR", "tingkat": "1", "wilayah": ""},
            "sex": "L",
            "tgl_cetak_kartu": "2018-05-08",
            "tgl_lahir": "2011-12-13",
            "tgl_tat": "2050-01-01",
            "tgl_tmt": "2011-12-21",
        },
        {
            "hak_kelas": "3",
            "jenis_peserta": {"keterangan": "PBI (APBN)", "kode": "21", "short": "PBI (APBN)"},
            "nama": "RAIHAN WASITA",
            "nik": "1177621606627714",
            "no_kartu": "0001000007919",
            "no_telepon": "0895358040077",
            "pisa": "2",
            "prov_umum": {"kode": "25114738", "nama": "SINGKAWANG", "tingkat": "1", "wilayah": ""},
            "sex": "L",
            "tgl_cetak_kartu": "2017-09-30",
            "tgl_lahir": "1962-06-16",
            "tgl_tat": "2050-01-01",
            "tgl_tmt": "2012-09-03",
        },
        {
            "hak_kelas": "1",
            "jenis_peserta": {
                "keterangan": "PEKERJA MANDIRI",
                "kode": "14",
                "short": "PEKERJA MANDIRI",
            },
            "nama": "EMIN NATSIR",
            "nik": "8262430709802914",
            "no_kartu": "0002000015838",
            "no_telepon": "08223322908",
            "pisa": "1",
            "prov_umum": {"kode": "28237150", "nama": "PEKANBARU", "tingkat": "1", "wilayah": ""},
            "sex": "L",
            "tgl_cetak_kartu": "2024-12-31",
            "tgl_lahir": "1980-09-07",
            "tgl_tat": "2050-01-01",
            "tgl_tmt": "2024-05-13",
        },
    ],
}


def _card(i: int) -> str:
    return f"{i % 10:04d}{(i * 7919) % 10**9:09d}"


def _person_row(card: str, seed: int) -> str:
    """The participant as the digests saw it: its fields, with the FKTP as a Faskes."""
    participant = peserta.participant_for(card, seed)
    person = dataclasses.asdict(participant)
    del person["fktp"], person["seed"]
    person["prov_umum"] = dataclasses.asdict(participant.prov_umum)
    return json.dumps(person, default=str, sort_keys=True)


def _ppk_code(i: int) -> str:
    kind = "RBUGP"[i % 5]
    return f"{i:08d}" if kind == "P" else f"{i % 10000:04d}{kind}{i % 1000:03d}"


@pytest.mark.parametrize("seed", [0, 20241])
def test_first_people_are_unchanged(seed: int) -> None:
    for i, expected in enumerate(FIRST_PEOPLE[str(seed)]):
        assert json.loads(_person_row(_card(i), seed)) == expected


@pytest.mark.parametrize("seed", [0, 20241])
def test_ten_thousand_people_and_their_doctors_are_unchanged(seed: int) -> None:
    digest = hashlib.sha256()
    for i in range(10_000):
        digest.update(_person_row(_card(i), seed).encode())
    for i in range(3000):
        digest.update(peserta.facility_name(_ppk_code(i), seed).encode())
        digest.update(dokter.dpjp_name(f"{i:06d}", seed).encode())
    for doctor in referensi.roster(seed):
        digest.update(repr(doctor).encode())
    assert digest.hexdigest() == DIGESTS[str(seed)]


REFERRAL_DIGESTS = {
    "0": "505889eb80de966f8e7eaa5d07dd969e483e56138dbc708659858fbc41a40ecf",
    "20241": "633a881108d82d3ea8e5948c67203be85e9b352f26c70e1b35cf43096a416388",
}


@pytest.mark.parametrize("seed", [0, 20241])
def test_generated_referrals_are_unchanged(seed: int) -> None:
    """4,000 cards' FKTP and hospital referrals in three months, as generated before their
    weights were accumulated once and their numbers formatted without strftime, over their
    fields' values (the same before `pelayanan` became the code alone)."""
    digest = hashlib.sha256()
    for i in range(4000):
        for kind in (rujukan.FKTP, rujukan.RS):
            for month in (310, 311, 323):
                referral = rujukan.generated(_card(i), seed, kind, month)
                fields = None if referral is None else dataclasses.astuple(referral)
                digest.update(repr(fields).encode())
    assert digest.hexdigest() == REFERRAL_DIGESTS[str(seed)]
