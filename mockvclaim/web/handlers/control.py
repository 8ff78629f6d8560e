"""The control API under /_mock/: health, reset, the request journal, scenario rules.
Plain JSON in and out, never signed or encrypted."""

from __future__ import annotations

import hmac
import json
from typing import Any

from aiohttp import web

from mockvclaim import __version__
from mockvclaim.protocol import cross_origin, journal_listing
from mockvclaim.protocol.journal import JournalEntry
from mockvclaim.protocol.scenarios import ScenarioError
from mockvclaim.web import bodies
from mockvclaim.web.context import mock_state_key
from mockvclaim.web.handlers import inspector

# More digits than any journal holds entries; int() of a longer text is refused by Python.
LIMIT_DIGITS = 9


def _problem(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _limit(request: web.Request) -> int | None:
    text = request.query.get("limit")
    if text is None:
        return None
    if not text.isdecimal() or not text.isascii() or len(text) > LIMIT_DIGITS:
        raise web.HTTPBadRequest(
            text=json.dumps(
                {
                    "error": f"limit must be a whole number of at most {LIMIT_DIGITS} digits, "
                    f"got {text[:20]!r}{'...' if len(text) > 20 else ''}"
                }
            ),
            content_type="application/json",
        )
    return int(text)


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "version": __version__})


async def reset(request: web.Request) -> web.Response:
    request.app[mock_state_key].reset()
    return web.json_response({"status": "ok"})


async def list_requests(request: web.Request) -> web.StreamResponse:
    mock = request.app[mock_state_key]
    found = mock.journal.find(path=request.query.get("path"), method=request.query.get("method"))
    limit = _limit(request)
    chosen = found if limit is None else found[:limit]
    return await _listing(request, chosen)


async def _listing(request: web.Request, entries: list[JournalEntry]) -> web.StreamResponse:
    # Sent as it is encoded: a long journal never sits whole in memory or holds the loop.
    response = web.StreamResponse(headers={"Content-Type": "application/json; charset=utf-8"})
    await response.prepare(request)
    async for chunk in journal_listing.encode_chunks(entries):
        await response.write(chunk)
    await response.write_eof()
    return response


async def count_requests(request: web.Request) -> web.Response:
    query = request.query
    found = request.app[mock_state_key].journal.find(
        path=query.get("path"), method=query.get("method"), rule=query.get("rule")
    )
    return web.json_response({"count": len(found)})


async def unmatched_requests(request: web.Request) -> web.StreamResponse:
    found = request.app[mock_state_key].journal.find(unmatched=True)
    limit = _limit(request)
    chosen = found if limit is None else found[:limit]
    return await _listing(request, chosen)


async def clear_requests(request: web.Request) -> web.Response:
    request.app[mock_state_key].journal.clear()
    return web.json_response({"status": "ok"})


async def list_rules(request: web.Request) -> web.Response:
    rules = request.app[mock_state_key].scenarios.rules
    return web.json_response({"rules": [rule.describe() for rule in rules]})


async def add_rules(request: web.Request) -> web.Response:
    raw, unreadable = await bodies.receive(request, request.app[mock_state_key].settings)
    if unreadable is not None:
        return _problem(400, f"body cannot be read: {unreadable.message}")
    try:
        # NaN and Infinity parse, so that the rule checks can name the rule and field.
        document: Any = json.loads(raw)
    except (ValueError, RecursionError) as problem:
        return _problem(400, f"body is not JSON: {str(problem)[:200]}")
    try:
        added = request.app[mock_state_key].scenarios.add_runtime(document)
    except ScenarioError as problem:
        return _problem(400, str(problem))
    return web.json_response({"added": [rule.id for rule in added]}, status=201)


async def remove_rules(request: web.Request) -> web.Response:
    removed = request.app[mock_state_key].scenarios.clear_runtime()
    return web.json_response({"removed": removed})


@web.middleware
async def admin_token_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """With MOCKVCLAIM_ADMIN_TOKEN set, /_mock/* (but health, for probes) needs the token."""
    token = request.app[mock_state_key].settings.admin_token
    path = request.path
    guarded = path.startswith("/_mock") and path.rstrip("/") != "/_mock/health"
    # The inspector page and its assets hold no data; their script sends the token itself.
    guarded = guarded and not inspector.is_public(path)
    if token and guarded and not _token_matches(request.headers.get("Authorization", ""), token):
        return _problem(
            401, "the control API needs 'Authorization: Bearer <MOCKVCLAIM_ADMIN_TOKEN>'"
        )
    response: web.StreamResponse = await handler(request)
    return response


@web.middleware
async def cross_origin_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """State-changing control calls from another origin's page are refused
    (docs/interface.md §12)."""
    if request.path.startswith("/_mock"):
        settings = request.app[mock_state_key].settings
        allowed = (*settings.allowed_hosts, settings.host.lower())
        refused = cross_origin.refusal(
            request.method, request.headers, has_body=request.can_read_body, allowed_hosts=allowed
        )
        if refused is not None:
            return _problem(refused.status, refused.reason)
    response: web.StreamResponse = await handler(request)
    return response


def _token_matches(header: str, token: str) -> bool:
    # Constant time, so response timing does not reveal how much of a guess was right.
    return hmac.compare_digest(header.encode("utf-8"), f"Bearer {token}".encode())


ROUTES = [
    web.get("/_mock/health", health),
    web.post("/_mock/reset", reset),
    web.get("/_mock/requests", list_requests),
    web.get("/_mock/requests/count", count_requests),
    web.get("/_mock/requests/unmatched", unmatched_requests),
    web.delete("/_mock/requests", clear_requests),
    web.get("/_mock/scenarios", list_rules),
    web.post("/_mock/scenarios", add_rules),
    web.delete("/_mock/scenarios", remove_rules),
]
