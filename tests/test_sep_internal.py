"""SEP internal on the wire: the internal referrals a SEP's later visits make (assesmentPel
4 to another poli on the same referral), and deleting one (a plain answer, docs/vclaim-api.md
§2.3)."""

from __future__ import annotations

from typing import Any

import pytest

from mockvclaim.bpjs.vclaim.dokter import dpjp_name
from mockvclaim.protocol import messages
from tests.conftest import OTHER_CONSUMER, VClaimClient
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest-dev"
ROW_KEYS = [
    "tujuanrujuk", "nmtujuanrujuk", "nmpoliasal", "tglrujukinternal", "nosep", "nosepref",
    "ppkpelsep", "nokapst", "tglsep", "nosurat", "flaginternal", "kdpoliasal", "kdpolituj",
    "kdpenunjang", "nmpenunjang", "diagppk", "kddokter", "nmdokter", "flagprosedur",
    "opsikonsul", "flagsep", "fuser", "fdate", "nmdiag",
]  # fmt: skip


async def insert(client: VClaimClient, body: dict[str, Any]) -> str:
    reply = await client.insert_sep(body)
    assert reply.code == "200", reply.message
    no_sep: str = reply.payload["sep"]["noSep"]
    return no_sep


def to_poli(poli: str, dpjp: str, **changes: str) -> dict[str, Any]:
    body = bodies.rawat_jalan_internal()
    t = body["request"]["t_sep"]
    t["poli"]["tujuan"] = poli
    t["dpjpLayan"] = dpjp
    t.update(changes)
    return body


async def internal(client: VClaimClient, no_sep: str, **kw: Any) -> Any:
    return await client.call("GET", f"{BASE}/SEP/Internal/{no_sep}", **kw)


async def delete(client: VClaimClient, **t: str) -> Any:
    body = {"request": {"t_sep": {"user": "Admin", **t}}}
    return await client.call("DELETE", f"{BASE}/SEP/Internal/delete", body)


async def two_referrals(client: VClaimClient) -> tuple[str, str, str]:
    first = await insert(client, bodies.rawat_jalan_first_visit())  # INT
    bed = await insert(client, bodies.rawat_jalan_internal())  # INT -> BED, assesmentPel 4
    sar = await insert(client, to_poli("SAR", "24271", diagAwal="I15"))
    return first, bed, sar


async def test_list_shows_each_internal_referral_of_the_first_sep(client: VClaimClient) -> None:
    first, bed, sar = await two_referrals(client)

    reply = await internal(client, first)

    assert (reply.code, reply.message) == ("200", "OK")
    assert isinstance(reply.document["response"], str)  # encrypted
    assert reply.payload["count"] == "2"
    rows = reply.payload["list"]
    assert [list(row) for row in rows] == [ROW_KEYS, ROW_KEYS]
    assert rows[0] == {
        "tujuanrujuk": "BED",
        "nmtujuanrujuk": "BEDAH",
        "nmpoliasal": "PENYAKIT DALAM",
        "tglrujukinternal": "2026-11-27",
        "nosep": first,
        "nosepref": bed,
        "ppkpelsep": "0301R011",
        "nokapst": "0002802875185",
        "tglsep": "2026-11-27",
        "nosurat": bed[:12] + "N" + bed[13:],
        "flaginternal": "0",
        "kdpoliasal": "INT",
        "kdpolituj": "BED",
        "kdpenunjang": "0",
        "nmpenunjang": None,
        "diagppk": "K40.9",
        "kddokter": bodies.DPJP_BED,
        "nmdokter": dpjp_name(bodies.DPJP_BED, 0),
        "flagprosedur": None,
        "opsikonsul": "1",
        "flagsep": "False",
        "fuser": "Admin Pendaftaran",
        "fdate": "2026-11-27",
        "nmdiag": "Unilateral or unspecified inguinal hernia, without obstruction or gangrene",
    }
    assert (rows[1]["nosepref"], rows[1]["kdpolituj"], rows[1]["nmtujuanrujuk"]) == (
        sar,
        "SAR",
        "SARAF",
    )
    assert (rows[1]["diagppk"], rows[1]["nmdiag"]) == ("I15", "Secondary hypertension")


