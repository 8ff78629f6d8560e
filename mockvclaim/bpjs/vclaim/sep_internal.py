"""SEP internal: `GET SEP/Internal/{noSep}` and `DELETE SEP/Internal/delete` (docs/vclaim-api.md
§5.0).

What an internal referral is in this world [U]: the docs/vclaim-api.md §3.3 pattern "internal
referral to
another poli": a later R.Jalan SEP on the same referral number and card with
assesmentPel "4" (Atas Instruksi RS) to a poli other than the first SEP's. The list hangs
off the referral's first SEP (the catalogue sample lists three referrals under one `nosep`,
each with its own `nosepref`); it is read from the stored SEPs, so updating or deleting
those SEPs changes it. DELETE removes one referral from the list; the SEP issued on it
stays. The referral letter's number is not in any request: the mock writes it as the later
SEP's number with N for V (`{PPK}{MMYY}N{6}`, the sample's shape), invented.
"""

from __future__ import annotations

from typing import Any

from mockvclaim.bpjs import refdata
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import SepRecord
from mockvclaim.bpjs.vclaim import path_params
from mockvclaim.bpjs.vclaim.dokter import dpjp_name
from mockvclaim.bpjs.vclaim.sep import find_sep
from mockvclaim.bpjs.vclaim.sep_detail import PENUNJANG
from mockvclaim.bpjs.world import World, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

ATAS_INSTRUKSI_RS = "4"


def _letter_number(record: SepRecord) -> str:
    return f"{record.no_sep[:12]}N{record.no_sep[13:]}"


def _referrals(world: World, origin: SepRecord) -> list[SepRecord]:
    """The later SEPs that are internal referrals from `origin`, oldest first."""
    no_rujukan = text(origin.request, "rujukan.noRujukan")
    if not no_rujukan:
        return []
    chain = [
        record
        for record in world.store.list_sep_with_rujukan(no_rujukan)
        if record.no_kartu == origin.no_kartu
    ]
    if not chain or chain[0].no_sep != origin.no_sep:
        return []  # only the referral's first SEP refers internally
    return [
        record
        for record in chain[1:]
        if text(record.request, "assesmentPel") == ATAS_INSTRUKSI_RS
        and record.kd_poli.upper() != origin.kd_poli.upper()
        and not world.store.is_sep_internal_deleted(_letter_number(record))
    ]


def _row(world: World, origin: SepRecord, later: SepRecord) -> dict[str, Any]:
    t = later.request
    penunjang = text(t, "kdPenunjang")
    diag = text(t, "diagAwal")
    dokter = text(t, "dpjpLayan")
    return {
        "tujuanrujuk": later.kd_poli,
        "nmtujuanrujuk": refdata.poli_name(later.kd_poli) or "",
        "nmpoliasal": refdata.poli_name(origin.kd_poli) or "",
        "tglrujukinternal": later.tgl_sep,
        "nosep": origin.no_sep,
        "nosepref": later.no_sep,
        "ppkpelsep": origin.ppk_pelayanan,
        "nokapst": origin.no_kartu,
        "tglsep": origin.tgl_sep,
        "nosurat": _letter_number(later),
        "flaginternal": "0",
        # The sample carries the card number here, a slip of the real server; the poli code
        # is what the name says.
        "kdpoliasal": origin.kd_poli,
        "kdpolituj": later.kd_poli,
        "kdpenunjang": penunjang or "0",
        "nmpenunjang": PENUNJANG.get(penunjang),
        "diagppk": refdata.diagnosis_code(diag) or diag,
        "kddokter": dokter,
        "nmdokter": dpjp_name(dokter, world.seed) if dokter else "",
        "flagprosedur": text(t, "flagProcedure") or None,
        "opsikonsul": "1",  # "1" and "False" in every sample row; meaning [U]
        "flagsep": "False",
        "fuser": text(t, "user"),
        "fdate": later.tgl_sep,
        "nmdiag": refdata.diagnosis_name(diag) or "",
    }


@serves("sep.internal")
def internal_list(world: World, no_sep: str) -> dict[str, Any]:
    """`{"count": "n", "list": [...]}` of the SEP's internal referrals."""
    path_params.document_number(no_sep, "noSep", "Nomor SEP")
    origin = find_sep(world, no_sep)
    rows = [_row(world, origin, later) for later in _referrals(world, origin)]
    if not rows:
        raise VClaimError.of(messages.NO_DATA)
    return {"count": str(len(rows)), "list": rows}


@serves("sep.internal_delete")
def delete_internal(world: World, t_sep: dict[str, Any]) -> str:
    """Remove the referral the t_sep names (as the list shows it); the SEP number."""
    origin = find_sep(world, text(t_sep, "noSep"))
    no_surat = text(t_sep, "noSurat").upper()
    for later in _referrals(world, origin):
        if (
            _letter_number(later).upper() == no_surat
            and later.tgl_sep == text(t_sep, "tglRujukanInternal")
            and later.kd_poli.upper() == text(t_sep, "kdPoliTuj").upper()
        ):
            world.store.delete_sep_internal(_letter_number(later))
            return origin.no_sep
    raise VClaimError.of(
        messages.SEP_INTERNAL_NOT_FOUND, noSurat=text(t_sep, "noSurat"), noSep=origin.no_sep
    )
