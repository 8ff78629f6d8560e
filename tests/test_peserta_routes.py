"""Peserta/nokartu and Peserta/nik on the wire, and the NIK <-> card mapping."""

from __future__ import annotations

import random
from datetime import date

import pytest

from mockvclaim.bpjs import numbers, status_cards
from mockvclaim.bpjs.peserta import participant_by_nik, participant_for, umur_text
from mockvclaim.protocol import messages
from tests.conftest import VClaimClient

CARD = "0002802875185"
TODAY = date(2026, 11, 27)  # conftest NOW
PESERTA_KEYS = [
    "cob", "hakKelas", "informasi", "jenisPeserta", "mr", "nama", "nik", "noKartu", "pisa",
    "provUmum", "sex", "statusPeserta", "tglCetakKartu", "tglLahir", "tglTAT", "tglTMT", "umur",
]  # fmt: skip


def by_card(card: str, tgl: str = "2026-11-27") -> str:
    return f"/vclaim-rest-dev/Peserta/nokartu/{card}/tglSEP/{tgl}"


def by_nik(nik: str, tgl: str = "2026-11-27") -> str:
    return f"/vclaim-rest-dev/Peserta/nik/{nik}/tglSEP/{tgl}"


async def test_peserta_by_card_is_the_catalogue_shape_with_ages_for_tglsep(
    client: VClaimClient,
) -> None:
    reply = await client.call("GET", by_card(CARD, "2025-03-01"))

    assert (reply.status, reply.code, reply.message) == (200, "200", "OK")
    peserta = reply.payload["peserta"]
    assert list(peserta) == PESERTA_KEYS
    person = participant_for(CARD, 0)
    assert peserta["noKartu"] == CARD
    assert peserta["nik"] == person.nik
    assert peserta["statusPeserta"] == {"keterangan": "AKTIF", "kode": "0"}
    assert peserta["umur"] == {
        "umurSaatPelayanan": umur_text(person.tgl_lahir, date(2025, 3, 1)),
        "umurSekarang": umur_text(person.tgl_lahir, TODAY),
    }


async def test_a_card_and_its_own_nik_are_the_same_person(client: VClaimClient) -> None:
    first = await client.call("GET", by_card(CARD))
    nik = first.payload["peserta"]["nik"]

    second = await client.call("GET", by_nik(nik))

    assert second.message == "OK"
    assert second.payload == first.payload


async def test_any_other_nik_is_a_stable_person_carrying_that_nik(client: VClaimClient) -> None:
    nik = "3319022010810007"  # the catalogue's example NIK: no card of seed 0 makes it

    one = await client.call("GET", by_nik(nik))
    two = await client.call("GET", by_nik(nik))

    assert one.payload == two.payload
    assert one.payload["peserta"]["nik"] == nik
    card = one.payload["peserta"]["noKartu"]
    assert len(card) == 13
    assert card.startswith("000")


@pytest.mark.parametrize(
    "path",
    [
        by_card("000280287518"),  # 12 digits
        by_card("00028028751850"),
        by_card("000280287518X"),
        by_nik("331902201081000"),  # 15 digits
        by_nik("33190220108100A7"),
    ],
)
async def test_malformed_card_or_nik_is_the_real_e4_text(client: VClaimClient, path: str) -> None:
    reply = await client.call("GET", path)

    assert (reply.status, reply.code) == (200, "201")
    assert reply.message == "No.Kartu Tidak Sesuai"
    assert reply.document["response"] is None


@pytest.mark.parametrize("tgl", ["2026-13-01", "27-11-2026", "2026-02-30", "kemarin"])
async def test_bad_tglsep_names_the_date(client: VClaimClient, tgl: str) -> None:
    reply = await client.call("GET", by_card(CARD, tgl))

    assert reply.code == "201"
    assert reply.message == messages.DATE_INVALID.format(title="Tanggal SEP")


async def test_status_test_cards_on_peserta_lookups(client: VClaimClient) -> None:
    missing = await client.call("GET", by_card("0000000000001"))
    inactive = await client.call("GET", by_card("0000000000002"))
    deceased = await client.call("GET", by_card("0000000000003"))
    inactive_by_nik = await client.call("GET", by_nik(participant_for("0000000000002", 0).nik))
    missing_by_nik = await client.call("GET", by_nik(participant_for("0000000000001", 0).nik))

    assert (missing.code, missing.message) == ("201", "No.Kartu Tidak Sesuai")
    assert (missing_by_nik.code, missing_by_nik.message) == ("201", "No.Kartu Tidak Sesuai")
    assert inactive.payload["peserta"]["statusPeserta"] == {
        "keterangan": "NON AKTIF KARNA PREMI",
        "kode": "9",
    }
    assert inactive_by_nik.payload == inactive.payload
    assert deceased.payload["peserta"]["statusPeserta"] == {"keterangan": "MENINGGAL", "kode": "2"}


async def test_peserta_paths_are_case_insensitive_under_every_base(client: VClaimClient) -> None:
    reference = await client.call("GET", by_card(CARD))
    for path in (
        f"/vclaim-rest/peserta/NOKARTU/{CARD}/tglsep/2026-11-27",
        f"/Peserta//nokartu/{CARD}/tglSEP/2026-11-27/",
    ):
        reply = await client.call("GET", path)
        assert reply.payload == reference.payload, path


async def test_peserta_scenario_rules_match_path_parameters(client: VClaimClient) -> None:
    rule = {
        "id": "kartu-diblokir",
        "operation": "peserta.nokartu",
        "when": {"path.noKartu": CARD},
        "respond": {"code": "201", "message": "Kartu diblokir"},
    }
    added = await client.http.post("/_mock/scenarios", json={"rules": [rule]})
    assert added.status == 201

    assert (await client.call("GET", by_card(CARD))).message == "Kartu diblokir"
    assert (await client.call("GET", by_card("0002802875186"))).code == "200"


# --- units -------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 7])
def test_every_card_nik_decodes_back_to_its_card(seed: int) -> None:
    rng = random.Random(seed)
    cards = [
        "0000000000000",
        "9999999999999",
        *(f"{rng.randrange(10**13):013d}" for _ in range(300)),
    ]
    for card in cards:
        person = participant_for(card, seed)
        assert numbers.card_from_nik_fields(numbers.nik_fields(card, seed), seed) == card
        assert participant_by_nik(person.nik, seed) == person, card


def test_nik_of_one_seed_is_another_person_under_another_seed() -> None:
    nik = participant_for(CARD, 0).nik
    assert participant_by_nik(nik, 1).no_kartu != CARD
    assert participant_by_nik(nik, 1).nik == nik


def test_status_cards_come_from_the_test_card_rules() -> None:
    cards = {s.rule: s.no_kartu for s in status_cards.all_status_cards()}

    assert cards == {
        "card-not-found": "0000000000001",
        "card-all-zeros": "0000000000000",
        "card-inactive": "0000000000002",
        "card-deceased": "0000000000003",
    }
