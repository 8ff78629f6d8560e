"""Accidents on the wire: sep/KllInduk/List, sep/JasaRaharja/Suplesi and
monitoring/JasaRaharja, all read from the accident SEPs the consumer stored."""

from __future__ import annotations

from typing import Any

import pytest

from mockvclaim.bpjs import peserta
from mockvclaim.protocol import messages
from tests.conftest import OTHER_CONSUMER, VClaimClient, issue_sep
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest-dev"
CARD = "0003160728841"  # the IGD builder's card
INDUK_KEYS = [
    "noSEP", "tglKejadian", "ppkPelSEP", "kdProp", "kdKab", "kdKec", "ketKejadian",
    "noSEPSuplesi",
]  # fmt: skip
SUPLESI_KEYS = ["noRegister", "noSep", "noSepAwal", "noSuratJaminan", "tglKejadian", "tglSep"]


def accident_igd(
    tgl: str, laka: str = "2", suplesi: str = "", kejadian: str = "2026-11-19"
) -> dict[str, Any]:
    body = bodies.igd()
    t = body["request"]["t_sep"]
    t["tglSep"] = tgl
    t["jaminan"] = {
        "lakaLantas": laka,
        "noLP": "LP/B/123/XI/2026",
        "penjamin": {
            "tglKejadian": kejadian,
            "keterangan": "tabrakan motor",
            "suplesi": {
                "suplesi": "1" if suplesi else "0",
                "noSepSuplesi": suplesi,
                "lokasiLaka": {"kdPropinsi": "03", "kdKabupaten": "0050", "kdKecamatan": "0574"},
            },
        },
    }
    return body


async def world(client: VClaimClient) -> tuple[str, str, str]:
    """A traffic accident (induk) and its suplesi, a work accident, a plain visit."""
    induk = await issue_sep(client, accident_igd("2026-11-20"))
    kerja = await issue_sep(client, accident_igd("2026-11-24", laka="3", kejadian="2026-11-24"))
    suplesi = await issue_sep(client, accident_igd("2026-11-27", suplesi=induk))
    plain = bodies.igd()
    plain["request"]["t_sep"]["tglSep"] = "2026-11-25"
    await issue_sep(client, plain)
    return induk, kerja, suplesi


async def test_kll_induk_lists_accidents_newest_first_with_their_suplesi(
    client: VClaimClient,
) -> None:
    induk, kerja, suplesi = await world(client)

    reply = await client.call("GET", f"{BASE}/sep/KllInduk/List/{CARD}")

    assert (reply.code, reply.message) == ("200", "Ok")
    rows = reply.payload["list"]
    assert [list(row) for row in rows] == [INDUK_KEYS, INDUK_KEYS]
    assert [row["noSEP"] for row in rows] == [kerja, induk]  # the suplesi is no induk
    assert rows[1] == {
        "noSEP": induk,
        "tglKejadian": "2026-11-19",
        "ppkPelSEP": "0301R011",
        "kdProp": "03",
        "kdKab": "0050",
        "kdKec": "0574",
        "ketKejadian": "tabrakan motor",
        "noSEPSuplesi": suplesi,
    }
    assert rows[0]["noSEPSuplesi"] is None


async def test_kll_induk_joins_several_suplesi(client: VClaimClient) -> None:
    induk = await issue_sep(client, accident_igd("2026-11-20"))
    first = await issue_sep(client, accident_igd("2026-11-23", suplesi=induk))
    second = await issue_sep(client, accident_igd("2026-11-26", suplesi=induk))

    reply = await client.call("GET", f"{BASE}/sep/KllInduk/List/{CARD}")

    assert reply.payload["list"][0]["noSEPSuplesi"] == f"{first}, {second}"


async def test_jasa_raharja_suplesi_lists_traffic_accidents_up_to_the_day(
    client: VClaimClient,
) -> None:
    induk, _, suplesi = await world(client)
    path = f"{BASE}/sep/JasaRaharja/Suplesi/{CARD}/tglPelayanan"

    reply = await client.call("GET", f"{path}/2026-11-27")
    earlier = await client.call("GET", f"{path}/2026-11-21")

    assert (reply.code, reply.message) == ("200", "Sukses")
    rows = reply.payload["jaminan"]
    assert [list(row) for row in rows] == [SUPLESI_KEYS, SUPLESI_KEYS]
    # The work accident (lakaLantas 3) is no Jasa Raharja case.
    assert [(r["noSep"], r["noSepAwal"], r["tglSep"]) for r in rows] == [
        (induk, induk, "2026-11-20"),
        (suplesi, induk, "2026-11-27"),
    ]
    assert {(r["noSuratJaminan"], r["tglKejadian"]) for r in rows} == {("-", "2026-11-19")}
    assert all(r["noRegister"].isdigit() for r in rows)
    assert rows[0]["noRegister"] != rows[1]["noRegister"]
    assert [r["noSep"] for r in earlier.payload["jaminan"]] == [induk]
    again = await client.call("GET", f"{path}/2026-11-27")
    assert again.payload == reply.payload


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (f"sep/KllInduk/List/{CARD}", messages.NO_DATA.template),
        (f"sep/JasaRaharja/Suplesi/{CARD}/tglPelayanan/2026-11-27", messages.NO_DATA.template),
        ("sep/KllInduk/List/000316072884", "Format Nomor Kartu (noKartu) tidak sesuai"),
        (
            f"sep/JasaRaharja/Suplesi/{CARD}/tglPelayanan/2026-11-32",
            messages.DATE_INVALID.format(title="Tanggal Pelayanan"),
        ),
    ],
)
async def test_no_accident_or_bad_path_is_201(
    client: VClaimClient, path: str, message: str
) -> None:
    await issue_sep(client, bodies.igd())  # not an accident

    reply = await client.call("GET", f"{BASE}/{path}")

    assert (reply.code, reply.message) == ("201", message)


