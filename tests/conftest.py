"""Fixtures: an in-process mock with a fixed clock, and a signed VClaim test client."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from mockvclaim.bpjs.store import Database
from mockvclaim.bpjs.world import World
from mockvclaim.config import Consumer, Settings
from mockvclaim.protocol import crypto
from mockvclaim.web.app import create_app
from mockvclaim.web.context import WIB

# 27 Nov 2026, 10:00 in Jakarta: "today" for every wire test.
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=WIB).timestamp()
TIMESTAMP = str(int(NOW))
CONSUMER = Consumer(cons_id="29876", secret="P4ssw0rd!#", user_key="uk-29876", ppk="0301R011")
OTHER_CONSUMER = Consumer(
    cons_id="31337", secret="other-secret", user_key="uk-31337", ppk="0902R002"
)
TODAY = date(2026, 11, 27)


def make_world(
    *,
    consumer: Consumer = CONSUMER,
    seed: int = 0,
    strict: bool = False,
    today: date = TODAY,
    database: Database | None = None,
) -> World:
    """A World for calling a family function directly, as dispatch builds one per request."""
    store = (database or Database()).for_consumer(consumer.cons_id)
    return World(store=store, consumer=consumer, seed=seed, strict=strict, today=today)


def t_sep(body: dict[str, Any]) -> dict[str, Any]:
    """The `t_sep` inside an SEP request body, to change before sending."""
    inner: dict[str, Any] = body["request"]["t_sep"]
    return inner


@dataclass
class Reply:
    status: int
    headers: Mapping[str, str]
    raw: bytes
    timestamp: str
    consumer: Consumer

    @property
    def document(self) -> dict[str, Any]:
        parsed = json.loads(self.raw)
        assert isinstance(parsed, dict)
        return parsed

    @property
    def code(self) -> str:
        return str(self.document["metaData"]["code"])

    @property
    def message(self) -> str:
        return str(self.document["metaData"]["message"])

    @property
    def payload(self) -> Any:
        """The decrypted `response`, as a client decrypts it with the timestamp it sent."""
        response = self.document["response"]
        assert isinstance(response, str), f"expected an encrypted string, got {response!r}"
        c = self.consumer
        return json.loads(crypto.decrypt_text(response, c.cons_id, c.secret, self.timestamp))


class VClaimClient:
    """Signs like a SIMRS and keeps the bytes it got back."""

    def __init__(self, http: TestClient[Any, Any], consumer: Consumer = CONSUMER) -> None:
        self.http = http
        self.consumer = consumer

    def headers(
        self, consumer: Consumer | None = None, timestamp: str = TIMESTAMP
    ) -> dict[str, str]:
        c = consumer or self.consumer
        return {
            **crypto.signed_headers(c.cons_id, c.secret, c.user_key, timestamp),
            # What the catalogue tells clients to send on writes, though the body is JSON.
            "Content-Type": "Application/x-www-form-urlencoded",
        }

    async def call(
        self,
        method: str,
        path: str,
        body: object = None,
        *,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        consumer: Consumer | None = None,
    ) -> Reply:
        sent = dict(self.headers(consumer)) if headers is None else dict(headers)
        payload = (
            data if data is not None else (None if body is None else json.dumps(body).encode())
        )
        # A stream, so a multi-megabyte test body does not trip aiohttp's large-bytes warning.
        stream = None if payload is None else io.BytesIO(payload)
        async with self.http.request(method, path, data=stream, headers=sent) as response:
            raw = await response.read()
            return Reply(
                response.status,
                dict(response.headers),
                raw,
                sent.get("X-timestamp", TIMESTAMP),
                consumer or self.consumer,
            )

    async def insert_sep(self, body: object, **kwargs: Any) -> Reply:
        return await self.call("POST", "/vclaim-rest-dev/SEP/2.0/insert", body, **kwargs)


async def issue_sep(client: VClaimClient, body: object = None, **kwargs: Any) -> str:
    """Insert an SEP (the first-visit example by default) that must succeed; its number."""
    from tests.fixtures import sep_insert_requests

    reply = await client.insert_sep(body or sep_insert_requests.rawat_jalan_first_visit(), **kwargs)
    assert reply.code == "200", reply.message
    no_sep: str = reply.payload["sep"]["noSep"]
    return no_sep


@pytest.fixture
def settings() -> Settings:
    return Settings(consumers=(CONSUMER, OTHER_CONSUMER), seed=0)


@pytest.fixture
async def client(aiohttp_client: AiohttpClient, settings: Settings) -> VClaimClient:
    app = create_app(settings, clock=lambda: NOW)
    return VClaimClient(await aiohttp_client(app))


class RecordedSleeps(list[float]):
    """Every wait the server was asked for, in seconds; none of them really waited."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> RecordedSleeps:
    return RecordedSleeps()


@pytest.fixture
async def instant_client(
    aiohttp_client: AiohttpClient, settings: Settings, sleeps: RecordedSleeps
) -> VClaimClient:
    """A client of a server whose delays are recorded in `sleeps` instead of waited out."""
    app = create_app(settings, clock=lambda: NOW, sleep=sleeps)
    return VClaimClient(await aiohttp_client(app))


@pytest.fixture
async def strict_client(aiohttp_client: AiohttpClient, settings: Settings) -> VClaimClient:
    app = create_app(replace(settings, strict=True), clock=lambda: NOW)
    return VClaimClient(await aiohttp_client(app))
