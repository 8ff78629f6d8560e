"""What PHP and Java SIMRS really send: empty and boolean flags, ISO-8859-1 bodies
(docs/vclaim-api.md §1.5, §1.7). Lenient mode binds them; --strict refuses naming the field."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mockvclaim.protocol import messages
from mockvclaim.protocol.flag_binding import ABSENT, bind_flag
from mockvclaim.web.context import mock_state_key
from tests.conftest import VClaimClient, t_sep
from tests.fixtures import sep_insert_requests as bodies


def php_form_body() -> dict[str, Any]:
    """A first visit as a Laravel client builds it from an empty form: `$data['x'] ?? ''`
    for the flags, and PHP booleans where a checkbox was read."""
    body = bodies.rawat_jalan_first_visit()
    t = t_sep(body)
    t["poli"]["eksekutif"] = False
    t["cob"] = {"cob": ""}
    t["katarak"] = {"katarak": False}
    t["jaminan"]["lakaLantas"] = ""
    t["jaminan"]["penjamin"]["suplesi"]["suplesi"] = ""
    t["tujuanKunj"] = ""
    return body


async def test_php_style_flags_succeed_in_lenient_mode(client: VClaimClient) -> None:
    reply = await client.insert_sep(php_form_body())

    assert reply.code == "200", reply.message
    sep = reply.payload["sep"]
    assert sep["poliEksekutif"] == "Tidak"
    assert sep["penjamin"] == "-"  # lakaLantas "" is "not an accident"
    assert sep["tujuanKunj"] == "0"  # echoed as bound, not as sent
    # GET SEP shows the flags bound to their defaults, as if the client had sent "0".
    detail = await client.call("GET", f"/vclaim-rest-dev/SEP/{sep['noSep']}")
    shown = detail.payload
    assert (shown["cob"], shown["katarak"], shown["poliEksekutif"]) == ("0", "0", "0")


async def test_true_binds_as_one(client: VClaimClient) -> None:
    body = bodies.rawat_jalan_first_visit()
    t_sep(body)["poli"]["eksekutif"] = True

    reply = await client.insert_sep(body)

    assert reply.code == "200", reply.message
    assert reply.payload["sep"]["poliEksekutif"] == "Ya"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t["jaminan"]["penjamin"]["suplesi"].update(suplesi=""),
            messages.FIELD_ENUM.format(
                title="Suplesi",
                field="request.t_sep.jaminan.penjamin.suplesi.suplesi",
                allowed="0, 1",
            ),
        ),
        (
            lambda t: t["cob"].update(cob=False),
            messages.FIELD_TYPE.format(title="COB", field="request.t_sep.cob.cob", expected="teks"),
        ),
        (
            lambda t: t["poli"].update(eksekutif=True),
            messages.FIELD_TYPE.format(
                title="Poli Eksekutif", field="request.t_sep.poli.eksekutif", expected="teks"
            ),
        ),
        (
            lambda t: t["jaminan"].update(lakaLantas=""),
            messages.FIELD_ENUM.format(
                title="Laka Lantas",
                field="request.t_sep.jaminan.lakaLantas",
                allowed="0, 1, 2, 3",
            ),
        ),
    ],
    ids=["suplesi-empty", "cob-false", "eksekutif-true", "lakaLantas-empty"],
)
async def test_strict_refuses_each_flag_naming_it(
    strict_client: VClaimClient, change: Any, message: str
) -> None:
    body = bodies.rawat_jalan_first_visit()
    change(t_sep(body))

    reply = await strict_client.insert_sep(body)

    assert reply.document == {"metaData": {"code": "201", "message": message}, "response": None}


async def test_strict_refuses_the_whole_php_body(strict_client: VClaimClient) -> None:
    reply = await strict_client.insert_sep(php_form_body())

    assert reply.code == "201"
    assert "request.t_sep." in reply.message


async def test_true_is_refused_on_a_coded_field_even_in_lenient_mode(client: VClaimClient) -> None:
    # lakaLantas has four values: `true` does not say which accident it was.
    body = bodies.rawat_jalan_first_visit()
    t_sep(body)["jaminan"]["lakaLantas"] = True

    reply = await client.insert_sep(body)

    assert reply.message == messages.FIELD_TYPE.format(
        title="Laka Lantas", field="request.t_sep.jaminan.lakaLantas", expected="teks"
    )


def test_bind_flag_rules() -> None:
    flag = {"type": "string", "default": "0", "enum": ["0", "1"]}
    coded = {"type": "string", "default": "0", "enum": ["0", "1", "2", "3"]}
    emptiable = {"type": "string", "default": "", "enum": ["", "0", "1"]}
    number_flag = {"type": "number", "default": None, "minimum": 0, "maximum": 1}
    measure = {"type": "number", "default": None, "minimum": 10, "maximum": 500}
    plain = {"type": "string", "enum": ["1", "2"]}

    assert [bind_flag(v, flag) for v in ("", False, True, "1")] == ["0", "0", "1", "1"]
    assert [bind_flag(v, coded) for v in ("", False, True)] == ["0", "0", True]
    assert [bind_flag(v, emptiable) for v in ("", False, True)] == ["", "0", "1"]
    assert [bind_flag(v, number_flag) for v in ("", False, True, 1)] == [ABSENT, 0, 1, 1]
    assert [bind_flag(v, measure) for v in ("", True, 120)] == [ABSENT, True, 120]
    assert [bind_flag(v, plain) for v in ("", False)] == ["", False]


# --- bodies that are not UTF-8 --------------------------------------------------------------


def latin1_body() -> bytes:
    """What SIMRS-Khanza's form post sends for a note typed with an accent: ISO-8859-1."""
    body = bodies.rawat_jalan_first_visit()
    t_sep(body)["catatan"] = "kontrol dr. Muñoz"
    return json.dumps(body, ensure_ascii=False).encode("iso-8859-1")


