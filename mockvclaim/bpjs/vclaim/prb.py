"""Program Rujuk Balik: the surat rujuk balik (SRB) a hospital writes after an outpatient
SEP, its look-ups and the monthly "potensi PRB" recap (docs/vclaim-api.md §5.0).

Shapes and key order follow the catalogue's samples: insert answers `programPRB` as the
program's name, the look-ups as `{kode: "01 ", nama}`; the drugs are `obat.list` with one
`signa` on insert and `obat.obat` with signa1/signa2 on the detail. One SRB per SEP.
"""

from __future__ import annotations

import re
from typing import Any

from mockvclaim.bpjs import peserta, prb_data, refdata
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import LpkRecord, PrbRecord, SepRecord
from mockvclaim.bpjs.vclaim import path_params, referensi
from mockvclaim.bpjs.vclaim.dokter import dpjp_name
from mockvclaim.bpjs.vclaim.pelayanan import RAWAT_JALAN
from mockvclaim.bpjs.vclaim.sep import find_sep
from mockvclaim.bpjs.world import World, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

# ssecd/jkn queries prb/tglMulai/tglAkhir in windows of at most 31 days (docs/vclaim-api.md §7); the
# server's message is [U].
MAX_RANGE_DAYS = 31
# SRB numbers are digits only, 7 or 8 of them in every catalogue sample (9419118, 94111924);
# their layout is [U]. The mock counts per consumer from 1000001, so they read like those.
SRB_BASE = 1_000_000
_SRB = re.compile(r"[0-9]{1,20}")
_NUMERIC = re.compile(r"[0-9]+")
UNKNOWN_NAME = "-"  # how BPJS shows a name it lacks (namaPoliAsal "-" in the catalogue)


# --- writes ----------------------------------------------------------------------------------


@serves("prb.insert")
def insert_prb(world: World, t_prb: dict[str, Any]) -> dict[str, Any]:
    """PRB/insert: a schema-valid t_prb checked and stored; the catalogue's insert answer."""
    sep = find_sep(world, text(t_prb, "noSep"))
    if sep.jns_pelayanan != RAWAT_JALAN:
        raise VClaimError.of(messages.PRB_RAJAL_ONLY, noSep=sep.no_sep)
    no_kartu = text(t_prb, "noKartu")
    if no_kartu != sep.no_kartu:
        raise VClaimError.of(messages.PRB_PESERTA_MISMATCH, noKartu=no_kartu, noSep=sep.no_sep)
    program = _program(text(t_prb, "programPRB"))
    _check_letter(world, t_prb)
    existing = world.store.get_prb_of_sep(sep.no_sep)
    if existing is not None:
        raise VClaimError.of(messages.SEP_HAS_SRB, noSep=sep.no_sep, noSrb=existing.no_srb)
    stored = {**t_prb, "noSep": sep.no_sep, "programPRB": program.kode.strip()}

    def build(sequence: int) -> PrbRecord:
        return PrbRecord(str(SRB_BASE + sequence), sep.no_sep, world.today.isoformat(), stored)

    record = world.store.insert_prb(build)
    t = record.request
    return {
        "DPJP": _dpjp(world, t),
        "keterangan": text(t, "keterangan"),
        "noSRB": record.no_srb,
        "obat": {
            "list": [
                {"jmlObat": o["jmlObat"], "nmObat": o["nmObat"], "signa": o["signa"]}
                for o in _drugs(t)
            ]
        },
        "peserta": _peserta(world, t, sep, full=True),
        "programPRB": program.nama,  # the name alone in the insert sample
        "saran": text(t, "saran"),
        "tglSRB": record.tgl_srb,
    }


@serves("prb.update")
def update_prb(world: World, t_prb: dict[str, Any]) -> str:
    """PRB/Update: new address, doctor, advice or drugs for an SRB; its number.

    The catalogue's update body has no noKartu and no programPRB: both stay as inserted,
    unless a client sends programPRB, which is then checked and taken.
    """
    record = _letter(world, text(t_prb, "noSrb"), text(t_prb, "noSep"))
    _check_letter(world, t_prb)
    changes = {k: v for k, v in t_prb.items() if k not in ("noSrb", "noSep", "noKartu")}
    if "programPRB" in changes:
        changes["programPRB"] = _program(text(t_prb, "programPRB")).kode.strip()
    world.store.update_prb(
        PrbRecord(record.no_srb, record.no_sep, record.tgl_srb, {**record.request, **changes}),
    )
    return record.no_srb


