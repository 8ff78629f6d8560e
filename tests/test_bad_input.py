"""Bad input never hurts: each kind gets an envelope that says what is wrong, the server
keeps serving, and nothing is half-written."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from pytest_aiohttp import AiohttpClient

from mockvclaim.bpjs.vclaim.served import SERVED
from mockvclaim.bpjs.world import World
from mockvclaim.config import Settings
from mockvclaim.protocol import messages
from mockvclaim.web import app as app_module
from mockvclaim.web.context import mock_state_key
from tests.conftest import CONSUMER, NOW, VClaimClient
from tests.fixtures import sep_insert_requests as bodies


def _body_with(**t_sep_changes: Any) -> bytes:
    body = bodies.rawat_jalan_first_visit()
    body["request"]["t_sep"].update(t_sep_changes)
    return json.dumps(body).encode()


def _without(*path: str) -> bytes:
    body: Any = bodies.rawat_jalan_first_visit()
    target = body
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return json.dumps(body).encode()


# (id, raw body, the message it must get)
BAD_BODIES: list[tuple[str, bytes, str]] = [
    ("empty", b"", messages.BODY_EMPTY.template),
    ("whitespace", b"  \r\n ", messages.BODY_EMPTY.template),
    (
        "malformed-json",
        b'{"request": {"t_sep": {"noKartu": "0001"',
        messages.BODY_NOT_JSON.format(detail="Expecting ',' delimiter", line=1, column=41),
    ),
    (
        "unescaped-quote-khanza-style",
        b'{"request":{"t_sep":{"catatan":"pasien "rujukan" RS"}}}',
        messages.BODY_NOT_JSON.format(detail="Expecting ',' delimiter", line=1, column=41),
    ),
    (
        "nan-constant",
        b'{"request": NaN}',
        messages.BODY_NOT_JSON.format(detail="NaN bukan nilai JSON", line=1, column=1),
    ),
    (
        "nested-too-deep",
        b"[" * 100_000,
        messages.BODY_NOT_JSON.format(detail="terlalu dalam", line=1, column=1),
    ),
    ("json-array", b'[{"request": {}}]', messages.BODY_NOT_OBJECT.format(kind="array")),
    ("json-string", b'"request"', messages.BODY_NOT_OBJECT.format(kind="teks")),
    ("json-number", b"42", messages.BODY_NOT_OBJECT.format(kind="angka")),
    ("json-null", b"null", messages.BODY_NOT_OBJECT.format(kind="null")),
    (
        "form-encoded-instead-of-json",
        b"request=%7B%7D",
        messages.BODY_NOT_JSON.format(detail="Expecting value", line=1, column=1),
    ),
    (
        "no-request-wrapper",
        json.dumps(bodies.rawat_jalan_first_visit()["request"]).encode(),
        messages.FIELD_REQUIRED.format(title="Request", field="request"),
    ),
    (
        "no-t_sep",
        b'{"request": {}}',
        messages.FIELD_REQUIRED.format(title="Data SEP", field="request.t_sep"),
    ),
    (
        "t_sep-is-a-list",
        b'{"request": {"t_sep": []}}',
        messages.FIELD_TYPE.format(title="Data SEP", field="request.t_sep", expected="objek"),
    ),
    (
        "missing-noKartu",
        _without("request", "t_sep", "noKartu"),
        messages.FIELD_REQUIRED.format(title="Nomor Kartu", field="request.t_sep.noKartu"),
    ),
    (
        "missing-nested-klsRawatHak",
        _without("request", "t_sep", "klsRawat", "klsRawatHak"),
        messages.FIELD_REQUIRED.format(
            title="Kelas Rawat Hak", field="request.t_sep.klsRawat.klsRawatHak"
        ),
    ),
    (
        "object-instead-of-string",
        _body_with(noKartu={"no": "0002802875185"}),
        messages.FIELD_TYPE.format(
            title="Nomor Kartu", field="request.t_sep.noKartu", expected="teks"
        ),
    ),
    (
        "boolean-instead-of-string",
        _body_with(jnsPelayanan=True),
        messages.FIELD_TYPE.format(
            title="Jenis Pelayanan", field="request.t_sep.jnsPelayanan", expected="teks"
        ),
    ),
    (
        "enum-out-of-range",
        _body_with(jnsPelayanan="3"),
        messages.FIELD_ENUM.format(
            title="Jenis Pelayanan", field="request.t_sep.jnsPelayanan", allowed="1, 2"
        ),
    ),
    (
        "card-with-14-digits",
        _body_with(noKartu="00028028751851"),
        messages.FIELD_FORMAT.format(title="Nomor Kartu", field="request.t_sep.noKartu"),
    ),
    (
        "date-in-local-format",
        _body_with(tglSep="27-11-2026"),
        messages.FIELD_FORMAT.format(title="Tanggal SEP", field="request.t_sep.tglSep"),
    ),
    (
        "oversized-catatan",
        _body_with(catatan="x" * 5000),
        messages.FIELD_TOO_LONG.format(title="Catatan", field="request.t_sep.catatan", limit=200),
    ),
    (
        "several-megabytes",
        b'{"request": {"t_sep": {"catatan": "' + b"x" * (3 * 1024 * 1024) + b'"}}}',
        messages.BODY_TOO_LARGE.format(limit=1024 * 1024),
    ),
]


@pytest.mark.parametrize(
    ("raw", "message"), [case[1:] for case in BAD_BODIES], ids=[case[0] for case in BAD_BODIES]
)
async def test_bad_body_gets_an_envelope_naming_the_problem(
    client: VClaimClient, raw: bytes, message: str
) -> None:
    reply = await client.insert_sep(None, data=raw)

    assert reply.status == 200
    assert reply.document == {"metaData": {"code": "201", "message": message}, "response": None}
    # ...and the server still serves a good request afterwards, numbering from 1.
    good = await client.insert_sep(bodies.rawat_jalan_first_visit())
    assert good.payload["sep"]["noSep"].endswith("V000001")
    assert client.http.app[mock_state_key].database.for_consumer(CONSUMER.cons_id).count_sep() == 1


async def test_newtonsoft_leniency_case_numbers_nulls_and_unknown_keys(
    client: VClaimClient,
) -> None:
    # What the real ASP.NET binder accepts (docs/vclaim-api.md §1.5): keys in any case, numbers
    # where strings are expected, null for optional members, and members it does not know.
    body = bodies.rawat_inap()
    t_sep = body["request"]["t_sep"]
    t_sep["KlsRawat"] = t_sep.pop("klsRawat")
    t_sep["KlsRawat"]["PenanggungJawab"] = t_sep["KlsRawat"].pop("penanggungJawab")
    t_sep["jnsPelayanan"] = 1
    t_sep["catatan"] = None
    t_sep["jaminan"]["penjamin"]["penjamin"] = "1"  # the v1.1 field some clients still send
    t_sep["unknownField"] = {"anything": [1, 2]}

    reply = await client.insert_sep(body)

    assert reply.code == "200", reply.message
    sep = reply.payload["sep"]
    assert sep["jnsPelayanan"] == "R.Inap"
    assert sep["catatan"] == ""


async def test_a_bug_in_a_handler_gets_an_envelope_not_a_traceback(
    aiohttp_client: AiohttpClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(world: World, t_sep: dict[str, Any]) -> object:
        raise RuntimeError("boom")

    served = SERVED["sep.insert"]
    monkeypatch.setitem(SERVED, "sep.insert", dataclasses.replace(served, function=broken))
    client = VClaimClient(await aiohttp_client(app_module.create_app(settings, clock=lambda: NOW)))

    reply = await client.insert_sep(bodies.rawat_jalan_first_visit())
    journal = client.http.app[mock_state_key].journal.find()

    assert reply.status == 200
    assert reply.document == {
        "metaData": {"code": "201", "message": messages.INTERNAL_ERROR.format(kind="RuntimeError")},
        "response": None,
    }
    assert b"Traceback" not in reply.raw
    assert journal[0].metaData == reply.document["metaData"]
