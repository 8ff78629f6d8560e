"""Finger print family: status by card and day, the day's list, random question / answer."""

from __future__ import annotations

from mockvclaim.bpjs.vclaim import fingerprint
from mockvclaim.web.context import Call, Handler


def status(call: Call) -> object:
    """GET SEP/FingerPrint/Peserta/{noKartu}/TglPelayanan/{tgl}: always code 200."""
    p = call.params
    return fingerprint.status(call.world, p["noKartu"], p["tglPelayanan"])


def day_list(call: Call) -> object:
    """GET SEP/FingerPrint/List/Peserta/TglPelayanan/{tgl}."""
    return fingerprint.day_list(call.world, call.params["tglPelayanan"])


def random_question(call: Call) -> object:
    """GET SEP/FingerPrint/randomquestion/faskesterdaftar/nokapst/{noKartu}/tglsep/{tgl}."""
    p = call.params
    return fingerprint.random_question(call.world, p["noKartu"], p["tglSep"])


def random_answer(call: Call) -> object:
    """POST SEP/FingerPrint/randomanswer: "True" / "False", an encrypted JSON string."""
    assert call.body is not None
    t_sep = call.body["request"]["t_sep"]
    return fingerprint.random_answer(call.world, t_sep)


HANDLERS: dict[str, Handler] = {
    "fingerprint.peserta": status,
    "fingerprint.list": day_list,
    "fingerprint.randomquestion": random_question,
    "fingerprint.randomanswer": random_answer,
}
