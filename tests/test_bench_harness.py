"""The bench measures what it says it measures: the requests it drives in-process are
answered, not refused (a bench that times 201s would flatter the mock), and `count`'s
inner runs work without valgrind. No timing is asserted (docs/performance.md §1)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import hot_path

from mockvclaim.protocol import crypto


async def _answers(load: hot_path.Load, serials: range) -> list[dict[str, Any]]:
    handler, request, _ = hot_path.in_process()
    await hot_path.stored_and_met(handler, request, load, (), stored=len(serials) + 1)
    answers = []
    for serial in serials:
        ready = request(load, serial)
        response = await handler(ready)
        envelope = json.loads(response.body)
        if isinstance(envelope.get("response"), str):
            stamp = ready.headers["X-timestamp"]
            plain = crypto.decrypt_text(
                envelope["response"], hot_path.CONS_ID, hot_path.SECRET, stamp
            )
            envelope["response"] = json.loads(plain)
        answers.append(envelope)
    return answers


@pytest.mark.parametrize("load", hot_path.loads(), ids=lambda load: load.name)
def test_every_load_is_answered_as_the_wire_run_expects(load: hot_path.Load) -> None:
    answers = asyncio.run(_answers(load, hot_path.serials_for(load, 3)))
    for envelope in answers:
        assert load.ok in json.dumps(envelope["metaData"], separators=(",", ":"))
        if load.name == "SEP insert":
            assert envelope["metaData"]["code"] == "200"
            assert envelope["response"]["sep"]["noSep"].startswith("0301R011")
        if load.name in ("Peserta", "SEP cari"):
            assert envelope["metaData"]["code"] == "200", envelope


def test_inserts_on_one_shared_referral_are_all_accepted() -> None:
    shared = replace(hot_path.loads()[0], shared_referral=True)
    answers = asyncio.run(_answers(shared, range(70_000_000, 70_000_004)))
    assert [a["metaData"]["code"] for a in answers] == ["200"] * 4
    referrals = {a["response"]["sep"]["noRujukan"] for a in answers}
    assert len(referrals) == 1


@pytest.mark.parametrize("handle", [False, True], ids=["prepared only", "handled"])
def test_count_inner_runs_on_memory_and_on_a_populated_store(handle: bool, tmp_path: Path) -> None:
    stored = tmp_path / "stored.sqlite"
    asyncio.run(hot_path.populate(stored, 5, shared_referral=False))
    # `count --cache` sweeps a buffer between requests; plain `count` does not.
    for data, sweep in ((":memory:", 0), (str(stored), 4096)):
        args = argparse.Namespace(
            operation="SEP insert",
            requests=3,
            handle=handle,
            data=data,
            shared_referral=False,
            sweep=sweep,
        )
        hot_path.count_inner(args)
    with sqlite3.connect(stored) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM sep").fetchone()
    # The populated five, the warm-up, and the three counted only when handled.
    assert count == 5 + hot_path.WARM_INSERTS + (3 if handle else 0)
