"""SEP insert, update and delete: the rules BPJS applies to a t_sep and the `sep` object
insert answers (docs/vclaim-api.md §3, §4, §5.0). Insert and update share the rule functions.
Pure: a Store, a seed and today's date in, a payload out."""

from __future__ import annotations

from datetime import date
from typing import Any

from mockvclaim.bpjs import numbers, peserta, refdata
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import SepRecord, SuratKontrolRecord
from mockvclaim.bpjs.vclaim import pelayanan, persetujuan, referensi, rujukan
from mockvclaim.bpjs.vclaim.pelayanan import RAWAT_INAP, RAWAT_JALAN
from mockvclaim.bpjs.world import World, date_field, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

SPRI = "1"  # jnsKontrol of a surat perintah rawat inap
SURAT_KONTROL = "2"  # jnsKontrol of a surat kontrol

LAKA_PENJAMIN = {  # docs/vclaim-api.md §4.1 `penjamin`; codes from §3.1 jaminan.lakaLantas
    "0": "-",
    "1": "Jasa Raharja PT",
    "2": "Jasa Raharja PT, BPJS Ketenagakerjaan",
    "3": "BPJS Ketenagakerjaan",
}


@serves("sep.insert")
def insert_sep(world: World, t_sep: dict[str, Any]) -> dict[str, Any]:
    """Check a schema-valid t_sep against BPJS's rules, store the SEP, return `{"sep": ...}`."""
    f = text
    tgl_sep = date_field(t_sep, "tglSep", "Tanggal SEP")
    assert tgl_sep is not None  # required by the schema
    tgl_rujukan = date_field(t_sep, "rujukan.tglRujukan", "Tanggal Rujukan")
    jns = f(t_sep, "jnsPelayanan")
    kd_poli = f(t_sep, "poli.tujuan").upper()

    diagnosa, poli_name = _check_reference_data(t_sep, jns)
    _check_dates(world, t_sep, jns, tgl_sep, tgl_rujukan)
    _check_visit_purpose(world, t_sep)
    _check_service(world, t_sep, jns, tgl_sep)
    rujukan.check_sep_insert(world, t_sep, tgl_sep)  # card, referral, codes

    participant = peserta.participant_for(f(t_sep, "noKartu"), world.seed)
    _check_duplicates(world, t_sep, jns, kd_poli)
    letter = _check_surat_kontrol(world, t_sep, jns, tgl_sep)

    ppk = f(t_sep, "ppkPelayanan").upper()
    # MMYY of tglSep: every consistent example (docs/vclaim-api.md §4.2).
    prefix = numbers.document_prefix(ppk, tgl_sep, numbers.SEP_LETTER)

    def build(sequence: int) -> SepRecord:
        no_sep = numbers.document_number(prefix, sequence, messages.SEP_SEQUENCE_EXHAUSTED)
        response = {
            # Catalogue order; note the response spells it "assestmenPel".
            "assestmenPel": f(t_sep, "assesmentPel"),
            "catatan": f(t_sep, "catatan"),
            "diagnosa": diagnosa,
            "flagProcedure": f(t_sep, "flagProcedure"),
            # eSEP "True" as in the catalogue's only sample; the other three are null there.
            "informasi": {"dinsos": None, "eSEP": "True", "noSKTM": None, "prolanisPRB": None},
            "jnsPelayanan": pelayanan.short_name(jns),
            "kdPenunjang": f(t_sep, "kdPenunjang"),
            "kdPoli": kd_poli,
            # R.Inap's value is unconfirmed (docs/vclaim-api.md §8): the class the participant is
            # entitled to.
            "kelasRawat": f"Kelas {f(t_sep, 'klsRawat.klsRawatHak')}" if jns == RAWAT_INAP else "-",
            "noRujukan": f(t_sep, "rujukan.noRujukan"),
            "noSep": no_sep,
            "penjamin": LAKA_PENJAMIN[f(t_sep, "jaminan.lakaLantas") or "0"],
            "peserta": {
                "asuransi": "-",
                "hakKelas": participant.hak_kelas_sep,
                "jnsPeserta": participant.jenis_peserta_short,
                "kelamin": participant.kelamin_long,
                "nama": participant.nama,
                "noKartu": participant.no_kartu,
                "noMr": f(t_sep, "noMR"),
                "tglLahir": participant.tgl_lahir.isoformat(),
            },
            "poli": poli_name,
            "poliEksekutif": "Ya" if f(t_sep, "poli.eksekutif") == "1" else "Tidak",
            "tglSep": tgl_sep.isoformat(),
            "tujuanKunj": f(t_sep, "tujuanKunj"),
        }
        return SepRecord(
            no_sep=no_sep,
            no_kartu=participant.no_kartu,
            tgl_sep=tgl_sep.isoformat(),
            jns_pelayanan=jns,
            kd_poli=kd_poli,
            ppk_pelayanan=ppk,
            tgl_pulang=None,
            request=t_sep,
            response=response,
        )

    record = world.store.insert_sep(prefix, build, letter=letter)
    return {"sep": record.response}


