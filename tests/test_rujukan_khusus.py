"""Rujukan khusus on the wire: the unwrapped insert, the monthly list, delete."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from mockvclaim.bpjs import peserta
from mockvclaim.bpjs.vclaim import rujukan
from mockvclaim.protocol import messages
from tests.conftest import OTHER_CONSUMER, VClaimClient, issue_sep, make_world
from tests.fixtures import sep_insert_requests as bodies
from tests.test_rujukan_keluar import CARD

RUJ = "/vclaim-rest-dev/Rujukan"
TODAY = date(2026, 11, 27)
PCARE = bodies.NO_RUJUKAN_PCARE
ROW_KEYS = [
    "idrujukan", "norujukan", "nokapst", "nmpst", "diagppk", "tglrujukan_awal",
    "tglrujukan_berakhir",
]  # fmt: skip


def khusus(no_rujukan: str = PCARE, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "noRujukan": no_rujukan,
        "diagnosa": [{"kode": "P;N18"}, {"kode": "S;N18.1"}],
        "procedure": [{"kode": "39.95"}],
        "user": "Coba Ws",
    }
    body.update(changes)
    return body


async def add(client: VClaimClient, body: dict[str, Any]) -> Any:
    return await client.call("POST", f"{RUJ}/Khusus/insert", body)


async def test_insert_list_delete(client: VClaimClient) -> None:
    await issue_sep(client)  # the SEP remembers the PCare referral

    inserted = await add(client, khusus())
    listed = await client.call("GET", f"{RUJ}/Khusus/List/Bulan/11/Tahun/2026")

    assert (inserted.code, inserted.message) == ("200", "Sukses")
    assert inserted.payload == {
        "rujukan": {
            "norujukan": PCARE,
            "nokapst": CARD,
            "nmpst": peserta.participant_for(CARD, 0).nama,
            "diagppk": "N18",
            # 90 days counted with both ends, as the catalogue's samples.
            "tglrujukan_awal": "2026-11-27",
            "tglrujukan_berakhir": "2027-02-24",
        }
    }
    assert (listed.code, listed.message) == ("200", "OK")
    [row] = listed.payload["rujukan"]
    assert list(row) == ROW_KEYS
    assert row["idrujukan"] == "1"
    assert {k: v for k, v in row.items() if k != "idrujukan"} == inserted.payload["rujukan"]

    wrong = await client.call(
        "POST",
        f"{RUJ}/Khusus/delete",
        {
            "request": {
                "t_rujukan": {"idRujukan": "1", "noRujukan": "0050B1071126P000124", "user": "x"}
            }
        },
    )
    deleted = await client.call(
        "POST",
        f"{RUJ}/Khusus/delete",
        {"request": {"t_rujukan": {"idRujukan": "1", "noRujukan": PCARE.lower(), "user": "x"}}},
    )
    empty = await client.call("GET", f"{RUJ}/Khusus/List/Bulan/11/Tahun/2026")

    assert wrong.message == messages.RUJUKAN_KHUSUS_NOT_FOUND.format(
        idRujukan="1", noRujukan="0050B1071126P000124"
    )
    assert (deleted.code, deleted.message, deleted.payload) == ("200", "OK", "1")
    assert (empty.code, empty.message) == ("201", messages.NO_DATA.template)


async def test_a_running_period_is_extended(client: VClaimClient) -> None:
    await issue_sep(client)

    first = await add(client, khusus())
    second = await add(client, khusus())

    assert second.payload["rujukan"]["tglrujukan_awal"] == "2027-02-25"
    assert second.payload["rujukan"]["tglrujukan_berakhir"] == "2027-05-25"
    assert first.payload["rujukan"]["tglrujukan_berakhir"] == "2027-02-24"
    november = await client.call("GET", f"{RUJ}/Khusus/List/Bulan/11/Tahun/2026")
    february = await client.call("GET", f"{RUJ}/Khusus/List/Bulan/2/Tahun/2027")
    assert [r["idrujukan"] for r in november.payload["rujukan"]] == ["1"]
    assert [r["idrujukan"] for r in february.payload["rujukan"]] == ["2"]


async def test_generated_referrals_need_no_sep(client: VClaimClient) -> None:
    referral = next(
        found[0]
        for i in range(400)
        if (found := rujukan.of_card(make_world(today=TODAY), f"0002{i:09d}", rujukan.FKTP))
    )

    reply = await add(client, khusus(referral.no_rujukan, diagnosa=[{"kode": "p;d56.1"}]))

    assert reply.payload["rujukan"]["nokapst"] == referral.no_kartu
    assert reply.payload["rujukan"]["diagppk"] == "D56.1"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"noRujukan": "0050B1071126P000999"},
            messages.RUJUKAN_NOT_FOUND.format(noRujukan="0050B1071126P000999"),
        ),
        ({"diagnosa": [{"kode": "S;N18"}]}, messages.RUJUKAN_KHUSUS_PRIMER.format(count=0)),
        (
            {"diagnosa": [{"kode": "P;N18"}, {"kode": "P;D56"}]},
            messages.RUJUKAN_KHUSUS_PRIMER.format(count=2),
        ),
        ({"diagnosa": [{"kode": "P;Z99.99"}]}, messages.DIAGNOSA_NOT_FOUND.format(kode="Z99.99")),
        (
            {"diagnosa": [{"kode": "N18"}]},
            messages.FIELD_FORMAT.format(title="Kode Diagnosa", field="diagnosa.0.kode"),
        ),
        ({"diagnosa": []}, None),
        (
            {"procedure": [{"kode": "abc"}]},
            messages.FIELD_FORMAT.format(title="Kode Prosedur", field="procedure.0.kode"),
        ),
    ],
)
async def test_insert_refusals(
    client: VClaimClient, changes: dict[str, Any], message: str | None
) -> None:
    await issue_sep(client)

    reply = await add(client, khusus(**changes))

    assert (reply.status, reply.code, reply.document["response"]) == (200, "201", None)
    if message is None:  # the schema's minItems: a message naming the field
        assert "diagnosa" in reply.message
    else:
        assert reply.message == message


async def test_per_consumer(client: VClaimClient) -> None:
    await issue_sep(client)
    await add(client, khusus())

    unknown = await client.call("POST", f"{RUJ}/Khusus/insert", khusus(), consumer=OTHER_CONSUMER)
    listed = await client.call(
        "GET", f"{RUJ}/Khusus/List/Bulan/11/Tahun/2026", consumer=OTHER_CONSUMER
    )

    assert unknown.message == messages.RUJUKAN_NOT_FOUND.format(noRujukan=PCARE)
    assert listed.code == "201"


async def test_strict_refuses_procedures_outside_the_list(strict_client: VClaimClient) -> None:
    referral = next(
        found[0]
        for i in range(400)
        if (found := rujukan.of_card(make_world(today=TODAY), f"0002{i:09d}", rujukan.FKTP))
    )

    unknown = await add(strict_client, khusus(referral.no_rujukan, procedure=[{"kode": "99.90"}]))
    known = await add(strict_client, khusus(referral.no_rujukan))

    assert unknown.message == messages.PROCEDURE_NOT_FOUND.format(kode="99.90")
    assert known.code == "200", known.message
