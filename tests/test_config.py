"""Settings: flags over MOCKVCLAIM_* variables over defaults, and the consumers file."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from mockvclaim.cli import banner
from mockvclaim.config import (
    DEMO_CONS_ID,
    DEMO_PPK,
    ConfigError,
    Consumer,
    Settings,
    add_serve_arguments,
    settings_from,
)


def parse_serve_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="mockvclaim serve")
    add_serve_arguments(parser)
    return parser.parse_args(argv)


def test_defaults_are_the_documented_ones() -> None:
    settings = settings_from(parse_serve_args([]), {})

    assert (settings.host, settings.port, settings.data) == ("127.0.0.1", 8080, ":memory:")
    assert (settings.seed, settings.timestamp_skew, settings.strict) == (0, 300, False)
    assert [(c.cons_id, c.ppk) for c in settings.consumers] == [(DEMO_CONS_ID, DEMO_PPK)]
    assert settings.admin_token is None


def test_environment_is_read_and_the_flag_wins() -> None:
    environ = {
        "MOCKVCLAIM_PORT": "9000",
        "MOCKVCLAIM_SEED": "7",
        "MOCKVCLAIM_STRICT": "1",
        "MOCKVCLAIM_SCENARIOS": "a.yaml, b/",
        "MOCKVCLAIM_CONS_ID": "555",
        "MOCKVCLAIM_SECRET": "s",
        "MOCKVCLAIM_USER_KEY": "k",
        "MOCKVCLAIM_PPK": "0902R002",
        "MOCKVCLAIM_ADMIN_TOKEN": "t",
    }

    settings = settings_from(parse_serve_args(["--port", "0", "--seed", "3"]), environ)

    assert (settings.port, settings.seed, settings.strict) == (0, 3, True)
    assert settings.scenarios == (Path("a.yaml"), Path("b/"))
    assert settings.consumers == (Consumer("555", "s", "k", "0902R002"),)
    assert settings.admin_token == "t"


def test_a_bad_number_in_the_environment_is_refused_by_name() -> None:
    with pytest.raises(ConfigError, match="MOCKVCLAIM_PORT"):
        settings_from(parse_serve_args([]), {"MOCKVCLAIM_PORT": "eighty"})


def test_consumers_file_lists_hospitals(tmp_path: Path) -> None:
    path = tmp_path / "consumers.yaml"
    path.write_text(
        "consumers:\n"
        "  - {cons_id: '1', secret: a, user_key: ka, ppk: 0301R011}\n"
        "  - {cons_id: '2', secret: b, user_key: kb, ppk: 0902R002}\n"
    )

    settings = settings_from(parse_serve_args(["--consumers", str(path)]), {})

    assert [c.cons_id for c in settings.consumers] == ["1", "2"]
    # Configured secrets never reach the banner (or any log).
    shown = banner(settings, 8080).split()
    assert "ka" not in shown
    assert "a" not in shown


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("consumers: []\n", "non-empty list"),
        ("consumers:\n  - {cons_id: '1', secret: a, ppk: X}\n", "lacks user_key"),
        (
            "consumers:\n  - {cons_id: '1', secret: a, user_key: k, ppk: P}\n"
            "  - {cons_id: '1', secret: b, user_key: l, ppk: P}\n",
            "unique",
        ),
        ("consumers: [", "cannot read"),
        (
            "consumers:\n  - {cons_id: '1', secret: a, user_key: k, ppk: P,"
            " user_keys: {pcare: x}}\n",
            "user_keys must map",
        ),
    ],
)
def test_bad_consumers_file_is_refused_with_a_reason(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "consumers.yaml"
    path.write_text(text)

    with pytest.raises(ConfigError, match=problem):
        settings_from(parse_serve_args(["--consumers", str(path)]), {})


def test_consumers_file_gives_services_their_own_user_keys(tmp_path: Path) -> None:
    path = tmp_path / "consumers.yaml"
    path.write_text(
        "consumers:\n"
        "  - {cons_id: '1', secret: a, user_key: ka, ppk: 0301R011,"
        " user_keys: {antrean: kq, icare: ki}}\n"
    )

    [consumer] = settings_from(parse_serve_args(["--consumers", str(path)]), {}).consumers

    assert consumer.user_keys == {"antrean": "kq", "icare": "ki"}
    assert "kq" not in repr(consumer)


def test_settings_repr_hides_secrets() -> None:
    settings = Settings(consumers=(Consumer("1", "topsecret", "userkey", "P"),), admin_token="tok")

    assert "topsecret" not in repr(settings)
    assert "userkey" not in repr(settings)
    assert "tok" not in repr(settings)
