"""Referrals this hospital writes: rujukan keluar and rujukan khusus."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from mockvclaim.bpjs.store._base import StoreBase, dump_json, load_json, next_sequence

_DDL = """
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
"""


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


class RujukanTables(StoreBase):
    """Rujukan keluar and rujukan khusus."""

    _TABLES: ClassVar[tuple[str, ...]] = ("rujukan_keluar", "rujukan_khusus")
    _SCHEMA: ClassVar[str] = _DDL

    def insert_rujukan_keluar(
        self, prefix: str, build: Callable[[int], RujukanKeluarRecord | None]
    ) -> RujukanKeluarRecord:
        """Like insert_sep: the next `{PPK}{MMYY}B` number and the referral, atomically.
        `build` answers None for a number that means something else already; the next
        number is tried."""
        with self._transaction() as db:
            record = build(next_sequence(db, self._cons_id, prefix))
            while record is None:
                record = build(next_sequence(db, self._cons_id, prefix))
            db.execute(
                f"INSERT INTO rujukan_keluar (cons_id, {_KELUAR_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self._cons_id, *_keluar_row(record)),
            )
        return record

    def update_rujukan_keluar(self, record: RujukanKeluarRecord) -> None:
        with self._transaction() as db:
            db.execute(
                "DELETE FROM rujukan_keluar WHERE cons_id = ? AND no_rujukan = ?",
                (self._cons_id, record.no_rujukan),
            )
            db.execute(
                f"INSERT INTO rujukan_keluar (cons_id, {_KELUAR_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self._cons_id, *_keluar_row(record)),
            )

    def delete_rujukan_keluar(self, no_rujukan: str) -> None:
        with self._transaction() as db:
            db.execute(
                "DELETE FROM rujukan_keluar WHERE cons_id = ? AND no_rujukan = ?",
                (self._cons_id, no_rujukan),
            )

    def get_rujukan_keluar(self, no_rujukan: str) -> RujukanKeluarRecord | None:
        found = self._keluar("no_rujukan = ?", self._cons_id, no_rujukan)
        return found[0] if found else None

    def list_rujukan_keluar_between(
        self, first: str, last: str, *, by_plan: bool = False
    ) -> list[RujukanKeluarRecord]:
        """Referrals written (or, `by_plan`, planned to be visited) in [first, last]."""
        column = "tgl_rencana" if by_plan else "tgl_rujukan"
        return self._keluar(f"{column} BETWEEN ? AND ?", self._cons_id, first, last)

    def list_rujukan_keluar_of_sep(self, no_sep: str) -> list[RujukanKeluarRecord]:
        return self._keluar("no_sep = ?", self._cons_id, no_sep)

    def list_rujukan_keluar_of_card(self, no_kartu: str) -> list[RujukanKeluarRecord]:
        return self._keluar("no_kartu = ?", self._cons_id, no_kartu)

    def _keluar(self, where: str, cons_id: str, *params: str) -> list[RujukanKeluarRecord]:
        rows = self._db.execute(
            f"SELECT {_KELUAR_COLUMNS} FROM rujukan_keluar WHERE cons_id = ? AND {where} "
            "ORDER BY tgl_rujukan, no_rujukan",
            (cons_id, *params),
        ).fetchall()
        return [RujukanKeluarRecord(*row) for row in rows]

    def insert_rujukan_khusus(
        self, build: Callable[[int], RujukanKhususRecord]
    ) -> RujukanKhususRecord:
        """The next id of this consumer's rujukan khusus and the record, atomically."""
        with self._transaction() as db:
            record = build(next_sequence(db, self._cons_id, _KHUSUS_SEQUENCE))
            db.execute(
                f"INSERT INTO rujukan_khusus (cons_id, {_KHUSUS_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self._cons_id, *_khusus_row(record)),
            )
        return record

    def delete_rujukan_khusus(self, id_rujukan: int) -> None:
        with self._transaction() as db:
            db.execute(
                "DELETE FROM rujukan_khusus WHERE cons_id = ? AND id_rujukan = ?",
                (self._cons_id, id_rujukan),
            )

    def get_rujukan_khusus(self, id_rujukan: int) -> RujukanKhususRecord | None:
        found = self._khusus("id_rujukan = ?", self._cons_id, id_rujukan)
        return found[0] if found else None

    def list_rujukan_khusus_of(self, no_rujukan: str) -> list[RujukanKhususRecord]:
        return self._khusus("no_rujukan = ?", self._cons_id, no_rujukan)

    def list_rujukan_khusus_between(self, first: str, last: str) -> list[RujukanKhususRecord]:
        """Rujukan khusus whose period starts in [first, last]."""
        return self._khusus("tgl_awal BETWEEN ? AND ?", self._cons_id, first, last)

    def _khusus(self, where: str, cons_id: str, *params: object) -> list[RujukanKhususRecord]:
        rows = self._db.execute(
            f"SELECT {_KHUSUS_COLUMNS} FROM rujukan_khusus WHERE cons_id = ? AND {where} "
            "ORDER BY tgl_awal, id_rujukan",
            (cons_id, *params),
        ).fetchall()
        return [_khusus(row) for row in rows]


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
        dump_json(list(record.diagnosa)),
        dump_json(list(record.procedure)),
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
        diagnosa=tuple(load_json(diagnosa)),
        procedure=tuple(load_json(procedure)),
        tgl_awal=awal,
        tgl_akhir=akhir,
        user=user,
    )
