"""The world's numbers: the shape of every numbered document and card, and the reversible
scrambling of card numbers, so numbers the world derives from a card (the
participant's NIK, a referral number) lead back to that card with no index to keep.

`scramble` is an affine permutation of [0, 10**13): x -> (A*x + B) mod 10**13, with A odd
and not a multiple of 5 (a unit modulo 10**13) and B taken from the seed and a purpose
label. It is no cipher, only enough mixing that consecutive cards (0000000000001,
0000000000002, ...) do not give consecutive NIKs or referral numbers.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import date

from mockvclaim.protocol.errors import VClaimError
from mockvclaim.protocol.messages import Message

CARD_SPACE = 10**13  # every 13-digit card number
_A = 7_263_019_448_311  # a unit modulo 10**13 (odd, not divisible by 5)
_A_INVERSE = pow(_A, -1, CARD_SPACE)

# Six digits end every numbered document ({PPK}{MMYY}{letter}{6}): SEP, surat kontrol,
# SPRI, rujukan keluar. Past this the month's numbers are used up.
MAX_SEQUENCE = 999_999

# The shapes, as the request schemas check them (schemas/defs.schema.json `nomorDokumen`
# and `noKartu`; a test holds the two to the same text).
DOCUMENT_PATTERN = "[0-9A-Za-z]{8}[0-9]{4}[A-Za-z][0-9]{6}"
CARD_PATTERN = "[0-9]{13}"

# The letter after the month says what a document is.
SEP_LETTER = "V"
SURAT_KONTROL_LETTER = "K"  # surat kontrol and SPRI share one sequence
RUJUKAN_KELUAR_LETTER = "B"


def mmyy(day: date) -> str:
    """The month and two-digit year every document number and NIK carries ("1226")."""
    return f"{day.month:02d}{day.year % 100:02d}"  # strftime costs five times as much


def document_prefix(ppk: str, day: date, letter: str) -> str:
    """`{PPK}{MMYY}{letter}`: what a month's numbers of one kind at one faskes share."""
    return f"{ppk.upper()}{mmyy(day)}{letter}"


def document_number(prefix: str, sequence: int, exhausted: Message) -> str:
    """The `sequence`-th number after `prefix`, or `exhausted` (naming the PPK and month)
    once the six digits run out."""
    if sequence > MAX_SEQUENCE:
        raise VClaimError.of(exhausted, ppk=prefix[:8], mmyy=prefix[8:12])
    return f"{prefix}{sequence:06d}"


def derive(*parts: object) -> int:
    """A stable 64-bit number from the parts (the same in every process, unlike hash())."""
    text = "\x1f".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


@functools.cache  # a handful of (seed, purpose) pairs, asked on every card look-up
def _offset(seed: int, purpose: str) -> int:
    return derive("codec", purpose, seed) % CARD_SPACE


def scramble(no_kartu: str, seed: int, purpose: str) -> int:
    """The card number (13 digits) as a number in [0, 10**13), mixed per seed and purpose.

    Anything else (callers should have refused it) is hashed, so it still never raises.
    """
    number = int(no_kartu) if no_kartu.isascii() and no_kartu.isdigit() else derive(no_kartu)
    return (_A * number + _offset(seed, purpose)) % CARD_SPACE


def unscramble(value: int, seed: int, purpose: str) -> str | None:
    """The card number `scramble` made `value` from, or None when out of range."""
    if not 0 <= value < CARD_SPACE:
        return None
    return f"{(value - _offset(seed, purpose)) * _A_INVERSE % CARD_SPACE:013d}"


# --- NIK -------------------------------------------------------------------------------------
# Dukcapil province codes, the first two NIK digits.
PROVINCES = (
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35",
    "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76",
    "81", "82", "91", "94",
)  # fmt: skip
_REGENCIES = 99  # regency (kabupaten/kota) digits 01-99
_DISTRICTS = 99  # district (kecamatan) digits 01-99
DAYS_OF_YEAR = 365  # a birthday is any day but 29 February
# 34 * 99 * 99 * 365 * 10 * 8222 > 10**13: every card fits, with serials 0001-8222.


