"""The control API at /_mock/: health, reset, the journal, and its admin token."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pytest_aiohttp import AiohttpClient

from mockvclaim import __version__
from mockvclaim.config import Settings
from mockvclaim.web.app import create_app
from tests.conftest import CONSUMER, NOW, VClaimClient
from tests.fixtures import sep_insert_requests as bodies


async def journal(client: VClaimClient, query: str = "") -> list[dict[str, Any]]:
    response = await client.http.get(f"/_mock/requests{query}")
    assert response.status == 200
    entries: list[dict[str, Any]] = (await response.json())["requests"]
    return entries


async def test_health(client: VClaimClient) -> None:
    response = await client.http.get("/_mock/health")

    assert await response.json() == {"status": "ok", "version": __version__}


async def test_journal_holds_the_decrypted_response_newest_first(client: VClaimClient) -> None:
    await client.insert_sep(bodies.catalog_example())
    second = await client.insert_sep(bodies.rawat_jalan_first_visit())

    entries = await journal(client)

    assert [e["operation"] for e in entries] == ["sep.insert", "sep.insert"]
    newest = entries[0]
    assert newest["response"] == second.payload  # decrypted, equal to what the client decrypts
    assert newest["metaData"] == {"code": "200", "message": "Sukses"}
    assert newest["status"] == 200
    assert newest["cons_id"] == CONSUMER.cons_id
    assert newest["body"] == bodies.rawat_jalan_first_visit()
    assert newest["rule"] is None
    assert newest["duration_ms"] > 0
    assert newest["path"] == "/vclaim-rest-dev/SEP/2.0/insert"


async def test_journal_never_shows_credentials(client: VClaimClient) -> None:
    await client.insert_sep(bodies.catalog_example())

    entry = (await journal(client))[0]
    text = str(entry)

    assert entry["headers"]["user_key"] == "***"
    assert CONSUMER.secret not in text
    assert CONSUMER.user_key not in text


async def test_journal_filters_count_and_unmatched(client: VClaimClient) -> None:
    await client.insert_sep(bodies.catalog_example())
    await client.insert_sep(
        bodies.rawat_jalan_first_visit(),
        headers={**client.headers(), "X-Mock-Scenario": "card-inactive"},
    )
    await client.call("POST", "/vclaim-rest/SEP/2.0/nope", {})

    assert len(await journal(client, "?limit=1")) == 1
    assert len(await journal(client, "?path=sep/2.0/insert")) == 2
    count = await (await client.http.get("/_mock/requests/count?rule=card-inactive")).json()
    assert count == {"count": 1}
    count = await (await client.http.get("/_mock/requests/count?method=POST&path=insert")).json()
    assert count == {"count": 2}
    unmatched = await (await client.http.get("/_mock/requests/unmatched")).json()
    assert [e["path"] for e in unmatched["requests"]] == ["/vclaim-rest/SEP/2.0/nope"]
    assert unmatched["requests"][0]["status"] == 404


async def test_bad_limit_is_a_400(client: VClaimClient) -> None:
    response = await client.http.get("/_mock/requests?limit=ten")

    assert response.status == 400
    assert "limit" in (await response.json())["error"]


async def test_clear_journal(client: VClaimClient) -> None:
    await client.insert_sep(bodies.catalog_example())

    await client.http.delete("/_mock/requests")

    assert await journal(client) == []


async def test_reset_forgets_state_journal_and_hits(client: VClaimClient) -> None:
    first = await client.insert_sep(bodies.rawat_jalan_first_visit())
    await client.insert_sep(
        bodies.rawat_jalan_first_visit(),
        headers={**client.headers(), "X-Mock-Scenario": "card-inactive"},
    )

    response = await client.http.post("/_mock/reset")
    again = await client.insert_sep(bodies.rawat_jalan_first_visit())
    rules = (await (await client.http.get("/_mock/scenarios")).json())["rules"]

    assert response.status == 200
    # The same SEP again is no duplicate: the world is fresh, numbering starts over.
    assert again.payload["sep"]["noSep"] == first.payload["sep"]["noSep"]
    assert next(r for r in rules if r["id"] == "card-inactive")["hits"] == 0
    assert len(await journal(client)) == 1


async def test_admin_token_guards_the_control_api_but_not_health(
    aiohttp_client: AiohttpClient, settings: Settings
) -> None:
    app = create_app(replace(settings, admin_token="s3cret"), clock=lambda: NOW)
    http = await aiohttp_client(app)

    refused = await http.get("/_mock/requests")
    allowed = await http.get("/_mock/requests", headers={"Authorization": "Bearer s3cret"})
    health = await http.get("/_mock/health")

    assert refused.status == 401
    assert allowed.status == 200
    assert health.status == 200
