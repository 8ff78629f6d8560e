"""i-Care validate: a one-time link to a participant's care history, for a card (and, at a
hospital, a doctor) the world knows (docs/antrean-aplicares.md §6)."""

from __future__ import annotations

import uuid
from typing import Any

from mockvclaim.bpjs import status_cards
from mockvclaim.bpjs.peserta import participant_by_nik
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.vclaim import referensi
from mockvclaim.bpjs.world import World
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

HISTORY_URL = "https://dvlp.bpjs-kesehatan.go.id/ihs/history?token={token}"


def _card(world: World, param: str) -> str:
    """A 13-digit card, or a 16-digit NIK read as its participant's card [L]."""
    digits = "".join(c for c in param if c.isascii() and c.isdigit())
    if len(digits) == 16:
        digits = participant_by_nik(digits, world.seed).no_kartu
    status = status_cards.status_of(digits) if len(digits) == 13 else None
    if len(digits) != 13 or (status is not None and not status.exists):
        raise VClaimError.of(messages.ICARE_PESERTA_NOT_FOUND)
    return digits


def _url(world: World, *parts: str) -> dict[str, str]:
    # A new link per consumer, card, doctor and day, the same on a retry that day.
    name = "/".join((str(world.seed), world.consumer.cons_id, str(world.today), *parts))
    return {"url": HISTORY_URL.format(token=uuid.uuid5(uuid.NAMESPACE_URL, name))}


@serves("icare.rs_validate")
def validate_rs(world: World, body: dict[str, Any]) -> dict[str, str]:
    card = _card(world, str(body["param"]))
    kodedokter = str(body["kodedokter"]).strip()
    if referensi.dokter_by_code(kodedokter, world.seed) is None:
        raise VClaimError.of(messages.ICARE_DOKTER_NOT_FOUND)
    return _url(world, card, kodedokter)


@serves("icare.pcare_validate")
def validate_pcare(world: World, body: dict[str, Any]) -> dict[str, str]:
    return _url(world, _card(world, str(body["param"])))
