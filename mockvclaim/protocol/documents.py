"""The one way the mock reads a YAML or JSON file a user wrote (scenarios, consumers)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader when PyYAML was built with it (its wheels are): the same documents,
# parsed about ten times faster, which is most of what starting an app costs.
_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """YAML 1.1 as PyYAML reads it, except that an unquoted date stays the text typed:
    JSON has no dates, and a `tglSep: 2021-07-30` is meant as that string."""


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),
)
# The loader in use (tests swap in PyYAML's pure-Python one, whose errors quote more text).
_LOADER: type[yaml.SafeLoader] = _Loader

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"

Location = tuple[str | int, ...]

# A few hundred bytes of YAML aliases can stand for billions of values; every reader of a
# document (schema checks, error messages) walks them all. Far above any real file
# (docs/interface.md §12).
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
MAX_DOCUMENT_VALUES = 200_000
# Whatever a YAML error quotes from the file (a tag, an alias, a scalar) may be a secret.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


class DocumentError(ValueError):
    """A file that cannot be read or parsed; the message names the file and the problem."""


@dataclass(frozen=True)
class Reinterpreted:
    """An unquoted YAML scalar whose value is not what it reads as: `0002000000017` is the
    octal number 268435471 in YAML 1.1, `1.50` is 1.5, `yes` is true."""

    where: Location
    written: str
    value: Any


def load_document(path: Path) -> Any:
    """A `.json` file as JSON, anything else as YAML."""
    return load_document_as_written(path)[0]


def load_document_as_written(path: Path) -> tuple[Any, list[Reinterpreted]]:
    """The document, and every unquoted scalar YAML turned into something other than it
    reads as (none for JSON), from one parse."""
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError(f"{path}: larger than {MAX_DOCUMENT_BYTES} bytes")
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            document, node = json.loads(text), None
        else:
            document, node = _load_yaml(text)
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
        # Before any walk of the nodes: aliases make the walk as long as the expansion.
        ensure_bounded(document)
    except DocumentError as problem:
        raise DocumentError(f"{path}: {problem}") from None
    return document, [] if node is None else list(_reinterpreted(node, ()))


def _load_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        return (None, None) if node is None else (loader.construct_document(node), node)
    finally:
        loader.dispose()


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


def _reinterpreted(node: yaml.Node, where: Location) -> Iterator[Reinterpreted]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _reinterpreted(value, (*where, str(key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _reinterpreted(item, (*where, index))
    elif isinstance(node, yaml.ScalarNode) and not node.style:  # plain: no quotes
        value = _plain_value(node)
        if value is not None:
            yield Reinterpreted(where, node.value, value)


def _plain_value(node: yaml.ScalarNode) -> Any:
    """The value of a plain scalar that does not read as written, else None."""
    text = node.value
    if node.tag == _INT_TAG:
        number = yaml.safe_load(text)
        return None if str(number) == text else number
    if node.tag == _FLOAT_TAG:
        number = yaml.safe_load(text)
        return None if json.dumps(number) == text else number
    if node.tag == _BOOL_TAG:
        return None if text.lower() in {"true", "false"} else text.lower() in {"yes", "on", "y"}
    return None
