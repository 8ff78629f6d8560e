"""Every VClaim operation and the family function that serves it (bpjs/serving.py).

Each module of this package is a family; a new one is found without being listed here.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from mockvclaim.bpjs import serving, vclaim
from mockvclaim.protocol.operations import OPERATIONS


def families() -> list[ModuleType]:
    """The modules of bpjs/vclaim/, imported."""
    return [
        importlib.import_module(f"{vclaim.__name__}.{module.name}")
        for module in pkgutil.iter_modules(vclaim.__path__)
        if module.name != __name__.rpartition(".")[2]
    ]


SERVED: dict[str, serving.Served] = serving.collect(families(), OPERATIONS)
