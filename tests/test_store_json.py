"""The store's JSON columns: orjson where it can, the standard library where it cannot, and
every value comes back as it went in."""

from __future__ import annotations

import json

import pytest

from mockvclaim.bpjs.store._base import dump_json, load_json

VALUES = [
    {"catatan": "dr. Muñoz 😀", "n": 1, "f": 1.5, "none": None, "list": [1, "2", True]},
    {"big": 2**80, "negative": -(2**70)},  # past 64 bits: orjson refuses, json takes them
    ["\u0663", "\x00", ""],
]


@pytest.mark.parametrize("value", VALUES)
def test_a_stored_value_comes_back_unchanged(value: object) -> None:
    assert load_json(dump_json(value)) == value


def test_rows_the_standard_library_wrote_still_load() -> None:
    value = {"catatan": "é", "n": [1, 2]}
    assert load_json(json.dumps(value)) == value
    assert load_json(json.dumps(value, ensure_ascii=False)) == value
