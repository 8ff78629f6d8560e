"""Test cards whose participant is missing, inactive or deceased, as every route sees them.

Single source: scenarios/test-cards.yaml. A rule there that matches one
`request.t_sep.noKartu` and carries `peserta` (`missing`, or a `statusPeserta`) makes SEP
insert refuse the card and tells this module what the card's participant is, so a Peserta
lookup of an inactive card answers the participant with `statusPeserta` set, and a missing
card is missing for Peserta, Rujukan and NIK lookups too (docs/interface.md §7).

statusPeserta codes (docs/vclaim-api.md §5.1 marks non-active codes [U]): "9" "NON AKTIF KARNA
PREMI" is real (a Peserta response pasted in public PHP code, typo included); "2" "MENINGGAL"
is from a public SIMRS status table (0 Aktif, 2 Meninggal, 6, 7, 9 Non Aktif Karna Premi,
15), upper-cased as BPJS writes statuses.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from mockvclaim import resources
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError
from mockvclaim.protocol.operations import OPERATIONS
from mockvclaim.protocol.scenarios import load_rules
from mockvclaim.protocol.validation import SchemaRegistry

__all__ = ["CardStatus", "all_status_cards", "require_exists", "status_of"]

TEST_CARDS_FILE = "test-cards.yaml"
CARD_KEY = "request.t_sep.noKartu"
MISSING = "missing"


@dataclass(frozen=True, slots=True)
class CardStatus:
    no_kartu: str
    rule: str
    kode: str  # statusPeserta.kode; "" when the card has no participant
    keterangan: str

    @property
    def exists(self) -> bool:
        return self.kode != ""


@functools.cache
def _cards() -> dict[str, CardStatus]:
    path = resources.scenarios_dir() / TEST_CARDS_FILE
    validator = SchemaRegistry.of_folder(resources.schemas_dir()).validator("scenario")
    rules = load_rules([path], validator, [operation.op_id for operation in OPERATIONS])
    cards: dict[str, CardStatus] = {}
    for rule in rules:
        peserta = rule.definition.get("peserta")
        if peserta is None:
            continue
        card = rule.definition.get("when", {}).get(CARD_KEY)
        if not isinstance(card, str):
            raise ValueError(
                f"{path}: rule {rule.id!r} has `peserta`, so must match one {CARD_KEY}"
            )
        status = {"kode": "", "keterangan": ""} if peserta == MISSING else peserta["statusPeserta"]
        cards[card] = CardStatus(card, rule.id, status["kode"], status["keterangan"])
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
