"""Rencana kontrol family: surat kontrol and SPRI, their lookups and lists."""

from __future__ import annotations

from typing import Any

from mockvclaim.bpjs.vclaim import rencana_kontrol
from mockvclaim.web.context import Call, Handler


def _request(call: Call) -> dict[str, Any]:
    assert call.body is not None  # the operation has a body; validation ran
    request: dict[str, Any] = call.body["request"]
    return request


def insert(call: Call) -> object:
    return rencana_kontrol.insert_kontrol(call.world, _request(call), v2=False)


def insert_v2(call: Call) -> object:
    return rencana_kontrol.insert_kontrol(call.world, _request(call), v2=True)


def update(call: Call) -> object:
    return rencana_kontrol.update_kontrol(call.world, _request(call), v2=False)


def update_v2(call: Call) -> object:
    return rencana_kontrol.update_kontrol(call.world, _request(call), v2=True)


def delete(call: Call) -> object:
    """`response` null, message "Sukses" (docs/vclaim-api.md §2.3)."""
    letter = _request(call)["t_suratkontrol"]
    rencana_kontrol.delete_letter(call.world, letter["noSuratKontrol"])
    return None


def insert_spri(call: Call) -> object:
    return rencana_kontrol.insert_spri(call.world, _request(call))


def update_spri(call: Call) -> object:
    return rencana_kontrol.update_spri(call.world, _request(call))


def by_number(call: Call) -> object:
    return rencana_kontrol.letter_detail(call.world, call.params["noSuratKontrol"])


def sep_for_kontrol(call: Call) -> object:
    return rencana_kontrol.sep_for_kontrol(call.world, call.params["noSep"])


def list_by_card(call: Call) -> object:
    p = call.params
    return rencana_kontrol.list_by_card(
        call.world, p["bulan"], p["tahun"], p["noKartu"], p["filter"]
    )


def list_by_date(call: Call) -> object:
    p = call.params
    return rencana_kontrol.list_by_date(call.world, p["tglAwal"], p["tglAkhir"], p["filter"])


def list_spesialistik(call: Call) -> object:
    p = call.params
    return rencana_kontrol.list_spesialistik(
        call.world, p["jnsKontrol"], p["nomor"], p["tglRencanaKontrol"]
    )


def jadwal_praktek_dokter(call: Call) -> object:
    p = call.params
    return rencana_kontrol.jadwal_praktek_dokter(
        call.world, p["jnsKontrol"], p["kdPoli"], p["tglRencanaKontrol"]
    )


HANDLERS: dict[str, Handler] = {
    "rencanakontrol.insert": insert,
    "rencanakontrol.insert_v2": insert_v2,
    "rencanakontrol.update": update,
    "rencanakontrol.update_v2": update_v2,
    "rencanakontrol.delete": delete,
    "rencanakontrol.insert_spri": insert_spri,
    "rencanakontrol.update_spri": update_spri,
    "rencanakontrol.nosuratkontrol": by_number,
    "rencanakontrol.nosep": sep_for_kontrol,
    "rencanakontrol.list_nokartu": list_by_card,
    "rencanakontrol.list_tanggal": list_by_date,
    "rencanakontrol.list_spesialistik": list_spesialistik,
    "rencanakontrol.jadwal_praktek_dokter": jadwal_praktek_dokter,
}
