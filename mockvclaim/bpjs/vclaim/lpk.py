"""Lembar pengajuan klaim (LPK): the claim sheet a hospital files for a SEP, and the daily
list of them (docs/vclaim-api.md §5.0). One LPK per SEP: insert makes it, update replaces it.

Codes are checked against the referensi lists: diagnoses, poli, kelas rawat, cara keluar
and kondisi pulang always (national lists); ruang rawat and spesialistik are each hospital's
own lists (the catalogue's samples are "Ruang Melati I", "Spesialis Penyakit dalam"), so
like DPJP codes an unknown one is taken in lenient mode and refused with --strict; so are
procedure codes outside data/procedure.json (all of ICD-9-CM).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mockvclaim.bpjs import peserta, refdata
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import LpkRecord, SepRecord
from mockvclaim.bpjs.vclaim import path_params, pelayanan, referensi
from mockvclaim.bpjs.vclaim.dokter import dpjp_name
from mockvclaim.bpjs.vclaim.pelayanan import RAWAT_INAP
from mockvclaim.bpjs.vclaim.sep import find_sep
from mockvclaim.bpjs.world import World, date_field, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

DIRUJUK = "3"
KONTROL_KEMBALI = "4"
UNKNOWN_NAME = "-"  # a hospital's own code the lists lack (BPJS shows "-", e.g. namaPoliAsal)

# perawatan member -> (referensi list, title, hospital's own list?, needed for R.Inap only?)
_PERAWATAN = {
    "caraKeluar": ("carakeluar", "Cara Keluar", False, False),
    "kelasRawat": ("kelasrawat", "Kelas Rawat", False, True),
    "kondisiPulang": ("pascapulang", "Kondisi Pulang", False, False),
    "ruangRawat": ("ruangrawat", "Ruang Rawat", True, True),
    "spesialistik": ("spesialistik", "Spesialistik", True, False),
}


# --- writes ----------------------------------------------------------------------------------


@serves("lpk.insert")
def insert_lpk(world: World, t_lpk: dict[str, Any]) -> str:
    """LPK/insert: the SEP number (catalogue: `"response": "0301R0011017V000015"`)."""
    record = _accepted(world, t_lpk)
    if not world.store.upsert_lpk(record, new=True):
        raise VClaimError.of(messages.LPK_EXISTS, noSep=record.no_sep)
    return record.no_sep


@serves("lpk.update")
def update_lpk(world: World, t_lpk: dict[str, Any]) -> str:
    """LPK/update: the whole sheet again, under insert's rules; the SEP number."""
    record = _accepted(world, t_lpk)
    if not world.store.upsert_lpk(record, new=False):
        raise VClaimError.of(messages.LPK_NOT_FOUND, noSep=record.no_sep)
    return record.no_sep


@serves("lpk.delete")
def delete_lpk(world: World, t_lpk: dict[str, Any]) -> str:
    """LPK/delete: the SEP number, as stored."""
    sep = find_sep(world, t_lpk["noSep"])
    if not world.store.delete_lpk(sep.no_sep):
        raise VClaimError.of(messages.LPK_NOT_FOUND, noSep=sep.no_sep)
    return sep.no_sep


# --- the list --------------------------------------------------------------------------------


@serves("lpk.list")
def lpk_list(world: World, tgl_masuk: str, jns_pelayanan: str) -> dict[str, Any]:
    """GET LPK/TglMasuk/{tgl}/JnsPelayanan/{1|2}: `{"lpk": {"list": [...]}}`, each item in
    the catalogue sample's shape and order (also ssecd/jkn's LPK type)."""
    tgl = path_params.day(tgl_masuk, "Tanggal Masuk")
    jns_pelayanan = path_params.choice(jns_pelayanan, "jnsPelayanan", "Jenis Pelayanan", ("1", "2"))
    found = world.store.list_lpk_on_date(tgl.isoformat(), jns_pelayanan)
    if not found:
        raise VClaimError.of(messages.NO_DATA)
    return {"lpk": {"list": [_item(world, lpk, sep) for lpk, sep in found]}}


