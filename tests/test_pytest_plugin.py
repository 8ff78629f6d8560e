"""The pytest plugin: a user's test suite with `vclaim_server`, run by pytester in its own
process the way `pytest` runs it in a SIMRS project (the plugin comes from the installed
package's `pytest11` entry point, nothing imports it by hand); then the fixture's helpers
from this suite, where the same entry point makes it available."""

from __future__ import annotations

import json
import textwrap
import time
from typing import Any

import pytest
import requests

from mockvclaim.bpjs.peserta import participant_for
from mockvclaim.config import ConfigError
from mockvclaim.protocol import crypto
from mockvclaim.protocol.scenarios import ScenarioError
from mockvclaim.pytest_plugin import VClaimServer, _settings
from tests.fixtures import sep_insert_requests as bodies

pytest_plugins = ["pytester"]

CATALOG_CARD = "0001105689835"

USER_TESTS = """
import json

import pytest
import requests

from mockvclaim.bpjs.peserta import participant_for

BODY = json.loads({body!r})


def insert(server):
    headers = server.headers()
    answer = requests.post(
        server.url("SEP/2.0/insert"), data=json.dumps(BODY), headers=headers, timeout=10
    )
    assert answer.status_code == 200
    return answer.json(), headers["X-timestamp"]


def test_insert_sep_and_read_the_journal(vclaim_server):
    document, timestamp = insert(vclaim_server)

    assert document["metaData"] == {{"code": "200", "message": "Sukses"}}
    assert isinstance(document["response"], str)  # encrypted on the wire
    sep = vclaim_server.decrypt(document, timestamp)["sep"]
    assert sep["noSep"] == "0301R0110721V000001"
    assert sep["peserta"]["nama"] == participant_for("{card}", 7).nama  # --mockvclaim-seed=7
    journal = vclaim_server.requests()
    assert len(journal) == 1
    assert journal[0]["method"] == "POST"
    assert journal[0]["status"] == 200
    assert journal[0]["body"] == BODY
    assert journal[0]["response"]["sep"]["noSep"] == sep["noSep"]


def test_every_test_starts_from_a_fresh_world(vclaim_server):
    document, timestamp = insert(vclaim_server)

    assert vclaim_server.decrypt(document, timestamp)["sep"]["noSep"] == "0301R0110721V000001"
    assert len(vclaim_server.requests()) == 1


@pytest.mark.mockvclaim(
    rules=[{{"id": "nonaktif", "operation": "sep.insert",
            "respond": {{"code": "201", "message": "Status Peserta Tidak Aktif"}}}}]
)
def test_marker_rules_steer_this_test(vclaim_server):
    document, _ = insert(vclaim_server)

    assert document == {{
        "metaData": {{"code": "201", "message": "Status Peserta Tidak Aktif"}},
        "response": None,
    }}
    assert vclaim_server.requests()[0]["rule"] == "nonaktif"


def test_marker_rules_are_gone_in_the_next_test(vclaim_server):
    document, _ = insert(vclaim_server)

    assert document["metaData"]["code"] == "200"


def test_ini_scenario_file_is_loaded(vclaim_server):
    rules = {{rule["id"]: rule for rule in vclaim_server.rules()}}
    assert rules["lambat"]["source"].endswith("extra.yaml")
"""


def test_a_users_suite_uses_the_fixture_with_requests(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".yaml",
        **{
            "scenarios/extra": textwrap.dedent(
                """\
                rules:
                  - id: lambat
                    operation: sep.insert
                    when: {request.t_sep.noKartu: "0009999999999"}
                    delay_ms: 10
                """
            )
        },
    )
    pytester.makeini("[pytest]\nmockvclaim_scenarios = scenarios/extra.yaml\n")
    body = json.dumps(bodies.catalog_example())
    pytester.makepyfile(test_simrs=USER_TESTS.format(body=body, card=CATALOG_CARD))

    started = time.monotonic()
    result = pytester.runpytest_subprocess("--mockvclaim-seed=7", "-p", "no:cacheprovider")
    elapsed = time.monotonic() - started

    result.assert_outcomes(passed=5)
    assert elapsed < 60, f"the user's suite took {elapsed:.1f} s"


