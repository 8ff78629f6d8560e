"""Finger print: the status of a participant on a service day, the day's list, and the
random question / answer BPJS offers when the reader fails (docs/vclaim-api.md §5.0, §3.4).

Who has validated on a day [U], decided so a test can steer it:
- a card whose last digit is even has validated on every day up to today;
- any card has validated on a day once a right random answer was sent for it (the
  fallback stands in for the reader, so it counts as that day's validation);
- nobody has validated on a day after today.
The status route always answers code 200, the state in `kode` (docs/vclaim-api.md §3.4). The list
shows the day's SEPs (this consumer) of participants who validated that day.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from mockvclaim.bpjs import numbers, peserta, refdata, status_cards
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import SepRecord
from mockvclaim.bpjs.vclaim import path_params
from mockvclaim.bpjs.vclaim.pelayanan import RAWAT_INAP, RAWAT_JALAN
from mockvclaim.bpjs.world import World
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

DECOYS = 2  # the catalogue sample offers three faskes


def validated(world: World, no_kartu: str, tgl: date) -> bool:
    if tgl > world.today:
        return False
    if int(no_kartu[-1]) % 2 == 0:
        return True
    return world.store.has_fingerprint(no_kartu, tgl.isoformat())


@serves("fingerprint.peserta")
def status(world: World, no_kartu: str, tgl_pelayanan: str) -> dict[str, str]:
    """`{"kode": "1"|"0", "status": ...}` with the catalogue's two texts."""
    path_params.card_number(no_kartu)
    tgl = path_params.day(tgl_pelayanan, "Tanggal Pelayanan")
    if validated(world, no_kartu, tgl):
        return {"kode": "1", "status": messages.FINGERPRINT_SUDAH.format(tgl=tgl.isoformat())}
    return {"kode": "0", "status": messages.FINGERPRINT_BELUM.template}


@serves("fingerprint.list")
def day_list(world: World, tgl_pelayanan: str) -> dict[str, list[dict[str, str]]]:
    """`{"list": [{noKartu, noSEP}]}`: the day's SEPs whose participant validated."""
    tgl = path_params.day(tgl_pelayanan, "Tanggal Pelayanan")
    records: list[SepRecord] = []
    for jns in (RAWAT_INAP, RAWAT_JALAN):
        records += world.store.list_sep_on_date(tgl.isoformat(), jns)
    rows = [
        {"noKartu": record.no_kartu, "noSEP": record.no_sep}
        for record in sorted(records, key=lambda r: r.no_sep.upper())
        if validated(world, record.no_kartu, tgl)
    ]
    if not rows:
        raise VClaimError.of(messages.NO_DATA)
    return {"list": rows}


@serves("fingerprint.randomquestion")
def random_question(world: World, no_kartu: str, tgl_sep: str) -> dict[str, Any]:
    """`{"faskes": [...]}`: the participant's own FKTP among decoys, in an order that is
    fixed for a card, day and seed."""
    path_params.card_number(no_kartu)
    tgl = path_params.day(tgl_sep, "Tanggal SEP")
    status_cards.require_exists(no_kartu)
    own = peserta.participant_for(no_kartu, world.seed).prov_umum
    rng = random.Random(numbers.derive("fingerprint-question", world.seed, no_kartu, tgl))
    others = [f for f in refdata.fktp_list() if f.kode != own.kode]
    choices = [own, *rng.sample(others, DECOYS)]
    rng.shuffle(choices)
    return {"faskes": [{"kode": f.kode, "nama": f.nama} for f in choices]}


@serves("fingerprint.randomanswer")
def random_answer(world: World, t_sep: dict[str, Any]) -> str:
    """`"True"` when tglLahir and ppkPst are the participant's own (and then the day counts
    as validated), else `"False"`; the other members are not checked [U]."""
    no_kartu = t_sep["noKartu"]
    status_cards.require_exists(no_kartu)
    tgl = path_params.day(t_sep["tglSep"], "Tanggal SEP")
    tgl_lahir = path_params.day(t_sep["tglLahir"], "Tanggal Lahir")
    person = peserta.participant_for(no_kartu, world.seed)
    right = tgl_lahir == person.tgl_lahir and t_sep["ppkPst"].upper() == person.fktp
    if not right:
        return "False"
    world.store.insert_fingerprint(no_kartu, tgl.isoformat())
    return "True"