@serves("prb.delete")
def delete_prb(world: World, t_prb: dict[str, Any]) -> str:
    """PRB/Delete: the SRB is gone (its SEP may be deleted again); its number."""
    record = _letter(world, text(t_prb, "noSrb"), text(t_prb, "noSep"))
    world.store.delete_prb(record.no_srb)
    return record.no_srb


# --- reads -----------------------------------------------------------------------------------


@serves("prb.get")
def prb_detail(world: World, no_srb: str, no_sep: str) -> dict[str, Any]:
    """GET prb/{noSRB}/nosep/{noSep}: `{"prb": {...}}` in the catalogue sample's order."""
    _srb_number(no_srb)
    path_params.document_number(no_sep, "noSep", "Nomor SEP")
    record = _letter(world, no_srb, no_sep)
    sep = find_sep(world, record.no_sep)
    t = record.request
    return {
        "prb": {
            "DPJP": _dpjp(world, t),
            "noSEP": record.no_sep,
            "noSRB": record.no_srb,
            "obat": {
                "obat": [
                    {k: o[k] for k in ("jmlObat", "kdObat", "nmObat", "signa1", "signa2")}
                    for o in _drugs(t)
                ]
            },
            "peserta": _peserta(world, t, sep, full=True),
            "programPRB": _program_object(t),
            "keterangan": text(t, "keterangan"),
            "saran": text(t, "saran"),
            "tglSRB": record.tgl_srb,
        }
    }


@serves("prb.list_tanggal")
def prb_list(world: World, tgl_mulai: str, tgl_akhir: str) -> dict[str, Any]:
    """GET prb/tglMulai/{a}/tglAkhir/{b}: `{"prb": {"list": [...]}}` by tglSRB."""
    first, last = path_params.day_range(
        tgl_mulai, tgl_akhir, ("Tanggal Mulai", "Tanggal Akhir"), max_days=MAX_RANGE_DAYS
    )
    records = world.store.list_prb_between(first.isoformat(), last.isoformat())
    rows = []
    for record in records:
        sep = world.store.get_sep(record.no_sep)
        if sep is None:  # cannot happen: a SEP with an SRB cannot be deleted
            continue
        t = record.request
        rows.append(
            {
                "DPJP": _dpjp(world, t),
                "noSEP": record.no_sep,
                "noSRB": record.no_srb,
                "peserta": _peserta(world, t, sep, full=False),
                "programPRB": _program_object(t),
                "keterangan": text(t, "keterangan"),
                "saran": text(t, "saran"),
                "tglSRB": record.tgl_srb,
            }
        )
    if not rows:
        raise VClaimError.of(messages.NO_DATA)
    return {"prb": {"list": rows}}


@serves("prb.potensi")
def potensi(world: World, tahun: str, bulan: str) -> dict[str, Any]:
    """GET prbpotensi/tahun/{y}/bulan/{m}: this consumer's SEPs of the month whose
    diagnosis falls under a PRB program and that have no SRB yet, by date.

    BPJS builds the recap from the claims hospitals submit [U]; the world's claims are its
    SEPs and their LPKs, so an LPK's diagnoses (primary first) stand in for the SEP's
    diagAwal. TanggalPelayanan is yyyy-MM-dd like every other date of VClaim [U].
    """
    first, last = path_params.month_range(path_params.month(bulan), path_params.year(tahun))
    rows = []
    for sep in world.store.list_sep_between(first, last):
        if world.store.get_prb_of_sep(sep.no_sep) is not None:
            continue  # already referred back: no longer a potential
        lpk = world.store.get_lpk(sep.no_sep)
        found = next(
            (
                (code, program)
                for code in _diagnoses(sep, lpk)
                if (program := prb_data.program_for_diagnosis(code)) is not None
            ),
            None,
        )
        if found is None:
            continue
        code, program = found
        rows.append(
            {
                "NamaPeserta": peserta.participant_for(sep.no_kartu, world.seed).nama,
                "NomorKartu": sep.no_kartu,
                "NOSEP": sep.no_sep,
                "TanggalPelayanan": sep.tgl_sep,
                "DiagnosaPotensiPRB": refdata.diagnosis_display(code) or code,
                "KategoriPenyakitPRB": program.nama,
            }
        )
    if not rows:
        raise VClaimError.of(messages.NO_DATA)
    return {"list": rows}


# --- helpers ---------------------------------------------------------------------------------


def _srb_number(value: str) -> str:
    if not _SRB.fullmatch(value):
        raise VClaimError.of(messages.FIELD_FORMAT, title="Nomor SRB", field="noSRB")
    return value


