"""Referensi family: diagnoses, poli, faskes, DPJP, regions, LPK lists."""

from __future__ import annotations

import functools

from mockvclaim.bpjs import prb_data
from mockvclaim.bpjs.vclaim import referensi
from mockvclaim.web.context import Call, Handler


def diagnosa(call: Call) -> object:
    return referensi.diagnosa(call.params["diagnosa"])


def poli(call: Call) -> object:
    return referensi.poli(call.params["poli"])


def faskes(call: Call) -> object:
    p = call.params
    return referensi.faskes(call.world, p["faskes"], p["jenisFaskes"])


def dpjp(call: Call) -> object:
    p = call.params
    return referensi.dpjp(call.world, p["jenisPelayanan"], p["tglPelayanan"], p["kodeSpesialis"])


def propinsi(call: Call) -> object:
    return referensi.propinsi()


def kabupaten(call: Call) -> object:
    return referensi.kabupaten(call.params["kodePropinsi"])


def kecamatan(call: Call) -> object:
    return referensi.kecamatan(call.params["kodeKabupaten"])


def procedure(call: Call) -> object:
    return referensi.procedure(call.params["procedure"])


def dokter(call: Call) -> object:
    return referensi.dokter(call.world, call.params["namaDokter"])


def _fixed(name: str, call: Call) -> object:
    return referensi.fixed_list(name)


def diagnosa_prb(call: Call) -> object:
    return prb_data.diagnosa_prb()


def obat_prb(call: Call) -> object:
    return prb_data.obat_prb(call.params["namaObat"])


HANDLERS: dict[str, Handler] = {
    "referensi.diagnosa": diagnosa,
    "referensi.poli": poli,
    "referensi.faskes": faskes,
    "referensi.dpjp": dpjp,
    "referensi.propinsi": propinsi,
    "referensi.kabupaten": kabupaten,
    "referensi.kecamatan": kecamatan,
    "referensi.procedure": procedure,
    "referensi.dokter": dokter,
    "referensi.diagnosaprb": diagnosa_prb,
    "referensi.obatprb": obat_prb,
    **{f"referensi.{name}": functools.partial(_fixed, name) for name in referensi.FIXED_LISTS},
}
