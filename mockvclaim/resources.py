"""Where the top-level schemas/ and scenarios/ folders are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _folder(name: str) -> Path:
    # A wheel carries them inside the package (pyproject force-include); an editable
    # install or a checkout reads them from the repository root.
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"mockvclaim: the {name}/ folder is missing from the installation")


def schemas_dir() -> Path:
    return _folder("schemas")


def scenarios_dir() -> Path:
    return _folder("scenarios")
