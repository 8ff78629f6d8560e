"""SEP family: /SEP/2.0/insert."""

from __future__ import annotations

from mockvclaim.core import sep
from mockvclaim.web.context import Call, Handler


def insert_sep(call: Call) -> object:
    """Catalogue "Insert SEP 2.0" (reference §3, §4)."""
    assert call.body is not None  # the operation has a body; validation ran
    t_sep = call.body["request"]["t_sep"]
    return sep.insert_sep(call.mock.world, call.consumer, t_sep, call.mock.today())


HANDLERS: dict[str, Handler] = {"sep.insert": insert_sep}
