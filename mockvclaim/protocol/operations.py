"""The VClaim operations the mock serves: one id per operation, shared by routes, schemas
(`schemas/<id>.request.schema.json`) and scenario rules (`operation: <id>`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from mockvclaim.protocol import messages
from mockvclaim.protocol.messages import Message
from mockvclaim.protocol.services import ANTREAN, APLICARES, ICARE, VCLAIM, Service, split_path

# Base URLs end in a service name (docs/vclaim-api.md §1.1); a client configured with either works.
SERVICE_NAMES = ("vclaim-rest-dev", "vclaim-rest")


class ResponseMode(Enum):
    """How `response` travels on success (docs/vclaim-api.md §2.3)."""

    ENCRYPTED = "encrypted"
    PLAIN = "plain"
    NULL = "null"
    ABSENT = "absent"  # metadata only, no `response` key (docs/antrean-aplicares.md §1.3)


@dataclass(frozen=True)
class Operation:
    op_id: str
    method: str
    path: str  # the catalogue's spelling, `{name}` for a path parameter
    success: Message
    response_mode: ResponseMode = ResponseMode.ENCRYPTED
    has_body: bool = False
    service: Service = VCLAIM
    success_code: str = "200"  # Antrean's reference look-ups and Aplicares answer "1"
    counts_items: bool = False  # metadata.totalitems = len(response.list) (Aplicares)
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.path.strip("/")))
        # ASP.NET routing behind the gateway is case-insensitive (docs/vclaim-api.md §1.5).
        object.__setattr__(self, "pattern", re.compile(f"{regex}", re.IGNORECASE))

    @property
    def path_params(self) -> tuple[str, ...]:
        """The path's `{name}` segments, in order."""
        return tuple(re.findall(r"\{(\w+)\}", self.path))


