"""What a user meets on the command line: a pipe closed early, --help, a busy port and the
one error prefix."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockvclaim import terminal

MOCKVCLAIM = [sys.executable, "-m", "mockvclaim"]


def run(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MOCKVCLAIM, *arguments], capture_output=True, text=True, timeout=60, check=False, env=env
    )


def test_decrypt_into_head_prints_no_traceback(tmp_path: Path) -> None:
    answer = tmp_path / "answer.json"
    # A plain answer well beyond a pipe's buffer, so `head` leaves while it is written.
    rows = [{"noSep": f"0301R0110721V{n:06d}"} for n in range(20000)]
    answer.write_text(json.dumps({"metaData": {"code": "200"}, "response": rows}))
    command = " ".join([*MOCKVCLAIM, "decrypt", "--timestamp", "1", "-"])

    shown = subprocess.run(
        f"{command} < {answer} | head -n 2",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert shown.stdout.splitlines() == ["{", '  "metaData": {']
    assert "Traceback" not in shown.stderr
    assert "BrokenPipeError" not in shown.stderr


def test_serve_help_names_every_variable_and_the_consumers_format() -> None:
    shown = run("serve", "--help").stdout

    assert "holds the terminal" in shown
    for name in (
        "MOCKVCLAIM_HOST",
        "MOCKVCLAIM_PORT",
        "MOCKVCLAIM_SCENARIOS",
        "MOCKVCLAIM_CONSUMERS",
        "MOCKVCLAIM_CONS_ID",
        "MOCKVCLAIM_SECRET",
        "MOCKVCLAIM_USER_KEY",
        "MOCKVCLAIM_PPK",
        "MOCKVCLAIM_ADMIN_TOKEN",
        "MOCKVCLAIM_QUIET",
    ):
        assert name in shown
    assert "consumers:" in shown
    for member in ("cons_id", "secret", "user_key", "ppk"):
        assert member in shown


def test_check_help_describes_what_it_checks() -> None:
    shown = run("check", "--help").stdout

    assert "without starting a server" in shown
    assert "never act" in shown


@pytest.fixture
def busy_port() -> Iterator[int]:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port: int = holder.getsockname()[1]
    yield port
    holder.close()


def test_a_port_in_use_says_what_to_do(busy_port: int) -> None:
    shown = run("serve", "--port", str(busy_port))

    assert shown.returncode == 2
    assert shown.stderr.startswith(
        f"{terminal.ERROR}port {busy_port} on 127.0.0.1 is already in use"
    )
    assert "--port 0" in shown.stderr
    assert "Errno" not in shown.stderr
    assert "Traceback" not in shown.stderr


@pytest.mark.parametrize(
    ("arguments", "stream"),
    [
        (["sign", "--timestamp", "soon"], "stderr"),
        (["sign", "--data", "{not json"], "stderr"),
        (["decrypt", "--timestamp", "1", "<html>"], "stderr"),
        (["serve", "--port", "eighty-eighty"], None),
        (["check", "/nonexistent/scenarios"], "stdout"),
    ],
)
def test_every_command_reports_errors_with_one_prefix(
    arguments: list[str], stream: str | None
) -> None:
    shown = run(*arguments, env={**os.environ, "MOCKVCLAIM_PORT": "x"})

    text = shown.stdout + shown.stderr
    assert shown.returncode != 0
    if stream is None:  # argparse's own refusal: `mockvclaim serve: error: ...`
        assert "error: argument --port" in text
    else:
        assert getattr(shown, stream).startswith(terminal.ERROR), text
    assert "Traceback" not in text
