"""Every code block of the README runs as written: shell blocks against a served mock,
Python blocks as scripts (pytest examples with pytester), scenario YAML through `check`.

A block that cannot run here (output, another language's settings, a Docker or CI file)
carries `<!-- readme-test: skip -- why -->` on the line before its fence; any other block
must run. The one change made to a block: the mock listens on a free port, so the
address `127.0.0.1:8080` in a block is given that port (and MOCKVCLAIM_PORT is set).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mockvclaim import cli
from tests.served_process import ServedProcess, served

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
SKIP = re.compile(r"^<!-- readme-test: skip -- (?P<why>\S.*?) -->$")
RUNNABLE = {"sh", "python", "yaml"}
FIRST_SEP = "0301R0110721V000001"  # the catalogue example's SEP in a fresh world
FRESH_TIMEOUT = 900.0


@dataclass(frozen=True)
class Block:
    line: int  # of the opening fence, 1-based
    lang: str
    text: str
    skip: str | None  # why it does not run

    def __str__(self) -> str:
        return f"README.md:{self.line} ({self.lang or 'no language'})"


def readme_blocks(text: str) -> list[Block]:
    lines = text.splitlines()
    found = []
    index = 0
    while index < len(lines):
        fence = lines[index]
        if fence.startswith("```"):
            end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
            marker = SKIP.match(lines[index - 1]) if index else None
            found.append(
                Block(
                    index + 1,
                    fence[3:].strip(),
                    "\n".join(lines[index + 1 : end]) + "\n",
                    marker.group("why") if marker else None,
                )
            )
            index = end
        index += 1
    return found


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))


def of(lang: str) -> list[Block]:
    return [block for block in BLOCKS if block.lang == lang and block.skip is None]


def test_every_block_runs_or_says_why_not() -> None:
    cannot = [
        str(block)
        for block in BLOCKS
        if block.skip is None
        and (block.lang not in RUNNABLE or (block.lang == "yaml" and "rules:" not in block.text))
    ]

    assert BLOCKS
    assert cannot == [], "mark these with <!-- readme-test: skip -- why --> or make them run"
    for lang in RUNNABLE:
        assert of(lang), f"no {lang} block runs"


def test_ci_runs_the_readmes_test_command() -> None:
    (command,) = [
        line
        for block in BLOCKS
        for line in block.text.splitlines()
        if "python3 -m pytest" in line and "pip install -e" in line
    ]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()

    assert command in ci


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedProcess]:
    with served(tmp_path_factory.mktemp("readme")) as running:
        yield running


def on_port(text: str, server: ServedProcess) -> str:
    return text.replace("127.0.0.1:8080", f"127.0.0.1:{server.port}")


def environment(server: ServedProcess) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "MOCKVCLAIM_PORT": str(server.port),
    }


def user_folder(tmp_path: Path) -> Path:
    """Where a reader runs the blocks: files they write stay out of the checkout, and the
    checkout's examples/ and scenarios/ are at hand."""
    for folder in ("examples", "scenarios"):
        (tmp_path / folder).symlink_to(REPO / folder)
    return tmp_path


def fresh(server: ServedProcess) -> None:
    request = urllib.request.Request(f"{server.root_url}/_mock/reset", method="POST")
    urllib.request.urlopen(request, timeout=10).close()


def run_block(
    command: list[str], block: Block, server: ServedProcess, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    """A README block run as a newcomer would, from a folder of their own, against a mock
    reset for it."""
    fresh(server)
    return subprocess.run(
        [*command, on_port(block.text, server)],
        cwd=user_folder(tmp_path),
        env=environment(server),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("block", of("sh"), ids=str)
def test_shell_block_runs_against_a_served_mock(
    server: ServedProcess, block: Block, tmp_path: Path
) -> None:
    shown = run_block(["bash", "-euo", "pipefail", "-c"], block, server, tmp_path)

    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert shown.stdout.strip()
    assert "Traceback" not in shown.stderr
    if "mockvclaim decrypt" in block.text:
        assert json.loads(shown.stdout)["response"]["sep"]["noSep"] == FIRST_SEP


@pytest.mark.parametrize("block", [b for b in of("python") if "def test_" not in b.text], ids=str)
def test_python_block_runs_as_a_script_against_a_served_mock(
    server: ServedProcess, block: Block, tmp_path: Path
) -> None:
    shown = run_block([sys.executable, "-c"], block, server, tmp_path)

    assert shown.returncode == 0, shown.stdout + shown.stderr
    journal = server.get_json("/_mock/requests")["requests"]
    assert journal, "the block sent nothing to the mock"


@pytest.mark.parametrize("block", [b for b in of("python") if "def test_" in b.text], ids=str)
def test_pytest_block_passes_in_a_users_suite(pytester: pytest.Pytester, block: Block) -> None:
    shutil.copytree(REPO / "examples", pytester.path / "examples")
    pytester.makepyfile(test_from_readme=block.text)

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=block.text.count("def test_"))


@pytest.mark.parametrize("block", of("yaml"), ids=str)
def test_scenario_block_checks_clean(tmp_path: Path, block: Block) -> None:
    # A payload_file the README names is the one in examples/payloads/, next to the file.
    shutil.copytree(REPO / "examples" / "payloads", tmp_path / "payloads")
    path = tmp_path / "readme.yaml"
    path.write_text(block.text, encoding="utf-8")
    out = io.StringIO()

    status = cli.main(["check", str(path)], environ={}, out=out)

    assert status == 0, out.getvalue()
    assert ", 0 warning(s)" in out.getvalue(), out.getvalue()


# -- a newcomer's first hour, timed: a fresh clone to the first decrypted SEP -----------


def newcomer_block(needle: str) -> Block:
    """The first shell block with `needle`: the one a newcomer meets first (later sections
    serve with more flags)."""
    return next(b for b in BLOCKS if b.lang == "sh" and needle in b.text)


@pytest.mark.slow
def test_a_fresh_clone_serves_and_decrypts_its_first_sep(tmp_path: Path) -> None:
    started = time.monotonic()
    clone = tmp_path / "mockvclaim"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True, timeout=120)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env["PATH"] = os.pathsep.join(
        p for p in env["PATH"].split(os.pathsep) if not p.startswith(sys.prefix)
    )
    env["MOCKVCLAIM_PORT"] = str(port)
    install_and_serve = newcomer_block("mockvclaim serve").text
    serving = subprocess.Popen(
        ["bash", "-c", install_and_serve],
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = started + FRESH_TIMEOUT
        while not healthy(port):
            assert serving.poll() is None, serving.communicate()[0]
            assert time.monotonic() < deadline, "never served"
            time.sleep(0.5)
        first_sep = newcomer_block("mockvclaim decrypt").text
        shown = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", f". .venv/bin/activate\n{first_sep}"],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        elapsed = time.monotonic() - started
    finally:
        os.killpg(serving.pid, signal.SIGTERM)
        serving.communicate(timeout=60)

    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["response"]["sep"]["noSep"] == FIRST_SEP
    print(f"fresh clone to the first decrypted SEP: {elapsed:.1f} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def healthy(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/_mock/health", timeout=2).close()
    except OSError:
        return False
    return True
