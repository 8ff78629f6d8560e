"""Who may call and where: each refusal answers as docs/vclaim-api.md §1.6 says the real one
does."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from mockvclaim.protocol import crypto, messages
from tests.conftest import CONSUMER, NOW, OTHER_CONSUMER, TIMESTAMP, VClaimClient
from tests.fixtures import sep_insert_requests as bodies

INSERT = "/vclaim-rest-dev/SEP/2.0/insert"


def signed(
    timestamp: str = TIMESTAMP, changes: Mapping[str, str | None] | None = None
) -> dict[str, str]:
    """The four headers for CONSUMER; a change of None leaves that header out."""
    c = CONSUMER
    headers: dict[str, str | None] = {
        **crypto.signed_headers(c.cons_id, c.secret, c.user_key, timestamp)
    }
    headers.update(changes or {})
    return {name: value for name, value in headers.items() if value is not None}


GATEWAY_REFUSALS = [
    ("no-user-key", signed(changes={"user_key": None}), "Authentication parameters missing"),
    ("empty-user-key", signed(changes={"user_key": ""}), "Authentication parameters missing"),
    ("unknown-user-key", signed(changes={"user_key": "nope"}), "Authentication failed"),
]


@pytest.mark.parametrize(
    ("headers", "body"), [c[1:] for c in GATEWAY_REFUSALS], ids=[c[0] for c in GATEWAY_REFUSALS]
)
async def test_gateway_refuses_bad_user_key_with_plain_403(
    client: VClaimClient, headers: dict[str, str], body: str
) -> None:
    reply = await client.insert_sep(bodies.catalog_example(), headers=headers)

    assert reply.status == 403
    assert reply.headers["Content-Type"].startswith("text/plain")
    assert reply.raw.decode() == body


ENVELOPE_REFUSALS = [
    ("unknown-cons-id", signed(changes={"X-cons-id": "99999"}), messages.NOT_REGISTERED),
    ("missing-cons-id", signed(changes={"X-cons-id": None}), messages.NOT_REGISTERED),
    # A user_key belongs to one hospital: another's cons-id with it is not registered.
    (
        "cons-id-of-other-consumer",
        signed(changes={"X-cons-id": OTHER_CONSUMER.cons_id}),
        messages.NOT_REGISTERED,
    ),
    ("wrong-signature", signed(changes={"X-signature": "AAAA"}), messages.SIGNATURE_INVALID),
    ("missing-signature", signed(changes={"X-signature": None}), messages.SIGNATURE_INVALID),
    (
        "signed-with-wrong-secret",
        signed(changes={"X-signature": crypto.sign(CONSUMER.cons_id, "wrong", TIMESTAMP)}),
        messages.SIGNATURE_INVALID,
    ),
    ("non-ascii-signature", signed(changes={"X-signature": "é" * 44}), messages.SIGNATURE_INVALID),
    ("missing-timestamp", signed(changes={"X-timestamp": None}), messages.SIGNATURE_INVALID),
    ("timestamp-not-a-number", signed(timestamp="12.5e3"), messages.SIGNATURE_INVALID),
    ("timestamp-in-ms", signed(timestamp=str(int(NOW * 1000))), messages.SIGNATURE_INVALID),
    ("timestamp-301s-old", signed(timestamp=str(int(NOW) - 301)), messages.SIGNATURE_INVALID),
    # PHP without date_default_timezone_set('UTC') in Jakarta: 7 h ahead (docs/vclaim-api.md §1.4).
    ("timestamp-in-wib", signed(timestamp=str(int(NOW) + 25200)), messages.SIGNATURE_INVALID),
]


@pytest.mark.parametrize(
    ("headers", "message"),
    [c[1:] for c in ENVELOPE_REFUSALS],
    ids=[c[0] for c in ENVELOPE_REFUSALS],
)
async def test_vclaim_refuses_bad_credentials_in_envelope(
    client: VClaimClient, headers: dict[str, str], message: messages.Message
) -> None:
    reply = await client.insert_sep(bodies.catalog_example(), headers=headers)

    assert reply.status == 200
    assert reply.document == {
        "metaData": {"code": "201", "message": message.template},
        "response": None,
    }


@pytest.mark.parametrize("offset", [-300, -1, 0, 1, 300])
async def test_timestamp_inside_the_window_is_accepted(client: VClaimClient, offset: int) -> None:
    reply = await client.insert_sep(
        bodies.catalog_example(), headers=signed(timestamp=str(int(NOW) + offset))
    )

    assert reply.code == "200"
    # The response key uses the timestamp the client sent, not the server's clock.
    assert reply.payload["sep"]["noKartu" if False else "peserta"]["noKartu"] == "0001105689835"


@pytest.mark.parametrize(
    "casing",
    [
        ("X-cons-id", "X-timestamp", "X-signature", "user_key"),
        ("X-Cons-ID", "X-Timestamp", "X-Signature", "user_key"),
        ("x-cons-id", "x-timestamp", "x-signature", "USER_KEY"),
    ],
)
async def test_header_names_match_case_insensitively(
    client: VClaimClient, casing: tuple[str, str, str, str]
) -> None:
    values = list(signed().values())
    reply = await client.insert_sep(
        bodies.catalog_example(), headers=dict(zip(casing, values, strict=True))
    )

    assert reply.code == "200"


@pytest.mark.parametrize(
    "path",
    [
        "/SEP/2.0/insert",
        "/vclaim-rest/SEP/2.0/insert",
        "/vclaim-rest-dev/SEP/2.0/insert",
        "/VCLAIM-REST-DEV/sep/2.0/INSERT",
        "/vclaim-rest-dev//SEP//2.0/insert",
        "/vclaim-rest/SEP/2.0/insert/",
    ],
)
async def test_insert_is_served_under_every_base_and_spelling(
    client: VClaimClient, path: str
) -> None:
    reply = await client.call("POST", path, bodies.catalog_example())

    assert reply.code == "200"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/vclaim-rest/SEP/2.0/insrt"),
        ("GET", "/vclaim-rest/SEP/2.0/insert"),
        ("POST", "/vclaim-rest-xyz/SEP/2.0/insert"),
        ("POST", "/SEP/1.1/insert"),
    ],
)
async def test_unknown_path_or_verb_gets_the_gateway_404(
    client: VClaimClient, method: str, path: str
) -> None:
    reply = await client.call(method, path, bodies.catalog_example())

    assert reply.status == 404
    assert reply.raw == b"No Mapping Rule matched"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "Application/json",
        "application/x-www-form-urlencoded",
        "application/x\u2010www\u2010form\u2010urlencoded",  # hyphens pasted from a PDF
        "text/plain",
        None,
    ],
)
async def test_body_is_json_whatever_the_content_type(
    client: VClaimClient, content_type: str | None
) -> None:
    headers = signed()
    if content_type is not None:
        headers["Content-Type"] = content_type.encode("utf-8").decode("latin-1")

    reply = await client.insert_sep(bodies.catalog_example(), headers=headers)

    assert reply.code == "200"