def _item(world: World, lpk: LpkRecord, sep: SepRecord) -> dict[str, Any]:
    t = lpk.request
    person = peserta.participant_for(sep.no_kartu, world.seed)
    kode_dpjp = text(t, "DPJP")
    return {
        "DPJP": {"dokter": {"kode": kode_dpjp, "nama": dpjp_name(kode_dpjp, world.seed)}},
        "diagnosa": {
            "list": [
                {
                    "level": text(d, "level"),
                    "list": {
                        "kode": refdata.diagnosis_code(text(d, "kode")) or text(d, "kode"),
                        "nama": refdata.diagnosis_name(text(d, "kode")) or "",
                    },
                }
                for d in _objects(t, "diagnosa")
            ]
        },
        "jnsPelayanan": sep.jns_pelayanan,
        "noSep": lpk.no_sep,
        "perawatan": {
            member: _coded(spec[0], text(t, f"perawatan.{member}"))
            for member, spec in _PERAWATAN.items()
        },
        "peserta": {
            "kelamin": person.sex,
            "nama": person.nama,
            "noKartu": person.no_kartu,
            "noMR": text(sep.request, "noMR"),
            "tglLahir": person.tgl_lahir.isoformat(),
        },
        "poli": {
            "eksekutif": text(sep.request, "poli.eksekutif") or "0",
            "poli": {"kode": text(t, "poli.poli").upper()},
        },
        "procedure": {
            "list": [
                {"list": {"kode": code, "nama": _procedure_name(code) or UNKNOWN_NAME}}
                for code in (text(p, "kode") for p in _objects(t, "procedure"))
            ]
        },
        # null in the catalogue sample: a sheet filed without one. Otherwise as accepted.
        "rencanaTL": _rencana(t),
        "tglKeluar": text(t, "tglKeluar"),
        "tglMasuk": text(t, "tglMasuk"),
    }


# --- checks ----------------------------------------------------------------------------------


def _accepted(world: World, t_lpk: dict[str, Any]) -> LpkRecord:
    """A schema-valid t_lpk checked against the SEP, the dates and the referensi lists."""
    sep = find_sep(world, text(t_lpk, "noSep"))
    masuk = date_field(t_lpk, "tglMasuk", "Tanggal Masuk")
    keluar = date_field(t_lpk, "tglKeluar", "Tanggal Keluar")
    assert masuk is not None  # required by the schema
    assert keluar is not None
    if masuk.isoformat() < sep.tgl_sep:
        raise VClaimError.of(messages.LPK_MASUK_BEFORE_SEP, tglSep=sep.tgl_sep)
    if keluar < masuk:
        raise VClaimError.of(messages.LPK_KELUAR_BEFORE_MASUK)
    if keluar > world.today:
        raise VClaimError.of(messages.LPK_KELUAR_FUTURE)
    jenis = pelayanan.name(sep.jns_pelayanan)
    kd_poli = text(t_lpk, "poli.poli")
    if kd_poli:
        if refdata.poli_name(kd_poli) is None:
            raise VClaimError.of(messages.POLI_NOT_FOUND, kode=kd_poli.upper())
    elif sep.jns_pelayanan != RAWAT_INAP:
        raise VClaimError.of(messages.LPK_FIELD_FOR_JENIS, title="Poli", jenis=jenis)
    _check_perawatan(world, t_lpk, sep, jenis)
    _check_diagnoses(t_lpk)
    _check_procedures(world, t_lpk)
    _check_rencana(t_lpk, keluar)
    kode_dpjp = text(t_lpk, "DPJP")
    if not kode_dpjp:
        raise VClaimError.of(messages.DPJP_REQUIRED)
    if world.strict and referensi.dokter_by_code(kode_dpjp, world.seed) is None:
        raise VClaimError.of(messages.DPJP_NOT_FOUND, kode=kode_dpjp)
    return LpkRecord(sep.no_sep, masuk.isoformat(), {**t_lpk, "noSep": sep.no_sep})


def _check_perawatan(world: World, t_lpk: dict[str, Any], sep: SepRecord, jenis: str) -> None:
    for member, (list_name, title, hospitals_own, inap_only) in _PERAWATAN.items():
        kode = text(t_lpk, f"perawatan.{member}")
        if not kode:
            if inap_only and sep.jns_pelayanan != RAWAT_INAP:
                continue  # an outpatient visit has no room or class
            raise VClaimError.of(messages.LPK_FIELD_FOR_JENIS, title=title, jenis=jenis)
        if _name_in(list_name, kode) is None and (world.strict or not hospitals_own):
            raise VClaimError.of(messages.KODE_NOT_FOUND, title=title, kode=kode)


