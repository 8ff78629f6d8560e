"""What follows a SEP towards payment: its LPK and its surat rujuk balik (PRB)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from mockvclaim.bpjs.store._base import StoreBase, dump_json, load_json, next_sequence
from mockvclaim.bpjs.store.sep import SEP_COLUMNS, SepRecord, sep_record

_DDL = """
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
"""


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


class LpkPrbTables(StoreBase):
    """LPK and PRB, one of each per SEP at most."""

    _TABLES: ClassVar[tuple[str, ...]] = ("lpk", "prb")
    _SCHEMA: ClassVar[str] = _DDL

    def upsert_lpk(self, record: LpkRecord, *, new: bool) -> bool:
        """Insert (`new`) or replace a SEP's LPK; False, nothing written, when the SEP already
        has one (insert) or has none (update)."""
        request = dump_json(record.request)
        with self._transaction() as db:
            if new:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO lpk (cons_id, no_sep, tgl_masuk, request) "
                    "VALUES (?, ?, ?, ?)",
                    (self._cons_id, record.no_sep, record.tgl_masuk, request),
                )
            else:
                cursor = db.execute(
                    "UPDATE lpk SET tgl_masuk = ?, request = ? WHERE cons_id = ? AND no_sep = ?",
                    (record.tgl_masuk, request, self._cons_id, record.no_sep),
                )
            return cursor.rowcount == 1

    def delete_lpk(self, no_sep: str) -> bool:
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM lpk WHERE cons_id = ? AND no_sep = ?", (self._cons_id, no_sep)
            )
            return cursor.rowcount == 1

    def get_lpk(self, no_sep: str) -> LpkRecord | None:
        row = self._db.execute(
            "SELECT no_sep, tgl_masuk, request FROM lpk WHERE cons_id = ? AND no_sep = ?",
            (self._cons_id, no_sep),
        ).fetchone()
        return None if row is None else LpkRecord(row[0], row[1], load_json(row[2]))

    def list_lpk_on_date(
        self, tgl_masuk: str, jns_pelayanan: str
    ) -> list[tuple[LpkRecord, SepRecord]]:
        """LPKs with this tglMasuk whose SEP has this service type, by SEP number."""
        columns = ", ".join(f"s.{name.strip()}" for name in SEP_COLUMNS.split(","))
        rows = self._db.execute(
            f"SELECT l.no_sep, l.tgl_masuk, l.request, {columns} FROM lpk l "
            "JOIN sep s ON s.cons_id = l.cons_id AND s.no_sep = l.no_sep "
            "WHERE l.cons_id = ? AND l.tgl_masuk = ? AND s.jns_pelayanan = ? ORDER BY l.no_sep",
            (self._cons_id, tgl_masuk, jns_pelayanan),
        ).fetchall()
        return [(LpkRecord(r[0], r[1], load_json(r[2])), sep_record(r[3:])) for r in rows]

    def insert_prb(self, build: Callable[[int], PrbRecord]) -> PrbRecord:
        """The next SRB sequence number of this consumer and the letter, atomically."""
        with self._transaction() as db:
            record = build(next_sequence(db, self._cons_id, _SRB_SEQUENCE))
            db.execute(
                "INSERT INTO prb (cons_id, no_srb, no_sep, tgl_srb, request) "
                "VALUES (?, ?, ?, ?, ?)",
                (self._cons_id, *_prb_row(record)),
            )
        return record

    def update_prb(self, record: PrbRecord) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE prb SET request = ? WHERE cons_id = ? AND no_srb = ?",
                (dump_json(record.request), self._cons_id, record.no_srb),
            )

    def delete_prb(self, no_srb: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM prb WHERE cons_id = ? AND no_srb = ?", (self._cons_id, no_srb))

    def get_prb(self, no_srb: str) -> PrbRecord | None:
        return self._one_prb("no_srb = ?", self._cons_id, no_srb)

    def get_prb_of_sep(self, no_sep: str) -> PrbRecord | None:
        return self._one_prb("no_sep = ?", self._cons_id, no_sep)

    def list_prb_between(self, first: str, last: str) -> list[PrbRecord]:
        """Letters with tglSRB in [first, last], oldest first."""
        rows = self._db.execute(
            "SELECT no_srb, no_sep, tgl_srb, request FROM prb WHERE cons_id = ? "
            "AND tgl_srb BETWEEN ? AND ? ORDER BY tgl_srb, CAST(no_srb AS INTEGER)",
            (self._cons_id, first, last),
        ).fetchall()
        return [_prb(row) for row in rows]

    def _one_prb(self, where: str, cons_id: str, value: str) -> PrbRecord | None:
        row = self._db.execute(
            f"SELECT no_srb, no_sep, tgl_srb, request FROM prb WHERE cons_id = ? AND {where}",
            (cons_id, value),
        ).fetchone()
        return None if row is None else _prb(row)


# The SRB numbers' sequence in sep_sequence: no {PPK}{MMYY}{letter} prefix is 3 characters.
_SRB_SEQUENCE = "SRB"


def _prb_row(record: PrbRecord) -> tuple[str, ...]:
    return (
        record.no_srb,
        record.no_sep,
        record.tgl_srb,
        dump_json(record.request),
    )


def _prb(row: tuple[Any, ...]) -> PrbRecord:
    no_srb, no_sep, tgl_srb, request = row
    return PrbRecord(no_srb=no_srb, no_sep=no_sep, tgl_srb=tgl_srb, request=load_json(request))
