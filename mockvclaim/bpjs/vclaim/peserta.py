"""Peserta/nokartu and Peserta/nik: a participant for a date of service (docs/vclaim-api.md
§5.1)."""

from __future__ import annotations

import re
from datetime import date

from mockvclaim.bpjs import numbers, status_cards
from mockvclaim.bpjs.peserta import Participant, participant_by_nik, participant_for
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.vclaim import path_params
from mockvclaim.bpjs.world import World
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

_CARD = re.compile(numbers.CARD_PATTERN)
_NIK = re.compile(r"[0-9]{16}")


def service_date(text: str) -> date:
    return path_params.day(text, "Tanggal SEP")


@serves("peserta.nokartu")
def by_card(world: World, no_kartu: str, tgl_sep: str) -> dict[str, object]:
    """`{"peserta": {...}}` for a card; a malformed or unknown card is the real E4 text."""
    if not _CARD.fullmatch(no_kartu):
        raise VClaimError.of(messages.PESERTA_NOT_FOUND)
    return _answer(world, participant_for(no_kartu, world.seed), service_date(tgl_sep))


@serves("peserta.nik")
def by_nik(world: World, nik: str, tgl_sep: str) -> dict[str, object]:
    """`{"peserta": {...}}` for a NIK. E4 is also what dev answers for an unknown NIK."""
    if not _NIK.fullmatch(nik):
        raise VClaimError.of(messages.PESERTA_NOT_FOUND)
    return _answer(world, participant_by_nik(nik, world.seed), service_date(tgl_sep))


def _answer(world: World, person: Participant, tgl: date) -> dict[str, object]:
    status_cards.require_exists(person.no_kartu)
    return {"peserta": person.peserta_json(tgl, world.today)}