OPERATIONS: tuple[Operation, ...] = (
    Operation("sep.insert", "POST", "/SEP/2.0/insert", messages.SUKSES, has_body=True),
    # Peserta and Rujukan (docs/vclaim-api.md §5.0-§5.2): "OK"; referensi/*: "Sukses" (§2.1).
    Operation("peserta.nokartu", "GET", "/Peserta/nokartu/{noKartu}/tglSEP/{tglSEP}", messages.OK),
    Operation("peserta.nik", "GET", "/Peserta/nik/{nik}/tglSEP/{tglSEP}", messages.OK),
    Operation("rujukan.nomor", "GET", "/Rujukan/{noRujukan}", messages.OK),
    Operation("rujukan.peserta", "GET", "/Rujukan/Peserta/{noKartu}", messages.OK),
    Operation("rujukan.list", "GET", "/Rujukan/List/Peserta/{noKartu}", messages.OK),
    Operation("rujukan.rs_nomor", "GET", "/Rujukan/RS/{noRujukan}", messages.OK),
    Operation("rujukan.rs_peserta", "GET", "/Rujukan/RS/Peserta/{noKartu}", messages.OK),
    Operation("rujukan.rs_list", "GET", "/Rujukan/RS/List/Peserta/{noKartu}", messages.OK),
    # Rujukan beyond the look-ups (bpjs/vclaim/rujukan*.py, bpjs/vclaim/kapasitas.py). Messages per
    # docs/vclaim-api.md §2.1 and the catalogue samples: lists by date, JumlahSEP and writes "OK",
    # lastsep and Keluar "Sukses", ListSpesialistik/ListSarana "Ok", Khusus insert "Sukses".
    Operation("rujukan.list_tanggal", "GET", "/Rujukan/List/TglRujukan/{tglRujukan}", messages.OK),
    Operation(
        "rujukan.rs_list_tanggal", "GET", "/Rujukan/RS/List/TglRujukan/{tglRujukan}", messages.OK
    ),
    Operation(
        "rujukan.jumlah_sep", "GET", "/Rujukan/JumlahSEP/{jenisRujukan}/{noRujukan}", messages.OK
    ),
    Operation("rujukan.lastsep", "GET", "/Rujukan/lastsep/norujukan/{noRujukan}", messages.SUKSES),
    Operation("rujukan.insert_v2", "POST", "/Rujukan/2.0/insert", messages.OK, has_body=True),
    Operation("rujukan.update_v2", "PUT", "/Rujukan/2.0/Update", messages.OK, has_body=True),
    Operation("rujukan.insert", "POST", "/Rujukan/insert", messages.OK, has_body=True),
    Operation("rujukan.update", "PUT", "/Rujukan/update", messages.OK, has_body=True),
    # Encrypted like update (docs/vclaim-api.md §2.3 leaves delete [U]; no client skips
    # decrypting).
    Operation("rujukan.delete", "DELETE", "/Rujukan/delete", messages.OK, has_body=True),
    Operation(
        "rujukan.keluar_list",
        "GET",
        "/Rujukan/Keluar/List/tglMulai/{tglMulai}/tglAkhir/{tglAkhir}",
        messages.SUKSES,
    ),
    Operation("rujukan.keluar", "GET", "/Rujukan/Keluar/{noRujukan}", messages.SUKSES),
    Operation(
        "rujukan.list_spesialistik",
        "GET",
        "/Rujukan/ListSpesialistik/PPKRujukan/{ppkRujukan}/TglRujukan/{tglRujukan}",
        messages.OK_CAMEL,
    ),
    Operation(
        "rujukan.list_sarana",
        "GET",
        "/Rujukan/ListSarana/PPKRujukan/{ppkRujukan}",
        messages.OK_CAMEL,
    ),
    Operation(
        "rujukan.khusus_insert", "POST", "/Rujukan/Khusus/insert", messages.SUKSES, has_body=True
    ),
    Operation(
        "rujukan.khusus_delete", "POST", "/Rujukan/Khusus/delete", messages.OK, has_body=True
    ),
    Operation(
        "rujukan.khusus_list",
        "GET",
        "/Rujukan/Khusus/List/Bulan/{bulan}/Tahun/{tahun}",
        messages.OK,
    ),
    Operation("referensi.diagnosa", "GET", "/referensi/diagnosa/{diagnosa}", messages.SUKSES),
    Operation("referensi.poli", "GET", "/referensi/poli/{poli}", messages.SUKSES),
    Operation(
        "referensi.faskes", "GET", "/referensi/faskes/{faskes}/{jenisFaskes}", messages.SUKSES
    ),
    Operation(
        "referensi.dpjp",
        "GET",
        "/referensi/dokter/pelayanan/{jenisPelayanan}/tglPelayanan/{tglPelayanan}"
        "/Spesialis/{kodeSpesialis}",
        messages.SUKSES,
    ),
    Operation("referensi.propinsi", "GET", "/referensi/propinsi", messages.SUKSES),
    Operation(
        "referensi.kabupaten",
        "GET",
        "/referensi/kabupaten/propinsi/{kodePropinsi}",
        messages.SUKSES,
    ),
    Operation(
        "referensi.kecamatan",
        "GET",
        "/referensi/kecamatan/kabupaten/{kodeKabupaten}",
        messages.SUKSES,
    ),
    Operation("referensi.procedure", "GET", "/referensi/procedure/{procedure}", messages.SUKSES),
    Operation("referensi.kelasrawat", "GET", "/referensi/kelasrawat", messages.SUKSES),
    Operation("referensi.dokter", "GET", "/referensi/dokter/{namaDokter}", messages.SUKSES),
    Operation("referensi.spesialistik", "GET", "/referensi/spesialistik", messages.SUKSES),
    Operation("referensi.ruangrawat", "GET", "/referensi/ruangrawat", messages.SUKSES),
    Operation("referensi.carakeluar", "GET", "/referensi/carakeluar", messages.SUKSES),
    Operation("referensi.pascapulang", "GET", "/referensi/pascapulang", messages.SUKSES),
    Operation("referensi.diagnosaprb", "GET", "/referensi/diagnosaprb", messages.SUKSES),
    Operation("referensi.obatprb", "GET", "/referensi/obatprb/{namaObat}", messages.SUKSES),
    # SEP after insert (docs/vclaim-api.md §5.0, §5.3; plain and null answers per §2.3).
    Operation("sep.get", "GET", "/SEP/{noSep}", messages.SUKSES),
    Operation("sep.update", "PUT", "/SEP/2.0/update", messages.SUKSES, has_body=True),
    Operation(
        "sep.delete", "DELETE", "/SEP/2.0/delete", messages.OK, ResponseMode.PLAIN, has_body=True
    ),
    Operation(
        "sep.updtglplg",
        "PUT",
        "/SEP/2.0/updtglplg",
        messages.OK_CAMEL,
        ResponseMode.NULL,
        has_body=True,
    ),
    Operation(
        "sep.updtglplg_list",
        "GET",
        "/Sep/updtglplg/list/bulan/{bulan}/tahun/{tahun}",
        messages.SUKSES,
    ),
    Operation(
        "sep.updtglplg_list_filter",
        "GET",
        "/Sep/updtglplg/list/bulan/{bulan}/tahun/{tahun}/{filter}",
        messages.SUKSES,
    ),
    # Back-date / finger print requests (bpjs/vclaim/persetujuan.py): "OK"; the list "Sukses" as in
    # the catalogue's list sample. Both writes answer the card number, encrypted [U].
    Operation("sep.pengajuan", "POST", "/Sep/pengajuanSEP", messages.OK, has_body=True),
    Operation("sep.aproval", "POST", "/Sep/aprovalSEP", messages.OK, has_body=True),
    # INA-CBG integration (bpjs/vclaim/inacbg.py): a plain object (docs/vclaim-api.md §2.3), "OK".
    Operation("sep.cbg", "GET", "/sep/cbg/{noSep}", messages.OK, ResponseMode.PLAIN),
    # Accidents (bpjs/vclaim/kll.py): "Sukses" and "Ok" as the catalogue's two samples say.
    Operation(
        "sep.jasaraharja_suplesi",
        "GET",
        "/sep/JasaRaharja/Suplesi/{noKartu}/tglPelayanan/{tglPelayanan}",
        messages.SUKSES,
    ),
    Operation("sep.kll_induk", "GET", "/sep/KllInduk/List/{noKartu}", messages.OK_CAMEL),
    # SEP internal (bpjs/vclaim/sep_internal.py): "OK"; delete answers the SEP number plain
    # (docs/vclaim-api.md §2.3).
    Operation("sep.internal", "GET", "/SEP/Internal/{noSep}", messages.OK),
    Operation(
        "sep.internal_delete",
        "DELETE",
        "/SEP/Internal/delete",
        messages.OK,
        ResponseMode.PLAIN,
        has_body=True,
    ),
    Operation(
        "sep.persetujuan_list",
        "GET",
        "/Sep/persetujuanSEP/list/bulan/{bulan}/tahun/{tahun}",
        messages.SUKSES,
    ),
    # Rencana kontrol and SPRI (docs/vclaim-api.md §5.0): "Ok" for writes, "Sukses" for the rest.
    Operation(
        "rencanakontrol.insert",
        "POST",
        "/RencanaKontrol/insert",
        messages.OK_CAMEL,
        has_body=True,
    ),
    Operation(
        "rencanakontrol.insert_v2",
        "POST",
        "/RencanaKontrol/v2/Insert",
        messages.OK_CAMEL,
        has_body=True,
    ),
    Operation(
        "rencanakontrol.update",
        "PUT",
        "/RencanaKontrol/Update",
        messages.OK_CAMEL,
        has_body=True,
    ),
    Operation(
        "rencanakontrol.update_v2",
        "PUT",
        "/RencanaKontrol/v2/Update",
        messages.OK_CAMEL,
        has_body=True,
    ),
    Operation(
        "rencanakontrol.delete",
        "DELETE",
        "/RencanaKontrol/Delete",
        messages.SUKSES,
        ResponseMode.NULL,
        has_body=True,
    ),
    Operation(
        "rencanakontrol.insert_spri",
        "POST",
        "/RencanaKontrol/InsertSPRI",
        messages.OK_CAMEL,
        has_body=True,
    ),
    Operation(
        "rencanakontrol.update_spri",
        "PUT",
        "/RencanaKontrol/UpdateSPRI",
        messages.OK_CAMEL,
        has_body=True,
    ),
    Operation(
        "rencanakontrol.nosuratkontrol",
        "GET",
        "/RencanaKontrol/noSuratKontrol/{noSuratKontrol}",
        messages.SUKSES,
    ),
    Operation("rencanakontrol.nosep", "GET", "/RencanaKontrol/nosep/{noSep}", messages.SUKSES),
    Operation(
        "rencanakontrol.list_nokartu",
        "GET",
        "/RencanaKontrol/ListRencanaKontrol/Bulan/{bulan}/Tahun/{tahun}/Nokartu/{noKartu}"
        "/filter/{filter}",
        messages.SUKSES,
    ),
    Operation(
        "rencanakontrol.list_tanggal",
        "GET",
        "/RencanaKontrol/ListRencanaKontrol/tglAwal/{tglAwal}/tglAkhir/{tglAkhir}/filter/{filter}",
        messages.SUKSES,
    ),
    Operation(
        "rencanakontrol.list_spesialistik",
        "GET",
        "/RencanaKontrol/ListSpesialistik/JnsKontrol/{jnsKontrol}/nomor/{nomor}"
        "/TglRencanaKontrol/{tglRencanaKontrol}",
        messages.SUKSES,
    ),
    Operation(
        "rencanakontrol.jadwal_praktek_dokter",
        "GET",
        "/RencanaKontrol/JadwalPraktekDokter/JnsKontrol/{jnsKontrol}/KdPoli/{kdPoli}"
        "/TglRencanaKontrol/{tglRencanaKontrol}",
        messages.SUKSES,
    ),
    # Program Rujuk Balik (bpjs/vclaim/prb.py). Messages as in the catalogue's samples: insert and
    # detail "Sukses", update and the by-date list "OK"; delete and prbpotensi [U]. The
    # insert answer is encrypted (docs/vclaim-api.md §5.0); update and delete answer the SRB
    # number, encrypted like SEP update's, as every client decrypts them [U].
    Operation("prb.insert", "POST", "/PRB/insert", messages.SUKSES, has_body=True),
    Operation("prb.update", "PUT", "/PRB/Update", messages.OK, has_body=True),
    Operation("prb.delete", "DELETE", "/PRB/Delete", messages.OK, has_body=True),
    Operation("prb.get", "GET", "/prb/{noSRB}/nosep/{noSep}", messages.SUKSES),
    Operation(
        "prb.list_tanggal", "GET", "/prb/tglMulai/{tglMulai}/tglAkhir/{tglAkhir}", messages.OK
    ),
    Operation("prb.potensi", "GET", "/prbpotensi/tahun/{tahun}/bulan/{bulan}", messages.SUKSES),
    # Lembar pengajuan klaim (bpjs/vclaim/lpk.py): "OK" everywhere (catalogue). The writes answer
    # the SEP number; the catalogue prints it plain, but its examples predate encryption and
    # every client decrypts it, so it travels encrypted like SEP update's [U].
    Operation("lpk.insert", "POST", "/LPK/insert", messages.OK, has_body=True),
    Operation("lpk.update", "PUT", "/LPK/update", messages.OK, has_body=True),
    Operation("lpk.delete", "DELETE", "/LPK/delete", messages.OK, has_body=True),
    Operation(
        "lpk.list", "GET", "/LPK/TglMasuk/{tglMasuk}/JnsPelayanan/{jnsPelayanan}", messages.OK
    ),
    # Finger print (bpjs/vclaim/fingerprint.py): "Ok"; randomanswer "Sukses" (docs/vclaim-api.md
    # §2.1).
    Operation(
        "fingerprint.peserta",
        "GET",
        "/SEP/FingerPrint/Peserta/{noKartu}/TglPelayanan/{tglPelayanan}",
        messages.OK_CAMEL,
    ),
    Operation(
        "fingerprint.list",
        "GET",
        "/SEP/FingerPrint/List/Peserta/TglPelayanan/{tglPelayanan}",
        messages.OK_CAMEL,
    ),
    Operation(
        "fingerprint.randomquestion",
        "GET",
        "/SEP/FingerPrint/randomquestion/faskesterdaftar/nokapst/{noKartu}/tglsep/{tglSep}",
        messages.OK_CAMEL,
    ),
    Operation(
        "fingerprint.randomanswer",
        "POST",
        "/SEP/FingerPrint/randomanswer",
        messages.SUKSES,
        has_body=True,
    ),
    # Monitoring (docs/vclaim-api.md §5.0): "Sukses".
    Operation(
        "monitoring.kunjungan",
        "GET",
        "/Monitoring/Kunjungan/Tanggal/{tanggal}/JnsPelayanan/{jnsPelayanan}",
        messages.SUKSES,
    ),
    Operation(
        "monitoring.histori",
        "GET",
        "/monitoring/HistoriPelayanan/NoKartu/{noKartu}/tglMulai/{tglMulai}/tglAkhir/{tglAkhir}",
        messages.SUKSES,
    ),
    Operation(  # bpjs/vclaim/klaim.py
        "monitoring.klaim",
        "GET",
        "/Monitoring/Klaim/Tanggal/{tglPulang}/JnsPelayanan/{jnsPelayanan}/Status/{status}",
        messages.SUKSES,
    ),
    Operation(  # bpjs/vclaim/kll.py
        "monitoring.jasaraharja",
        "GET",
        "/monitoring/JasaRaharja/JnsPelayanan/{jnsPelayanan}/tglMulai/{tglMulai}"
        "/tglAkhir/{tglAkhir}",
        messages.SUKSES,
    ),
    # --- Antrean RS (bpjs/antrean/; docs/antrean-aplicares.md §3): look-ups answer code 1,
    # lists and writes 200; writes carry metadata only, the dashboard is plain.
    *(
        Operation(op_id, method, path, message, mode, has_body, ANTREAN, code)
        for op_id, method, path, message, mode, has_body, code in (
            (
                "antrean.ref_poli",
                "GET",
                "/ref/poli",
                messages.OK,
                ResponseMode.ENCRYPTED,
                False,
                "1",
            ),
            (
                "antrean.ref_dokter",
                "GET",
                "/ref/dokter",
                messages.OK,
                ResponseMode.ENCRYPTED,
                False,
                "1",
            ),
            (
                "antrean.ref_poli_fp",
                "GET",
                "/ref/poli/fp",
                messages.OK,
                ResponseMode.ENCRYPTED,
                False,
                "1",
            ),
            (
                "antrean.ref_pasien_fp",
                "GET",
                "/ref/pasien/fp/identitas/{identitas}/noidentitas/{noidentitas}",
                messages.OK,
                ResponseMode.ENCRYPTED,
                False,
                "1",
            ),
            (
                "antrean.jadwaldokter",
                "GET",
                "/jadwaldokter/kodepoli/{kodepoli}/tanggal/{tanggal}",
                messages.OK_CAMEL,
                ResponseMode.ENCRYPTED,
                False,
                "200",
            ),
            (
                "antrean.updatejadwaldokter",
                "POST",
                "/jadwaldokter/updatejadwaldokter",
                messages.OK_CAMEL,
                ResponseMode.ABSENT,
                True,
                "200",
            ),
            (
                "antrean.add",
                "POST",
                "/antrean/add",
                messages.OK_CAMEL,
                ResponseMode.ABSENT,
                True,
                "200",
            ),
            (
                "antrean.farmasi_add",
                "POST",
                "/antrean/farmasi/add",
                messages.OK_CAMEL,
                ResponseMode.ABSENT,
                True,
                "200",
            ),
            (
                "antrean.updatewaktu",
                "POST",
                "/antrean/updatewaktu",
                messages.OK_CAMEL,
                ResponseMode.ABSENT,
                True,
                "200",
            ),
            (
                "antrean.batal",
                "POST",
                "/antrean/batal",
                messages.OK_CAMEL,
                ResponseMode.ABSENT,
                True,
                "200",
            ),
            (
                "antrean.getlisttask",
                "POST",
                "/antrean/getlisttask",
                messages.OK,
                ResponseMode.ENCRYPTED,
                True,
                "200",
            ),
            (
                "antrean.dashboard_tanggal",
                "GET",
                "/dashboard/waktutunggu/tanggal/{tanggal}/waktu/{waktu}",
                messages.OK,
                ResponseMode.PLAIN,
                False,
                "200",
            ),
            (
                "antrean.dashboard_bulan",
                "GET",
                "/dashboard/waktutunggu/bulan/{bulan}/tahun/{tahun}/waktu/{waktu}",
                messages.OK,
                ResponseMode.PLAIN,
                False,
                "200",
            ),
            (
                "antrean.pendaftaran_tanggal",
                "GET",
                "/antrean/pendaftaran/tanggal/{tanggal}",
                messages.OK,
                ResponseMode.ENCRYPTED,
                False,
                "200",
            ),
            (
                "antrean.pendaftaran_kodebooking",
                "GET",
                "/antrean/pendaftaran/kodebooking/{kodebooking}",
                messages.OK,
                ResponseMode.ENCRYPTED,
                False,
                "200",
            ),
            (
                "antrean.pendaftaran_aktif",
                "GET",
                "/antrean/pendaftaran/aktif",
                messages.OK,
                ResponseMode.ENCRYPTED,
                False,
                "200",
            ),
            (
                "antrean.pendaftaran_jadwal",
                "GET",
                "/antrean/pendaftaran/kodepoli/{kodepoli}/kodedokter/{kodedokter}/hari/{hari}"
                "/jampraktek/{jampraktek}",
                messages.OK,
                ResponseMode.ENCRYPTED,
                False,
                "200",
            ),
        )
    ),
    # --- Aplicares (bpjs/aplicares/; docs/antrean-aplicares.md §5): code 1, all plain; update
    # and delete also by PUT and DELETE, which some clients use.
    *(
        Operation(op_id, method, path, message, ResponseMode.ABSENT, True, APLICARES, "1")
        for op_id, method, path, message in (
            ("aplicares.bed_create", "POST", "/rest/bed/create/{kodeppk}", messages.KAMAR_DISIMPAN),
            ("aplicares.bed_update", "POST", "/rest/bed/update/{kodeppk}", messages.KAMAR_DIUPDATE),
            (
                "aplicares.bed_update_put",
                "PUT",
                "/rest/bed/update/{kodeppk}",
                messages.KAMAR_DIUPDATE,
            ),
            ("aplicares.bed_delete", "POST", "/rest/bed/delete/{kodeppk}", messages.KAMAR_DIHAPUS),
            (
                "aplicares.bed_delete_verb",
                "DELETE",
                "/rest/bed/delete/{kodeppk}",
                messages.KAMAR_DIHAPUS,
            ),
        )
    ),
    Operation(
        "aplicares.ref_kelas",
        "GET",
        "/rest/ref/kelas",
        messages.OK,
        ResponseMode.PLAIN,
        service=APLICARES,
        success_code="1",
        counts_items=True,
    ),
    Operation(
        "aplicares.bed_read",
        "GET",
        "/rest/bed/read/{kodeppk}/{start}/{limit}",
        messages.OK,
        ResponseMode.PLAIN,
        service=APLICARES,
        success_code="1",
        counts_items=True,
    ),
    # --- i-Care (bpjs/icare/; docs/antrean-aplicares.md §6): camel metaData, numeric 200.
    Operation(
        "icare.rs_validate",
        "POST",
        "/api/rs/validate",
        messages.SUKSES,
        has_body=True,
        service=ICARE,
    ),
    Operation(
        "icare.pcare_validate",
        "POST",
        "/api/pcare/validate",
        messages.SUKSES,
        has_body=True,
        service=ICARE,
    ),
)


