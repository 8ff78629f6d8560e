"""LPK family: lembar pengajuan klaim writes and the list by admission date."""

from __future__ import annotations

from typing import Any

from mockvclaim.bpjs.vclaim import lpk
from mockvclaim.web.context import Call, Handler


def _t_lpk(call: Call) -> dict[str, Any]:
    assert call.body is not None  # the operation has a body; validation ran
    t_lpk: dict[str, Any] = call.body["request"]["t_lpk"]
    return t_lpk


def insert(call: Call) -> object:
    return lpk.insert_lpk(call.world, _t_lpk(call))


def update(call: Call) -> object:
    return lpk.update_lpk(call.world, _t_lpk(call))


def delete(call: Call) -> object:
    return lpk.delete_lpk(call.world, _t_lpk(call)["noSep"])


def by_date(call: Call) -> object:
    p = call.params
    return lpk.lpk_list(call.world, p["tglMasuk"], p["jnsPelayanan"])


HANDLERS: dict[str, Handler] = {
    "lpk.insert": insert,
    "lpk.update": update,
    "lpk.delete": delete,
    "lpk.list": by_date,
}