async def test_accidents_are_per_consumer(client: VClaimClient) -> None:
    await world(client)

    reply = await client.call("GET", f"{BASE}/sep/KllInduk/List/{CARD}", consumer=OTHER_CONSUMER)

    assert reply.message == messages.NO_DATA.template


# --- monitoring/JasaRaharja --------------------------------------------------------------------


async def monitoring(client: VClaimClient, jns: str, first: str, last: str) -> Any:
    return await client.call(
        "GET", f"{BASE}/monitoring/JasaRaharja/JnsPelayanan/{jns}/tglMulai/{first}/tglAkhir/{last}"
    )


async def test_monitoring_lists_the_guarantees_of_the_range(client: VClaimClient) -> None:
    induk, _, suplesi = await world(client)
    nama = peserta.participant_for(CARD, 0).nama

    reply = await monitoring(client, "2", "2026-11-01", "2026-11-27")

    assert (reply.code, reply.message) == ("200", "Sukses")
    rows = reply.payload["jaminan"]
    assert [row["sep"]["noSEP"] for row in rows] == [induk, suplesi]
    first = rows[0]
    assert list(first) == ["sep", "jasaRaharja"]
    assert first["sep"] == {
        "noSEP": induk,
        "tglSEP": "2026-11-20",
        "tglPlgSEP": "2026-11-20",
        "noMr": "MR717968",
        "jnsPelayanan": "2",
        "poli": "IGD",
        "diagnosa": "K35.8",
        "peserta": {"noKartu": CARD, "nama": nama, "noMR": "MR717968"},
    }
    jr = first["jasaRaharja"]
    assert list(jr) == [
        "tglKejadian", "noRegister", "ketStatusDijamin", "ketStatusDikirim", "biayaDijamin",
        "plafon", "jmlDibayar", "resultsJasaRaharja",
    ]  # fmt: skip
    assert (jr["tglKejadian"], jr["ketStatusDijamin"], jr["plafon"]) == (
        "2026-11-19",
        "Dijamin",
        "20000000",
    )
    assert 0 < int(jr["biayaDijamin"]) <= 20_000_000
    assert jr["jmlDibayar"] == jr["biayaDijamin"]  # an R.Jalan visit has ended
    suplesi_jr = await client.call(
        "GET", f"{BASE}/sep/JasaRaharja/Suplesi/{CARD}/tglPelayanan/2026-11-27"
    )
    assert jr["noRegister"] == suplesi_jr.payload["jaminan"][0]["noRegister"]
    window = await monitoring(client, "2", "2026-11-21", "2026-11-27")
    assert [row["sep"]["noSEP"] for row in window.payload["jaminan"]] == [suplesi]


async def test_monitoring_rawat_inap_is_paid_after_discharge(client: VClaimClient) -> None:
    body = bodies.rawat_inap()
    t = body["request"]["t_sep"]
    t["jaminan"] = accident_igd("2026-11-20", laka="1")["request"]["t_sep"]["jaminan"]
    t.update(tglSep="2026-11-20")
    t["rujukan"]["tglRujukan"] = "2026-11-20"
    no_sep = await issue_sep(client, body)

    admitted = (await monitoring(client, "1", "2026-11-20", "2026-11-20")).payload["jaminan"][0]
    pulang = {
        "noSep": no_sep,
        "statusPulang": "1",
        "noSuratMeninggal": "",
        "tglMeninggal": "",
        "tglPulang": "2026-11-25",
        "noLPManual": "LP/1",
        "user": "Admin",
    }
    await client.call("PUT", f"{BASE}/SEP/2.0/updtglplg", {"request": {"t_sep": pulang}})
    discharged = (await monitoring(client, "1", "2026-11-20", "2026-11-20")).payload["jaminan"][0]

    assert (admitted["sep"]["tglPlgSEP"], admitted["sep"]["poli"]) == (None, None)
    assert admitted["jasaRaharja"]["jmlDibayar"] == "0"
    assert discharged["sep"]["tglPlgSEP"] == "2026-11-25"
    assert discharged["jasaRaharja"]["jmlDibayar"] == discharged["jasaRaharja"]["biayaDijamin"]
    assert (await monitoring(client, "2", "2026-11-20", "2026-11-20")).code == "201"


@pytest.mark.parametrize(
    ("jns", "first", "last", "message"),
    [
        (
            "3",
            "2026-11-01",
            "2026-11-27",
            "Jenis Pelayanan (jnsPelayanan) tidak sesuai, isi salah satu dari: 1, 2",
        ),
        ("2", "2026-11-27", "2026-11-01", messages.RANGE_REVERSED.template),
        ("2", "2026-01-01", "2026-11-27", messages.RANGE_TOO_LONG.format(days=90)),
        ("2", "2026-11-1", "2026-11-27", messages.DATE_INVALID.format(title="Tanggal Mulai")),
        ("2", "2026-10-01", "2026-10-31", messages.NO_DATA.template),
    ],
)
async def test_monitoring_bad_or_empty_is_201(
    client: VClaimClient, jns: str, first: str, last: str, message: str
) -> None:
    await world(client)

    reply = await monitoring(client, jns, first, last)

    assert (reply.code, reply.message) == ("201", message)
