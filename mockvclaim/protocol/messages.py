"""The one catalogue of every message the mock puts on the wire.

Each entry says where its text comes from. `invented=True` marks texts no public source
shows: they follow the real server's style (short Indonesian, no trailing period) and can
be swapped here, in one place, when the real wording turns up.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    template: str
    invented: bool
    source: str = ""

    def format(self, **values: object) -> str:
        return self.template.format(**values)


# --- success messages (docs/vclaim-api.md §2.1, catalogue wording per endpoint) ---------------
SUKSES = Message("Sukses", invented=False, source="catalog: SEP/2.0/insert")
OK = Message("OK", invented=False, source="catalog: Peserta, Rujukan, SEP/2.0/delete")
OK_CAMEL = Message(
    "Ok",
    invented=False,
    source="catalog: SEP/2.0/updtglplg, RencanaKontrol insert/update, InsertSPRI, UpdateSPRI",
)

# --- gateway (3scale APIcast) answers: plain text, not the envelope (docs/vclaim-api.md §1.6) ---
GATEWAY_AUTH_MISSING = Message(
    "Authentication parameters missing", invented=False, source="3scale default"
)
GATEWAY_AUTH_FAILED = Message("Authentication failed", invented=False, source="3scale default")
GATEWAY_NO_MAPPING = Message(
    "No Mapping Rule matched", invented=False, source="3scale default; SISRUTE catalogue"
)

# --- authentication inside the envelope (docs/vclaim-api.md §1.6) -----------------------------
NOT_REGISTERED = Message(
    "Unauthorized! You are not registered for this service!",
    invented=False,
    source="apijkn sister services (docs/vclaim-api.md §1.6, U1/U2)",
)
SIGNATURE_INVALID = Message(
    "Signature Service Tidak Sesuai", invented=False, source="SISRUTE catalogue on apijkn"
)

# --- the request body itself -----------------------------------------------------------------
BODY_EMPTY = Message("Request body kosong, kirim data JSON", invented=True)
BODY_TOO_LARGE = Message("Ukuran request melebihi batas {limit} byte", invented=True)
BODY_NOT_UTF8 = Message("Request bukan teks UTF-8 yang valid (byte ke-{position})", invented=True)
BODY_NOT_JSON = Message(
    "Format JSON tidak valid: {detail} (baris {line}, kolom {column})", invented=True
)
BODY_NOT_OBJECT = Message("Request harus berupa objek JSON, bukan {kind}", invented=True)
BODY_ENCODING_INVALID = Message(
    "Request tidak dapat dibaca: isi tidak sesuai Content-Encoding {encoding}", invented=True
)
BODY_TIMEOUT = Message("Request body tidak diterima lengkap dalam {seconds} detik", invented=True)

# --- schema violations: {title} is the schema's Indonesian title, {field} the dotted path ---
FIELD_REQUIRED = Message("{title} ({field}) tidak boleh kosong", invented=True)
FIELD_TYPE = Message("{title} ({field}) harus berupa {expected}", invented=True)
FIELD_ENUM = Message(
    "{title} ({field}) tidak sesuai, isi salah satu dari: {allowed}", invented=True
)
FIELD_FORMAT = Message("Format {title} ({field}) tidak sesuai", invented=True)
FIELD_TOO_LONG = Message("{title} ({field}) maksimal {limit} karakter", invented=True)
FIELD_INVALID = Message("{title} ({field}) tidak valid", invented=True)
DATE_INVALID = Message("Format {title} tidak sesuai, gunakan yyyy-MM-dd", invented=True)

# --- participants (docs/vclaim-api.md §3.4 E4; the rest invented) -----------------------------
PESERTA_NOT_FOUND = Message(
    "No.Kartu Tidak Sesuai", invented=False, source="docs/vclaim-api.md §3.4 E4 (darmageddon test)"
)
PESERTA_TIDAK_AKTIF = Message("Status Peserta Tidak Aktif", invented=True)
PESERTA_MENINGGAL = Message("Status Peserta Meninggal Dunia", invented=True)
PESERTA_BELUM_ENROLLMENT = Message(
    "Peserta Belum Melakukan Enrollment Biometrik, silahkan lakukan enrollment terlebih dahulu",
    invented=True,
    source="substring 'Peserta Belum Melakukan Enrollment' is real (docs/vclaim-api.md §3.4 E3)",
)

# --- SEP insert business rules ---------------------------------------------------------------
SEP_DUPLICATE_RAJAL = Message(
    "1.Peserta NoKa {noKartu} telah mendapat Pelayanan R.Jalan di Poli {kdPoli} pada hari yg "
    "sama di {namaPPK} Dgn No.SEP {noSep}",
    invented=False,
    source="docs/vclaim-api.md §3.4 E1",
)
SEP_STILL_ADMITTED = Message(
    "3.1.Peserta NoKa {noKartu} telah mendapat Pelayanan R.Inap pada tgl. {tglSep} dan belum "
    "dipulangkan di {namaPPK} Dgn No.SEP {noSep}",
    invented=False,
    source="docs/vclaim-api.md §3.4 E2",
)
DIAGNOSA_NOT_FOUND = Message("Kode Diagnosa {kode} tidak ditemukan", invented=True)
POLI_NOT_FOUND = Message("Kode Poli {kode} tidak ditemukan", invented=True)
POLI_REQUIRED_RAJAL = Message("Poli Tujuan tidak boleh kosong untuk Rawat Jalan", invented=True)
DPJP_REQUIRED = Message(
    "DPJP Tidak Boleh Kosong",
    invented=True,
    source="after the UAT check 'Validasi DPJP Tidak Boleh Kosong' (docs/vclaim-api.md §3.2)",
)
DPJP_LAYAN_RANAP = Message("DPJP Layan tidak diisi untuk Rawat Inap", invented=True)
RUJUKAN_REQUIRED = Message("No. Rujukan tidak boleh kosong", invented=True)
RUJUKAN_EXPIRED = Message(
    "Rujukan {noRujukan} sudah lebih dari 90 hari, masa berlaku rujukan habis", invented=True
)
RUJUKAN_AFTER_SEP = Message("Tanggal Rujukan tidak boleh melebihi Tanggal SEP", invented=True)
SEP_BACKDATE_NEEDS_APPROVAL = Message(
    "Tanggal SEP {tglSep} mundur, lakukan pengajuan SEP backdate terlebih dahulu", invented=True
)
TGLSEP_FUTURE = Message("Tanggal SEP tidak boleh melebihi tanggal hari ini", invented=True)
TUJUAN_NORMAL_NO_PROCEDURE = Message(
    "Flag Procedure dan Kode Penunjang diisi kosong jika Tujuan Kunjungan = Normal", invented=True
)
PROCEDURE_FLAG_REQUIRED = Message(
    "Flag Procedure tidak boleh kosong jika Tujuan Kunjungan = Prosedur", invented=True
)
PENUNJANG_REQUIRED = Message(
    "Kode Penunjang tidak boleh kosong jika Tujuan Kunjungan = Prosedur", invented=True
)
ASSESMENT_REQUIRED = Message(
    "Assesment Pelayanan tidak boleh kosong jika Tujuan Kunjungan = Konsul Dokter", invented=True
)
PEMBIAYAAN_REQUIRED = Message(
    "Pembiayaan dan Penanggung Jawab tidak boleh kosong jika naik kelas rawat", invented=True
)
PEMBIAYAAN_WITHOUT_NAIK = Message(
    "Pembiayaan dan Penanggung Jawab diisi kosong jika tidak naik kelas rawat", invented=True
)
LAKA_DETAIL_REQUIRED = Message(
    "{title} tidak boleh kosong untuk kasus kecelakaan (lakaLantas {lakaLantas})", invented=True
)
KEJADIAN_AFTER_SEP = Message("Tanggal Kejadian tidak boleh melebihi Tanggal SEP", invented=True)
SUPLESI_NO_SEP_REQUIRED = Message(
    "No. SEP Suplesi tidak boleh kosong jika suplesi = 1", invented=True
)
SEP_SEQUENCE_EXHAUSTED = Message(
    "Nomor SEP untuk PPK {ppk} bulan {mmyy} sudah habis", invented=True
)

# --- SEP after insert: cari, update, delete, tanggal pulang --------------------------------
SEP_NOT_FOUND = Message("No.SEP {noSep} tidak ditemukan", invented=True)
SEP_HAS_SURAT_KONTROL = Message(
    "SEP {noSep} sudah dibuatkan Surat Kontrol {noSurat}, hapus Surat Kontrol terlebih dahulu",
    invented=True,
)
PULANG_BUKAN_RANAP = Message(
    "SEP {noSep} adalah SEP Rawat Jalan, update tanggal pulang hanya untuk Rawat Inap",
    invented=True,
)
TGLPULANG_BEFORE_SEP = Message(
    "Tanggal Pulang tidak boleh kurang dari Tanggal SEP {tglSep}", invented=True
)
TGLPULANG_FUTURE = Message("Tanggal Pulang tidak boleh melebihi tanggal hari ini", invented=True)
TGLMENINGGAL_REQUIRED = Message(
    "Tanggal Meninggal tidak boleh kosong jika Status Pulang = Meninggal", invented=True
)
SURAT_MENINGGAL_REQUIRED = Message(
    "No. Surat Meninggal tidak boleh kosong jika Status Pulang = Meninggal", invented=True
)
MENINGGAL_WITHOUT_STATUS = Message(
    "Tanggal Meninggal dan No. Surat Meninggal diisi kosong jika Status Pulang bukan Meninggal",
    invented=True,
)
TGLMENINGGAL_OUTSIDE_STAY = Message(
    "Tanggal Meninggal harus di antara Tanggal SEP dan Tanggal Pulang", invented=True
)

# --- persetujuan SEP (back-date, finger print), finger print, SEP internal -----------------
PENGAJUAN_EXISTS = Message(
    "Pengajuan SEP peserta {noKartu} tanggal {tglSep} sudah ada", invented=True
)
PENGAJUAN_NOT_FOUND = Message(
    "Pengajuan SEP peserta {noKartu} tanggal {tglSep} tidak ditemukan", invented=True
)
PENGAJUAN_NOT_BACKDATE = Message(
    "Tanggal SEP {tglSep} bukan tanggal mundur, pengajuan backdate tidak diperlukan",
    invented=True,
)
FINGERPRINT_SUDAH = Message(
    "Peserta telah melakukan validasi finger print pada tanggal {tgl}",
    invented=False,
    source="docs/vclaim-api.md §3.4 (catalogue; relied on by basoro/mlite anjungan)",
)
FINGERPRINT_BELUM = Message(
    "Peserta belum melakukan validasi finger print",
    invented=False,
    source="docs/vclaim-api.md §3.4 (catalogue; relied on by basoro/mlite anjungan)",
)
SEP_INTERNAL_NOT_FOUND = Message(
    "Rujukan internal {noSurat} dari SEP {noSep} tidak ditemukan", invented=True
)

# --- lists (monitoring, updtglplg list, rencana kontrol list) --------------------------------
NO_DATA = Message(
    "Data Tidak Ditemukan",
    invented=True,
    source="dev answering 201 on an empty list is real (docs/vclaim-api.md §7); the text isn't",
)
RANGE_REVERSED = Message("Tanggal Akhir tidak boleh kurang dari Tanggal Mulai", invented=True)
RANGE_TOO_LONG = Message("Rentang tanggal pencarian maksimal {days} hari", invented=True)

# --- rencana kontrol and SPRI ----------------------------------------------------------------
SURAT_KONTROL_NOT_FOUND = Message("No.Surat Kontrol {noSurat} tidak ditemukan", invented=True)
SURAT_KONTROL_NOT_SPRI = Message("Nomor {noSurat} bukan SPRI", invented=True)
SURAT_KONTROL_NOT_KONTROL = Message("Nomor {noSurat} bukan Surat Kontrol", invented=True)
SURAT_KONTROL_USED = Message(
    "Surat Kontrol {noSurat} sudah digunakan untuk penerbitan SEP {noSep}", invented=True
)
SURAT_KONTROL_OTHER_SEP = Message(
    "No.SEP {noSep} tidak sesuai dengan SEP asal Surat Kontrol {noSurat}", invented=True
)
RENCANA_BEFORE_SEP = Message(
    "Tanggal Rencana Kontrol tidak boleh kurang dari Tanggal SEP {tglSep}", invented=True
)
RENCANA_PAST = Message(
    "Tanggal Rencana Kontrol tidak boleh kurang dari tanggal hari ini", invented=True
)

# --- SEP insert with a surat kontrol / SPRI (skdp.noSurat) -----------------------------------
SKDP_NOT_FOUND = Message("Surat Kontrol/SPRI {noSurat} tidak ditemukan", invented=True)
SKDP_OTHER_PESERTA = Message(
    "Surat Kontrol/SPRI {noSurat} bukan milik peserta NoKa {noKartu}", invented=True
)
SKDP_RANAP_NEEDS_SPRI = Message(
    "Rawat Inap harus menggunakan SPRI, {noSurat} adalah Surat Kontrol", invented=True
)
SKDP_RAJAL_NEEDS_KONTROL = Message(
    "Rawat Jalan harus menggunakan Surat Kontrol, {noSurat} adalah SPRI", invented=True
)
SKDP_POLI_MISMATCH = Message(
    "Poli Tujuan {kdPoli} tidak sesuai dengan Poli Surat Kontrol {poliKontrol}", invented=True
)
SKDP_TOO_EARLY = Message(
    "Tanggal SEP {tglSep} terlalu awal untuk Rencana Kontrol tanggal {tglRencanaKontrol}",
    invented=True,
)
SKDP_DPJP_MISMATCH = Message(
    "Kode DPJP {kodeDPJP} tidak sesuai dengan DPJP Surat Kontrol {kodeDokter}", invented=True
)

# --- rujukan (referrals) and reference checks of SEP insert ---------------------------------
RUJUKAN_NOT_FOUND = Message("No. Rujukan {noRujukan} tidak ditemukan", invented=True)
RUJUKAN_TIDAK_ADA = Message("Tidak ada data rujukan untuk peserta {noKartu}", invented=True)
RUJUKAN_OTHER_PESERTA = Message(
    "No. Rujukan {noRujukan} bukan milik peserta NoKa {noKartu}", invented=True
)
RUJUKAN_POLI_MISMATCH = Message(
    "Poli Tujuan {kdPoli} tidak sesuai dengan Poli Rujukan {poliRujukan}, kunjungan pertama "
    "harus ke poli rujukan",
    invented=True,
    source="named after the UAT check 'Poli spesialis/subspesialis harus sesuai rujukan "
    "online. Tidak bisa diubah.' (docs/vclaim-api.md §3.2)",
)
RUJUKAN_ASSESMENT_REQUIRED = Message(
    "Assesment Pelayanan tidak boleh kosong jika Poli Tujuan {kdPoli} berbeda dengan Poli "
    "Rujukan {poliRujukan}",
    invented=True,
)
PPK_RUJUKAN_NOT_FOUND = Message("Kode PPK Rujukan {kode} tidak ditemukan", invented=True)
DPJP_NOT_FOUND = Message("Kode DPJP {kode} tidak ditemukan", invented=True)
WILAYAH_NOT_FOUND = Message("Kode {title} {kode} tidak ditemukan", invented=True)
WILAYAH_OUTSIDE = Message(
    "Kode {title} {kode} tidak ditemukan di {parent} {parentKode}", invented=True
)

# --- rujukan keluar, rujukan khusus, the SEPs of a referral ---------------------------------
LASTSEP_NOT_FOUND = Message("Belum ada SEP dengan No. Rujukan {noRujukan}", invented=True)
RUJUKAN_KELUAR_BEFORE_SEP = Message(
    "Tanggal Rujukan tidak boleh kurang dari Tanggal SEP {tglSep}", invented=True
)
RUJUKAN_KELUAR_FUTURE = Message(
    "Tanggal Rujukan tidak boleh melebihi tanggal hari ini", invented=True
)
RENCANA_KUNJUNGAN_BEFORE_RUJUKAN = Message(
    "Tanggal Rencana Kunjungan tidak boleh kurang dari Tanggal Rujukan", invented=True
)
RENCANA_KUNJUNGAN_AFTER_BERLAKU = Message(
    "Tanggal Rencana Kunjungan melebihi masa berlaku rujukan {tglBerlakuKunjungan}",
    invented=True,
)
PPK_DIRUJUK_NOT_FOUND = Message("Kode PPK Dirujuk {kode} tidak ditemukan", invented=True)
PPK_DIRUJUK_SELF = Message(
    "PPK Dirujuk {kode} tidak boleh sama dengan PPK Asal Rujukan", invented=True
)
PPK_DIRUJUK_TINGKAT = Message(
    "{namaTipe} tidak dapat ditujukan ke {kode}, gunakan Faskes Tingkat {tingkat}",
    invented=True,
)
POLI_RUJUKAN_REQUIRED = Message(
    "Poli Rujukan tidak boleh kosong untuk Rujukan Penuh atau Partial", invented=True
)
POLI_RUJUKAN_PRB = Message("Poli Rujukan diisi kosong untuk Rujukan Balik PRB", invented=True)
RUJUKAN_KELUAR_USED = Message(
    "Rujukan {noRujukan} sudah digunakan untuk penerbitan SEP {noSep}", invented=True
)
SURAT_KONTROL_SEQUENCE_EXHAUSTED = Message(
    "Nomor Surat Kontrol untuk PPK {ppk} bulan {mmyy} sudah habis", invented=True
)
RUJUKAN_SEQUENCE_EXHAUSTED = Message(
    "Nomor Rujukan untuk PPK {ppk} bulan {mmyy} sudah habis", invented=True
)
SEP_HAS_RUJUKAN_KELUAR = Message(
    "SEP {noSep} sudah dibuatkan Rujukan {noRujukan}, hapus Rujukan terlebih dahulu",
    invented=True,
)
RUJUKAN_KHUSUS_PRIMER = Message(
    "Diagnosa Primer (P;kode) harus diisi tepat satu, terisi {count}", invented=True
)
RUJUKAN_KHUSUS_NOT_FOUND = Message(
    "Rujukan Khusus {idRujukan} dengan No. Rujukan {noRujukan} tidak ditemukan", invented=True
)
PROCEDURE_NOT_FOUND = Message("Kode Prosedur {kode} tidak ditemukan", invented=True)

# --- LPK (lembar pengajuan klaim) and PRB (surat rujuk balik) -------------------------------
KODE_NOT_FOUND = Message("Kode {title} {kode} tidak ditemukan", invented=True)
SEP_HAS_LPK = Message("SEP {noSep} sudah dibuatkan LPK, hapus LPK terlebih dahulu", invented=True)
SEP_HAS_SRB_DELETE = Message(
    "SEP {noSep} sudah dibuatkan SRB {noSrb}, hapus SRB terlebih dahulu", invented=True
)
LPK_EXISTS = Message("LPK untuk SEP {noSep} sudah ada, gunakan LPK/update", invented=True)
LPK_NOT_FOUND = Message("LPK untuk SEP {noSep} tidak ditemukan", invented=True)
LPK_MASUK_BEFORE_SEP = Message(
    "Tanggal Masuk tidak boleh kurang dari Tanggal SEP {tglSep}", invented=True
)
LPK_KELUAR_BEFORE_MASUK = Message(
    "Tanggal Keluar tidak boleh kurang dari Tanggal Masuk", invented=True
)
LPK_KELUAR_FUTURE = Message("Tanggal Keluar tidak boleh melebihi tanggal hari ini", invented=True)
LPK_FIELD_FOR_JENIS = Message("{title} tidak boleh kosong untuk {jenis}", invented=True)
LPK_DIAGNOSA_PRIMER = Message(
    "Diagnosa Primer (level 1) harus diisi tepat satu, terisi {count}", invented=True
)
LPK_TINDAK_LANJUT_DETAIL = Message(
    "{title} tidak boleh kosong jika Tindak Lanjut = {tindakLanjut}", invented=True
)
LPK_KONTROL_BEFORE_KELUAR = Message(
    "Tanggal Kontrol Kembali tidak boleh kurang dari Tanggal Keluar", invented=True
)
SRB_NOT_FOUND = Message("No.SRB {noSrb} tidak ditemukan", invented=True)
SRB_OTHER_SEP = Message("No.SRB {noSrb} tidak sesuai dengan No.SEP {noSep}", invented=True)
SEP_HAS_SRB = Message("SEP {noSep} sudah dibuatkan SRB {noSrb}", invented=True)
PRB_PESERTA_MISMATCH = Message(
    "No.Kartu {noKartu} tidak sesuai dengan peserta SEP {noSep}", invented=True
)
PRB_RAJAL_ONLY = Message(
    "SRB hanya dapat dibuat dari SEP Rawat Jalan, {noSep} adalah SEP Rawat Inap",
    invented=True,
    source="the rule is the catalogue's ('noSep: no sep rawat jalan'); the text is not",
)

# --- Antrean RS (docs/antrean-aplicares.md §3) ------------------------------------------------
ANTREAN_DUPLIKASI = Message(
    "Terdapat duplikasi Kode Booking",
    invented=False,
    source="raw production body stored by a Laravel SIMRS (reference U-A5)",
)
ANTREAN_RUJUKAN_TIDAK_VALID = Message(
    "Rujukan tidak valid", invented=False, source="Node cron client, Khanza CSV (U-A6, U-CSV)"
)
ANTREAN_DOKTER_NOT_FOUND = Message(
    "Data dokter tidak ditemukan.", invented=False, source="Node cron client (U-A6)"
)
ANTREAN_JADWAL_NOT_FOUND = Message("Jadwal dokter tidak ditemukan", invented=True)
ANTREAN_JADWAL_FORMAT = Message("Format jadwal tidak sesuai", invented=True)
ANTREAN_POLI_NOT_FOUND = Message("Poli {kodepoli} tidak ditemukan", invented=True)
ANTREAN_FIELD_EMPTY = Message("{field} tidak boleh kosong", invented=True)
ANTREAN_FIELD_INVALID = Message("{field} tidak sesuai", invented=True)
ANTREAN_TANGGAL_MUNDUR = Message(
    "Tanggal Periksa tidak berlaku mundur",
    invented=True,
    source="the hospital side's wording in Khanza's WS RS (docs/antrean-aplicares.md §3.2)",
)
ANTREAN_KUOTA_PENUH = Message("Kuota {jenis} untuk jadwal {jampraktek} sudah penuh", invented=True)
ANTREAN_KUOTA_TIDAK_SESUAI = Message("Sisa kuota tidak boleh melebihi kuota", invented=True)
ANTREAN_NIK_TIDAK_SESUAI = Message(
    "NIK {nik} tidak sesuai dengan No.Kartu {nomorkartu}", invented=True
)
ANTREAN_BOOKING_NOT_FOUND = Message("Kode Booking tidak ditemukan", invented=True)
ANTREAN_SUDAH_BATAL = Message("Antrean sudah dibatalkan", invented=True)
ANTREAN_FARMASI_SUDAH_ADA = Message("Antrean farmasi sudah ada", invented=True)
TASK_SUDAH_ADA = Message(
    "TaskId={n} sudah ada", invented=False, source="several clients (reference T1)"
)
TASK_SEBELUMNYA_BELUM = Message(
    "TaskId={n} tidak valid / TaskId sebelumnya belum terkirim",
    invented=False,
    source="React and Laravel clients (reference T2)",
)
TASK_3_BELUM_ADA = Message(
    "TaskId=3 belum ada", invented=False, source="React and Laravel clients (reference T3)"
)
TASK_2_BELUM_ADA = Message(
    "Task=1 ada. TaskId=2 belum ada", invented=False, source="React client (reference T4)"
)
TASK_TERAKHIR_99 = Message(
    "TaskId terakhir 99", invented=False, source="Laravel and PHP clients (reference T5)"
)
TASK_TIDAK_VALID = Message("TaskId={n} tidak valid", invented=True)
TASK_WAKTU_FORMAT = Message("Format waktu tidak sesuai", invented=True)
TASK_WAKTU_MUNDUR = Message(
    "waktu TaskId={n} tidak boleh kurang dari waktu TaskId sebelumnya",
    invented=True,
    source="built from the substrings a PHP robot matches (reference T8)",
)

# --- Aplicares (docs/antrean-aplicares.md §5) ----------------------------------------------------
KAMAR_DISIMPAN = Message(
    "Data berhasil disimpan.", invented=False, source="Khanza compares it exactly"
)
KAMAR_DIUPDATE = Message(
    "Data berhasil diupdate.", invented=False, source="Khanza compares it exactly"
)
KAMAR_DIHAPUS = Message(
    "Data berhasil dihapus.", invented=False, source="Khanza compares it exactly"
)
KAMAR_TIDAK_ADA = Message(
    "Data tidak ada di database.", invented=False, source="a PHP service and its test (U-AP1)"
)
KAMAR_SUDAH_ADA = Message("Data sudah ada.", invented=True)
KAMAR_PPK_TIDAK_SESUAI = Message("Kode PPK tidak sesuai", invented=True)
KAMAR_KELAS_NOT_FOUND = Message("Kode kelas {kodekelas} tidak ditemukan", invented=True)

# --- i-Care (docs/antrean-aplicares.md §6) -------------------------------------------------------
ICARE_PESERTA_NOT_FOUND = Message("Peserta tidak ditemukan", invented=True)
ICARE_DOKTER_NOT_FOUND = Message("Dokter tidak ditemukan", invented=True)

# --- the mock's own answers (scenarios); not BPJS texts -------------------------------------
INTERNAL_ERROR = Message(
    "Terjadi kesalahan pada server mock ({kind}), lihat log mockvclaim", invented=True
)
SCENARIO_UNKNOWN = Message("Skenario mock {rule} tidak dikenal (X-Mock-Scenario)", invented=True)


def catalogue() -> dict[str, Message]:
    """Every message by its name here, for scenario files' `message_id`."""
    return {name: value for name, value in globals().items() if isinstance(value, Message)}
