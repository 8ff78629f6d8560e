"""Reference data: ICD-10 diagnoses, poli, jenis peserta and faskes.

The JSON files in `mockvclaim.data` say where each list comes from. Everything is loaded
once, on first use, so importing this module stays cheap.
"""

from __future__ import annotations

import bisect
import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Literal

__all__ = [
    "Faskes",
    "JenisPeserta",
    "Poli",
    "all_faskes",
    "all_poli",
    "diagnosis_code",
    "diagnosis_display",
    "diagnosis_name",
    "faskes_by_code",
    "fktp_list",
    "jenis_peserta",
    "jenis_peserta_list",
    "normalize_icd_code",
    "poli_name",
    "search_diagnoses",
    "search_poli",
]

Tingkat = Literal["1", "2"]


@dataclass(frozen=True, slots=True)
class Poli:
    kode: str
    nama: str


@dataclass(frozen=True, slots=True)
class JenisPeserta:
    kode: str
    keterangan: str  # Peserta `jenisPeserta.keterangan`
    short: str  # SEP `peserta.jnsPeserta`

    @property
    def is_pbi(self) -> bool:
        """Premiums paid by the state (APBN/APBD): always class 3."""
        return self.keterangan.startswith("PBI")


@dataclass(frozen=True, slots=True)
class Faskes:
    kode: str
    nama: str
    tingkat: Tingkat  # "1" FKTP, "2" FKRTL (hospital)
    wilayah: str = ""  # the kabupaten/kota referensi/faskes names it with, where known


# --- JSON files ------------------------------------------------------------------------------


def _load(name: str, key: str) -> list[dict[str, str]]:
    """The list under `key` in data file `name`, each item checked to be a str->str mapping."""
    text = resources.files("mockvclaim.bpjs.data").joinpath(name).read_text(encoding="utf-8")
    doc: object = json.loads(text)
    items = doc.get(key) if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise ValueError(f"{name}: no list under {key!r}")
    rows: list[dict[str, str]] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in item.items()
        ):
            raise ValueError(f"{name}: {key}[{i}] is not an object of strings")
        rows.append(item)
    return rows


@functools.cache
def _poli() -> tuple[tuple[Poli, ...], dict[str, Poli]]:
    items = tuple(Poli(r["kode"], r["nama"]) for r in _load("poli.json", "poli"))
    return items, {p.kode.upper(): p for p in items}


@functools.cache
def _jenis() -> tuple[tuple[JenisPeserta, ...], dict[str, JenisPeserta]]:
    items = tuple(
        JenisPeserta(r["kode"], r["keterangan"], r["short"])
        for r in _load("jenis_peserta.json", "jenis_peserta")
    )
    return items, {j.kode: j for j in items}


@functools.cache
def _faskes() -> tuple[tuple[Faskes, ...], dict[str, Faskes]]:
    items: list[Faskes] = []
    for r in _load("faskes.json", "faskes"):
        tingkat = r["tingkat"]
        if tingkat not in ("1", "2"):
            raise ValueError(f"faskes.json: {r['kode']}: tingkat must be '1' or '2'")
        level: Tingkat = "1" if tingkat == "1" else "2"
        items.append(Faskes(r["kode"], r["nama"], level, r.get("wilayah", "")))
    return tuple(items), {f.kode.upper(): f for f in items}


# --- poli --------------------------------------------------------------------------------------


def all_poli() -> tuple[Poli, ...]:
    return _poli()[0]


def poli_name(code: str) -> str | None:
    """The upper-case name SEP responses show (INT -> "PENYAKIT DALAM"); any case of code."""
    poli = _poli()[1].get(code.strip().upper())
    return poli.nama if poli else None


def search_poli(query: str) -> list[Poli]:
    """referensi/poli semantics: exact code first, then names containing the query."""
    q = query.strip().upper()
    if not q:
        return []
    items, by_code = _poli()
    exact = by_code.get(q)
    rest = [p for p in items if q in p.nama.upper() and p is not exact]
    return [exact, *rest] if exact else rest


# --- jenis peserta -----------------------------------------------------------------------------


def jenis_peserta_list() -> tuple[JenisPeserta, ...]:
    return _jenis()[0]


def jenis_peserta(kode: str) -> JenisPeserta | None:
    return _jenis()[1].get(kode.strip())


# --- faskes ------------------------------------------------------------------------------------


def all_faskes() -> tuple[Faskes, ...]:
    return _faskes()[0]


def faskes_by_code(code: str) -> Faskes | None:
    return _faskes()[1].get(code.strip().upper())


@functools.cache
def fktp_list() -> tuple[Faskes, ...]:
    return tuple(f for f in all_faskes() if f.tingkat == "1")


# --- ICD-10 ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _IcdIndex:
    by_key: dict[str, tuple[str, str]]  # "I219" -> ("I21.9", name)
    keys: list[str]  # dot-less codes, sorted, for prefix search
    entries: list[tuple[str, str, str]]  # (code, name, lower-case name) in WHO order


def normalize_icd_code(code: str) -> str:
    """The lookup key: upper case, no dot, no surrounding spaces ("i21.9" -> "I219")."""
    return code.strip().upper().replace(".", "")


def preload() -> None:
    """Read ICD-10 now (~25 ms) rather than during the first SEP a client sends."""
    _icd()


@functools.cache
def _icd() -> _IcdIndex:
    # data/icd10.json: WHO ICD-10 categories and subcategories (the file says its source).
    text = resources.files("mockvclaim.bpjs.data").joinpath("icd10.json").read_text("utf-8")
    by_key: dict[str, tuple[str, str]] = {}
    entries: list[tuple[str, str, str]] = []
    for code, name in json.loads(text)["codes"]:
        by_key[normalize_icd_code(code)] = (code, name)
        entries.append((code, name, name.lower()))
    return _IcdIndex(by_key=by_key, keys=sorted(by_key), entries=entries)


def diagnosis_name(code: str) -> str | None:
    """WHO ICD-10 English name for a category or subcategory; accepts "I21.9", "I219", "i21.9"."""
    hit = _icd().by_key.get(normalize_icd_code(code))
    return hit[1] if hit else None


def diagnosis_code(code: str) -> str | None:
    """The code as BPJS writes it ("I219" -> "I21.9"), or None when unknown."""
    hit = _icd().by_key.get(normalize_icd_code(code))
    return hit[0] if hit else None


def diagnosis_display(code: str) -> str | None:
    """`"{code} - {name}"`, the form of SEP `diagnosa` and referensi/diagnosa `nama`."""
    hit = _icd().by_key.get(normalize_icd_code(code))
    return f"{hit[0]} - {hit[1]}" if hit else None


def search_diagnoses(query: str, limit: int = 50) -> list[tuple[str, str]]:
    """(code, name) pairs: codes starting with the query first, then names containing it.

    Case-insensitive; the dot in a code query is optional. At most `limit` results.
    """
    q = query.strip()
    if not q or limit <= 0:
        return []
    index = _icd()
    out: list[tuple[str, str]] = []
    seen: set[str] = set()

    key = normalize_icd_code(q)
    if key:
        start = bisect.bisect_left(index.keys, key)
        for k in index.keys[start:]:
            if not k.startswith(key) or len(out) >= limit:
                break
            code, name = index.by_key[k]
            out.append((code, name))
            seen.add(code)

    needle = q.lower()
    for code, name, lowered in index.entries:
        if len(out) >= limit:
            break
        if needle in lowered and code not in seen:
            out.append((code, name))
    return out
