"""The WS RS services Mobile JKN calls, the paths a hospital may give them, and the shape of
each success answer (docs/mobilejkn.md §2, §3).

A hospital registers one URL per service with BPJS; nothing fixes the paths, so each has a
default (SIMRS-Khanza's names, the most widely run implementation) and presets for other
published implementations.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """What a response field must hold."""

    TEXT = "text"  # a JSON string, may be empty
    FILLED = "filled text"  # a JSON string, not empty
    INTEGER = "integer"  # a JSON number without fraction (never a bool or a string)
    EPOCH_MS = "epoch milliseconds"  # an integer of 13 digits
    SECONDS = "seconds"  # an integer; W4 waktutunggu
    DATE = "date yyyy-MM-dd"
    FLAG = "0 or 1"


@dataclass(frozen=True, slots=True)
class Endpoint:
    key: str  # the path setting's name, e.g. "ambilantrean"
    catalog: str  # W1..W11, docs/mobilejkn.md §3
    title: str
    method: str
    fields: tuple[tuple[str, Kind], ...]  # of `response` (of each `response.list` item)
    listed: bool = False  # `response` is `{"list": [...]}`
    metadata_only: bool = False  # success carries no `response`


_QUOTA = (
    ("sisakuotajkn", Kind.INTEGER),
    ("kuotajkn", Kind.INTEGER),
    ("sisakuotanonjkn", Kind.INTEGER),
    ("kuotanonjkn", Kind.INTEGER),
)
_OPERASI = (
    ("kodebooking", Kind.FILLED),
    ("tanggaloperasi", Kind.DATE),
    ("jenistindakan", Kind.TEXT),
    ("kodepoli", Kind.TEXT),
    ("namapoli", Kind.TEXT),
    ("terlaksana", Kind.FLAG),
)

TOKEN = Endpoint("token", "W1", "Token", "GET", (("token", Kind.FILLED),))
STATUS = Endpoint(
    "statusantrean",
    "W2",
    "Status Antrean",
    "POST",
    (
        ("namapoli", Kind.TEXT),
        ("namadokter", Kind.TEXT),
        ("totalantrean", Kind.INTEGER),
        ("sisaantrean", Kind.INTEGER),
        ("antreanpanggil", Kind.TEXT),
        *_QUOTA,
        ("keterangan", Kind.TEXT),
    ),
)
AMBIL = Endpoint(
    "ambilantrean",
    "W3",
    "Ambil Antrean",
    "POST",
    (
        ("nomorantrean", Kind.FILLED),
        ("angkaantrean", Kind.INTEGER),
        ("kodebooking", Kind.FILLED),
        ("norm", Kind.TEXT),
        ("namapoli", Kind.TEXT),
        ("namadokter", Kind.TEXT),
        ("estimasidilayani", Kind.EPOCH_MS),
        *_QUOTA,
        ("keterangan", Kind.TEXT),
    ),
)
SISA = Endpoint(
    "sisaantrean",
    "W4",
    "Sisa Antrean",
    "POST",
    (
        ("nomorantrean", Kind.FILLED),
        ("namapoli", Kind.TEXT),
        ("namadokter", Kind.TEXT),
        ("sisaantrean", Kind.INTEGER),
        ("antreanpanggil", Kind.TEXT),
        ("waktutunggu", Kind.SECONDS),
        ("keterangan", Kind.TEXT),
    ),
)
BATAL = Endpoint("batalantrean", "W5", "Batal Antrean", "POST", (), metadata_only=True)
CHECKIN = Endpoint("checkinantrean", "W6", "Check In", "POST", (), metadata_only=True)
PASIEN_BARU = Endpoint("pasienbaru", "W7", "Info Pasien Baru", "POST", (("norm", Kind.FILLED),))
OPERASI_RS = Endpoint(
    "jadwaloperasirs",
    "W8",
    "Jadwal Operasi RS",
    "POST",
    (*_OPERASI, ("nopeserta", Kind.TEXT), ("lastupdate", Kind.EPOCH_MS)),
    listed=True,
)
OPERASI_PASIEN = Endpoint(
    "jadwaloperasipasien", "W9", "Jadwal Operasi Pasien", "POST", _OPERASI, listed=True
)
FARMASI_AMBIL = Endpoint(
    "ambilantreanfarmasi",
    "W10",
    "Ambil Antrean Farmasi",
    "POST",
    (("jenisresep", Kind.TEXT), ("nomorantrean", Kind.INTEGER), ("keterangan", Kind.TEXT)),
)
FARMASI_STATUS = Endpoint(
    "statusantreanfarmasi",
    "W11",
    "Status Antrean Farmasi",
    "POST",
    (
        ("jenisresep", Kind.TEXT),
        ("totalantrean", Kind.INTEGER),
        ("sisaantrean", Kind.INTEGER),
        ("antreanpanggil", Kind.INTEGER),
        ("keterangan", Kind.TEXT),
    ),
)

ENDPOINTS = (
    TOKEN,
    STATUS,
    AMBIL,
    SISA,
    BATAL,
    CHECKIN,
    PASIEN_BARU,
    OPERASI_RS,
    OPERASI_PASIEN,
    FARMASI_AMBIL,
    FARMASI_STATUS,
)
BY_KEY = {endpoint.key: endpoint for endpoint in ENDPOINTS}

# Path per service, relative to the target URL. Khanza's webapps/api-bpjsfktl routes; its
# pharmacy routes follow the same pattern.
KHANZA_PATHS = {
    "token": "auth",
    "statusantrean": "statusantrean",
    "ambilantrean": "ambilantrean",
    "sisaantrean": "sisaantrean",
    "batalantrean": "batalantrean",
    "checkinantrean": "checkinantrean",
    "pasienbaru": "pasienbaru",
    "jadwaloperasirs": "jadwaloperasirs",
    "jadwaloperasipasien": "jadwaloperasipasien",
    "ambilantreanfarmasi": "ambilantreanfarmasi",
    "statusantreanfarmasi": "statusantreanfarmasi",
}
# oniseven/wsrs_mobile_jkn, an Express template: no pasien baru route.
ONISEVEN_PATHS = {
    "token": "auth",
    "statusantrean": "antrean/status",
    "ambilantrean": "antrean",
    "sisaantrean": "antrean/sisa",
    "batalantrean": "antrean/batal",
    "checkinantrean": "antrean/checkin",
    "pasienbaru": "pasienbaru",
    "jadwaloperasirs": "operasi/rs",
    "jadwaloperasipasien": "operasi/peserta",
    "ambilantreanfarmasi": "farmasi",
    "statusantreanfarmasi": "farmasi/status",
}
# basoro/mlite's jkn_mobile plugin, below its `jknmobile` route (the target ends in it).
MLITE_PATHS = {
    "token": "token",
    "statusantrean": "antrian/status",
    "ambilantrean": "antrian/ambil",
    "sisaantrean": "antrian/sisa",
    "batalantrean": "antrian/batal",
    "checkinantrean": "antrian/checkin",
    "pasienbaru": "pasien/baru",
    "jadwaloperasirs": "operasi/rs",
    "jadwaloperasipasien": "operasi/pasien",
    "ambilantreanfarmasi": "antrian/ambilfarmasi",
    "statusantreanfarmasi": "antrian/statusfarmasi",
}
PRESETS = {"khanza": KHANZA_PATHS, "oniseven": ONISEVEN_PATHS, "mlite": MLITE_PATHS}
DEFAULT_PRESET = "khanza"


class PathError(ValueError):
    """A --path setting that names no service or has no value."""


def paths_from(preset: str, overrides: list[str]) -> dict[str, str]:
    """The preset's paths with `key=path` overrides applied."""
    paths = dict(PRESETS[preset])
    for item in overrides:
        key, _, path = item.partition("=")
        key = key.strip()
        if key not in BY_KEY or not path.strip():
            known = ", ".join(BY_KEY)
            raise PathError(f"--path wants SERVICE=PATH with SERVICE one of {known}, got {item!r}")
        paths[key] = path.strip()
    return paths
