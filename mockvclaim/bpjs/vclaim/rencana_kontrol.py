"""Rencana kontrol: surat kontrol (after a SEP) and SPRI (for a card), docs/vclaim-api.md §5.0.

Numbers are `{PPK}{MM}{YY}K{6}` with MM/YY of tglRencanaKontrol, one sequence per consumer,
PPK and month shared by both kinds (docs/vclaim-api.md §4.2). A letter a SEP was issued with can no
longer change or go; SEP insert checks `skdp.noSurat` against these letters (bpjs/vclaim/sep.py).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from mockvclaim.bpjs import numbers, peserta, refdata, status_cards
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import SepRecord, SuratKontrolRecord
from mockvclaim.bpjs.vclaim import kapasitas, path_params, pelayanan, referensi, rujukan
from mockvclaim.bpjs.vclaim.dokter import dpjp_name
from mockvclaim.bpjs.vclaim.sep import SPRI, SURAT_KONTROL, find_sep
from mockvclaim.bpjs.vclaim.sep_detail import kontrol_sep
from mockvclaim.bpjs.world import World, date_field, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

# formPRB.data members in the order the catalogue's responses list them.
PRB_FIELDS = (
    "HBA1C", "GDP", "GD2JPP", "eGFR", "TD_Sistolik", "TD_Diastolik", "LDL",
    "Rata_TD_Sistolik", "Rata_TD_Diastolik", "JantungKoroner", "Stroke", "VaskularPerifer",
    "Aritmia", "AtrialFibrilasi", "SesakNapas3Bulan", "NyeriDada3Bulan", "Terkontrol",
    "Gejala2xMinggu", "BangunMalam", "KeterbatasanFisik", "FungsiParu", "SkorMMRC",
    "Eksaserbasi1Tahun", "MampuAktivitas", "Epileptik6Bulan", "EfekSampingOAB",
    "HamilMenyusui", "Remisi", "TerapiRumatan", "Usia", "AsamUrat", "RemisiSLE", "Hamil",
    "NadiIstirahat", "SesakNapasAktivitas", "NyeriDadaAktivitas",
)  # fmt: skip

_JENIS_DETAIL = {SPRI: "SPRI", SURAT_KONTROL: "Kontrol"}  # noSuratKontrol sample: "Kontrol"
_JENIS_LIST = {SPRI: "SPRI", SURAT_KONTROL: "Surat Kontrol"}  # list samples


# --- writes ----------------------------------------------------------------------------------


@serves("rencanakontrol.insert", v2=False)
@serves("rencanakontrol.insert_v2", v2=True)
def insert_surat_kontrol(world: World, request: dict[str, Any], *, v2: bool) -> dict[str, Any]:
    """RencanaKontrol/insert (v1) and v2/Insert: a surat kontrol after a SEP."""
    sep = find_sep(world, text(request, "noSEP"))
    kd_poli, tgl = _check_plan(world, request, sep)
    form_prb = _form_prb(request) if v2 else None
    prefix = numbers.document_prefix(sep.ppk_pelayanan, tgl, numbers.SURAT_KONTROL_LETTER)

    def build(sequence: int) -> SuratKontrolRecord:
        return SuratKontrolRecord(
            no_surat=numbers.document_number(
                prefix, sequence, messages.SURAT_KONTROL_SEQUENCE_EXHAUSTED
            ),
            jns_kontrol=SURAT_KONTROL,
            no_sep_asal=sep.no_sep,
            no_kartu=sep.no_kartu,
            kd_poli=kd_poli,
            kd_dokter=text(request, "kodeDokter"),
            tgl_rencana=tgl.isoformat(),
            tgl_terbit=world.today.isoformat(),
            user=text(request, "user"),
            form_prb=form_prb,
        )

    letter = world.store.insert_surat_kontrol(prefix, build)
    return _kontrol_answer(world, letter, sep, v2=v2)


@serves("rencanakontrol.update", v2=False)
@serves("rencanakontrol.update_v2", v2=True)
def update_surat_kontrol(world: World, request: dict[str, Any], *, v2: bool) -> dict[str, Any]:
    """RencanaKontrol/Update and v2/Update: new doctor, poli or date for a surat kontrol."""
    letter = _changeable(world, text(request, "noSuratKontrol"), SURAT_KONTROL)
    sep = find_sep(world, text(request, "noSEP"))
    if letter.no_sep_asal is None or sep.no_sep.upper() != letter.no_sep_asal.upper():
        raise VClaimError.of(
            messages.SURAT_KONTROL_OTHER_SEP, noSep=sep.no_sep, noSurat=letter.no_surat
        )
    kd_poli, tgl = _check_plan(world, request, sep)
    changed = dataclasses.replace(
        letter,
        kd_poli=kd_poli,
        kd_dokter=text(request, "kodeDokter"),
        tgl_rencana=tgl.isoformat(),
        user=text(request, "user"),
        form_prb=_form_prb(request) if v2 else letter.form_prb,
    )
    # The number keeps its MMYY even when the date moves to another month [U].
    world.store.update_surat_kontrol(changed)
    return _kontrol_answer(world, changed, sep, v2=v2)


@serves("rencanakontrol.insert_spri")
def insert_spri(world: World, request: dict[str, Any]) -> dict[str, Any]:
    """RencanaKontrol/InsertSPRI: an admission order for a card, at this consumer's PPK."""
    no_kartu = text(request, "noKartu")
    kd_poli, tgl = _check_plan(world, request, None)
    prefix = numbers.document_prefix(world.consumer.ppk, tgl, numbers.SURAT_KONTROL_LETTER)

    def build(sequence: int) -> SuratKontrolRecord:
        return SuratKontrolRecord(
            no_surat=numbers.document_number(
                prefix, sequence, messages.SURAT_KONTROL_SEQUENCE_EXHAUSTED
            ),
            jns_kontrol=SPRI,
            no_sep_asal=None,
            no_kartu=no_kartu,
            kd_poli=kd_poli,
            kd_dokter=text(request, "kodeDokter"),
            tgl_rencana=tgl.isoformat(),
            tgl_terbit=world.today.isoformat(),
            user=text(request, "user"),
        )

    return _spri_answer(world, world.store.insert_surat_kontrol(prefix, build))


