"""The world's state in SQLite, kept per consumer (cons-id): issued SEPs and their numbers,
discharges, surat kontrol and SPRI.

Every write is one transaction, committed before the caller answers, so an acknowledged
SEP survives a restart with a file database and a failure never leaves half a record.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sep_sequence (
    cons_id TEXT NOT NULL,
    prefix  TEXT NOT NULL,          -- {PPK}{MM}{YY}{V SEP | K surat kontrol and SPRI}
    last    INTEGER NOT NULL,
    PRIMARY KEY (cons_id, prefix)
);
CREATE TABLE IF NOT EXISTS sep (
    cons_id       TEXT NOT NULL,
    no_sep        TEXT NOT NULL COLLATE NOCASE,  -- clients type them in either case
    no_kartu      TEXT NOT NULL,
    tgl_sep       TEXT NOT NULL,
    jns_pelayanan TEXT NOT NULL,
    kd_poli       TEXT NOT NULL,
    ppk_pelayanan TEXT NOT NULL,
    tgl_pulang    TEXT,
    request       TEXT NOT NULL,    -- the t_sep as accepted
    response      TEXT NOT NULL,    -- the sep object as answered
    PRIMARY KEY (cons_id, no_sep)
);
-- tgl_sep in the card index too, so the planner never prefers the date index for a
-- card's visits on one day (that scans every SEP of the day: seen in the bench).
CREATE INDEX IF NOT EXISTS sep_by_card ON sep (cons_id, no_kartu, tgl_sep);
CREATE INDEX IF NOT EXISTS sep_by_date ON sep (cons_id, tgl_sep);
-- Remembered referrals are found through the SEPs that used them (core/rujukan.py).
CREATE INDEX IF NOT EXISTS sep_by_rujukan
    ON sep (cons_id, json_extract(request, '$.rujukan.noRujukan') COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS sep_pulang (  -- SEP/2.0/updtglplg: the last discharge per SEP
    cons_id            TEXT NOT NULL,
    no_sep             TEXT NOT NULL COLLATE NOCASE,
    status_pulang      TEXT NOT NULL,
    tgl_pulang         TEXT NOT NULL,
    tgl_meninggal      TEXT NOT NULL,
    no_surat_meninggal TEXT NOT NULL,
    no_lp_manual       TEXT NOT NULL,
    user               TEXT NOT NULL,
    PRIMARY KEY (cons_id, no_sep)
);
CREATE TABLE IF NOT EXISTS surat_kontrol (  -- surat kontrol (jns 2) and SPRI (jns 1)
    cons_id       TEXT NOT NULL,
    no_surat      TEXT NOT NULL COLLATE NOCASE,
    jns_kontrol   TEXT NOT NULL,
    no_sep_asal   TEXT COLLATE NOCASE,      -- the SEP a surat kontrol follows; NULL for SPRI
    no_kartu      TEXT NOT NULL,
    kd_poli       TEXT NOT NULL,
    kd_dokter     TEXT NOT NULL,
    tgl_rencana   TEXT NOT NULL,
    tgl_terbit    TEXT NOT NULL,
    user          TEXT NOT NULL,
    form_prb      TEXT,                     -- JSON, RencanaKontrol v2 only
    no_sep_terbit TEXT COLLATE NOCASE,      -- the SEP issued with this letter
    remembered    INTEGER NOT NULL,         -- 1: learnt from a SEP insert (lenient mode)
    PRIMARY KEY (cons_id, no_surat)
);
CREATE INDEX IF NOT EXISTS surat_kontrol_by_card ON surat_kontrol (cons_id, no_kartu);
CREATE TABLE IF NOT EXISTS rujukan_keluar (  -- Rujukan/2.0/insert: referrals written out
    cons_id       TEXT NOT NULL,
    no_rujukan    TEXT NOT NULL COLLATE NOCASE,
    no_sep        TEXT NOT NULL COLLATE NOCASE,  -- the SEP the referral was written on
    no_kartu      TEXT NOT NULL,
    tgl_rujukan   TEXT NOT NULL,
    tgl_rencana   TEXT NOT NULL,                 -- tglRencanaKunjungan
    ppk_asal      TEXT NOT NULL,
    ppk_dirujuk   TEXT NOT NULL,
    jns_pelayanan TEXT NOT NULL,
    catatan       TEXT NOT NULL,
    diag_rujukan  TEXT NOT NULL,
    tipe_rujukan  TEXT NOT NULL,                 -- 0 penuh, 1 partial, 2 balik PRB
    poli_rujukan  TEXT NOT NULL,
    user          TEXT NOT NULL,
    PRIMARY KEY (cons_id, no_rujukan)
);
CREATE INDEX IF NOT EXISTS rujukan_keluar_by_date ON rujukan_keluar (cons_id, tgl_rujukan);
CREATE INDEX IF NOT EXISTS rujukan_keluar_by_sep ON rujukan_keluar (cons_id, no_sep);
CREATE INDEX IF NOT EXISTS rujukan_keluar_by_card ON rujukan_keluar (cons_id, no_kartu);
CREATE TABLE IF NOT EXISTS rujukan_khusus (  -- Rujukan/Khusus/insert
    cons_id     TEXT NOT NULL,
    id_rujukan  INTEGER NOT NULL,
    no_rujukan  TEXT NOT NULL COLLATE NOCASE,
    no_kartu    TEXT NOT NULL,
    diag_ppk    TEXT NOT NULL,                   -- the primary diagnosis
    diagnosa    TEXT NOT NULL,                   -- JSON list of "P;N18" / "S;N18.1"
    procedure   TEXT NOT NULL,                   -- JSON list of ICD-9-CM codes
    tgl_awal    TEXT NOT NULL,
    tgl_akhir   TEXT NOT NULL,
    user        TEXT NOT NULL,
    PRIMARY KEY (cons_id, id_rujukan)
);
CREATE INDEX IF NOT EXISTS rujukan_khusus_by_no ON rujukan_khusus (cons_id, no_rujukan);
CREATE TABLE IF NOT EXISTS lpk (  -- lembar pengajuan klaim: at most one per SEP
    cons_id   TEXT NOT NULL,
    no_sep    TEXT NOT NULL COLLATE NOCASE,
    tgl_masuk TEXT NOT NULL,
    request   TEXT NOT NULL,    -- the t_lpk as accepted (or last updated)
    PRIMARY KEY (cons_id, no_sep)
);
CREATE INDEX IF NOT EXISTS lpk_by_masuk ON lpk (cons_id, tgl_masuk);
CREATE TABLE IF NOT EXISTS prb (  -- surat rujuk balik (program rujuk balik): one per SEP
    cons_id TEXT NOT NULL,
    no_srb  TEXT NOT NULL,
    no_sep  TEXT NOT NULL COLLATE NOCASE,
    tgl_srb TEXT NOT NULL,
    request TEXT NOT NULL,      -- the t_prb as accepted (or last updated)
    PRIMARY KEY (cons_id, no_srb)
);
CREATE UNIQUE INDEX IF NOT EXISTS prb_by_sep ON prb (cons_id, no_sep);
CREATE INDEX IF NOT EXISTS prb_by_tgl ON prb (cons_id, tgl_srb);
CREATE TABLE IF NOT EXISTS persetujuan_sep (  -- Sep/pengajuanSEP and Sep/aprovalSEP
    cons_id       TEXT NOT NULL,
    no_kartu      TEXT NOT NULL,
    tgl_sep       TEXT NOT NULL,
    jns_pelayanan TEXT NOT NULL,
    jns_pengajuan TEXT NOT NULL,            -- 1 backdate, 2 finger print
    keterangan    TEXT NOT NULL,
    user          TEXT NOT NULL,
    disetujui     INTEGER NOT NULL,         -- 0 pending, 1 approved (aprovalSEP)
    PRIMARY KEY (cons_id, no_kartu, tgl_sep, jns_pelayanan, jns_pengajuan)
);
CREATE INDEX IF NOT EXISTS persetujuan_by_date ON persetujuan_sep (cons_id, tgl_sep);
CREATE TABLE IF NOT EXISTS fingerprint (  -- validations recorded by SEP/FingerPrint/randomanswer
    cons_id  TEXT NOT NULL,
    no_kartu TEXT NOT NULL,
    tgl      TEXT NOT NULL,
    PRIMARY KEY (cons_id, no_kartu, tgl)
);
CREATE TABLE IF NOT EXISTS sep_internal_hapus (  -- SEP/Internal/delete: referrals removed
    cons_id  TEXT NOT NULL,
    no_surat TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (cons_id, no_surat)
);
"""

