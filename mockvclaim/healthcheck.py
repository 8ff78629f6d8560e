"""`python -m mockvclaim.healthcheck`: exit 0 when the running server answers /_mock/health.

The image's HEALTHCHECK. It asks the port the server really listens on, which `serve`
writes to MOCKVCLAIM_PORT_FILE, so `serve --port 9000` (or `--port 0`) is probed right;
without that file, MOCKVCLAIM_PORT. Standard library only: it runs every few seconds.
"""

from __future__ import annotations

import os
import sys
import urllib.request
from collections.abc import Mapping
from pathlib import Path

DEFAULT_PORT = "8080"  # config.DEFAULT_PORT, not imported: that would load the app's imports
TIMEOUT_SECONDS = 2


def served_port(environ: Mapping[str, str]) -> str:
    port_file = environ.get("MOCKVCLAIM_PORT_FILE")
    if port_file:
        try:
            written = Path(port_file).read_text(encoding="ascii").strip()
        except OSError:
            written = ""
        if written:
            return written
    return environ.get("MOCKVCLAIM_PORT") or DEFAULT_PORT


def main(environ: Mapping[str, str] = os.environ) -> int:
    url = f"http://127.0.0.1:{served_port(environ)}/_mock/health"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as answer:
            return 0 if answer.status == 200 else 1
    except OSError as problem:
        print(f"mockvclaim: error: {url}: {problem}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
