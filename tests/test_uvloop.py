"""A SIMRS suite that runs asyncio on uvloop gets the same mock: the pytest plugin's server
starts on whatever loop the policy makes, and uvloop's transports are not asyncio's
classes. Before this test, every connection was reset by an isinstance assertion."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator

import pytest
import requests

from mockvclaim.config import Settings
from mockvclaim.protocol import crypto
from mockvclaim.pytest_plugin import VClaimServer
from tests.fixtures import sep_insert_requests as bodies

uvloop = pytest.importorskip("uvloop", reason="uvloop has no Windows wheels")

SHORT = 0.3  # header timeout, seconds


@pytest.fixture
def uvloop_server() -> Iterator[VClaimServer]:
    policy = asyncio.get_event_loop_policy()
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    try:
        server = VClaimServer(Settings(host="127.0.0.1", port=0, header_timeout=SHORT))
    finally:
        asyncio.set_event_loop_policy(policy)
    assert isinstance(server._loop, uvloop.Loop)
    server.start()
    yield server
    server.stop()


def test_a_signed_sep_insert_decrypts_on_uvloop(uvloop_server: VClaimServer) -> None:
    headers = uvloop_server.headers()
    answer = requests.post(
        uvloop_server.url("SEP/2.0/insert"),
        data=json.dumps(bodies.catalog_example()),
        headers=headers,
        timeout=10,
    )

    document = answer.json()
    assert document["metaData"] == {"code": "200", "message": "Sukses"}
    sep = json.loads(
        crypto.decrypt_text(
            document["response"], uvloop_server.cons_id, uvloop_server.secret,
            headers["X-timestamp"],
        )
    )["sep"]  # fmt: skip
    assert sep["noSep"] == "0301R0110721V000001"


def test_https_answers_on_uvloop(uvloop_server: VClaimServer) -> None:
    health = requests.get(
        uvloop_server.https_url.rsplit("/", 1)[0] + "/_mock/health",
        verify=uvloop_server.ca_file,
        timeout=10,
    )
    assert health.json()["status"] == "ok"


def test_trickling_headers_are_cut_off_on_uvloop(uvloop_server: VClaimServer) -> None:
    with socket.create_connection(("127.0.0.1", uvloop_server.port), timeout=5) as slow:
        slow.sendall(b"GET /_mock/health HTTP/1.1\r\nHost: x\r\n")  # never the blank line
        assert requests.get(f"{uvloop_server.root_url}/_mock/health", timeout=5).ok
        assert slow.recv(100) == b""  # the server closed it (recv would time out otherwise)