@serves("rencanakontrol.update_spri")
def update_spri(world: World, request: dict[str, Any]) -> dict[str, Any]:
    """RencanaKontrol/UpdateSPRI."""
    letter = _changeable(world, text(request, "noSPRI"), SPRI)
    kd_poli, tgl = _check_plan(world, request, None)
    changed = dataclasses.replace(
        letter,
        kd_poli=kd_poli,
        kd_dokter=text(request, "kodeDokter"),
        tgl_rencana=tgl.isoformat(),
        user=text(request, "user"),
    )
    world.store.update_surat_kontrol(changed)
    return _spri_answer(world, changed)


@serves("rencanakontrol.delete")
def delete_surat_kontrol(world: World, t_suratkontrol: dict[str, Any]) -> None:
    """RencanaKontrol/Delete: a surat kontrol or SPRI no SEP was issued with; `response` null,
    message "Sukses" (docs/vclaim-api.md §2.3)."""
    letter = _changeable(world, t_suratkontrol["noSuratKontrol"], None)
    world.store.delete_surat_kontrol(letter.no_surat)


def _changeable(world: World, no_surat: str, jns_kontrol: str | None) -> SuratKontrolRecord:
    letter = _find_letter(world, no_surat)
    if jns_kontrol == SPRI and letter.jns_kontrol != SPRI:
        raise VClaimError.of(messages.SURAT_KONTROL_NOT_SPRI, noSurat=letter.no_surat)
    if jns_kontrol == SURAT_KONTROL and letter.jns_kontrol != SURAT_KONTROL:
        raise VClaimError.of(messages.SURAT_KONTROL_NOT_KONTROL, noSurat=letter.no_surat)
    if letter.no_sep_terbit:
        # Used for a SEP: the SEP must go first (invented rule, the world stays whole).
        raise VClaimError.of(
            messages.SURAT_KONTROL_USED, noSurat=letter.no_surat, noSep=letter.no_sep_terbit
        )
    return letter


