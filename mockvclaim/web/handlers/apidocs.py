"""`/_mock/openapi.json` and `/_mock/postman.json`: the generated documents, pointing at the
address the caller reached this mock on."""

from __future__ import annotations

from aiohttp import web

from mockvclaim.apidocs.command import collection_for
from mockvclaim.apidocs.openapi import openapi_document
from mockvclaim.web.context import mock_state_key


def _base_url(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}/vclaim-rest-dev"


async def openapi(request: web.Request) -> web.Response:
    return web.json_response(openapi_document(_base_url(request)))


async def postman(request: web.Request) -> web.Response:
    consumer = request.app[mock_state_key].settings.consumers[0]
    return web.json_response(collection_for(_base_url(request), consumer))


ROUTES = [
    web.get("/_mock/openapi.json", openapi),
    web.get("/_mock/postman.json", postman),
]
