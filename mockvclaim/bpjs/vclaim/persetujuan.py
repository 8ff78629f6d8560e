"""Back-date and finger print requests: `POST Sep/pengajuanSEP`, `POST Sep/aprovalSEP`,
`GET Sep/persetujuanSEP/list/bulan/{MM}/tahun/{yyyy}` (docs/vclaim-api.md §5.0), and the approval
that --strict SEP insert needs before it accepts a back-dated tglSep.

A request (pengajuan) stays pending until aprovalSEP approves it, in every mode: lenient
mode accepts a back-dated SEP without any request, so pending or approved matters only to
--strict and to the list. aprovalSEP for a request nobody made approves it all the same in
lenient mode (the world grows to fit the caller); --strict refuses it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mockvclaim.bpjs import peserta, status_cards
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import PersetujuanRecord
from mockvclaim.bpjs.vclaim import path_params
from mockvclaim.bpjs.world import World, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

BACKDATE = "1"
FINGER_PRINT = "2"

# The catalogue's one list sample reads jnspelayanan "RJ", persetujuan "Pengajuan",
# status "Tgl.SEP Backdate". "RI", "Disetujui" and "Finger Print" follow it [U].
_JNS_PELAYANAN = {"1": "RI", "2": "RJ"}
_STATUS = {BACKDATE: "Tgl.SEP Backdate", FINGER_PRINT: "Finger Print"}
PENDING = "Pengajuan"
APPROVED = "Disetujui"


def _request(t_sep: dict[str, Any], today: date, *, approved: bool) -> PersetujuanRecord:
    """A schema-valid t_sep as a request, checked: the card exists, the day is not in the
    future, and a back-date request names a day before today."""
    no_kartu = text(t_sep, "noKartu", strip=True)
    status_cards.require_exists(no_kartu)
    tgl_sep = path_params.day(text(t_sep, "tglSep", strip=True), "Tanggal SEP")
    # aprovalSEP without jnsPengajuan approves a back-date (catalogue).
    jenis = text(t_sep, "jnsPengajuan", strip=True) or BACKDATE
    if tgl_sep > today:
        raise VClaimError.of(messages.TGLSEP_FUTURE)
    if jenis == BACKDATE and tgl_sep >= today:
        raise VClaimError.of(messages.PENGAJUAN_NOT_BACKDATE, tglSep=tgl_sep.isoformat())
    return PersetujuanRecord(
        no_kartu=no_kartu,
        tgl_sep=tgl_sep.isoformat(),
        jns_pelayanan=text(t_sep, "jnsPelayanan", strip=True),
        jns_pengajuan=jenis,
        keterangan=text(t_sep, "keterangan", strip=True),
        user=text(t_sep, "user", strip=True),
        disetujui=approved,
    )


@serves("sep.pengajuan")
def pengajuan(world: World, t_sep: dict[str, Any]) -> str:
    """Sep/pengajuanSEP: store a pending request; the card number, as the catalogue answers."""
    record = _request(t_sep, world.today, approved=False)
    if not world.store.insert_pengajuan(record):
        raise VClaimError.of(
            messages.PENGAJUAN_EXISTS, noKartu=record.no_kartu, tglSep=record.tgl_sep
        )
    return record.no_kartu


@serves("sep.aproval")
def aproval(world: World, t_sep: dict[str, Any]) -> str:
    """Sep/aprovalSEP: approve the matching request (again is fine); the card number."""
    record = _request(t_sep, world.today, approved=True)
    existing = world.store.get_pengajuan(
        record.no_kartu,
        record.tgl_sep,
        record.jns_pelayanan,
        record.jns_pengajuan,
    )
    if existing is None and world.strict:
        raise VClaimError.of(
            messages.PENGAJUAN_NOT_FOUND, noKartu=record.no_kartu, tglSep=record.tgl_sep
        )
    world.store.update_pengajuan_approved(record)
    return record.no_kartu


def backdate_approved(world: World, no_kartu: str, tgl_sep: date, jns_pelayanan: str) -> bool:
    """Whether an approved back-date request covers this card, day and service type."""
    record = world.store.get_pengajuan(no_kartu, tgl_sep.isoformat(), jns_pelayanan, BACKDATE)
    return record is not None and record.disetujui


@serves("sep.persetujuan_list")
def persetujuan_list(world: World, bulan: str, tahun: str) -> dict[str, Any]:
    """`{"list": [...]}`: the requests whose tglSep falls in that month, pending or approved."""
    first, last = path_params.month_range(path_params.month(bulan), path_params.year(tahun))
    records = world.store.list_pengajuan_between(first, last)
    if not records:
        raise VClaimError.of(messages.NO_DATA)
    return {
        "list": [
            {
                "noKartu": record.no_kartu,
                "nama": peserta.participant_for(record.no_kartu, world.seed).nama,
                "tglsep": record.tgl_sep,
                "jnspelayanan": _JNS_PELAYANAN.get(record.jns_pelayanan, record.jns_pelayanan),
                "persetujuan": APPROVED if record.disetujui else PENDING,
                "status": _STATUS.get(record.jns_pengajuan, record.jns_pengajuan),
            }
            for record in records
        ]
    }
