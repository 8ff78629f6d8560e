"""Scenario files that do what their author meant: card numbers stay as typed, delay rules
let the test cards act, `check` names every problem, and edited files are reloaded."""

from __future__ import annotations

import io
import json
import time
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pytest_aiohttp import AiohttpClient

from mockvclaim import cli, resources
from mockvclaim.config import DEMO_CONS_ID, DEMO_SECRET, DEMO_USER_KEY, Settings
from mockvclaim.protocol import crypto
from mockvclaim.protocol.operations import OPERATIONS
from mockvclaim.protocol.scenario_check import unreachable, warnings
from mockvclaim.protocol.scenarios import ScenarioError, load_rules
from mockvclaim.protocol.validation import SchemaRegistry
from mockvclaim.web.app import create_app
from tests.conftest import CONSUMER, NOW, RecordedSleeps, VClaimClient
from tests.fixtures import sep_insert_requests as bodies
from tests.served_process import served

OP_IDS = [operation.op_id for operation in OPERATIONS]


def card(no_kartu: str) -> dict[str, Any]:
    body = bodies.rawat_jalan_first_visit()
    body["request"]["t_sep"]["noKartu"] = no_kartu
    return body


def check(*paths: Path) -> tuple[int, str]:
    out = io.StringIO()
    status = cli.main(["check", *map(str, paths)], environ={}, out=out)
    return status, out.getvalue()


def load(*paths: Path) -> list[Any]:
    schemas = SchemaRegistry(resources.schemas_dir())
    return load_rules([*paths, resources.scenarios_dir()], schemas.validator("scenario"), OP_IDS)


OCTAL_CARD = """\
rules:
  - id: peserta-nonaktif
    operation: sep.insert
    when:
      request.t_sep.noKartu: 0002000000017
    respond: {code: "201", message: "Status Peserta Tidak Aktif"}
"""


# -- 5: values stay as typed ------------------------------------------------------------


def test_check_warns_about_an_unquoted_card_number_it_compares_as_written(tmp_path: Path) -> None:
    path = tmp_path / "cards.yaml"
    path.write_text(OCTAL_CARD)

    status, out = check(path)

    assert status == 0
    assert (
        "mockvclaim: warning: " + str(path) + ": rule 'peserta-nonaktif' (rules[0]), field "
        "when.request.t_sep.noKartu: YAML reads the unquoted 0002000000017 as 268435471; "
        'compared as written, "0002000000017"'
    ) in out
    assert "1 warning(s)" in out


@pytest.mark.parametrize(
    ("written", "sent"),
    [("0002000000017", "0002000000017"), ("1.50", "1.50"), ("2021-07-30", "2021-07-30")],
)
def test_reinterpretable_scalars_match_the_text_typed(
    tmp_path: Path, written: str, sent: str
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        f"rules:\n  - id: r\n    operation: sep.insert\n    when: {{request.t_sep.x: {written}}}\n"
        "    respond: {code: '201', message: m}\n"
    )

    (rule, *_) = load(path)

    assert rule.definition["when"]["request.t_sep.x"] == sent


