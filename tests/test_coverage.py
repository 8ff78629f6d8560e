"""ENDPOINTS.md is generated and checked in: it must match OPERATIONS and the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockvclaim import coverage
from mockvclaim.bpjs.vclaim.served import SERVED
from mockvclaim.protocol.operations import OPERATIONS

REPO = Path(__file__).resolve().parent.parent


def test_checked_in_endpoints_md_is_up_to_date() -> None:
    current = (REPO / "ENDPOINTS.md").read_text("utf-8")

    assert current == coverage.render(), "run: python -m mockvclaim.coverage"


def test_every_served_operation_is_in_the_catalogue() -> None:
    assert coverage.uncatalogued() == []


def test_every_operation_is_served_by_exactly_one_family_function() -> None:
    assert sorted(SERVED) == sorted(op.op_id for op in OPERATIONS)


def test_catalogue_rows_are_distinct_routes() -> None:
    keys = [coverage.route_key(e.method, e.path) for e in coverage.catalogue()]
    assert len(keys) == len(set(keys))


def test_route_key_ignores_case_and_parameter_names() -> None:
    assert coverage.route_key("get", "/Rujukan/{a}") == coverage.route_key("GET", "rujukan/{b}/")


def test_check_mode_fails_on_a_stale_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "ENDPOINTS.md"
    target.write_text("# stale\n", "utf-8")

    assert coverage.main(["--check", "--output", str(target)]) == 1
    assert coverage.main(["--output", str(target)]) == 0
    assert coverage.main(["--check", "--output", str(target)]) == 0
    assert target.read_text("utf-8") == coverage.render()
    assert "out of date" in capsys.readouterr().err
