"""referensi/*: look-ups over the reference data, and the reference checks of SEP insert.

Shapes and the "Sukses" message are docs/vclaim-api.md §5.0/§2.1. A query that matches nothing
answers 201 `messages.NO_DATA`: dev answers "no data" with 201 (docs/vclaim-api.md §7).
"""

from __future__ import annotations

import functools
import json
import random
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from mockvclaim.bpjs import names, numbers, prb_data, refdata
from mockvclaim.bpjs.peserta import facility_name
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.vclaim import path_params
from mockvclaim.bpjs.world import World, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

Rows = list[dict[str, str]]

# PPK code shapes (docs/vclaim-api.md §4.2): 8 digits (puskesmas), or 4 digits, a type letter and 3
# digits: R hospital, B klinik, U doctor, G dentist; S is an FKRTL too (dev's 0089S002
# issues SEPs).
_PPK = re.compile(r"[0-9]{8}|[0-9]{4}[A-Za-z][0-9]{3}")
_FKRTL_LETTERS = frozenset("RS")


def _no_data() -> VClaimError:
    return VClaimError.of(messages.NO_DATA)


def _found(key: str, rows: list[dict[str, str]]) -> dict[str, Any]:
    if not rows:
        raise _no_data()
    return {key: rows}


@functools.cache
def _file(name: str) -> dict[str, Any]:
    text = resources.files("mockvclaim.bpjs.data").joinpath(name).read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


def _rows(name: str, key: str) -> Rows:
    rows: Rows = _file(name)[key]
    return rows


# --- diagnosa, poli, procedure -----------------------------------------------------------------


@serves("referensi.diagnosa")
def diagnosa(diagnosa: str) -> dict[str, Any]:
    """`{"diagnosa": [{kode, nama: "A04 - ..."}]}`: codes starting with the query, then names."""
    found = refdata.search_diagnoses(diagnosa)
    return _found("diagnosa", [{"kode": code, "nama": f"{code} - {name}"} for code, name in found])


@serves("referensi.poli")
def poli(poli: str) -> dict[str, Any]:
    return _found("poli", [{"kode": p.kode, "nama": p.nama} for p in refdata.search_poli(poli)])


@serves("referensi.procedure")
def procedure(procedure: str) -> dict[str, Any]:
    """All of ICD-9-CM volume 3 (data/procedure.json); `nama` like diagnosa's [U]."""
    q = procedure.strip().lower()
    key = q.replace(".", "")
    rows = _rows("procedure.json", "procedure")
    by_code = [r for r in rows if key and r["kode"].replace(".", "").startswith(key)]
    by_name = [r for r in rows if q and q in r["nama"].lower() and r not in by_code]
    return _found(
        "procedure",
        [{"kode": r["kode"], "nama": f"{r['kode']} - {r['nama']}"} for r in [*by_code, *by_name]],
    )


# --- small fixed lists -------------------------------------------------------------------------

FIXED_LISTS = ("kelasrawat", "spesialistik", "ruangrawat", "carakeluar", "pascapulang")


def fixed_list(name: str) -> dict[str, Any]:
    """referensi/kelasrawat, spesialistik, ruangrawat, carakeluar, pascapulang."""
    return {
        "list": [
            {"kode": r["kode"], "nama": r["nama"]} for r in _rows("referensi_lists.json", name)
        ]
    }


for _name in FIXED_LISTS:
    serves(f"referensi.{_name}", name=_name)(fixed_list)


# --- faskes ------------------------------------------------------------------------------------


def is_ppk_code(code: str) -> bool:
    return _PPK.fullmatch(code) is not None


def ppk_tingkat(code: str) -> str:
    """ "2" for a hospital-type code (R, S), "1" for the rest (FKTP)."""
    return "2" if len(code) == 8 and code[4:5].upper() in _FKRTL_LETTERS else "1"