# The VClaim surface alone: what the OpenAPI, Postman and Bruno documents describe, as their
# envelope and servers are VClaim's (docs/antrean-aplicares.md §7).
VCLAIM_OPERATIONS: tuple[Operation, ...] = tuple(op for op in OPERATIONS if op.service is VCLAIM)


def normalize_path(path: str) -> str:
    """Drop empty segments (`//`, trailing `/`) and a leading service name."""
    segments = [segment for segment in path.split("/") if segment]
    if segments and segments[0].lower() in SERVICE_NAMES:
        segments = segments[1:]
    return "/".join(segments)


def _route_key(path: str) -> tuple[str, int]:
    """A normalized path's first segment, lower-cased, and how many segments it has: a path
    parameter is one whole segment, so both are fixed by an operation's path."""
    segments = path.strip("/").split("/")
    return segments[0].lower(), len(segments)


def _by_route_key() -> dict[tuple[str, Service, str, int], tuple[Operation, ...]]:
    """The operations a request can address, by method, service, first path segment (a
    literal in every catalogue path) and segment count, in table order: routing tries one
    or two patterns, not all of them."""
    index: dict[tuple[str, Service, str, int], list[Operation]] = {}
    for operation in OPERATIONS:
        first, count = _route_key(operation.path)
        assert not first.startswith("{"), f"{operation.op_id}: a path starts with a literal"
        index.setdefault((operation.method, operation.service, first, count), []).append(operation)
    return {key: tuple(found) for key, found in index.items()}


_CANDIDATES = _by_route_key()


def resolve(method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
    """The operation a request addresses and its path parameters, or None."""
    service, normalized = split_path(path)
    key = (method.upper(), service, *_route_key(normalized))
    for operation in _CANDIDATES.get(key, ()):
        match = operation.pattern.fullmatch(normalized)
        if match:
            return operation, match.groupdict()
    return None
