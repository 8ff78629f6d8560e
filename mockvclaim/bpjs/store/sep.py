"""SEPs and their discharges: the records most of the world's rules look up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from mockvclaim.bpjs.store._base import StoreBase, dump_json, load_json, next_sequence
from mockvclaim.bpjs.store.surat_kontrol import SuratKontrolRecord, insert_letter

_DDL = """
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
-- Remembered referrals are found through the SEPs that used them (bpjs/vclaim/rujukan.py).
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
"""

SEP_COLUMNS = (
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


class SepTables(StoreBase):
    """SEPs as issued, and the last discharge of each."""

    _TABLES: ClassVar[tuple[str, ...]] = ("sep", "sep_pulang")
    _SCHEMA: ClassVar[str] = _DDL

    def insert_sep(
        self,
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
            sequence = next_sequence(db, self._cons_id, prefix)
            record = build(sequence)
            db.execute(
                f"INSERT INTO sep (cons_id, {SEP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self._cons_id, *_row(record)),
            )
            if letter is not None:
                if letter.remembered:
                    insert_letter(db, self._cons_id, letter, or_ignore=True)
                db.execute(
                    "UPDATE surat_kontrol SET no_sep_terbit = ? WHERE cons_id = ? AND no_surat = ?",
                    (record.no_sep, self._cons_id, letter.no_surat),
                )
        return record

    def update_sep(self, no_sep: str, kd_poli: str, request: dict[str, Any]) -> None:
        """Replace the accepted t_sep of a SEP (SEP/2.0/update) and its poli."""
        with self._transaction() as db:
            db.execute(
                "UPDATE sep SET kd_poli = ?, request = ? WHERE cons_id = ? AND no_sep = ?",
                (kd_poli, dump_json(request), self._cons_id, no_sep),
            )

    def delete_sep(self, no_sep: str) -> None:
        """Forget a SEP everywhere: its discharge goes, a letter it used is free again."""
        with self._transaction() as db:
            db.execute("DELETE FROM sep WHERE cons_id = ? AND no_sep = ?", (self._cons_id, no_sep))
            db.execute(
                "DELETE FROM sep_pulang WHERE cons_id = ? AND no_sep = ?", (self._cons_id, no_sep)
            )
            db.execute(
                "UPDATE surat_kontrol SET no_sep_terbit = NULL "
                "WHERE cons_id = ? AND no_sep_terbit = ?",
                (self._cons_id, no_sep),
            )

    def update_sep_pulang(self, pulang: PulangRecord) -> None:
        """Record (or correct) a SEP's discharge; the SEP no longer counts as admitted."""
        with self._transaction() as db:
            db.execute(
                "UPDATE sep SET tgl_pulang = ? WHERE cons_id = ? AND no_sep = ?",
                (pulang.tgl_pulang, self._cons_id, pulang.no_sep),
            )
            db.execute(
                "INSERT OR REPLACE INTO sep_pulang (cons_id, no_sep, status_pulang, tgl_pulang, "
                "tgl_meninggal, no_surat_meninggal, no_lp_manual, user) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self._cons_id,
                    pulang.no_sep,
                    pulang.status_pulang,
                    pulang.tgl_pulang,
                    pulang.tgl_meninggal,
                    pulang.no_surat_meninggal,
                    pulang.no_lp_manual,
                    pulang.user,
                ),
            )

    def list_sep_pulang_between(
        self, first: str, last: str
    ) -> list[tuple[PulangRecord, SepRecord]]:
        """Discharges with tglPulang in [first, last] (yyyy-MM-dd), oldest first."""
        columns = ", ".join(f"s.{name.strip()}" for name in SEP_COLUMNS.split(","))
        rows = self._db.execute(
            "SELECT p.no_sep, p.status_pulang, p.tgl_pulang, p.tgl_meninggal, "
            f"p.no_surat_meninggal, p.no_lp_manual, p.user, {columns} "
            "FROM sep_pulang p JOIN sep s ON s.cons_id = p.cons_id AND s.no_sep = p.no_sep "
            "WHERE p.cons_id = ? AND p.tgl_pulang BETWEEN ? AND ? "
            "ORDER BY p.tgl_pulang, p.no_sep",
            (self._cons_id, first, last),
        ).fetchall()
        return [(PulangRecord(*row[:7]), sep_record(row[7:])) for row in rows]

    def list_sep_on_date(self, tgl_sep: str, jns_pelayanan: str) -> list[SepRecord]:
        return self._many(
            f"SELECT {SEP_COLUMNS} FROM sep WHERE cons_id = ? AND tgl_sep = ? "
            "AND jns_pelayanan = ? ORDER BY +no_sep",  # `+`: sort, don't walk the primary key
            self._cons_id,
            tgl_sep,
            jns_pelayanan,
        )

    def list_sep_of_card(self, no_kartu: str, first: str, last: str) -> list[SepRecord]:
        """A card's SEPs with tglSep in [first, last], oldest first."""
        return self._many(
            f"SELECT {SEP_COLUMNS} FROM sep WHERE cons_id = ? AND no_kartu = ? "
            "AND tgl_sep BETWEEN ? AND ? ORDER BY tgl_sep, no_sep",
            self._cons_id,
            no_kartu,
            first,
            last,
        )

    def list_sep_between(self, first: str, last: str) -> list[SepRecord]:
        """Every SEP with tglSep in [first, last], by date then number."""
        return self._many(
            f"SELECT {SEP_COLUMNS} FROM sep WHERE cons_id = ? AND tgl_sep BETWEEN ? AND ? "
            "ORDER BY tgl_sep, no_sep",
            self._cons_id,
            first,
            last,
        )

    def list_sep_by_tgl_rujukan(self, tgl_rujukan: str) -> list[SepRecord]:
        """SEPs whose rujukan.tglRujukan is that day (a scan of the consumer's SEPs)."""
        return self._many(
            f"SELECT {SEP_COLUMNS} FROM sep WHERE cons_id = ? "
            "AND json_extract(request, '$.rujukan.tglRujukan') = ? ORDER BY rowid",
            self._cons_id,
            tgl_rujukan,
        )

    def list_kartu_with_sep(self) -> list[str]:
        """Every card this consumer has issued a SEP for (the participants it has met)."""
        rows = self._db.execute(
            "SELECT DISTINCT no_kartu FROM sep WHERE cons_id = ? ORDER BY no_kartu",
            (self._cons_id,),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def get_sep(self, no_sep: str) -> SepRecord | None:
        return self._one(
            f"SELECT {SEP_COLUMNS} FROM sep WHERE cons_id = ? AND no_sep = ?", self._cons_id, no_sep
        )

    def get_open_rawat_inap(self, no_kartu: str) -> SepRecord | None:
        """An R.Inap SEP of this card with no discharge date yet."""
        return self._one(
            f"SELECT {SEP_COLUMNS} FROM sep WHERE cons_id = ? AND no_kartu = ? "
            "AND jns_pelayanan = '1' AND tgl_pulang IS NULL ORDER BY tgl_sep LIMIT 1",
            self._cons_id,
            no_kartu,
        )

    def get_same_day_rawat_jalan(
        self, no_kartu: str, kd_poli: str, tgl_sep: str, *, exclude: str = ""
    ) -> SepRecord | None:
        """An R.Jalan SEP of this card, poli and day (other than `exclude`, when updating it)."""
        return self._one(
            f"SELECT {SEP_COLUMNS} FROM sep WHERE cons_id = ? AND no_kartu = ? "
            "AND jns_pelayanan = '2' AND kd_poli = ? COLLATE NOCASE AND tgl_sep = ? "
            # rowid: the index already holds a card's SEPs of a day in that order, so
            # nothing is sorted; the first issued is the one the message names.
            "AND no_sep <> ? ORDER BY rowid LIMIT 1",
            self._cons_id,
            no_kartu,
            kd_poli,
            tgl_sep,
            exclude,
        )

    def get_first_sep_with_rujukan(self, no_rujukan: str) -> SepRecord | None:
        """The oldest SEP on this referral, read through the referral index: the insert path
        asks this on every R.Jalan visit, so it must not load every SEP of a busy referral."""
        return self._one(
            f"SELECT {SEP_COLUMNS} FROM sep WHERE cons_id = ? "
            "AND json_extract(request, '$.rujukan.noRujukan') = ? COLLATE NOCASE "
            "ORDER BY rowid LIMIT 1",
            self._cons_id,
            no_rujukan,
        )

    def get_last_sep_with_rujukan(self, no_rujukan: str) -> SepRecord | None:
        """The newest SEP on this referral: latest tglSep, then the later issued."""
        # Left to itself the planner walks the date index to avoid a sort: every SEP.
        return self._one(
            f"SELECT {SEP_COLUMNS} FROM sep INDEXED BY sep_by_rujukan WHERE cons_id = ? "
            "AND json_extract(request, '$.rujukan.noRujukan') = ? COLLATE NOCASE "
            "ORDER BY tgl_sep DESC, rowid DESC LIMIT 1",
            self._cons_id,
            no_rujukan,
        )

    def list_sep_with_rujukan(self, no_rujukan: str) -> list[SepRecord]:
        """SEPs issued on this referral number (any case), oldest first: a referral the world
        met first in an SEP is remembered through its SEPs, so it goes with them."""
        return self._many(
            f"SELECT {SEP_COLUMNS} FROM sep WHERE cons_id = ? "
            "AND json_extract(request, '$.rujukan.noRujukan') = ? COLLATE NOCASE "
            "ORDER BY rowid",
            self._cons_id,
            no_rujukan,
        )

    def count_sep(self) -> int:
        (count,) = self._db.execute(
            "SELECT COUNT(*) FROM sep WHERE cons_id = ?", (self._cons_id,)
        ).fetchone()
        return int(count)

    def _one(self, query: str, *params: str) -> SepRecord | None:
        row = self._db.execute(query, params).fetchone()
        return None if row is None else sep_record(row)

    def _many(self, query: str, *params: str) -> list[SepRecord]:
        return [sep_record(row) for row in self._db.execute(query, params).fetchall()]


def _row(record: SepRecord) -> tuple[str | None, ...]:
    return (
        record.no_sep,
        record.no_kartu,
        record.tgl_sep,
        record.jns_pelayanan,
        record.kd_poli,
        record.ppk_pelayanan,
        record.tgl_pulang,
        dump_json(record.request),
        dump_json(record.response),
    )


def sep_record(row: tuple[Any, ...]) -> SepRecord:
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
        request=load_json(request),
        response=load_json(response),
    )
