"""Rujukan family: referrals by number, card or date; the SEPs on a referral; rujukan keluar
and khusus; where a referral can go (spesialistik, sarana)."""

from __future__ import annotations

import functools
from typing import Any

from mockvclaim.bpjs.vclaim import kapasitas, rujukan, rujukan_keluar, rujukan_khusus, rujukan_sep
from mockvclaim.web.context import Call, Handler


def _by_number(kind: str, call: Call) -> object:
    return rujukan.by_number(
        call.world,
        call.params["noRujukan"],
        kind,
    )


def _by_card(kind: str, many: bool, call: Call) -> object:
    return rujukan.by_card(
        call.world,
        call.params["noKartu"],
        kind,
        many=many,
    )


def _by_date(kind: str, call: Call) -> object:
    return rujukan.by_date(
        call.world,
        call.params["tglRujukan"],
        kind,
    )


def _t_rujukan(call: Call) -> dict[str, Any]:
    assert call.body is not None  # the operation has a body; validation ran
    inner: dict[str, Any] = call.body["request"]["t_rujukan"]
    return inner


def jumlah_sep(call: Call) -> object:
    p = call.params
    return rujukan_sep.jumlah_sep(call.world, p["jenisRujukan"], p["noRujukan"])


def last_sep(call: Call) -> object:
    return rujukan_sep.last_sep(call.world, call.params["noRujukan"])


def _insert(v2: bool, call: Call) -> object:
    """`response: null` for a legacy partial referral (catalogue note)."""
    return rujukan_keluar.insert(call.world, _t_rujukan(call), v2=v2)


def update(call: Call) -> object:
    """The number as a JSON string, encrypted (docs/vclaim-api.md §5.0 [M])."""
    return rujukan_keluar.update(call.world, _t_rujukan(call))


def delete(call: Call) -> object:
    no_rujukan = _t_rujukan(call)["noRujukan"]
    return rujukan_keluar.delete(call.world, no_rujukan)


def keluar_list(call: Call) -> object:
    p = call.params
    return rujukan_keluar.keluar_list(call.world, p["tglMulai"], p["tglAkhir"])


def keluar(call: Call) -> object:
    return rujukan_keluar.keluar_detail(call.world, call.params["noRujukan"])


def list_spesialistik(call: Call) -> object:
    p = call.params
    return kapasitas.rujukan_spesialistik(
        call.world,
        p["ppkRujukan"],
        p["tglRujukan"],
    )


def list_sarana(call: Call) -> object:
    return kapasitas.rujukan_sarana(call.world, call.params["ppkRujukan"])


def khusus_insert(call: Call) -> object:
    assert call.body is not None  # unwrapped body, validated
    return rujukan_khusus.insert(call.world, call.body)


def khusus_delete(call: Call) -> object:
    return rujukan_khusus.delete(call.world, _t_rujukan(call))


def khusus_list(call: Call) -> object:
    p = call.params
    return rujukan_khusus.month_list(call.world, p["bulan"], p["tahun"])


HANDLERS: dict[str, Handler] = {
    "rujukan.nomor": functools.partial(_by_number, rujukan.FKTP),
    "rujukan.peserta": functools.partial(_by_card, rujukan.FKTP, False),
    "rujukan.list": functools.partial(_by_card, rujukan.FKTP, True),
    "rujukan.rs_nomor": functools.partial(_by_number, rujukan.RS),
    "rujukan.rs_peserta": functools.partial(_by_card, rujukan.RS, False),
    "rujukan.rs_list": functools.partial(_by_card, rujukan.RS, True),
    "rujukan.list_tanggal": functools.partial(_by_date, rujukan.FKTP),
    "rujukan.rs_list_tanggal": functools.partial(_by_date, rujukan.RS),
    "rujukan.jumlah_sep": jumlah_sep,
    "rujukan.lastsep": last_sep,
    "rujukan.insert_v2": functools.partial(_insert, True),
    "rujukan.insert": functools.partial(_insert, False),
    "rujukan.update_v2": update,
    "rujukan.update": update,
    "rujukan.delete": delete,
    "rujukan.keluar_list": keluar_list,
    "rujukan.keluar": keluar,
    "rujukan.list_spesialistik": list_spesialistik,
    "rujukan.list_sarana": list_sarana,
    "rujukan.khusus_insert": khusus_insert,
    "rujukan.khusus_delete": khusus_delete,
    "rujukan.khusus_list": khusus_list,
}
