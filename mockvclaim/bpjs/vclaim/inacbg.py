"""INA-CBG: the SEP as the grouper application fetches it (`GET sep/cbg/{noSep}`, docs/vclaim-api.md
§5.0, plain per §2.3) and the case group and tariffs the mock makes up for a SEP's claim
(Monitoring/Klaim, bpjs/vclaim/klaim.py).

The real grouper (INA-CBG 5/6, Kemenkes) is not public; codes, names and tariffs here are
INVENTED, shaped like real ones ("N-3-15-0 DIALYSIS", "K-4-17-I ... RINGAN"): CMG letter,
case type, a two-digit group, severity. The same SEP gives the same group and tariff in
every process (derived with SHA-256 from the seed, never Python's hash()).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mockvclaim.bpjs import numbers, peserta, refdata
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import SepRecord
from mockvclaim.bpjs.vclaim import path_params
from mockvclaim.bpjs.vclaim.pelayanan import RAWAT_INAP
from mockvclaim.bpjs.vclaim.sep import find_sep
from mockvclaim.bpjs.world import World, text


@serves("sep.cbg")
def cbg(world: World, no_sep: str) -> dict[str, Any]:
    """GET sep/cbg/{noSep}: `{"pesertasep": {...}}`, plain (docs/vclaim-api.md §2.3)."""
    path_params.document_number(no_sep, "noSep", "Nomor SEP")
    return pesertasep(find_sep(world, no_sep), world.seed)


def pesertasep(record: SepRecord, seed: int) -> dict[str, Any]:
    """`{"pesertasep": {...}}` of sep/cbg, in the catalogue's key order."""
    person = peserta.participant_for(record.no_kartu, seed)
    t = record.request
    return {
        "pesertasep": {
            "kelamin": person.sex,  # "P" in the catalogue sample
            "klsRawat": text(t, "klsRawat.klsRawatHak"),
            "nama": person.nama,
            "noKartuBpjs": record.no_kartu,
            "noMr": text(t, "noMR"),
            "noRujukan": text(t, "rujukan.noRujukan"),
            "tglLahir": person.tgl_lahir.isoformat(),
            "tglPelayanan": record.tgl_sep,
            # "2" in the sample, a rawat jalan SEP: read as jnsPelayanan (1 RI, 2 RJ) [U].
            "tktPelayanan": record.jns_pelayanan,
        }
    }


@dataclass(frozen=True)
class Grouping:
    """A SEP's invented INA-CBG group and tariffs, in whole rupiah."""

    kode: str
    nama: str
    tarif_grouper: int
    tarif_rs: int


# Case types of the real INA-CBG code's second part (1-9); the mock uses three of them.
_CASE_PROCEDURE_RJ = "3"  # prosedur signifikan rawat jalan
_CASE_RAWAT_INAP = "4"  # rawat inap bukan prosedur
_CASE_RAWAT_JALAN = "5"  # rawat jalan bukan prosedur
_SEVERITY = ("I", "II", "III")
_SEVERITY_NAME = {"I": "RINGAN", "II": "SEDANG", "III": "BERAT"}
_SEVERITY_FACTOR = {"0": 1.0, "I": 1.0, "II": 1.6, "III": 2.4}
_CLASS_FACTOR = {"1": 1.4, "2": 1.2, "3": 1.0}


_draw = numbers.derive


def _severity(record: SepRecord) -> str:
    """Rawat inap: by length of stay (till discharge, or the SEP day while admitted)."""
    if record.jns_pelayanan != RAWAT_INAP:
        return "0"
    end = date.fromisoformat(record.tgl_pulang or record.tgl_sep)
    days = (end - date.fromisoformat(record.tgl_sep)).days
    return _SEVERITY[0] if days <= 3 else _SEVERITY[1] if days <= 7 else _SEVERITY[2]


def grouping(record: SepRecord, seed: int) -> Grouping:
    """The group of the SEP's diagnosis and service: CMG letter = the ICD-10 chapter letter,
    group number and base tariff from the ICD-10 category, severity from the stay."""
    t = record.request
    code = refdata.diagnosis_code(text(t, "diagAwal")) or text(t, "diagAwal") or "Z00"
    category = code[:3].upper()
    if record.jns_pelayanan == RAWAT_INAP:
        case = _CASE_RAWAT_INAP
    elif text(t, "tujuanKunj") == "1":
        case = _CASE_PROCEDURE_RJ
    else:
        case = _CASE_RAWAT_JALAN
    group = 10 + _draw("inacbg-group", seed, category, case) % 40
    severity = _severity(record)
    name = (refdata.diagnosis_name(category) or category).upper()
    if severity != "0":
        name = f"{name} {_SEVERITY_NAME[severity]}"
    base_draw = _draw("inacbg-tarif", seed, category, case)
    if case == _CASE_RAWAT_INAP:
        base = 2_500_000 + base_draw % 9_500_000
    else:
        base = 150_000 + base_draw % 1_350_000
    kelas = _CLASS_FACTOR.get(text(t, "klsRawat.klsRawatHak"), 1.0)
    tarif = round(base * _SEVERITY_FACTOR[severity] * kelas, -2)
    # The hospital's own bill: 85-135 % of the grouper tariff, not rounded (as in the sample).
    ratio = 85 + _draw("inacbg-rs", seed, record.no_sep.upper()) % 51
    return Grouping(
        kode=f"{category[0]}-{case}-{group:02d}-{severity}",
        nama=name,
        tarif_grouper=int(tarif),
        tarif_rs=int(tarif) * ratio // 100 + _draw("inacbg-rs-sen", seed, record.no_sep) % 100,
    )
