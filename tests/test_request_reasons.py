"""Seeing why a request failed: one access-log line per request on the terminal of a
served process, and the reason a signature was refused in the journal (never the secret)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from mockvclaim.config import DEMO_CONS_ID, DEMO_SECRET, DEMO_USER_KEY
from mockvclaim.protocol import crypto
from tests.conftest import CONSUMER, NOW, TIMESTAMP, VClaimClient
from tests.fixtures import sep_insert_requests as bodies
from tests.served_process import ServedProcess, served


def send(server: ServedProcess, no_kartu: str, headers: dict[str, str] | None = None) -> int:
    body = bodies.catalog_example()
    body["request"]["t_sep"]["noKartu"] = no_kartu
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        f"{server.root_url}/vclaim-rest-dev/SEP/2.0/insert",
        data=json.dumps(body).encode(),
        method="POST",
        headers=headers
        or crypto.signed_headers(DEMO_CONS_ID, DEMO_SECRET, DEMO_USER_KEY, timestamp),
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        refused.close()
        return int(refused.code)


def test_each_request_gets_one_access_log_line(tmp_path: Path) -> None:
    with served(tmp_path) as server:
        send(server, "0001105689835")
        send(server, "0000000000002")
        send(server, "0000000000008")
        send(server, "0001105689835", headers={"X-cons-id": "10000"})
        server.wait_for(lambda: len(access_lines(server)) >= 4, "four access lines")
        lines = access_lines(server)

    ok, inactive, gateway, refused = lines
    assert ' POST /vclaim-rest-dev/SEP/2.0/insert sep.insert 200 "Sukses" ' in ok
    assert ok.endswith("ms")
    assert '201 "Status Peserta Tidak Aktif" rule=card-inactive' in inactive
    assert 'HTTP 502 "502 Bad Gateway"' in gateway
    assert "rule=card-gateway-502" in gateway
    assert 'HTTP 403 "Authentication parameters missing" refused: no user_key header' in refused
    assert len(lines) == 4


def access_lines(server: ServedProcess) -> list[str]:
    return [line for line in server.lines if " /vclaim-rest-dev/" in line]


def test_quiet_prints_no_access_lines(tmp_path: Path) -> None:
    with served(tmp_path, "--quiet") as server:
        send(server, "0001105689835")
        # The journal has it, so the line would have been written by now.
        server.wait_for(lambda: server.get_json("/_mock/requests/count")["count"] == 1, "entry")
        output = server.output()

    assert "/vclaim-rest-dev/SEP" not in output
    assert "not shown (--quiet)" in output


# -- refusal reasons in the journal -----------------------------------------------------


async def last_entry(client: VClaimClient) -> dict[str, Any]:
    journal = await (await client.http.get("/_mock/requests?limit=1")).json()
    entry: dict[str, Any] = journal["requests"][0]
    return entry


def signed(timestamp: str, secret: str = CONSUMER.secret, **changes: str) -> dict[str, str]:
    headers = crypto.signed_headers(CONSUMER.cons_id, secret, CONSUMER.user_key, timestamp)
    return {**headers, **changes}


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        (
            signed(str(int(NOW) + 25200)),
            "timestamp off by 25200 s (ahead of the mock's clock; --timestamp-skew allows 300 s):"
            " looks like local WIB time, +25200",
        ),
        (signed(str(int(NOW) * 1000)), "looks like milliseconds"),
        (signed(str(int(NOW) - 900)), "timestamp off by 900 s (behind the mock's clock"),
        (signed(TIMESTAMP, X_timestamp="abc"), "X-timestamp"),
        (
            signed(TIMESTAMP, secret="wrong-secret"),
            f"signature mismatch for cons-id {CONSUMER.cons_id}: the mock expected "
            f"base64(HMAC-SHA256(secret, '{CONSUMER.cons_id}&{TIMESTAMP}'))",
        ),
        (signed(TIMESTAMP, **{"X-cons-id": "55555"}), "unknown cons-id '55555'"),
        (signed(TIMESTAMP, user_key="nope"), "wrong user_key"),
    ],
)
async def test_a_refused_request_says_why_in_the_journal_and_the_wire_stays_bpjs(
    client: VClaimClient, headers: dict[str, str], reason: str
) -> None:
    headers = {key.replace("X_timestamp", "X-timestamp"): value for key, value in headers.items()}
    reply = await client.insert_sep(bodies.rawat_jalan_first_visit(), headers=headers)
    entry = await last_entry(client)

    assert reason in entry["extra"]["refused"]
    assert CONSUMER.secret not in json.dumps(entry)
    assert entry["cons_id"] == headers["X-cons-id"]  # as sent, though refused
    if "user_key" in reason:
        assert (reply.status, reply.raw) == (403, b"Authentication failed")
    elif "cons-id '" in reason:
        assert reply.message == "Unauthorized! You are not registered for this service!"
    else:
        assert reply.message == "Signature Service Tidak Sesuai"


async def test_an_accepted_request_has_no_refusal(client: VClaimClient) -> None:
    await client.insert_sep(bodies.rawat_jalan_first_visit())

    entry = await last_entry(client)
    assert "refused" not in entry["extra"]
    assert entry["cons_id"] == CONSUMER.cons_id
