"""Hostile input from outside: no request, rule or file freezes, crashes or leaks the mock,
and another client is served normally while it happens (docs/interface.md §12).

The mock is served on a real socket, as `mockvclaim serve` serves it (its connection
settings, header and body timeouts shortened so the slow-client tests wait well under a
second); the log and banner tests run the console command itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hmac
import io
import json
import logging
import os
import subprocess
import sys
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import redirect_stderr
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import pytest
import yaml
from aiohttp import web

from mockvclaim import cli
from mockvclaim.config import Settings
from mockvclaim.protocol import crypto, documents, journal_listing, messages, patterns
from mockvclaim.protocol.journal import JournalEntry
from mockvclaim.web import connections
from mockvclaim.web.app import create_app
from mockvclaim.web.context import MockState, mock_state_key
from tests.conftest import CONSUMER, NOW, OTHER_CONSUMER, TIMESTAMP
from tests.fixtures import sep_insert_requests as bodies

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
INSERT = "/vclaim-rest-dev/SEP/2.0/insert"
PROPINSI = "/vclaim-rest-dev/referensi/propinsi"
JSON = {"Content-Type": "application/json"}
SHORT = 0.3  # header and body timeouts of the served mock, in seconds


def signed(consumer: Any = CONSUMER, timestamp: str = TIMESTAMP) -> dict[str, str]:
    return crypto.signed_headers(consumer.cons_id, consumer.secret, consumer.user_key, timestamp)


@dataclass
class Served:
    port: int
    state: MockState
    http: aiohttp.ClientSession

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def call(
        self,
        method: str,
        path: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        async with self.http.request(
            method,
            self.root + path,
            data=None if data is None else io.BytesIO(data),
            headers=headers or {},
            allow_redirects=False,
        ) as answer:
            return answer.status, dict(answer.headers), await answer.read()

    async def envelope(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        status, _, raw = await self.call(method, path, **kwargs)
        assert status == 200, raw
        document: dict[str, Any] = json.loads(raw)
        return document

    async def journal(self, query: str = "") -> list[dict[str, Any]]:
        status, _, raw = await self.call("GET", f"/_mock/requests{query}")
        assert status == 200, raw
        entries: list[dict[str, Any]] = json.loads(raw)["requests"]
        return entries

    async def add_rules(self, *rules: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        status, _, raw = await self.call(
            "POST",
            "/_mock/scenarios",
            data=json.dumps({"rules": list(rules)}).encode(),
            headers=JSON,
        )
        answer: dict[str, Any] = json.loads(raw)
        return status, answer

    async def normal_client(self) -> None:
        """What another CI job does meanwhile: a signed call, answered and decryptable."""
        document = await self.envelope("GET", PROPINSI, headers=signed(OTHER_CONSUMER))
        assert document["metaData"] == {"code": "200", "message": "Sukses"}
        c = OTHER_CONSUMER
        text = crypto.decrypt_text(document["response"], c.cons_id, c.secret, TIMESTAMP)
        assert json.loads(text)["list"]

    async def alongside(self, hostile: Awaitable[T]) -> T:
        """Run the hostile call and a normal client's at the same time; both must finish."""
        result, _ = await asyncio.gather(hostile, self.normal_client())
        return result


ServeFactory = Callable[..., Awaitable[Served]]


@pytest.fixture
async def serve() -> AsyncIterator[ServeFactory]:
    """Start the mock on a free port as `mockvclaim serve` does, with settings changed."""
    cleanups: list[Callable[[], Awaitable[None]]] = []

    async def start(**changes: Any) -> Served:
        settings = replace(
            Settings(host="127.0.0.1", port=0, consumers=(CONSUMER, OTHER_CONSUMER)),
            header_timeout=SHORT,
            body_timeout=SHORT,
            **changes,
        )
        app = create_app(settings, clock=lambda: NOW)
        runner = web.AppRunner(app, **connections.runner_arguments(settings))
        await runner.setup()
        listening = await connections.start_site(runner, settings)
        http = aiohttp.ClientSession(auto_decompress=False)

        async def stop() -> None:
            await http.close()
            listening.close()
            await runner.cleanup()

        cleanups.append(stop)
        return Served(connections.bound_port(listening), app[mock_state_key], http)

    yield start
    for stop in reversed(cleanups):
        await stop()


