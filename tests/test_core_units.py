"""The protocol core without a server: auth, routing table, body parsing, the store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from multidict import CIMultiDict

from mockvclaim.bpjs.store import Database, SepRecord
from mockvclaim.config import Consumer
from mockvclaim.protocol import auth, crypto, messages, operations
from mockvclaim.protocol.errors import GatewayError, VClaimError

PACKAGE = Path(__file__).resolve().parents[1] / "mockvclaim"
# The two halves that must stay free of the web layer.
PURE = (PACKAGE / "protocol", PACKAGE / "bpjs")
HOSPITAL = Consumer("1234", "pwd", "key-1234", "0301R001")


def test_core_modules_import_no_aiohttp() -> None:
    # Every module below protocol/ and bpjs/, subpackages (bpjs/store/) included.
    modules = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)
        for half in PURE
        for p in half.rglob("*.py")
        if p.stem != "__init__"
    )
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'aiohttp'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert len(modules) >= 10


def _headers(**values: str) -> CIMultiDict[str]:
    base = {
        "x-cons-id": "1234",
        "x-timestamp": "433223232",
        "x-signature": "eXMtvX2r7e7CLCIu3kpEpCrvciZgK8FuOhKv06NDAHk=",  # docs/vclaim-api.md §1.3
        "user_key": "key-1234",
    }
    base.update(values)
    return CIMultiDict(base)


def test_authenticate_accepts_the_catalogue_signature() -> None:
    consumer, timestamp = auth.authenticate(_headers(), [HOSPITAL], now=433223232, skew=300)

    assert (consumer, timestamp) == (HOSPITAL, "433223232")


def test_authenticate_gateway_errors_come_first() -> None:
    with pytest.raises(GatewayError) as refused:
        auth.authenticate(_headers(user_key="x", **{"x-signature": ""}), [HOSPITAL], now=0, skew=0)

    assert (refused.value.status, refused.value.body) == (403, "Authentication failed")


@pytest.mark.parametrize(
    ("changes", "now", "message"),
    [
        ({"x-cons-id": "4321"}, 433223232, messages.NOT_REGISTERED),
        ({}, 433223232 + 301, messages.SIGNATURE_INVALID),
        ({"x-timestamp": "433223233"}, 433223232, messages.SIGNATURE_INVALID),
        ({"x-timestamp": "٤٣٣٢٢٣٢٣٢"}, 433223232, messages.SIGNATURE_INVALID),  # Arabic digits
    ],
)
def test_authenticate_refusals(
    changes: dict[str, str], now: int, message: messages.Message
) -> None:
    with pytest.raises(VClaimError) as refused:
        auth.authenticate(_headers(**changes), [HOSPITAL], now=now, skew=300)

    assert refused.value.message == message.template


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("POST", "/SEP/2.0/insert", "sep.insert"),
        ("post", "//vclaim-rest//sep/2.0/Insert/", "sep.insert"),
        ("POST", "/vclaim-rest-dev/SEP/2.0/insert", "sep.insert"),
        ("POST", "/other-service/SEP/2.0/insert", None),
        ("PUT", "/SEP/2.0/insert", None),
    ],
)
def test_resolve_operations(method: str, path: str, expected: str | None) -> None:
    resolved = operations.resolve(method, path)

    assert (resolved[0].op_id if resolved else None) == expected


def _record(no_sep: str, **changes: str | None) -> SepRecord:
    values: dict[str, str | None] = {
        "no_kartu": "0002802875185",
        "tgl_sep": "2026-11-27",
        "jns_pelayanan": "2",
        "kd_poli": "INT",
        "ppk_pelayanan": "0301R001",
        "tgl_pulang": None,
    }
    values.update(changes)
    return SepRecord(no_sep=no_sep, request={}, response={"noSep": no_sep}, **values)  # type: ignore[arg-type]


def test_store_numbers_per_consumer_and_prefix(tmp_path: Path) -> None:
    database = Database(str(tmp_path / "s.sqlite"))
    made = []
    for cons, prefix in [("a", "X1126V"), ("a", "X1126V"), ("b", "X1126V"), ("a", "X1026V")]:

        def build(sequence: int, prefix: str = prefix) -> SepRecord:
            return _record(f"{prefix}{sequence:06d}")

        made.append(database.for_consumer(cons).insert_sep(prefix, build).no_sep)

    assert made == ["X1126V000001", "X1126V000002", "X1126V000001", "X1026V000001"]
    # Numbers compare case-insensitively; a consumer sees only its own.
    assert database.for_consumer("a").get_sep("x1126v000002") is not None
    assert database.for_consumer("b").get_sep("x1126v000002") is None


def test_store_failed_build_keeps_neither_number_nor_record() -> None:
    store = Database().for_consumer("a")

    def refuse(sequence: int) -> SepRecord:
        raise VClaimError("no")

    with pytest.raises(VClaimError):
        store.insert_sep("P", refuse)
    made = store.insert_sep("P", lambda n: _record(f"P{n:06d}"))

    assert made.no_sep == "P000001"
    assert store.count_sep() == 1


def test_store_survives_reopen(tmp_path: Path) -> None:
    path = str(tmp_path / "s.sqlite")
    first = Database(path)
    first.for_consumer("a").insert_sep("P", lambda n: _record(f"P{n:06d}", jns_pelayanan="1"))
    first.close()

    again = Database(path).for_consumer("a")

    assert again.get_open_rawat_inap("0002802875185") is not None
    assert again.insert_sep("P", lambda n: _record(f"P{n:06d}")).no_sep == "P000002"


def test_envelope_json_escapes_non_ascii() -> None:
    from mockvclaim.protocol.envelope import dumps

    assert dumps({"m": "é😀"}) == b'{"m":"\\u00e9\\ud83d\\ude00"}'
    assert crypto.to_wire_json({"m": "é"}) == '{"m":"\\u00e9"}'


def test_number_shapes_agree_with_the_request_schemas() -> None:
    from mockvclaim import resources
    from mockvclaim.bpjs import numbers

    defs = json.loads((resources.schemas_dir() / "defs.schema.json").read_text("utf-8"))["$defs"]
    # The schema anchors each shape as ^...$(?!\n); the body between is the same text.
    assert defs["nomorDokumen"]["pattern"] == f"^{numbers.DOCUMENT_PATTERN}$(?!\\n)"
    assert defs["noKartu"]["pattern"] == f"^{numbers.CARD_PATTERN}$(?!\\n)"


@pytest.mark.parametrize(
    ("letter", "exhausted"),
    [
        ("V", messages.SEP_SEQUENCE_EXHAUSTED),
        ("K", messages.SURAT_KONTROL_SEQUENCE_EXHAUSTED),
        ("B", messages.RUJUKAN_SEQUENCE_EXHAUSTED),
    ],
)
def test_every_numbered_document_refuses_a_seventh_digit(letter: str, exhausted: Any) -> None:
    from datetime import date

    from mockvclaim.bpjs import numbers

    prefix = numbers.document_prefix("0301r011", date(2026, 11, 27), letter)
    last = numbers.document_number(prefix, numbers.MAX_SEQUENCE, exhausted)

    assert last == f"0301R0111126{letter}999999"
    with pytest.raises(VClaimError) as refused:
        numbers.document_number(prefix, numbers.MAX_SEQUENCE + 1, exhausted)
    assert refused.value.message == exhausted.format(ppk="0301R011", mmyy="1126")