_COLUMNS = (
    "no_sep, no_kartu, tgl_sep, jns_pelayanan, kd_poli, ppk_pelayanan, tgl_pulang, "
    "request, response"
)


@dataclass(frozen=True)
class SepRecord:
    no_sep: str
    no_kartu: str
    tgl_sep: str
    jns_pelayanan: str  # "1" R.Inap, "2" R.Jalan
    kd_poli: str
    ppk_pelayanan: str
    tgl_pulang: str | None
    request: dict[str, Any]
    response: dict[str, Any]


@dataclass(frozen=True)
class PulangRecord:
    """A discharge (SEP/2.0/updtglplg) as accepted."""

    no_sep: str
    status_pulang: str
    tgl_pulang: str
    tgl_meninggal: str
    no_surat_meninggal: str
    no_lp_manual: str
    user: str


@dataclass(frozen=True)
class PersetujuanRecord:
    """A back-date or finger print request (Sep/pengajuanSEP) and whether it is approved."""

    no_kartu: str
    tgl_sep: str
    jns_pelayanan: str
    jns_pengajuan: str
    keterangan: str
    user: str
    disetujui: bool


@dataclass(frozen=True)
class LpkRecord:
    """A lembar pengajuan klaim (LPK/insert, LPK/update) of one SEP."""

    no_sep: str
    tgl_masuk: str
    request: dict[str, Any]


@dataclass(frozen=True)
class PrbRecord:
    """A surat rujuk balik (PRB/insert, PRB/Update) written after one SEP."""

    no_srb: str
    no_sep: str
    tgl_srb: str
    request: dict[str, Any]


@dataclass(frozen=True)
class SuratKontrolRecord:
    """A surat kontrol (jns_kontrol "2", follows a SEP) or an SPRI ("1", for a card)."""

    no_surat: str
    jns_kontrol: str
    no_sep_asal: str | None
    no_kartu: str
    kd_poli: str
    kd_dokter: str
    tgl_rencana: str
    tgl_terbit: str
    user: str
    form_prb: dict[str, Any] | None = None
    no_sep_terbit: str | None = None
    remembered: bool = False


@dataclass(frozen=True)
class RujukanKeluarRecord:
    """A referral this hospital wrote out on one of its SEPs (`{PPK}{MMYY}B{6}`)."""

    no_rujukan: str
    no_sep: str
    no_kartu: str
    tgl_rujukan: str
    tgl_rencana: str
    ppk_asal: str
    ppk_dirujuk: str
    jns_pelayanan: str
    catatan: str
    diag_rujukan: str
    tipe_rujukan: str
    poli_rujukan: str
    user: str


