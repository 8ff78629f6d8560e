"""The one way the mock reads a YAML or JSON file a user wrote (scenarios, consumers)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader when PyYAML was built with it (its wheels are): the same documents,
# parsed about ten times faster, which is most of what starting an app costs.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A few hundred bytes of YAML aliases can stand for billions of values; every reader of a
# document (schema checks, error messages) walks them all. Far above any real file
# (docs/interface.md §12).
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
MAX_DOCUMENT_VALUES = 200_000
# Whatever a YAML error quotes from the file (a tag, an alias, a scalar) may be a secret.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


class DocumentError(ValueError):
    """A file that cannot be read or parsed; the message names the file and the problem."""


def load_document(path: Path) -> Any:
    """A `.json` file as JSON, anything else as YAML."""
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError(f"{path}: larger than {MAX_DOCUMENT_BYTES} bytes")
        text = path.read_text(encoding="utf-8")
        document = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as problem:
        raise DocumentError(f"{path}: {_yaml_problem(problem)}") from None
    except json.JSONDecodeError as problem:
        where = f"line {problem.lineno}, column {problem.colno}"
        raise DocumentError(f"{path}: JSON syntax error at {where}: {problem.msg}") from None
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as problem:
        raise DocumentError(f"{path}: {_unquoted(str(problem))}") from None
    except RecursionError:
        raise DocumentError(f"{path}: nested too deeply") from None
    try:
        ensure_bounded(document)
    except DocumentError as problem:
        raise DocumentError(f"{path}: {problem}") from None
    return document


def _yaml_problem(problem: yaml.MarkedYAMLError) -> str:
    """Where and what, never the text around it: PyYAML's pure-Python loader prints the
    offending line, and the line may hold a secret."""
    mark = problem.problem_mark or problem.context_mark
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    what = problem.problem or problem.context or "cannot be parsed"
    return f"YAML syntax error{where}: {_unquoted(what)}"


def _unquoted(text: str) -> str:
    return _QUOTED.sub("'…'", text)


def ensure_bounded(document: Any) -> None:
    """Refuse a document that expands to more than MAX_DOCUMENT_VALUES values, counting a
    value each time an alias repeats it; stops counting as soon as it is over."""
    stack = [document]
    seen = 0
    while stack:
        value = stack.pop()
        seen += 1
        if seen > MAX_DOCUMENT_VALUES:
            raise DocumentError(
                f"more than {MAX_DOCUMENT_VALUES} values once YAML aliases are expanded; "
                "refused (a small file with nested aliases can stand for billions)"
            )
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
