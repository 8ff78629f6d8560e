"""Program Rujuk Balik reference data (data/prb.json): the nine PRB programs and the PRB
drug list, as referensi/diagnosaprb and referensi/obatprb answer them (docs/vclaim-api.md §5.0), and
the look-ups PRB and prbpotensi use."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Program:
    kode: str  # as on the wire: "01 ", trailing space included (catalogue)
    nama: str
    icd10: tuple[str, ...]  # ICD-10 categories (the mock's mapping, see the data file)


@dataclass(frozen=True, slots=True)
class Obat:
    kode: str
    nama: str


@functools.cache
def _document() -> dict[str, Any]:
    text = resources.files("mockvclaim.bpjs.data").joinpath("prb.json").read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


@functools.cache
def programs() -> tuple[Program, ...]:
    return tuple(
        Program(row["kode"], row["nama"], tuple(row["icd10"])) for row in _document()["program"]
    )


@functools.cache
def _programs_by_code() -> dict[str, Program]:
    return {p.kode.strip(): p for p in programs()}


def program(kode: str) -> Program | None:
    """A program by code, written "01" or "01 " (clients trim the catalogue's space)."""
    return _programs_by_code().get(kode.strip())


def program_for_diagnosis(code: str) -> Program | None:
    """The PRB program an ICD-10 code falls under ("E11.9" -> Diabetes Mellitus), or None."""
    category = code.strip().upper().replace(".", "")[:3]
    return next((p for p in programs() if category in p.icd10), None)


@functools.cache
def obat_list() -> tuple[Obat, ...]:
    return tuple(Obat(row["kode"], row["nama"]) for row in _document()["obat"])


@functools.cache
def _obat_by_code() -> dict[str, Obat]:
    return {o.kode: o for o in obat_list()}


def obat(kode: str) -> Obat | None:
    return _obat_by_code().get(kode.strip())
