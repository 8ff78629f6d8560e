"""The one way the mock reads a YAML or JSON file a user wrote (scenarios, consumers)."""

from __future__ import annotations

import json
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

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"

Location = tuple[str | int, ...]


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
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            return json.loads(text), []
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, []
            return loader.construct_document(node), list(_reinterpreted(node, ()))
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as problem:
        raise DocumentError(f"{path}: {problem}") from None


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
