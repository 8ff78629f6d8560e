"""Scenario rules and the built-in test cards, through the wire and as files."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml
from pytest_aiohttp import AiohttpClient

from mockvclaim import resources
from mockvclaim.config import Settings
from mockvclaim.protocol import messages
from mockvclaim.protocol.operations import OPERATIONS
from mockvclaim.protocol.scenarios import ScenarioError, load_rules
from mockvclaim.protocol.validation import SchemaRegistry
from mockvclaim.web.app import create_app
from mockvclaim.web.context import mock_state_key
from tests.conftest import NOW, RecordedSleeps, VClaimClient
from tests.fixtures import sep_insert_requests as bodies

OP_IDS = [operation.op_id for operation in OPERATIONS]


def card(no_kartu: str) -> dict[str, Any]:
    body = bodies.rawat_jalan_first_visit()
    body["request"]["t_sep"]["noKartu"] = no_kartu
    return body


async def add_rules(client: VClaimClient, *rules: dict[str, Any]) -> aiohttp.ClientResponse:
    return await client.http.post("/_mock/scenarios", json={"rules": list(rules)})


# --- the built-in test cards: every row of the README table ---------------------------------

ENVELOPE_CARDS = [
    ("0000000000001", messages.PESERTA_NOT_FOUND.template),
    ("0000000000002", messages.PESERTA_TIDAK_AKTIF.template),
    ("0000000000003", messages.PESERTA_MENINGGAL.template),
    ("0000000000004", messages.PESERTA_BELUM_ENROLLMENT.template),
    (
        "0000000000005",
        messages.SEP_STILL_ADMITTED.format(
            noKartu="0000000000005",
            tglSep="01/11/2026",
            namaPPK="RSUD KOTA CONTOH",
            noSep="0901R0011126V000123",
        ),
    ),
    ("0000000000006", messages.RUJUKAN_EXPIRED.format(noRujukan="030107010826P000006")),
]


@pytest.mark.parametrize(("no_kartu", "message"), ENVELOPE_CARDS)
async def test_test_card_answers_its_envelope(
    client: VClaimClient, no_kartu: str, message: str
) -> None:
    reply = await client.insert_sep(card(no_kartu))

    assert reply.status == 200
    assert reply.document == {"metaData": {"code": "201", "message": message}, "response": None}


async def test_test_card_enrollment_message_has_the_real_substring(client: VClaimClient) -> None:
    reply = await client.insert_sep(card("0000000000004"))

    assert "Peserta Belum Melakukan Enrollment" in reply.message


async def test_test_card_admitted_elsewhere_ends_with_a_sep_number(client: VClaimClient) -> None:
    reply = await client.insert_sep(card("0000000000005"))

    assert reply.message[-19:] == "0901R0011126V000123"


@pytest.mark.parametrize(
    ("no_kartu", "status", "content_type", "body"),
    [
        ("0000000000008", 502, "text/html", b"<h1>502 Bad Gateway</h1>"),
        ("0000000000009", 403, "text/plain", b"Authentication failed"),
        ("0000000000010", 429, "text/plain", b"Usage limit exceeded"),
    ],
)
async def test_test_card_gateway_pages(
    client: VClaimClient, no_kartu: str, status: int, content_type: str, body: bytes
) -> None:
    reply = await client.insert_sep(card(no_kartu))

    assert reply.status == status
    assert reply.headers["Content-Type"].startswith(content_type)
    assert body in reply.raw


async def test_test_card_empty_body(client: VClaimClient) -> None:
    reply = await client.insert_sep(card("0000000000011"))

    assert (reply.status, reply.raw) == (200, b"")


async def test_test_card_drops_the_connection(client: VClaimClient) -> None:
    with pytest.raises(aiohttp.ClientError):
        await client.insert_sep(card("0000000000012"))
    # The server is unharmed.
    assert (await client.insert_sep(bodies.rawat_jalan_first_visit())).code == "200"


async def test_test_card_slow_answers_after_five_seconds_then_succeeds(
    instant_client: VClaimClient, sleeps: RecordedSleeps
) -> None:
    reply = await instant_client.insert_sep(card("0000000000007"))

    assert reply.code == "200"
    assert reply.payload["sep"]["peserta"]["noKartu"] == "0000000000007"
    assert sleeps == [5.0]


# --- run-time rules, matchers, outcomes ----------------------------------------------------


async def test_runtime_rule_with_every_matcher_kind(client: VClaimClient) -> None:
    added = await add_rules(
        client,
        {
            "id": "all-kinds",
            "operation": "sep.insert",
            "when": {
                "request.t_sep.poli.tujuan": "INT",
                "request.t_sep.noKartu": {"regex": "^0009"},
                "request.t_sep.diagAwal": {"in": ["A15", "A16"]},
                "header.x-cons-id": {"startswith": "298"},
                "request.t_sep.catatan": {"contains": "RJ"},
                "cons_id": "29876",
            },
            "respond": {"code": "201", "message": "Kena aturan"},
        },
    )
    assert added.status == 201

    hit = card("0009000000001")
    hit["request"]["t_sep"]["catatan"] = "kunjungan RJ pertama"
    missed = card("0008000000001")

    assert (await client.insert_sep(hit)).message == "Kena aturan"
    assert (await client.insert_sep(missed)).code == "200"


async def test_times_rule_acts_then_steps_aside_and_hits_are_counted(client: VClaimClient) -> None:
    await add_rules(
        client,
        {
            "id": "gateway-down-once",
            "operation": "*",
            "times": 2,
            "respond": {
                "http_status": 502,
                "content_type": "text/html",
                "body": "<html><body><h1>502 Bad Gateway</h1></body></html>",
            },
        },
    )

    statuses = []
    for index in range(3):
        reply = await client.insert_sep(card(f"000400000000{index}"))
        statuses.append(reply.status)
    listed = await (await client.http.get("/_mock/scenarios")).json()

    assert statuses == [502, 502, 200]
    rule = next(r for r in listed["rules"] if r["id"] == "gateway-down-once")
    assert (rule["hits"], rule["source"]) == (2, "runtime")


async def test_rule_acts_after_auth_unless_before_auth(client: VClaimClient) -> None:
    await add_rules(
        client,
        {"id": "after", "operation": "sep.insert", "respond": {"code": "201", "message": "A"}},
    )
    unsigned = {
        "user_key": "uk-29876",
        "X-cons-id": "29876",
        "X-timestamp": "1",
        "X-signature": "x",
    }

    assert (await client.insert_sep(card("0005000000001"), headers=unsigned)).message == (
        messages.SIGNATURE_INVALID.template
    )
    await client.http.delete("/_mock/scenarios")
    await add_rules(
        client,
        {
            "id": "outage",
            "operation": "*",
            "stage": "before_auth",
            "respond": {"http_status": 503, "body": "down"},
        },
    )
    assert (await client.insert_sep(card("0005000000001"), headers=unsigned)).status == 503


async def test_schema_errors_stay_real_under_a_catch_all_rule(client: VClaimClient) -> None:
    await add_rules(
        client, {"id": "all", "operation": "*", "respond": {"code": "201", "message": "X"}}
    )

    reply = await client.insert_sep(None, data=b"[]")

    assert reply.message == messages.BODY_NOT_OBJECT.format(kind="array")


async def test_x_mock_scenario_header_forces_a_rule_for_one_call(client: VClaimClient) -> None:
    headers = {**client.headers(), "X-Mock-Scenario": "card-inactive"}

    forced = await client.insert_sep(bodies.rawat_jalan_first_visit(), headers=headers)
    normal = await client.insert_sep(bodies.rawat_jalan_first_visit())
    unknown = await client.insert_sep(
        bodies.rawat_jalan_first_visit(), headers={**client.headers(), "X-Mock-Scenario": "nope"}
    )

    assert forced.message == messages.PESERTA_TIDAK_AKTIF.template
    assert normal.code == "200"
    assert unknown.message == messages.SCENARIO_UNKNOWN.format(rule="nope")


@pytest.mark.parametrize(
    ("delay", "low", "high"),
    [(300, 0.3, 0.3), ({"min": 200, "max": 250}, 0.2, 0.25)],
)
async def test_delay_rule_waits_then_answers_normally(
    instant_client: VClaimClient,
    sleeps: RecordedSleeps,
    delay: object,
    low: float,
    high: float,
) -> None:
    client = instant_client
    await add_rules(client, {"id": "slow", "operation": "sep.insert", "delay_ms": delay})

    reply = await client.insert_sep(bodies.rawat_jalan_first_visit())

    assert reply.code == "200"
    assert len(sleeps) == 1
    assert low <= sleeps[0] <= high
    journal = await (await client.http.get("/_mock/requests?limit=1")).json()
    assert journal["requests"][0]["rule"] == "slow"


async def test_delays_never_block_other_requests(client: VClaimClient) -> None:
    await add_rules(
        client,
        {
            "id": "slow",
            "operation": "sep.insert",
            "when": {"request.t_sep.noKartu": "0006000000001"},
            "delay_ms": 1500,
        },
    )

    slow = asyncio.ensure_future(client.insert_sep(card("0006000000001")))
    await asyncio.sleep(0.1)
    fast = await client.insert_sep(card("0006000000002"))

    # The fast call was answered while the slow one still waited: nothing blocked.
    assert fast.code == "200"
    assert not slow.done()
    assert (await slow).code == "200"


async def test_lognormal_delay_is_drawn_from_the_seeded_source(client: VClaimClient) -> None:
    await add_rules(
        client, {"id": "ln", "operation": "sep.insert", "delay_ms": {"median": 20, "sigma": 0.5}}
    )
    engine = client.http.app[mock_state_key].scenarios
    rule = engine.find("ln")
    assert rule is not None

    draws = [engine.delay_seconds(rule) for _ in range(400)]

    assert 0.015 < sorted(draws)[200] < 0.027  # the median of many draws is near 20 ms
    assert min(draws) > 0


async def test_garbage_fault_sends_random_bytes_then_closes(client: VClaimClient) -> None:
    await add_rules(client, {"id": "junk", "operation": "sep.insert", "fault": "garbage"})

    with pytest.raises(aiohttp.ClientError):
        await client.insert_sep(bodies.rawat_jalan_first_visit())


async def test_dribble_fault_sends_the_real_answer_slowly(client: VClaimClient) -> None:
    await add_rules(
        client, {"id": "drip", "operation": "sep.insert", "fault": "dribble", "dribble_ms": 500}
    )

    started = time.monotonic()
    reply = await client.insert_sep(bodies.rawat_jalan_first_visit())

    assert time.monotonic() - started >= 0.45
    assert reply.payload["sep"]["noSep"].endswith("V000001")


async def test_bad_runtime_rule_is_refused_with_a_clear_message(client: VClaimClient) -> None:
    response = await add_rules(
        client, {"id": "bad", "operation": "sep.insert", "respond": {"code": 201, "message": "x"}}
    )

    assert response.status == 400
    problem = (await response.json())["error"]
    assert "rule 'bad' (rules[0])" in problem
    assert "respond" in problem


# --- files ---------------------------------------------------------------------------------


def _load_beside_built_ins(tmp_path: Path, document: object) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(document))
    schemas = SchemaRegistry(resources.schemas_dir())
    load_rules([path, resources.scenarios_dir()], schemas.validator("scenario"), OP_IDS)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            {"rules": [{"id": "x"}]},
            "s.yaml: rule 'x' (rules[0]): 'operation' is a required property",
        ),
        (
            {"rules": [{"id": "x", "operation": "sep.nope", "delay_ms": 1}]},
            "s.yaml: rule 'x' (rules[0]), field operation: unknown operation 'sep.nope'",
        ),
        (
            {"rules": [{"id": "x", "operation": "*", "delay_ms": -5}]},
            "s.yaml: rule 'x' (rules[0]), field delay_ms",
        ),
        (
            {"rules": [{"id": "x", "operation": "*", "fault": "explode"}]},
            "s.yaml: rule 'x' (rules[0]), field fault",
        ),
        (
            {
                "rules": [
                    {"id": "x", "operation": "*", "when": {"a": {"regex": "("}}, "delay_ms": 1}
                ]
            },
            "s.yaml: rule 'x' (rules[0]), field when: bad regex",
        ),
        (
            {
                "rules": [
                    {"id": "x", "operation": "*", "respond": {"code": "201", "message_id": "NOPE"}}
                ]
            },
            "s.yaml: rule 'x' (rules[0]), field respond: unknown message_id 'NOPE'",
        ),
        (
            {"rules": [{"id": "card-inactive", "operation": "*", "delay_ms": 1}]},
            "rule 'card-inactive' is defined twice",
        ),
        ({"rule": []}, "s.yaml: 'rules' is a required property"),
    ],
)
def test_bad_scenario_file_names_file_rule_and_field(
    tmp_path: Path, document: object, expected: str
) -> None:
    with pytest.raises(ScenarioError) as refused:
        _load_beside_built_ins(tmp_path, document)

    assert expected in str(refused.value).replace(str(tmp_path) + "/", "")


def test_every_shipped_scenario_file_loads() -> None:
    schemas = SchemaRegistry(resources.schemas_dir())
    rules = load_rules([resources.scenarios_dir()], schemas.validator("scenario"), OP_IDS)

    assert {rule.id for rule in rules} >= {"card-not-found", "card-connection-drop"}


async def test_bad_scenario_file_stops_startup(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("rules:\n  - id: x\n    operation: sep.insert\n    respond: {code: '201'}\n")

    with pytest.raises(ScenarioError, match=r"broken\.yaml: rule 'x'"):
        create_app(Settings(scenarios=(path,)))


async def test_user_file_rule_comes_before_built_in_test_cards(
    aiohttp_client: AiohttpClient, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "mine.json"
    path.write_text(
        json.dumps(
            {
                "rules": [
                    {
                        "id": "my-inactive",
                        "operation": "sep.insert",
                        "when": {"request.t_sep.noKartu": "0000000000002"},
                        "respond": {"code": "201", "message": "Kartu diblokir"},
                    }
                ]
            }
        )
    )
    app = create_app(Settings(consumers=settings.consumers, scenarios=(path,)), clock=lambda: NOW)
    client = VClaimClient(await aiohttp_client(app))

    assert (await client.insert_sep(card("0000000000002"))).message == "Kartu diblokir"


def test_indexed_rules_act_as_a_walk_over_every_rule_would() -> None:
    """Rules on one key are indexed by value (protocol/scenarios.py _Candidates): the rules
    that act, and their order, are those of trying each rule in turn."""
    from mockvclaim.protocol.scenarios import RequestView, ScenarioEngine, parse_rules

    schemas = SchemaRegistry.of_folder(resources.schemas_dir())
    key = "request.t_sep.noKartu"
    document = {
        "rules": [
            {"id": "slow-a", "operation": "sep.insert", "when": {key: "A"}, "delay_ms": 5},
            {"id": "any-header", "operation": "sep.insert",
             "when": {"header.X-Case": {"regex": "^1"}}, "delay_ms": 5},
            {"id": "a-and-poli", "operation": "sep.insert",
             "when": {key: "A", "request.t_sep.poli.tujuan": "INT"},
             "respond": {"code": "201", "message": "A di INT"}},
            {"id": "b", "operation": "sep.insert", "when": {key: "B"},
             "respond": {"code": "201", "message": "B"}},
            {"id": "empty-card", "operation": "sep.insert", "when": {key: ""},
             "respond": {"code": "201", "message": "kosong"}},
            {"id": "a-later", "operation": "*", "when": {key: "A"},
             "respond": {"code": "201", "message": "A"}},
            {"id": "fallback", "operation": "sep.insert", "delay_ms": 1},
        ]
    }  # fmt: skip
    ops = [operation.op_id for operation in OPERATIONS]
    validator = schemas.validator("scenario")
    rules = parse_rules(document, "test", validator, ops)
    engine = ScenarioEngine(rules, validator=validator, operations=ops, seed=0)

    def view(card: object, poli: str, headers: dict[str, str]) -> RequestView:
        t_sep: dict[str, Any] = {"poli": {"tujuan": poli}}
        if card is not None:
            t_sep["noKartu"] = card
        return RequestView("sep.insert", headers, {}, {}, "1", {"request": {"t_sep": t_sep}})

    def walk(request: RequestView) -> list[str]:
        acting = []
        for rule in rules:
            if rule.matches(request):
                acting.append(rule.id)
                if not rule.passes_through:
                    break
        return acting

    seen = set()
    for card in ("A", "B", "", "C", None, 7):
        for poli in ("INT", "ANA"):
            for headers in ({}, {"X-Case": "1"}):
                request = view(card, poli, headers)
                expected = walk(view(card, poli, headers))
                assert [r.id for r in engine.select_all("after_validation", request)] == expected
                seen.add(tuple(expected))
    assert ("slow-a", "any-header", "a-and-poli") in seen
    assert ("any-header", "fallback") in seen
    assert ("empty-card",) in seen
