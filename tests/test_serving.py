"""How a family function's parameters are filled, and the mistakes caught at start-up."""

from __future__ import annotations

import types
from typing import Any

import pytest

from mockvclaim.bpjs import serving
from mockvclaim.bpjs.serving import serves
from mockvclaim.protocol import messages
from mockvclaim.protocol.operations import Operation
from tests.conftest import make_world

LOOKUP = Operation("test.lookup", "GET", "/Thing/{noKartu}/tglSEP/{tglSEP}", messages.OK)
WRITE = Operation("test.write", "POST", "/Thing/insert", messages.OK, has_body=True)


def _family(**functions: Any) -> types.ModuleType:
    module = types.ModuleType("family")
    for name, function in functions.items():
        function.__module__ = module.__name__
        setattr(module, name, function)
    return module


def _collect(module: types.ModuleType) -> dict[str, serving.Served]:
    return serving.collect([module], [LOOKUP, WRITE])


def test_path_parameters_arrive_snake_cased_and_fixed_ones_from_the_decorator() -> None:
    @serves("test.lookup", kind="RS")
    def lookup(world: Any, no_kartu: str, tgl_sep: str, kind: str) -> object:
        return (world.consumer.cons_id, no_kartu, tgl_sep, kind)

    served = _collect(_family(lookup=lookup))["test.lookup"]
    world = make_world()

    assert served(world, {"noKartu": "0001", "tglSEP": "2026-01-02"}, None) == (
        world.consumer.cons_id,
        "0001",
        "2026-01-02",
        "RS",
    )


def test_body_parts_arrive_by_their_catalogue_name() -> None:
    @serves("test.write")
    def write(world: Any, t_sep: dict[str, Any], request: dict[str, Any]) -> object:
        return (t_sep, sorted(request))

    served = _collect(_family(write=write))["test.write"]
    body = {"request": {"t_sep": {"noKartu": "1"}, "user": "x"}}

    assert served(make_world(), {}, body) == ({"noKartu": "1"}, ["t_sep", "user"])


def test_a_function_without_world_gets_only_its_inputs() -> None:
    @serves("test.lookup")
    def lookup(no_kartu: str, tgl_sep: str) -> object:
        return no_kartu + tgl_sep

    served = _collect(_family(lookup=lookup))["test.lookup"]

    assert served(make_world(), {"noKartu": "1", "tglSEP": "2"}, None) == "12"


def test_a_misspelt_parameter_fails_at_start_up() -> None:
    @serves("test.lookup")
    def lookup(world: Any, no_card: str, tgl_sep: str) -> object:
        return None

    with pytest.raises(ValueError, match=r"nothing fills .*lookup\(no_card\)"):
        _collect(_family(lookup=lookup))


def test_an_ignored_path_parameter_fails_at_start_up() -> None:
    @serves("test.lookup")
    def lookup(world: Any, no_kartu: str) -> object:
        return None

    with pytest.raises(ValueError, match="ignores tglSEP"):
        _collect(_family(lookup=lookup))


def test_an_operation_served_twice_or_unknown_fails_at_start_up() -> None:
    @serves("test.write")
    def one(world: Any, t_sep: dict[str, Any]) -> object:
        return None

    @serves("test.write")
    def two(world: Any, t_sep: dict[str, Any]) -> object:
        return None

    @serves("test.missing")
    def three(world: Any) -> object:
        return None

    with pytest.raises(ValueError, match=r"test\.write is served twice"):
        _collect(_family(one=one, two=two))
    with pytest.raises(ValueError, match=r"test\.missing, not an operation"):
        _collect(_family(three=three))


@pytest.mark.parametrize(
    ("name", "snake"),
    [("noKartu", "no_kartu"), ("tglSEP", "tgl_sep"), ("noSRB", "no_srb"), ("nik", "nik")],
)
def test_snake_case(name: str, snake: str) -> None:
    assert serving.snake_case(name) == snake
