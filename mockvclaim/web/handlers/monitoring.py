"""Monitoring family: kunjungan by date, histori pelayanan by card, klaim, Jasa Raharja."""

from __future__ import annotations

from mockvclaim.bpjs.vclaim import klaim, kll, monitoring
from mockvclaim.web.context import Call, Handler


def kunjungan(call: Call) -> object:
    p = call.params
    return monitoring.kunjungan(call.world, p["tanggal"], p["jnsPelayanan"])


def histori(call: Call) -> object:
    p = call.params
    return monitoring.histori(call.world, p["noKartu"], p["tglMulai"], p["tglAkhir"])


def klaim_list(call: Call) -> object:
    p = call.params
    return klaim.klaim(
        call.world,
        p["tglPulang"],
        p["jnsPelayanan"],
        p["status"],
    )


def jasa_raharja(call: Call) -> object:
    p = call.params
    return kll.monitoring_jasa_raharja(call.world, p["jnsPelayanan"], p["tglMulai"], p["tglAkhir"])


HANDLERS: dict[str, Handler] = {
    "monitoring.kunjungan": kunjungan,
    "monitoring.histori": histori,
    "monitoring.klaim": klaim_list,
    "monitoring.jasaraharja": jasa_raharja,
}
