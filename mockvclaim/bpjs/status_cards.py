"""Test cards whose participant is missing, inactive or deceased, as every route sees them.

Single source: the card numbers live only in scenarios/test-cards.yaml, in the rules that
make SEP insert refuse them (`card-not-found`, `card-inactive`, `card-deceased`; forcible
with X-Mock-Scenario, counted in the journal). This module reads those numbers from the
rules and adds what a rule cannot say, the participant's status, so a Peserta lookup of an
inactive card answers the participant with `statusPeserta` set, and a missing card is
missing for Peserta, Rujukan and NIK lookups too.

statusPeserta codes (docs/vclaim-api.md §5.1 marks non-active codes [U]): "9" "NON AKTIF KARNA
PREMI"
is real (a Peserta response pasted in public PHP code, typo included); "2" "MENINGGAL" is
from a public SIMRS status table (0 Aktif, 2 Meninggal, 6, 7, 9 Non Aktif Karna Premi, 15),
upper-cased as BPJS writes statuses.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from mockvclaim import resources
from mockvclaim.protocol import messages
from mockvclaim.protocol.documents import load_document
from mockvclaim.protocol.errors import VClaimError

__all__ = ["CardStatus", "all_status_cards", "require_exists", "status_of"]

TEST_CARDS_FILE = "test-cards.yaml"
CARD_KEY = "request.t_sep.noKartu"

# rule id -> (statusPeserta.kode, keterangan); kode "" = the card has no participant.
_STATUS_BY_RULE = {
    "card-not-found": ("", ""),
    "card-inactive": ("9", "NON AKTIF KARNA PREMI"),
    "card-deceased": ("2", "MENINGGAL"),
}


@dataclass(frozen=True, slots=True)
class CardStatus:
    no_kartu: str
    rule: str
    kode: str
    keterangan: str

    @property
    def exists(self) -> bool:
        return self.kode != ""


@functools.cache
def _cards() -> dict[str, CardStatus]:
    path = resources.scenarios_dir() / TEST_CARDS_FILE
    rules = {rule["id"]: rule for rule in load_document(path)["rules"]}
    cards: dict[str, CardStatus] = {}
    for rule_id, (kode, keterangan) in _STATUS_BY_RULE.items():
        card = rules.get(rule_id, {}).get("when", {}).get(CARD_KEY)
        if not isinstance(card, str):
            raise ValueError(f"{path}: rule {rule_id!r} must match one {CARD_KEY}")
        cards[card] = CardStatus(card, rule_id, kode, keterangan)
    return cards


def all_status_cards() -> tuple[CardStatus, ...]:
    return tuple(_cards().values())


def status_of(no_kartu: str) -> CardStatus | None:
    """The card's special status, or None for an ordinary (active) participant."""
    return _cards().get(no_kartu.strip())


def require_exists(no_kartu: str) -> None:
    """Refuse a card with no participant, as a Peserta lookup does (real text E4)."""
    status = status_of(no_kartu)
    if status is not None and not status.exists:
        raise VClaimError.of(messages.PESERTA_NOT_FOUND)
