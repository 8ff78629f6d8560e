"""GET sep/cbg/{noSep} on the wire (a plain object, docs/vclaim-api.md §2.3) and the invented
INA-CBG grouping Monitoring/Klaim uses."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest

from mockvclaim.bpjs import peserta
from mockvclaim.bpjs.store import SepRecord
from mockvclaim.bpjs.vclaim import inacbg
from mockvclaim.protocol import messages
from tests.conftest import OTHER_CONSUMER, VClaimClient, issue_sep
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest-dev"
KEYS = [
    "kelamin", "klsRawat", "nama", "noKartuBpjs", "noMr", "noRujukan", "tglLahir",
    "tglPelayanan", "tktPelayanan",
]  # fmt: skip


async def cbg(client: VClaimClient, no_sep: str, **kwargs: Any) -> Any:
    return await client.call("GET", f"{BASE}/sep/cbg/{no_sep}", **kwargs)


async def test_cbg_answers_the_stored_sep_plain(client: VClaimClient) -> None:
    body = bodies.rawat_jalan_first_visit()
    no_sep = await issue_sep(client, body)
    t = body["request"]["t_sep"]
    person = peserta.participant_for(t["noKartu"], 0)

    reply = await cbg(client, no_sep)

    assert (reply.code, reply.message) == ("200", "OK")
    response = reply.document["response"]
    assert isinstance(response, dict)  # plain JSON, not an encrypted string
    assert list(response) == ["pesertasep"]
    assert list(response["pesertasep"]) == KEYS
    assert response["pesertasep"] == {
        "kelamin": person.sex,
        "klsRawat": "3",
        "nama": person.nama,
        "noKartuBpjs": t["noKartu"],
        "noMr": "MR5185",
        "noRujukan": bodies.NO_RUJUKAN_PCARE,
        "tglLahir": person.tgl_lahir.isoformat(),
        "tglPelayanan": "2026-11-27",
        "tktPelayanan": "2",
    }


async def test_cbg_of_rawat_inap_and_any_case(client: VClaimClient) -> None:
    no_sep = await issue_sep(client, bodies.rawat_inap())

    reply = await cbg(client, no_sep.lower())

    assert reply.document["response"]["pesertasep"]["tktPelayanan"] == "1"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("0301R0111126V000777", messages.SEP_NOT_FOUND.format(noSep="0301R0111126V000777")),
        ("0301R0111126V0001", "Format Nomor SEP (noSep) tidak sesuai"),
    ],
)
async def test_cbg_unknown_or_malformed_is_201(
    client: VClaimClient, number: str, message: str
) -> None:
    reply = await cbg(client, number)

    assert (reply.code, reply.message) == ("201", message)
    assert reply.document["response"] is None


async def test_cbg_is_per_consumer_and_forgets_a_deleted_sep(client: VClaimClient) -> None:
    no_sep = await issue_sep(client, bodies.igd())

    other = await cbg(client, no_sep, consumer=OTHER_CONSUMER)
    body = {"request": {"t_sep": {"noSep": no_sep, "user": "Admin"}}}
    await client.call("DELETE", f"{BASE}/SEP/2.0/delete", body)

    assert other.message == messages.SEP_NOT_FOUND.format(noSep=no_sep)
    assert (await cbg(client, no_sep)).message == messages.SEP_NOT_FOUND.format(noSep=no_sep)


def _record(**changes: Any) -> SepRecord:
    base = SepRecord(
        no_sep="0301R0111126V000001",
        no_kartu="0002802875185",
        tgl_sep="2026-11-20",
        jns_pelayanan="1",
        kd_poli="",
        ppk_pelayanan="0301R011",
        tgl_pulang="2026-11-22",
        request={"diagAwal": "J18.9", "klsRawat": {"klsRawatHak": "3"}},
        response={},
    )
    return replace(base, **changes)


def test_grouping_is_stable_and_shaped_like_ina_cbg() -> None:
    first = inacbg.grouping(_record(), 0)

    assert first == inacbg.grouping(_record(), 0)
    assert re.fullmatch(r"J-4-[1-4][0-9]-I", first.kode)
    assert first.nama == "PNEUMONIA, ORGANISM UNSPECIFIED RINGAN"
    assert first.tarif_grouper % 100 == 0
    assert 0.85 * first.tarif_grouper <= first.tarif_rs < 1.36 * first.tarif_grouper


def test_grouping_severity_follows_the_stay_and_rawat_jalan_has_none() -> None:
    sedang = inacbg.grouping(_record(tgl_pulang="2026-11-26"), 0)
    berat = inacbg.grouping(_record(tgl_pulang="2026-12-05"), 0)
    jalan = inacbg.grouping(_record(jns_pelayanan="2", tgl_pulang=None), 0)
    prosedur = inacbg.grouping(
        _record(jns_pelayanan="2", request={"diagAwal": "J18.9", "tujuanKunj": "1"}), 0
    )

    assert (sedang.kode[-3:], berat.kode[-4:]) == ("-II", "-III")
    assert sedang.tarif_grouper > inacbg.grouping(_record(), 0).tarif_grouper
    assert re.fullmatch(r"J-5-[0-9]{2}-0", jalan.kode)
    assert jalan.nama == "PNEUMONIA, ORGANISM UNSPECIFIED"
    assert prosedur.kode.startswith("J-3-")


def test_grouping_class_one_costs_more_and_seed_changes_it() -> None:
    kelas_1 = _record(request={"diagAwal": "J18.9", "klsRawat": {"klsRawatHak": "1"}})

    assert inacbg.grouping(kelas_1, 0).tarif_grouper > inacbg.grouping(_record(), 0).tarif_grouper
    assert inacbg.grouping(_record(), 0) != inacbg.grouping(_record(), 1)
