"""The world's state in SQLite, kept per consumer (cons-id): issued SEPs and their numbers.

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
    prefix  TEXT NOT NULL,          -- {ppkPelayanan}{MM}{YY}V
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
CREATE INDEX IF NOT EXISTS sep_by_card ON sep (cons_id, no_kartu);
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

    def create_sep(self, cons_id: str, prefix: str, build: Callable[[int], SepRecord]) -> SepRecord:
        """Take the next number after `prefix` and store what `build` makes of it, atomically.

        `build` may raise; then neither the number nor the record is kept.
        """
        with self._transaction() as db:
            (sequence,) = db.execute(
                "INSERT INTO sep_sequence (cons_id, prefix, last) VALUES (?, ?, 1) "
                "ON CONFLICT (cons_id, prefix) DO UPDATE SET last = last + 1 RETURNING last",
                (cons_id, prefix),
            ).fetchone()
            record = build(int(sequence))
            db.execute(
                f"INSERT INTO sep (cons_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (cons_id, *_row(record)),
            )
        return record

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
        self, cons_id: str, no_kartu: str, kd_poli: str, tgl_sep: str
    ) -> SepRecord | None:
        return self._one(
            f"SELECT {_COLUMNS} FROM sep WHERE cons_id = ? AND no_kartu = ? "
            "AND jns_pelayanan = '2' AND kd_poli = ? COLLATE NOCASE AND tgl_sep = ? "
            "ORDER BY no_sep LIMIT 1",
            cons_id,
            no_kartu,
            kd_poli,
            tgl_sep,
        )

    def count_seps(self, cons_id: str) -> int:
        (count,) = self._db.execute(
            "SELECT COUNT(*) FROM sep WHERE cons_id = ?", (cons_id,)
        ).fetchone()
        return int(count)

    def _one(self, query: str, *params: str) -> SepRecord | None:
        row = self._db.execute(query, params).fetchone()
        return None if row is None else _record(row)


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
