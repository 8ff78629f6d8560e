"""Scenario files given with --scenarios are reloaded when they change: a rule edited in
the editor acts on the next request, no restart. A bad edit keeps the rules in use and says
why on the terminal and in `GET /_mock/scenarios` (`reload_error`).

Polled (size and mtime, once a second): a handful of small files, no watcher library.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

from aiohttp import web

from mockvclaim import resources, terminal
from mockvclaim.config import Settings
from mockvclaim.protocol.operations import OPERATIONS
from mockvclaim.protocol.scenario_check import warnings
from mockvclaim.protocol.scenarios import Rule, ScenarioError, load_rules, scenario_files
from mockvclaim.protocol.validation import SchemaRegistry
from mockvclaim.web.context import MockState, Sleep, mock_state_key

POLL_SECONDS = 1.0
_log = logging.getLogger("mockvclaim.scenarios")

Snapshot = tuple[tuple[str, int, int], ...] | str


def load_file_rules(settings: Settings, schemas: SchemaRegistry) -> list[Rule]:
    """The user's files, then the built-in test cards (last: a user's rule wins)."""
    paths = [*settings.scenarios, resources.scenarios_dir()]
    op_ids = [operation.op_id for operation in OPERATIONS]
    return load_rules(paths, schemas.validator("scenario"), op_ids)


def snapshot(paths: Sequence[Path]) -> Snapshot:
    """What changes when a watched file is edited, added to a folder or removed."""
    try:
        files = scenario_files(paths)
        return tuple(
            (str(path), stat.st_mtime_ns, stat.st_size) for path in files for stat in [path.stat()]
        )
    except (ScenarioError, OSError) as problem:
        return str(problem)


def reload(state: MockState) -> bool:
    """Load the files again; on any problem keep the rules in use. True when reloaded."""
    engine = state.scenarios
    try:
        rules = load_file_rules(state.settings, state.schemas)
        engine.replace_file_rules(rules)
    except ScenarioError as problem:
        engine.reload_error = str(problem)
        _log.warning(
            "%sscenario files changed but cannot be used, the previous rules stay:\n%s",
            terminal.ERROR,
            "\n".join(f"  {line}" for line in problem.problems),
        )
        return False
    _log.info("mockvclaim: reloaded scenario files: %d rule(s)", len(rules))
    for text in warnings(engine.rules):
        _log.warning("%s%s", terminal.WARNING, text)
    return True


async def watch(
    state: MockState, *, interval: float = POLL_SECONDS, sleep: Sleep = asyncio.sleep
) -> None:
    paths = list(state.settings.scenarios)
    seen = snapshot(paths)
    while True:
        await sleep(interval)
        now = snapshot(paths)
        if now != seen:
            seen = now
            reload(state)


def watcher(interval: float = POLL_SECONDS) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup context that watches for the app's life (nothing to do without files)."""

    async def run(app: web.Application) -> AsyncIterator[None]:
        state = app[mock_state_key]
        task = (
            asyncio.create_task(watch(state, interval=interval))
            if state.settings.scenarios
            else None
        )
        yield
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return run
