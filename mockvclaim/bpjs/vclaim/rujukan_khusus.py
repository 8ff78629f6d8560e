"""Rujukan khusus: a referral kept valid for a long treatment (haemodialysis, thalassaemia,
cancer), docs/vclaim-api.md §5.0 and the catalogue's samples.

- The body is unwrapped: `{noRujukan, diagnosa: [{kode: "P;N18"}, {kode: "S;N18.1"}],
  procedure: [{kode: "39.95"}], user}`; `P` marks the primary diagnosis, `S` a secondary.
- A period spans 90 days counted inclusively: tglrujukan_berakhir is tglrujukan_awal + 89
  days in both catalogue samples (2021-03-22 -> 2021-06-19, 2021-06-20 -> 2021-09-17). The
  second starts the day after the first ends, so a new rujukan khusus on a referral whose
  period still runs extends it from that day; otherwise it starts today.
- The referral must be one the world knows (generated, remembered through a SEP, or written
  out here) in every mode: the answer names its participant, which an unknown number lacks.
- `idrujukan` is a per-consumer sequence; delete answers it as a string ("98865" in the
  catalogue), encrypted like the other string answers of the family [U].
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from mockvclaim.bpjs import peserta, refdata, status_cards
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import RujukanKhususRecord
from mockvclaim.bpjs.vclaim import path_params, referensi, rujukan
from mockvclaim.bpjs.world import World, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

PERIOD_DAYS = 89  # berakhir = awal + 89: 90 days with both ends


@serves("rujukan.khusus_insert")
def insert_rujukan_khusus(world: World, body: dict[str, Any]) -> dict[str, Any]:
    """Rujukan/Khusus/insert: `{"rujukan": {norujukan, nokapst, nmpst, diagppk, ...}}`."""
    no_rujukan = text(body, "noRujukan")
    referral = _referral(world, no_rujukan)
    status_cards.require_exists(referral.no_kartu)
    diagnosa, primer = _diagnoses(body)
    procedures = _procedures(world, body)
    running = [
        k.tgl_akhir
        for k in world.store.list_rujukan_khusus_of(referral.no_rujukan)
        if k.tgl_akhir >= world.today.isoformat()
    ]
    awal = date.fromisoformat(max(running)) + timedelta(days=1) if running else world.today

    def build(id_rujukan: int) -> RujukanKhususRecord:
        return RujukanKhususRecord(
            id_rujukan=id_rujukan,
            no_rujukan=referral.no_rujukan,
            no_kartu=referral.no_kartu,
            diag_ppk=primer,
            diagnosa=diagnosa,
            procedure=procedures,
            tgl_awal=awal.isoformat(),
            tgl_akhir=(awal + timedelta(days=PERIOD_DAYS)).isoformat(),
            user=text(body, "user"),
        )

    record = world.store.insert_rujukan_khusus(build)
    row = _row(world, record)
    del row["idrujukan"]  # the insert sample has no id
    return {"rujukan": row}


@serves("rujukan.khusus_delete")
def delete_rujukan_khusus(world: World, t_rujukan: dict[str, Any]) -> str:
    """Rujukan/Khusus/delete: the id, when it is this consumer's and names that referral."""
    id_text = text(t_rujukan, "idRujukan")
    no_rujukan = text(t_rujukan, "noRujukan")
    record = world.store.get_rujukan_khusus(int(id_text))
    if record is None or record.no_rujukan.upper() != no_rujukan.upper():
        raise VClaimError.of(
            messages.RUJUKAN_KHUSUS_NOT_FOUND, idRujukan=id_text, noRujukan=no_rujukan
        )
    world.store.delete_rujukan_khusus(record.id_rujukan)
    return str(record.id_rujukan)


@serves("rujukan.khusus_list")
def list_rujukan_khusus(world: World, bulan: str, tahun: str) -> dict[str, Any]:
    """Rujukan/Khusus/List/Bulan/{m}/Tahun/{y}: the periods starting in that month."""
    first, last = path_params.month_range(path_params.month(bulan), path_params.year(tahun))
    records = world.store.list_rujukan_khusus_between(first, last)
    if not records:
        raise VClaimError.of(messages.NO_DATA)
    return {"rujukan": [_row(world, record) for record in records]}


def _row(world: World, record: RujukanKhususRecord) -> dict[str, Any]:
    return {
        "idrujukan": str(record.id_rujukan),
        "norujukan": record.no_rujukan,
        "nokapst": record.no_kartu,
        "nmpst": peserta.participant_for(record.no_kartu, world.seed).nama,
        "diagppk": record.diag_ppk,
        "tglrujukan_awal": record.tgl_awal,
        "tglrujukan_berakhir": record.tgl_akhir,
    }


def _referral(world: World, no_rujukan: str) -> rujukan.Referral:
    # The letter says the kind (P from an FKTP, B from a hospital); try both otherwise.
    kinds = {"P": (rujukan.FKTP,), "B": (rujukan.RS,)}.get(
        no_rujukan[12:13].upper(), (rujukan.FKTP, rujukan.RS)
    )
    for kind in kinds:
        found = rujukan.find(world, no_rujukan, kind)
        if found is not None and found.tgl_kunjungan <= world.today:
            return found
    raise VClaimError.of(messages.RUJUKAN_NOT_FOUND, noRujukan=no_rujukan)


def _diagnoses(body: dict[str, Any]) -> tuple[tuple[str, ...], str]:
    """The `P;`/`S;` codes as BPJS writes them, and the primary one. The schema has checked
    the shape; here every code must exist and exactly one be primary."""
    codes: list[str] = []
    primer: list[str] = []
    for item in body.get("diagnosa", []):
        role, _, raw = text(item, "kode").partition(";")
        code = refdata.diagnosis_code(raw)
        if code is None:
            raise VClaimError.of(messages.DIAGNOSA_NOT_FOUND, kode=raw)
        codes.append(f"{role.upper()};{code}")
        if role.upper() == "P":
            primer.append(code)
    if len(primer) != 1:
        raise VClaimError.of(messages.RUJUKAN_KHUSUS_PRIMER, count=len(primer))
    return tuple(codes), primer[0]


def _procedures(world: World, body: dict[str, Any]) -> tuple[str, ...]:
    """ICD-9-CM codes. The mock's procedure list is modest (referensi/procedure), so a code
    outside it is refused only with --strict."""
    codes = tuple(text(item, "kode") for item in body.get("procedure", []))
    if world.strict:
        for code in codes:
            if not _known_procedure(code):
                raise VClaimError.of(messages.PROCEDURE_NOT_FOUND, kode=code)
    return codes


def _known_procedure(code: str) -> bool:
    key = code.replace(".", "")
    try:
        rows = referensi.procedure(code)["procedure"]
    except VClaimError:  # no match answers "no data"
        return False
    return any(row["kode"].replace(".", "") == key for row in rows)
