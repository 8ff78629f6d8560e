"""SEP insert must not slow down as the world fills up: SQLite work per insert is counted in
virtual-machine steps (deterministic, unlike a timer) with few and with many SEPs stored."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from mockvclaim.bpjs.vclaim import sep
from mockvclaim.config import Consumer
from tests.conftest import make_world
from tests.fixtures import sep_insert_requests as bodies

HOSPITAL = Consumer("1234", "pwd", "key", "0301R011")
TODAY = date(2026, 11, 27)


def _t_sep(serial: int) -> dict[str, Any]:
    t_sep: dict[str, Any] = copy.deepcopy(bodies.rawat_jalan_first_visit()["request"]["t_sep"])
    t_sep["noKartu"] = f"0008{serial:09d}"
    t_sep["rujukan"]["noRujukan"] = f"0050B1071126P{serial:06d}"
    return t_sep


def _steps_for_one_more_insert(stored: int) -> int:
    world = make_world(consumer=HOSPITAL, today=TODAY)
    store = world.store
    for serial in range(stored):
        sep.insert_sep(world, _t_sep(serial))
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0  # 0: carry on

    store._db.set_progress_handler(count, 1)
    sep.insert_sep(world, _t_sep(stored))
    store._db.set_progress_handler(None, 1)
    return steps


def test_insert_sqlite_work_does_not_grow_with_stored_seps() -> None:
    few = _steps_for_one_more_insert(10)
    many = _steps_for_one_more_insert(1500)

    # Index lookups grow with log(n); a table scan would grow 150-fold.
    assert many < few * 2, (few, many)
