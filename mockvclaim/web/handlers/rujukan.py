"""Rujukan family: referrals by number, card or date; the SEPs on a referral; rujukan keluar
and khusus; where a referral can go (spesialistik, sarana)."""

from __future__ import annotations

import functools
from typing import Any

from mockvclaim.bpjs.vclaim import kapasitas, rujukan, rujukan_keluar, rujukan_khusus, rujukan_sep
from mockvclaim.web.context import Call, Handler


def _by_number(kind: str, call: Call) -> object:
    mock = call.mock
    return rujukan.by_number(
        mock.store, call.consumer.cons_id, call.params["noRujukan"], kind,
        mock.settings.seed, mock.today(),
    )  # fmt: skip


def _by_card(kind: str, many: bool, call: Call) -> object:
    mock = call.mock
    return rujukan.by_card(
        mock.store, call.consumer.cons_id, call.params["noKartu"], kind,
        mock.settings.seed, mock.today(), many=many,
    )  # fmt: skip


def _by_date(kind: str, call: Call) -> object:
    mock = call.mock
    return rujukan.by_date(
        mock.store, call.consumer.cons_id, call.params["tglRujukan"], kind,
        mock.settings.seed, mock.today(),
    )  # fmt: skip


def _t_rujukan(call: Call) -> dict[str, Any]:
    assert call.body is not None  # the operation has a body; validation ran
    inner: dict[str, Any] = call.body["request"]["t_rujukan"]
    return inner


def jumlah_sep(call: Call) -> object:
    p = call.params
    return rujukan_sep.jumlah_sep(call.mock.world, call.consumer, p["jenisRujukan"], p["noRujukan"])


def last_sep(call: Call) -> object:
    return rujukan_sep.last_sep(call.mock.world, call.consumer, call.params["noRujukan"])


def _insert(v2: bool, call: Call) -> object:
    """`response: null` for a legacy partial referral (catalogue note)."""
    return rujukan_keluar.insert(
        call.mock.world, call.consumer, _t_rujukan(call), call.mock.today(), v2=v2
    )


def update(call: Call) -> object:
    """The number as a JSON string, encrypted (reference §5.0 [M])."""
    return rujukan_keluar.update(
        call.mock.world, call.consumer, _t_rujukan(call), call.mock.today()
    )


def delete(call: Call) -> object:
    no_rujukan = _t_rujukan(call)["noRujukan"]
    return rujukan_keluar.delete(call.mock.world, call.consumer, no_rujukan)


def keluar_list(call: Call) -> object:
    p = call.params
    return rujukan_keluar.keluar_list(call.mock.world, call.consumer, p["tglMulai"], p["tglAkhir"])


def keluar(call: Call) -> object:
    return rujukan_keluar.keluar_detail(call.mock.world, call.consumer, call.params["noRujukan"])


def list_spesialistik(call: Call) -> object:
    mock, p = call.mock, call.params
    return kapasitas.rujukan_spesialistik(
        mock.store, call.consumer.cons_id, p["ppkRujukan"], p["tglRujukan"], mock.settings.seed
    )


def list_sarana(call: Call) -> object:
    return kapasitas.rujukan_sarana(call.params["ppkRujukan"], call.mock.settings.seed)


def khusus_insert(call: Call) -> object:
    assert call.body is not None  # unwrapped body, validated
    return rujukan_khusus.insert(call.mock.world, call.consumer, call.body, call.mock.today())


def khusus_delete(call: Call) -> object:
    return rujukan_khusus.delete(call.mock.world, call.consumer, _t_rujukan(call))


def khusus_list(call: Call) -> object:
    p = call.params
    return rujukan_khusus.month_list(call.mock.world, call.consumer, p["bulan"], p["tahun"])


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
