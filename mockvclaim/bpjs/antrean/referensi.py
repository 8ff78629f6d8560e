"""HFIS reference data as Antrean shows it: the hospital's polis (one subspecialty row per
poli), its doctors, the polis that require a finger print, and a participant's finger-print
enrolment (docs/antrean-aplicares.md §3.2). All from the VClaim world of the same seed."""

from __future__ import annotations

import random
from typing import Any

from mockvclaim.bpjs import numbers, refdata, status_cards
from mockvclaim.bpjs.antrean.jadwal_dokter import polis
from mockvclaim.bpjs.peserta import Participant, participant_by_nik, participant_for
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.vclaim import fingerprint, path_params, referensi
from mockvclaim.bpjs.world import World
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

_FP_CHANCE = 0.3  # share of a hospital's polis that require a finger print (the mock's choice)


def _nama(kode: str) -> str:
    return refdata.poli_name(kode) or kode


@serves("antrean.ref_poli")
def poli(world: World) -> list[dict[str, str]]:
    return [
        {"nmpoli": _nama(k), "nmsubspesialis": _nama(k), "kdsubspesialis": k, "kdpoli": k}
        for k in polis(world)
    ]


@serves("antrean.ref_dokter")
def dokter(world: World) -> list[dict[str, Any]]:
    served = set(polis(world))
    return [
        {"namadokter": d.nama, "kodedokter": int(d.kode)}
        for d in referensi.roster(world.seed)
        if d.poli in served
    ]


@serves("antrean.ref_poli_fp")
def poli_fp(world: World) -> list[dict[str, str]]:
    rng = random.Random(numbers.derive("poli-fp", world.seed, world.consumer.ppk))
    chosen = [k for k in polis(world) if rng.random() < _FP_CHANCE]
    if not chosen:
        raise VClaimError(messages.NO_DATA.template, code="204")
    return [
        {"kodesubspesialis": k, "namasubspesialis": _nama(k), "kodepoli": k, "namapoli": _nama(k)}
        for k in chosen
    ]


@serves("antrean.ref_pasien_fp")
def pasien_fp(world: World, identitas: str, noidentitas: str) -> dict[str, Any]:
    kind = path_params.choice(identitas.lower(), "identitas", "Jenis Identitas", ("nik", "noka"))
    person = _person(world, kind, noidentitas.strip())
    daftar = fingerprint.validated(world, person.no_kartu, world.today)
    return {
        "nomorkartu": person.no_kartu,
        "nik": person.nik,
        "tgllahir": person.tgl_lahir.isoformat(),
        "daftarfp": int(daftar),
    }


def _person(world: World, kind: str, nomor: str) -> Participant:
    if kind == "noka":
        card = path_params.card_number(nomor, "noidentitas")
        status_cards.require_exists(card)
        return participant_for(card, world.seed)
    if len(nomor) != 16 or not nomor.isascii() or not nomor.isdigit():
        raise VClaimError.of(messages.FIELD_FORMAT, title="NIK", field="noidentitas")
    return participant_by_nik(nomor, world.seed)
