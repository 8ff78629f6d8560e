"""The connection, transactions and the number sequences every table family shares.

Each family is a mixin that declares its tables (`_TABLES`) and their DDL (`_SCHEMA`); the
base creates and clears them all, so a new family cannot be forgotten by `reset()`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

_DDL = """
CREATE TABLE IF NOT EXISTS sep_sequence (
    cons_id TEXT NOT NULL,
    prefix  TEXT NOT NULL,          -- {PPK}{MM}{YY}{V SEP | K surat kontrol and SPRI}
    last    INTEGER NOT NULL,
    PRIMARY KEY (cons_id, prefix)
);
"""


class StoreBase:
    """One SQLite database; the mixins over it hold the tables."""

    _TABLES: ClassVar[tuple[str, ...]] = ("sep_sequence",)
    _SCHEMA: ClassVar[str] = _DDL

    _db: sqlite3.Connection

    def __init__(self, path: str = ":memory:") -> None:
        # The event loop thread is the only user, but the pytest plugin builds the store
        # on one thread and serves from another.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        if path != ":memory:":
            # WAL + NORMAL: a committed transaction survives a killed process.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript("".join(family._SCHEMA for family in self._families()))

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
            for family in self._families():
                for table in family._TABLES:
                    db.execute(f"DELETE FROM {table}")

    @classmethod
    def _families(cls) -> list[type[StoreBase]]:
        """The base (the shared sequence table) first, then each mixin in the order `Store`
        lists them: the order the tables were always created in."""
        mixins = [
            family
            for family in cls.__mro__
            if issubclass(family, StoreBase)
            and family is not StoreBase
            and "_SCHEMA" in vars(family)
        ]
        return [StoreBase, *mixins]


def _next_sequence(db: sqlite3.Connection, cons_id: str, prefix: str) -> int:
    (sequence,) = db.execute(
        "INSERT INTO sep_sequence (cons_id, prefix, last) VALUES (?, ?, 1) "
        "ON CONFLICT (cons_id, prefix) DO UPDATE SET last = last + 1 RETURNING last",
        (cons_id, prefix),
    ).fetchone()
    return int(sequence)
