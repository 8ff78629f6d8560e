"""Monitoring family: kunjungan by date, histori pelayanan by card."""

from __future__ import annotations

from mockvclaim.core import monitoring
from mockvclaim.web.context import Call, Handler


def kunjungan(call: Call) -> object:
    p = call.params
    return monitoring.kunjungan(call.mock.world, call.consumer, p["tanggal"], p["jnsPelayanan"])


def histori(call: Call) -> object:
    p = call.params
    return monitoring.histori(
        call.mock.world, call.consumer, p["noKartu"], p["tglMulai"], p["tglAkhir"]
    )


HANDLERS: dict[str, Handler] = {
    "monitoring.kunjungan": kunjungan,
    "monitoring.histori": histori,
}
