"""`respond: {payload: ...}`: pinned success answers, encrypted per caller, with templates;
through a third-party client (bpjs-bridging) against `serve --scenarios`, and in-process."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

from mockvclaim import resources
from mockvclaim.cli import main
from mockvclaim.protocol import crypto
from mockvclaim.protocol.operations import OPERATIONS
from mockvclaim.protocol.payload_check import check_payloads
from mockvclaim.protocol.scenarios import parse_rules
from mockvclaim.protocol.validation import SchemaRegistry
from tests.conftest import TIMESTAMP, VClaimClient, issue_sep
from tests.fixtures import sep_insert_requests as bodies
from tests.test_real_client import jakarta_today, start_server

CARD = "0001112223334"
OP_IDS = [operation.op_id for operation in OPERATIONS]
PESERTA_PATH = f"/vclaim-rest-dev/Peserta/nokartu/{CARD}/tglSEP/2026-11-27"


def pinned_peserta() -> dict[str, Any]:
    return {
        "peserta": {
            "noKartu": "{{path.noKartu}}",
            "nama": "SITI AMINAH BINTI ABDULLAH",
            "nik": "3171234567890123",
            "tglLahir": "1950-02-29",  # the value that breaks a screen: no such day
            "statusPeserta": {"keterangan": "AKTIF", "kode": "0"},
            "hakKelas": {"keterangan": "KELAS I", "kode": "1"},
        }
    }


def write(path: Path, document: object) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return path


async def add_rules(client: VClaimClient, *rules: dict[str, Any]) -> aiohttp.ClientResponse:
    return await client.http.post("/_mock/scenarios", json={"rules": list(rules)})


# --- through a client someone else wrote ---------------------------------------------------


def test_third_party_client_decrypts_a_pinned_payload_from_a_file(tmp_path: Path) -> None:
    (tmp_path / "payloads").mkdir()
    (tmp_path / "payloads" / "siti.json").write_text(json.dumps(pinned_peserta()))
    write(
        tmp_path / "pinned.yaml",
        {
            "rules": [
                {
                    "id": "siti",
                    "operation": "peserta.nokartu",
                    "when": {"path.noKartu": CARD},
                    "respond": {"payload_file": "payloads/siti.json"},
                },
                {
                    "id": "sep-for-siti",
                    "operation": "sep.insert",
                    "when": {"request.t_sep.noKartu": CARD},
                    "respond": {
                        "payload": {
                            "sep": {
                                "noSep": "0301R0111126V999999",
                                "tglSep": "{{now:yyyy-MM-dd}}",
                                "catatan": "MR {{body.request.t_sep.noMR}} 😀",
                                "peserta": {"noKartu": "{{body.request.t_sep.noKartu}}"},
                            }
                        }
                    },
                },
                {
                    "id": "deleted-plain",
                    "operation": "sep.delete",
                    "respond": {"payload": "{{body.request.t_sep.noSep}}", "message": "Sukses"},
                },
            ]
        },
    )
    server = start_server("--scenarios", str(tmp_path / "pinned.yaml"))
    try:
        bpjs = server.client()
        peserta = bpjs.request(f"Peserta/nokartu/{CARD}/tglSEP/{jakarta_today()}")
        other = bpjs.request(f"Peserta/nokartu/0001105689835/tglSEP/{jakarta_today()}")
        body = bodies.rawat_jalan_first_visit()
        body["request"]["t_sep"].update(noKartu=CARD, noMR="MR-42")
        sep = bpjs.request("SEP/2.0/insert", "POST", body)
        delete = {"request": {"t_sep": {"noSep": "0301R0111126V999999", "user": "t"}}}
        deleted = bpjs.request("SEP/2.0/delete", "DELETE", delete)
    finally:
        server.stop()

    expected = pinned_peserta()
    expected["peserta"]["noKartu"] = CARD
    assert peserta == {"metaData": {"code": "200", "message": "OK"}, "response": expected}
    assert other["response"]["peserta"]["nama"] != expected["peserta"]["nama"]  # the world's
    assert sep["metaData"] == {"code": "200", "message": "Sukses"}
    assert sep["response"]["sep"] == {
        "noSep": "0301R0111126V999999",
        "tglSep": jakarta_today(),
        "catatan": "MR MR-42 😀",
        "peserta": {"noKartu": CARD},
    }
    # SEP delete answers plain on the real server; bpjs-bridging reads it without decrypting.
    assert deleted == {
        "metaData": {"code": "200", "message": "Sukses"},
        "response": "0301R0111126V999999",
    }


# --- the envelope, in-process ----------------------------------------------------------------


async def test_payload_is_encrypted_with_the_callers_timestamp(client: VClaimClient) -> None:
    rule = {"id": "p", "operation": "peserta.nokartu", "respond": {"payload": {"a": "b"}}}
    assert (await add_rules(client, rule)).status == 201

    reply = await client.call("GET", PESERTA_PATH)

    assert reply.document["metaData"] == {"code": "200", "message": "OK"}
    assert reply.payload == {"a": "b"}
    c = client.consumer
    later = str(int(TIMESTAMP) + 1)
    with pytest.raises(crypto.DecryptError):
        crypto.decrypt_text(reply.document["response"], c.cons_id, c.secret, later)


async def test_code_and_message_can_be_set(client: VClaimClient) -> None:
    rule = {
        "id": "p",
        "operation": "peserta.nokartu",
        "respond": {"payload": {"x": "1"}, "code": "201", "message": "Data Tidak Ditemukan"},
    }
    await add_rules(client, rule)

    reply = await client.call("GET", PESERTA_PATH)

    assert reply.document["metaData"] == {"code": "201", "message": "Data Tidak Ditemukan"}
    assert reply.payload == {"x": "1"}


async def test_templates_fill_in_the_request_and_the_date(client: VClaimClient) -> None:
    payload = {
        "whole": "{{path.noKartu}}",
        "inside": "kartu {{ path.nokartu }} pada {{path.tglSEP}}",
        "body_object": "{{body.request.t_sep.poli}}",
        "body_text": "poli {{body.request.t_sep.poli}}",
        "missing_whole": "{{body.request.t_sep.tidakAda}}",
        "missing_inside": "[{{query.x}}]",
        "today": "{{now}}",
        "tomorrow": "{{now+1d:dd/MM/yyyy}}",
        "time": "{{now-30d:yyyy-MM-dd HH:mm:ss}}",
        "literal": "{{bukan template}}",
    }
    await add_rules(client, {"id": "p", "operation": "sep.insert", "respond": {"payload": payload}})
    await add_rules(
        client, {"id": "q", "operation": "peserta.nokartu", "respond": {"payload": payload}}
    )

    from_body = (await client.insert_sep(bodies.rawat_jalan_first_visit())).payload
    from_path = (await client.call("GET", PESERTA_PATH + "?x=7")).payload

    poli = bodies.rawat_jalan_first_visit()["request"]["t_sep"]["poli"]
    assert from_body["body_object"] == poli  # a whole-value template keeps the value's type
    assert from_body["body_text"] == "poli " + json.dumps(poli, separators=(",", ":"))
    assert from_body["missing_whole"] is None
    assert from_body["whole"] is None  # SEP insert has no path parameters
    assert from_path["whole"] == CARD
    assert from_path["inside"] == f"kartu {CARD} pada 2026-11-27"
    assert from_path["missing_inside"] == "[7]"
    assert (from_path["today"], from_path["tomorrow"]) == ("2026-11-27", "28/11/2026")
    assert from_path["time"] == "2026-10-28 10:00:00"  # Jakarta time
    assert from_path["literal"] == "{{bukan template}}"


async def test_the_journal_shows_the_payload_and_the_rule(client: VClaimClient) -> None:
    respond = {"payload": {"k": "{{now}}"}}
    rule = {"id": "pinned", "operation": "peserta.nokartu", "respond": respond}
    await add_rules(client, rule)
    await client.call("GET", PESERTA_PATH)

    entry = (await (await client.http.get("/_mock/requests?limit=1")).json())["requests"][0]

    assert (entry["rule"], entry["response"]) == ("pinned", {"k": "2026-11-27"})


async def test_a_null_operation_answers_null_and_the_payload_rule_still_counts(
    client: VClaimClient,
) -> None:
    await add_rules(client, {"id": "p", "operation": "sep.updtglplg", "respond": {"payload": {}}})
    body = {"request": {"t_sep": {"noSep": "0301R0111126V000001", "statusPulang": "1",
                                  "tglPulang": "2026-11-27", "user": "t"}}}  # fmt: skip

    reply = await client.call("PUT", "/vclaim-rest-dev/SEP/2.0/updtglplg", body)

    assert reply.document == {"metaData": {"code": "200", "message": "Ok"}, "response": None}


async def test_a_payload_rule_still_needs_valid_credentials(client: VClaimClient) -> None:
    await add_rules(client, {"id": "p", "operation": "peserta.nokartu", "respond": {"payload": 1}})
    headers = client.headers()
    headers["X-signature"] = "wrong"

    reply = await client.call("GET", PESERTA_PATH, headers=headers)

    assert reply.document["metaData"]["message"] == "Signature Service Tidak Sesuai"


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        (
            {"respond": {"payload_file": "x.json"}},
            "payload_file needs a scenario file",
        ),
        (
            {"stage": "before_auth", "respond": {"payload": {}}},
            "cannot act before_auth",
        ),
        ({"respond": {"payload": "{{now:yyyy-MMM}}"}}, "date format 'yyyy-MMM'"),
        ({"respond": {"payload": {}, "payload_file": "x"}}, "respond"),
    ],
)
async def test_unusable_payload_rules_are_refused_naming_the_rule(
    client: VClaimClient, rule: dict[str, Any], problem: str
) -> None:
    answer = await add_rules(client, {"id": "bad", "operation": "peserta.nokartu", **rule})

    assert answer.status == 400
    text = (await answer.json())["error"]
    assert "'bad'" in text
    assert problem in text


# --- files and `check` -----------------------------------------------------------------------


def check(*paths: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["check", *map(str, paths)], {}, out)
    return code, out.getvalue()


def test_check_accepts_a_payload_file_and_reads_yaml_dates_as_text(tmp_path: Path) -> None:
    (tmp_path / "peserta.yaml").write_text(
        f"peserta:\n  noKartu: '{CARD}'\n  tglLahir: 1950-02-28\n  nama: SITI\n"
    )
    rule = {"id": "p", "operation": "peserta.nokartu", "respond": {"payload_file": "peserta.yaml"}}

    code, out = check(write(tmp_path / "s.yaml", {"rules": [rule]}))

    assert (code, out) == (0, "ok: 1 rule(s) in 1 path(s)\n")


def test_check_refuses_a_payload_that_does_not_fit_the_operation(tmp_path: Path) -> None:
    rule = {"id": "flat", "operation": "sep.insert", "respond": {"payload": {"sep": "nomor"}}}

    code, out = check(write(tmp_path / "s.yaml", {"rules": [rule]}))

    assert code == 1
    assert "rule 'flat': payload.sep: 'nomor' is not of type 'object'" in out


def test_check_warns_on_unknown_keys_templates_and_null_operations(tmp_path: Path) -> None:
    peserta = pinned_peserta()
    peserta["peserta"]["noHp"] = "0812"
    rules = [
        {"id": "typo", "operation": "peserta.nokartu", "respond": {"payload": peserta}},
        {"id": "brace", "operation": "sep.update", "respond": {"payload": "{{path.x y}}"}},
        {"id": "null", "operation": "sep.updtglplg", "respond": {"payload": {}}},
        {"id": "err", "operation": "sep.insert", "respond": {"payload": 1, "code": "201"}},
    ]

    code, out = check(write(tmp_path / "s.yaml", {"rules": rules}))

    assert code == 0
    assert "rule 'typo': payload.peserta.noHp: not a key of this answer" in out
    assert "rule 'brace': payload: '{{path.x y}}' is not a template" in out
    assert "rule 'null': sep.updtglplg answers `response: null`" in out
    assert "'err'" not in out  # not a success: no shape to hold it to
    assert out.endswith("ok: 4 rule(s) in 1 path(s)\n")


def test_check_names_a_missing_payload_file(tmp_path: Path) -> None:
    rule = {"id": "gone", "operation": "sep.get", "respond": {"payload_file": "nowhere.json"}}

    code, out = check(write(tmp_path / "s.yaml", {"rules": [rule]}))

    assert code == 1
    assert "rule 'gone'" in out
    assert "nowhere.json" in out


# --- the known shapes are the mock's own ------------------------------------------------------


async def test_the_mocks_own_answers_fit_the_shapes_check_knows(client: VClaimClient) -> None:
    """The response schemas describe what the served functions answer: no error, no warning."""
    card = "0002100000001"  # has an FKTP referral in the seed-0 world
    referral = (await client.call("GET", f"/vclaim-rest-dev/Rujukan/Peserta/{card}")).payload
    no_rujukan = referral["rujukan"]["noKunjungan"]
    nik = referral["rujukan"]["peserta"]["nik"]
    no_sep = await issue_sep(client)
    inserted = (await client.call("GET", f"/vclaim-rest-dev/SEP/{no_sep}")).payload
    paths = {
        "peserta.nokartu": f"/vclaim-rest-dev/Peserta/nokartu/{card}/tglSEP/2026-11-27",
        "peserta.nik": f"/vclaim-rest-dev/Peserta/nik/{nik}/tglSEP/2026-11-27",
        "rujukan.nomor": f"/vclaim-rest-dev/Rujukan/{no_rujukan}",
        "rujukan.peserta": f"/vclaim-rest-dev/Rujukan/Peserta/{card}",
        "rujukan.list": f"/vclaim-rest-dev/Rujukan/List/Peserta/{card}",
        "sep.get": f"/vclaim-rest-dev/SEP/{no_sep}",
    }
    answers = {op: (await client.call("GET", path)).payload for op, path in paths.items()}
    answers["sep.insert"] = (await client.insert_sep(bodies.rawat_inap())).payload
    rules = [
        {"id": f"own-{op}", "operation": op, "respond": {"payload": payload}}
        for op, payload in answers.items()
    ]
    schemas = SchemaRegistry.of_folder(resources.schemas_dir())
    loaded = parse_rules({"rules": rules}, "own", schemas.validator("scenario"), OP_IDS)

    findings = check_payloads(loaded, {op.op_id: op for op in OPERATIONS}, schemas)

    assert inserted["noSep"] == no_sep
    assert (findings.errors, findings.warnings) == ([], [])
