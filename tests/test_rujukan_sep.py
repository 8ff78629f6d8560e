"""JumlahSEP, lastsep and the by-date referral lists, read from the SEPs this consumer
stored; decoded from the bytes on the wire."""

from __future__ import annotations

from datetime import date
from typing import Any

from mockvclaim.bpjs.vclaim import rujukan
from mockvclaim.protocol import messages
from tests.conftest import OTHER_CONSUMER, VClaimClient, issue_sep, make_world, t_sep
from tests.fixtures import sep_insert_requests as bodies
from tests.test_rujukan_keluar import referral_number

BASE = "/vclaim-rest-dev"
RUJ = f"{BASE}/Rujukan"
TODAY = date(2026, 11, 27)
PCARE = bodies.NO_RUJUKAN_PCARE  # remembered through the fixture's SEPs


def later_visit(tgl_sep: str, poli: str = "INT") -> dict[str, Any]:
    body = bodies.rawat_jalan_first_visit()
    t = t_sep(body)
    t["tglSep"] = tgl_sep
    t["poli"]["tujuan"] = poli
    t["assesmentPel"] = "4"
    return body


async def test_jumlah_sep_counts_the_seps_on_a_referral(client: VClaimClient) -> None:
    none = await client.call("GET", f"{RUJ}/JumlahSEP/1/{PCARE}")
    await issue_sep(client, later_visit("2026-11-21"))
    await issue_sep(client, later_visit("2026-11-24", "JAN"))
    two = await client.call("GET", f"{RUJ}/JumlahSEP/1/{PCARE.lower()}")
    as_fkrtl = await client.call("GET", f"{RUJ}/JumlahSEP/2/{PCARE}")
    other = await client.call("GET", f"{RUJ}/JumlahSEP/1/{PCARE}", consumer=OTHER_CONSUMER)

    assert (none.code, none.message, none.payload) == ("200", "OK", {"jumlahSEP": "0"})
    assert two.payload == {"jumlahSEP": "2"}
    assert as_fkrtl.payload == {"jumlahSEP": "0"}  # the SEPs cite it as an FKTP referral
    assert other.payload == {"jumlahSEP": "0"}


async def test_jumlah_sep_with_strict_refuses_unknown_referrals(
    strict_client: VClaimClient,
) -> None:
    unknown = await strict_client.call("GET", f"{RUJ}/JumlahSEP/1/{PCARE}")
    generated = next(
        found[0]
        for i in range(400)
        if (found := rujukan.of_card(make_world(today=TODAY), f"0002{i:09d}", rujukan.FKTP))
    )
    known = await strict_client.call("GET", f"{RUJ}/JumlahSEP/1/{generated.no_rujukan}")

    assert unknown.message == messages.RUJUKAN_NOT_FOUND.format(noRujukan=PCARE)
    assert known.payload == {"jumlahSEP": "0"}


async def test_lastsep_is_the_newest_sep_in_the_sep_cari_shape(client: VClaimClient) -> None:
    missing = await client.call("GET", f"{RUJ}/lastsep/norujukan/{PCARE}")
    await issue_sep(client, later_visit("2026-11-25", "JAN"))
    newest = await issue_sep(client, later_visit("2026-11-26"))
    await issue_sep(client, later_visit("2026-11-21", "MAT"))  # issued last, dated earlier

    reply = await client.call("GET", f"{RUJ}/lastsep/norujukan/{PCARE}")
    cari = await client.call("GET", f"{BASE}/SEP/{newest}")

    assert missing.message == messages.LASTSEP_NOT_FOUND.format(noRujukan=PCARE)
    assert (reply.code, reply.message) == ("200", "Sukses")
    assert reply.payload == cari.payload
    assert reply.payload["noSep"] == newest


async def test_list_by_date_holds_the_referrals_this_consumer_knows(
    client: VClaimClient,
) -> None:
    empty = await client.call("GET", f"{RUJ}/List/TglRujukan/{bodies.TGL_RUJUKAN_PCARE}")
    await issue_sep(client)

    fktp = await client.call("GET", f"{RUJ}/List/TglRujukan/{bodies.TGL_RUJUKAN_PCARE}")
    other_day = await client.call("GET", f"{RUJ}/List/TglRujukan/2026-11-19")
    as_rs = await client.call("GET", f"{RUJ}/RS/List/TglRujukan/{bodies.TGL_RUJUKAN_PCARE}")

    assert (empty.code, empty.message) == ("201", messages.NO_DATA.template)
    assert (fktp.code, fktp.message) == ("200", "OK")
    [remembered] = fktp.payload["rujukan"]
    assert remembered["noKunjungan"] == PCARE
    assert remembered["tglKunjungan"] == bodies.TGL_RUJUKAN_PCARE
    assert other_day.code == "201"
    assert as_rs.code == "201"


async def test_list_by_date_shows_generated_referrals_of_met_participants(
    client: VClaimClient,
) -> None:
    referral = next(
        found[0]
        for i in range(400)
        if (found := rujukan.of_card(make_world(today=TODAY), f"0002{i:09d}", rujukan.RS))
    )
    path = f"{RUJ}/RS/List/TglRujukan/{referral.tgl_kunjungan.isoformat()}"
    before = await client.call("GET", path)
    # An IGD visit cites no referral, but the consumer has met the participant.
    body = bodies.igd()
    t_sep(body)["noKartu"] = referral.no_kartu
    await issue_sep(client, body)

    after = await client.call("GET", path)

    assert referral.no_rujukan not in str(before.document)
    numbers = [r["noKunjungan"] for r in after.payload["rujukan"]]
    assert referral.no_rujukan in numbers
    by_number = await client.call("GET", f"{RUJ}/RS/{referral.no_rujukan}")
    assert by_number.payload["rujukan"] in after.payload["rujukan"]


async def test_list_by_date_holds_rujukan_keluar(client: VClaimClient) -> None:
    no_sep = await issue_sep(client)
    number = await referral_number(client, no_sep)

    reply = await client.call("GET", f"{RUJ}/RS/List/TglRujukan/2026-11-27")
    future = await client.call("GET", f"{RUJ}/RS/List/TglRujukan/2026-11-28")

    assert [r["noKunjungan"] for r in reply.payload["rujukan"]] == [number]
    assert future.code == "201"
