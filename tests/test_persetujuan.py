"""Back-date and finger print requests on the wire: Sep/pengajuanSEP, Sep/aprovalSEP, the
persetujuanSEP list, and the approval --strict SEP insert needs for a back-dated tglSep."""

from __future__ import annotations

from typing import Any

import pytest

from mockvclaim.bpjs import peserta
from mockvclaim.bpjs.vclaim import referensi
from mockvclaim.protocol import messages
from tests.conftest import OTHER_CONSUMER, VClaimClient
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest-dev/Sep"
CARD = "0003160728841"  # the IGD builder's card
LIST_KEYS = ["noKartu", "nama", "tglsep", "jnspelayanan", "persetujuan", "status"]


def request(**changes: str) -> dict[str, Any]:
    t = {
        "noKartu": CARD,
        "tglSep": "2026-11-26",
        "jnsPelayanan": "2",
        "jnsPengajuan": "1",
        "keterangan": "Hari libur",
        "user": "Coba Ws",
    }
    t.update(changes)
    return {"request": {"t_sep": {k: v for k, v in t.items() if v is not None}}}


async def pengajuan(client: VClaimClient, **changes: str) -> Any:
    return await client.call("POST", f"{BASE}/pengajuanSEP", request(**changes))


async def aproval(client: VClaimClient, **changes: str) -> Any:
    return await client.call("POST", f"{BASE}/aprovalSEP", request(**changes))


async def listing(client: VClaimClient, bulan: str = "11", tahun: str = "2026", **kw: Any) -> Any:
    return await client.call("GET", f"{BASE}/persetujuanSEP/list/bulan/{bulan}/tahun/{tahun}", **kw)


def backdated_igd(tgl: str = "2026-11-26") -> dict[str, Any]:
    """An IGD visit --strict accepts apart from its date: a roster DPJP, no referral."""
    body = bodies.igd()
    body["request"]["t_sep"].update(tglSep=tgl, dpjpLayan=referensi.roster(0)[0].kode)
    return body


async def test_pengajuan_answers_the_card_number_encrypted(client: VClaimClient) -> None:
    reply = await pengajuan(client)

    assert (reply.code, reply.message) == ("200", "OK")
    assert isinstance(reply.document["response"], str)
    assert reply.payload == CARD


async def test_list_shows_a_request_pending_then_approved(client: VClaimClient) -> None:
    await pengajuan(client)

    pending = await listing(client)

    assert (pending.code, pending.message) == ("200", "Sukses")
    assert pending.payload == {
        "list": [
            {
                "noKartu": CARD,
                "nama": peserta.participant_for(CARD, 0).nama,
                "tglsep": "2026-11-26",
                "jnspelayanan": "RJ",
                "persetujuan": "Pengajuan",
                "status": "Tgl.SEP Backdate",
            }
        ]
    }
    approved = await aproval(client)
    assert (approved.code, approved.message, approved.payload) == ("200", "OK", CARD)
    (row,) = (await listing(client)).payload["list"]
    assert list(row) == LIST_KEYS
    assert row["persetujuan"] == "Disetujui"


async def test_aproval_without_jns_pengajuan_approves_the_backdate(client: VClaimClient) -> None:
    await pengajuan(client)
    await pengajuan(client, jnsPengajuan="2", tglSep="2026-11-27", jnsPelayanan="1")

    reply = await aproval(client, jnsPengajuan=None)  # type: ignore[arg-type]

    assert reply.code == "200", reply.message
    rows = (await listing(client)).payload["list"]
    assert [(r["status"], r["persetujuan"], r["jnspelayanan"]) for r in rows] == [
        ("Tgl.SEP Backdate", "Disetujui", "RJ"),
        ("Finger Print", "Pengajuan", "RI"),
    ]


async def test_strict_backdate_is_refused_until_the_request_is_approved(
    strict_client: VClaimClient,
) -> None:
    refused = await strict_client.insert_sep(backdated_igd())
    assert refused.message == messages.SEP_BACKDATE_NEEDS_APPROVAL.format(tglSep="2026-11-26")

    assert (await pengajuan(strict_client)).code == "200"
    still = await strict_client.insert_sep(backdated_igd())
    assert still.message == refused.message  # pending is not approved

    assert (await aproval(strict_client)).code == "200"
    accepted = await strict_client.insert_sep(backdated_igd())

    assert accepted.code == "200", accepted.message
    assert accepted.payload["sep"]["tglSep"] == "2026-11-26"
    assert accepted.payload["sep"]["noSep"] == "0301R0111126V000001"