def _find_letter(world: World, no_surat: str) -> SuratKontrolRecord:
    letter = world.store.get_surat_kontrol(no_surat)
    if letter is None:
        raise VClaimError.of(messages.SURAT_KONTROL_NOT_FOUND, noSurat=no_surat)
    return letter


def _check_plan(world: World, request: dict[str, Any], sep: SepRecord | None) -> tuple[str, date]:
    """The poli exists (every mode), the doctor is on the roster (--strict; lenient mode
    takes a hospital's own codes, as SEP insert does) and the date fits."""
    kd_poli = text(request, "poliKontrol").upper()
    if refdata.poli_name(kd_poli) is None:
        raise VClaimError.of(messages.POLI_NOT_FOUND, kode=kd_poli)
    kode_dokter = text(request, "kodeDokter")
    if world.strict and referensi.dokter_by_code(kode_dokter, world.seed) is None:
        raise VClaimError.of(messages.DPJP_NOT_FOUND, kode=kode_dokter)
    tgl = date_field(request, "tglRencanaKontrol", "Tanggal Rencana Kontrol")
    assert tgl is not None  # required by the schema
    if sep is not None and tgl.isoformat() < sep.tgl_sep:
        raise VClaimError.of(messages.RENCANA_BEFORE_SEP, tglSep=sep.tgl_sep)
    # A plan in the past is accepted in lenient mode, as a back-dated SEP is.
    if world.strict and tgl < world.today:
        raise VClaimError.of(messages.RENCANA_PAST)
    return kd_poli, tgl


def _form_prb(request: dict[str, Any]) -> dict[str, Any]:
    """formPRB as the v2 answers echo it: every data member, null when not sent."""
    sent = request.get("formPRB")
    form = sent if isinstance(sent, dict) else {}
    data = form.get("data")
    values = data if isinstance(data, dict) else {}
    return {
        "kdStatusPRB": form.get("kdStatusPRB") or None,
        "data": {name: values.get(name) for name in PRB_FIELDS},
    }


_EMPTY_PRB: dict[str, Any] = {"kdStatusPRB": None, "data": dict.fromkeys(PRB_FIELDS)}


def _kontrol_answer(
    world: World, letter: SuratKontrolRecord, sep: SepRecord, *, v2: bool
) -> dict[str, Any]:
    person = peserta.participant_for(letter.no_kartu, world.seed)
    answer: dict[str, Any] = {
        "noSuratKontrol": letter.no_surat,
        "tglRencanaKontrol": letter.tgl_rencana,
        "namaDokter": dpjp_name(letter.kd_dokter, world.seed),
        "noKartu": person.no_kartu,
        "nama": person.nama,
        "kelamin": "Laki-laki" if person.sex == "L" else "Perempuan",  # catalogue's casing
        "tglLahir": person.tgl_lahir.isoformat(),
    }
    if v2:
        answer["namaDiagnosa"] = refdata.diagnosis_display(text(sep.request, "diagAwal"))
        answer["formPRB"] = letter.form_prb or _EMPTY_PRB
    return answer


def _spri_answer(world: World, letter: SuratKontrolRecord) -> dict[str, Any]:
    person = peserta.participant_for(letter.no_kartu, world.seed)
    return {
        "noSPRI": letter.no_surat,
        "tglRencanaKontrol": letter.tgl_rencana,
        "namaDokter": dpjp_name(letter.kd_dokter, world.seed),
        "noKartu": person.no_kartu,
        "nama": person.nama,
        "kelamin": "Laki-Laki" if person.sex == "L" else "Perempuan",  # catalogue's casing
        "tglLahir": person.tgl_lahir.isoformat(),
        "namaDiagnosa": None,
    }


# --- reads -----------------------------------------------------------------------------------


@serves("rencanakontrol.nosep")
def sep_for_kontrol(world: World, no_sep: str) -> dict[str, Any]:
    """RencanaKontrol/nosep/{noSep}."""
    path_params.document_number(no_sep, "noSep", "Nomor SEP")
    return kontrol_sep(world, find_sep(world, no_sep))


