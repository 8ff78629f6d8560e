"""Permissions around issuing a SEP: back-date and finger print approvals, recorded
finger print validations, and internal referrals a hospital removed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from mockvclaim.bpjs.store._base import StoreBase

_DDL = """
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


class PersetujuanTables(StoreBase):
    """Pengajuan/approval of SEPs, finger prints, hidden internal referrals."""

    _TABLES: ClassVar[tuple[str, ...]] = ("persetujuan_sep", "fingerprint", "sep_internal_hapus")
    _SCHEMA: ClassVar[str] = _DDL

    def insert_pengajuan(self, record: PersetujuanRecord) -> bool:
        """Store a request; False (nothing stored) when the same one exists already."""
        with self._transaction() as db:
            cursor = db.execute(
                f"INSERT OR IGNORE INTO persetujuan_sep (cons_id, {_PERSETUJUAN_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self._cons_id, *_persetujuan_row(record)),
            )
            return cursor.rowcount == 1

    def update_pengajuan_approved(self, record: PersetujuanRecord) -> None:
        """Mark a request approved, storing it first (approved) when it is not there."""
        with self._transaction() as db:
            db.execute(
                f"INSERT INTO persetujuan_sep (cons_id, {_PERSETUJUAN_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
                "(cons_id, no_kartu, tgl_sep, jns_pelayanan, jns_pengajuan) "
                "DO UPDATE SET disetujui = 1",
                (self._cons_id, *_persetujuan_row(record)),
            )

    def get_pengajuan(
        self, no_kartu: str, tgl_sep: str, jns_pelayanan: str, jns_pengajuan: str
    ) -> PersetujuanRecord | None:
        row = self._db.execute(
            f"SELECT {_PERSETUJUAN_COLUMNS} FROM persetujuan_sep WHERE cons_id = ? "
            "AND no_kartu = ? AND tgl_sep = ? AND jns_pelayanan = ? AND jns_pengajuan = ?",
            (self._cons_id, no_kartu, tgl_sep, jns_pelayanan, jns_pengajuan),
        ).fetchone()
        return None if row is None else _persetujuan(row)

    def list_pengajuan_between(self, first: str, last: str) -> list[PersetujuanRecord]:
        """Requests with tglSep in [first, last], in date then arrival order."""
        rows = self._db.execute(
            f"SELECT {_PERSETUJUAN_COLUMNS} FROM persetujuan_sep WHERE cons_id = ? "
            "AND tgl_sep BETWEEN ? AND ? ORDER BY tgl_sep, rowid",
            (self._cons_id, first, last),
        ).fetchall()
        return [_persetujuan(row) for row in rows]

    def insert_fingerprint(self, no_kartu: str, tgl: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO fingerprint (cons_id, no_kartu, tgl) VALUES (?, ?, ?)",
                (self._cons_id, no_kartu, tgl),
            )

    def has_fingerprint(self, no_kartu: str, tgl: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM fingerprint WHERE cons_id = ? AND no_kartu = ? AND tgl = ?",
            (self._cons_id, no_kartu, tgl),
        ).fetchone()
        return row is not None

    def delete_sep_internal(self, no_surat: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO sep_internal_hapus (cons_id, no_surat) VALUES (?, ?)",
                (self._cons_id, no_surat),
            )

    def is_sep_internal_deleted(self, no_surat: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM sep_internal_hapus WHERE cons_id = ? AND no_surat = ?",
            (self._cons_id, no_surat),
        ).fetchone()
        return row is not None


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
