"""A stored SEP as the read endpoints show it: `GET SEP/{noSep}` (docs/vclaim-api.md §5.3) and the
`sep` of RencanaKontrol (§5.0). Rendered from the t_sep as accepted (and updated), so every
endpoint shows the same SEP."""

from __future__ import annotations

from typing import Any

from mockvclaim.bpjs import peserta, refdata
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import SepRecord
from mockvclaim.bpjs.vclaim import path_params, pelayanan, referensi
from mockvclaim.bpjs.vclaim.dokter import dpjp_name
from mockvclaim.bpjs.vclaim.pelayanan import RAWAT_INAP
from mockvclaim.bpjs.vclaim.sep import LAKA_PENJAMIN, find_sep
from mockvclaim.bpjs.world import World, text
from mockvclaim.protocol.errors import VClaimError

# Object-form names of SEP cari (docs/vclaim-api.md §3.1 enumerations, §4.1 for the empty forms).
TUJUAN_KUNJUNGAN = {"0": "Normal", "1": "Prosedur", "2": "Konsul Dokter"}
FLAG_PROCEDURE = {"0": "Prosedur tidak berkelanjutan", "1": "Prosedur dan Terapi Berkelanjutan"}
PENUNJANG = {
    "1": "Radioterapi", "2": "Kemoterapi", "3": "Rehabilitasi Medik",
    "4": "Rehabilitasi Psikososial", "5": "Transfusi Darah", "6": "Pelayanan Gigi",
    "7": "Laboratorium", "8": "USG", "9": "Farmasi", "10": "Lain-Lain", "11": "MRI",
    "12": "HEMODIALISA",
}  # fmt: skip
ASSESMENT = {
    "1": "Poli spesialis tidak tersedia pada hari sebelumnya",
    "2": "Jam Poli telah berakhir pada hari sebelumnya",
    "3": "Dokter Spesialis yang dimaksud tidak praktek pada hari sebelumnya",
    "4": "Atas Instruksi RS",
    "5": "Tujuan Kontrol",
}
# "2" is the catalogue's wording (docs/vclaim-api.md §5.3); 1 and 3 are spelt out the same way.
STATUS_KECELAKAAN = {
    "0": "Bukan Kecelakaan",
    "1": "Kecelakaan LaluLintas dan Bukan Kecelakaan Kerja",
    "2": "Kecelakaan LaluLintas dan Kecelakaan Kerja",
    "3": "Kecelakaan Kerja",
}


def _or_none(value: str) -> str | None:
    return value or None


def _coded(kode: str, names: dict[str, str], empty_kode: str, empty_name: str) -> dict[str, str]:
    if not kode:
        return {"kode": empty_kode, "nama": empty_name}
    return {"kode": kode, "nama": names.get(kode, "")}


def _dpjp(t_sep: dict[str, Any], jns: str, seed: int) -> dict[str, str | None]:
    # R.Inap leaves dpjpLayan empty (docs/vclaim-api.md §3.2): its DPJP is the SPRI's doctor.
    kode = text(t_sep, "dpjpLayan")
    if not kode and jns == RAWAT_INAP:
        kode = text(t_sep, "skdp.kodeDPJP")
    if not kode:
        # Production shows kdDPJP "0" (docs/vclaim-api.md §5.3, mlite PR #109); the name is [U].
        return {"kdDPJP": "0", "nmDPJP": None}
    return {"kdDPJP": kode, "nmDPJP": dpjp_name(kode, seed)}


def _lokasi(kd_prop: str, kd_kab: str, kd_kec: str) -> str | None:
    """`KECAMATAN|KABUPATEN|PROPINSI` (docs/vclaim-api.md §5.3) from the region lists; null when a
    code is not there (insert and update check them, so only for data from elsewhere)."""
    try:
        names = (
            _name_of(referensi.kecamatan(kd_kab)["list"], kd_kec),
            _name_of(referensi.kabupaten(kd_prop)["list"], kd_kab),
            _name_of(referensi.propinsi()["list"], kd_prop),
        )
    except VClaimError:  # an empty list answers "no data"
        return None
    return "|".join(names) if all(names) else None


def _name_of(rows: list[dict[str, str]], kode: str) -> str:
    return next((row["nama"] for row in rows if row["kode"] == kode), "")


@serves("sep.get")
def get_sep(world: World, no_sep: str) -> dict[str, Any]:
    """GET SEP/{noSep} (docs/vclaim-api.md §5.3)."""
    path_params.document_number(no_sep, "noSep", "Nomor SEP")
    return sep_detail(world, find_sep(world, no_sep))


