"""Rujukan keluar on the wire: a hospital refers its patient on from a SEP, and the same
consumer, playing the receiving hospital, finds and uses the referral."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from mockvclaim.bpjs import peserta
from mockvclaim.bpjs.vclaim import referensi, rujukan
from mockvclaim.protocol import messages
from tests.conftest import OTHER_CONSUMER, VClaimClient, issue_sep, make_world, t_sep
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest-dev"
RUJ = f"{BASE}/Rujukan"
CARD = "0002802875185"  # the R.Jalan fixtures' participant
TARGET = "0301R002"  # another hospital
INSERT_KEYS = [
    "AsalRujukan", "diagnosa", "noRujukan", "peserta", "poliTujuan", "tglBerlakuKunjungan",
    "tglRencanaKunjungan", "tglRujukan", "tujuanRujukan",
]  # fmt: skip
PESERTA_KEYS = [
    "asuransi",
    "hakKelas",
    "jnsPeserta",
    "kelamin",
    "nama",
    "noKartu",
    "noMr",
    "tglLahir",
]
LIST_KEYS = [
    "noRujukan", "tglRujukan", "jnsPelayanan", "noSep", "noKartu", "nama", "ppkDirujuk",
    "namaPpkDirujuk",
]  # fmt: skip
DETAIL_KEYS = [
    "noRujukan", "noSep", "noKartu", "nama", "kelasRawat", "kelamin", "tglLahir", "tglSep",
    "tglRujukan", "tglRencanaKunjungan", "ppkDirujuk", "namaPpkDirujuk", "jnsPelayanan",
    "catatan", "diagRujukan", "namaDiagRujukan", "tipeRujukan", "namaTipeRujukan",
    "poliRujukan", "namaPoliRujukan",
]  # fmt: skip


def t_rujukan(no_sep: str, **changes: str) -> dict[str, str]:
    inner = {
        "noSep": no_sep,
        "tglRujukan": "2026-11-27",
        "tglRencanaKunjungan": "2026-11-30",
        "ppkDirujuk": TARGET,
        "jnsPelayanan": "2",
        "catatan": "rujuk untuk bronkoskopi",
        "diagRujukan": "A15",
        "tipeRujukan": "0",
        "poliRujukan": "PAR",
        "user": "Coba Ws",
    }
    inner.update(changes)
    return inner


def wrap(inner: dict[str, str]) -> dict[str, Any]:
    return {"request": {"t_rujukan": inner}}


async def refer(client: VClaimClient, no_sep: str, **changes: str) -> Any:
    return await client.call("POST", f"{RUJ}/2.0/insert", wrap(t_rujukan(no_sep, **changes)))


async def referral_number(client: VClaimClient, no_sep: str, **changes: str) -> str:
    reply = await refer(client, no_sep, **changes)
    assert reply.code == "200", reply.message
    number: str = reply.payload["rujukan"]["noRujukan"]
    return number


async def test_insert_has_the_catalogue_shape(client: VClaimClient) -> None:
    no_sep = await issue_sep(client)

    reply = await refer(client, no_sep)

    assert (reply.status, reply.code, reply.message) == (200, "200", "OK")
    body = reply.payload["rujukan"]
    assert list(body) == INSERT_KEYS
    assert re.fullmatch(r"0301R0111126B[0-9]{6}", body["noRujukan"])
    assert body["AsalRujukan"] == {
        "kode": "0301R011",
        "nama": peserta.facility_name("0301R011", 0),
    }
    assert body["diagnosa"] == {
        "kode": "A15",
        "nama": "A15 - Respiratory tuberculosis, bacteriologically and histologically confirmed",
    }
    person = peserta.participant_for(CARD, 0)
    assert list(body["peserta"]) == PESERTA_KEYS
    assert body["peserta"] == {
        "asuransi": "-",
        "hakKelas": None,
        "jnsPeserta": person.jenis_peserta_short,
        "kelamin": person.kelamin_long,
        "nama": person.nama,
        "noKartu": CARD,
        "noMr": "MR5185",
        "tglLahir": person.tgl_lahir.isoformat(),
    }
    assert body["poliTujuan"] == {"kode": "PAR", "nama": "PARU"}
    # tglRujukan + 90 days, as in the catalogue (2021-03-18 -> 2021-06-16).
    assert body["tglBerlakuKunjungan"] == "2027-02-25"
    assert (body["tglRujukan"], body["tglRencanaKunjungan"]) == ("2026-11-27", "2026-11-30")
    assert body["tujuanRujukan"] == {"kode": TARGET, "nama": peserta.facility_name(TARGET, 0)}


async def test_the_two_hospital_flow(client: VClaimClient) -> None:
    """Insert SEP, refer out, find it in the Keluar list and at the receiving side, update,
    delete: every step decoded from the bytes on the wire."""
    no_sep = await issue_sep(client)
    number = await referral_number(client, no_sep)

    listed = await client.call("GET", f"{RUJ}/Keluar/List/tglMulai/2026-11-01/tglAkhir/2026-11-30")
    assert (listed.code, listed.message) == ("200", "Sukses")
    [row] = listed.payload["list"]
    assert list(row) == LIST_KEYS
    assert row == {
        "noRujukan": number,
        "tglRujukan": "2026-11-27",
        "jnsPelayanan": "2",
        "noSep": no_sep,
        "noKartu": CARD,
        "nama": peserta.participant_for(CARD, 0).nama,
        "ppkDirujuk": TARGET,
        "namaPpkDirujuk": peserta.facility_name(TARGET, 0),
    }

    received = await client.call("GET", f"{RUJ}/RS/{number.lower()}")
    assert (received.code, received.message) == ("200", "OK")
    referral = received.payload["rujukan"]
    assert referral["noKunjungan"] == number
    assert referral["provPerujuk"] == {
        "kode": "0301R011",
        "nama": peserta.facility_name("0301R011", 0),
    }
    assert referral["poliRujukan"] == {"kode": "PAR", "nama": "PARU"}
    assert referral["diagnosa"]["kode"] == "A15"
    assert referral["peserta"]["noKartu"] == CARD
    assert referral["tglKunjungan"] == "2026-11-27"
    by_card = await client.call("GET", f"{RUJ}/RS/List/Peserta/{CARD}")
    assert number in [r["noKunjungan"] for r in by_card.payload["rujukan"]]

    changed = t_rujukan(
        no_sep, poliRujukan="INT", catatan="ke poli dalam", tglRencanaKunjungan="2026-12-02"
    )
    del changed["noSep"]
    updated = await client.call("PUT", f"{RUJ}/2.0/Update", wrap({"noRujukan": number, **changed}))
    assert (updated.code, updated.message) == ("200", "OK")
    assert updated.payload == number  # a JSON string, encrypted
    detail = await client.call("GET", f"{RUJ}/Keluar/{number}")
    assert (detail.code, detail.message) == ("200", "Sukses")
    assert detail.payload["rujukan"]["poliRujukan"] == "INT"
    assert detail.payload["rujukan"]["tglRencanaKunjungan"] == "2026-12-02"

    deleted = await client.call(
        "DELETE", f"{RUJ}/delete", wrap({"noRujukan": number, "user": "Coba Ws"})
    )
    assert (deleted.code, deleted.message) == ("200", "OK")
    assert deleted.payload == number  # encrypted: the mock's choice for a [U] point
    gone = await client.call("GET", f"{RUJ}/Keluar/{number}")
    assert gone.message == messages.RUJUKAN_NOT_FOUND.format(noRujukan=number)
    gone_rs = await client.call("GET", f"{RUJ}/RS/{number}")
    assert gone_rs.code == "201"
    empty = await client.call("GET", f"{RUJ}/Keluar/List/tglMulai/2026-11-01/tglAkhir/2026-11-30")
    assert (empty.code, empty.message) == ("201", messages.NO_DATA.template)


async def test_keluar_detail_has_the_catalogue_shape(client: VClaimClient) -> None:
    no_sep = await issue_sep(client)
    number = await referral_number(client, no_sep, tipeRujukan="1")

    reply = await client.call("GET", f"{RUJ}/Keluar/{number}")

    body = reply.payload["rujukan"]
    assert list(body) == DETAIL_KEYS
    person = peserta.participant_for(CARD, 0)
    assert body["kelasRawat"] == "3"
    assert body["kelamin"] == person.sex
    assert body["tglSep"] == "2026-11-27"
    assert body["namaDiagRujukan"].startswith("Respiratory tuberculosis")
    assert (body["tipeRujukan"], body["namaTipeRujukan"]) == ("1", "Rujukan Partial")
    assert body["namaPoliRujukan"] == "PARU"


async def test_numbers_follow_one_sequence_and_skip_generated_referrals(
    client: VClaimClient,
) -> None:
    no_sep = await issue_sep(client)

    numbers = [await referral_number(client, no_sep) for _ in range(10)]

    sequences = [int(n[-6:]) for n in numbers]
    assert sequences == sorted(set(sequences))
    # 0301R0111126B000010 is a generated hospital referral of some card: skipped.
    assert rujukan.is_generated_number("0301R0111126B000010", 0)
    assert "0301R0111126B000010" not in numbers
    assert sequences[:10] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 11]


async def test_number_takes_mmyy_of_tgl_rujukan(client: VClaimClient) -> None:
    no_sep = await issue_sep(client)

    number = await referral_number(
        client, no_sep, tglRujukan="2026-12-01", tglRencanaKunjungan="2026-12-03"
    )

    assert number[8:13] == "1226B"


async def test_a_sep_on_the_referral_holds_the_receiving_side_to_it(client: VClaimClient) -> None:
    """Hospital B issues a SEP on hospital A's referral: same card, the referral's poli."""
    no_sep = await issue_sep(client)
    number = await referral_number(client, no_sep, tglRencanaKunjungan="2026-11-27")

    body = bodies.rawat_jalan_first_visit()
    t = t_sep(body)
    t["rujukan"].update(
        asalRujukan="2", tglRujukan="2026-11-27", noRujukan=number, ppkRujukan="0301R011"
    )
    t["poli"]["tujuan"] = "INT"
    wrong_poli = await client.insert_sep(body)
    assert wrong_poli.message == messages.RUJUKAN_POLI_MISMATCH.format(
        kdPoli="INT", poliRujukan="PAR"
    )
    t["noKartu"] = "0002000000123"
    t["poli"]["tujuan"] = "PAR"
    other_card = await client.insert_sep(body)
    assert other_card.message == messages.RUJUKAN_OTHER_PESERTA.format(
        noRujukan=number, noKartu="0002000000123"
    )
    t["noKartu"] = CARD
    received = await client.insert_sep(body)
    assert received.code == "200", received.message

    jumlah = await client.call("GET", f"{RUJ}/JumlahSEP/2/{number}")
    assert jumlah.payload == {"jumlahSEP": "1"}
    # A referral a SEP was issued on can no longer change or go.
    used = messages.RUJUKAN_KELUAR_USED.format(
        noRujukan=number, noSep=received.payload["sep"]["noSep"]
    )
    deleted = await client.call("DELETE", f"{RUJ}/delete", wrap({"noRujukan": number, "user": "x"}))
    assert deleted.message == used


async def test_a_sep_with_referrals_cannot_be_deleted(client: VClaimClient) -> None:
    no_sep = await issue_sep(client)
    number = await referral_number(client, no_sep)

    refused = await client.call(
        "DELETE", f"{BASE}/SEP/2.0/delete", {"request": {"t_sep": {"noSep": no_sep, "user": "x"}}}
    )

    assert refused.message == messages.SEP_HAS_RUJUKAN_KELUAR.format(noSep=no_sep, noRujukan=number)
    await client.call("DELETE", f"{RUJ}/delete", wrap({"noRujukan": number, "user": "x"}))
    allowed = await client.call(
        "DELETE", f"{BASE}/SEP/2.0/delete", {"request": {"t_sep": {"noSep": no_sep, "user": "x"}}}
    )
    assert allowed.code == "200", allowed.message


async def test_referrals_are_per_consumer(client: VClaimClient) -> None:
    no_sep = await issue_sep(client)
    number = await referral_number(client, no_sep)

    other = await client.call("GET", f"{RUJ}/Keluar/{number}", consumer=OTHER_CONSUMER)
    other_rs = await client.call("GET", f"{RUJ}/RS/{number}", consumer=OTHER_CONSUMER)
    other_sep = await client.call(
        "POST", f"{RUJ}/2.0/insert", wrap(t_rujukan(no_sep)), consumer=OTHER_CONSUMER
    )

    assert other.message == messages.RUJUKAN_NOT_FOUND.format(noRujukan=number)
    assert other_rs.code == "201"
    assert other_sep.message == messages.SEP_NOT_FOUND.format(noSep=no_sep)


async def test_legacy_insert_and_update(client: VClaimClient) -> None:
    no_sep = await issue_sep(client)
    legacy = t_rujukan(no_sep)
    del legacy["tglRencanaKunjungan"]

    reply = await client.call("POST", f"{RUJ}/insert", wrap(legacy))
    partial = await client.call("POST", f"{RUJ}/insert", wrap({**legacy, "tipeRujukan": "1"}))

    assert (reply.code, reply.message) == ("200", "OK")
    body = reply.payload["rujukan"]
    legacy_keys = [
        k for k in INSERT_KEYS if k not in ("tglBerlakuKunjungan", "tglRencanaKunjungan")
    ]
    assert list(body) == legacy_keys
    # "untuk tipe rujukan 1 maka response adalah null" (catalogue).
    assert (partial.code, partial.document["response"]) == ("200", None)

    number = body["noRujukan"]
    update = {k: v for k, v in legacy.items() if k not in ("noSep", "tglRujukan")}
    update.update(noRujukan=number, tipe="0", poliRujukan="JAN")
    updated = await client.call("PUT", f"{RUJ}/update", wrap(update))
    assert updated.payload == number
    detail = (await client.call("GET", f"{RUJ}/Keluar/{number}")).payload["rujukan"]
    # No dates in the legacy body: the stored ones stay.
    assert (detail["tglRujukan"], detail["tglRencanaKunjungan"]) == ("2026-11-27", "2026-11-27")
    assert detail["poliRujukan"] == "JAN"


async def test_back_to_the_fktp_has_no_poli(client: VClaimClient) -> None:
    no_sep = await issue_sep(client)

    reply = await refer(client, no_sep, tipeRujukan="2", ppkDirujuk="03010402", poliRujukan="INT")

    assert reply.payload["rujukan"]["poliTujuan"] == {"kode": "", "nama": ""}
    detail = await client.call("GET", f"{RUJ}/Keluar/{reply.payload['rujukan']['noRujukan']}")
    assert detail.payload["rujukan"]["namaTipeRujukan"] == "Rujukan Balik PRB"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"tglRujukan": "2026-11-26"},
            messages.RUJUKAN_KELUAR_BEFORE_SEP.format(tglSep="2026-11-27"),
        ),
        ({"tglRencanaKunjungan": "2026-11-26"}, messages.RENCANA_KUNJUNGAN_BEFORE_RUJUKAN.template),
        (
            {"tglRencanaKunjungan": "2027-02-26"},
            messages.RENCANA_KUNJUNGAN_AFTER_BERLAKU.format(tglBerlakuKunjungan="2027-02-25"),
        ),
        ({"tglRujukan": "2026-02-30"}, messages.DATE_INVALID.format(title="Tanggal Rujukan")),
        ({"ppkDirujuk": "ABCD0002"}, messages.PPK_DIRUJUK_NOT_FOUND.format(kode="ABCD0002")),
        ({"ppkDirujuk": "0301r011"}, messages.PPK_DIRUJUK_SELF.format(kode="0301R011")),
        ({"poliRujukan": ""}, messages.POLI_RUJUKAN_REQUIRED.template),
        ({"poliRujukan": "XYZ"}, messages.POLI_NOT_FOUND.format(kode="XYZ")),
        ({"diagRujukan": "Z99.99"}, messages.DIAGNOSA_NOT_FOUND.format(kode="Z99.99")),
        ({"tipeRujukan": "3"}, None),
        (
            {"noSep": "0301R0111126V999999"},
            messages.SEP_NOT_FOUND.format(noSep="0301R0111126V999999"),
        ),
    ],
)
async def test_insert_refusals(
    client: VClaimClient, changes: dict[str, str], message: str | None
) -> None:
    no_sep = await issue_sep(client)

    reply = await refer(client, no_sep, **changes)

    assert (reply.status, reply.code, reply.document["response"]) == (200, "201", None)
    if message is not None:
        assert reply.message == message
    else:
        assert "tipeRujukan" in reply.message


def strict_first_visit() -> dict[str, Any]:
    """A first visit on a live generated referral with a roster DPJP, as --strict wants."""
    today = date(2026, 11, 27)
    referral = next(
        found[0]
        for i in range(400)
        if (found := rujukan.of_card(make_world(today=today), f"0002{i:09d}", rujukan.FKTP))
    )
    body = bodies.rawat_jalan_first_visit()
    t = t_sep(body)
    t["noKartu"] = referral.no_kartu
    t["rujukan"].update(
        tglRujukan=referral.tgl_kunjungan.isoformat(),
        noRujukan=referral.no_rujukan,
        ppkRujukan=referral.ppk,
    )
    t["poli"]["tujuan"] = referral.kd_poli
    t["dpjpLayan"] = next(d.kode for d in referensi.roster(0) if d.poli == referral.kd_poli)
    return body


async def test_strict_mode_holds_the_tier_and_the_prb_poli(strict_client: VClaimClient) -> None:
    no_sep = await issue_sep(strict_client, strict_first_visit())

    to_fktp = await refer(strict_client, no_sep, ppkDirujuk="03010402")
    prb_to_rs = await refer(strict_client, no_sep, tipeRujukan="2", poliRujukan="")
    prb_poli = await refer(strict_client, no_sep, tipeRujukan="2", ppkDirujuk="03010402")
    tomorrow = await refer(strict_client, no_sep, tglRujukan="2026-11-28")
    fine = await refer(
        strict_client, no_sep, tipeRujukan="2", ppkDirujuk="03010402", poliRujukan=""
    )

    assert to_fktp.message == messages.PPK_DIRUJUK_TINGKAT.format(
        namaTipe="Rujukan Penuh", kode="03010402", tingkat="2"
    )
    assert prb_to_rs.message == messages.PPK_DIRUJUK_TINGKAT.format(
        namaTipe="Rujukan Balik PRB", kode=TARGET, tingkat="1"
    )
    assert prb_poli.message == messages.POLI_RUJUKAN_PRB.template
    assert tomorrow.message == messages.RUJUKAN_KELUAR_FUTURE.template
    assert fine.code == "200", fine.message
