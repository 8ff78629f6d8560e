"""Monitoring/Klaim: the claims of the SEPs that ended on a day (docs/vclaim-api.md §5.0).

A SEP has a claim once its care has ended: an R.Jalan SEP on its own day, an R.Inap SEP
on its discharge (SEP/2.0/updtglplg). Group, tariffs and the verification state are
INVENTED (no public source has the grouper or BPJS's verification), stable per SEP and
seed (bpjs/vclaim/inacbg.py):
- a claim stays "Proses Verifikasi" for its first 7 days; after that 70 % are "Klaim"
  (paid: bySetujui = the grouper tariff, an FPK number), 15 % "Pending Verifikasi", 15 %
  still "Proses Verifikasi";
- byPengajuan = byTarifGruper and byTopup "0", as in both catalogue rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mockvclaim.bpjs import numbers, peserta, refdata
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import SepRecord
from mockvclaim.bpjs.vclaim import inacbg, path_params
from mockvclaim.bpjs.vclaim.pelayanan import RAWAT_INAP, RAWAT_JALAN
from mockvclaim.bpjs.world import World, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

PROSES = "1"
PENDING = "2"
KLAIM = "3"
STATUS_NAME = {PROSES: "Proses Verifikasi", PENDING: "Pending Verifikasi", KLAIM: "Klaim"}
VERIFICATION_DAYS = 7


def status_of(record: SepRecord, tgl_pulang: date, seed: int, today: date) -> str:
    """The claim's verification state ("1", "2", "3") on `today`."""
    if (today - tgl_pulang).days < VERIFICATION_DAYS:
        return PROSES
    # The top 32 bits, as this draw was first defined.
    draw = (numbers.derive("klaim-status", seed, record.no_sep.upper()) >> 32) % 100
    return KLAIM if draw < 70 else PENDING if draw < 85 else PROSES


def _ended_on(world: World, tgl: str, jns: str) -> list[SepRecord]:
    if jns == RAWAT_JALAN:
        return world.store.list_sep_on_date(tgl, RAWAT_JALAN)
    discharged = world.store.list_sep_pulang_between(tgl, tgl)
    return [record for _, record in discharged if record.jns_pelayanan == RAWAT_INAP]


@serves("monitoring.klaim")
def klaim(world: World, tgl_pulang: str, jns_pelayanan: str, status: str) -> dict[str, Any]:
    """`{"klaim": [...]}` of one discharge day, service type and verification state."""
    tgl = path_params.day(tgl_pulang, "Tanggal Pulang")
    jns_pelayanan = path_params.choice(jns_pelayanan, "jnsPelayanan", "Jenis Pelayanan", ("1", "2"))
    status = path_params.choice(status, "status", "Status Klaim", tuple(STATUS_NAME))
    rows = []
    for record in sorted(_ended_on(world, tgl.isoformat(), jns_pelayanan), key=_number):
        state = status_of(record, tgl, world.seed, world.today)
        if state == status:
            rows.append(_claim(world, record, tgl, state))
    if not rows:
        raise VClaimError.of(messages.NO_DATA)
    return {"klaim": rows}


def _number(record: SepRecord) -> str:
    return record.no_sep.upper()


def _claim(world: World, record: SepRecord, tgl_pulang: date, state: str) -> dict[str, Any]:
    group = inacbg.grouping(record, world.seed)
    paid = state == KLAIM
    poli = refdata.poli_name(record.kd_poli) if record.kd_poli else None
    return {
        "Inacbg": {"kode": group.kode, "nama": group.nama},
        "biaya": {
            "byPengajuan": str(group.tarif_grouper),
            "bySetujui": str(group.tarif_grouper) if paid else "0",
            "byTarifGruper": str(group.tarif_grouper),
            "byTarifRS": str(group.tarif_rs),
            "byTopup": "0",
        },
        "kelasRawat": text(record.request, "klsRawat.klsRawatHak"),
        # FPK (the hospital's monthly claim form): one per PPK and month, number invented.
        "noFPK": f"{record.ppk_pelayanan}{numbers.mmyy(tgl_pulang)}F000001" if paid else "",
        "noSEP": record.no_sep,
        "peserta": {
            "nama": peserta.participant_for(record.no_kartu, world.seed).nama,
            "noKartu": record.no_kartu,
            "noMR": text(record.request, "noMR"),
        },
        # "Hemodialisa" in the sample: the poli's name, capitalised so; "" for R.Inap [U].
        "poli": poli.title() if poli else "",
        "status": STATUS_NAME[state],
        "tglPulang": tgl_pulang.isoformat(),
        "tglSep": record.tgl_sep,
    }