async def test_the_unquoted_card_rule_fires_on_the_wire(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    path = tmp_path / "cards.yaml"
    path.write_text(OCTAL_CARD)
    app = create_app(Settings(consumers=(CONSUMER,), scenarios=(path,)), clock=lambda: NOW)
    client = VClaimClient(await aiohttp_client(app))

    reply = await client.insert_sep(card("0002000000017"))

    assert (reply.code, reply.message) == ("201", "Status Peserta Tidak Aktif")


# -- 6: delay-only rules let matching go on ---------------------------------------------


README_LIKE = """\
rules:
  - id: bpjs-lambat
    operation: sep.insert
    delay_ms: 800
  - id: putus
    operation: sep.insert
    when: {request.t_sep.noKartu: "0006000000001"}
    fault: drop
"""


async def _readme_like_client(
    aiohttp_client: AiohttpClient, tmp_path: Path, sleeps: RecordedSleeps
) -> VClaimClient:
    """A mock serving the README's slow-BPJS rules beside the test cards."""
    path = tmp_path / "slow.yaml"
    path.write_text(README_LIKE)
    app = create_app(
        Settings(consumers=(CONSUMER,), scenarios=(path,)), clock=lambda: NOW, sleep=sleeps
    )
    return VClaimClient(await aiohttp_client(app))


async def test_a_delay_only_rule_slows_down_and_the_test_cards_still_act(
    aiohttp_client: AiohttpClient, tmp_path: Path, sleeps: RecordedSleeps
) -> None:
    client = await _readme_like_client(aiohttp_client, tmp_path, sleeps)

    inactive = await client.insert_sep(card("0000000000002"))
    normal = await client.insert_sep(bodies.rawat_jalan_first_visit())
    journal = (await (await client.http.get("/_mock/requests")).json())["requests"]

    assert inactive.code == "201"
    assert "Tidak Aktif" in inactive.message
    assert normal.code == "200"
    assert sleeps == [0.8, 0.8]
    assert journal[1]["rule"] == "card-inactive"
    assert journal[1]["extra"]["slowed_by"] == ["bpjs-lambat"]
    assert journal[0]["rule"] == "bpjs-lambat"


async def test_a_drop_rule_after_a_delay_rule_fires(
    aiohttp_client: AiohttpClient, tmp_path: Path, sleeps: RecordedSleeps
) -> None:
    client = await _readme_like_client(aiohttp_client, tmp_path, sleeps)

    with pytest.raises(aiohttp.ClientError):
        await client.insert_sep(card("0006000000001"))

    journal = (await (await client.http.get("/_mock/requests")).json())["requests"]
    assert journal[0]["rule"] == "putus"
    assert journal[0]["fault"] == "drop"
    assert sleeps == [0.8]


def test_a_rule_that_can_never_act_is_reported_by_check_and_the_api(tmp_path: Path) -> None:
    path = tmp_path / "shadow.yaml"
    path.write_text(
        "rules:\n"
        "  - {id: all-down, operation: sep.insert, respond: {code: '201', message: down}}\n"
        "  - id: one-card\n    operation: sep.insert\n"
        "    when: {request.t_sep.noKartu: '0006000000001'}\n    fault: drop\n"
        "  - {id: once, operation: '*', times: 1, respond: {code: '201', message: once}}\n"
    )

    status, out = check(path)
    rules = load(path)

    assert status == 0
    assert f"{path}: rule 'one-card' never acts: rule 'all-down' ({path}) comes first" in out
    assert "rule 'card-inactive' never acts: rule 'all-down'" in out
    shadowed = [text.split("rule '")[1].split("'")[0] for text in unreachable(rules)]
    assert "once" not in shadowed  # `times` makes a rule step aside
    assert "one-card" in shadowed
    assert len(warnings(rules)) == len(unreachable(rules))  # nothing reinterpreted here


def test_the_built_in_test_cards_warn_about_nothing() -> None:
    status, out = check(resources.scenarios_dir())

    assert status == 0
    assert "mockvclaim: warning" not in out
    assert "0 warning(s)" in out


# -- 7: every problem, with the nearest operation id --------------------------------------


def test_check_reports_every_error_in_one_run_and_suggests_the_operation(tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    first.write_text(
        "rules:\n"
        "  - {id: typo, operation: sep.insrt, respond: {code: '201', message: x}}\n"
        "  - {id: bad-code, operation: sep.get, respond: {code: 201, message: x}}\n"
        "  - {id: bad-regex, operation: '*', when: {a: {regex: '('}}, delay_ms: 1}\n"
    )
    second = tmp_path / "b.yaml"
    second.write_text("rules:\n  - {id: card-inactive, operation: '*', delay_ms: 1}\n")

    status, out = check(first, second)

    errors = [line for line in out.splitlines() if line.startswith("mockvclaim: error: ")]
    assert status == 1
    assert len(errors) == 4, out
    assert "unknown operation 'sep.insrt'; did you mean sep.insert?" in out
    assert "rule 'bad-code' (rules[1]), field respond.code" in out
    assert "rule 'bad-regex' (rules[2]), field when: bad regex" in out
    assert "rule 'card-inactive' is defined twice" in out
    assert "sep.updtglplg_list_filter" not in out  # no list of all 90 ids
    assert "4 problem(s)" in out


def test_an_unknown_operation_far_from_any_id_points_to_the_list(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("rules:\n  - {id: x, operation: zzz, delay_ms: 1}\n")

    with pytest.raises(ScenarioError) as refused:
        load(path)

    assert "did you mean" not in str(refused.value)
    assert "ENDPOINTS.md" in str(refused.value)


# -- 8: files given with --scenarios are reloaded --------------------------------------


def insert(port: int, no_kartu: str) -> dict[str, Any]:
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/vclaim-rest-dev/SEP/2.0/insert",
        data=json.dumps(card(no_kartu)).encode(),
        method="POST",
        headers=crypto.signed_headers(DEMO_CONS_ID, DEMO_SECRET, DEMO_USER_KEY, timestamp),
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        document: dict[str, Any] = json.load(answer)
    return document


def rule_file(message: str) -> str:
    return (
        "rules:\n  - id: mine\n    operation: sep.insert\n"
        "    when: {request.t_sep.noKartu: '0006000000001'}\n"
        f"    respond: {{code: '201', message: {message!r}}}\n"
    )


def test_an_edited_scenario_file_is_reloaded_and_a_bad_edit_keeps_the_old_rules(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(rule_file("pertama"))

    with served(tmp_path, "--scenarios", str(path)) as server:
        before = insert(server.port, "0006000000001")["metaData"]["message"]
        path.write_text(rule_file("kedua"))
        server.wait_for(
            lambda: any("reloaded scenario files" in line for line in server.lines), "reload"
        )
        after = insert(server.port, "0006000000001")["metaData"]["message"]

        path.write_text(rule_file("ketiga").replace("operation: sep.insert", "operation: sep.nope"))
        server.wait_for(lambda: server.get_json("/_mock/scenarios")["reload_error"], "refusal")
        kept = insert(server.port, "0006000000001")["metaData"]["message"]
        api = server.get_json("/_mock/scenarios")
        server.wait_for(lambda: "previous rules stay" in server.output(), "the terminal note")

        path.write_text(rule_file("keempat"))
        server.wait_for(lambda: not server.get_json("/_mock/scenarios")["reload_error"], "fix")
        fixed = insert(server.port, "0006000000001")["metaData"]["message"]

    assert (before, after, kept, fixed) == ("pertama", "kedua", "kedua", "keempat")
    assert "unknown operation 'sep.nope'" in api["reload_error"]
    assert "mine.yaml: rule 'mine' (rules[0]), field operation" in api["reload_error"]
    assert "(reloaded when changed)" in server.output()
    terminal = server.output()
    assert "mockvclaim: error: scenario files changed but cannot be used" in terminal
    assert "unknown operation 'sep.nope'" in terminal


def test_the_banner_names_a_rule_that_can_never_act(tmp_path: Path) -> None:
    path = tmp_path / "catch-all.yaml"
    path.write_text(
        "rules:\n  - {id: all-down, operation: sep.insert, respond: {code: '201', message: x}}\n"
    )

    with served(tmp_path, "--scenarios", str(path)) as server:
        banner = server.output()

    assert "mockvclaim: warning: " in banner
    assert "rule 'card-inactive' never acts: rule 'all-down'" in banner
