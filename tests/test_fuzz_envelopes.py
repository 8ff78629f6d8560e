"""Seeded fuzzing of every operation: random bodies and path parameters must always get the
service's envelope (VClaim code 200 or 201; the sister services' codes, docs/antrean-aplicares.md
§1.3), never a 500, a dropped connection or the mock's own internal-error message.
Deterministic: the same seed sends the same requests every run."""

from __future__ import annotations

import json
import random
import re
from typing import Any

import pytest

from mockvclaim.protocol import messages
from mockvclaim.protocol.operations import OPERATIONS, Operation
from mockvclaim.protocol.services import ANTREAN, APLICARES, ICARE, VCLAIM, Service
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
INTERNAL = messages.INTERNAL_ERROR.template.split("(")[0]
# What each service may answer (success, refusal, 208 duplicate, 204 empty list, 0 refused).
CODES: dict[Service, set[object]] = {
    VCLAIM: {"200", "201"},
    ANTREAN: {1, 200, 201, 204, 208},
    APLICARES: {1, 0, 201},
    ICARE: {200, 201},
}
REFUSED: dict[Service, set[object]] = {
    VCLAIM: {"201"},
    ANTREAN: {201, 204},
    APLICARES: {0, 201},
    ICARE: {201},
}


def base(operation: Operation, production: bool = False) -> str:
    return "/" + operation.service.base_names[-1 if production else 0]


def meta(operation: Operation, document: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = document[operation.service.meta_key]
    return found


def envelope_keys(operation: Operation) -> set[str]:
    """The refusal's keys; a success may add `response` where the route carries one."""
    service = operation.service
    return {service.meta_key, "response"} if service.failure_has_response else {service.meta_key}


KEY_NAMES = ["request", "t_sep", "noSep", "noKartu", "tglSep", "user", "noRujukan", "poli", "x"]


def random_json(rng: random.Random, depth: int = 0) -> Any:
    if depth > 3 or rng.random() < 0.4:
        return rng.choice(SCALARS)
    if rng.random() < 0.2:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(3))]
    return {rng.choice(KEY_NAMES): random_json(rng, depth + 1) for _ in range(rng.randrange(4))}


def mutate(document: Any, rng: random.Random) -> Any:
    """A valid-looking body with one value somewhere replaced, or a key dropped."""
    if not isinstance(document, dict) or not document:
        return rng.choice(SCALARS)
    key = rng.choice(list(document))
    changed = dict(document)
    roll = rng.random()
    if roll < 0.2:
        del changed[key]
    elif roll < 0.6 and isinstance(document[key], dict):
        changed[key] = mutate(document[key], rng)
    else:
        changed[key] = rng.choice(SCALARS)
    return changed


def _paths(operation: Operation, rng: random.Random) -> list[str]:
    """Every parameter set to each known value in turn, then random mixes."""
    template = base(operation) + operation.path
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


# Every member the sister services' bodies use, with values that pass their schemas.
SISTER_BODY = {
    "kodebooking": "FUZZ-1", "jenispasien": "JKN", "nik": "3319022010810007",
    "nomorkartu": bodies.rawat_jalan_first_visit()["request"]["t_sep"]["noKartu"],
    "kodepoli": "INT", "tanggalperiksa": "2026-11-27", "kodedokter": 31574,
    "jampraktek": "08:00-12:00", "jeniskunjungan": 1, "nomorreferensi": bodies.NO_RUJUKAN_PCARE,
    "taskid": 3, "waktu": 1764212400000, "jenisresep": "racikan", "nomorantrean": 1,
    "param": "0002802875185", "kodekelas": "VIP", "koderuang": "R1", "namaruang": "Mawar",
    "kapasitas": "2", "tersedia": "1", "jadwal": [{"hari": "1", "buka": "08:00", "tutup": "10:00"}],
}  # fmt: skip


