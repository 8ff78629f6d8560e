"""Peserta/nokartu and Peserta/nik: a participant for a date of service (reference §5.1)."""

from __future__ import annotations

import re
from datetime import date

from mockvclaim.bpjs import status_cards
from mockvclaim.bpjs.peserta import Participant, participant_by_nik, participant_for
from mockvclaim.bpjs.vclaim import path_params
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

_CARD = re.compile(r"[0-9]{13}")
_NIK = re.compile(r"[0-9]{16}")


def service_date(text: str) -> date:
    return path_params.day(text, "Tanggal SEP")


def by_card(no_kartu: str, tgl_sep: str, seed: int, today: date) -> dict[str, object]:
    """`{"peserta": {...}}` for a card; a malformed or unknown card is the real E4 text."""
    if not _CARD.fullmatch(no_kartu):
        raise VClaimError.of(messages.PESERTA_NOT_FOUND)
    return _answer(participant_for(no_kartu, seed), service_date(tgl_sep), today)


def by_nik(nik: str, tgl_sep: str, seed: int, today: date) -> dict[str, object]:
    """`{"peserta": {...}}` for a NIK. E4 is also what dev answers for an unknown NIK."""
    if not _NIK.fullmatch(nik):
        raise VClaimError.of(messages.PESERTA_NOT_FOUND)
    return _answer(participant_by_nik(nik, seed), service_date(tgl_sep), today)


def _answer(person: Participant, tgl: date, today: date) -> dict[str, object]:
    status_cards.require_exists(person.no_kartu)
    return {"peserta": person.peserta_json(tgl, today)}