# Members of t_sep that SEP/2.0/update may change (docs/vclaim-api.md §5.0); the rest (card, dates,
# rujukan, tujuanKunj, skdp, noLP) stays as inserted.
_UPDATABLE = (
    "klsRawat", "noMR", "catatan", "diagAwal", "poli", "cob", "katarak", "jaminan",
    "dpjpLayan", "noTelp", "user",
)  # fmt: skip


@serves("sep.update")
def update_sep(world: World, t_sep: dict[str, Any]) -> str:
    """Apply a schema-valid SEP/2.0/update t_sep under the insert's rules; the SEP number.

    A member the body leaves out keeps its stored value (objects merge member by member),
    so a partial update changes only what it names.
    """
    record = find_sep(world, text(t_sep, "noSep"))
    merged = _merged(record.request, {k: v for k, v in t_sep.items() if k in _UPDATABLE})
    jns = record.jns_pelayanan
    _check_reference_data(merged, jns)
    _check_service(world, merged, jns, date.fromisoformat(record.tgl_sep))
    referensi.check_sep_references(world, merged)  # region, DPJP codes
    kd_poli = text(merged, "poli.tujuan").upper()
    if jns == RAWAT_JALAN:
        _check_same_day(world, merged, kd_poli, exclude=record.no_sep)
    world.store.update_sep(record.no_sep, kd_poli, merged)
    return record.no_sep


@serves("sep.delete")
def delete_sep(world: World, t_sep: dict[str, Any]) -> str:
    """SEP/2.0/delete: the SEP is gone for every endpoint; its number, as stored, as a plain
    JSON string (docs/vclaim-api.md §2.3)."""
    record = find_sep(world, t_sep["noSep"])
    # A surat kontrol written after this SEP would point at nothing: BPJS's order is
    # letter first, then SEP (invented rule, the world stays whole).
    letters = world.store.list_surat_kontrol_after_sep(record.no_sep)
    if letters:
        raise VClaimError.of(
            messages.SEP_HAS_SURAT_KONTROL, noSep=record.no_sep, noSurat=letters[0].no_surat
        )
    # The same for a rujukan keluar written on it (bpjs/vclaim/rujukan_keluar.py).
    referrals = world.store.list_rujukan_keluar_of_sep(record.no_sep)
    if referrals:
        raise VClaimError.of(
            messages.SEP_HAS_RUJUKAN_KELUAR,
            noSep=record.no_sep,
            noRujukan=referrals[0].no_rujukan,
        )
    # And for its claim sheet (LPK) and surat rujuk balik (bpjs/vclaim/lpk.py, bpjs/vclaim/prb.py).
    if world.store.get_lpk(record.no_sep) is not None:
        raise VClaimError.of(messages.SEP_HAS_LPK, noSep=record.no_sep)
    srb = world.store.get_prb_of_sep(record.no_sep)
    if srb is not None:
        raise VClaimError.of(messages.SEP_HAS_SRB_DELETE, noSep=record.no_sep, noSrb=srb.no_srb)
    world.store.delete_sep(record.no_sep)
    return record.no_sep


