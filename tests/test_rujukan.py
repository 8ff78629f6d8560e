"""Rujukan GET routes and the referral rules of SEP insert."""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta
from typing import Any

import pytest

from mockvclaim.bpjs.vclaim import referensi, rujukan
from mockvclaim.bpjs.vclaim.rujukan import FKTP, RS, Referral
from mockvclaim.protocol import messages
from tests.conftest import OTHER_CONSUMER, VClaimClient, make_world, t_sep
from tests.fixtures import sep_insert_requests as bodies

TODAY = date(2026, 11, 27)  # conftest NOW
BASE = "/vclaim-rest-dev/Rujukan"
REFERRAL_KEYS = [
    "diagnosa", "keluhan", "noKunjungan", "pelayanan", "peserta", "poliRujukan",
    "provPerujuk", "tglKunjungan",
]  # fmt: skip


def _cards() -> list[str]:
    return [f"0002{i:09d}" for i in range(400)]


def live_referral(kind: str = FKTP, skip: int = 0) -> Referral:
    """A card's newest live referral of `kind` as of TODAY (found by search, deterministic)."""
    found = [
        referrals[0]
        for card in _cards()
        if (referrals := rujukan.of_card(make_world(), card, kind))
    ]
    return found[skip]


def card_without(kind: str) -> str:
    return next(c for c in _cards() if not rujukan.of_card(make_world(), c, kind))


def expired_referral() -> Referral:
    """A generated referral issued 100-130 days before TODAY."""
    for card in _cards():
        for month in range(rujukan._month_index(TODAY) - 5, rujukan._month_index(TODAY) - 2):
            referral = rujukan.generated(card, 0, FKTP, month)
            if referral and 100 <= (TODAY - referral.tgl_kunjungan).days <= 130:
                return referral
    raise AssertionError("no expired referral found")


def first_visit(referral: Referral, poli: str | None = None) -> dict[str, Any]:
    body = bodies.rawat_jalan_first_visit()
    t = t_sep(body)
    t["noKartu"] = referral.no_kartu
    t["rujukan"].update(
        asalRujukan="1" if referral.kind == FKTP else "2",
        tglRujukan=referral.tgl_kunjungan.isoformat(),
        noRujukan=referral.no_rujukan,
        ppkRujukan=referral.ppk,
    )
    t["poli"]["tujuan"] = poli or referral.kd_poli
    return body


async def test_referral_by_card_has_the_catalogue_shape(client: VClaimClient) -> None:
    referral = live_referral()

    reply = await client.call("GET", f"{BASE}/Peserta/{referral.no_kartu}")

    assert (reply.code, reply.message) == ("200", "OK")
    body = reply.payload["rujukan"]
    assert list(body) == REFERRAL_KEYS
    assert body["noKunjungan"] == referral.no_rujukan
    assert re.fullmatch(r"[0-9]{8}[0-9]{4}P[0-9]{6}", body["noKunjungan"])
    assert body["noKunjungan"][8:12] == f"{referral.tgl_kunjungan:%m%y}"
    assert body["peserta"]["noKartu"] == referral.no_kartu
    # The referral comes from the participant's own FKTP.
    assert body["provPerujuk"]["kode"] == body["peserta"]["provUmum"]["kdProvider"]
    assert body["provPerujuk"]["nama"] == body["peserta"]["provUmum"]["nmProvider"]
    assert body["pelayanan"] == {"kode": "2", "nama": "Rawat Jalan"}
    assert body["poliRujukan"]["kode"] == referral.kd_poli
    assert body["diagnosa"]["kode"] == referral.diagnosa
    assert " - " not in body["diagnosa"]["nama"]  # name only, as in the catalogue
    assert 0 <= (TODAY - date.fromisoformat(body["tglKunjungan"])).days <= 90


async def test_referral_by_number_and_list(client: VClaimClient) -> None:
    referral = live_referral()

    by_number = await client.call("GET", f"{BASE}/{referral.no_rujukan.lower()}")
    listed = await client.call("GET", f"{BASE}/List/Peserta/{referral.no_kartu}")
    single = await client.call("GET", f"{BASE}/Peserta/{referral.no_kartu}")

    assert by_number.payload == single.payload
    assert isinstance(listed.payload["rujukan"], list)
    assert single.payload["rujukan"] in listed.payload["rujukan"]
    dates = [r["tglKunjungan"] for r in listed.payload["rujukan"]]
    assert dates == sorted(dates, reverse=True)


