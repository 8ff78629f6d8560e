"""Peserta family: participant by card number or by NIK."""

from __future__ import annotations

from mockvclaim.bpjs.vclaim import peserta
from mockvclaim.web.context import Call, Handler


def by_card(call: Call) -> object:
    return peserta.by_card(call.world, call.params["noKartu"], call.params["tglSEP"])


def by_nik(call: Call) -> object:
    return peserta.by_nik(call.world, call.params["nik"], call.params["tglSEP"])


HANDLERS: dict[str, Handler] = {"peserta.nokartu": by_card, "peserta.nik": by_nik}
