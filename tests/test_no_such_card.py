"""Numbers published clients treat as "no such card" answer 201 on every route that looks a
participant up (docs/interface.md §7)."""

from __future__ import annotations

import pytest

from mockvclaim.bpjs.peserta import participant_for
from mockvclaim.protocol import messages
from tests.conftest import VClaimClient
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest-dev"
ZEROS = "0000000000000"  # ssecd/jkn test/vclaim/peserta.test.ts: "201 no data"
NOT_FOUND = {"metaData": {"code": "201", "message": messages.PESERTA_NOT_FOUND.template}}


@pytest.mark.parametrize(
    "path",
    [
        f"{BASE}/Peserta/nokartu/{ZEROS}/tglSEP/2026-11-27",
        f"{BASE}/Peserta/nik/{participant_for(ZEROS, 0).nik}/tglSEP/2026-11-27",
        # darmageddon/bpjs-rest-client tests/BPJSRestClientTest.php expects E4 for this NIK.
        f"{BASE}/Peserta/nik/1234563112709999/tglSEP/2026-11-27",
        f"{BASE}/Rujukan/Peserta/{ZEROS}",
        f"{BASE}/Rujukan/List/Peserta/{ZEROS}",
        f"{BASE}/Rujukan/RS/Peserta/{ZEROS}",
        f"{BASE}/Rujukan/RS/List/Peserta/{ZEROS}",
    ],
)
async def test_lookup_answers_not_found(client: VClaimClient, path: str) -> None:
    reply = await client.call("GET", path)

    assert reply.document == {**NOT_FOUND, "response": None}


async def test_sep_insert_answers_not_found(client: VClaimClient) -> None:
    body = bodies.rawat_jalan_first_visit()
    body["request"]["t_sep"]["noKartu"] = ZEROS

    reply = await client.insert_sep(body)

    assert reply.document == {**NOT_FOUND, "response": None}


async def test_a_neighbouring_card_is_still_a_participant(client: VClaimClient) -> None:
    reply = await client.call("GET", f"{BASE}/Peserta/nokartu/0000000000013/tglSEP/2026-11-27")

    assert reply.code == "200"
    assert reply.payload["peserta"]["noKartu"] == "0000000000013"
