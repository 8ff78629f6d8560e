"""The request inspector: a static page at /_mock/ that polls the control API.

Plain HTML, CSS and JavaScript from mockvclaim/web/static/, no build step. The page and its
assets hold no data, so they are served without the admin token; the script sends the
token (taken from `?token=`) on every control-API call it makes.
"""

from __future__ import annotations

from importlib import resources

from aiohttp import web

# name -> content type; nothing else under static/ is served.
ASSETS = {
    "inspector.html": "text/html",
    "inspector.css": "text/css",
    "inspector.js": "text/javascript",
}


def _read(name: str) -> bytes:
    return resources.files("mockvclaim.web").joinpath("static", name).read_bytes()


def _asset_response(name: str) -> web.Response:
    # Read per request: tiny files, and an edited page shows up without a restart.
    return web.Response(
        body=_read(name),
        content_type=ASSETS[name],
        charset="utf-8",
        headers={"Cache-Control": "no-cache"},
    )


async def page(request: web.Request) -> web.StreamResponse:
    return _asset_response("inspector.html")


async def to_page(request: web.Request) -> web.StreamResponse:
    # The page's relative URLs (static/..., requests) need the trailing slash.
    # The query as it arrived: decoding it would turn a token's `%23` into a fragment `#`.
    raw_query = request.rel_url.raw_query_string
    query = f"?{raw_query}" if raw_query else ""
    raise web.HTTPFound(f"/_mock/{query}")


async def asset(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in ASSETS or name == "inspector.html":
        raise web.HTTPNotFound(text="no such inspector asset")
    return _asset_response(name)


def is_public(path: str) -> bool:
    """The page and its assets: served without the admin token."""
    return path in {"/_mock", "/_mock/"} or path.startswith("/_mock/static/")


ROUTES = [
    web.get("/_mock", to_page),
    web.get("/_mock/", page),
    web.get("/_mock/static/{name}", asset),
]
