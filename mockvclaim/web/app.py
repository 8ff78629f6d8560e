"""create_app: wires settings, state, routes and middlewares. No logic lives here."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from mockvclaim import resources
from mockvclaim.bpjs.store import Database
from mockvclaim.bpjs.vclaim.served import SERVED
from mockvclaim.config import Settings
from mockvclaim.protocol.journal import Journal
from mockvclaim.protocol.operations import OPERATIONS
from mockvclaim.protocol.scenarios import ScenarioEngine, load_rules
from mockvclaim.protocol.validation import SchemaRegistry
from mockvclaim.web import connections, dispatch
from mockvclaim.web.context import MockState, Sleep, mock_state_key
from mockvclaim.web.handlers import apidocs, control, inspector


def build_state(
    settings: Settings, clock: Callable[[], float] = time.time, sleep: Sleep = asyncio.sleep
) -> MockState:
    """Everything the server holds; raises ScenarioError for a bad scenario file."""
    schemas = SchemaRegistry.of_folder(resources.schemas_dir())
    op_ids = [operation.op_id for operation in OPERATIONS]
    # Built-in rules last: a user's file or run-time rule can override a test card.
    paths = [*settings.scenarios, resources.scenarios_dir()]
    rules = load_rules(paths, schemas.validator("scenario"), op_ids)
    engine = ScenarioEngine(
        rules, validator=schemas.validator("scenario"), operations=op_ids, seed=settings.seed
    )
    return MockState(
        settings=settings,
        database=Database(settings.data),
        schemas=schemas,
        scenarios=engine,
        journal=Journal(settings.journal_size, settings.journal_bytes),
        clock=clock,
        sleep=sleep,
    )


def create_app(
    settings: Settings, clock: Callable[[], float] = time.time, sleep: Sleep = asyncio.sleep
) -> web.Application:
    """`clock` and `sleep` are injectable so tests run at a fixed time and wait for nothing."""
    state = build_state(settings, clock, sleep)

    async def close_store(app: web.Application) -> AsyncIterator[None]:
        yield
        state.database.close()

    app = web.Application(
        middlewares=[
            connections.connection_middleware,
            control.cross_origin_middleware,
            control.admin_token_middleware,
        ],
        client_max_size=settings.max_body_bytes,
    )
    app[mock_state_key] = state
    app.cleanup_ctx.append(close_store)
    app.router.add_routes(control.ROUTES)
    app.router.add_routes(inspector.ROUTES)
    app.router.add_routes(apidocs.ROUTES)
    # VClaim paths are matched by mockvclaim.protocol.operations: case-insensitive, `//`-tolerant.
    app.router.add_route("*", "/{tail:.*}", dispatch.make_handler(SERVED))
    return app
