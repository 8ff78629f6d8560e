"""The benchmark's baseline: a bare aiohttp app that answers every request with a canned
VClaim-shaped envelope of a given size, doing no work at all."""

from __future__ import annotations

import argparse
import asyncio
import json

from aiohttp import web


def canned_envelope(size: int) -> bytes:
    shell = {"metaData": {"code": "200", "message": "Sukses"}, "response": ""}
    padding = max(size - len(json.dumps(shell, separators=(",", ":"))), 0)
    shell["response"] = "A" * padding
    return json.dumps(shell, separators=(",", ":")).encode()


async def serve(size: int) -> None:
    body = canned_envelope(size)

    async def answer(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    print(f"baseline listening on http://127.0.0.1:{port}", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True, help="bytes in each answer")
    asyncio.run(serve(parser.parse_args().size))


if __name__ == "__main__":
    main()
