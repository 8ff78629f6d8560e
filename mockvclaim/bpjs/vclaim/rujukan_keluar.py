"""Rujukan keluar: a hospital refers its patient on, from one of its SEPs (docs/vclaim-api.md §5.0).

Numbers are `{consumer PPK}{MM}{YY}B{6}` with MM/YY of tglRujukan, one sequence per
consumer, PPK and month (catalogue: `0301R0010321B000012` for tglRujukan 2021-03-18). A
number a generated referral or a client's SEP already carries is skipped, so no number
ever names two referrals. The referral is valid 90 days: tglBerlakuKunjungan is tglRujukan
+ 90 days in both public samples (catalogue 2021-03-18 -> 2021-06-16; a pasted production
answer 2022-09-13 -> 2022-12-12).

World rules (invented, the world stays whole): the SEP must be this consumer's; a referral
a SEP was issued on can no longer change or go (as a used surat kontrol); a SEP with
referrals written on it cannot be deleted (bpjs/vclaim/sep.py). Update keeps the number's MMYY
when tglRujukan moves to another month [U], as surat kontrol does.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from mockvclaim.bpjs import numbers, peserta, refdata
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import RujukanKeluarRecord, SepRecord
from mockvclaim.bpjs.vclaim import path_params, referensi, rujukan
from mockvclaim.bpjs.vclaim.sep import find_sep
from mockvclaim.bpjs.world import World, date_field, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

PENUH, PARTIAL, BALIK_PRB = "0", "1", "2"
# "Rujukan Penuh" is the catalogue's; the other two are spelt the same way [U].
TIPE_NAMES = {PENUH: "Rujukan Penuh", PARTIAL: "Rujukan Partial", BALIK_PRB: "Rujukan Balik PRB"}


@dataclasses.dataclass(frozen=True)
class _Plan:
    """The checked, normalised fields of an insert or update."""

    tgl_rujukan: date
    tgl_rencana: date
    ppk_dirujuk: str
    jns_pelayanan: str
    catatan: str
    diag_rujukan: str
    tipe_rujukan: str
    poli_rujukan: str
    user: str


# --- writes ----------------------------------------------------------------------------------


@serves("rujukan.insert_v2", v2=True)
@serves("rujukan.insert", v2=False)
def insert_rujukan_keluar(
    world: World, t_rujukan: dict[str, Any], *, v2: bool
) -> dict[str, Any] | None:
    """Rujukan/2.0/insert and the legacy Rujukan/insert: `{"rujukan": {...}}`.

    The legacy body has no tglRencanaKunjungan (the visit is planned for tglRujukan) and its
    answer no dates of the visit; the catalogue notes "untuk tipe rujukan 1 maka response
    adalah null", so a legacy partial referral answers `response: null`.
    """
    sep = find_sep(world, text(t_rujukan, "noSep"))
    plan = _check(world, t_rujukan, sep, None)
    ppk = world.consumer.ppk.upper()
    prefix = numbers.document_prefix(ppk, plan.tgl_rujukan, numbers.RUJUKAN_KELUAR_LETTER)

    def build(sequence: int) -> RujukanKeluarRecord | None:
        number = numbers.document_number(prefix, sequence, messages.RUJUKAN_SEQUENCE_EXHAUSTED)
        taken = world.store.get_first_sep_with_rujukan(number) is not None
        if taken or rujukan.is_generated_number(number, world.seed):
            return None  # that number means another referral already
        return _record(number, sep, ppk, plan)

    record = world.store.insert_rujukan_keluar(prefix, build)
    if not v2 and record.tipe_rujukan == PARTIAL:
        return None
    return {"rujukan": _answer(world, record, sep, v2=v2)}


@serves("rujukan.update_v2")
@serves("rujukan.update")
def update_rujukan_keluar(world: World, t_rujukan: dict[str, Any]) -> str:
    """Rujukan/2.0/Update and the legacy Rujukan/update: the number, as stored.

    The legacy body carries no dates (and a `tipe` next to `tipeRujukan`, ignored): the
    stored dates stay.
    """
    record = _changeable(world, text(t_rujukan, "noRujukan"))
    sep = find_sep(world, record.no_sep)
    plan = _check(world, t_rujukan, sep, record)
    changed = _record(record.no_rujukan, sep, record.ppk_asal, plan)
    world.store.update_rujukan_keluar(changed)
    return record.no_rujukan


@serves("rujukan.delete")
def delete_rujukan_keluar(world: World, t_rujukan: dict[str, Any]) -> str:
    """Rujukan/delete: the number, as stored."""
    record = _changeable(world, t_rujukan["noRujukan"])
    world.store.delete_rujukan_keluar(record.no_rujukan)
    return record.no_rujukan


def _changeable(world: World, no_rujukan: str) -> RujukanKeluarRecord:
    record = world.store.get_rujukan_keluar(no_rujukan)
    if record is None:
        raise VClaimError.of(messages.RUJUKAN_NOT_FOUND, noRujukan=no_rujukan)
    used = world.store.get_first_sep_with_rujukan(record.no_rujukan)
    if used is not None:
        raise VClaimError.of(
            messages.RUJUKAN_KELUAR_USED, noRujukan=record.no_rujukan, noSep=used.no_sep
        )
    return record


def _record(number: str, sep: SepRecord, ppk_asal: str, plan: _Plan) -> RujukanKeluarRecord:
    return RujukanKeluarRecord(
        no_rujukan=number,
        no_sep=sep.no_sep,
        no_kartu=sep.no_kartu,
        tgl_rujukan=plan.tgl_rujukan.isoformat(),
        tgl_rencana=plan.tgl_rencana.isoformat(),
        ppk_asal=ppk_asal,
        ppk_dirujuk=plan.ppk_dirujuk,
        jns_pelayanan=plan.jns_pelayanan,
        catatan=plan.catatan,
        diag_rujukan=plan.diag_rujukan,
        tipe_rujukan=plan.tipe_rujukan,
        poli_rujukan=plan.poli_rujukan,
        user=plan.user,
    )


def _check(
    world: World,
    t: dict[str, Any],
    sep: SepRecord,
    stored: RujukanKeluarRecord | None,
) -> _Plan:
    """Dates, target, type and poli, diagnosis. Reference data (diagnosis, poli, PPK code
    shape) is checked in every mode; the invented tier rule only with --strict."""
    tgl_rujukan = date_field(t, "tglRujukan", "Tanggal Rujukan")
    if tgl_rujukan is None:  # a legacy update sends no dates
        assert stored is not None  # insert schemas require tglRujukan
        tgl_rujukan = date.fromisoformat(stored.tgl_rujukan)
    tgl_rencana = date_field(t, "tglRencanaKunjungan", "Tanggal Rencana Kunjungan")
    if tgl_rencana is None:  # legacy: the stored plan, or the referral's own day
        tgl_rencana = tgl_rujukan if stored is None else date.fromisoformat(stored.tgl_rencana)
    if tgl_rujukan.isoformat() < sep.tgl_sep:
        raise VClaimError.of(messages.RUJUKAN_KELUAR_BEFORE_SEP, tglSep=sep.tgl_sep)
    # A back- or forward-dated referral is the client's business in lenient mode.
    if world.strict and tgl_rujukan > world.today:
        raise VClaimError.of(messages.RUJUKAN_KELUAR_FUTURE)
    if tgl_rencana < tgl_rujukan:
        raise VClaimError.of(messages.RENCANA_KUNJUNGAN_BEFORE_RUJUKAN)
    berlaku = tgl_rujukan + timedelta(days=rujukan.VALID_DAYS)
    if tgl_rencana > berlaku:
        raise VClaimError.of(
            messages.RENCANA_KUNJUNGAN_AFTER_BERLAKU, tglBerlakuKunjungan=berlaku.isoformat()
        )

    ppk = text(t, "ppkDirujuk").strip().upper()
    if not referensi.is_ppk_code(ppk):
        raise VClaimError.of(messages.PPK_DIRUJUK_NOT_FOUND, kode=ppk)
    if ppk == world.consumer.ppk.upper():
        raise VClaimError.of(messages.PPK_DIRUJUK_SELF, kode=ppk)
    tipe = text(t, "tipeRujukan")
    # Back to the FKTP for PRB, otherwise on to a hospital: the catalogue's examples do so;
    # the server's rule is not documented, so only --strict enforces it.
    tingkat = "1" if tipe == BALIK_PRB else "2"
    if world.strict and referensi.ppk_tingkat(ppk) != tingkat:
        raise VClaimError.of(
            messages.PPK_DIRUJUK_TINGKAT, namaTipe=TIPE_NAMES[tipe], kode=ppk, tingkat=tingkat
        )

    poli = text(t, "poliRujukan").strip().upper()
    if tipe == BALIK_PRB:
        # "kosong untuk tipe rujukan 2": clients that send one anyway pass unless --strict.
        if poli and world.strict:
            raise VClaimError.of(messages.POLI_RUJUKAN_PRB)
        poli = ""
    elif not poli:
        raise VClaimError.of(messages.POLI_RUJUKAN_REQUIRED)
    elif refdata.poli_name(poli) is None:
        raise VClaimError.of(messages.POLI_NOT_FOUND, kode=poli)

    diag = refdata.diagnosis_code(text(t, "diagRujukan"))
    if diag is None:
        raise VClaimError.of(messages.DIAGNOSA_NOT_FOUND, kode=text(t, "diagRujukan"))
    return _Plan(
        tgl_rujukan=tgl_rujukan,
        tgl_rencana=tgl_rencana,
        ppk_dirujuk=ppk,
        jns_pelayanan=text(t, "jnsPelayanan"),
        catatan=text(t, "catatan"),
        diag_rujukan=diag,
        tipe_rujukan=tipe,
        poli_rujukan=poli,
        user=text(t, "user"),
    )


def _answer(
    world: World, record: RujukanKeluarRecord, sep: SepRecord, *, v2: bool
) -> dict[str, Any]:
    """The insert's `rujukan`, keys in the catalogue's order (alphabetical there)."""
    person = peserta.participant_for(record.no_kartu, world.seed)
    tgl_rujukan = date.fromisoformat(record.tgl_rujukan)
    answer: dict[str, Any] = {
        "AsalRujukan": {
            "kode": record.ppk_asal,
            "nama": peserta.facility_name(record.ppk_asal, world.seed),
        },
        "diagnosa": {
            "kode": record.diag_rujukan,
            "nama": refdata.diagnosis_display(record.diag_rujukan) or "",
        },
        "noRujukan": record.no_rujukan,
        "peserta": {
            "asuransi": "-",
            "hakKelas": None,  # null in both catalogue samples and the production one
            "jnsPeserta": person.jenis_peserta_short,
            "kelamin": person.kelamin_long,
            "nama": person.nama,
            "noKartu": person.no_kartu,
            "noMr": text(sep.request, "noMR"),
            "tglLahir": person.tgl_lahir.isoformat(),
        },
        "poliTujuan": {
            "kode": record.poli_rujukan,
            "nama": refdata.poli_name(record.poli_rujukan) or "",
        },
    }
    if v2:
        answer["tglBerlakuKunjungan"] = (
            tgl_rujukan + timedelta(days=rujukan.VALID_DAYS)
        ).isoformat()
        answer["tglRencanaKunjungan"] = record.tgl_rencana
    answer["tglRujukan"] = record.tgl_rujukan
    answer["tujuanRujukan"] = {
        "kode": record.ppk_dirujuk,
        "nama": peserta.facility_name(record.ppk_dirujuk, world.seed),
    }
    return answer


# --- reads -----------------------------------------------------------------------------------


@serves("rujukan.keluar_list")
def keluar_list(world: World, tgl_mulai: str, tgl_akhir: str) -> dict[str, Any]:
    """Rujukan/Keluar/List/tglMulai/{a}/tglAkhir/{b}: by tglRujukan, oldest first."""
    first, last = path_params.day_range(tgl_mulai, tgl_akhir, ("Tanggal Mulai", "Tanggal Akhir"))
    records = world.store.list_rujukan_keluar_between(first.isoformat(), last.isoformat())
    if not records:
        raise VClaimError.of(messages.NO_DATA)
    return {
        "list": [
            {
                "noRujukan": r.no_rujukan,
                "tglRujukan": r.tgl_rujukan,
                "jnsPelayanan": r.jns_pelayanan,
                "noSep": r.no_sep,
                "noKartu": r.no_kartu,
                "nama": peserta.participant_for(r.no_kartu, world.seed).nama,
                "ppkDirujuk": r.ppk_dirujuk,
                "namaPpkDirujuk": peserta.facility_name(r.ppk_dirujuk, world.seed),
            }
            for r in records
        ]
    }


@serves("rujukan.keluar")
def keluar_detail(world: World, no_rujukan: str) -> dict[str, Any]:
    """Rujukan/Keluar/{noRujukan}: the catalogue's member order."""
    path_params.document_number(no_rujukan, "noRujukan", "Nomor Rujukan")
    record = world.store.get_rujukan_keluar(no_rujukan)
    if record is None:
        raise VClaimError.of(messages.RUJUKAN_NOT_FOUND, noRujukan=no_rujukan)
    sep = find_sep(world, record.no_sep)
    person = peserta.participant_for(record.no_kartu, world.seed)
    return {
        "rujukan": {
            "noRujukan": record.no_rujukan,
            "noSep": record.no_sep,
            "noKartu": record.no_kartu,
            "nama": person.nama,
            "kelasRawat": text(sep.request, "klsRawat.klsRawatHak"),
            "kelamin": person.sex,
            "tglLahir": person.tgl_lahir.isoformat(),
            "tglSep": sep.tgl_sep,
            "tglRujukan": record.tgl_rujukan,
            "tglRencanaKunjungan": record.tgl_rencana,
            "ppkDirujuk": record.ppk_dirujuk,
            "namaPpkDirujuk": peserta.facility_name(record.ppk_dirujuk, world.seed),
            "jnsPelayanan": record.jns_pelayanan,
            "catatan": record.catatan,
            "diagRujukan": record.diag_rujukan,
            "namaDiagRujukan": refdata.diagnosis_name(record.diag_rujukan) or "",
            "tipeRujukan": record.tipe_rujukan,
            "namaTipeRujukan": TIPE_NAMES[record.tipe_rujukan],
            "poliRujukan": record.poli_rujukan,
            "namaPoliRujukan": refdata.poli_name(record.poli_rujukan) or "",
        }
    }
