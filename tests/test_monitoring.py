"""Monitoring on the wire: Kunjungan by date and HistoriPelayanan by card, computed from the
SEPs this consumer's world holds."""

from __future__ import annotations

from typing import Any

import pytest

from mockvclaim.bpjs import peserta
from mockvclaim.protocol import messages
from tests.conftest import OTHER_CONSUMER, VClaimClient, issue_sep, t_sep
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest"
KUNJUNGAN_KEYS = [
    "diagnosa", "jnsPelayanan", "kelasRawat", "nama", "noKartu", "noSep", "noRujukan", "poli",
    "tglPlgSep", "tglSep",
]  # fmt: skip
HISTORI_KEYS = [
    "diagnosa", "jnsPelayanan", "kelasRawat", "namaPeserta", "noKartu", "noSep", "noRujukan",
    "poli", "ppkPelayanan", "tglPlgSep", "tglSep",
]  # fmt: skip
CARD = "0003160728841"  # the IGD and rawat inap fixtures' participant


async def kunjungan(client: VClaimClient, tgl: str, jns: str, **kwargs: Any) -> Any:
    return await client.call(
        "GET", f"{BASE}/Monitoring/Kunjungan/Tanggal/{tgl}/JnsPelayanan/{jns}", **kwargs
    )


async def histori(client: VClaimClient, card: str, first: str, last: str) -> Any:
    return await client.call(
        "GET", f"{BASE}/monitoring/HistoriPelayanan/NoKartu/{card}/tglMulai/{first}/tglAkhir/{last}"
    )


async def test_kunjungan_lists_the_day_by_service(client: VClaimClient) -> None:
    igd = await issue_sep(client, bodies.igd())
    first = await issue_sep(client, bodies.rawat_jalan_first_visit())
    inap = await issue_sep(client, bodies.rawat_inap())

    jalan = await kunjungan(client, "2026-11-27", "2")
    rawat_inap = await kunjungan(client, "2026-11-27", "1")

    assert (jalan.code, jalan.message) == ("200", "Sukses")
    rows = jalan.payload["sep"]
    assert [row["noSep"] for row in rows] == [igd, first]
    assert all(list(row) == KUNJUNGAN_KEYS for row in rows)
    assert rows[1] == {
        "diagnosa": "A15",
        "jnsPelayanan": "R.Jalan",
        "kelasRawat": "3",
        "nama": peserta.participant_for("0002802875185", 0).nama,
        "noKartu": "0002802875185",
        "noSep": first,
        "noRujukan": bodies.NO_RUJUKAN_PCARE,
        "poli": "INT",
        "tglPlgSep": "2026-11-27",  # an outpatient visit ends the day it starts
        "tglSep": "2026-11-27",
    }
    assert rows[0]["noRujukan"] == ""
    inap_rows = rawat_inap.payload["sep"]
    assert [(r["noSep"], r["jnsPelayanan"], r["poli"], r["diagnosa"]) for r in inap_rows] == [
        (inap, "R.Inap", None, "K35.8")
    ]


async def test_kunjungan_follows_discharge_update_and_delete(client: VClaimClient) -> None:
    inap = await issue_sep(client, bodies.rawat_inap())
    first = await issue_sep(client, bodies.rawat_jalan_first_visit())
    await client.call(
        "PUT",
        f"{BASE}/SEP/2.0/updtglplg",
        {
            "request": {
                "t_sep": {
                    "noSep": inap,
                    "statusPulang": "1",
                    "tglPulang": "2026-11-27",
                    "user": "x",
                }
            }
        },
    )
    await client.call(
        "PUT",
        f"{BASE}/SEP/2.0/update",
        {"request": {"t_sep": {"noSep": first, "diagAwal": "J06.9", "user": "x"}}},
    )
    await client.call(
        "DELETE", f"{BASE}/SEP/2.0/delete", {"request": {"t_sep": {"noSep": first, "user": "x"}}}
    )

    discharged = (await kunjungan(client, "2026-11-27", "1")).payload["sep"]
    emptied = await kunjungan(client, "2026-11-27", "2")

    assert [(row["noSep"], row["tglPlgSep"]) for row in discharged] == [(inap, "2026-11-27")]
    assert (emptied.code, emptied.message) == ("201", messages.NO_DATA.template)
    assert emptied.document["response"] is None


