"""`mockvclaim serve` as a user runs it: a real process on a free port, its terminal read
line by line, for tests of what the terminal shows and of file reloading."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

START_TIMEOUT = 60.0
POLL = 0.05


class ServedProcess:
    def __init__(self, process: subprocess.Popen[str], port_file: Path) -> None:
        self.process = process
        self.port_file = port_file  # what `serve --port-file` wrote
        self.port = int(port_file.read_text())
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get_json(self, path: str) -> Any:
        with urllib.request.urlopen(f"{self.root_url}{path}", timeout=10) as answer:
            return json.load(answer)

    def wait_for(self, found: Callable[[], object], what: str) -> None:
        """Until `found()` is true; fails after START_TIMEOUT (a hang, not a slow machine)."""
        deadline = time.monotonic() + START_TIMEOUT
        while not found():
            assert self.process.poll() is None, "\n".join(self.lines)
            assert time.monotonic() < deadline, f"never: {what}\n" + "\n".join(self.lines)
            time.sleep(POLL)

    def output(self) -> str:
        return "\n".join(self.lines)


@contextmanager
def served(
    tmp_path: Path, *arguments: str, env: dict[str, str] | None = None
) -> Iterator[ServedProcess]:
    port_file = tmp_path / f"port-{len(list(tmp_path.iterdir()))}"
    command: Sequence[str] = [
        sys.executable,
        "-m",
        "mockvclaim",
        "serve",
        "--port",
        "0",
        "--port-file",
        str(port_file),
        *arguments,
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    server: ServedProcess | None = None
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not (port_file.exists() and port_file.read_text().strip()):
            assert process.poll() is None, process.communicate()[0]
            assert time.monotonic() < deadline, "the server never wrote its port file"
            time.sleep(POLL)
        server = ServedProcess(process, port_file)
        server.wait_for(lambda: any("Ctrl-C" in line for line in server.lines), "the banner")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        if server is not None:
            server._reader.join(timeout=30)
        if process.stdout is not None:
            process.stdout.close()
