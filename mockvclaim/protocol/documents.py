"""The one way the mock reads a YAML or JSON file a user wrote (scenarios, consumers)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader when PyYAML was built with it (its wheels are): the same documents,
# parsed about ten times faster, which is most of what starting an app costs.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DocumentError(ValueError):
    """A file that cannot be read or parsed; the message names the file and the problem."""


def load_document(path: Path) -> Any:
    """A `.json` file as JSON, anything else as YAML."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=_LOADER)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as problem:
        raise DocumentError(f"{path}: {problem}") from None
