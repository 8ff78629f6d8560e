"""The generated OpenAPI 3.1 document, checked by openapi-spec-validator, and the Postman
collection run by Newman (Postman's own runner, from npm) against a live mock: its
pre-request script signs in Node, and bpjs-bridging decrypts what came back."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import requests
from bpjs import Bridging
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator

from mockvclaim.cli import main
from mockvclaim.config import DEMO_CONS_ID, DEMO_SECRET, DEMO_USER_KEY, Consumer
from mockvclaim.protocol.operations import VCLAIM_OPERATIONS
from tests.conftest import VClaimClient
from tests.fixtures import sep_insert_requests as bodies
from tests.test_real_client import Server, start_server

NEWMAN_VERSION = "6.2.2"  # Postman's command-line runner
BRUNO_CLI_VERSION = "4.1.0"  # Bruno's (`bru run`)
# npm installs each tool here once; later runs reuse it.
NPM_CACHE = Path(
    os.environ.get("MOCKVCLAIM_TEST_NPM_CACHE", Path.home() / ".cache" / "mockvclaim-tests")
)
NPM_SECONDS = 300


def printed_text(*argv: str) -> str:
    out = io.StringIO()
    assert main(list(argv), {}, out) == 0
    return out.getvalue()


def printed(*argv: str) -> Any:
    out = io.StringIO()
    assert main(list(argv), {}, out) == 0
    return json.loads(out.getvalue())


async def test_served_openapi_is_valid_3_1_and_covers_every_operation(
    client: VClaimClient,
) -> None:
    answer = await client.http.get("/_mock/openapi.json")
    document = await answer.json()

    OpenAPIV31SpecValidator(document).validate()  # raises on any violation
    server = document["servers"][0]["url"]
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/vclaim-rest-dev", server)
    assert printed("openapi", "--server", server) == document
    described = {
        (method.upper(), path): entry["operationId"]
        for path, item in document["paths"].items()
        for method, entry in item.items()
    }
    assert described == {(op.method, op.path): op.op_id for op in VCLAIM_OPERATIONS}


def test_openapi_says_what_each_answer_carries() -> None:
    document = printed("openapi")
    paths = document["paths"]

    def response(path: str, method: str) -> Any:
        content = paths[path][method]["responses"]["200"]["content"]["application/json"]
        return content["schema"]["properties"]["response"]

    insert = paths["/SEP/2.0/insert"]["post"]["requestBody"]["content"]["application/json"]
    peserta = response("/Peserta/nokartu/{noKartu}/tglSEP/{tglSEP}", "get")
    assert document["servers"][0]["url"] == "http://127.0.0.1:8080/vclaim-rest-dev"
    assert peserta["type"] == ["string", "null"]
    assert peserta["x-decrypted"]["required"] == ["peserta"]
    assert response("/SEP/2.0/delete", "delete")["description"].startswith("Plain JSON")
    assert response("/SEP/2.0/updtglplg", "put") == {"type": "null"}
    # The body example is the catalogue's, and the body schema accepts it.
    assert insert["example"] == bodies.catalog_example()
    assert not list(Draft202012Validator(insert["schema"]).iter_errors(insert["example"]))
    assert set(document["security"][0]) == {"consId", "timestamp", "signature", "userKey"}


def test_collection_keeps_a_configured_secret_out() -> None:
    own = Consumer("777", "a real secret", "uk", "0301R011")
    collection = printed("openapi", "--postman")
    variables = {v["key"]: v["value"] for v in collection["variable"]}

    assert variables == {
        "baseUrl": "http://127.0.0.1:8080/vclaim-rest-dev",
        "consId": DEMO_CONS_ID,
        "secret": DEMO_SECRET,
        "userKey": DEMO_USER_KEY,
    }
    environ = {"MOCKVCLAIM_CONS_ID": own.cons_id, "MOCKVCLAIM_SECRET": own.secret}
    out = io.StringIO()
    main(["openapi", "--postman"], environ, out)
    assert own.secret not in out.getvalue()
    assert "<your secret>" in out.getvalue()


def npm_tool(package: str, version: str, command: str) -> Path:
    """`command` of `package@version`, installed from npm once into the test cache."""
    home = NPM_CACHE / f"{package.replace('/', '+')}-{version}"
    binary = home / "node_modules" / ".bin" / command
    if binary.exists():
        return binary
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip(f"Node and npm are needed to run {package}")
    home.mkdir(parents=True, exist_ok=True)
    installed = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(home),
         f"{package}@{version}"],
        capture_output=True, text=True, timeout=NPM_SECONDS, check=False,
    )  # fmt: skip
    if installed.returncode != 0 or not binary.exists():
        pytest.skip(f"npm could not install {package}@{version}: {installed.stderr[-500:]}")
    return binary


def bridging(server: Server) -> Any:
    config = {"host": server.base_url, "consid": DEMO_CONS_ID, "secret": DEMO_SECRET}
    return Bridging({**config, "user_key": DEMO_USER_KEY}, "vclaim")


def test_newman_runs_the_collection_signed_in_node_and_the_answers_decrypt(
    tmp_path: Path,
) -> None:
    runner = npm_tool("newman", NEWMAN_VERSION, "newman")
    server = start_server()
    try:
        collection = requests.get(f"{server.root}/_mock/postman.json", timeout=10).json()
        (tmp_path / "collection.json").write_text(json.dumps(collection))
        run = subprocess.run(
            [str(runner), "run", str(tmp_path / "collection.json"),
             "--folder", "peserta.nokartu", "--folder", "sep.insert",
             "--reporters", "json", "--reporter-json-export", str(tmp_path / "report.json")],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        journal = requests.get(f"{server.root}/_mock/requests", timeout=10).json()["requests"]
    finally:
        server.stop()

    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    client = bridging(server)
    answers = {}
    for execution in report["run"]["executions"]:
        sent = {header["key"]: header["value"] for header in execution["request"]["header"]}
        raw = bytes(execution["response"]["stream"]["data"])
        envelope = json.loads(raw)
        assert envelope["metaData"]["code"] == "200", envelope
        # bpjs-bridging's own decryption, with the timestamp the Node script signed with.
        answers[execution["item"]["name"]] = client._decrypt(
            envelope["response"], sent["X-timestamp"]
        )

    assert set(answers) == {"peserta.nokartu", "sep.insert"}
    assert answers["peserta.nokartu"]["peserta"]["noKartu"] == "0001105689835"
    assert answers["sep.insert"]["sep"]["peserta"]["noKartu"] == "0001105689835"
    assert [entry["operation"] for entry in reversed(journal)] == ["sep.insert", "peserta.nokartu"]
    assert journal[1]["response"] == answers["sep.insert"]  # what the mock sent, decrypted


def test_bruno_runs_the_collection_signed_in_node_and_the_answers_decrypt(
    tmp_path: Path,
) -> None:
    bru = npm_tool("@usebruno/cli", BRUNO_CLI_VERSION, "bru")
    server = start_server()
    collection = tmp_path / "vclaim"
    try:
        assert printed_text("openapi", "--bruno", str(collection), "--server", server.base_url)
        run = subprocess.run(
            [str(bru), "run", "peserta/peserta.nokartu.bru", "sep/sep.insert.bru",
             "--reporter-json", str(tmp_path / "report.json")],
            cwd=collection, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        journal = requests.get(f"{server.root}/_mock/requests", timeout=10).json()["requests"]
    finally:
        server.stop()

    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads((tmp_path / "report.json").read_text())[0]["results"]
    client = bridging(server)
    answers = {}
    for result in results:
        envelope = result["response"]["data"]
        assert envelope["metaData"]["code"] == "200", envelope
        timestamp = result["request"]["headers"]["X-timestamp"]  # set by the Node script
        answers[result["name"]] = client._decrypt(envelope["response"], timestamp)

    assert answers["peserta.nokartu"]["peserta"]["noKartu"] == "0001105689835"
    assert answers["sep.insert"]["sep"]["peserta"]["noKartu"] == "0001105689835"
    assert journal[0]["response"] == answers["sep.insert"]


def test_bruno_collection_has_a_request_per_operation_and_no_configured_secret(
    tmp_path: Path,
) -> None:
    environ = {"MOCKVCLAIM_CONS_ID": "777", "MOCKVCLAIM_SECRET": "a real secret"}
    out = io.StringIO()

    assert main(["openapi", "--bruno", str(tmp_path / "c")], environ, out) == 0
    again = main(["openapi", "--bruno", str(tmp_path / "c")], environ, io.StringIO())

    requests_written = sorted(p.stem for p in (tmp_path / "c").rglob("*.bru"))
    assert requests_written == sorted([op.op_id for op in VCLAIM_OPERATIONS] + ["collection"])
    text = "".join(p.read_text() for p in (tmp_path / "c").rglob("*.bru"))
    assert "a real secret" not in text
    assert "secret: <your secret>" in text
    assert again == 2  # never over a collection already there
