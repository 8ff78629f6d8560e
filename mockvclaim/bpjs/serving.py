"""Which family function serves which operation, and how a call's inputs reach it.

A family function says what it serves with `@serves(op_id)`; its parameters name what it needs,
in the catalogue's words made snake_case (docs/naming.md):

- `world`: the request's World;
- a path parameter: `noKartu` arrives as `no_kartu`, `tglSEP` as `tgl_sep`;
- `body`: the validated body; `request`: its `request` object; `t_sep`, `t_rujukan`, ...: that
  object inside `request`;
- anything else is fixed by the decorator: `@serves("rujukan.rs_nomor", kind=RS)`.

`collect()` checks every binding when the server starts, so a misspelt parameter fails at once
and not on the first request.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar

from mockvclaim.bpjs.world import World
from mockvclaim.protocol.operations import Operation

F = TypeVar("F", bound=Callable[..., object])

_TAG = "__mockvclaim_serves__"
_BODY_PARTS = ("body", "request")


def serves(op_id: str, **fixed: object) -> Callable[[F], F]:
    """Mark a family function as the server of `op_id`; `fixed` binds its other parameters."""

    def mark(function: F) -> F:
        marks: list[tuple[str, dict[str, object]]] = getattr(function, _TAG, [])
        setattr(function, _TAG, [*marks, (op_id, fixed)])
        return function

    return mark


def snake_case(name: str) -> str:
    """`noKartu` -> `no_kartu`, `tglSEP` -> `tgl_sep`, `noSRB` -> `no_srb`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


@dataclass(frozen=True)
class Served:
    """One operation's function and where each of its arguments comes from."""

    op_id: str
    function: Callable[..., object]
    takes_world: bool
    from_path: Mapping[str, str]  # argument -> path parameter
    from_body: tuple[str, ...]  # arguments read from the body
    fixed: Mapping[str, object]

    def __call__(
        self, world: World, params: Mapping[str, str], body: Mapping[str, Any] | None
    ) -> object:
        arguments: dict[str, object] = dict(self.fixed)
        for argument, name in self.from_path.items():
            if name in params:  # an optional segment, such as the discharge list's filter
                arguments[argument] = params[name]
        for argument in self.from_body:
            arguments[argument] = _body_part(body, argument)
        if self.takes_world:
            return self.function(world, **arguments)
        return self.function(**arguments)


def _body_part(body: Mapping[str, Any] | None, argument: str) -> object:
    assert body is not None  # the operation has a body and validation accepted it
    if argument == "body":
        return body
    request = body["request"]
    return request if argument == "request" else request[argument]


def collect(modules: Iterable[ModuleType], operations: Iterable[Operation]) -> dict[str, Served]:
    """Every marked function of `modules`, bound; raises ValueError for an operation served
    twice, an unknown operation, or a parameter nothing can fill."""
    by_id = {operation.op_id: operation for operation in operations}
    served: dict[str, Served] = {}
    for module in modules:
        for function in vars(module).values():
            for op_id, fixed in getattr(function, _TAG, []):
                if function.__module__ != module.__name__:
                    continue  # imported from another family, bound there
                if op_id in served:
                    raise ValueError(f"{op_id} is served twice")
                if op_id not in by_id:
                    raise ValueError(f"{function.__qualname__} serves {op_id}, not an operation")
                served[op_id] = _bind(by_id[op_id], function, fixed)
    return served


def _bind(
    operation: Operation, function: Callable[..., object], fixed: dict[str, object]
) -> Served:
    path_names = {snake_case(name): name for name in operation.path_params}
    parameters = list(inspect.signature(function).parameters.values())
    takes_world = bool(parameters) and parameters[0].name == "world"
    from_path: dict[str, str] = {}
    from_body: list[str] = []
    for parameter in parameters[1 if takes_world else 0 :]:
        name = parameter.name
        if name in fixed:
            continue
        if name in path_names:
            from_path[name] = path_names.pop(name)
        elif operation.has_body and (name in _BODY_PARTS or name.startswith("t_")):
            from_body.append(name)
        elif parameter.default is inspect.Parameter.empty:
            raise ValueError(f"{operation.op_id}: nothing fills {function.__qualname__}({name})")
    if path_names:
        unused = ", ".join(sorted(path_names.values()))
        raise ValueError(f"{operation.op_id}: {function.__qualname__} ignores {unused}")
    return Served(operation.op_id, function, takes_world, from_path, tuple(from_body), fixed)
