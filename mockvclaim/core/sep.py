"""SEP insert: the rules BPJS applies to a t_sep and the `sep` object it answers
(reference §3 and §4). Pure: a Store, a seed and today's date in, a payload out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mockvclaim.config import Consumer
from mockvclaim.core import messages, peserta, refdata
from mockvclaim.core.errors import VClaimError
from mockvclaim.core.store import SepRecord, Store

RAWAT_INAP = "1"
RAWAT_JALAN = "2"
MAX_SEQUENCE = 999_999  # six digits in the SEP number
MAX_REFERRAL_DAYS = 90  # UAT "Validasi Pencarian Rujukan > 90 hari"

_LAKA_PENJAMIN = {  # reference §4.1 `penjamin`; codes from §3.1 jaminan.lakaLantas
    "0": "-",
    "1": "Jasa Raharja PT",
    "2": "Jasa Raharja PT, BPJS Ketenagakerjaan",
    "3": "BPJS Ketenagakerjaan",
}


@dataclass(frozen=True)
class World:
    """What the rules need to know about this run."""

    store: Store
    seed: int
    strict: bool


def _field(t_sep: dict[str, Any], dotted: str) -> str:
    """A t_sep value by dotted path; absent optional fields read as "" like on the wire."""
    value: Any = t_sep
    for part in dotted.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value if isinstance(value, str) else ""


def _date(t_sep: dict[str, Any], dotted: str, title: str) -> date | None:
    text = _field(t_sep, dotted)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise VClaimError.of(messages.DATE_INVALID, title=title) from None


def insert_sep(
    world: World, consumer: Consumer, t_sep: dict[str, Any], today: date
) -> dict[str, Any]:
    """Check a schema-valid t_sep against BPJS's rules, store the SEP, return `{"sep": ...}`."""
    f = _field
    tgl_sep = _date(t_sep, "tglSep", "Tanggal SEP")
    assert tgl_sep is not None  # required by the schema
    tgl_rujukan = _date(t_sep, "rujukan.tglRujukan", "Tanggal Rujukan")
    jns = f(t_sep, "jnsPelayanan")
    kd_poli = f(t_sep, "poli.tujuan").upper()

    # Reference data is checked in every mode (INTERFACE.md "Lenient by default").
    diagnosa = refdata.diagnosis_display(f(t_sep, "diagAwal"))
    if diagnosa is None:
        raise VClaimError.of(messages.DIAGNOSA_NOT_FOUND, kode=f(t_sep, "diagAwal"))
    poli_name = ""
    if kd_poli:
        poli_name = refdata.poli_name(kd_poli) or ""
        if not poli_name:
            raise VClaimError.of(messages.POLI_NOT_FOUND, kode=kd_poli)
    elif jns == RAWAT_JALAN:
        raise VClaimError.of(messages.POLI_REQUIRED_RAJAL)

    _check_dates(world, t_sep, jns, tgl_sep, tgl_rujukan, today)
    _check_visit_purpose(world, t_sep)
    _check_class(world, t_sep, jns)
    _check_dpjp(world, t_sep, jns)
    _check_accident(t_sep, tgl_sep)

    participant = peserta.participant_for(f(t_sep, "noKartu"), world.seed)
    _check_duplicates(world, consumer, t_sep, jns, kd_poli)

    ppk = f(t_sep, "ppkPelayanan").upper()
    prefix = f"{ppk}{tgl_sep:%m%y}V"  # MMYY of tglSep: every consistent example (§4.2)

    def build(sequence: int) -> SepRecord:
        if sequence > MAX_SEQUENCE:
            raise VClaimError.of(messages.SEP_SEQUENCE_EXHAUSTED, ppk=ppk, mmyy=f"{tgl_sep:%m%y}")
        no_sep = f"{prefix}{sequence:06d}"
        response = {
            # Catalogue order; note the response spells it "assestmenPel".
            "assestmenPel": f(t_sep, "assesmentPel"),
            "catatan": f(t_sep, "catatan"),
            "diagnosa": diagnosa,
            "flagProcedure": f(t_sep, "flagProcedure"),
            # eSEP "True" as in the catalogue's only sample; the other three are null there.
            "informasi": {"dinsos": None, "eSEP": "True", "noSKTM": None, "prolanisPRB": None},
            "jnsPelayanan": "R.Inap" if jns == RAWAT_INAP else "R.Jalan",
            "kdPenunjang": f(t_sep, "kdPenunjang"),
            "kdPoli": kd_poli,
            # R.Inap's value is unconfirmed (§8): the class the participant is entitled to.
            "kelasRawat": f"Kelas {f(t_sep, 'klsRawat.klsRawatHak')}" if jns == RAWAT_INAP else "-",
            "noRujukan": f(t_sep, "rujukan.noRujukan"),
            "noSep": no_sep,
            "penjamin": _LAKA_PENJAMIN[f(t_sep, "jaminan.lakaLantas") or "0"],
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

    record = world.store.create_sep(consumer.cons_id, prefix, build)
    return {"sep": record.response}


def _check_dates(
    world: World,
    t_sep: dict[str, Any],
    jns: str,
    tgl_sep: date,
    tgl_rujukan: date | None,
    today: date,
) -> None:
    if tgl_sep > today:
        raise VClaimError.of(messages.TGLSEP_FUTURE)
    # Lenient mode accepts a back-dated SEP as the catalogue example is; BPJS wants an approval.
    if world.strict and tgl_sep < today:
        raise VClaimError.of(messages.SEP_BACKDATE_NEEDS_APPROVAL, tglSep=tgl_sep.isoformat())
    if tgl_rujukan is not None and tgl_rujukan > tgl_sep:
        raise VClaimError.of(messages.RUJUKAN_AFTER_SEP)
    no_rujukan = _field(t_sep, "rujukan.noRujukan")
    is_igd = _field(t_sep, "poli.tujuan").upper() == "IGD"
    if jns == RAWAT_JALAN and not is_igd and not no_rujukan:
        raise VClaimError.of(messages.RUJUKAN_REQUIRED)
    # Lenient mode lets an unknown referral of any age in; --strict closes the world.
    if (
        world.strict
        and jns == RAWAT_JALAN
        and tgl_rujukan is not None
        and (tgl_sep - tgl_rujukan).days > MAX_REFERRAL_DAYS
    ):
        raise VClaimError.of(messages.RUJUKAN_EXPIRED, noRujukan=no_rujukan)


def _check_visit_purpose(world: World, t_sep: dict[str, Any]) -> None:
    tujuan = _field(t_sep, "tujuanKunj") or "0"
    flag = _field(t_sep, "flagProcedure")
    penunjang = _field(t_sep, "kdPenunjang")
    if tujuan == "1":
        if not flag:
            raise VClaimError.of(messages.PROCEDURE_FLAG_REQUIRED)
        if not penunjang:
            raise VClaimError.of(messages.PENUNJANG_REQUIRED)
    # The catalogue says flagProcedure/kdPenunjang stay "" for tujuanKunj 0, yet a kiosk in
    # the field sends "0"/"10" there (§3.2): only --strict refuses it.
    if tujuan == "0" and (flag or penunjang) and world.strict:
        raise VClaimError.of(messages.TUJUAN_NORMAL_NO_PROCEDURE)
    # Required for tujuanKunj 2 (catalogue). The "0 with another poli on a later day" half
    # needs the referral's poli, which the world does not know here.
    if tujuan == "2" and not _field(t_sep, "assesmentPel"):
        raise VClaimError.of(messages.ASSESMENT_REQUIRED)


def _check_class(world: World, t_sep: dict[str, Any], jns: str) -> None:
    naik = _field(t_sep, "klsRawat.klsRawatNaik")
    pembiayaan = _field(t_sep, "klsRawat.pembiayaan")
    penanggung = _field(t_sep, "klsRawat.penanggungJawab")
    if naik and jns == RAWAT_INAP and not (pembiayaan and penanggung):
        raise VClaimError.of(messages.PEMBIAYAAN_REQUIRED)
    # Clients blank these when there is no upgrade; --strict holds them to it.
    if world.strict and not naik and (pembiayaan or penanggung):
        raise VClaimError.of(messages.PEMBIAYAAN_WITHOUT_NAIK)


def _check_dpjp(world: World, t_sep: dict[str, Any], jns: str) -> None:
    dpjp_layan = _field(t_sep, "dpjpLayan")
    if jns == RAWAT_JALAN and not dpjp_layan:
        raise VClaimError.of(messages.DPJP_REQUIRED)
    # "tidak diisi jika RANAP": clients blank it; a filled one is ignored unless --strict.
    if jns == RAWAT_INAP and dpjp_layan and world.strict:
        raise VClaimError.of(messages.DPJP_LAYAN_RANAP)


def _check_accident(t_sep: dict[str, Any], tgl_sep: date) -> None:
    laka = _field(t_sep, "jaminan.lakaLantas") or "0"
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
        if not _field(t_sep, dotted):
            raise VClaimError.of(messages.LAKA_DETAIL_REQUIRED, title=title, lakaLantas=laka)
    kejadian = _date(t_sep, "jaminan.penjamin.tglKejadian", "Tanggal Kejadian")
    if kejadian is not None and kejadian > tgl_sep:
        raise VClaimError.of(messages.KEJADIAN_AFTER_SEP)
    suplesi = _field(t_sep, "jaminan.penjamin.suplesi.suplesi")
    if suplesi == "1" and not _field(t_sep, "jaminan.penjamin.suplesi.noSepSuplesi"):
        raise VClaimError.of(messages.SUPLESI_NO_SEP_REQUIRED)


def _check_duplicates(
    world: World, consumer: Consumer, t_sep: dict[str, Any], jns: str, kd_poli: str
) -> None:
    no_kartu = _field(t_sep, "noKartu")
    if jns == RAWAT_INAP:
        admitted = world.store.open_inpatient(consumer.cons_id, no_kartu)
        if admitted is not None:
            raise VClaimError.of(
                messages.SEP_STILL_ADMITTED,
                noKartu=no_kartu,
                tglSep=date.fromisoformat(admitted.tgl_sep).strftime("%d/%m/%Y"),
                namaPPK=peserta.facility_name(admitted.ppk_pelayanan, world.seed),
                noSep=admitted.no_sep,
            )
        return
    earlier = world.store.same_day_outpatient(
        consumer.cons_id, no_kartu, kd_poli, _field(t_sep, "tglSep")
    )
    if earlier is not None:
        raise VClaimError.of(
            messages.SEP_DUPLICATE_RAJAL,
            noKartu=no_kartu,
            kdPoli=kd_poli,
            namaPPK=peserta.facility_name(earlier.ppk_pelayanan, world.seed),
            noSep=earlier.no_sep,
        )
