"""What the handlers share: the mock's state under one AppKey."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from aiohttp import web

from mockvclaim.bpjs.store import Database
from mockvclaim.bpjs.world import World
from mockvclaim.config import Consumer, Settings
from mockvclaim.protocol.journal import Journal
from mockvclaim.protocol.scenarios import ScenarioEngine
from mockvclaim.protocol.validation import SchemaRegistry

# BPJS runs on Western Indonesian Time: "today" for tglSep rules is today in Jakarta.
WIB = timezone(timedelta(hours=7), "WIB")

# How the server waits for a rule's delay or a dribbled chunk (asyncio.sleep outside tests).
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class MockState:
    settings: Settings
    database: Database
    schemas: SchemaRegistry
    scenarios: ScenarioEngine
    journal: Journal
    clock: Callable[[], float] = field(default=time.time)
    sleep: Sleep = field(default=asyncio.sleep)

    def world_for(self, consumer: Consumer) -> World:
        """The one World of an authenticated request."""
        now = datetime.fromtimestamp(self.clock(), tz=WIB)  # one reading: today is now's date
        return World(
            store=self.database.for_consumer(consumer.cons_id),
            consumer=consumer,
            seed=self.settings.seed,
            strict=self.settings.strict,
            today=now.date(),
            now=now,
        )

    def reset(self, *, runtime_rules: bool = False) -> None:
        """Forget the world, the journal and hit counts (and, if asked, run-time rules)."""
        self.database.reset()
        self.journal.clear()
        if runtime_rules:
            self.scenarios.clear_runtime()
        self.scenarios.reset_hits()

    def today(self) -> date:
        return datetime.fromtimestamp(self.clock(), tz=WIB).date()


mock_state_key = web.AppKey("mock_state", MockState)
