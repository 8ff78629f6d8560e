"""The VClaim 1.1 routes BPJS switched off: the gateway's 404 on the wire, a note naming
the 2.0 route in the journal, and "retired" in ENDPOINTS.md."""

from __future__ import annotations

from typing import Any

import pytest

from mockvclaim import coverage
from mockvclaim.protocol import operations, retired
from tests.conftest import VClaimClient
from tests.fixtures import sep_insert_requests as bodies

V11_BODY: dict[str, Any] = {"request": {"t_sep": {"noSep": "0301R0111126V000001", "user": "x"}}}


@pytest.mark.parametrize(
    ("method", "path", "successor"),
    [
        ("POST", "/vclaim-rest/SEP/1.1/insert", "POST /SEP/2.0/insert"),
        ("PUT", "/vclaim-rest-dev/SEP/1.1/Update", "PUT /SEP/2.0/update"),
        ("DELETE", "/SEP/Delete", "DELETE /SEP/2.0/delete"),
        ("PUT", "/vclaim-rest/Sep/updtglplg", "PUT /SEP/2.0/updtglplg"),
        ("post", "/vclaim-rest//sep/1.1/INSERT/", "POST /SEP/2.0/insert"),
    ],
)
async def test_retired_routes_get_the_gateway_404_and_a_journal_note(
    client: VClaimClient, method: str, path: str, successor: str
) -> None:
    reply = await client.call(method, path, V11_BODY)

    assert reply.status == 404
    assert reply.raw == b"No Mapping Rule matched"
    assert reply.headers["Content-Type"].startswith("text/plain")
    unmatched = await (await client.http.get("/_mock/requests/unmatched")).json()
    (entry,) = unmatched["requests"]
    assert entry["operation"] is None
    assert f"Use {successor}." in entry["extra"]["retired"]
    assert "VClaim 1.1" in entry["extra"]["retired"]


async def test_other_unknown_paths_carry_no_note(client: VClaimClient) -> None:
    await client.call("POST", "/vclaim-rest/SEP/2.0/insrt", bodies.catalog_example())

    unmatched = await (await client.http.get("/_mock/requests/unmatched")).json()

    assert unmatched["requests"][0]["extra"] == {}


def test_a_retired_route_is_matched_by_method_too() -> None:
    assert retired.find("GET", "/SEP/1.1/insert") is None
    assert retired.find("POST", "/vclaim-rest/SEP/1.1/insert") is retired.RETIRED[0]


def test_every_retired_route_is_in_the_catalogue_and_not_served() -> None:
    keys = {coverage.route_key(e.method, e.path) for e in coverage.catalogue()}
    for route in retired.RETIRED:
        assert coverage.route_key(route.method, route.path) in keys
        assert operations.resolve(route.method, route.path) is None


def test_endpoints_md_marks_them_retired() -> None:
    text = coverage.render()

    assert "| POST | `/SEP/1.1/insert` | retired (404 `No Mapping Rule matched`; use " in text
    assert "4 retired in VClaim 2.0" in text
    assert all(f"`{r.path}` | not yet" not in text for r in retired.RETIRED)
