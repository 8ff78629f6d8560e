"""Antrean RS: the bookings a hospital reported, the task times it sent for each, and the
doctors' schedules it changed (docs/antrean-aplicares.md §3)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, ClassVar

from mockvclaim.bpjs.store._base import StoreBase

_DDL = """
CREATE TABLE IF NOT EXISTS antrean (
    cons_id     TEXT NOT NULL,
    kodebooking TEXT NOT NULL,            -- unique per consumer, for ever
    tanggal     TEXT NOT NULL,            -- tanggalperiksa, yyyy-MM-dd
    kodepoli    TEXT NOT NULL,
    kodedokter  TEXT NOT NULL,
    jampraktek  TEXT NOT NULL,            -- HH:MM-HH:MM, spaces removed
    jenispasien TEXT NOT NULL,            -- JKN / NON JKN
    booking     TEXT NOT NULL,            -- JSON: the antrean/add body as validated
    createdtime INTEGER NOT NULL,         -- epoch ms, when the mock stored it
    batal       INTEGER NOT NULL DEFAULT 0,
    farmasi     TEXT,                     -- JSON: the antrean/farmasi/add body
    PRIMARY KEY (cons_id, kodebooking)
);
CREATE INDEX IF NOT EXISTS antrean_by_tanggal ON antrean (cons_id, tanggal);
CREATE TABLE IF NOT EXISTS antrean_task (
    cons_id     TEXT NOT NULL,
    kodebooking TEXT NOT NULL,
    taskid      INTEGER NOT NULL,
    waktu       INTEGER NOT NULL,         -- epoch ms as the hospital sent it
    waktu_server INTEGER NOT NULL,        -- epoch ms when the mock received it
    PRIMARY KEY (cons_id, kodebooking, taskid)
);
CREATE TABLE IF NOT EXISTS jadwal_dokter (
    cons_id          TEXT NOT NULL,
    kodepoli         TEXT NOT NULL,
    kodedokter       TEXT NOT NULL,
    kodesubspesialis TEXT NOT NULL,
    jadwal           TEXT NOT NULL,       -- JSON [{hari, buka, tutup}]
    berlaku          TEXT NOT NULL,       -- yyyy-MM-dd from which it applies
    PRIMARY KEY (cons_id, kodepoli, kodedokter)
);
"""


@dataclass(frozen=True)
class AntreanRecord:
    kodebooking: str
    tanggal: str
    kodepoli: str
    kodedokter: str
    jampraktek: str
    jenispasien: str
    booking: dict[str, Any]
    createdtime: int
    batal: bool = False
    farmasi: dict[str, Any] | None = None


@dataclass(frozen=True)
class TaskRecord:
    taskid: int
    waktu: int
    waktu_server: int


@dataclass(frozen=True)
class JadwalDokterRecord:
    kodepoli: str
    kodedokter: str
    kodesubspesialis: str
    jadwal: list[dict[str, str]]
    berlaku: str


_COLUMNS = (
    "kodebooking, tanggal, kodepoli, kodedokter, jampraktek, jenispasien, booking, "
    "createdtime, batal, farmasi"
)


class AntreanTables(StoreBase):
    """Bookings, their task ids and the changed schedules."""

    _TABLES: ClassVar[tuple[str, ...]] = ("antrean", "antrean_task", "jadwal_dokter")
    _SCHEMA: ClassVar[str] = _DDL

    def insert_antrean(self, record: AntreanRecord) -> bool:
        """Store a booking; False when its kodebooking is taken already."""
        with self._transaction() as db:
            cursor = db.execute(
                f"INSERT OR IGNORE INTO antrean (cons_id, {_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self._cons_id,
                    record.kodebooking,
                    record.tanggal,
                    record.kodepoli,
                    record.kodedokter,
                    record.jampraktek,
                    record.jenispasien,
                    json.dumps(record.booking),
                    record.createdtime,
                    int(record.batal),
                    None,
                ),
            )
        return cursor.rowcount == 1

    def get_antrean(self, kodebooking: str) -> AntreanRecord | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM antrean WHERE cons_id = ? AND kodebooking = ?",
            (self._cons_id, kodebooking),
        ).fetchone()
        return None if row is None else _antrean(row)

    def list_antrean(self, first: str, last: str) -> list[AntreanRecord]:
        """Bookings with tanggal in [first, last], in the order they were made."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM antrean WHERE cons_id = ? AND tanggal BETWEEN ? AND ? "
            "ORDER BY createdtime, kodebooking",
            (self._cons_id, first, last),
        ).fetchall()
        return [_antrean(row) for row in rows]

    def count_antrean(self, tanggal: str, kodepoli: str, kodedokter: str, jenispasien: str) -> int:
        (count,) = self._db.execute(
            "SELECT COUNT(*) FROM antrean WHERE cons_id = ? AND tanggal = ? AND kodepoli = ? "
            "AND kodedokter = ? AND jenispasien = ? AND batal = 0",
            (self._cons_id, tanggal, kodepoli, kodedokter, jenispasien),
        ).fetchone()
        return int(count)

    def update_antrean_batal(self, kodebooking: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE antrean SET batal = 1 WHERE cons_id = ? AND kodebooking = ?",
                (self._cons_id, kodebooking),
            )

    def update_antrean_farmasi(self, kodebooking: str, farmasi: dict[str, Any]) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE antrean SET farmasi = ? WHERE cons_id = ? AND kodebooking = ?",
                (json.dumps(farmasi), self._cons_id, kodebooking),
            )

    def insert_task(self, kodebooking: str, task: TaskRecord) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO antrean_task (cons_id, kodebooking, taskid, waktu, waktu_server) "
                "VALUES (?, ?, ?, ?, ?)",
                (self._cons_id, kodebooking, task.taskid, task.waktu, task.waktu_server),
            )

    def list_task(self, kodebooking: str) -> list[TaskRecord]:
        rows = self._db.execute(
            "SELECT taskid, waktu, waktu_server FROM antrean_task "
            "WHERE cons_id = ? AND kodebooking = ? ORDER BY taskid",
            (self._cons_id, kodebooking),
        ).fetchall()
        return [TaskRecord(int(t), int(w), int(s)) for t, w, s in rows]

    def update_jadwal_dokter(self, record: JadwalDokterRecord) -> None:
        """The doctor's new weekly schedule at the poli, replacing any earlier change."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO jadwal_dokter (cons_id, kodepoli, kodedokter, kodesubspesialis, "
                "jadwal, berlaku) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (cons_id, kodepoli, kodedokter) DO UPDATE SET "
                "kodesubspesialis = excluded.kodesubspesialis, jadwal = excluded.jadwal, "
                "berlaku = excluded.berlaku",
                (
                    self._cons_id,
                    record.kodepoli,
                    record.kodedokter,
                    record.kodesubspesialis,
                    json.dumps(record.jadwal),
                    record.berlaku,
                ),
            )

    def list_jadwal_dokter(self, kodepoli: str) -> list[JadwalDokterRecord]:
        rows = self._db.execute(
            "SELECT kodepoli, kodedokter, kodesubspesialis, jadwal, berlaku FROM jadwal_dokter "
            "WHERE cons_id = ? AND kodepoli = ? ORDER BY kodedokter",
            (self._cons_id, kodepoli),
        ).fetchall()
        return [JadwalDokterRecord(p, d, s, json.loads(j), b) for p, d, s, j, b in rows]


def _antrean(row: sqlite3.Row | tuple[Any, ...]) -> AntreanRecord:
    (
        kodebooking,
        tanggal,
        kodepoli,
        kodedokter,
        jampraktek,
        jenis,
        booking,
        created,
        batal,
        farmasi,
    ) = row
    return AntreanRecord(
        kodebooking=kodebooking,
        tanggal=tanggal,
        kodepoli=kodepoli,
        kodedokter=kodedokter,
        jampraktek=jampraktek,
        jenispasien=jenis,
        booking=json.loads(booking),
        createdtime=int(created),
        batal=bool(batal),
        farmasi=None if farmasi is None else json.loads(farmasi),
    )
