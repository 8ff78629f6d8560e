"""Every operation and the family function that serves it (bpjs/serving.py).

Each module of this package, and of its sibling service packages (bpjs/antrean/,
bpjs/aplicares/, bpjs/icare/), is a family; a new one is found without being listed here.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from mockvclaim.bpjs import antrean, aplicares, icare, serving, vclaim
from mockvclaim.protocol.operations import OPERATIONS

SERVICE_PACKAGES = (vclaim, antrean, aplicares, icare)


def families() -> list[ModuleType]:
    """The modules of bpjs/vclaim/ and its sibling service packages, imported."""
    return [
        importlib.import_module(f"{package.__name__}.{module.name}")
        for package in SERVICE_PACKAGES
        for module in pkgutil.iter_modules(package.__path__)
        if module.name != __name__.rpartition(".")[2]
    ]


SERVED: dict[str, serving.Served] = serving.collect(families(), OPERATIONS)