@serves("rencanakontrol.nosuratkontrol")
def get_surat_kontrol(world: World, no_surat_kontrol: str) -> dict[str, Any]:
    """RencanaKontrol/noSuratKontrol/{no}: `sep` is null for an SPRI (catalogue note)."""
    path_params.document_number(no_surat_kontrol, "noSuratKontrol", "Nomor Surat Kontrol")
    letter = _find_letter(world, no_surat_kontrol)
    sep = _sep_asal(world, letter)
    dokter = dpjp_name(letter.kd_dokter, world.seed) if letter.kd_dokter else None
    return {
        "noSuratKontrol": letter.no_surat,
        "tglRencanaKontrol": letter.tgl_rencana,
        "tglTerbit": letter.tgl_terbit,
        "jnsKontrol": letter.jns_kontrol,
        "poliTujuan": letter.kd_poli,
        "namaPoliTujuan": refdata.poli_name(letter.kd_poli) or "",
        "kodeDokter": letter.kd_dokter,
        "namaDokter": dokter,
        "flagKontrol": "False",  # the only value samples show; its meaning is [U]
        # The newer sample names the letter's own doctor as its maker.
        "kodeDokterPembuat": letter.kd_dokter or None,
        "namaDokterPembuat": dokter,
        "namaJnsKontrol": _JENIS_DETAIL[letter.jns_kontrol],
        "sep": None if sep is None else kontrol_sep(world, sep),
        "formPRB": letter.form_prb or _EMPTY_PRB,
    }


@serves("rencanakontrol.list_nokartu")
def list_by_card(
    world: World, bulan: str, tahun: str, no_kartu: str, filter: str
) -> dict[str, Any]:
    """ListRencanaKontrol/Bulan/.../Nokartu/.../filter/{1 entri, 2 rencana}."""
    first, last = path_params.month_range(path_params.month(bulan), path_params.year(tahun))
    path_params.card_number(no_kartu)
    by_plan = _filter(filter) == "2"
    letters = world.store.list_surat_kontrol_between(by_plan, first, last, no_kartu)
    return _list(world, letters, with_terbit=True)


@serves("rencanakontrol.list_tanggal")
def list_by_date(world: World, tgl_awal: str, tgl_akhir: str, filter: str) -> dict[str, Any]:
    """ListRencanaKontrol/tglAwal/.../tglAkhir/.../filter/{1 entri, 2 rencana}."""
    first, last = path_params.day_range(tgl_awal, tgl_akhir, ("Tanggal Awal", "Tanggal Akhir"))
    by_plan = _filter(filter) == "2"
    letters = world.store.list_surat_kontrol_between(by_plan, first.isoformat(), last.isoformat())
    return _list(world, letters, with_terbit=False)


def _filter(value: str) -> str:
    return path_params.choice(value, "filter", "Format Filter", ("1", "2"))


def _sep_asal(world: World, letter: SuratKontrolRecord) -> SepRecord | None:
    if letter.no_sep_asal is None:
        return None
    return world.store.get_sep(letter.no_sep_asal)


def _list(world: World, letters: list[SuratKontrolRecord], *, with_terbit: bool) -> dict[str, Any]:
    if not letters:
        raise VClaimError.of(messages.NO_DATA)
    rows = []
    for letter in letters:
        sep = _sep_asal(world, letter)
        kd_poli_asal = None if sep is None else sep.kd_poli
        row: dict[str, Any] = {
            "noSuratKontrol": letter.no_surat,
            # The service of the SEP the letter follows ("Rawat Inap" for a control after
            # a stay, catalogue sample); an SPRI leads to one.
            "jnsPelayanan": pelayanan.name(
                sep.jns_pelayanan
                if sep is not None
                else ("1" if letter.jns_kontrol == SPRI else "2")
            ),
            "jnsKontrol": letter.jns_kontrol,
            "namaJnsKontrol": _JENIS_LIST[letter.jns_kontrol],
            "tglRencanaKontrol": letter.tgl_rencana,
            "tglTerbitKontrol": letter.tgl_terbit,
            "noSepAsalKontrol": letter.no_sep_asal,
            "poliAsal": kd_poli_asal,
            # "-" where the SEP has no poli (the R.Inap sample).
            "namaPoliAsal": None
            if kd_poli_asal is None
            else (refdata.poli_name(kd_poli_asal) or "-"),
            "poliTujuan": letter.kd_poli,
            "namaPoliTujuan": refdata.poli_name(letter.kd_poli) or "",
            "tglSEP": None if sep is None else sep.tgl_sep,
            "kodeDokter": letter.kd_dokter,
            "namaDokter": dpjp_name(letter.kd_dokter, world.seed) if letter.kd_dokter else None,
            "noKartu": letter.no_kartu,
            "nama": peserta.participant_for(letter.no_kartu, world.seed).nama,
        }
        if with_terbit:
            row["terbitSEP"] = "Sudah" if letter.no_sep_terbit else "Belum"
        rows.append(row)
    return {"list": rows}


