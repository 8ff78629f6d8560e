"""PRB family: surat rujuk balik writes, look-ups and the potensi PRB recap."""

from __future__ import annotations

from typing import Any

from mockvclaim.bpjs.vclaim import prb
from mockvclaim.web.context import Call, Handler


def _t_prb(call: Call) -> dict[str, Any]:
    assert call.body is not None  # the operation has a body; validation ran
    t_prb: dict[str, Any] = call.body["request"]["t_prb"]
    return t_prb


def insert(call: Call) -> object:
    return prb.insert_prb(call.world, _t_prb(call))


def update(call: Call) -> object:
    """The SRB number as a JSON string, encrypted (catalogue: `"response": "9111924"`)."""
    return prb.update_prb(call.world, _t_prb(call))


def delete(call: Call) -> object:
    return prb.delete_prb(call.world, _t_prb(call))


def by_number(call: Call) -> object:
    return prb.prb_detail(call.world, call.params["noSRB"], call.params["noSep"])


def by_date(call: Call) -> object:
    p = call.params
    return prb.prb_list(call.world, p["tglMulai"], p["tglAkhir"])


def potensi(call: Call) -> object:
    p = call.params
    return prb.potensi(call.world, p["tahun"], p["bulan"])


HANDLERS: dict[str, Handler] = {
    "prb.insert": insert,
    "prb.update": update,
    "prb.delete": delete,
    "prb.get": by_number,
    "prb.list_tanggal": by_date,
    "prb.potensi": potensi,
}