@pytest.fixture
async def served(serve: ServeFactory) -> Served:
    return await serve()


async def raw_exchange(port: int, payload: bytes) -> bytes:
    """Send bytes on a fresh connection, half-close, and read until the server closes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(payload)
        await writer.drain()
        return await reader.read()
    finally:
        writer.close()
        await writer.wait_closed()


# --- row 1: a body that is not what Content-Encoding says ------------------------------------


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_undecodable_content_encoding_gets_an_envelope_and_a_journal_entry(
    served: Served, encoding: str
) -> None:
    headers = {**signed(), "Content-Encoding": encoding, "Content-Type": "application/json"}

    document = await served.alongside(
        served.envelope("POST", INSERT, data=b"this is not compressed", headers=headers)
    )

    assert document == {
        "metaData": {
            "code": "201",
            "message": messages.BODY_ENCODING_INVALID.format(encoding=encoding),
        },
        "response": None,
    }
    entries = await served.journal("?path=SEP/2.0/insert")
    assert entries[0]["operation"] == "sep.insert"
    assert entries[0]["metaData"]["code"] == "201"


async def test_control_api_answers_its_own_400_for_an_undecodable_body(served: Served) -> None:
    status, _, raw = await served.alongside(
        served.call(
            "POST",
            "/_mock/scenarios",
            data=b"not deflate",
            headers={**JSON, "Content-Encoding": "deflate"},
        )
    )

    assert status == 400
    assert "Content-Encoding deflate" in json.loads(raw)["error"]


async def test_a_compressed_body_that_expands_past_the_limit_is_refused(served: Served) -> None:
    bomb = gzip.compress(b"{" + b" " * (16 * 1024 * 1024) + b"}")  # 16 KiB on the wire
    headers = {**signed(), "Content-Encoding": "gzip"}

    document = await served.alongside(served.envelope("POST", INSERT, data=bomb, headers=headers))

    limit = served.state.settings.max_body_bytes
    assert document["metaData"]["message"] == messages.BODY_TOO_LARGE.format(limit=limit)


async def test_a_well_compressed_body_is_still_read(served: Served) -> None:
    body = json.dumps(bodies.rawat_jalan_first_visit()).encode()
    headers = {**signed(), "Content-Encoding": "deflate"}

    document = await served.envelope("POST", INSERT, data=zlib.compress(body), headers=headers)

    assert document["metaData"]["code"] == "200", document


# --- rows 2 and 3: what the journal keeps ----------------------------------------------------


async def test_a_body_nested_600_deep_is_kept_as_text_and_every_listing_answers(
    served: Served,
) -> None:
    deep = b"[" * 600 + b"]" * 600

    await served.alongside(served.envelope("POST", INSERT, data=deep, headers=signed()))
    entries = await served.alongside(served.journal("?path=SEP/2.0/insert"))

    assert entries[0]["body"] == deep.decode()
    assert (await served.journal("?path=insert&limit=1"))[0]["body"] == deep.decode()
    assert len(await served.journal()) == 3  # and the whole listing answers


async def test_megabyte_bodies_are_kept_bounded_and_the_total_budget_drops_the_oldest(
    serve: ServeFactory,
) -> None:
    entry_bytes = 16 * 1024
    served = await serve(journal_entry_bytes=entry_bytes, journal_bytes=5 * entry_bytes)
    big = b"[" + b"{}," * (1024 * 1024 // 3 - 1) + b"{}]"

    for _ in range(10):
        await served.alongside(served.envelope("POST", INSERT, data=big, headers=signed()))
    entries = await served.alongside(served.journal("?limit=200"))

    kept = [entry for entry in entries if entry["operation"] == "sep.insert"]
    assert 1 <= len(kept) < 10  # the budget, not the 1000-entry count, dropped the rest
    assert kept[0]["id"] == max(entry["id"] for entry in kept)  # the newest stays
    for entry in kept:
        assert isinstance(entry["body"], str)
        assert entry["body"].startswith("[{},{},")
        assert len(entry["body"].encode()) <= entry_bytes + 100
        assert f"{len(big)} bytes in all" in entry["body"]


async def test_an_ordinary_body_is_still_kept_parsed(served: Served) -> None:
    body = bodies.rawat_jalan_first_visit()

    await served.envelope("POST", INSERT, data=json.dumps(body).encode(), headers=signed())

    assert (await served.journal())[0]["body"] == body


async def test_a_long_listing_lets_other_coroutines_run_between_entries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(journal_listing, "SLICE_SECONDS", 0.0)
    entries = [
        JournalEntry(
            method="GET", path=f"/{n}", query={}, raw_headers=(), raw_body=b"", received=0.0, id=n
        )
        for n in range(50)
    ]
    ran: list[str] = []

    async def other_client() -> None:
        ran.append("other")

    async def listing() -> bytes:
        encoded = await journal_listing.encode(entries)
        ran.append("listing")
        return encoded

    encoded, _ = await asyncio.gather(listing(), other_client())

    assert ran == ["other", "listing"]  # served before the listing was done
    assert [entry["path"] for entry in json.loads(encoded)["requests"]] == [
        f"/{n}" for n in range(50)
    ]


# --- row 4: numbers that are not numbers ---------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ('{"id": "n", "operation": "*", "delay_ms": NaN}', "field delay_ms:"),
        ('{"id": "n", "operation": "*", "delay_ms": {"min": NaN, "max": 5}}', "delay_ms.min"),
        ('{"id": "n", "operation": "*", "delay_ms": {"min": 1, "max": NaN}}', "delay_ms.max"),
        ('{"id": "n", "operation": "*", "delay_ms": {"median": NaN, "sigma": 1}}', "median"),
        ('{"id": "n", "operation": "*", "fault": "dribble", "dribble_ms": NaN}', "dribble_ms"),
    ],
)
async def test_a_nan_in_a_rule_is_refused_naming_the_rule_and_field(
    served: Served, rule: str, field: str
) -> None:
    document = f'{{"rules": [{rule}]}}'.encode()

    status, _, raw = await served.alongside(
        served.call("POST", "/_mock/scenarios", data=document, headers=JSON)
    )

    assert status == 400
    error = json.loads(raw)["error"]
    assert "rule 'n'" in error
    assert field in error
    assert "nan" in error
    assert served.state.scenarios.find("n") is None


def test_check_refuses_a_yaml_nan(tmp_path: Path) -> None:
    path = tmp_path / "nan.yaml"
    path.write_text("rules:\n  - {id: slow, operation: '*', delay_ms: {min: .nan, max: 9}}\n")
    out = io.StringIO()

    assert cli.main(["check", str(path)], out=out) == 1
    assert "rule 'slow' (rules[0]), field delay_ms.min: nan is not a number" in out.getvalue()


# --- row 5: catastrophic regular expressions -------------------------------------------------


async def test_a_catastrophic_regex_cannot_hold_the_loop(served: Served) -> None:
    rule = {
        "id": "backtracker",
        "operation": "sep.insert",
        "stage": "before_auth",
        "when": {"request.t_sep.catatan": {"regex": "(a+)+$"}},
        "respond": {"code": "201", "message": "catatan cocok"},
    }
    assert (await served.add_rules(rule))[0] == 201

    def body(catatan: str) -> bytes:
        document = bodies.rawat_jalan_first_visit()
        document["request"]["t_sep"]["catatan"] = catatan
        return json.dumps(document).encode()

    # 200 characters, catatan's limit: a backtracking engine tries 2**199 ways to fail.
    refused = await served.alongside(
        served.envelope("POST", INSERT, data=body("a" * 199 + "!"), headers=signed())
    )
    matched = await served.envelope("POST", INSERT, data=body("aaaa"), headers=signed())

    assert refused["metaData"]["code"] == "200"  # the rule did not match: a normal SEP
    assert matched["metaData"] == {"code": "201", "message": "catatan cocok"}


def test_check_refuses_a_pattern_re2_cannot_run(tmp_path: Path) -> None:
    path = tmp_path / "lookahead.json"
    rule = {"id": "look", "operation": "*", "when": {"a": {"regex": "^00(?=1)"}}, "delay_ms": 1}
    path.write_text(json.dumps({"rules": [rule]}))
    out = io.StringIO()

    assert cli.main(["check", str(path)], out=out) == 1
    assert "rule 'look' (rules[0]), field when: bad regex: RE2" in out.getvalue()


def test_without_re2_nested_repeats_are_refused_and_check_warns_on_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patterns, "re2", None)
    nested = tmp_path / "nested.json"
    rule = {"id": "nested", "operation": "*", "when": {"a": {"regex": "(a+)+$"}}, "delay_ms": 1}
    nested.write_text(json.dumps({"rules": [rule]}))
    plain = tmp_path / "plain.json"
    rule = {"id": "plain", "operation": "*", "when": {"a": {"regex": "^00(?=1)"}}, "delay_ms": 1}
    plain.write_text(json.dumps({"rules": [rule]}))
    out = io.StringIO()

    assert cli.main(["check", str(nested)], out=out) == 1
    assert "exponential time" in out.getvalue()
    assert cli.main(["check", str(plain)], out=out) == 0
    assert "warning:" in out.getvalue()
    assert "rule 'plain', field when.a.regex: matched by Python's backtracking re" in (
        out.getvalue()
    )


# --- row 6: the signature is a credential ------------------------------------------------------


async def test_the_signature_is_masked_in_the_journal(served: Served) -> None:
    headers = signed()

    await served.alongside(served.envelope("GET", PROPINSI, headers=headers))

    entry = (await served.journal("?path=propinsi"))[-1]
    assert entry["headers"]["X-signature"] == "***"
    assert headers["X-signature"] not in json.dumps(await served.journal())


# --- row 7: numbers longer than Python converts ------------------------------------------------


async def test_a_4301_digit_timestamp_is_a_bad_signature(served: Served) -> None:
    headers = {**signed(), "X-timestamp": "9" * 4301}

    document = await served.alongside(served.envelope("GET", PROPINSI, headers=headers))

    assert document["metaData"] == {"code": "201", "message": "Signature Service Tidak Sesuai"}


@pytest.mark.parametrize("route", ["/_mock/requests", "/_mock/requests/unmatched"])
async def test_a_4301_digit_limit_is_a_400_naming_limit(served: Served, route: str) -> None:
    status, _, raw = await served.alongside(served.call("GET", f"{route}?limit={'9' * 4301}"))

    assert status == 400
    assert json.loads(raw)["error"].startswith("limit must be a whole number")


# --- row 8: the token's `#` ----------------------------------------------------------------------


async def test_the_inspector_redirect_keeps_the_raw_query(serve: ServeFactory) -> None:
    served = await serve(admin_token="pa#ss")

    status, headers, _ = await served.alongside(served.call("GET", "/_mock?token=pa%23ss"))

    assert status == 302
    assert headers["Location"] == "/_mock/?token=pa%23ss"


# --- row 9: other origins' pages ---------------------------------------------------------------


async def test_a_cross_origin_page_cannot_reset_or_add_rules(served: Served) -> None:
    await served.envelope("GET", PROPINSI, headers=signed())
    page = {"Origin": "http://evil.example", "Content-Type": "text/plain"}
    rule = b'{"rules": [{"id": "evil", "operation": "*", "fault": "drop"}]}'

    reset = await served.alongside(served.call("POST", "/_mock/reset", headers=page))
    added = await served.call("POST", "/_mock/scenarios", data=rule, headers=page)
    as_json = await served.call(
        "POST",
        "/_mock/scenarios",
        data=rule,
        headers={**page, **JSON, "Sec-Fetch-Site": "cross-site"},
    )
    cleared = await served.call("DELETE", "/_mock/requests", headers={"Origin": "null"})

    assert [reset[0], added[0], as_json[0], cleared[0]] == [403, 415, 403, 403]
    assert served.state.scenarios.find("evil") is None
    assert await served.journal("?path=propinsi")  # nothing was reset or cleared


async def test_dns_rebinding_is_refused_by_the_host_check(served: Served) -> None:
    name = f"rebound.example:{served.port}"
    headers = {"Host": name, "Origin": f"http://{name}", "Sec-Fetch-Site": "same-origin"}

    status, _, raw = await served.alongside(served.call("POST", "/_mock/reset", headers=headers))

    assert status == 403
    assert "DNS rebinding" in json.loads(raw)["error"]


async def test_the_mock_own_page_and_non_browser_clients_still_change_state(
    serve: ServeFactory,
) -> None:
    served = await serve(allowed_hosts=("vclaim",))
    own_page = {
        "Origin": served.root,
        "Sec-Fetch-Site": "same-origin",
        "Content-Type": "application/json",
    }
    compose = {"Host": f"vclaim:{served.port}", "Origin": f"http://vclaim:{served.port}"}
    rule = {"id": "ok", "operation": "*", "delay_ms": 1}

    cleared = await served.call("DELETE", "/_mock/requests", headers=own_page)
    added = await served.call(
        "POST", "/_mock/scenarios", data=json.dumps({"rules": [rule]}).encode(), headers=own_page
    )
    by_name = await served.call("DELETE", "/_mock/scenarios", headers=compose)
    reset = await served.call("POST", "/_mock/reset")  # curl: no Origin, no body

    assert [cleared[0], added[0], by_name[0], reset[0]] == [200, 201, 200, 200]


# --- row 10: a billion laughs ------------------------------------------------------------------

BILLION_LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + (
    BILLION_LAUGHS + "rules: *i\n"
)


def test_a_billion_laughs_scenario_file_is_refused_with_a_short_message(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS)
    out = io.StringIO()

    assert len(BILLION_LAUGHS) < 500
    assert cli.main(["check", str(path)], out=out) == 1
    assert "once YAML aliases are expanded" in out.getvalue()
    assert len(out.getvalue()) < 400


def test_a_billion_laughs_scenario_file_stops_serve_with_a_short_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS)

    assert cli.main(["serve", "--port", "0", "--scenarios", str(path)], environ={}) == 2
    error = capsys.readouterr().err
    assert "once YAML aliases are expanded" in error
    assert len(error) < 400


def test_a_billion_laughs_consumers_file_stops_serve_with_a_short_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "consumers.yaml"
    path.write_text(BILLION_LAUGHS.replace("rules: *i", "consumers: *i"))

    assert cli.main(["serve", "--port", "0", "--consumers", str(path)], environ={}) == 2
    error = capsys.readouterr().err
    assert "once YAML aliases are expanded" in error
    assert len(error) < 400


async def test_a_huge_rule_document_at_run_time_gets_a_short_message(served: Served) -> None:
    values = ",".join(["1"] * 300_000)
    document = f'{{"rules": [{{"id": "big", "operation": "*", "delay_ms": [{values}]}}]}}'

    status, _, raw = await served.alongside(
        served.call("POST", "/_mock/scenarios", data=document.encode(), headers=JSON)
    )

    assert status == 400
    assert len(raw) < 400


def test_schema_messages_are_cut_short(tmp_path: Path) -> None:
    path = tmp_path / "wide.json"
    rule = {"id": "wide", "operation": "*", "delay_ms": 1, "when": {"a": {"in": "x" * 100_000}}}
    path.write_text(json.dumps({"rules": [rule]}))
    out = io.StringIO()

    assert cli.main(["check", str(path)], out=out) == 1
    assert len(out.getvalue()) < 500


# --- row 11: the admin token ---------------------------------------------------------------------


async def test_the_admin_token_is_compared_in_constant_time(
    serve: ServeFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    served = await serve(admin_token="s3cret")

    wrong = await served.alongside(
        served.call("GET", "/_mock/requests", headers={"Authorization": "Bearer s3creT"})
    )
    right = await served.call("GET", "/_mock/requests", headers={"Authorization": "Bearer s3cret"})
    latin = await served.call("GET", "/_mock/requests", headers={"Authorization": "Bearer sécret"})

    assert [wrong[0], right[0], latin[0]] == [401, 200, 401]
    assert (b"Bearer s3creT", b"Bearer s3cret") in compared


# --- row 13: raw answers that would break the connection -------------------------------------


@pytest.mark.parametrize(
    ("respond", "field", "problem"),
    [
        ({"http_status": 200, "headers": {"X-A": "1\r\nX-Injected: yes"}}, "headers.X-A", "CR, LF"),
        ({"http_status": 200, "headers": {"Bad Name": "1"}}, "headers.Bad Name", "header name"),
        ({"http_status": 200, "headers": {"Content-Length": "999"}}, "Content-Length", "server"),
        (
            {"http_status": 200, "headers": {"Transfer-Encoding": "chunked"}},
            "Transfer-Encoding",
            "server",
        ),
        ({"http_status": 200, "headers": {"Connection": "close"}}, "Connection", "server"),
        ({"http_status": 100}, "http_status", "informational"),
        ({"http_status": 101}, "http_status", "informational"),
        ({"http_status": 204, "body": "x"}, "body", "no body"),
        ({"http_status": 200, "content_type": "text/plain\r\nX: y"}, "content_type", "media"),
    ],
)
async def test_raw_answers_that_break_http_are_refused_at_load(
    served: Served, respond: dict[str, Any], field: str, problem: str
) -> None:
    rule = {"id": "raw", "operation": "*", "stage": "before_auth", "respond": respond}

    status, answer = await served.alongside(served.add_rules(rule))

    assert status == 400
    assert "rule 'raw' (rules[0]), field respond." in answer["error"]
    assert field in answer["error"]
    assert problem in answer["error"]


async def test_a_safe_raw_answer_keeps_keep_alive_in_step(served: Served) -> None:
    rule = {
        "id": "raw",
        "operation": "referensi.kelasrawat",
        "stage": "before_auth",
        "respond": {"http_status": 503, "headers": {"Retry-After": "1"}, "body": "sibuk"},
    }
    assert (await served.add_rules(rule))[0] == 201
    pipelined = (
        b"GET /vclaim-rest-dev/referensi/kelasrawat HTTP/1.1\r\nHost: x\r\n\r\n"
        b"GET /_mock/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )

    wire = await served.alongside(raw_exchange(served.port, pipelined))

    first, second = wire.split(b"HTTP/1.1 ")[1:]
    assert first.startswith(b"503")
    assert b"Retry-After: 1" in first
    assert first.endswith(b"sibuk")
    assert second.startswith(b"200")
    assert b'"status": "ok"' in second


# --- slow clients --------------------------------------------------------------------------------


async def test_headers_that_trickle_in_are_cut_off(served: Served) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", served.port)
    writer.write(b"GET /_mock/health HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
    await writer.drain()

    await served.normal_client()  # served while the slow client holds its connection
    closed = await reader.read()  # returns once the server has closed it

    assert closed == b""
    writer.close()
    await writer.wait_closed()


async def test_a_body_that_trickles_in_gets_an_envelope_and_the_connection_closes(
    served: Served,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", served.port)
    head = f"POST {INSERT} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in signed().items())
    writer.write(head.encode() + b"\r\n{")
    await writer.drain()

    await served.normal_client()
    wire = await reader.read()

    head_part, _, body = wire.partition(b"\r\n\r\n")
    assert head_part.startswith(b"HTTP/1.1 200")
    seconds = f"{SHORT:g}"
    assert json.loads(body)["metaData"] == {
        "code": "201",
        "message": messages.BODY_TIMEOUT.format(seconds=seconds),
    }
    writer.close()
    await writer.wait_closed()


async def test_an_idle_keep_alive_connection_is_closed(serve: ServeFactory) -> None:
    served = await serve(idle_timeout=SHORT)
    reader, writer = await asyncio.open_connection("127.0.0.1", served.port)
    writer.write(b"GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n")
    await writer.drain()

    await served.normal_client()
    wire = await reader.read()  # the answer, then the close once idle

    assert wire.startswith(b"HTTP/1.1 200")
    writer.close()
    await writer.wait_closed()


# --- rows 12 and 14: what the console shows ----------------------------------------------------


def test_bad_requests_log_one_line_each_and_no_secret_reaches_the_console() -> None:
    user_key = "uk-S3CRET-only-mine"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCKVCLAIM_")}
    env["MOCKVCLAIM_USER_KEY"] = user_key
    process = subprocess.Popen(
        [sys.executable, "-m", "mockvclaim", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        assert process.stdout is not None
        banner = "".join(iter(process.stdout.readline, "Ctrl-C stops the server.\n"))
        port = int(banner.split("127.0.0.1:")[1].split("/")[0])
        malformed = [
            b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n",
            b"GET / HTTP/1.1\r\nuser_key: " + user_key.encode() * 1000 + b"\r\n\r\n",
        ]

        async def exchange() -> None:
            for payload in malformed:
                await raw_exchange(port, payload)
                async with (
                    aiohttp.ClientSession() as session,
                    session.get(f"http://127.0.0.1:{port}/_mock/health") as answer,
                ):
                    assert answer.status == 200  # the next client is served

        asyncio.run(exchange())
    finally:
        process.terminate()
        out, err = process.communicate(timeout=30)

    assert user_key not in banner + out + err
    assert "user_key     (as configured)" in banner
    lines = err.splitlines()
    assert len(lines) <= len(malformed), err
    assert all(line.startswith("mockvclaim: ") for line in lines), err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "text",
    [
        "consumers:\n  - {cons_id: '1', secret: !S3CRET x, user_key: k, ppk: 0301R011}\n",
        "consumers:\n  - cons_id: '1'\n    secret: S3CRET: x\n",
        "consumers:\n  - cons_id: '1'\n    secret: *S3CRET\n",
        "consumers:\n  - cons_id: '1'\n    secret: 'S3CRET\n",
    ],
)
@pytest.mark.parametrize("loader", ["libyaml", "python"])
def test_a_broken_consumers_file_never_prints_the_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, loader: str
) -> None:
    if loader == "python":  # PyYAML's own loader quotes the offending line
        monkeypatch.setattr(documents, "_LOADER", yaml.SafeLoader)
    path = tmp_path / "consumers.yaml"
    path.write_text(text)
    printed = io.StringIO()

    with redirect_stderr(printed):
        status = cli.main(["serve", "--port", "0", "--consumers", str(path)], environ={})

    assert status == 2
    assert "YAML syntax error at line " in printed.getvalue()
    assert "S3CRET" not in printed.getvalue()


def test_malformed_request_records_carry_no_traceback_and_no_bytes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from aiohttp.http_exceptions import LineTooLong

    with caplog.at_level(logging.WARNING, logger="mockvclaim.http"):
        try:
            raise LineTooLong("user_key: secret-bytes", 8190)
        except LineTooLong:
            connections.HTTP_LOG.exception("Error handling request from %s", "127.0.0.1")

    (record,) = caplog.records
    assert record.exc_info is None
    assert record.getMessage() == (
        "mockvclaim: Error handling request from 127.0.0.1: LineTooLong 400"
    )


# --- row 9 in detail: which browser calls pass -------------------------------------------------


@pytest.mark.parametrize(
    ("method", "headers", "has_body", "expected"),
    [
        ("GET", {"Origin": "http://evil.example"}, False, None),  # reads are not guarded here
        ("POST", {}, False, None),  # curl, scripts
        ("POST", {"Content-Type": "application/json"}, True, None),
        ("POST", {"Content-Type": "text/plain"}, True, 415),
        ("POST", {"Content-Type": "application/x-www-form-urlencoded"}, True, 415),
        ("POST", {"Content-Type": "application/merge-patch+json"}, True, None),
        ("POST", {"Host": "127.0.0.1:8080", "Origin": "http://127.0.0.1:8080"}, False, None),
        ("POST", {"Host": "127.0.0.1:8080", "Origin": "http://127.0.0.1:3000"}, False, 403),
        ("POST", {"Host": "localhost:8080", "Origin": "http://localhost:8080"}, False, None),
        ("DELETE", {"Host": "[::1]:8080", "Origin": "http://[::1]:8080"}, False, None),
        ("POST", {"Host": "127.0.0.1", "Origin": "http://127.0.0.1:80"}, False, None),
        ("POST", {"Host": "127.0.0.1", "Origin": "null"}, False, 403),
        ("POST", {"Host": "127.0.0.1", "Sec-Fetch-Site": "same-site"}, False, 403),
        ("POST", {"Host": "127.0.0.1", "Sec-Fetch-Site": "none"}, False, None),
        ("POST", {"Host": "vclaim:8080", "Origin": "http://vclaim:8080"}, False, 403),
        ("PUT", {"Host": "vclaim:8080", "Sec-Fetch-Site": "same-origin"}, False, 403),
    ],
)
def test_cross_origin_refusals(
    method: str, headers: dict[str, str], has_body: bool, expected: int | None
) -> None:
    from multidict import CIMultiDict

    from mockvclaim.protocol import cross_origin

    refused = cross_origin.refusal(
        method, CIMultiDict(headers), has_body=has_body, allowed_hosts=()
    )

    assert (refused.status if refused else None) == expected
    if "vclaim" in headers.get("Host", ""):  # a name the operator allowed
        allowed = cross_origin.refusal(
            method, CIMultiDict(headers), has_body=has_body, allowed_hosts=("VClaim",)
        )
        assert allowed is None


async def test_the_https_port_cuts_off_trickling_headers_too(tmp_path: Path) -> None:
    import ssl

    from mockvclaim import tls

    settings = Settings(host="127.0.0.1", port=0, header_timeout=SHORT)
    https = tls.generated(tmp_path, tls.host_names("127.0.0.1"))
    assert https.ca_file is not None
    runner = web.AppRunner(create_app(settings), **connections.runner_arguments(settings))
    await runner.setup()
    secure = await connections.start_site(runner, settings, ssl_context=https.context)
    trust = ssl.create_default_context(cafile=str(https.ca_file))
    try:
        port = connections.bound_port(secure)
        reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=trust)
        writer.write(b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        await writer.drain()
        other_reader, other_writer = await asyncio.open_connection("127.0.0.1", port, ssl=trust)
        other_writer.write(
            b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        answered = await other_reader.read()  # another client, served meanwhile

        closed = await reader.read()

        assert answered.startswith(b"HTTP/1.1 200")
        assert closed == b""
        for stream in (writer, other_writer):
            stream.close()
            with contextlib.suppress(ssl.SSLError, ConnectionError):
                await stream.wait_closed()
    finally:
        secure.close()
        await runner.cleanup()