@serves("referensi.faskes")
def faskes(world: World, faskes: str, jenis_faskes: str) -> dict[str, Any]:
    """Real faskes whose code or name holds the query; a well-formed code the list lacks is
    a faskes too, with its stable invented name: the world has a faskes for every PPK code
    (so a referral's PPK, derived from its card, is always found)."""
    jenis_faskes = path_params.choice(jenis_faskes, "jenisFaskes", "Jenis Faskes", ("1", "2"))
    q = faskes.strip().upper()
    rows = [
        {"kode": f.kode, "nama": _with_region(f.kode, f.nama, f.wilayah, world.seed)}
        for f in refdata.all_faskes()
        if f.tingkat == jenis_faskes and q and (q in f.kode.upper() or q in f.nama.upper())
    ]
    if not rows and is_ppk_code(q) and ppk_tingkat(q) == jenis_faskes:
        rows = [{"kode": q, "nama": _with_region(q, facility_name(q, world.seed), "", world.seed)}]
    return _found("faskes", rows)


def _with_region(code: str, nama: str, wilayah: str, seed: int) -> str:
    """`{nama} - {kabupaten}`, as referensi/faskes names a faskes (data/faskes.json says
    where each region comes from); a faskes with no known region gets a stable one."""
    if not wilayah:
        names = _regency_names()
        wilayah = names[numbers.derive("wilayah-faskes", seed, code.upper()) % len(names)]
    return f"{nama} - {wilayah}"


@functools.cache
def _regency_names() -> tuple[str, ...]:
    return tuple(r["nama"] for r in _regions()[1].values())


# --- regions -----------------------------------------------------------------------------------


