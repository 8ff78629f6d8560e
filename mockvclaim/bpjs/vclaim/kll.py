"""Accidents (KLL, docs/vclaim-api.md §5.0): a card's accident SEPs as induk for a suplesi
(`sep/KllInduk/List`), its potential Jasa Raharja suplesi (`sep/JasaRaharja/Suplesi`), and
Jasa Raharja's guarantees by service date (`monitoring/JasaRaharja`).

All three read the SEPs this consumer stored with jaminan.lakaLantas other than 0:
- KllInduk lists every accident SEP that is not itself a suplesi (suplesi "1"), newest
  first (the catalogue's order), with the SEPs that cite it as noSepSuplesi;
- Jasa Raharja covers traffic accidents only, lakaLantas 1 and 2 (3 is a work accident,
  BPJS Ketenagakerjaan's), so the two Jasa Raharja routes leave 3 out.
Jasa Raharja's own numbers and amounts are INVENTED, stable per SEP and seed: noRegister
digits, the guarantee as the hospital's bill up to the Rp 20,000,000 ceiling the catalogue
sample shows, paid once the stay has ended.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from mockvclaim.bpjs import numbers, peserta, refdata
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import SepRecord
from mockvclaim.bpjs.vclaim import inacbg, path_params
from mockvclaim.bpjs.vclaim.monitoring import MAX_HISTORI_DAYS
from mockvclaim.bpjs.vclaim.pelayanan import RAWAT_INAP
from mockvclaim.bpjs.world import World, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

JASA_RAHARJA = ("1", "2")  # lakaLantas: KLL bukan KK, KLL dan KK
PLAFON = 20_000_000  # "plafon": "20000000" in the catalogue sample
_ALL_DAYS = ("0001-01-01", "9999-12-31")


def _laka(record: SepRecord) -> str:
    return text(record.request, "jaminan.lakaLantas") or "0"


def _penjamin(record: SepRecord, dotted: str) -> str:
    return text(record.request, f"jaminan.penjamin.{dotted}")


def _induk_of(record: SepRecord) -> str | None:
    """The SEP a suplesi SEP continues, or None for an induk."""
    if _penjamin(record, "suplesi.suplesi") != "1":
        return None
    return _penjamin(record, "suplesi.noSepSuplesi") or None


def _accidents(world: World, no_kartu: str) -> list[SepRecord]:
    records = world.store.list_sep_of_card(no_kartu, *_ALL_DAYS)
    return [record for record in records if _laka(record) != "0"]


def no_register(world: World, record: SepRecord) -> str:
    # The top 32 bits, as this number was first defined.
    draw = numbers.derive("jasa-raharja", world.seed, record.no_sep.upper()) >> 32
    return str(10_000 + draw % 90_000)


@serves("sep.kll_induk")
def kll_induk(world: World, no_kartu: str) -> dict[str, Any]:
    """`{"list": [...]}`: the card's accident SEPs that can be a suplesi's induk."""
    path_params.card_number(no_kartu)
    accidents = _accidents(world, no_kartu)
    followers: dict[str, list[str]] = {}
    for record in accidents:
        induk = _induk_of(record)
        if induk is not None:
            followers.setdefault(induk.upper(), []).append(record.no_sep)
    rows = []
    for record in sorted(accidents, key=lambda r: (r.tgl_sep, r.no_sep), reverse=True):
        if _induk_of(record) is not None:
            continue
        lokasi = "suplesi.lokasiLaka."
        suplesi = followers.get(record.no_sep.upper())
        rows.append(
            {
                "noSEP": record.no_sep,
                "tglKejadian": _penjamin(record, "tglKejadian"),
                "ppkPelSEP": record.ppk_pelayanan,
                "kdProp": _penjamin(record, lokasi + "kdPropinsi"),
                "kdKab": _penjamin(record, lokasi + "kdKabupaten"),
                "kdKec": _penjamin(record, lokasi + "kdKecamatan"),
                "ketKejadian": _penjamin(record, "keterangan"),
                # The catalogue joins several with ", " and writes null for none.
                "noSEPSuplesi": ", ".join(suplesi) if suplesi else None,
            }
        )
    if not rows:
        raise VClaimError.of(messages.NO_DATA)
    return {"list": rows}


@serves("sep.jasaraharja_suplesi")
def suplesi_jasa_raharja(world: World, no_kartu: str, tgl_pelayanan: str) -> dict[str, Any]:
    """`{"jaminan": [...]}`: the card's Jasa Raharja SEPs up to the service date, oldest
    first: what a new SEP may continue as a suplesi."""
    path_params.card_number(no_kartu)
    tgl = path_params.day(tgl_pelayanan, "Tanggal Pelayanan").isoformat()
    rows = [
        {
            "noRegister": no_register(world, record),
            "noSep": record.no_sep,
            "noSepAwal": _induk_of(record) or record.no_sep,  # an induk is its own start
            "noSuratJaminan": "-",  # both catalogue rows
            "tglKejadian": _penjamin(record, "tglKejadian"),
            "tglSep": record.tgl_sep,
        }
        for record in _accidents(world, no_kartu)
        if _laka(record) in JASA_RAHARJA and record.tgl_sep <= tgl
    ]
    if not rows:
        raise VClaimError.of(messages.NO_DATA)
    return {"jaminan": rows}


def _tgl_pulang(record: SepRecord) -> str | None:
    """As Monitoring shows it: R.Jalan ends the day it starts, R.Inap at discharge."""
    return record.tgl_sep if record.jns_pelayanan != RAWAT_INAP else record.tgl_pulang


@serves("monitoring.jasaraharja")
def monitoring_jasa_raharja(
    world: World, jns_pelayanan: str, tgl_mulai: str, tgl_akhir: str
) -> dict[str, Any]:
    """`{"jaminan": [{"sep", "jasaRaharja"}]}`: Jasa Raharja SEPs of one service type with
    tglSep in the range (at most 90 days, as HistoriPelayanan [U]), by date and number."""
    jns_pelayanan = path_params.choice(jns_pelayanan, "jnsPelayanan", "Jenis Pelayanan", ("1", "2"))
    first, last = path_params.day_range(
        tgl_mulai, tgl_akhir, ("Tanggal Mulai", "Tanggal Akhir"), max_days=MAX_HISTORI_DAYS
    )
    rows = []
    for offset in range((last - first).days + 1):
        day = (first + timedelta(days=offset)).isoformat()
        for record in world.store.list_sep_on_date(day, jns_pelayanan):
            if _laka(record) in JASA_RAHARJA:
                rows.append(_guarantee(world, record))
    if not rows:
        raise VClaimError.of(messages.NO_DATA)
    return {"jaminan": rows}


def _guarantee(world: World, record: SepRecord) -> dict[str, Any]:
    t = record.request
    no_mr = text(t, "noMR")
    diag = text(t, "diagAwal")
    ended = _tgl_pulang(record)
    dijamin = min(inacbg.grouping(record, world.seed).tarif_rs, PLAFON)
    return {
        "sep": {
            "noSEP": record.no_sep,
            "tglSEP": record.tgl_sep,
            "tglPlgSEP": ended,
            "noMr": no_mr,
            "jnsPelayanan": record.jns_pelayanan,
            "poli": record.kd_poli or None,  # the code, "INT" in the sample
            "diagnosa": refdata.diagnosis_code(diag) or diag,
            "peserta": {
                "noKartu": record.no_kartu,
                "nama": peserta.participant_for(record.no_kartu, world.seed).nama,
                "noMR": no_mr,
            },
        },
        "jasaRaharja": {
            "tglKejadian": _penjamin(record, "tglKejadian"),
            "noRegister": no_register(world, record),
            "ketStatusDijamin": "Dijamin",
            "ketStatusDikirim": "Sukses",
            "biayaDijamin": str(dijamin),
            "plafon": str(PLAFON),
            "jmlDibayar": str(dijamin) if ended is not None else "0",
            "resultsJasaRaharja": "Sukses",
        },
    }