# --- choosing a poli and a doctor -------------------------------------------------------------


def _jenis_kontrol(value: str) -> str:
    return path_params.choice(value, "jnsKontrol", "Jenis Kontrol", (SPRI, SURAT_KONTROL))


@serves("rencanakontrol.list_spesialistik")
def list_spesialistik(
    world: World, jns_kontrol: str, nomor: str, tgl_rencana_kontrol: str
) -> dict[str, Any]:
    """RencanaKontrol/ListSpesialistik/JnsKontrol/{1 SPRI, 2 kontrol}/nomor/{noKartu or
    noSep}/TglRencanaKontrol/{tgl}: this hospital's polis that day (bpjs/vclaim/kapasitas.py).

    jmlRencanaKontroldanRujukan counts this consumer's letters planned that day for the
    poli and its SEPs of that day on a referral to it; the SEP (kontrol) must be this
    consumer's, the card (SPRI) must exist.
    """
    if _jenis_kontrol(jns_kontrol) == SPRI:
        status_cards.require_exists(path_params.card_number(nomor, "nomor"))
    else:
        find_sep(world, path_params.document_number(nomor, "nomor", "Nomor SEP"))
    day = path_params.day(tgl_rencana_kontrol, "Tanggal Rencana Kontrol").isoformat()
    counts: dict[str, int] = {}
    letters = world.store.list_surat_kontrol_between(True, day, day)
    taken = [letter.kd_poli for letter in letters]
    taken += [
        sep.kd_poli
        for sep in world.store.list_sep_on_date(day, "2")
        if rujukan.is_referral_use(sep.request)
    ]
    for kd_poli in taken:
        counts[kd_poli.upper()] = counts.get(kd_poli.upper(), 0) + 1
    rows = kapasitas.poli_rows(world.consumer.ppk, date.fromisoformat(day), world.seed, counts)
    return {
        "list": [
            {
                "kodePoli": kode,
                "namaPoli": nama,
                "kapasitas": str(kap),
                "jmlRencanaKontroldanRujukan": str(jumlah),
                "persentase": kapasitas.persentase(jumlah, kap, "."),
            }
            for kode, nama, kap, jumlah in rows
        ]
    }


@serves("rencanakontrol.jadwal_praktek_dokter")
def jadwal_praktek_dokter(
    world: World, jns_kontrol: str, kd_poli: str, tgl_rencana_kontrol: str
) -> dict[str, Any]:
    """RencanaKontrol/JadwalPraktekDokter/JnsKontrol/{1|2}/KdPoli/{poli}/TglRencanaKontrol/
    {tgl}: the doctors of the poli practising here that day (the same for SPRI and kontrol)."""
    _jenis_kontrol(jns_kontrol)
    poli = kd_poli.strip().upper()
    if refdata.poli_name(poli) is None:
        raise VClaimError.of(messages.POLI_NOT_FOUND, kode=kd_poli)
    day = path_params.day(tgl_rencana_kontrol, "Tanggal Rencana Kontrol")
    practice = kapasitas.jadwal(world.consumer.ppk, poli, day, world.seed)
    if not practice:
        raise VClaimError.of(messages.NO_DATA)
    return {
        "list": [
            {
                "kodeDokter": p.kode_dokter,
                "namaDokter": p.nama_dokter,
                "jadwalPraktek": p.jam,
                "kapasitas": str(p.kapasitas),
            }
            for p in practice
        ]
    }
