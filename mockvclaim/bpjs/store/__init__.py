"""The world's state in SQLite, kept per consumer (cons-id): issued SEPs and their numbers,
discharges, letters, referrals, claims and approvals; Antrean bookings and Aplicares rooms;
one module per family of tables.

Every write is one transaction, committed before the caller answers, so an acknowledged
SEP survives a restart with a file database and a failure never leaves half a record.
"""

from __future__ import annotations

import sqlite3

from mockvclaim.bpjs.store._base import transaction
from mockvclaim.bpjs.store.antrean import (
    AntreanRecord,
    AntreanTables,
    JadwalDokterRecord,
    TaskRecord,
)
from mockvclaim.bpjs.store.kamar import KamarRecord, KamarTables
from mockvclaim.bpjs.store.lpk_prb import LpkPrbTables, LpkRecord, PrbRecord
from mockvclaim.bpjs.store.persetujuan import PersetujuanRecord, PersetujuanTables
from mockvclaim.bpjs.store.rujukan import (
    RujukanKeluarRecord,
    RujukanKhususRecord,
    RujukanTables,
)
from mockvclaim.bpjs.store.sep import PulangRecord, SepRecord, SepTables
from mockvclaim.bpjs.store.surat_kontrol import SuratKontrolRecord, SuratKontrolTables

__all__ = [
    "AntreanRecord",
    "Database",
    "JadwalDokterRecord",
    "KamarRecord",
    "LpkRecord",
    "PersetujuanRecord",
    "PrbRecord",
    "PulangRecord",
    "RujukanKeluarRecord",
    "RujukanKhususRecord",
    "SepRecord",
    "Store",
    "SuratKontrolRecord",
    "TaskRecord",
]


class Store(
    SepTables,
    SuratKontrolTables,
    RujukanTables,
    LpkPrbTables,
    PersetujuanTables,
    AntreanTables,
    KamarTables,
):
    """One consumer's documents: `Database.for_consumer(cons_id)`."""


class Database:
    """One SQLite database for every consumer; `path=":memory:"` is a fresh world every start."""

    def __init__(self, path: str = ":memory:") -> None:
        # The event loop thread is the only user, but the pytest plugin builds the store
        # on one thread and serves from another.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        if path != ":memory:":
            # WAL + NORMAL: a committed transaction survives a killed process.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript("".join(family._SCHEMA for family in Store._families()))

    def for_consumer(self, cons_id: str) -> Store:
        return Store(self._db, cons_id)

    def close(self) -> None:
        self._db.close()

    def reset(self) -> None:
        """Forget every consumer's documents and number sequences."""
        with transaction(self._db) as db:
            for family in Store._families():
                for table in family._TABLES:
                    db.execute(f"DELETE FROM {table}")