@dataclass(frozen=True, slots=True)
class NikFields:
    """What a NIK carries of its card; the decade of birth and the sex come from elsewhere."""

    province: str
    regency: int  # 1-99
    district: int  # 1-99
    day_of_year: int  # 0-364 in a year without 29 February
    year_unit: int  # last digit of the age in whole years on 1 January 2025 (0-9)
    serial: int  # 1-8222


def nik_fields(no_kartu: str, seed: int) -> NikFields:
    x = scramble(no_kartu, seed, "nik")
    x, province = divmod(x, len(PROVINCES))
    x, regency = divmod(x, _REGENCIES)
    x, district = divmod(x, _DISTRICTS)
    x, day_of_year = divmod(x, DAYS_OF_YEAR)
    x, year_unit = divmod(x, 10)
    return NikFields(PROVINCES[province], regency + 1, district + 1, day_of_year, year_unit, x + 1)


def card_from_nik_fields(fields: NikFields, seed: int) -> str | None:
    """The card whose `nik_fields` these are, or None when no card has them."""
    if fields.province not in PROVINCES or fields.serial < 1:
        return None
    if not (1 <= fields.regency <= _REGENCIES and 1 <= fields.district <= _DISTRICTS):
        return None
    if not (0 <= fields.day_of_year < DAYS_OF_YEAR and 0 <= fields.year_unit <= 9):
        return None
    x = fields.serial - 1
    x = x * 10 + fields.year_unit
    x = x * DAYS_OF_YEAR + fields.day_of_year
    x = x * _DISTRICTS + fields.district - 1
    x = x * _REGENCIES + fields.regency - 1
    x = x * len(PROVINCES) + PROVINCES.index(fields.province)
    return unscramble(x, seed, "nik")


# --- PPK codes and referral sequences --------------------------------------------------------
# A card's FKTP (puskesmas-style, 8 digits: a 2-digit region 01-34 then 6 digits) and the
# hospital that may refer it on (`{4 digits}R{3 digits}`) are derived from the card, and so
# is a 6-digit number that referral sequences start from: a referral number
# `{PPK}{MMYY}{P|B}{6}` then holds the whole card (PPK part and sequence), no index needed.
_FKTP_REGIONS = 34
_SEQUENCE = 10**6
_MONTH_STEP = 7919  # moves the sequence from month to month (prime, so all 10**6 get used)


def fktp_code(no_kartu: str, seed: int) -> str:
    rest = scramble(no_kartu, seed, "fktp") // _SEQUENCE
    mid, region = divmod(rest, _FKTP_REGIONS)
    return f"{region + 1:02d}{mid:06d}"


def rs_code(no_kartu: str, seed: int) -> str:
    rest = scramble(no_kartu, seed, "rs") // _SEQUENCE
    return f"{rest // 1000:04d}R{rest % 1000:03d}"


def referral_sequence(no_kartu: str, seed: int, kind: str, month_index: int) -> int:
    """The 6-digit sequence of the card's referral of `kind` ("fktp"/"rs") in a month."""
    low = scramble(no_kartu, seed, kind) % _SEQUENCE
    return (low + month_index * _MONTH_STEP) % _SEQUENCE


def card_from_referral(
    ppk: str, sequence: int, month_index: int, kind: str, seed: int
) -> str | None:
    """The card a derived referral number belongs to, or None when the PPK is not derived."""
    low = (sequence - month_index * _MONTH_STEP) % _SEQUENCE
    if kind == "fktp":
        if len(ppk) != 8 or not ppk.isdigit() or not 1 <= int(ppk[:2]) <= _FKTP_REGIONS:
            return None
        rest = int(ppk[2:]) * _FKTP_REGIONS + int(ppk[:2]) - 1
    else:
        head, letter, tail = ppk[:4], ppk[4:5], ppk[5:]
        if not (head.isdigit() and letter.upper() == "R" and tail.isdigit() and len(tail) == 3):
            return None
        rest = int(head) * 1000 + int(tail)
    return unscramble(rest * _SEQUENCE + low, seed, kind)
