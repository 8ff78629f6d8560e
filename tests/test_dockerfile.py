"""The Dockerfile's promises, with no Docker engine: its instructions are parsed and checked,
then its own install command runs in a fresh virtual environment on exactly the files its
COPY lines take, and the server starts with the image's ENV, ENTRYPOINT and CMD until its
HEALTHCHECK command passes."""

from __future__ import annotations

import json
import os
import shlex
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
from typing import Any

import pytest

from mockvclaim.config import DEMO_CONS_ID, DEMO_SECRET, DEMO_USER_KEY
from mockvclaim.protocol import crypto
from tests.fixtures import sep_insert_requests as bodies

REPO = Path(__file__).resolve().parent.parent
DOCKERFILE = REPO / "Dockerfile"
INSTALL_TIMEOUT = 600
START_TIMEOUT = 30


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str

    def exec_form(self) -> list[str]:
        parsed = json.loads(self.arguments)
        assert isinstance(parsed, list)
        assert all(isinstance(word, str) for word in parsed)
        return parsed


def parse_dockerfile(text: str) -> list[Instruction]:
    """Instructions with continuation lines joined and comments dropped."""
    instructions: list[Instruction] = []
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue  # a comment inside a continued instruction
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = pending + stripped
        pending = ""
        keyword, _, arguments = whole.partition(" ")
        instructions.append(Instruction(keyword.upper(), arguments.strip()))
    assert not pending, "the Dockerfile ends inside a continued line"
    return instructions


INSTRUCTIONS = parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))


def all_of(keyword: str) -> list[Instruction]:
    return [i for i in INSTRUCTIONS if i.keyword == keyword]


def last(keyword: str) -> Instruction:
    found = all_of(keyword)
    assert found, f"no {keyword} in the Dockerfile"
    return found[-1]


def image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for instruction in all_of("ENV"):
        for word in shlex.split(instruction.arguments):
            name, _, value = word.partition("=")
            env[name] = value
    return env


def healthcheck() -> tuple[list[str], list[str]]:
    """(the options, the exec-form command)."""
    options, _, command = last("HEALTHCHECK").arguments.partition("CMD ")
    return options.split(), json.loads(command)


def install_command() -> list[str]:
    """The `pip install ...` step of the RUN that installs the package."""
    runs = [i for i in all_of("RUN") if "pip install" in i.arguments]
    assert len(runs) == 1, "expected exactly one RUN with pip install"
    steps = [step.strip() for step in runs[0].arguments.split("&&")]
    return shlex.split(next(step for step in steps if step.startswith("pip install")))


# -- what the Dockerfile says -----------------------------------------------------------


def test_base_image_is_python_311_slim() -> None:
    assert [i.arguments for i in all_of("FROM")] == ["python:3.11-slim"]


def test_installs_the_checkout_without_a_pip_cache() -> None:
    assert install_command() == ["pip", "install", "--no-cache-dir", "."]


def test_runs_as_a_non_root_user_it_creates() -> None:
    user = last("USER").arguments
    uid = user.split(":")[0]
    assert uid not in {"root", "0"}
    creating = " ".join(i.arguments for i in all_of("RUN"))
    assert f"useradd --system --uid {uid}" in creating
    # The user must own the state volume, or MOCKVCLAIM_DATA=/data/... cannot be written.
    assert "chown mockvclaim:mockvclaim /data" in creating


def test_listens_on_all_interfaces_on_port_8080() -> None:
    env = image_env()
    assert env["MOCKVCLAIM_HOST"] == "0.0.0.0"
    assert env.get("MOCKVCLAIM_PORT", "8080") == "8080"
    assert [i.arguments for i in all_of("EXPOSE")] == ["8080 8443"]


def test_serves_https_beside_http_with_its_ca_in_the_volume() -> None:
    env = image_env()
    assert env["MOCKVCLAIM_HTTPS_PORT"] == "8443"
    assert env["MOCKVCLAIM_TLS_DIR"].startswith("/data/")  # owned by the server's user


def test_state_volume_and_scenario_folder() -> None:
    env = image_env()
    assert [i.arguments for i in all_of("VOLUME")] == ["/data"]
    assert "MOCKVCLAIM_DATA" not in env  # in memory unless the user asks for a file
    assert env["MOCKVCLAIM_SCENARIOS"] == "/scenarios"


def test_healthcheck_asks_the_health_route_with_python_not_curl() -> None:
    options, command = healthcheck()
    assert command[:2] == ["python", "-c"]
    assert "/_mock/health" in command[2]
    assert "curl" not in command[2]
    assert "wget" not in command[2]
    assert any(option.startswith("--interval=") for option in options)


def test_entrypoint_and_cmd_serve() -> None:
    assert last("ENTRYPOINT").exec_form() == ["mockvclaim"]
    assert last("CMD").exec_form() == ["serve"]


def copied_sources() -> list[str]:
    sources: list[str] = []
    for instruction in all_of("COPY"):
        words = instruction.arguments.split()
        assert not any(w.startswith("--") for w in words), "COPY flags are not expected"
        sources += words[:-1]
    return sources


def dockerignore() -> list[str]:
    lines = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_dockerignore_keeps_the_context_small_and_the_copied_files_in() -> None:
    ignored = dockerignore()
    for heavy in (".git", ".ci", "tests", "**/__pycache__"):
        assert heavy in ignored
    for source in copied_sources():
        assert source not in ignored
        assert (REPO / source).exists(), f"COPY {source}: no such file in the checkout"