def _letter(world: World, no_srb: str, no_sep: str) -> PrbRecord:
    """An SRB of this consumer that belongs to the SEP named with it."""
    record = world.store.get_prb(no_srb)
    if record is None:
        raise VClaimError.of(messages.SRB_NOT_FOUND, noSrb=no_srb)
    if record.no_sep.upper() != no_sep.upper():
        raise VClaimError.of(messages.SRB_OTHER_SEP, noSrb=no_srb, noSep=no_sep)
    return record


def _program(kode: str) -> prb_data.Program:
    found = prb_data.program(kode)
    if found is None:
        raise VClaimError.of(messages.KODE_NOT_FOUND, title="Program PRB", kode=kode.strip())
    return found


def _program_object(t_prb: dict[str, Any]) -> dict[str, str]:
    program = _program(text(t_prb, "programPRB"))
    return {"kode": program.kode, "nama": program.nama}  # "01 ", trailing space kept


def _check_letter(world: World, t_prb: dict[str, Any]) -> None:
    """What insert and update share: DPJP, drugs, user.

    - kodeDPJP: a code outside the DPJP roster is a hospital's own in lenient mode
      (as SEP insert takes it) and refused with --strict.
    - obat: at least one; a code outside data/prb.json is accepted in lenient mode (the
      list is a sample, not BPJS's whole formulary) and refused with --strict.
    - user: the catalogue says "user harus diisi numeric"; clients send names, so only
      --strict holds them to it.
    """
    kode_dpjp = text(t_prb, "kodeDPJP")
    if world.strict and referensi.dokter_by_code(kode_dpjp, world.seed) is None:
        raise VClaimError.of(messages.DPJP_NOT_FOUND, kode=kode_dpjp)
    drugs = t_prb.get("obat")
    if not isinstance(drugs, list) or not drugs:
        raise VClaimError.of(messages.FIELD_REQUIRED, title="Obat", field="request.t_prb.obat")
    if world.strict:
        for item in drugs:
            kode = text(item, "kdObat")
            if prb_data.obat(kode) is None:
                raise VClaimError.of(messages.KODE_NOT_FOUND, title="Obat PRB", kode=kode)
        if not _NUMERIC.fullmatch(text(t_prb, "user")):
            raise VClaimError.of(
                messages.FIELD_FORMAT, title="Pengguna", field="request.t_prb.user"
            )


def _drugs(t_prb: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for item in t_prb.get("obat", []):
        kode = text(item, "kdObat")
        known = prb_data.obat(kode)
        signa1, signa2 = text(item, "signa1"), text(item, "signa2")
        rows.append(
            {
                "jmlObat": text(item, "jmlObat"),
                "kdObat": kode,
                "nmObat": known.nama if known is not None else UNKNOWN_NAME,
                "signa": f"{signa1} x {signa2}",  # the insert sample's "1 x 1"
                "signa1": signa1,
                "signa2": signa2,
            }
        )
    return rows


def _dpjp(world: World, t_prb: dict[str, Any]) -> dict[str, str]:
    kode = text(t_prb, "kodeDPJP")
    return {"kode": kode, "nama": dpjp_name(kode, world.seed)}


def _peserta(world: World, t_prb: dict[str, Any], sep: SepRecord, *, full: bool) -> dict[str, Any]:
    """The participant as the SRB shows them: address and email as written on the letter,
    the phone from the SEP (else the card's), asalFaskes = the FKTP they go back to."""
    person = peserta.participant_for(sep.no_kartu, world.seed)
    telepon = text(sep.request, "noTelp") or person.no_telepon
    if not full:  # the list sample's five members
        return {
            "alamat": text(t_prb, "alamat"),
            "email": text(t_prb, "email"),
            "nama": person.nama,
            "noKartu": person.no_kartu,
            "noTelepon": telepon,
        }
    return {
        "alamat": text(t_prb, "alamat"),
        "asalFaskes": {"kode": person.fktp, "nama": person.fktp_name},
        "email": text(t_prb, "email"),
        "kelamin": person.sex,
        "nama": person.nama,
        "noKartu": person.no_kartu,
        "noTelepon": telepon,
        "tglLahir": person.tgl_lahir.isoformat(),
    }


def _diagnoses(sep: SepRecord, lpk: LpkRecord | None) -> list[str]:
    if lpk is None:
        return [text(sep.request, "diagAwal")]
    items = [d for d in lpk.request.get("diagnosa", []) if isinstance(d, dict)]
    items.sort(key=lambda d: text(d, "level"))  # primary (1) before secondary (2)
    return [text(d, "kode") for d in items]
