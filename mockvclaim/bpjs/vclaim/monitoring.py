"""Monitoring: the SEPs this world actually holds, by day (Kunjungan) and by card
(HistoriPelayanan), docs/vclaim-api.md §5.0. Deleted SEPs are gone from both."""

from __future__ import annotations

from typing import Any

from mockvclaim.bpjs import peserta, refdata
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import SepRecord
from mockvclaim.bpjs.vclaim import path_params, pelayanan
from mockvclaim.bpjs.vclaim.pelayanan import RAWAT_INAP
from mockvclaim.bpjs.world import World, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

# ssecd/jkn pages HistoriPelayanan in windows of at most 90 days (docs/vclaim-api.md §7); the
# server's own limit and message are [U].
MAX_HISTORI_DAYS = 90


def _tgl_pulang(record: SepRecord) -> str | None:
    """An R.Jalan visit ends the day it starts (the catalogue's histori sample); an R.Inap
    stay when it is discharged, null while the patient is still admitted [U]."""
    if record.jns_pelayanan != RAWAT_INAP:
        return record.tgl_sep
    return record.tgl_pulang


def _diagnosis_code(record: SepRecord) -> str:
    code = text(record.request, "diagAwal")
    return refdata.diagnosis_code(code) or code


@serves("monitoring.kunjungan")
def kunjungan(world: World, tanggal: str, jns_pelayanan: str) -> dict[str, Any]:
    """`{"sep": [...]}`: the SEPs of one tglSep and service type, by number."""
    tgl = path_params.day(tanggal, "Tanggal SEP")
    jns_pelayanan = path_params.choice(jns_pelayanan, "jnsPelayanan", "Jenis Pelayanan", ("1", "2"))
    records = world.store.list_sep_on_date(tgl.isoformat(), jns_pelayanan)
    if not records:
        raise VClaimError.of(messages.NO_DATA)
    rows = []
    for record in records:
        rows.append(
            {
                "diagnosa": _diagnosis_code(record),  # the code alone in the sample
                "jnsPelayanan": pelayanan.short_name(record.jns_pelayanan),
                "kelasRawat": text(record.request, "klsRawat.klsRawatHak"),
                "nama": peserta.participant_for(record.no_kartu, world.seed).nama,
                "noKartu": record.no_kartu,
                "noSep": record.no_sep,
                "noRujukan": text(record.request, "rujukan.noRujukan"),
                # null for R.Inap (sample); the poli code for R.Jalan, like diagnosa [U].
                "poli": record.kd_poli or None,
                "tglPlgSep": _tgl_pulang(record),
                "tglSep": record.tgl_sep,
            }
        )
    return {"sep": rows}


@serves("monitoring.histori")
def histori(world: World, no_kartu: str, tgl_mulai: str, tgl_akhir: str) -> dict[str, Any]:
    """`{"histori": [...]}`: one card's SEPs with tglSep in the range, oldest first."""
    path_params.card_number(no_kartu)
    first, last = path_params.day_range(
        tgl_mulai, tgl_akhir, ("Tanggal Mulai", "Tanggal Akhir"), max_days=MAX_HISTORI_DAYS
    )
    records = world.store.list_sep_of_card(no_kartu, first.isoformat(), last.isoformat())
    if not records:
        raise VClaimError.of(messages.NO_DATA)
    nama = peserta.participant_for(no_kartu, world.seed).nama
    rows = []
    for record in records:
        inap = record.jns_pelayanan == RAWAT_INAP
        hak = text(record.request, "klsRawat.klsRawatHak")
        rows.append(
            {
                "diagnosa": refdata.diagnosis_display(text(record.request, "diagAwal")) or "",
                "jnsPelayanan": record.jns_pelayanan,
                "kelasRawat": f"Kelas {hak}" if inap else None,  # the sample's two forms
                "namaPeserta": nama,
                "noKartu": record.no_kartu,
                "noSep": record.no_sep,
                "noRujukan": text(record.request, "rujukan.noRujukan"),
                # "" in both samples; the poli name when there is one [U].
                "poli": (refdata.poli_name(record.kd_poli) or "") if record.kd_poli else "",
                "ppkPelayanan": peserta.facility_name(record.ppk_pelayanan, world.seed),
                "tglPlgSep": _tgl_pulang(record),
                "tglSep": record.tgl_sep,
            }
        )
    return {"histori": rows}