async def test_only_assesment_4_to_another_poli_counts(client: VClaimClient) -> None:
    first = await insert(client, bodies.rawat_jalan_first_visit())
    # Another poli the same day without assesmentPel: a visit, not an internal referral.
    await insert(client, to_poli("SAR", "24271", assesmentPel=""))
    igd = await insert(client, bodies.igd())

    assert (await internal(client, first)).message == messages.NO_DATA.template
    assert (await internal(client, igd)).message == messages.NO_DATA.template


async def test_a_later_sep_has_no_list_of_its_own(client: VClaimClient) -> None:
    _, bed, _ = await two_referrals(client)

    reply = await internal(client, bed)

    assert (reply.code, reply.message) == ("201", messages.NO_DATA.template)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("0301R0111126V000777", messages.SEP_NOT_FOUND.format(noSep="0301R0111126V000777")),
        ("0301R011-126V000777", "Format Nomor SEP (noSep) tidak sesuai"),
    ],
)
async def test_list_unknown_or_malformed_sep_is_201(
    client: VClaimClient, number: str, message: str
) -> None:
    reply = await internal(client, number)

    assert (reply.code, reply.message) == ("201", message)


async def test_delete_answers_the_sep_number_plain_and_removes_the_row(
    client: VClaimClient,
) -> None:
    first, bed, sar = await two_referrals(client)
    row = (await internal(client, first)).payload["list"][0]

    reply = await delete(
        client,
        noSep=first.lower(),
        noSurat=row["nosurat"],
        tglRujukanInternal=row["tglrujukinternal"],
        kdPoliTuj=row["kdpolituj"].lower(),
    )

    assert (reply.code, reply.message) == ("200", "OK")
    assert reply.document["response"] == first  # plain JSON string, as stored
    left = (await internal(client, first)).payload
    assert (left["count"], [r["nosepref"] for r in left["list"]]) == ("1", [sar])
    # The SEP issued on the referral stays.
    assert (await client.call("GET", f"{BASE}/SEP/{bed}")).code == "200"
    again = await delete(
        client,
        noSep=first,
        noSurat=row["nosurat"],
        tglRujukanInternal=row["tglrujukinternal"],
        kdPoliTuj="BED",
    )
    assert again.message == messages.SEP_INTERNAL_NOT_FOUND.format(
        noSurat=row["nosurat"], noSep=first
    )


@pytest.mark.parametrize(
    "wrong", [{"tglRujukanInternal": "2026-11-26"}, {"kdPoliTuj": "SAR"}, {"noSep": "other"}]
)
async def test_delete_must_name_a_row(client: VClaimClient, wrong: dict[str, str]) -> None:
    first, bed, _ = await two_referrals(client)
    nosurat = bed[:12] + "N" + bed[13:]
    t = {"noSep": first, "noSurat": nosurat, "tglRujukanInternal": "2026-11-27", "kdPoliTuj": "BED"}
    if wrong.get("noSep") == "other":
        wrong = {"noSep": bed}  # the referral's own SEP is not where it was made from
    t.update(wrong)

    reply = await delete(client, **t)

    assert reply.code == "201"
    assert reply.message == messages.SEP_INTERNAL_NOT_FOUND.format(
        noSurat=nosurat, noSep=t["noSep"]
    )
    assert (await internal(client, first)).payload["count"] == "2"


async def test_delete_bad_body_or_unknown_sep_is_201(client: VClaimClient) -> None:
    missing = await delete(client, noSep="0301R0111126V000001")
    unknown = await delete(
        client,
        noSep="0301R0111126V000001",
        noSurat="0301R0111126N000002",
        tglRujukanInternal="2026-11-27",
        kdPoliTuj="BED",
    )

    assert missing.message == "Nomor Surat (request.t_sep.noSurat) tidak boleh kosong"
    assert unknown.message == messages.SEP_NOT_FOUND.format(noSep="0301R0111126V000001")


async def test_deleting_the_later_sep_removes_its_referral(client: VClaimClient) -> None:
    first, bed, sar = await two_referrals(client)
    body = {"request": {"t_sep": {"noSep": sar, "user": "Admin"}}}
    assert (await client.call("DELETE", f"{BASE}/SEP/2.0/delete", body)).code == "200"

    left = (await internal(client, first)).payload

    assert (left["count"], [r["nosepref"] for r in left["list"]]) == ("1", [bed])
    other = await internal(client, first, consumer=OTHER_CONSUMER)
    assert other.message == messages.SEP_NOT_FOUND.format(noSep=first)
