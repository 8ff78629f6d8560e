"""The package's imports hold its layout: no cycle, no module reaching into another's
private names, and the protocol half never importing the fake BPJS or the web layer."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mockvclaim"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, list[tuple[str, list[str], int]]]:
    """Each module's imports of mockvclaim: (module, names imported from it, line)."""
    found: dict[str, list[tuple[str, list[str], int]]] = {}
    # A C extension (protocol/_lzstring.c) is a module too, imported only by its Python twin.
    modules = {_module_name(p) for p in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.c")]}
    for path in PACKAGE.rglob("*.py"):
        rows = found.setdefault(_module_name(path), [])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if not node.module.startswith("mockvclaim"):
                    continue
                names = [alias.name for alias in node.names]
                # `from pkg import module` imports a module, not a name from pkg.
                submodules = [n for n in names if f"{node.module}.{n}" in modules]
                for name in submodules:
                    rows.append((f"{node.module}.{name}", [], node.lineno))
                rest = [n for n in names if n not in submodules]
                if rest:
                    rows.append((node.module, rest, node.lineno))
            elif isinstance(node, ast.Import):
                rows.extend(
                    (alias.name, [], node.lineno)
                    for alias in node.names
                    if alias.name.startswith("mockvclaim")
                )
    return found


def test_no_module_imports_another_modules_private_name() -> None:
    offenders = [
        f"{module}:{line} imports {name} from {target}"
        for module, rows in _imports().items()
        for target, names, line in rows
        for name in names
        if name.startswith("_") and not name.startswith("__") and target != module
    ]
    assert offenders == []


def test_the_package_has_no_import_cycle() -> None:
    graph = {
        module: {target for target, _, _ in rows if target != module}
        for module, rows in _imports().items()
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_protocol_half_knows_nothing_of_the_fake_bpjs_or_the_web() -> None:
    offenders = [
        f"{module}:{line} imports {target}"
        for module, rows in _imports().items()
        if module.startswith("mockvclaim.protocol")
        for target, _, line in rows
        if target.startswith(("mockvclaim.bpjs", "mockvclaim.web"))
    ]
    assert offenders == []


def test_the_mobilejkn_caller_is_a_client_not_part_of_the_server() -> None:
    offenders = [
        f"{module}:{line} imports {target}"
        for module, rows in _imports().items()
        if module.startswith("mockvclaim.mobilejkn")
        for target, _, line in rows
        if target.startswith("mockvclaim.web")
    ]
    assert offenders == []
