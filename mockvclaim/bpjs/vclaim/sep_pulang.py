"""Discharge of an R.Inap SEP: `PUT SEP/2.0/updtglplg` and `GET Sep/updtglplg/list`
(docs/vclaim-api.md §5.0). A discharged SEP no longer blocks a new admission (E2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from mockvclaim.bpjs import peserta
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import PulangRecord
from mockvclaim.bpjs.vclaim import path_params, referensi
from mockvclaim.bpjs.vclaim.pelayanan import RAWAT_INAP
from mockvclaim.bpjs.vclaim.sep import find_sep
from mockvclaim.bpjs.world import World, date_field, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

MENINGGAL = "4"


def status_pulang_name(code: str) -> str:
    """statusPulang shares its codes with referensi/carakeluar (catalogue): one list for both."""
    rows = referensi.fixed_list("carakeluar")["list"]
    return next((str(row["nama"]) for row in rows if row["kode"] == code), "")


@serves("sep.updtglplg")
def update_tgl_pulang(world: World, t_sep: dict[str, Any]) -> None:
    """Check a schema-valid updtglplg t_sep and record the discharge (or correct it)."""
    record = find_sep(world, text(t_sep, "noSep"))
    if record.jns_pelayanan != RAWAT_INAP:
        # What the real server does with an R.Jalan SEP is not documented [U]: refused.
        raise VClaimError.of(messages.PULANG_BUKAN_RANAP, noSep=record.no_sep)
    status = text(t_sep, "statusPulang")
    tgl_sep = date.fromisoformat(record.tgl_sep)
    tgl_pulang = date_field(t_sep, "tglPulang", "Tanggal Pulang")
    assert tgl_pulang is not None  # required by the schema
    if tgl_pulang < tgl_sep:
        raise VClaimError.of(messages.TGLPULANG_BEFORE_SEP, tglSep=record.tgl_sep)
    if tgl_pulang > world.today:
        raise VClaimError.of(messages.TGLPULANG_FUTURE)
    tgl_meninggal = date_field(t_sep, "tglMeninggal", "Tanggal Meninggal")
    no_surat = text(t_sep, "noSuratMeninggal")
    if status == MENINGGAL:
        if tgl_meninggal is None:
            raise VClaimError.of(messages.TGLMENINGGAL_REQUIRED)
        # The catalogue says "diisi jika statusPulang 4"; clients that skip the letter
        # number get through unless --strict.
        if world.strict and not no_surat:
            raise VClaimError.of(messages.SURAT_MENINGGAL_REQUIRED)
        if not tgl_sep <= tgl_meninggal <= tgl_pulang:
            raise VClaimError.of(messages.TGLMENINGGAL_OUTSIDE_STAY)
    elif tgl_meninggal is not None or no_surat:
        # "selain itu kosong" (catalogue): ignored, unless --strict holds clients to it.
        if world.strict:
            raise VClaimError.of(messages.MENINGGAL_WITHOUT_STATUS)
        tgl_meninggal, no_surat = None, ""
    world.store.update_sep_pulang(
        PulangRecord(
            no_sep=record.no_sep,
            status_pulang=status,
            tgl_pulang=tgl_pulang.isoformat(),
            tgl_meninggal="" if tgl_meninggal is None else tgl_meninggal.isoformat(),
            no_surat_meninggal=no_surat,
            no_lp_manual=text(t_sep, "noLPManual"),
            user=text(t_sep, "user"),
        ),
    )


@serves("sep.updtglplg_list")
@serves("sep.updtglplg_list_filter")
def list_tgl_pulang(world: World, bulan: str, tahun: str, filter: str = "") -> dict[str, Any]:
    """`{"list": [...]}` of the discharges with tglPulang in that month.

    `filter` is the catalogue's optional filter ("dikosongkan akan menampilkan semua data");
    what it matches is not documented [U]: here a SEP number, card number or name, any part,
    any case.
    """
    first, last = path_params.month_range(path_params.month(bulan), path_params.year(tahun))
    needle = filter.strip().upper()
    items = []
    for pulang, record in world.store.list_sep_pulang_between(first, last):
        nama = peserta.participant_for(record.no_kartu, world.seed).nama
        if needle and not any(
            needle in value.upper() for value in (record.no_sep, record.no_kartu, nama)
        ):
            continue
        items.append(
            {
                "noSep": record.no_sep,
                # The catalogue's sample names the SEP of another hospital whose insert the
                # open admission blocked; a hospital discharging its own SEP has none [U].
                "noSepUpdating": "",
                "jnsPelayanan": record.jns_pelayanan,
                "ppkTujuan": record.ppk_pelayanan,
                "noKartu": record.no_kartu,
                "nama": nama,
                "tglSep": record.tgl_sep,
                "tglPulang": pulang.tgl_pulang,
                # Both "" in the only sample [U]: the code sent and its name.
                "status": pulang.status_pulang,
                "tglMeninggal": pulang.tgl_meninggal,
                "noSurat": pulang.no_surat_meninggal,
                "keterangan": status_pulang_name(pulang.status_pulang),
                "user": pulang.user,
            }
        )
    if not items:
        raise VClaimError.of(messages.NO_DATA)
    return {"list": items}