@functools.cache
def _regions() -> tuple[dict[str, str], dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    propinsi = {r["kode"]: r["nama"] for r in _rows("wilayah.json", "propinsi")}
    kabupaten = {r["kode"]: r for r in _rows("wilayah.json", "kabupaten")}
    kecamatan = {r["kode"]: r for r in _rows("wilayah.json", "kecamatan")}
    return propinsi, kabupaten, kecamatan


@serves("referensi.propinsi")
def propinsi() -> dict[str, Any]:
    return {"list": [{"kode": k, "nama": v} for k, v in _regions()[0].items()]}


@serves("referensi.kabupaten")
def kabupaten(kode_propinsi: str) -> dict[str, Any]:
    rows = _regions()[1].values()
    kode = kode_propinsi.strip()
    return _found(
        "list", [{"kode": r["kode"], "nama": r["nama"]} for r in rows if r["propinsi"] == kode]
    )


@serves("referensi.kecamatan")
def kecamatan(kode_kabupaten: str) -> dict[str, Any]:
    rows = _regions()[2].values()
    kode = kode_kabupaten.strip()
    return _found(
        "list", [{"kode": r["kode"], "nama": r["nama"]} for r in rows if r["kabupaten"] == kode]
    )


def check_region(kd_propinsi: str, kd_kabupaten: str, kd_kecamatan: str) -> None:
    """An accident's place: codes the lists hold, each inside the one before (every mode)."""
    provinces, regencies, districts = _regions()
    if kd_propinsi not in provinces:
        raise VClaimError.of(messages.WILAYAH_NOT_FOUND, title="Propinsi", kode=kd_propinsi)
    regency = regencies.get(kd_kabupaten)
    if regency is None or regency["propinsi"] != kd_propinsi:
        raise VClaimError.of(
            messages.WILAYAH_OUTSIDE,
            title="Kabupaten", kode=kd_kabupaten, parent="Propinsi", parentKode=kd_propinsi,
        )  # fmt: skip
    district = districts.get(kd_kecamatan)
    if district is None or district["kabupaten"] != kd_kabupaten:
        raise VClaimError.of(
            messages.WILAYAH_OUTSIDE,
            title="Kecamatan", kode=kd_kecamatan, parent="Kabupaten", parentKode=kd_kabupaten,
        )  # fmt: skip


# --- DPJP roster -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dokter:
    kode: str
    nama: str
    poli: str


# Titles for poli codes outside rujukan_poli.json, then by a word in the poli's name.
_GELAR = {
    "BSY": "Sp.BS", "BDA": "Sp.BA", "BDP": "Sp.BP-RE", "ANT": "Sp.An", "IRM": "Sp.KFR",
    "PAK": "Sp.PK", "PAA": "Sp.PA", "GIZ": "Sp.GK", "HDL": "Sp.PD-KGH", "MKB": "Sp.MK",
    "KDN": "Sp.KN", "FMK": "Sp.FK", "AND": "Sp.And", "BTK": "Sp.BTKV", "JAW": "Sp.KJ(K)",
    "KEM": "Sp.PD-KHOM", "HIV": "Sp.PD-KPTI", "FOR": "Sp.FM", "KDO": "Sp.Ok", "AKP": "Sp.Ak",
    "KOR": "Sp.KO", "BKL": "Sp.B(K)Onk", "IGD": "", "UMU": "", "EMG": "", "FIS": "Sp.KFR",
    "PSI": "Sp.KJ",
}  # fmt: skip
_GELAR_BY_WORD = (
    ("GIGI", "drg."), ("ANAK", "Sp.A(K)"), ("PEDIATR", "Sp.A(K)"), ("BEDAH", "Sp.B(K)"),
    ("RADIOLOG", "Sp.Rad(K)"), ("PENCITRAAN", "Sp.Rad(K)"), ("IMAGING", "Sp.Rad(K)"),
    ("PSIKIATRI", "Sp.KJ(K)"), ("NEURO", "Sp.N(K)"), ("DERMATO", "Sp.KK(K)"),
    ("ANESTESI", "Sp.An(K)"), ("NYERI", "Sp.An(K)"), ("OFTALMO", "Sp.M(K)"),
    ("KORNEA", "Sp.M(K)"), ("GLAUKOMA", "Sp.M(K)"), ("RETINA", "Sp.M(K)"),
    ("GINEKOLOGI", "Sp.OG(K)"), ("FETOMATERNAL", "Sp.OG(K)"), ("FERTILITAS", "Sp.OG(K)"),
    ("THT", "Sp.THT-KL(K)"), ("OTOLOGI", "Sp.THT-KL(K)"), ("RINOLOGI", "Sp.THT-KL(K)"),
    ("PARU", "Sp.P(K)"), ("ASMA", "Sp.P(K)"), ("TORAKS", "Sp.P(K)"), ("KARDIO", "Sp.JP(K)"),
    ("JANTUNG", "Sp.JP(K)"), ("ARITMIA", "Sp.JP(K)"), ("VASKUL", "Sp.JP(K)"),
    ("ORTHOPEDI", "Sp.OT(K)"), ("TULANG", "Sp.OT(K)"),
)  # fmt: skip
_DEFAULT_GELAR = "Sp.PD-K"
_ROSTER_MIN, _ROSTER_MAX = 2, 6


def referral_poli_rows() -> Rows:
    """data/rujukan_poli.json: where generated referrals go, with diagnoses and complaints."""
    return _rows("rujukan_poli.json", "poli")


@functools.cache
def _gelar_by_poli() -> dict[str, str]:
    return {r["kode"]: r["gelar"] for r in referral_poli_rows()}


def gelar(poli_code: str, poli_name: str) -> str:
    known = _gelar_by_poli().get(poli_code, _GELAR.get(poli_code))
    if known is not None:
        return known
    return next((g for word, g in _GELAR_BY_WORD if word in poli_name), _DEFAULT_GELAR)


def _doctor_name(title: str, derived: int) -> str:
    names_rng = random.Random(derived)  # Faker's stream for the seed (bpjs/names.py)
    name = " ".join(f"{names.first_name(names_rng)} {names.last_name(names_rng)}".split())
    # The form of real SEP responses ("dr.ROBERT ANTON PARULIAN, Sp.B"), spaced like dokter.py.
    if title == "drg.":
        return f"drg. {name}"
    return f"dr. {name}, {title}" if title else f"dr. {name}"


@functools.cache
def roster(seed: int) -> tuple[Dokter, ...]:
    """Every poli's DPJP: 2-6 doctors each, 5-digit numeric codes, the same for a seed."""
    doctors: list[Dokter] = []
    taken: set[int] = set()
    for p in refdata.all_poli():
        rng = random.Random(numbers.derive("dpjp", seed, p.kode))
        title = gelar(p.kode, p.nama)
        for _ in range(rng.randint(_ROSTER_MIN, _ROSTER_MAX)):
            number = rng.randint(10_000, 99_999)
            while number in taken:  # codes are unique across the roster
                number = 10_000 + (number - 10_000 + 1) % 90_000
            taken.add(number)
            doctors.append(Dokter(str(number), _doctor_name(title, rng.getrandbits(64)), p.kode))
    return tuple(doctors)


@functools.cache
def _roster_by_code(seed: int) -> dict[str, Dokter]:
    return {d.kode: d for d in roster(seed)}


def dokter_by_code(kode: str, seed: int) -> Dokter | None:
    return _roster_by_code(seed).get(kode.strip())


@serves("referensi.dpjp")
def dpjp(
    world: World, jenis_pelayanan: str, tgl_pelayanan: str, kode_spesialis: str
) -> dict[str, Any]:
    """referensi/dokter/pelayanan: the roster of one poli (the same for R.Inap and R.Jalan)."""
    path_params.choice(jenis_pelayanan, "jenisPelayanan", "Jenis Pelayanan", ("1", "2"))
    path_params.day(tgl_pelayanan, "Tanggal Pelayanan")
    code = kode_spesialis.strip().upper()
    return _found(
        "list", [{"kode": d.kode, "nama": d.nama} for d in roster(world.seed) if d.poli == code]
    )


@serves("referensi.dokter")
def dokter(world: World, nama_dokter: str) -> dict[str, Any]:
    """referensi/dokter/{nama}: doctors whose name (or code) holds the text."""
    q = nama_dokter.strip().lower()
    rows = [
        {"kode": d.kode, "nama": d.nama}
        for d in roster(world.seed)
        if q and (q in d.nama.lower() or q == d.kode)
    ]
    return _found("list", rows)


# --- SEP insert ---------------------------------------------------------------------------------


def check_sep_references(world: World, t_sep: dict[str, Any]) -> None:
    """SEP insert: referrer PPK, accident place and DPJP codes against the reference data.

    - rujukan.ppkRujukan: must be a well-formed PPK code, in every mode. Every well-formed
      code is a faskes of this world (`faskes`), so the format is the membership test:
      no list could hold every real PPK, and the catalogue's 0301R011 must pass.
    - lokasiLaka (only when lakaLantas is not 0): codes from the region lists, each inside
      its parent, in every mode.
    - dpjpLayan and skdp.kodeDPJP: a code outside the roster is accepted in lenient mode
      (a hospital's own DPJP codes) and refused with --strict.
    """
    ppk = text(t_sep, "rujukan.ppkRujukan", strip=True)
    if ppk and not is_ppk_code(ppk):
        raise VClaimError.of(messages.PPK_RUJUKAN_NOT_FOUND, kode=ppk)
    if (text(t_sep, "jaminan.lakaLantas", strip=True) or "0") != "0":
        where = "jaminan.penjamin.suplesi.lokasiLaka."
        check_region(
            text(t_sep, where + "kdPropinsi", strip=True),
            text(t_sep, where + "kdKabupaten", strip=True),
            text(t_sep, where + "kdKecamatan", strip=True),
        )
    if world.strict:
        for code in (
            text(t_sep, "dpjpLayan", strip=True),
            text(t_sep, "skdp.kodeDPJP", strip=True),
        ):
            if code and dokter_by_code(code, world.seed) is None:
                raise VClaimError.of(messages.DPJP_NOT_FOUND, kode=code)


# --- referensi/diagnosaprb, referensi/obatprb ---------------------------------------------------


@serves("referensi.diagnosaprb")
def diagnosa_prb() -> dict[str, Any]:
    """`{"list": [{"kode": "01 ", "nama": "Diabetes Mellitus"}, ...]}`, catalogue order."""
    return {"list": [{"kode": p.kode, "nama": p.nama} for p in prb_data.programs()]}


@serves("referensi.obatprb")
def obat_prb(nama_obat: str) -> dict[str, Any]:
    """Drugs whose generic name holds the text (any case), or whose code starts with it.
    Nothing found: 201 "no data", as every referensi search answers."""
    q = nama_obat.strip().lower()
    rows = [
        {"kode": o.kode, "nama": o.nama}
        for o in prb_data.obat_list()
        if q and (q in o.nama.lower() or o.kode.startswith(q))
    ]
    if not rows:
        raise VClaimError.of(messages.NO_DATA)
    return {"list": rows}