def _bodies(rng: random.Random) -> list[bytes]:
    made = [json.dumps(random_json(rng)).encode() for _ in range(CASES_PER_OPERATION)]
    for seed_body in (bodies.rawat_jalan_first_visit(), WORLD_BODY, SISTER_BODY):
        made += [
            json.dumps(mutate(mutate(seed_body, rng), rng)).encode()
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
    paths = _paths(operation, rng)
    sent = _bodies(rng) if operation.has_body else [b""] * len(paths)

    for index, raw in enumerate(sent):
        path = paths[index % len(paths)]
        reply = await client.call(operation.method, path, data=raw)

        assert reply.status == 200, (path, raw[:200], reply.raw[:200])
        document = reply.document
        assert set(document) <= envelope_keys(operation) | {"response"}, (path, raw[:200])
        assert meta(operation, document)["code"] in CODES[operation.service], (path, document)
        assert not meta(operation, document)["message"].startswith(INTERNAL), (
            path,
            raw[:200],
            document,
        )


# Malformed in every typed position (dates, card and document numbers, codes, months): each
# one alone in any parameter must be refused with a message, not answered.
MALFORMED_SEGMENTS = [
    "x", "0", "-1", "9" * 40, "2026-02-30", "%20", "\u0663", "0301R0111126V00000A",
    "0301R0111126B00000A",
]  # fmt: skip
# Look-ups whose parameter is free text (a name or code fragment): "0" or "x" may find rows.
FREE_TEXT = {
    "referensi.diagnosa", "referensi.poli", "referensi.faskes", "referensi.procedure",
    "referensi.obatprb", "antrean.pendaftaran_kodebooking", "antrean.jadwaldokter",
    "antrean.pendaftaran_jadwal", "aplicares.bed_read",
}  # fmt: skip
# Bodies wrong in shape, not just in a value: every write refuses each with a message.
MALFORMED_BODIES = [
    b"", b"[]", b"{", b'{"request": null}', b'{"request": {}}', b"\xff\xfe",
    b'{"request": {"t_sep": {"noSep": 1}, "t_suratkontrol": []}}',
    b'{"request": {"t_rujukan": {"noRujukan": 1, "idRujukan": "99999999999999999999"}}}',
]  # fmt: skip

WITH_PARAMS = [op for op in OPERATIONS if op.path_params and op.op_id not in FREE_TEXT]
WRITES = [op for op in OPERATIONS if op.has_body]


def _one_bad(operation: Operation, bad: str) -> list[str]:
    """The path with every parameter plausible except one, for each parameter in turn."""
    good = {name: _plausible(name) for name in operation.path_params}
    paths = []
    for name in operation.path_params:
        path = operation.path
        for other, value in {**good, name: bad}.items():
            path = path.replace("{" + other + "}", value)
        paths.append(base(operation, production=True) + path)
    return paths


def _plausible(name: str) -> str:
    lowered = name.lower()
    if lowered.startswith("tgl") or lowered == "tanggal":
        return "2026-11-27"
    if lowered in ("bulan",):
        return "11"
    if lowered in ("tahun",):
        return "2026"
    if lowered in ("nokartu", "nomor"):
        return "0002802875185"
    if lowered.startswith("no"):
        return "0301R0111126V000001"
    return "1"


@pytest.mark.parametrize("operation", WITH_PARAMS, ids=[op.op_id for op in WITH_PARAMS])
async def test_a_malformed_path_parameter_gets_201_and_a_message(
    client: VClaimClient, operation: Operation
) -> None:
    for bad in MALFORMED_SEGMENTS:
        for path in _one_bad(operation, bad):
            reply = await client.call(operation.method, path)

            assert reply.status == 200, (path, reply.raw[:200])
            found = meta(operation, reply.document)
            assert found["code"] in REFUSED[operation.service], (path, found)
            assert found["message"]
            assert not found["message"].startswith(INTERNAL), (path, found)
            assert reply.document.get("response") is None


@pytest.mark.parametrize("operation", WRITES, ids=[op.op_id for op in WRITES])
async def test_a_malformed_body_gets_201_and_a_message(
    client: VClaimClient, operation: Operation
) -> None:
    for raw in MALFORMED_BODIES:
        path = base(operation, production=True) + operation.path
        reply = await client.call(operation.method, path.replace("{kodeppk}", "0301R011"), data=raw)

        found = meta(operation, reply.document)
        assert reply.status == 200, (operation.op_id, raw)
        assert found["code"] in REFUSED[operation.service], (operation.op_id, raw, found)
        assert found["message"]
        assert not found["message"].startswith(INTERNAL), (operation.op_id, raw, found)
        assert reply.document.get("response") is None