async def test_latin1_body_is_read_as_meant_and_noted_in_the_journal(
    client: VClaimClient,
) -> None:
    raw = latin1_body()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")

    reply = await client.insert_sep(None, data=raw)

    assert reply.code == "200", reply.message
    assert reply.payload["sep"]["catatan"] == "kontrol dr. Muñoz"
    entry = client.http.app[mock_state_key].journal.find()[0]
    assert entry.extra["body_encoding"] == {
        "decoded_as": "windows-1252",
        "not_utf8_at_byte": raw.index(b"\xf1"),
    }
    assert entry.body["request"]["t_sep"]["catatan"] == "kontrol dr. Muñoz"


async def test_windows_1252_quotes_and_undefined_bytes(client: VClaimClient) -> None:
    body = bodies.rawat_jalan_first_visit()
    t_sep(body)["catatan"] = "\u201cpulang\u201d"
    reply = await client.insert_sep(
        None, data=json.dumps(body, ensure_ascii=False).encode("cp1252")
    )
    assert reply.payload["sep"]["catatan"] == "\u201cpulang\u201d"

    # 0x81 is undefined in windows-1252: the body is read as ISO-8859-1 proper.
    t_sep(body)["catatan"] = "a\x81b"
    t_sep(body)["noKartu"] = "0002802875193"  # another participant: not a same-day repeat
    raw = json.dumps(body, ensure_ascii=False).encode("latin-1")
    reply = await client.insert_sep(None, data=raw)
    assert reply.payload["sep"]["catatan"] == "a\x81b"
    entry = client.http.app[mock_state_key].journal.find()[0]
    assert entry.extra["body_encoding"]["decoded_as"] == "iso-8859-1"


async def test_strict_refuses_a_latin1_body(strict_client: VClaimClient) -> None:
    raw = latin1_body()

    reply = await strict_client.insert_sep(None, data=raw)

    message = messages.BODY_NOT_UTF8.format(position=raw.index(b"\xf1"))
    assert reply.document == {"metaData": {"code": "201", "message": message}, "response": None}
    assert strict_client.http.app[mock_state_key].journal.find()[0].extra == {}


async def test_utf8_body_has_no_encoding_note(client: VClaimClient) -> None:
    body = bodies.rawat_jalan_first_visit()
    t_sep(body)["catatan"] = "dr. Muñoz"

    reply = await client.insert_sep(None, data=json.dumps(body, ensure_ascii=False).encode())

    assert reply.payload["sep"]["catatan"] == "dr. Muñoz"
    assert "body_encoding" not in client.http.app[mock_state_key].journal.find()[0].extra


# --- formPRB numbers of RencanaKontrol v2 ----------------------------------------------------


async def _kontrol_with_form(client: VClaimClient, form: dict[str, Any]) -> Any:
    from tests.test_rencana_kontrol import first_visit, kontrol

    return await kontrol(client, await first_visit(client), formPRB=form)


async def test_form_prb_empty_numbers_and_boolean_flags_bind_in_lenient_mode(
    client: VClaimClient,
) -> None:
    form = {"kdStatusPRB": "07", "data": {"GDP": "", "Stroke": True, "Hamil": False, "LDL": 120}}

    reply = await _kontrol_with_form(client, form)

    assert reply.code == "200", reply.message
    data = reply.payload["formPRB"]["data"]
    assert (data["GDP"], data["Stroke"], data["Hamil"], data["LDL"]) == (None, 1, 0, 120)


async def test_form_prb_boolean_flag_is_refused_by_strict(strict_client: VClaimClient) -> None:
    from tests.test_rencana_kontrol import kontrol

    # The body is checked before the SEP is looked up, so any well-formed number will do.
    reply = await kontrol(strict_client, "0301R0111126V000001", formPRB={"data": {"Stroke": True}})

    assert reply.message == messages.FIELD_TYPE.format(
        title="Stroke", field="request.formPRB.data.Stroke", expected="number"
    )