def find_sep(world: World, no_sep: str) -> SepRecord:
    """This consumer's SEP by number (any case), or the 201 every SEP endpoint answers."""
    record = world.store.get_sep(no_sep)
    if record is None:
        raise VClaimError.of(messages.SEP_NOT_FOUND, noSep=no_sep)
    return record


def _merged(stored: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    result = dict(stored)
    for key, value in changes.items():
        old = result.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            value = _merged(old, value)
        result[key] = value
    return result


def _check_reference_data(t_sep: dict[str, Any], jns: str) -> tuple[str, str]:
    """Diagnosis and poli exist, in every mode (docs/interface.md §6).

    Returns the SEP's `diagnosa` ("A15 - ...") and poli name ("" for none).
    """
    diagnosa = refdata.diagnosis_display(text(t_sep, "diagAwal"))
    if diagnosa is None:
        raise VClaimError.of(messages.DIAGNOSA_NOT_FOUND, kode=text(t_sep, "diagAwal"))
    kd_poli = text(t_sep, "poli.tujuan").upper()
    poli_name = ""
    if kd_poli:
        poli_name = refdata.poli_name(kd_poli) or ""
        if not poli_name:
            raise VClaimError.of(messages.POLI_NOT_FOUND, kode=kd_poli)
    elif jns == RAWAT_JALAN:
        raise VClaimError.of(messages.POLI_REQUIRED_RAJAL)
    return diagnosa, poli_name


def _check_service(world: World, t_sep: dict[str, Any], jns: str, tgl_sep: date) -> None:
    """The rules insert and update share: class, DPJP, accident."""
    _check_class(world, t_sep, jns)
    _check_dpjp(world, t_sep, jns)
    _check_accident(t_sep, tgl_sep)


def _check_dates(
    world: World,
    t_sep: dict[str, Any],
    jns: str,
    tgl_sep: date,
    tgl_rujukan: date | None,
) -> None:
    if tgl_sep > world.today:
        raise VClaimError.of(messages.TGLSEP_FUTURE)
    # Lenient mode accepts a back-dated SEP as the catalogue example is; --strict wants an
    # approved Sep/pengajuanSEP back-date for this card, day and service (bpjs/vclaim/persetujuan).
    if (
        world.strict
        and tgl_sep < world.today
        and not persetujuan.backdate_approved(world, text(t_sep, "noKartu"), tgl_sep, jns)
    ):
        raise VClaimError.of(messages.SEP_BACKDATE_NEEDS_APPROVAL, tglSep=tgl_sep.isoformat())
    if tgl_rujukan is not None and tgl_rujukan > tgl_sep:
        raise VClaimError.of(messages.RUJUKAN_AFTER_SEP)
    no_rujukan = text(t_sep, "rujukan.noRujukan")
    is_igd = text(t_sep, "poli.tujuan").upper() == "IGD"
    if jns == RAWAT_JALAN and not is_igd and not no_rujukan:
        raise VClaimError.of(messages.RUJUKAN_REQUIRED)
    # Lenient mode lets an unknown referral of any age in; --strict closes the world.
    if (
        world.strict
        and jns == RAWAT_JALAN
        and tgl_rujukan is not None
        and (tgl_sep - tgl_rujukan).days > rujukan.VALID_DAYS
    ):
        raise VClaimError.of(messages.RUJUKAN_EXPIRED, noRujukan=no_rujukan)


def _check_visit_purpose(world: World, t_sep: dict[str, Any]) -> None:
    tujuan = text(t_sep, "tujuanKunj") or "0"
    flag = text(t_sep, "flagProcedure")
    penunjang = text(t_sep, "kdPenunjang")
    if tujuan == "1":
        if not flag:
            raise VClaimError.of(messages.PROCEDURE_FLAG_REQUIRED)
        if not penunjang:
            raise VClaimError.of(messages.PENUNJANG_REQUIRED)
    # The catalogue says flagProcedure/kdPenunjang stay "" for tujuanKunj 0, yet a kiosk in
    # the field sends "0"/"10" there (docs/vclaim-api.md §3.2): only --strict refuses it.
    if tujuan == "0" and (flag or penunjang) and world.strict:
        raise VClaimError.of(messages.TUJUAN_NORMAL_NO_PROCEDURE)
    # Required for tujuanKunj 2 (catalogue). The "0 with another poli on a later day" half
    # needs the referral's poli, which the world does not know here.
    if tujuan == "2" and not text(t_sep, "assesmentPel"):
        raise VClaimError.of(messages.ASSESMENT_REQUIRED)


def _check_class(world: World, t_sep: dict[str, Any], jns: str) -> None:
    naik = text(t_sep, "klsRawat.klsRawatNaik")
    pembiayaan = text(t_sep, "klsRawat.pembiayaan")
    penanggung = text(t_sep, "klsRawat.penanggungJawab")
    if naik and jns == RAWAT_INAP and not (pembiayaan and penanggung):
        raise VClaimError.of(messages.PEMBIAYAAN_REQUIRED)
    # Clients blank these when there is no upgrade; --strict holds them to it.
    if world.strict and not naik and (pembiayaan or penanggung):
        raise VClaimError.of(messages.PEMBIAYAAN_WITHOUT_NAIK)


def _check_dpjp(world: World, t_sep: dict[str, Any], jns: str) -> None:
    dpjp_layan = text(t_sep, "dpjpLayan")
    if jns == RAWAT_JALAN and not dpjp_layan:
        raise VClaimError.of(messages.DPJP_REQUIRED)
    # "tidak diisi jika RANAP": clients blank it; a filled one is ignored unless --strict.
    if jns == RAWAT_INAP and dpjp_layan and world.strict:
        raise VClaimError.of(messages.DPJP_LAYAN_RANAP)


def _check_accident(t_sep: dict[str, Any], tgl_sep: date) -> None:
    laka = text(t_sep, "jaminan.lakaLantas") or "0"
    if laka == "0":
        return  # noLP and the penjamin block are ignored, as in the catalogue example
    required = (
        ("jaminan.penjamin.tglKejadian", "Tanggal Kejadian"),
        ("jaminan.penjamin.keterangan", "Keterangan Kejadian"),
        ("jaminan.penjamin.suplesi.lokasiLaka.kdPropinsi", "Kode Propinsi"),
        ("jaminan.penjamin.suplesi.lokasiLaka.kdKabupaten", "Kode Kabupaten"),
        ("jaminan.penjamin.suplesi.lokasiLaka.kdKecamatan", "Kode Kecamatan"),
    )
    for dotted, title in required:
        if not text(t_sep, dotted):
            raise VClaimError.of(messages.LAKA_DETAIL_REQUIRED, title=title, lakaLantas=laka)
    kejadian = date_field(t_sep, "jaminan.penjamin.tglKejadian", "Tanggal Kejadian")
    if kejadian is not None and kejadian > tgl_sep:
        raise VClaimError.of(messages.KEJADIAN_AFTER_SEP)
    suplesi = text(t_sep, "jaminan.penjamin.suplesi.suplesi")
    if suplesi == "1" and not text(t_sep, "jaminan.penjamin.suplesi.noSepSuplesi"):
        raise VClaimError.of(messages.SUPLESI_NO_SEP_REQUIRED)


def _check_duplicates(world: World, t_sep: dict[str, Any], jns: str, kd_poli: str) -> None:
    no_kartu = text(t_sep, "noKartu")
    if jns == RAWAT_INAP:
        admitted = world.store.get_open_rawat_inap(no_kartu)
        if admitted is not None:
            raise VClaimError.of(
                messages.SEP_STILL_ADMITTED,
                noKartu=no_kartu,
                tglSep=date.fromisoformat(admitted.tgl_sep).strftime("%d/%m/%Y"),
                namaPPK=peserta.facility_name(admitted.ppk_pelayanan, world.seed),
                noSep=admitted.no_sep,
            )
        return
    _check_same_day(world, t_sep, kd_poli)


def _check_same_day(world: World, t_sep: dict[str, Any], kd_poli: str, exclude: str = "") -> None:
    no_kartu = text(t_sep, "noKartu")
    earlier = world.store.get_same_day_rawat_jalan(
        no_kartu, kd_poli, text(t_sep, "tglSep"), exclude=exclude
    )
    if earlier is not None:
        raise VClaimError.of(
            messages.SEP_DUPLICATE_RAJAL,
            noKartu=no_kartu,
            kdPoli=kd_poli,
            namaPPK=peserta.facility_name(earlier.ppk_pelayanan, world.seed),
            noSep=earlier.no_sep,
        )


# How many days before its planned date a surat kontrol may be used: not documented [U];
# a week early is the mock's choice (a patient who comes back sooner needs a new letter).
SKDP_EARLY_DAYS = 7


def _check_surat_kontrol(
    world: World, t_sep: dict[str, Any], jns: str, tgl_sep: date
) -> SuratKontrolRecord | None:
    """The letter in skdp.noSurat, checked against what the world knows of it.

    An unknown letter is refused in --strict; in lenient mode it is accepted and returned
    as a letter to remember, as if it had been issued for this visit.
    """
    no_surat = text(t_sep, "skdp.noSurat")
    if not no_surat:
        return None
    no_kartu = text(t_sep, "noKartu")
    kd_poli = text(t_sep, "poli.tujuan").upper()
    kode_dpjp = text(t_sep, "skdp.kodeDPJP")
    letter = world.store.get_surat_kontrol(no_surat)
    if letter is None:
        if world.strict:
            raise VClaimError.of(messages.SKDP_NOT_FOUND, noSurat=no_surat)
        asal = text(t_sep, "rujukan.noRujukan")
        return SuratKontrolRecord(
            no_surat=no_surat,
            jns_kontrol=SPRI if jns == RAWAT_INAP else SURAT_KONTROL,
            # A follow-up visit's rujukan is usually the previous SEP (docs/vclaim-api.md §3.3).
            no_sep_asal=asal if jns == RAWAT_JALAN and _is_sep_number(asal) else None,
            no_kartu=no_kartu,
            kd_poli=kd_poli,
            kd_dokter=kode_dpjp,
            tgl_rencana=tgl_sep.isoformat(),
            tgl_terbit=tgl_sep.isoformat(),
            user=text(t_sep, "user"),
            remembered=True,
        )
    if letter.remembered:
        # Learnt from an earlier SEP in lenient mode: the client's word, not a letter BPJS
        # issued, so it binds nothing (a fixture reused for another card still passes).
        return letter
    if letter.no_kartu != no_kartu:
        raise VClaimError.of(messages.SKDP_OTHER_PESERTA, noSurat=no_surat, noKartu=no_kartu)
    if jns == RAWAT_INAP and letter.jns_kontrol != SPRI:
        raise VClaimError.of(messages.SKDP_RANAP_NEEDS_SPRI, noSurat=letter.no_surat)
    if jns == RAWAT_JALAN and letter.jns_kontrol != SURAT_KONTROL:
        raise VClaimError.of(messages.SKDP_RAJAL_NEEDS_KONTROL, noSurat=letter.no_surat)
    if jns == RAWAT_JALAN and letter.kd_poli.upper() != kd_poli:
        raise VClaimError.of(
            messages.SKDP_POLI_MISMATCH, kdPoli=kd_poli, poliKontrol=letter.kd_poli
        )
    rencana = date.fromisoformat(letter.tgl_rencana)
    if (rencana - tgl_sep).days > SKDP_EARLY_DAYS:
        raise VClaimError.of(
            messages.SKDP_TOO_EARLY,
            tglSep=tgl_sep.isoformat(),
            tglRencanaKontrol=letter.tgl_rencana,
        )
    if letter.kd_dokter != kode_dpjp:
        raise VClaimError.of(
            messages.SKDP_DPJP_MISMATCH, kodeDPJP=kode_dpjp, kodeDokter=letter.kd_dokter
        )
    return letter


def _is_sep_number(text: str) -> bool:
    return len(text) == 19 and text[12:13].upper() == "V"
