"""The world's state in SQLite, kept per consumer (cons-id): issued SEPs and their numbers,
discharges, letters, referrals, claims and approvals; one module per family of tables.

Every write is one transaction, committed before the caller answers, so an acknowledged
SEP survives a restart with a file database and a failure never leaves half a record.
"""

from __future__ import annotations

from mockvclaim.bpjs.store.approvals import ApprovalTables, PersetujuanRecord
from mockvclaim.bpjs.store.claims import ClaimTables, LpkRecord, PrbRecord
from mockvclaim.bpjs.store.letters import LetterTables, SuratKontrolRecord
from mockvclaim.bpjs.store.referrals import (
    ReferralTables,
    RujukanKeluarRecord,
    RujukanKhususRecord,
)
from mockvclaim.bpjs.store.seps import PulangRecord, SepRecord, SepTables

__all__ = [
    "LpkRecord",
    "PersetujuanRecord",
    "PrbRecord",
    "PulangRecord",
    "RujukanKeluarRecord",
    "RujukanKhususRecord",
    "SepRecord",
    "Store",
    "SuratKontrolRecord",
]


class Store(SepTables, LetterTables, ReferralTables, ClaimTables, ApprovalTables):
    """One SQLite database; `path=":memory:"` is a fresh world every start."""
