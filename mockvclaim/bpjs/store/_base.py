"""The connection, transactions and the number sequences every table family shares.

Each family is a mixin that declares its tables (`_TABLES`) and their DDL (`_SCHEMA`); the
base creates and clears them all, so a new family cannot be forgotten by `reset()`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, ClassVar

import orjson

_DDL = """
CREATE TABLE IF NOT EXISTS sep_sequence (
    cons_id TEXT NOT NULL,
    prefix  TEXT NOT NULL,          -- {PPK}{MM}{YY}{V SEP | K surat kontrol and SPRI}
    last    INTEGER NOT NULL,
    PRIMARY KEY (cons_id, prefix)
);
"""


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write, all or nothing, committed before the caller answers."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


class StoreBase:
    """One consumer's view of the database; the mixins over it hold the tables. Every
    query a mixin runs is scoped to `_cons_id`, so no caller passes a cons-id again."""

    _TABLES: ClassVar[tuple[str, ...]] = ("sep_sequence",)
    _SCHEMA: ClassVar[str] = _DDL

    def __init__(self, db: sqlite3.Connection, cons_id: str) -> None:
        self._db = db
        self._cons_id = cons_id

    @property
    def cons_id(self) -> str:
        return self._cons_id

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self._db)

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


def next_sequence(db: sqlite3.Connection, cons_id: str, prefix: str) -> int:
    (sequence,) = db.execute(
        "INSERT INTO sep_sequence (cons_id, prefix, last) VALUES (?, ?, 1) "
        "ON CONFLICT (cons_id, prefix) DO UPDATE SET last = last + 1 RETURNING last",
        (cons_id, prefix),
    ).fetchone()
    return int(sequence)


def dump_json(value: Any) -> str:
    """A stored JSON column. orjson is ~10x the standard library here; the standard library
    takes what orjson refuses (integers past 64 bits, non-string keys) (docs/performance.md §6)."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(value, ensure_ascii=False)


def load_json(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # a row an older version wrote that orjson is stricter on
        return json.loads(text)
