"""Seeded fuzzing of every operation: random bodies and path parameters must always get a
VClaim envelope (code 200 or 201), never a 500, a dropped connection or the mock's own
internal-error message. Deterministic: the same seed sends the same requests every run."""

from __future__ import annotations

import json
import random
import re
from typing import Any

import pytest

from mockvclaim.protocol import messages
from mockvclaim.protocol.operations import OPERATIONS, Operation
from tests.conftest import VClaimClient
from tests.fixtures import sep_insert_requests as bodies

CASES_PER_OPERATION = 25
# Values a field may get: right-looking, wrong-looking and hostile.
SCALARS: list[Any] = [
    "", " ", "0", "1", "2", "9", "-1", "2026-11-27", "2026-02-30", "27-11-2026", "0001105689835",
    "0301R0111126V000001", "0050B1071126P000123", "INT", "A15", "x" * 300, "\u0663", "😀",
    "' OR 1=1 --", None, 0, 1, -5, 3.5, True, False, [], {}, ["a"], {"a": 1},
]  # fmt: skip
# The SEPs, card and referral the test's world holds (see the test), then junk.
PARAM_VALUES = [
    "0301R0111126V000001", "0301R0111126V000002", "0301R0111126V000003",
    bodies.rawat_jalan_first_visit()["request"]["t_sep"]["noKartu"], bodies.NO_RUJUKAN_PCARE,
    "0002802875185", "0000000000001", "3319022010810007", "2026-11-27", "2026-13-40", "1", "2",
    "INT", "A15", "x", "9" * 40, "%20", "\u0663",
]  # fmt: skip
KEY_NAMES = ["request", "t_sep", "noSep", "noKartu", "tglSep", "user", "noRujukan", "poli", "x"]


def _random_json(rng: random.Random, depth: int = 0) -> Any:
    if depth > 3 or rng.random() < 0.4:
        return rng.choice(SCALARS)
    if rng.random() < 0.2:
        return [_random_json(rng, depth + 1) for _ in range(rng.randrange(3))]
    return {rng.choice(KEY_NAMES): _random_json(rng, depth + 1) for _ in range(rng.randrange(4))}


def _mutate(document: Any, rng: random.Random) -> Any:
    """A valid-looking body with one value somewhere replaced, or a key dropped."""
    if not isinstance(document, dict) or not document:
        return rng.choice(SCALARS)
    key = rng.choice(list(document))
    changed = dict(document)
    roll = rng.random()
    if roll < 0.2:
        del changed[key]
    elif roll < 0.6 and isinstance(document[key], dict):
        changed[key] = _mutate(document[key], rng)
    else:
        changed[key] = rng.choice(SCALARS)
    return changed


def _paths(operation: Operation, rng: random.Random) -> list[str]:
    """Every parameter set to each known value in turn, then random mixes."""
    template = "/vclaim-rest-dev" + operation.path
    same = [re.sub(r"\{\w+\}", value, template) for value in PARAM_VALUES]
    mixed = [
        re.sub(r"\{\w+\}", lambda _: rng.choice(PARAM_VALUES), template)
        for _ in range(CASES_PER_OPERATION)
    ]
    return same + mixed


# A body that names the world's first SEP, card and referral in the members most writes use.
WORLD_BODY = {
    "request": {
        key: {
            "noSep": "0301R0111126V000001",
            "noKartu": bodies.rawat_jalan_first_visit()["request"]["t_sep"]["noKartu"],
            "noRujukan": bodies.NO_RUJUKAN_PCARE,
            "tglSep": "2026-11-27",
            "user": "fuzz",
        }
        for key in ("t_sep", "t_rujukan", "t_lpk", "t_prb", "t_suratkontrol")
    }
}


def _bodies(rng: random.Random) -> list[bytes]:
    made = [json.dumps(_random_json(rng)).encode() for _ in range(CASES_PER_OPERATION)]
    for seed_body in (bodies.rawat_jalan_first_visit(), WORLD_BODY):
        made += [
            json.dumps(_mutate(_mutate(seed_body, rng), rng)).encode()
            for _ in range(CASES_PER_OPERATION)
        ]
    return made


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.op_id for op in OPERATIONS])
async def test_random_input_always_gets_an_envelope(
    client: VClaimClient, operation: Operation
) -> None:
    # A world with something in it, so paths that name its SEPs, card and referral reach
    # the code that renders them, not only "not found".
    for build in (bodies.rawat_jalan_first_visit, bodies.rawat_inap, bodies.igd):
        assert (await client.insert_sep(build())).code == "200"
    rng = random.Random(f"fuzz:{operation.op_id}")
    internal = messages.INTERNAL_ERROR.template.split("(")[0]
    paths = _paths(operation, rng)
    sent = _bodies(rng) if operation.has_body else [b""] * len(paths)

    for index, raw in enumerate(sent):
        path = paths[index % len(paths)]
        reply = await client.call(operation.method, path, data=raw)

        assert reply.status == 200, (path, raw[:200], reply.raw[:200])
        document = reply.document
        assert set(document) == {"metaData", "response"}, (path, raw[:200])
        assert document["metaData"]["code"] in ("200", "201"), (path, raw[:200], document)
        assert not document["metaData"]["message"].startswith(internal), (
            path,
            raw[:200],
            document,
        )