async def test_hospital_referrals(client: VClaimClient) -> None:
    referral = live_referral(RS)

    by_card = await client.call("GET", f"{BASE}/RS/Peserta/{referral.no_kartu}")
    by_number = await client.call("GET", f"{BASE}/RS/{referral.no_rujukan}")
    as_fktp = await client.call("GET", f"{BASE}/{referral.no_rujukan}")

    assert by_card.payload == by_number.payload
    assert re.fullmatch(r"[0-9]{4}R[0-9]{3}[0-9]{4}B[0-9]{6}", referral.no_rujukan)
    assert as_fktp.message == messages.RUJUKAN_NOT_FOUND.format(noRujukan=referral.no_rujukan)


async def test_no_referral_unknown_number_and_bad_parameters(client: VClaimClient) -> None:
    card = card_without(FKTP)
    none = await client.call("GET", f"{BASE}/Peserta/{card}")
    none_list = await client.call("GET", f"{BASE}/List/Peserta/{card}")
    unknown = await client.call("GET", f"{BASE}/0301R0011126P000001")
    malformed = await client.call("GET", f"{BASE}/12345")
    bad_card = await client.call("GET", f"{BASE}/Peserta/12345")
    missing_card = await client.call("GET", f"{BASE}/Peserta/0000000000001")

    assert none.message == messages.RUJUKAN_TIDAK_ADA.format(noKartu=card)
    assert none_list.message == none.message
    assert unknown.message == messages.RUJUKAN_NOT_FOUND.format(noRujukan="0301R0011126P000001")
    assert malformed.code == "201"
    assert "Nomor Rujukan" in malformed.message
    assert bad_card.code == "201"
    assert "Nomor Kartu" in bad_card.message
    assert missing_card.message == messages.PESERTA_NOT_FOUND.template


async def test_an_expired_referral_is_found_no_more(client: VClaimClient) -> None:
    referral = expired_referral()

    reply = await client.call("GET", f"{BASE}/{referral.no_rujukan}")

    assert reply.message == messages.RUJUKAN_EXPIRED.format(noRujukan=referral.no_rujukan)


def test_referrals_do_not_change_as_the_calendar_moves() -> None:
    referral = live_referral()
    later = rujukan.of_card(make_world(today=TODAY + timedelta(days=30)), referral.no_kartu, FKTP)
    by_number = rujukan.find(make_world(), referral.no_rujukan, FKTP)

    assert by_number == referral
    # Still live 30 days on, and unchanged: the filter must find it, or this proves nothing.
    assert [r for r in later if r.no_rujukan == referral.no_rujukan] == [referral]
    gone = rujukan.of_card(make_world(today=TODAY + timedelta(days=200)), referral.no_kartu, FKTP)
    assert referral not in gone


# --- SEP insert ------------------------------------------------------------------------------


async def test_insert_on_a_generated_referral_at_its_poli(client: VClaimClient) -> None:
    referral = live_referral()

    reply = await client.insert_sep(first_visit(referral))

    assert reply.code == "200", reply.message
    assert reply.payload["sep"]["noRujukan"] == referral.no_rujukan


@pytest.mark.parametrize("strict", [False, True])
async def test_first_visit_must_use_the_referrals_poli(
    client: VClaimClient, strict_client: VClaimClient, strict: bool
) -> None:
    referral = live_referral()
    other = "MAT" if referral.kd_poli != "MAT" else "INT"

    reply = await (strict_client if strict else client).insert_sep(first_visit(referral, other))

    assert reply.message == messages.RUJUKAN_POLI_MISMATCH.format(
        kdPoli=other, poliRujukan=referral.kd_poli
    )


async def test_later_visit_to_another_poli_on_another_day_needs_assesment(
    client: VClaimClient,
) -> None:
    referral = next(
        r for r in (live_referral(skip=i) for i in range(40)) if r.tgl_kunjungan < TODAY
    )
    earlier = first_visit(referral)
    t_sep(earlier)["tglSep"] = referral.tgl_kunjungan.isoformat()
    assert (await client.insert_sep(earlier)).code == "200"
    other = "MAT" if referral.kd_poli != "MAT" else "INT"
    later = first_visit(referral, other)

    refused = await client.insert_sep(later)
    t_sep(later)["assesmentPel"] = "4"
    accepted = await client.insert_sep(later)

    assert refused.message == messages.RUJUKAN_ASSESMENT_REQUIRED.format(
        kdPoli=other, poliRujukan=referral.kd_poli
    )
    assert accepted.code == "200", accepted.message


async def test_a_referral_belongs_to_its_card(client: VClaimClient) -> None:
    referral = live_referral()
    body = first_visit(referral)
    stranger = "0002999999999" if referral.no_kartu != "0002999999999" else "0002999999998"
    t_sep(body)["noKartu"] = stranger

    reply = await client.insert_sep(body)

    assert reply.message == messages.RUJUKAN_OTHER_PESERTA.format(
        noRujukan=referral.no_rujukan, noKartu=stranger
    )