def _check_diagnoses(t_lpk: dict[str, Any]) -> None:
    diagnoses = _objects(t_lpk, "diagnosa")
    if not diagnoses:
        raise VClaimError.of(
            messages.FIELD_REQUIRED, title="Diagnosa", field="request.t_lpk.diagnosa"
        )
    for item in diagnoses:
        kode = text(item, "kode")
        if refdata.diagnosis_display(kode) is None:
            raise VClaimError.of(messages.DIAGNOSA_NOT_FOUND, kode=kode)
    primary = sum(text(item, "level") == "1" for item in diagnoses)
    if primary != 1:
        raise VClaimError.of(messages.LPK_DIAGNOSA_PRIMER, count=primary)


def _check_procedures(world: World, t_lpk: dict[str, Any]) -> None:
    if not world.strict:
        return
    for item in _objects(t_lpk, "procedure"):
        kode = text(item, "kode")
        if _procedure_name(kode) is None:
            raise VClaimError.of(messages.KODE_NOT_FOUND, title="Prosedur", kode=kode)


def _check_rencana(t_lpk: dict[str, Any], keluar: date) -> None:
    """The part of rencanaTL its tindakLanjut needs; the rest is not looked at (the
    catalogue's own example sends tglKontrol with tindakLanjut 1)."""
    tindak = text(t_lpk, "rencanaTL.tindakLanjut")
    if tindak == DIRUJUK:
        ppk = text(t_lpk, "rencanaTL.dirujukKe.kodePPK")
        if not ppk:
            raise VClaimError.of(
                messages.LPK_TINDAK_LANJUT_DETAIL, title="Kode PPK Dirujuk", tindakLanjut=tindak
            )
        if not referensi.is_ppk_code(ppk):
            raise VClaimError.of(messages.KODE_NOT_FOUND, title="PPK Dirujuk", kode=ppk)
    if tindak == KONTROL_KEMBALI:
        kontrol = date_field(t_lpk, "rencanaTL.kontrolKembali.tglKontrol", "Tanggal Kontrol")
        if kontrol is None:
            raise VClaimError.of(
                messages.LPK_TINDAK_LANJUT_DETAIL, title="Tanggal Kontrol", tindakLanjut=tindak
            )
        if kontrol < keluar:
            raise VClaimError.of(messages.LPK_KONTROL_BEFORE_KELUAR)
        poli = text(t_lpk, "rencanaTL.kontrolKembali.poli")
        if not poli:
            raise VClaimError.of(
                messages.LPK_TINDAK_LANJUT_DETAIL, title="Poli Kontrol", tindakLanjut=tindak
            )
        if refdata.poli_name(poli) is None:
            raise VClaimError.of(messages.POLI_NOT_FOUND, kode=poli.upper())


# --- look-ups --------------------------------------------------------------------------------


def _objects(t_lpk: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = t_lpk.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _name_in(list_name: str, kode: str) -> str | None:
    rows = referensi.fixed_list(list_name)["list"]
    return next((row["nama"] for row in rows if row["kode"].upper() == kode.upper()), None)


def _coded(list_name: str, kode: str) -> dict[str, str]:
    if not kode:
        return {"kode": "", "nama": ""}
    return {"kode": kode, "nama": _name_in(list_name, kode) or UNKNOWN_NAME}


def _procedure_name(kode: str) -> str | None:
    """The ICD-9-CM title of a code of data/procedure.json (dots optional), or None."""
    try:
        rows = referensi.procedure(kode)["procedure"]
    except VClaimError:  # "no data"
        return None
    wanted = kode.replace(".", "")
    for row in rows:
        if row["kode"].replace(".", "") == wanted:
            return str(row["nama"]).removeprefix(f"{row['kode']} - ")
    return None


def _rencana(t_lpk: dict[str, Any]) -> dict[str, Any] | None:
    if not text(t_lpk, "rencanaTL.tindakLanjut"):
        return None
    return {
        "tindakLanjut": text(t_lpk, "rencanaTL.tindakLanjut"),
        "dirujukKe": {"kodePPK": text(t_lpk, "rencanaTL.dirujukKe.kodePPK")},
        "kontrolKembali": {
            "tglKontrol": text(t_lpk, "rencanaTL.kontrolKembali.tglKontrol"),
            "poli": text(t_lpk, "rencanaTL.kontrolKembali.poli"),
        },
    }
