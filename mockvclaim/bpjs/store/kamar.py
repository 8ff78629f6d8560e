"""Aplicares: the hospital's rooms and their free beds, per consumer and PPK
(docs/antrean-aplicares.md §5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from mockvclaim.bpjs.store._base import StoreBase

_DDL = """
CREATE TABLE IF NOT EXISTS kamar (
    cons_id            TEXT NOT NULL,
    kodeppk            TEXT NOT NULL COLLATE NOCASE,
    kodekelas          TEXT NOT NULL COLLATE NOCASE,
    koderuang          TEXT NOT NULL COLLATE NOCASE,
    namaruang          TEXT NOT NULL,
    kapasitas          TEXT NOT NULL,
    tersedia           TEXT NOT NULL,
    tersediapria       TEXT NOT NULL,
    tersediawanita     TEXT NOT NULL,
    tersediapriawanita TEXT NOT NULL,
    lastupdate         TEXT NOT NULL,     -- yyyy-MM-dd HH:mm:ss WIB
    PRIMARY KEY (cons_id, kodeppk, kodekelas, koderuang)
);
"""


@dataclass(frozen=True)
class KamarRecord:
    kodeppk: str
    kodekelas: str
    koderuang: str
    namaruang: str
    kapasitas: str
    tersedia: str
    tersediapria: str
    tersediawanita: str
    tersediapriawanita: str
    lastupdate: str


_COLUMNS = (
    "kodeppk, kodekelas, koderuang, namaruang, kapasitas, tersedia, tersediapria, "
    "tersediawanita, tersediapriawanita, lastupdate"
)


class KamarTables(StoreBase):
    """Rooms (kodekelas + koderuang) of each PPK."""

    _TABLES: ClassVar[tuple[str, ...]] = ("kamar",)
    _SCHEMA: ClassVar[str] = _DDL

    def insert_kamar(self, record: KamarRecord) -> bool:
        """False when the PPK has that room already."""
        with self._transaction() as db:
            cursor = db.execute(
                f"INSERT OR IGNORE INTO kamar (cons_id, {_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self._cons_id, *_values(record)),
            )
        return cursor.rowcount == 1

    def update_kamar(self, record: KamarRecord) -> bool:
        """False when the PPK has no such room."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE kamar SET namaruang = ?, kapasitas = ?, tersedia = ?, tersediapria = ?, "
                "tersediawanita = ?, tersediapriawanita = ?, lastupdate = ? "
                "WHERE cons_id = ? AND kodeppk = ? AND kodekelas = ? AND koderuang = ?",
                (
                    *_values(record)[3:],
                    self._cons_id,
                    record.kodeppk,
                    record.kodekelas,
                    record.koderuang,
                ),
            )
        return cursor.rowcount == 1

    def delete_kamar(self, kodeppk: str, kodekelas: str, koderuang: str) -> bool:
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM kamar WHERE cons_id = ? AND kodeppk = ? AND kodekelas = ? "
                "AND koderuang = ?",
                (self._cons_id, kodeppk, kodekelas, koderuang),
            )
        return cursor.rowcount == 1

    def list_kamar(self, kodeppk: str) -> list[KamarRecord]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM kamar WHERE cons_id = ? AND kodeppk = ? "
            "ORDER BY kodekelas, koderuang",
            (self._cons_id, kodeppk),
        ).fetchall()
        return [KamarRecord(*row) for row in rows]


def _values(record: KamarRecord) -> tuple[str, ...]:
    return (
        record.kodeppk,
        record.kodekelas,
        record.koderuang,
        record.namaruang,
        record.kapasitas,
        record.tersedia,
        record.tersediapria,
        record.tersediawanita,
        record.tersediapriawanita,
        record.lastupdate,
    )
