"""SEP family: insert, cari, update, delete, tanggal pulang and its list, back-date /
finger print requests, INA-CBG, internal referrals, accidents (KLL, Jasa Raharja)."""

from __future__ import annotations

from mockvclaim.bpjs.vclaim import (
    inacbg,
    kll,
    path_params,
    persetujuan,
    sep,
    sep_detail,
    sep_internal,
    sep_pulang,
)
from mockvclaim.web.context import Call, Handler


def insert_sep(call: Call) -> object:
    """Catalogue "Insert SEP 2.0" (docs/vclaim-api.md §3, §4)."""
    assert call.body is not None  # the operation has a body; validation ran
    t_sep = call.body["request"]["t_sep"]
    return sep.insert_sep(call.world, t_sep)


def get_sep(call: Call) -> object:
    """GET SEP/{noSep} (docs/vclaim-api.md §5.3)."""
    no_sep = path_params.document_number(call.params["noSep"], "noSep", "Nomor SEP")
    world = call.world
    return sep_detail.sep_detail(world, sep.find_sep(world, no_sep))


def update_sep(call: Call) -> object:
    """PUT SEP/2.0/update. The catalogue shows the SEP number as `response`; every client
    decrypts it, so it travels encrypted as a JSON string (docs/vclaim-api.md §2.3, inner format
    [U])."""
    assert call.body is not None
    return sep.update_sep(call.world, call.body["request"]["t_sep"])


def delete_sep(call: Call) -> object:
    """DELETE SEP/2.0/delete: the deleted number as a plain JSON string (docs/vclaim-api.md
    §2.3)."""
    assert call.body is not None
    t_sep = call.body["request"]["t_sep"]
    return sep.delete_sep(call.world, t_sep["noSep"])


def update_tgl_pulang(call: Call) -> object:
    """PUT SEP/2.0/updtglplg: `response` null, message "Ok"."""
    assert call.body is not None
    t_sep = call.body["request"]["t_sep"]
    sep_pulang.update_tgl_pulang(call.world, t_sep)
    return None


def list_tgl_pulang(call: Call) -> object:
    """GET Sep/updtglplg/list/bulan/{bulan}/tahun/{tahun}[/{filter}]."""
    return sep_pulang.discharge_list(
        call.world,
        call.params["bulan"],
        call.params["tahun"],
        call.params.get("filter", ""),
    )


def pengajuan(call: Call) -> object:
    """POST Sep/pengajuanSEP: the card number, an encrypted JSON string (docs/vclaim-api.md §5.0
    [U])."""
    assert call.body is not None
    t_sep = call.body["request"]["t_sep"]
    return persetujuan.pengajuan(call.world, t_sep)


def aproval(call: Call) -> object:
    """POST Sep/aprovalSEP: the card number, an encrypted JSON string (docs/vclaim-api.md §5.0
    [U])."""
    assert call.body is not None
    t_sep = call.body["request"]["t_sep"]
    return persetujuan.aproval(call.world, t_sep)


def persetujuan_list(call: Call) -> object:
    """GET Sep/persetujuanSEP/list/bulan/{bulan}/tahun/{tahun}."""
    p = call.params
    return persetujuan.persetujuan_list(call.world, p["bulan"], p["tahun"])


def cbg(call: Call) -> object:
    """GET sep/cbg/{noSep}: `{"pesertasep": {...}}`, plain (docs/vclaim-api.md §2.3)."""
    no_sep = path_params.document_number(call.params["noSep"], "noSep", "Nomor SEP")
    world = call.world
    return inacbg.pesertasep(sep.find_sep(world, no_sep), world.seed)


def internal(call: Call) -> object:
    """GET SEP/Internal/{noSep}: `{"count", "list"}` of its internal referrals."""
    no_sep = path_params.document_number(call.params["noSep"], "noSep", "Nomor SEP")
    return sep_internal.internal_list(call.world, no_sep)


def internal_delete(call: Call) -> object:
    """DELETE SEP/Internal/delete: the SEP number as a plain JSON string (docs/vclaim-api.md
    §2.3)."""
    assert call.body is not None
    t_sep = call.body["request"]["t_sep"]
    return sep_internal.delete_internal(call.world, t_sep)


def jasa_raharja_suplesi(call: Call) -> object:
    """GET sep/JasaRaharja/Suplesi/{noKartu}/tglPelayanan/{tgl}."""
    p = call.params
    return kll.suplesi_jasa_raharja(call.world, p["noKartu"], p["tglPelayanan"])


def kll_induk(call: Call) -> object:
    """GET sep/KllInduk/List/{noKartu}."""
    return kll.kll_induk(call.world, call.params["noKartu"])


HANDLERS: dict[str, Handler] = {
    "sep.insert": insert_sep,
    "sep.get": get_sep,
    "sep.update": update_sep,
    "sep.delete": delete_sep,
    "sep.updtglplg": update_tgl_pulang,
    "sep.updtglplg_list": list_tgl_pulang,
    "sep.updtglplg_list_filter": list_tgl_pulang,
    "sep.pengajuan": pengajuan,
    "sep.aproval": aproval,
    "sep.persetujuan_list": persetujuan_list,
    "sep.cbg": cbg,
    "sep.internal": internal,
    "sep.internal_delete": internal_delete,
    "sep.jasaraharja_suplesi": jasa_raharja_suplesi,
    "sep.kll_induk": kll_induk,
}