# -- the image's commands, run in a fresh virtual environment --------------------------


@dataclass
class Image:
    root: Path  # stands in for / : data/ and scenarios/ are the image's folders
    bin: Path

    def env(self, port: int) -> dict[str, str]:
        """The image's ENV with its folders mapped here, on a free port."""
        env = {
            "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOME": str(self.root),
            "LANG": "C.UTF-8",
        }
        for name, value in image_env().items():
            if value.startswith(("/data", "/scenarios")):
                value = str(self.root / value.lstrip("/"))
            env[name] = value
        env["MOCKVCLAIM_PORT"] = str(port)
        env["MOCKVCLAIM_HTTPS_PORT"] = "0"  # a free one: 8443 may be taken on this machine
        return env


@pytest.fixture(scope="session")
def image(tmp_path_factory: pytest.TempPathFactory) -> Image:
    """One install per session: the Dockerfile's COPY lines, then its pip command."""
    root = tmp_path_factory.mktemp("image")
    context = root / "build"
    context.mkdir()
    for source in copied_sources():
        origin = REPO / source
        if origin.is_dir():
            shutil.copytree(
                origin, context / source, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        else:
            shutil.copy2(origin, context / source)
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True, timeout=120)
    bin_dir = root / "venv" / "bin"
    env = {**os.environ, **image_env(), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    command = install_command()
    started = time.monotonic()
    installed = subprocess.run(
        [str(bin_dir / "python"), "-m", *command],
        cwd=context,
        env=env,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    print(f"image install took {time.monotonic() - started:.1f} s")
    (root / "data").mkdir()
    (root / "scenarios").mkdir()
    return Image(root, bin_dir)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def run_healthcheck(image: Image, port: int) -> subprocess.CompletedProcess[str]:
    _, command = healthcheck()
    return subprocess.run(
        command, env=image.env(port), capture_output=True, text=True, timeout=10, check=False
    )


@pytest.fixture
def container(image: Image) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """The image's ENTRYPOINT + CMD, started in its WORKDIR with its ENV."""
    (image.root / "scenarios" / "ci.yaml").write_text(
        "rules:\n  - id: from-mounted-folder\n    operation: sep.insert\n"
        '    when: {request.t_sep.noKartu: "0009999999999"}\n'
        '    respond: {code: "201", message: "dari folder /scenarios"}\n',
        encoding="utf-8",
    )
    port = free_port()
    workdir = image.root / last("WORKDIR").arguments.lstrip("/")
    process = subprocess.Popen(
        [*last("ENTRYPOINT").exec_form(), *last("CMD").exec_form()],
        env=image.env(port) | {"MOCKVCLAIM_DATA": str(image.root / "data" / "state.sqlite")},
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process, port
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=START_TIMEOUT)


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.load(answer)


@pytest.mark.slow
def test_healthcheck_fails_while_nothing_listens(image: Image) -> None:
    assert run_healthcheck(image, free_port()).returncode != 0


@pytest.mark.slow
def test_image_starts_healthy_serves_vclaim_and_stops_on_sigterm(
    image: Image, container: tuple[subprocess.Popen[str], int]
) -> None:
    process, port = container
    deadline = time.monotonic() + START_TIMEOUT
    while run_healthcheck(image, port).returncode != 0:
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, "HEALTHCHECK never passed"
        time.sleep(0.2)

    root = f"http://127.0.0.1:{port}"
    rules = {rule["id"]: rule for rule in get_json(f"{root}/_mock/scenarios")["rules"]}
    timestamp = str(int(time.time()))
    insert = urllib.request.Request(
        f"{root}/vclaim-rest-dev/SEP/2.0/insert",
        data=json.dumps(bodies.catalog_example()).encode(),
        method="POST",
        headers=crypto.signed_headers(DEMO_CONS_ID, DEMO_SECRET, DEMO_USER_KEY, timestamp),
    )
    with urllib.request.urlopen(insert, timeout=10) as answer:
        document = json.load(answer)
    # The inspector's files are package data: the wheel must carry them.
    with urllib.request.urlopen(f"{root}/_mock/", timeout=10) as page:
        html = page.read().decode()
    with urllib.request.urlopen(f"{root}/_mock/static/inspector.js", timeout=10) as script:
        script_status = script.status
    process.send_signal(signal.SIGTERM)  # what `docker stop` sends
    out, _ = process.communicate(timeout=START_TIMEOUT)

    assert rules["from-mounted-folder"]["source"].endswith("ci.yaml")
    assert any(rule["source"].endswith("test-cards.yaml") for rule in rules.values())
    sep = json.loads(
        crypto.decrypt_text(document["response"], DEMO_CONS_ID, DEMO_SECRET, timestamp)
    )["sep"]
    assert sep["noSep"] == "0301R0110721V000001"
    assert "static/inspector.js" in html
    assert script_status == 200
    assert (image.root / "data" / "state.sqlite").is_file()  # MOCKVCLAIM_DATA into /data
    assert (image.root / "data" / "tls" / "ca.pem").is_file()  # the CA where the banner says
    assert f"CA file      {image.root / 'data' / 'tls' / 'ca.pem'}" in out
    assert f"http://0.0.0.0:{port}/vclaim-rest-dev" in out
    assert process.returncode == 0
    assert "mockvclaim stopped." in out
    assert "Traceback" not in out
