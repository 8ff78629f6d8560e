"""SEP family: insert, cari, update, delete, tanggal pulang and its list."""

from __future__ import annotations

from mockvclaim.core import path_params, sep, sep_detail, sep_pulang
from mockvclaim.web.context import Call, Handler


def insert_sep(call: Call) -> object:
    """Catalogue "Insert SEP 2.0" (reference §3, §4)."""
    assert call.body is not None  # the operation has a body; validation ran
    t_sep = call.body["request"]["t_sep"]
    return sep.insert_sep(call.mock.world, call.consumer, t_sep, call.mock.today())


def get_sep(call: Call) -> object:
    """GET SEP/{noSep} (reference §5.3)."""
    no_sep = path_params.document_number(call.params["noSep"], "noSep", "Nomor SEP")
    world = call.mock.world
    return sep_detail.sep_detail(world, sep.find_sep(world, call.consumer, no_sep))


def update_sep(call: Call) -> object:
    """PUT SEP/2.0/update. The catalogue shows the SEP number as `response`; every client
    decrypts it, so it travels encrypted as a JSON string (reference §2.3, inner format [U])."""
    assert call.body is not None
    return sep.update_sep(call.mock.world, call.consumer, call.body["request"]["t_sep"])


def delete_sep(call: Call) -> object:
    """DELETE SEP/2.0/delete: the deleted number as a plain JSON string (reference §2.3)."""
    assert call.body is not None
    t_sep = call.body["request"]["t_sep"]
    return sep.delete_sep(call.mock.world, call.consumer, t_sep["noSep"])


def update_tgl_pulang(call: Call) -> object:
    """PUT SEP/2.0/updtglplg: `response` null, message "Ok"."""
    assert call.body is not None
    t_sep = call.body["request"]["t_sep"]
    sep_pulang.update_tgl_pulang(call.mock.world, call.consumer, t_sep, call.mock.today())
    return None


def list_tgl_pulang(call: Call) -> object:
    """GET Sep/updtglplg/list/bulan/{bulan}/tahun/{tahun}[/{filter}]."""
    return sep_pulang.discharge_list(
        call.mock.world,
        call.consumer,
        call.params["bulan"],
        call.params["tahun"],
        call.params.get("filter", ""),
    )


HANDLERS: dict[str, Handler] = {
    "sep.insert": insert_sep,
    "sep.get": get_sep,
    "sep.update": update_sep,
    "sep.delete": delete_sep,
    "sep.updtglplg": update_tgl_pulang,
    "sep.updtglplg_list": list_tgl_pulang,
    "sep.updtglplg_list_filter": list_tgl_pulang,
}