def test_a_bad_scenario_file_fails_the_fixture_naming_the_file(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", broken="rules:\n  - id: x\n    operation: sep.insert\n    nope: 1\n")
    pytester.makepyfile("def test_uses_mock(vclaim_server):\n    pass\n")

    result = pytester.runpytest_subprocess("--mockvclaim-scenarios=broken.yaml")

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ScenarioError*broken.yaml*"])


def test_options_win_over_ini_and_paths_are_read_from_the_rootdir(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini("[pytest]\nmockvclaim_seed = 3\nmockvclaim_scenarios = a.yaml, b\n")

    from_ini = _settings(pytester.parseconfig())
    from_options = _settings(
        pytester.parseconfig(
            "--mockvclaim-seed=9", "--mockvclaim-strict", "--mockvclaim-scenarios=c"
        )
    )

    assert (from_ini.seed, from_ini.strict) == (3, False)
    assert from_ini.scenarios == (pytester.path / "a.yaml", pytester.path / "b")
    assert (from_options.seed, from_options.strict) == (9, True)
    assert from_options.scenarios == (pytester.path / "c",)
    assert (from_options.host, from_options.port) == ("127.0.0.1", 0)


def test_a_seed_that_is_not_a_number_is_refused(pytester: pytest.Pytester) -> None:
    with pytest.raises(ConfigError, match="whole number"):
        _settings(pytester.parseconfig("--mockvclaim-seed=seven"))


# -- the fixture's helpers, from this suite --------------------------------------------


def insert(server: VClaimServer, body: dict[str, Any] | None = None) -> tuple[Any, str]:
    headers = server.headers()
    answer = requests.post(
        server.url("SEP/2.0/insert"),
        data=json.dumps(body or bodies.catalog_example()),
        headers=headers,
        timeout=10,
    )
    return answer, headers["X-timestamp"]


def test_base_url_carries_the_dev_service_name(vclaim_server: VClaimServer) -> None:
    assert vclaim_server.base_url == f"http://127.0.0.1:{vclaim_server.port}/vclaim-rest-dev"
    health = requests.get(f"{vclaim_server.root_url}/_mock/health", timeout=10)
    assert health.json()["status"] == "ok"


def test_headers_sign_now_or_the_given_timestamp(vclaim_server: VClaimServer) -> None:
    given = vclaim_server.headers(timestamp=1790000000)
    fresh = vclaim_server.headers()

    assert given["X-signature"] == crypto.sign(
        vclaim_server.cons_id, vclaim_server.secret, "1790000000"
    )
    assert abs(int(fresh["X-timestamp"]) - time.time()) < 5
    assert fresh["user_key"] == vclaim_server.user_key


def test_decrypt_takes_an_envelope_its_response_or_the_raw_body(
    vclaim_server: VClaimServer,
) -> None:
    answer, timestamp = insert(vclaim_server)
    document = answer.json()

    from_dict = vclaim_server.decrypt(document, timestamp)
    assert from_dict["sep"]["peserta"]["nama"] == participant_for(CATALOG_CARD, 0).nama
    assert vclaim_server.decrypt(document["response"], int(timestamp)) == from_dict
    assert vclaim_server.decrypt(answer.content, timestamp) == from_dict
    assert vclaim_server.decrypt(answer.text, timestamp) == from_dict


def test_decrypt_with_another_timestamp_fails_loudly(vclaim_server: VClaimServer) -> None:
    answer, timestamp = insert(vclaim_server)

    with pytest.raises(crypto.DecryptError):
        vclaim_server.decrypt(answer.json(), int(timestamp) + 1)


def test_decrypt_refuses_an_error_envelope(vclaim_server: VClaimServer) -> None:
    with pytest.raises(TypeError, match="nothing to decrypt"):
        vclaim_server.decrypt({"metaData": {"code": "201"}, "response": None}, 1)


def test_requests_filters_like_the_control_api(vclaim_server: VClaimServer) -> None:
    insert(vclaim_server)
    requests.get(vclaim_server.url("No/Such/Route"), headers=vclaim_server.headers(), timeout=10)

    assert [e["path"] for e in vclaim_server.requests()] == [
        "/vclaim-rest-dev/No/Such/Route",
        "/vclaim-rest-dev/SEP/2.0/insert",
    ]
    assert len(vclaim_server.requests(path="sep/2.0")) == 1
    assert vclaim_server.requests(method="GET")[0]["status"] == 404


def test_add_rules_takes_a_list_or_a_document_and_reset_removes_them(
    vclaim_server: VClaimServer,
) -> None:
    rule = {"id": "down", "operation": "*", "respond": {"http_status": 502, "body": "down"}}
    assert vclaim_server.add_rules([rule]) == ["down"]
    assert vclaim_server.add_rules({"rules": [{**rule, "id": "down2"}]}) == ["down2"]

    answer, _ = insert(vclaim_server)
    hits = {r["id"]: r["hits"] for r in vclaim_server.rules()}
    vclaim_server.reset()

    assert answer.status_code == 502
    assert hits["down"] == 1
    assert "down" not in {r["id"] for r in vclaim_server.rules()}
    assert insert(vclaim_server)[0].status_code == 200


def test_add_rules_refuses_a_bad_rule_by_name(vclaim_server: VClaimServer) -> None:
    with pytest.raises(ScenarioError, match="bad-one"):
        vclaim_server.add_rules([{"id": "bad-one", "operation": "sep.nope"}])


@pytest.mark.mockvclaim(
    rules=[
        {
            "id": "test-card-override",
            "operation": "sep.insert",
            "respond": {"code": "201", "message": "X"},
        }
    ]
)
def test_the_marker_works_in_this_suite_too(vclaim_server: VClaimServer) -> None:
    answer, _ = insert(vclaim_server)

    assert answer.json()["metaData"] == {"code": "201", "message": "X"}