@pytest.mark.parametrize(
    ("tgl", "jns", "message"),
    [
        ("2026-11-26", "2", messages.NO_DATA.template),
        ("2026-13-01", "2", messages.DATE_INVALID.format(title="Tanggal SEP")),
        ("27-11-2026", "2", messages.DATE_INVALID.format(title="Tanggal SEP")),
        (
            "2026-11-27",
            "3",
            messages.FIELD_ENUM.format(
                title="Jenis Pelayanan", field="jnsPelayanan", allowed="1, 2"
            ),
        ),
    ],
)
async def test_kunjungan_bad_or_empty_is_201(
    client: VClaimClient, tgl: str, jns: str, message: str
) -> None:
    await issue_sep(client, bodies.rawat_jalan_first_visit())

    reply = await kunjungan(client, tgl, jns)

    assert (reply.status, reply.code, reply.message) == (200, "201", message)


async def test_kunjungan_is_per_consumer(client: VClaimClient) -> None:
    await issue_sep(client, bodies.rawat_jalan_first_visit())

    reply = await kunjungan(client, "2026-11-27", "2", consumer=OTHER_CONSUMER)

    assert reply.message == messages.NO_DATA.template


async def test_histori_lists_a_cards_visits(client: VClaimClient) -> None:
    earlier = bodies.igd()
    t_sep(earlier)["tglSep"] = "2026-09-01"
    igd_before = await issue_sep(client, earlier)
    igd = await issue_sep(client, bodies.igd())
    inap = await issue_sep(client, bodies.rawat_inap())
    await issue_sep(client, bodies.rawat_jalan_first_visit())  # another card

    reply = await histori(client, CARD, "2026-09-01", "2026-11-27")

    assert (reply.code, reply.message) == ("200", "Sukses")
    rows = reply.payload["histori"]
    assert [row["noSep"] for row in rows] == [igd_before, igd, inap]
    assert all(list(row) == HISTORI_KEYS for row in rows)
    nama = peserta.participant_for(CARD, 0).nama
    hospital = peserta.facility_name(bodies.PPK_PELAYANAN, 0)
    assert rows[1] == {
        "diagnosa": "K35.8 - Acute appendicitis, other and unspecified",
        "jnsPelayanan": "2",
        "kelasRawat": None,
        "namaPeserta": nama,
        "noKartu": CARD,
        "noSep": igd,
        "noRujukan": "",
        "poli": "INSTALASI GAWAT DARURAT",
        "ppkPelayanan": hospital,
        "tglPlgSep": "2026-11-27",
        "tglSep": "2026-11-27",
    }
    assert (rows[2]["jnsPelayanan"], rows[2]["kelasRawat"], rows[2]["poli"]) == ("1", "Kelas 3", "")
    assert rows[2]["tglPlgSep"] is None  # still admitted


@pytest.mark.parametrize(
    ("card", "first", "last", "message"),
    [
        (CARD, "2026-08-28", "2026-11-27", messages.RANGE_TOO_LONG.format(days=90)),
        (CARD, "2026-11-27", "2026-11-01", messages.RANGE_REVERSED.template),
        (CARD, "2026-10-01", "2026-10-31", messages.NO_DATA.template),
        ("000316072884", "2026-11-01", "2026-11-27", "Format Nomor Kartu (noKartu) tidak sesuai"),
        (CARD, "2026-11-31", "2026-11-27", messages.DATE_INVALID.format(title="Tanggal Mulai")),
    ],
)
async def test_histori_bad_range_or_nothing_is_201(
    client: VClaimClient, card: str, first: str, last: str, message: str
) -> None:
    await issue_sep(client, bodies.igd())

    reply = await histori(client, card, first, last)

    assert (reply.code, reply.message) == ("201", message)


async def test_histori_window_of_exactly_90_days_is_allowed(client: VClaimClient) -> None:
    await issue_sep(client, bodies.igd())

    reply = await histori(client, CARD, "2026-08-29", "2026-11-27")

    assert reply.code == "200"