@dataclass(frozen=True)
class RujukanKhususRecord:
    """A rujukan khusus: a referral's validity for a long treatment (Rujukan/Khusus/insert)."""

    id_rujukan: int
    no_rujukan: str
    no_kartu: str
    diag_ppk: str
    diagnosa: tuple[str, ...]
    procedure: tuple[str, ...]
    tgl_awal: str
    tgl_akhir: str
    user: str


class Store:
    """One SQLite database; `path=":memory:"` is a fresh world every start."""

    def __init__(self, path: str = ":memory:") -> None:
        # The event loop thread is the only user, but the pytest plugin builds the store
        # on one thread and serves from another.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        if path != ":memory:":
            # WAL + NORMAL: a committed transaction survives a killed process.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def reset(self) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM sep")
            db.execute("DELETE FROM sep_sequence")
            db.execute("DELETE FROM sep_pulang")
            db.execute("DELETE FROM surat_kontrol")
            db.execute("DELETE FROM rujukan_keluar")
            db.execute("DELETE FROM rujukan_khusus")
            db.execute("DELETE FROM lpk")
            db.execute("DELETE FROM prb")
            db.execute("DELETE FROM persetujuan_sep")
            db.execute("DELETE FROM fingerprint")
            db.execute("DELETE FROM sep_internal_hapus")

    def create_sep(
        self,
        cons_id: str,
        prefix: str,
        build: Callable[[int], SepRecord],
        *,
        letter: SuratKontrolRecord | None = None,
    ) -> SepRecord:
        """Take the next number after `prefix` and store what `build` makes of it, atomically.

        `build` may raise; then neither the number nor the record is kept. `letter` is the
        surat kontrol / SPRI the SEP was issued with: stored if the world did not know it
        yet, and marked as used by the new SEP, in the same transaction.
        """
        with self._transaction() as db:
            sequence = _next_sequence(db, cons_id, prefix)
            record = build(sequence)
            db.execute(
                f"INSERT INTO sep (cons_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (cons_id, *_row(record)),
            )
            if letter is not None:
                if letter.remembered:
                    _insert_letter(db, cons_id, letter, or_ignore=True)
                db.execute(
                    "UPDATE surat_kontrol SET no_sep_terbit = ? WHERE cons_id = ? AND no_surat = ?",
                    (record.no_sep, cons_id, letter.no_surat),
                )
        return record

    def update_sep(self, cons_id: str, no_sep: str, kd_poli: str, request: dict[str, Any]) -> None:
        """Replace the accepted t_sep of a SEP (SEP/2.0/update) and its poli."""
        with self._transaction() as db:
            db.execute(
                "UPDATE sep SET kd_poli = ?, request = ? WHERE cons_id = ? AND no_sep = ?",
                (kd_poli, json.dumps(request, ensure_ascii=False), cons_id, no_sep),
            )

    def delete_sep(self, cons_id: str, no_sep: str) -> None:
        """Forget a SEP everywhere: its discharge goes, a letter it used is free again."""
        with self._transaction() as db:
            db.execute("DELETE FROM sep WHERE cons_id = ? AND no_sep = ?", (cons_id, no_sep))
            db.execute("DELETE FROM sep_pulang WHERE cons_id = ? AND no_sep = ?", (cons_id, no_sep))
            db.execute(
                "UPDATE surat_kontrol SET no_sep_terbit = NULL "
                "WHERE cons_id = ? AND no_sep_terbit = ?",
                (cons_id, no_sep),
            )

    def discharge_sep(self, cons_id: str, pulang: PulangRecord) -> None:
        """Record (or correct) a SEP's discharge; the SEP no longer counts as admitted."""
        with self._transaction() as db:
            db.execute(
                "UPDATE sep SET tgl_pulang = ? WHERE cons_id = ? AND no_sep = ?",
                (pulang.tgl_pulang, cons_id, pulang.no_sep),
            )
            db.execute(
                "INSERT OR REPLACE INTO sep_pulang (cons_id, no_sep, status_pulang, tgl_pulang, "
                "tgl_meninggal, no_surat_meninggal, no_lp_manual, user) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    cons_id,
                    pulang.no_sep,
                    pulang.status_pulang,
                    pulang.tgl_pulang,
                    pulang.tgl_meninggal,
                    pulang.no_surat_meninggal,
                    pulang.no_lp_manual,
                    pulang.user,
                ),
            )

    def discharges_between(
        self, cons_id: str, first: str, last: str
    ) -> list[tuple[PulangRecord, SepRecord]]:
        """Discharges with tglPulang in [first, last] (yyyy-MM-dd), oldest first."""
        columns = ", ".join(f"s.{name.strip()}" for name in _COLUMNS.split(","))
        rows = self._db.execute(
            "SELECT p.no_sep, p.status_pulang, p.tgl_pulang, p.tgl_meninggal, "
            f"p.no_surat_meninggal, p.no_lp_manual, p.user, {columns} "
            "FROM sep_pulang p JOIN sep s ON s.cons_id = p.cons_id AND s.no_sep = p.no_sep "
            "WHERE p.cons_id = ? AND p.tgl_pulang BETWEEN ? AND ? "
            "ORDER BY p.tgl_pulang, p.no_sep",
            (cons_id, first, last),
        ).fetchall()
        return [(PulangRecord(*row[:7]), _record(row[7:])) for row in rows]

    def seps_on_date(self, cons_id: str, tgl_sep: str, jns_pelayanan: str) -> list[SepRecord]:
        return self._many(
            f"SELECT {_COLUMNS} FROM sep WHERE cons_id = ? AND tgl_sep = ? "
            "AND jns_pelayanan = ? ORDER BY +no_sep",  # `+`: sort, don't walk the primary key
            cons_id,
            tgl_sep,
            jns_pelayanan,
        )

    def seps_of_card(self, cons_id: str, no_kartu: str, first: str, last: str) -> list[SepRecord]:
        """A card's SEPs with tglSep in [first, last], oldest first."""
        return self._many(
            f"SELECT {_COLUMNS} FROM sep WHERE cons_id = ? AND no_kartu = ? "
            "AND tgl_sep BETWEEN ? AND ? ORDER BY tgl_sep, no_sep",
            cons_id,
            no_kartu,
            first,
            last,
        )

    # --- surat kontrol and SPRI ---------------------------------------------------------------

    def create_letter(
        self, cons_id: str, prefix: str, build: Callable[[int], SuratKontrolRecord]
    ) -> SuratKontrolRecord:
        """Like create_sep: the next `{PPK}{MMYY}K` number and the letter, atomically."""
        with self._transaction() as db:
            record = build(_next_sequence(db, cons_id, prefix))
            _insert_letter(db, cons_id, record)
        return record

    def update_letter(self, cons_id: str, record: SuratKontrolRecord) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE surat_kontrol SET kd_poli = ?, kd_dokter = ?, tgl_rencana = ?, user = ?, "
                "form_prb = ? WHERE cons_id = ? AND no_surat = ?",
                (
                    record.kd_poli,
                    record.kd_dokter,
                    record.tgl_rencana,
                    record.user,
                    None if record.form_prb is None else json.dumps(record.form_prb),
                    cons_id,
                    record.no_surat,
                ),
            )

    def delete_letter(self, cons_id: str, no_surat: str) -> None:
        with self._transaction() as db:
            db.execute(
                "DELETE FROM surat_kontrol WHERE cons_id = ? AND no_surat = ?", (cons_id, no_surat)
            )

    def get_letter(self, cons_id: str, no_surat: str) -> SuratKontrolRecord | None:
        row = self._db.execute(
            f"SELECT {_LETTER_COLUMNS} FROM surat_kontrol WHERE cons_id = ? AND no_surat = ?",
            (cons_id, no_surat),
        ).fetchone()
        return None if row is None else _letter(row)

    def letters_after_sep(self, cons_id: str, no_sep: str) -> list[SuratKontrolRecord]:
        """The surat kontrol written after a SEP (noSepAsalKontrol)."""
        return self._letters("no_sep_asal = ?", cons_id, no_sep)

    def letters_between(
        self, cons_id: str, by_plan: bool, first: str, last: str, no_kartu: str | None = None
    ) -> list[SuratKontrolRecord]:
        """Letters issued (or, `by_plan`, planned) in [first, last], optionally of one card."""
        column = "tgl_rencana" if by_plan else "tgl_terbit"
        where = f"{column} BETWEEN ? AND ?"
        if no_kartu is None:
            return self._letters(where, cons_id, first, last)
        return self._letters(f"{where} AND no_kartu = ?", cons_id, first, last, no_kartu)

    # --- persetujuan SEP, finger print, SEP internal ---------------------------------------------

    def add_pengajuan(self, cons_id: str, record: PersetujuanRecord) -> bool:
        """Store a request; False (nothing stored) when the same one exists already."""
        with self._transaction() as db:
            cursor = db.execute(
                f"INSERT OR IGNORE INTO persetujuan_sep (cons_id, {_PERSETUJUAN_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (cons_id, *_persetujuan_row(record)),
            )
            return cursor.rowcount == 1

    def approve_pengajuan(self, cons_id: str, record: PersetujuanRecord) -> None:
        """Mark a request approved, storing it first (approved) when it is not there."""
        with self._transaction() as db:
            db.execute(
                f"INSERT INTO persetujuan_sep (cons_id, {_PERSETUJUAN_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
                "(cons_id, no_kartu, tgl_sep, jns_pelayanan, jns_pengajuan) "
                "DO UPDATE SET disetujui = 1",
                (cons_id, *_persetujuan_row(record)),
            )

    def get_pengajuan(
        self, cons_id: str, no_kartu: str, tgl_sep: str, jns_pelayanan: str, jns_pengajuan: str
    ) -> PersetujuanRecord | None:
        row = self._db.execute(
            f"SELECT {_PERSETUJUAN_COLUMNS} FROM persetujuan_sep WHERE cons_id = ? "
            "AND no_kartu = ? AND tgl_sep = ? AND jns_pelayanan = ? AND jns_pengajuan = ?",
            (cons_id, no_kartu, tgl_sep, jns_pelayanan, jns_pengajuan),
        ).fetchone()
        return None if row is None else _persetujuan(row)

    def pengajuan_between(self, cons_id: str, first: str, last: str) -> list[PersetujuanRecord]:
        """Requests with tglSep in [first, last], in date then arrival order."""
        rows = self._db.execute(
            f"SELECT {_PERSETUJUAN_COLUMNS} FROM persetujuan_sep WHERE cons_id = ? "
            "AND tgl_sep BETWEEN ? AND ? ORDER BY tgl_sep, rowid",
            (cons_id, first, last),
        ).fetchall()
        return [_persetujuan(row) for row in rows]

    def record_fingerprint(self, cons_id: str, no_kartu: str, tgl: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO fingerprint (cons_id, no_kartu, tgl) VALUES (?, ?, ?)",
                (cons_id, no_kartu, tgl),
            )

    def has_fingerprint(self, cons_id: str, no_kartu: str, tgl: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM fingerprint WHERE cons_id = ? AND no_kartu = ? AND tgl = ?",
            (cons_id, no_kartu, tgl),
        ).fetchone()
        return row is not None

    def hide_internal(self, cons_id: str, no_surat: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO sep_internal_hapus (cons_id, no_surat) VALUES (?, ?)",
                (cons_id, no_surat),
            )

    def internal_hidden(self, cons_id: str, no_surat: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM sep_internal_hapus WHERE cons_id = ? AND no_surat = ?",
            (cons_id, no_surat),
        ).fetchone()
        return row is not None

    # --- LPK (lembar pengajuan klaim) and PRB (surat rujuk balik) -----------------------------

    def save_lpk(self, cons_id: str, record: LpkRecord, *, new: bool) -> bool:
        """Insert (`new`) or replace a SEP's LPK; False, nothing written, when the SEP already
        has one (insert) or has none (update)."""
        request = json.dumps(record.request, ensure_ascii=False)
        with self._transaction() as db:
            if new:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO lpk (cons_id, no_sep, tgl_masuk, request) "
                    "VALUES (?, ?, ?, ?)",
                    (cons_id, record.no_sep, record.tgl_masuk, request),
                )
            else:
                cursor = db.execute(
                    "UPDATE lpk SET tgl_masuk = ?, request = ? WHERE cons_id = ? AND no_sep = ?",
                    (record.tgl_masuk, request, cons_id, record.no_sep),
                )
            return cursor.rowcount == 1

    def delete_lpk(self, cons_id: str, no_sep: str) -> bool:
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM lpk WHERE cons_id = ? AND no_sep = ?", (cons_id, no_sep)
            )
            return cursor.rowcount == 1

    def get_lpk(self, cons_id: str, no_sep: str) -> LpkRecord | None:
        row = self._db.execute(
            "SELECT no_sep, tgl_masuk, request FROM lpk WHERE cons_id = ? AND no_sep = ?",
            (cons_id, no_sep),
        ).fetchone()
        return None if row is None else LpkRecord(row[0], row[1], json.loads(row[2]))

    def lpk_on_date(
        self, cons_id: str, tgl_masuk: str, jns_pelayanan: str
    ) -> list[tuple[LpkRecord, SepRecord]]:
        """LPKs with this tglMasuk whose SEP has this service type, by SEP number."""
        columns = ", ".join(f"s.{name.strip()}" for name in _COLUMNS.split(","))
        rows = self._db.execute(
            f"SELECT l.no_sep, l.tgl_masuk, l.request, {columns} FROM lpk l "
            "JOIN sep s ON s.cons_id = l.cons_id AND s.no_sep = l.no_sep "
            "WHERE l.cons_id = ? AND l.tgl_masuk = ? AND s.jns_pelayanan = ? ORDER BY l.no_sep",
            (cons_id, tgl_masuk, jns_pelayanan),
        ).fetchall()
        return [(LpkRecord(r[0], r[1], json.loads(r[2])), _record(r[3:])) for r in rows]

    def create_prb(self, cons_id: str, build: Callable[[int], PrbRecord]) -> PrbRecord:
        """The next SRB sequence number of this consumer and the letter, atomically."""
        with self._transaction() as db:
            record = build(_next_sequence(db, cons_id, _SRB_SEQUENCE))
            db.execute(
                "INSERT INTO prb (cons_id, no_srb, no_sep, tgl_srb, request) "
                "VALUES (?, ?, ?, ?, ?)",
                (cons_id, *_prb_row(record)),
            )
        return record

    def update_prb(self, cons_id: str, record: PrbRecord) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE prb SET request = ? WHERE cons_id = ? AND no_srb = ?",
                (json.dumps(record.request, ensure_ascii=False), cons_id, record.no_srb),
            )

    def delete_prb(self, cons_id: str, no_srb: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM prb WHERE cons_id = ? AND no_srb = ?", (cons_id, no_srb))

    def get_prb(self, cons_id: str, no_srb: str) -> PrbRecord | None:
        return self._one_prb("no_srb = ?", cons_id, no_srb)

    def prb_of_sep(self, cons_id: str, no_sep: str) -> PrbRecord | None:
        return self._one_prb("no_sep = ?", cons_id, no_sep)

    def prb_between(self, cons_id: str, first: str, last: str) -> list[PrbRecord]:
        """Letters with tglSRB in [first, last], oldest first."""
        rows = self._db.execute(
            "SELECT no_srb, no_sep, tgl_srb, request FROM prb WHERE cons_id = ? "
            "AND tgl_srb BETWEEN ? AND ? ORDER BY tgl_srb, CAST(no_srb AS INTEGER)",
            (cons_id, first, last),
        ).fetchall()
        return [_prb(row) for row in rows]

    def _one_prb(self, where: str, cons_id: str, value: str) -> PrbRecord | None:
        row = self._db.execute(
            f"SELECT no_srb, no_sep, tgl_srb, request FROM prb WHERE cons_id = ? AND {where}",
            (cons_id, value),
        ).fetchone()
        return None if row is None else _prb(row)

    def seps_between(self, cons_id: str, first: str, last: str) -> list[SepRecord]:
        """Every SEP with tglSep in [first, last], by date then number."""
        return self._many(
            f"SELECT {_COLUMNS} FROM sep WHERE cons_id = ? AND tgl_sep BETWEEN ? AND ? "
            "ORDER BY tgl_sep, no_sep",
            cons_id,
            first,
            last,
        )

    # --- rujukan keluar and rujukan khusus ---------------------------------------------------

    def create_rujukan_keluar(
        self, cons_id: str, prefix: str, build: Callable[[int], RujukanKeluarRecord | None]
    ) -> RujukanKeluarRecord:
        """Like create_sep: the next `{PPK}{MMYY}B` number and the referral, atomically.
        `build` answers None for a number that means something else already; the next
        number is tried."""
        with self._transaction() as db:
            record = build(_next_sequence(db, cons_id, prefix))
            while record is None:
                record = build(_next_sequence(db, cons_id, prefix))
            db.execute(
                f"INSERT INTO rujukan_keluar (cons_id, {_KELUAR_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (cons_id, *_keluar_row(record)),
            )
        return record

    def update_rujukan_keluar(self, cons_id: str, record: RujukanKeluarRecord) -> None:
        with self._transaction() as db:
            db.execute(
                "DELETE FROM rujukan_keluar WHERE cons_id = ? AND no_rujukan = ?",
                (cons_id, record.no_rujukan),
            )
            db.execute(
                f"INSERT INTO rujukan_keluar (cons_id, {_KELUAR_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (cons_id, *_keluar_row(record)),
            )

    def delete_rujukan_keluar(self, cons_id: str, no_rujukan: str) -> None:
        with self._transaction() as db:
            db.execute(
                "DELETE FROM rujukan_keluar WHERE cons_id = ? AND no_rujukan = ?",
                (cons_id, no_rujukan),
            )

    def get_rujukan_keluar(self, cons_id: str, no_rujukan: str) -> RujukanKeluarRecord | None:
        found = self._keluar("no_rujukan = ?", cons_id, no_rujukan)
        return found[0] if found else None

    def rujukan_keluar_between(
        self, cons_id: str, first: str, last: str, *, by_plan: bool = False
    ) -> list[RujukanKeluarRecord]:
        """Referrals written (or, `by_plan`, planned to be visited) in [first, last]."""
        column = "tgl_rencana" if by_plan else "tgl_rujukan"
        return self._keluar(f"{column} BETWEEN ? AND ?", cons_id, first, last)

    def rujukan_keluar_of_sep(self, cons_id: str, no_sep: str) -> list[RujukanKeluarRecord]:
        return self._keluar("no_sep = ?", cons_id, no_sep)

    def rujukan_keluar_of_card(self, cons_id: str, no_kartu: str) -> list[RujukanKeluarRecord]:
        return self._keluar("no_kartu = ?", cons_id, no_kartu)

    def _keluar(self, where: str, cons_id: str, *params: str) -> list[RujukanKeluarRecord]:
        rows = self._db.execute(
            f"SELECT {_KELUAR_COLUMNS} FROM rujukan_keluar WHERE cons_id = ? AND {where} "
            "ORDER BY tgl_rujukan, no_rujukan",
            (cons_id, *params),
        ).fetchall()
        return [RujukanKeluarRecord(*row) for row in rows]

    def create_rujukan_khusus(
        self, cons_id: str, build: Callable[[int], RujukanKhususRecord]
    ) -> RujukanKhususRecord:
        """The next id of this consumer's rujukan khusus and the record, atomically."""
        with self._transaction() as db:
            record = build(_next_sequence(db, cons_id, _KHUSUS_SEQUENCE))
            db.execute(
                f"INSERT INTO rujukan_khusus (cons_id, {_KHUSUS_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (cons_id, *_khusus_row(record)),
            )
        return record

    def delete_rujukan_khusus(self, cons_id: str, id_rujukan: int) -> None:
        with self._transaction() as db:
            db.execute(
                "DELETE FROM rujukan_khusus WHERE cons_id = ? AND id_rujukan = ?",
                (cons_id, id_rujukan),
            )

    def get_rujukan_khusus(self, cons_id: str, id_rujukan: int) -> RujukanKhususRecord | None:
        found = self._khusus("id_rujukan = ?", cons_id, id_rujukan)
        return found[0] if found else None

    def rujukan_khusus_of(self, cons_id: str, no_rujukan: str) -> list[RujukanKhususRecord]:
        return self._khusus("no_rujukan = ?", cons_id, no_rujukan)

    def rujukan_khusus_between(
        self, cons_id: str, first: str, last: str
    ) -> list[RujukanKhususRecord]:
        """Rujukan khusus whose period starts in [first, last]."""
        return self._khusus("tgl_awal BETWEEN ? AND ?", cons_id, first, last)

    def _khusus(self, where: str, cons_id: str, *params: object) -> list[RujukanKhususRecord]:
        rows = self._db.execute(
            f"SELECT {_KHUSUS_COLUMNS} FROM rujukan_khusus WHERE cons_id = ? AND {where} "
            "ORDER BY tgl_awal, id_rujukan",
            (cons_id, *params),
        ).fetchall()
        return [_khusus(row) for row in rows]

    def seps_by_tgl_rujukan(self, cons_id: str, tgl_rujukan: str) -> list[SepRecord]:
        """SEPs whose rujukan.tglRujukan is that day (a scan of the consumer's SEPs)."""
        return self._many(
            f"SELECT {_COLUMNS} FROM sep WHERE cons_id = ? "
            "AND json_extract(request, '$.rujukan.tglRujukan') = ? ORDER BY rowid",
            cons_id,
            tgl_rujukan,
        )

    def cards_with_seps(self, cons_id: str) -> list[str]:
        """Every card this consumer has issued a SEP for (the participants it has met)."""
        rows = self._db.execute(
            "SELECT DISTINCT no_kartu FROM sep WHERE cons_id = ? ORDER BY no_kartu", (cons_id,)
        ).fetchall()
        return [str(row[0]) for row in rows]

    def get_sep(self, cons_id: str, no_sep: str) -> SepRecord | None:
        return self._one(
            f"SELECT {_COLUMNS} FROM sep WHERE cons_id = ? AND no_sep = ?", cons_id, no_sep
        )

    def open_inpatient(self, cons_id: str, no_kartu: str) -> SepRecord | None:
        """An R.Inap SEP of this card with no discharge date yet."""
        return self._one(
            f"SELECT {_COLUMNS} FROM sep WHERE cons_id = ? AND no_kartu = ? "
            "AND jns_pelayanan = '1' AND tgl_pulang IS NULL ORDER BY tgl_sep LIMIT 1",
            cons_id,
            no_kartu,
        )

    def same_day_outpatient(
        self, cons_id: str, no_kartu: str, kd_poli: str, tgl_sep: str, *, exclude: str = ""
    ) -> SepRecord | None:
        """An R.Jalan SEP of this card, poli and day (other than `exclude`, when updating it)."""
        return self._one(
            f"SELECT {_COLUMNS} FROM sep WHERE cons_id = ? AND no_kartu = ? "
            "AND jns_pelayanan = '2' AND kd_poli = ? COLLATE NOCASE AND tgl_sep = ? "
            "AND no_sep <> ? ORDER BY +no_sep LIMIT 1",  # `+`: use sep_by_card, then sort
            cons_id,
            no_kartu,
            kd_poli,
            tgl_sep,
            exclude,
        )

    def seps_with_rujukan(self, cons_id: str, no_rujukan: str) -> list[SepRecord]:
        """SEPs issued on this referral number (any case), oldest first: a referral the world
        met first in an SEP is remembered through its SEPs, so it goes with them."""
        return self._many(
            f"SELECT {_COLUMNS} FROM sep WHERE cons_id = ? "
            "AND json_extract(request, '$.rujukan.noRujukan') = ? COLLATE NOCASE "
            "ORDER BY rowid",
            cons_id,
            no_rujukan,
        )

    def count_seps(self, cons_id: str) -> int:
        (count,) = self._db.execute(
            "SELECT COUNT(*) FROM sep WHERE cons_id = ?", (cons_id,)
        ).fetchone()
        return int(count)

    def _one(self, query: str, *params: str) -> SepRecord | None:
        row = self._db.execute(query, params).fetchone()
        return None if row is None else _record(row)

    def _many(self, query: str, *params: str) -> list[SepRecord]:
        return [_record(row) for row in self._db.execute(query, params).fetchall()]

    def _letters(self, where: str, cons_id: str, *params: str) -> list[SuratKontrolRecord]:
        rows = self._db.execute(
            f"SELECT {_LETTER_COLUMNS} FROM surat_kontrol WHERE cons_id = ? AND {where} "
            "ORDER BY tgl_terbit, no_surat",
            (cons_id, *params),
        ).fetchall()
        return [_letter(row) for row in rows]


_LETTER_COLUMNS = (
    "no_surat, jns_kontrol, no_sep_asal, no_kartu, kd_poli, kd_dokter, tgl_rencana, "
    "tgl_terbit, user, form_prb, no_sep_terbit, remembered"
)


_PERSETUJUAN_COLUMNS = (
    "no_kartu, tgl_sep, jns_pelayanan, jns_pengajuan, keterangan, user, disetujui"
)


def _persetujuan_row(record: PersetujuanRecord) -> tuple[str | int, ...]:
    return (
        record.no_kartu,
        record.tgl_sep,
        record.jns_pelayanan,
        record.jns_pengajuan,
        record.keterangan,
        record.user,
        int(record.disetujui),
    )


def _persetujuan(row: tuple[Any, ...]) -> PersetujuanRecord:
    no_kartu, tgl_sep, jns_pelayanan, jns_pengajuan, keterangan, user, disetujui = row
    return PersetujuanRecord(
        no_kartu=no_kartu,
        tgl_sep=tgl_sep,
        jns_pelayanan=jns_pelayanan,
        jns_pengajuan=jns_pengajuan,
        keterangan=keterangan,
        user=user,
        disetujui=bool(disetujui),
    )


# The SRB numbers' sequence in sep_sequence: no {PPK}{MMYY}{letter} prefix is 3 characters.
_SRB_SEQUENCE = "SRB"


def _prb_row(record: PrbRecord) -> tuple[str, ...]:
    return (
        record.no_srb,
        record.no_sep,
        record.tgl_srb,
        json.dumps(record.request, ensure_ascii=False),
    )


def _prb(row: tuple[Any, ...]) -> PrbRecord:
    no_srb, no_sep, tgl_srb, request = row
    return PrbRecord(no_srb=no_srb, no_sep=no_sep, tgl_srb=tgl_srb, request=json.loads(request))


_KELUAR_COLUMNS = (
    "no_rujukan, no_sep, no_kartu, tgl_rujukan, tgl_rencana, ppk_asal, ppk_dirujuk, "
    "jns_pelayanan, catatan, diag_rujukan, tipe_rujukan, poli_rujukan, user"
)
_KHUSUS_COLUMNS = (
    "id_rujukan, no_rujukan, no_kartu, diag_ppk, diagnosa, procedure, tgl_awal, tgl_akhir, user"
)
# The rujukan khusus ids share the sequence table; no `{PPK}{MMYY}{letter}` prefix looks so.
_KHUSUS_SEQUENCE = "rujukan-khusus"


def _keluar_row(record: RujukanKeluarRecord) -> tuple[str, ...]:
    return (
        record.no_rujukan,
        record.no_sep,
        record.no_kartu,
        record.tgl_rujukan,
        record.tgl_rencana,
        record.ppk_asal,
        record.ppk_dirujuk,
        record.jns_pelayanan,
        record.catatan,
        record.diag_rujukan,
        record.tipe_rujukan,
        record.poli_rujukan,
        record.user,
    )


def _khusus_row(record: RujukanKhususRecord) -> tuple[str | int, ...]:
    return (
        record.id_rujukan,
        record.no_rujukan,
        record.no_kartu,
        record.diag_ppk,
        json.dumps(list(record.diagnosa)),
        json.dumps(list(record.procedure)),
        record.tgl_awal,
        record.tgl_akhir,
        record.user,
    )


def _khusus(row: tuple[Any, ...]) -> RujukanKhususRecord:
    id_rujukan, no_rujukan, no_kartu, diag_ppk, diagnosa, procedure, awal, akhir, user = row
    return RujukanKhususRecord(
        id_rujukan=int(id_rujukan),
        no_rujukan=no_rujukan,
        no_kartu=no_kartu,
        diag_ppk=diag_ppk,
        diagnosa=tuple(json.loads(diagnosa)),
        procedure=tuple(json.loads(procedure)),
        tgl_awal=awal,
        tgl_akhir=akhir,
        user=user,
    )


def _next_sequence(db: sqlite3.Connection, cons_id: str, prefix: str) -> int:
    (sequence,) = db.execute(
        "INSERT INTO sep_sequence (cons_id, prefix, last) VALUES (?, ?, 1) "
        "ON CONFLICT (cons_id, prefix) DO UPDATE SET last = last + 1 RETURNING last",
        (cons_id, prefix),
    ).fetchone()
    return int(sequence)


def _insert_letter(
    db: sqlite3.Connection, cons_id: str, letter: SuratKontrolRecord, *, or_ignore: bool = False
) -> None:
    """Store a new letter; `or_ignore`: unless one with its number is there already."""
    verb = "INSERT OR IGNORE" if or_ignore else "INSERT"
    db.execute(
        f"{verb} INTO surat_kontrol (cons_id, {_LETTER_COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            cons_id,
            letter.no_surat,
            letter.jns_kontrol,
            letter.no_sep_asal,
            letter.no_kartu,
            letter.kd_poli,
            letter.kd_dokter,
            letter.tgl_rencana,
            letter.tgl_terbit,
            letter.user,
            None if letter.form_prb is None else json.dumps(letter.form_prb),
            letter.no_sep_terbit,
            int(letter.remembered),
        ),
    )
    # A letter learnt from a client may carry a number this world would issue later:
    # move the sequence past it so the two never collide.
    prefix, digits = letter.no_surat[:13].upper(), letter.no_surat[13:]
    if letter.remembered and digits.isdigit():
        db.execute(
            "INSERT INTO sep_sequence (cons_id, prefix, last) VALUES (?, ?, ?) "
            "ON CONFLICT (cons_id, prefix) DO UPDATE SET last = MAX(last, excluded.last)",
            (cons_id, prefix, int(digits)),
        )


