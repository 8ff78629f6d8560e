"""Surat kontrol and SPRI: letters numbered like SEPs, and the SEP each was used for."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from mockvclaim.bpjs.store._base import StoreBase, dump_json, load_json, next_sequence

_DDL = """
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
"""


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


class SuratKontrolTables(StoreBase):
    """Surat kontrol and SPRI."""

    _TABLES: ClassVar[tuple[str, ...]] = ("surat_kontrol",)
    _SCHEMA: ClassVar[str] = _DDL

    def insert_surat_kontrol(
        self, prefix: str, build: Callable[[int], SuratKontrolRecord]
    ) -> SuratKontrolRecord:
        """Like insert_sep: the next `{PPK}{MMYY}K` number and the letter, atomically."""
        with self._transaction() as db:
            record = build(next_sequence(db, self._cons_id, prefix))
            insert_letter(db, self._cons_id, record)
        return record

    def update_surat_kontrol(self, record: SuratKontrolRecord) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE surat_kontrol SET kd_poli = ?, kd_dokter = ?, tgl_rencana = ?, user = ?, "
                "form_prb = ? WHERE cons_id = ? AND no_surat = ?",
                (
                    record.kd_poli,
                    record.kd_dokter,
                    record.tgl_rencana,
                    record.user,
                    None if record.form_prb is None else dump_json(record.form_prb),
                    self._cons_id,
                    record.no_surat,
                ),
            )

    def delete_surat_kontrol(self, no_surat: str) -> None:
        with self._transaction() as db:
            db.execute(
                "DELETE FROM surat_kontrol WHERE cons_id = ? AND no_surat = ?",
                (self._cons_id, no_surat),
            )

    def get_surat_kontrol(self, no_surat: str) -> SuratKontrolRecord | None:
        row = self._db.execute(
            f"SELECT {_LETTER_COLUMNS} FROM surat_kontrol WHERE cons_id = ? AND no_surat = ?",
            (self._cons_id, no_surat),
        ).fetchone()
        return None if row is None else _letter(row)

    def list_surat_kontrol_after_sep(self, no_sep: str) -> list[SuratKontrolRecord]:
        """The surat kontrol written after a SEP (noSepAsalKontrol)."""
        return self._letters("no_sep_asal = ?", self._cons_id, no_sep)

    def list_surat_kontrol_between(
        self, by_plan: bool, first: str, last: str, no_kartu: str | None = None
    ) -> list[SuratKontrolRecord]:
        """Letters issued (or, `by_plan`, planned) in [first, last], optionally of one card."""
        column = "tgl_rencana" if by_plan else "tgl_terbit"
        where = f"{column} BETWEEN ? AND ?"
        if no_kartu is None:
            return self._letters(where, self._cons_id, first, last)
        return self._letters(f"{where} AND no_kartu = ?", self._cons_id, first, last, no_kartu)

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


def insert_letter(
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
            None if letter.form_prb is None else dump_json(letter.form_prb),
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
        form_prb=None if form_prb is None else load_json(form_prb),
        no_sep_terbit=no_sep_terbit,
        remembered=bool(remembered),
    )