def sep_detail(world: World, record: SepRecord) -> dict[str, Any]:
    """The `response` of GET SEP/{noSep}: production key order (docs/vclaim-api.md §5.3), then the
    2.0 members."""
    t = record.request
    f = text
    jns = record.jns_pelayanan
    person = peserta.participant_for(record.no_kartu, world.seed)
    laka = f(t, "jaminan.lakaLantas") or "0"
    accident = laka != "0"
    kd_poli = record.kd_poli
    kd_surat_dpjp = f(t, "skdp.kodeDPJP")
    return {
        "noSep": record.no_sep,
        "tglSep": record.tgl_sep,
        "jnsPelayanan": pelayanan.name(jns),
        "kelasRawat": f"Kelas {f(t, 'klsRawat.klsRawatHak')}",
        "diagnosa": refdata.diagnosis_name(f(t, "diagAwal")) or "",
        "noRujukan": f(t, "rujukan.noRujukan"),
        "poli": (refdata.poli_name(kd_poli) or "") if kd_poli else "",
        "poliEksekutif": f(t, "poli.eksekutif") or "0",
        "catatan": f(t, "catatan"),
        "penjamin": LAKA_PENJAMIN[laka] if accident else None,
        "peserta": {
            "noKartu": person.no_kartu,
            "nama": person.nama,
            "tglLahir": person.tgl_lahir.isoformat(),
            "noMr": f(t, "noMR"),
            "kelamin": person.sex,
            "jnsPeserta": person.jenis_peserta_short,
            "hakKelas": person.hak_kelas_sep,
            "asuransi": None,
        },
        "klsRawat": {
            "klsRawatHak": _or_none(f(t, "klsRawat.klsRawatHak")),
            "klsRawatNaik": _or_none(f(t, "klsRawat.klsRawatNaik")),
            "pembiayaan": _or_none(f(t, "klsRawat.pembiayaan")),
            "penanggungJawab": _or_none(f(t, "klsRawat.penanggungJawab")),
        },
        "informasi": None,  # null in the production sample
        "kdStatusKecelakaan": laka,
        "nmstatusKecelakaan": STATUS_KECELAKAAN[laka],
        "dpjp": _dpjp(t, jns, world.seed),
        "kontrol": {
            "noSurat": _or_none(f(t, "skdp.noSurat")),
            "kdDokter": _or_none(kd_surat_dpjp),
            "nmDokter": dpjp_name(kd_surat_dpjp, world.seed) if kd_surat_dpjp else None,
        },
        "lokasiKejadian": _lokasi_kejadian(t) if accident else _NO_LOKASI,
        "cob": f(t, "cob.cob") or "0",
        "katarak": f(t, "katarak.katarak") or "0",
        "tujuanKunj": _coded(f(t, "tujuanKunj") or "0", TUJUAN_KUNJUNGAN, "0", "Normal"),
        "flagProcedure": _coded(f(t, "flagProcedure"), FLAG_PROCEDURE, "0", FLAG_PROCEDURE["0"]),
        "kdPenunjang": _coded(f(t, "kdPenunjang"), PENUNJANG, "0", ""),
        # An empty assesment is not documented [U]: rendered like an empty kdPenunjang.
        "assestmenPel": _coded(f(t, "assesmentPel"), ASSESMENT, "0", ""),
        "eSEP": "True",  # as the insert answered in informasi.eSEP
    }


_NO_LOKASI: dict[str, None] = {
    "tglKejadian": None,
    "kdProp": None,
    "kdKab": None,
    "kdKec": None,
    "ketKejadian": None,
    "lokasi": None,
}


def _lokasi_kejadian(t: dict[str, Any]) -> dict[str, str | None]:
    lokasi = "jaminan.penjamin.suplesi.lokasiLaka."
    kd_prop = text(t, lokasi + "kdPropinsi")
    kd_kab = text(t, lokasi + "kdKabupaten")
    kd_kec = text(t, lokasi + "kdKecamatan")
    return {
        "tglKejadian": _or_none(text(t, "jaminan.penjamin.tglKejadian")),
        "kdProp": _or_none(kd_prop),
        "kdKab": _or_none(kd_kab),
        "kdKec": _or_none(kd_kec),
        "ketKejadian": _or_none(text(t, "jaminan.penjamin.keterangan")),
        "lokasi": _lokasi(kd_prop, kd_kab, kd_kec),
    }


def kontrol_sep(world: World, record: SepRecord) -> dict[str, Any]:
    """The SEP as RencanaKontrol/nosep and the `sep` of noSuratKontrol show it (docs/vclaim-api.md
    §5.0)."""
    t = record.request
    person = peserta.participant_for(record.no_kartu, world.seed)
    kd_poli = record.kd_poli
    poli = f"{kd_poli} - {refdata.poli_name(kd_poli) or ''}" if kd_poli else ""
    ppk_rujukan = text(t, "rujukan.ppkRujukan")
    return {
        "noSep": record.no_sep,
        "tglSep": record.tgl_sep,
        "jnsPelayanan": pelayanan.name(record.jns_pelayanan),
        "poli": poli,
        "diagnosa": refdata.diagnosis_display(text(t, "diagAwal")) or "",
        "peserta": {
            "noKartu": person.no_kartu,
            "nama": person.nama,
            "tglLahir": person.tgl_lahir.isoformat(),
            "kelamin": person.sex,
            "hakKelas": "-",  # both catalogue samples
        },
        "provUmum": {"kdProvider": person.fktp, "nmProvider": person.fktp_name},
        "provPerujuk": {
            "kdProviderPerujuk": ppk_rujukan,
            "nmProviderPerujuk": peserta.facility_name(ppk_rujukan, world.seed)
            if ppk_rujukan
            else "",
            "asalRujukan": text(t, "rujukan.asalRujukan"),
            "noRujukan": text(t, "rujukan.noRujukan"),
            "tglRujukan": text(t, "rujukan.tglRujukan"),
        },
    }