def _letter(row: tuple[Any, ...]) -> SuratKontrolRecord:
    (
        no_surat,
        jns_kontrol,
        no_sep_asal,
        no_kartu,
        kd_poli,
        kd_dokter,
        tgl_rencana,
        tgl_terbit,
        user,
        form_prb,
        no_sep_terbit,
        remembered,
    ) = row
    return SuratKontrolRecord(
        no_surat=no_surat,
        jns_kontrol=jns_kontrol,
        no_sep_asal=no_sep_asal,
        no_kartu=no_kartu,
        kd_poli=kd_poli,
        kd_dokter=kd_dokter,
        tgl_rencana=tgl_rencana,
        tgl_terbit=tgl_terbit,
        user=user,
        form_prb=None if form_prb is None else json.loads(form_prb),
        no_sep_terbit=no_sep_terbit,
        remembered=bool(remembered),
    )


def _row(record: SepRecord) -> tuple[str | None, ...]:
    return (
        record.no_sep,
        record.no_kartu,
        record.tgl_sep,
        record.jns_pelayanan,
        record.kd_poli,
        record.ppk_pelayanan,
        record.tgl_pulang,
        json.dumps(record.request, ensure_ascii=False),
        json.dumps(record.response, ensure_ascii=False),
    )


def _record(row: tuple[Any, ...]) -> SepRecord:
    (
        no_sep,
        no_kartu,
        tgl_sep,
        jns_pelayanan,
        kd_poli,
        ppk_pelayanan,
        tgl_pulang,
        request,
        response,
    ) = row
    return SepRecord(
        no_sep=no_sep,
        no_kartu=no_kartu,
        tgl_sep=tgl_sep,
        jns_pelayanan=jns_pelayanan,
        kd_poli=kd_poli,
        ppk_pelayanan=ppk_pelayanan,
        tgl_pulang=tgl_pulang,
        request=json.loads(request),
        response=json.loads(response),
    )
