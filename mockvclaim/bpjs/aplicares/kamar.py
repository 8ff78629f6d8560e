"""Aplicares: the room classes and the hospital's rooms with their free beds, kept per
consumer and PPK (docs/antrean-aplicares.md §5). Refusals answer code 0, as the real
"Data tidak ada di database." does."""

from __future__ import annotations

import functools
import json
from datetime import datetime
from importlib import resources
from typing import Any

from mockvclaim.bpjs.antrean.fields import WIB
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import KamarRecord
from mockvclaim.bpjs.world import World
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

REFUSED = "0"
_COUNTS = ("kapasitas", "tersedia", "tersediapria", "tersediawanita", "tersediapriawanita")


@functools.cache
def _kelas() -> tuple[tuple[str, str], ...]:
    text = resources.files("mockvclaim.bpjs.data").joinpath("kelas_kamar.json").read_text("utf-8")
    return tuple((row["kodekelas"], row["namakelas"]) for row in json.loads(text)["kelas"])


@serves("aplicares.ref_kelas")
def ref_kelas() -> dict[str, Any]:
    return {"list": [{"kodekelas": k, "namakelas": n} for k, n in _kelas()]}


def _ppk(world: World, kodeppk: str) -> str:
    """The consumer's own PPK; strict mode refuses another (docs/antrean-aplicares.md §5)."""
    ppk = kodeppk.strip().upper()
    if world.strict and ppk != world.consumer.ppk.upper():
        raise VClaimError(messages.KAMAR_PPK_TIDAK_SESUAI.template, code=REFUSED)
    return ppk


def _kelas_of(body: dict[str, Any]) -> str:
    kodekelas = str(body["kodekelas"]).strip().upper()
    if kodekelas not in {k for k, _ in _kelas()}:
        raise VClaimError(messages.KAMAR_KELAS_NOT_FOUND.format(kodekelas=kodekelas), code=REFUSED)
    return kodekelas


def _record(world: World, ppk: str, body: dict[str, Any]) -> KamarRecord:
    counts = {name: str(int(body.get(name) or "0")) for name in _COUNTS}
    moment = world.now or datetime.combine(world.today, datetime.min.time(), WIB)
    return KamarRecord(
        kodeppk=ppk,
        kodekelas=_kelas_of(body),
        koderuang=str(body["koderuang"]).strip(),
        namaruang=str(body["namaruang"]).strip(),
        lastupdate=moment.strftime("%Y-%m-%d %H:%M:%S"),
        **counts,
    )


@serves("aplicares.bed_create")
def insert_kamar(world: World, kodeppk: str, body: dict[str, Any]) -> None:
    if not world.store.insert_kamar(_record(world, _ppk(world, kodeppk), body)):
        raise VClaimError(messages.KAMAR_SUDAH_ADA.template, code=REFUSED)


@serves("aplicares.bed_update")
@serves("aplicares.bed_update_put")
def update_kamar(world: World, kodeppk: str, body: dict[str, Any]) -> None:
    if not world.store.update_kamar(_record(world, _ppk(world, kodeppk), body)):
        raise VClaimError(messages.KAMAR_TIDAK_ADA.template, code=REFUSED)


@serves("aplicares.bed_delete")
@serves("aplicares.bed_delete_verb")
def delete_kamar(world: World, kodeppk: str, body: dict[str, Any]) -> None:
    ppk = _ppk(world, kodeppk)
    kodekelas = str(body["kodekelas"]).strip().upper()
    if not world.store.delete_kamar(ppk, kodekelas, str(body["koderuang"]).strip()):
        raise VClaimError(messages.KAMAR_TIDAK_ADA.template, code=REFUSED)


@serves("aplicares.bed_read")
def list_kamar(world: World, kodeppk: str, start: str, limit: str) -> dict[str, Any]:
    """A page of rooms: `start` counts from 1, `limit` rows (docs/antrean-aplicares.md §5)."""
    first = _positive(start, "start")
    size = _positive(limit, "limit")
    rooms = world.store.list_kamar(_ppk(world, kodeppk))
    page = rooms[first - 1 : first - 1 + size]
    return {
        "list": [
            {
                "kodekelas": r.kodekelas,
                "koderuang": r.koderuang,
                "namaruang": r.namaruang,
                "kapasitas": r.kapasitas,
                "tersedia": r.tersedia,
                "tersediapria": r.tersediapria,
                "tersediawanita": r.tersediawanita,
                "tersediapriawanita": r.tersediapriawanita,
                "kodeppk": r.kodeppk,
                "rownumber": first + index,
                "lastupdate": r.lastupdate,
            }
            for index, r in enumerate(page)
        ]
    }


def _positive(value: str, name: str) -> int:
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise VClaimError.of(messages.FIELD_FORMAT, title=name, field=name)
    return int(value)