@pytest.mark.parametrize(
    "other",
    [
        {"tglSep": "2026-11-25"},  # another day
        {"jnsPelayanan": "1"},  # another service type
        {"jnsPengajuan": "2"},  # a finger print approval is no back-date approval
        {"noKartu": "0002802875185"},  # another card
    ],
)
async def test_strict_approval_covers_only_its_card_day_and_service(
    strict_client: VClaimClient, other: dict[str, str]
) -> None:
    assert (await pengajuan(strict_client, **other)).code == "200"
    assert (await aproval(strict_client, **other)).code == "200"

    reply = await strict_client.insert_sep(backdated_igd())

    assert reply.message == messages.SEP_BACKDATE_NEEDS_APPROVAL.format(tglSep="2026-11-26")


async def test_strict_aproval_needs_a_request_lenient_does_not(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    strict = await aproval(strict_client)
    lenient = await aproval(client)

    assert strict.message == messages.PENGAJUAN_NOT_FOUND.format(noKartu=CARD, tglSep="2026-11-26")
    assert strict.document["response"] is None
    assert lenient.code == "200"
    assert (await listing(client)).payload["list"][0]["persetujuan"] == "Disetujui"
    assert (await listing(strict_client)).message == messages.NO_DATA.template


async def test_aproval_again_is_fine_pengajuan_again_is_201(client: VClaimClient) -> None:
    await pengajuan(client)

    again = await pengajuan(client)

    assert again.message == messages.PENGAJUAN_EXISTS.format(noKartu=CARD, tglSep="2026-11-26")
    assert (await aproval(client)).code == "200"
    assert (await aproval(client)).code == "200"
    assert (await pengajuan(client)).message == again.message


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"tglSep": "2026-11-27"},
            messages.PENGAJUAN_NOT_BACKDATE.format(tglSep="2026-11-27"),
        ),
        ({"tglSep": "2026-11-28", "jnsPengajuan": "2"}, messages.TGLSEP_FUTURE.template),
        ({"tglSep": "2026-02-30"}, messages.DATE_INVALID.format(title="Tanggal SEP")),
        ({"noKartu": "0000000000001"}, messages.PESERTA_NOT_FOUND.template),
        (
            {"jnsPengajuan": "3"},
            "Jenis Pengajuan (request.t_sep.jnsPengajuan) tidak sesuai, isi salah satu dari: 1, 2",
        ),
        ({"noKartu": "123"}, "Format Nomor Kartu (request.t_sep.noKartu) tidak sesuai"),
    ],
)
async def test_pengajuan_bad_requests_are_201(
    client: VClaimClient, changes: dict[str, str], message: str
) -> None:
    reply = await pengajuan(client, **changes)

    assert (reply.code, reply.message) == ("201", message)
    assert reply.document["response"] is None


async def test_pengajuan_needs_jns_pengajuan_aproval_does_not(client: VClaimClient) -> None:
    reply = await pengajuan(client, jnsPengajuan=None)  # type: ignore[arg-type]

    assert reply.message == "Jenis Pengajuan (request.t_sep.jnsPengajuan) tidak boleh kosong"


async def test_finger_print_request_for_today_is_accepted(client: VClaimClient) -> None:
    reply = await pengajuan(client, jnsPengajuan="2", tglSep="2026-11-27")

    assert reply.code == "200", reply.message


@pytest.mark.parametrize(
    ("bulan", "tahun", "message"),
    [
        ("13", "2026", "Format Bulan (bulan) tidak sesuai"),
        ("11", "26", "Format Tahun (tahun) tidak sesuai"),
        ("10", "2026", messages.NO_DATA.template),
    ],
)
async def test_list_bad_or_empty_month_is_201(
    client: VClaimClient, bulan: str, tahun: str, message: str
) -> None:
    await pengajuan(client)

    reply = await listing(client, bulan, tahun)

    assert (reply.code, reply.message) == ("201", message)


async def test_list_month_written_with_one_digit_and_per_consumer(client: VClaimClient) -> None:
    await pengajuan(client, tglSep="2026-09-30")

    assert len((await listing(client, "9")).payload["list"]) == 1
    other = await listing(client, "9", consumer=OTHER_CONSUMER)
    assert other.message == messages.NO_DATA.template