async def test_a_generated_referral_expires_after_90_days_in_every_mode(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    referral = expired_referral()
    body = first_visit(referral)
    # Claim a recent date: the world knows the referral's own date.
    t_sep(body)["rujukan"]["tglRujukan"] = "2026-11-20"
    expected = messages.RUJUKAN_EXPIRED.format(noRujukan=referral.no_rujukan)

    assert (await client.insert_sep(body)).message == expected
    assert (await strict_client.insert_sep(copy.deepcopy(body))).message == expected


async def test_unknown_referral_lenient_remembers_it_per_consumer(client: VClaimClient) -> None:
    body = bodies.rawat_jalan_first_visit()  # 0050B1071126P000123: not a generated number
    number = t_sep(body)["rujukan"]["noRujukan"]
    before = await client.call("GET", f"{BASE}/{number}")

    inserted = await client.insert_sep(body)
    after = await client.call("GET", f"{BASE}/{number}")
    listed = await client.call("GET", f"{BASE}/List/Peserta/{t_sep(body)['noKartu']}")
    elsewhere = await client.call("GET", f"{BASE}/{number}", consumer=OTHER_CONSUMER)

    assert before.message == messages.RUJUKAN_NOT_FOUND.format(noRujukan=number)
    assert inserted.code == "200"
    remembered = after.payload["rujukan"]
    assert remembered["noKunjungan"] == number
    assert remembered["tglKunjungan"] == t_sep(body)["rujukan"]["tglRujukan"]
    assert remembered["poliRujukan"] == {"kode": "INT", "nama": "PENYAKIT DALAM"}
    assert remembered["provPerujuk"]["kode"] == "0050B107"
    assert remembered["diagnosa"]["kode"] == "A15"
    assert remembered in listed.payload["rujukan"]
    assert elsewhere.message == before.message


async def test_a_remembered_referral_expires_too(client: VClaimClient) -> None:
    body = bodies.rawat_jalan_first_visit()
    t_sep(body)["tglSep"] = "2026-08-25"
    t_sep(body)["rujukan"]["tglRujukan"] = "2026-08-20"
    assert (await client.insert_sep(body)).code == "200"
    later = bodies.rawat_jalan_first_visit()  # same number, tglSep 2026-11-27: 99 days on

    reply = await client.insert_sep(later)

    assert reply.message == messages.RUJUKAN_EXPIRED.format(
        noRujukan=t_sep(later)["rujukan"]["noRujukan"]
    )


async def test_strict_refuses_an_unknown_referral(strict_client: VClaimClient) -> None:
    body = bodies.rawat_jalan_first_visit()
    t_sep(body)["dpjpLayan"] = next(d.kode for d in referensi.roster(0) if d.poli == "INT")

    reply = await strict_client.insert_sep(body)

    assert reply.message == messages.RUJUKAN_NOT_FOUND.format(
        noRujukan=t_sep(body)["rujukan"]["noRujukan"]
    )


async def test_strict_accepts_a_generated_referral_end_to_end(strict_client: VClaimClient) -> None:
    referral = live_referral()
    body = first_visit(referral)
    t_sep(body)["dpjpLayan"] = next(
        d.kode for d in referensi.roster(0) if d.poli == referral.kd_poli
    )

    reply = await strict_client.insert_sep(body)

    assert reply.code == "200", reply.message


def test_rawat_inap_igd_and_sep_numbers_are_not_referrals() -> None:
    # R.Inap and follow-ups cite an SEP as noRujukan; IGD has none: no referral rules.
    assert not rujukan.is_referral_use(t_sep(bodies.rawat_inap()))
    assert not rujukan.is_referral_use(t_sep(bodies.igd()))
    assert not rujukan.is_referral_use(t_sep(bodies.rawat_jalan_kontrol()))
    assert rujukan.is_referral_use(t_sep(bodies.rawat_jalan_first_visit()))


@pytest.mark.parametrize("kind", [FKTP, RS])
def test_a_referral_number_leads_back_to_its_card(kind: str) -> None:
    from mockvclaim.bpjs import numbers

    for index, card in enumerate(["0000000000000", "9999999999999", *_cards()[:50]]):
        month = 300 + index % 30
        ppk = numbers.fktp_code(card, 3) if kind == FKTP else numbers.rs_code(card, 3)
        sequence = numbers.referral_sequence(card, 3, kind, month)
        assert numbers.card_from_referral(ppk, sequence, month, kind, 3) == card
    assert numbers.card_from_referral("0050B107", 123, 310, FKTP, 3) is None
    assert numbers.card_from_referral("99999999", 123, 310, FKTP, 3) is None  # region 99
