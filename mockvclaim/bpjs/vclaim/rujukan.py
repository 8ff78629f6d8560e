"""Rujukan: the referrals a card has, the GET routes that show them, and the referral rules
of SEP insert (docs/vclaim-api.md §5.0, §5.2, §3.2).

Where referrals come from:
- Generated: each card has at most one FKTP (PCare, `P`) and one hospital (`B`) referral
  per calendar month, drawn from (card, seed, month). A referral never changes once drawn:
  its number, date, poli and diagnosis depend on nothing that moves. What moves is which
  are visible: the routes show those issued in the 90 days up to today (the validity
  window, UAT "Validasi Pencarian Rujukan > 90 hari"), so a card has 0-3 live referrals
  on any day, as real cards do, and new ones keep appearing as the calendar moves on.
  Dates fixed relative to an epoch would all have expired by now; dates relative to today
  would change every day. The number `{PPK}{MMYY}{P|B}{6}` holds the card (the PPK is the
  card's FKTP or referring hospital, derived from the card, and the 6 digits the rest,
  see bpjs/numbers.py), so a number leads back to its card with no index, in any process.
- Remembered: a well-formed referral number the world does not know, sent in a lenient
  SEP insert, is accepted; the SEPs that used it (kept per consumer) are its memory: the
  first one gives its card, date, poli and diagnosis. Deleting those SEPs forgets it.
- Written out: a rujukan keluar this consumer issued (bpjs/vclaim/rujukan_keluar.py) is a hospital
  (`B`) referral of this consumer's world too, so `Rujukan/RS/{no}` finds it and a SEP may
  be issued on it: a test plays both hospitals with one cons-id.
"""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from mockvclaim.bpjs import numbers, refdata, status_cards
from mockvclaim.bpjs.peserta import CARDS_KEPT, facility_name, participant_for
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import RujukanKeluarRecord, SepRecord, Store
from mockvclaim.bpjs.vclaim import path_params, referensi
from mockvclaim.bpjs.vclaim.pelayanan import RAWAT_JALAN
from mockvclaim.bpjs.vclaim.pelayanan import name as pelayanan_name
from mockvclaim.bpjs.world import World, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

FKTP = "fktp"
RS = "rs"
_LETTER = {FKTP: "P", RS: "B"}
VALID_DAYS = 90  # UAT "Validasi Pencarian Rujukan > 90 hari"
# Chance that a card has a referral of the kind in a given month: about one live FKTP
# referral in three cards' worth of months, hospital referrals rarer (the mock's choice).
_MONTHLY_CHANCE = {FKTP: 0.3, RS: 0.1}
_NUMBER = re.compile(r"([0-9A-Za-z]{8})([0-9]{2})([0-9]{2})([A-Za-z])([0-9]{6})")
_SEP_NUMBER = re.compile(r"[0-9A-Za-z]{8}[0-9]{4}[Vv][0-9]{6}")


@dataclass(frozen=True, slots=True)
class Referral:
    no_rujukan: str
    kind: str  # FKTP or RS
    no_kartu: str
    tgl_kunjungan: date
    ppk: str
    kd_poli: str
    diagnosa: str  # ICD-10 code as BPJS writes it
    keluhan: str
    jns_pelayanan: str  # "1" rawat inap, "2" rawat jalan
    remembered: bool = False

    def to_json(self, seed: int, today: date) -> dict[str, Any]:
        """The docs/vclaim-api.md §5.2 shape, keys in the catalogue's order."""
        return {
            "diagnosa": {
                "kode": self.diagnosa,
                "nama": refdata.diagnosis_name(self.diagnosa) or "",
            },
            "keluhan": self.keluhan,
            "noKunjungan": self.no_rujukan,
            "pelayanan": {"kode": self.jns_pelayanan, "nama": pelayanan_name(self.jns_pelayanan)},
            "peserta": participant_for(self.no_kartu, seed).peserta_json(self.tgl_kunjungan, today),
            "poliRujukan": {"kode": self.kd_poli, "nama": refdata.poli_name(self.kd_poli) or ""},
            "provPerujuk": {"kode": self.ppk, "nama": facility_name(self.ppk, seed)},
            "tglKunjungan": self.tgl_kunjungan.isoformat(),
        }


def _month_index(day: date) -> int:
    return (day.year - 2000) * 12 + day.month - 1


def _month_start(index: int) -> date:
    return date(2000 + index // 12, index % 12 + 1, 1)


PoliRow = tuple[str, float, tuple[str, ...], tuple[str, ...]]  # kode, bobot, diagnoses, complaints


@functools.cache
def _poli_rows() -> tuple[tuple[PoliRow, ...], list[float]]:
    """The poli a generated referral goes to, and their running weight totals (what
    `choices` would add up on every draw: the same floats, so the same picks)."""
    rows = tuple(
        (r["kode"], float(r["bobot"]), tuple(r["diagnosa"].split()), tuple(r["keluhan"].split("|")))
        for r in referensi.referral_poli_rows()
    )
    return rows, list(accumulate(row[1] for row in rows))


@functools.lru_cache(maxsize=16384)
def generated(no_kartu: str, seed: int, kind: str, month_index: int) -> Referral | None:
    """The card's referral of `kind` issued in that month, if it has one."""
    status = status_cards.status_of(no_kartu)
    if status is not None and not status.exists:
        return None
    rng = random.Random(numbers.derive("rujukan", seed, kind, no_kartu, month_index))
    if rng.random() >= _MONTHLY_CHANCE[kind]:
        return None
    start = _month_start(month_index)
    following = _month_start(month_index + 1)
    tgl = start + timedelta(days=rng.randrange((following - start).days))
    rows, cum_weights = _poli_rows()
    kd_poli, _, diagnoses, complaints = rng.choices(rows, cum_weights=cum_weights)[0]
    ppk = numbers.fktp_code(no_kartu, seed) if kind == FKTP else numbers.rs_code(no_kartu, seed)
    sequence = numbers.referral_sequence(no_kartu, seed, kind, month_index)
    return Referral(
        no_rujukan=f"{ppk}{numbers.mmyy(tgl)}{_LETTER[kind]}{sequence:06d}",
        kind=kind,
        no_kartu=no_kartu,
        tgl_kunjungan=tgl,
        ppk=ppk,
        kd_poli=kd_poli,
        diagnosa=rng.choice(diagnoses),
        keluhan=rng.choice(complaints),
        jns_pelayanan=RAWAT_JALAN,
    )


@functools.lru_cache(maxsize=CARDS_KEPT)
def _generated_between(
    no_kartu: str, seed: int, kind: str, first_month: int, last_month: int
) -> tuple[Referral, ...]:
    """The card's generated referrals of `kind` in those months: one entry per card for the
    card routes, where one per month would take four (docs/performance.md §6)."""
    found = (generated(no_kartu, seed, kind, m) for m in range(first_month, last_month + 1))
    return tuple(r for r in found if r is not None)


def _decode(no_rujukan: str, kind: str, seed: int) -> Referral | None:
    """The generated referral with this number, whatever its age, or None."""
    match = _NUMBER.fullmatch(no_rujukan)
    if match is None:
        return None
    ppk, mm, yy, letter, sequence = match.groups()
    if letter.upper() != _LETTER[kind] or not 1 <= int(mm) <= 12:
        return None
    month_index = int(yy) * 12 + int(mm) - 1  # MMYY of 20YY, as `_month_index` counts
    card = numbers.card_from_referral(ppk, int(sequence), month_index, kind, seed)
    if card is None:
        return None
    referral = generated(card, seed, kind, month_index)
    if referral is None or referral.no_rujukan.upper() != no_rujukan.upper():
        return None
    return referral


def is_generated_number(no_rujukan: str, seed: int) -> bool:
    """Whether a number is a generated referral (of either kind): taken for good."""
    return any(_decode(no_rujukan, kind, seed) is not None for kind in (FKTP, RS))


def _written_out(world: World, no_rujukan: str, kind: str) -> Referral | None:
    """This consumer's rujukan keluar with that number, as a hospital referral."""
    if kind != RS:
        return None
    record = world.store.get_rujukan_keluar(no_rujukan)
    return None if record is None else from_keluar(record)


def from_keluar(record: RujukanKeluarRecord) -> Referral:
    """A rujukan keluar as the receiving side sees it: the note is the complaint [U]."""
    return Referral(
        no_rujukan=record.no_rujukan,
        kind=RS,
        no_kartu=record.no_kartu,
        tgl_kunjungan=date.fromisoformat(record.tgl_rujukan),
        ppk=record.ppk_asal,
        kd_poli=record.poli_rujukan,
        diagnosa=record.diag_rujukan,
        keluhan=record.catatan,
        jns_pelayanan=record.jns_pelayanan,
    )


def _remembered(world: World, no_rujukan: str) -> Referral | None:
    first = world.store.get_first_sep_with_rujukan(no_rujukan)
    return _from_sep(first) if first is not None else None


def _from_sep(record: SepRecord) -> Referral | None:
    """The referral an SEP used, as the world remembers it; None when it used none."""
    t_sep = record.request
    no = text(t_sep, "rujukan.noRujukan", strip=True)
    if not is_referral_use(t_sep):
        return None
    tgl_text = text(t_sep, "rujukan.tglRujukan", strip=True) or record.tgl_sep
    return Referral(
        no_rujukan=no,
        kind=FKTP if text(t_sep, "rujukan.asalRujukan", strip=True) == "1" else RS,
        no_kartu=record.no_kartu,
        tgl_kunjungan=date.fromisoformat(tgl_text),
        ppk=text(t_sep, "rujukan.ppkRujukan", strip=True).upper(),
        kd_poli=record.kd_poli,
        diagnosa=refdata.diagnosis_code(text(t_sep, "diagAwal", strip=True))
        or text(t_sep, "diagAwal", strip=True),
        keluhan="",
        jns_pelayanan=record.jns_pelayanan,
        remembered=True,
    )


def find(world: World, no_rujukan: str, kind: str) -> Referral | None:
    """A referral the world knows: written out by this consumer, generated (any consumer)
    or remembered (this consumer)."""
    written = _written_out(world, no_rujukan, kind)
    if written is not None:
        return written
    referral = _decode(no_rujukan, kind, world.seed)
    if referral is not None:
        return referral
    remembered = _remembered(world, no_rujukan)
    return remembered if remembered is not None and remembered.kind == kind else None


def live(referral: Referral, today: date) -> bool:
    """Issued by today and not older than the 90-day validity."""
    return referral.tgl_kunjungan <= today and (today - referral.tgl_kunjungan).days <= VALID_DAYS


def of_card(world: World, no_kartu: str, kind: str) -> list[Referral]:
    """The card's live referrals of one kind, newest first."""
    first = _month_index(world.today - timedelta(days=VALID_DAYS))
    found = _generated_between(no_kartu, world.seed, kind, first, _month_index(world.today))
    result = [r for r in found if live(r, world.today)]
    if kind == RS:
        written = [from_keluar(k) for k in world.store.list_rujukan_keluar_of_card(no_kartu)]
        result += [r for r in written if live(r, world.today)]
    known = {r.no_rujukan.upper() for r in result}
    for record in world.store.list_sep_of_card(no_kartu, "0001-01-01", "9999-12-31"):
        referral = _from_sep(record)
        if (
            referral is not None
            and referral.kind == kind
            and referral.no_rujukan.upper() not in known
            and _decode(referral.no_rujukan, kind, world.seed) is None
            and live(referral, world.today)
        ):
            known.add(referral.no_rujukan.upper())
            result.append(referral)
    return sorted(result, key=lambda r: r.tgl_kunjungan, reverse=True)


# --- the GET routes ------------------------------------------------------------------------


@serves("rujukan.nomor", kind=FKTP)
@serves("rujukan.rs_nomor", kind=RS)
def by_number(world: World, no_rujukan: str, kind: str) -> dict[str, Any]:
    """Rujukan/{no} and Rujukan/RS/{no}: `{"rujukan": {...}}`."""
    path_params.document_number(no_rujukan, "noRujukan", "Nomor Rujukan")
    referral = find(world, no_rujukan, kind)
    if referral is None or referral.tgl_kunjungan > world.today:
        raise VClaimError.of(messages.RUJUKAN_NOT_FOUND, noRujukan=no_rujukan)
    status_cards.require_exists(referral.no_kartu)
    if not live(referral, world.today):
        raise VClaimError.of(messages.RUJUKAN_EXPIRED, noRujukan=referral.no_rujukan)
    return {"rujukan": referral.to_json(world.seed, world.today)}


@serves("rujukan.peserta", kind=FKTP, many=False)
@serves("rujukan.list", kind=FKTP, many=True)
@serves("rujukan.rs_peserta", kind=RS, many=False)
@serves("rujukan.rs_list", kind=RS, many=True)
def by_card(world: World, no_kartu: str, kind: str, *, many: bool) -> dict[str, Any]:
    """Rujukan/[RS/][List/]Peserta/{noKartu}: the newest live referral, or all of them."""
    path_params.card_number(no_kartu)
    status_cards.require_exists(no_kartu)
    referrals = of_card(world, no_kartu, kind)
    if not referrals:
        raise VClaimError.of(messages.RUJUKAN_TIDAK_ADA, noKartu=no_kartu)
    if many:
        return {"rujukan": [r.to_json(world.seed, world.today) for r in referrals]}
    return {"rujukan": referrals[0].to_json(world.seed, world.today)}


@serves("rujukan.list_tanggal", kind=FKTP)
@serves("rujukan.rs_list_tanggal", kind=RS)
def by_date(world: World, tgl_rujukan: str, kind: str) -> dict[str, Any]:
    """Rujukan/[RS/]List/TglRujukan/{tgl} (v1.1 era, still used by Khanza): the referrals
    dated that day that this consumer's world holds, whatever their age.

    The real list holds the referrals sent to the hospital. Generated referrals name no
    destination, so the mock lists those of the participants this consumer has met (the
    cards it issued SEPs for), the referrals its SEPs remembered, and (RS) the rujukan
    keluar it wrote. One cached draw per met card: cheap up to many thousands of cards.
    """
    tgl = path_params.day(tgl_rujukan, "Tanggal Rujukan")
    found: dict[str, Referral] = {}
    if tgl <= world.today:  # nothing is issued on a day still to come
        month = _month_index(tgl)
        for card in world.store.list_kartu_with_sep():
            referral = generated(card, world.seed, kind, month)
            if referral is not None and referral.tgl_kunjungan == tgl:
                found.setdefault(referral.no_rujukan.upper(), referral)
        if kind == RS:
            for record in world.store.list_rujukan_keluar_between(tgl.isoformat(), tgl.isoformat()):
                found.setdefault(record.no_rujukan.upper(), from_keluar(record))
        for sep in world.store.list_sep_by_tgl_rujukan(tgl.isoformat()):
            remembered = _from_sep(sep)
            if (
                remembered is not None
                and remembered.kind == kind
                and _decode(remembered.no_rujukan, kind, world.seed) is None
                and _written_out(world, remembered.no_rujukan, kind) is None
            ):
                found.setdefault(remembered.no_rujukan.upper(), remembered)
    if not found:
        raise VClaimError.of(messages.NO_DATA)
    ordered = sorted(found.values(), key=lambda r: r.no_rujukan.upper())
    return {"rujukan": [r.to_json(world.seed, world.today) for r in ordered]}


# --- SEP insert ------------------------------------------------------------------------------


def is_referral_use(t_sep: dict[str, Any]) -> bool:
    """Whether an SEP's rujukan.noRujukan is a referral: not for rawat inap (it carries the
    SEP of the preceding visit), not for IGD (no referral), not an SEP number (follow-up
    visits cite the previous SEP), not empty."""
    no = text(t_sep, "rujukan.noRujukan", strip=True)
    return bool(
        no
        and text(t_sep, "jnsPelayanan", strip=True) == "2"
        and text(t_sep, "poli.tujuan", strip=True).upper() != "IGD"
        and not _SEP_NUMBER.fullmatch(no)
    )


def check_sep_insert(world: World, t_sep: dict[str, Any], tgl_sep: date) -> None:
    """What SEP insert checks about the referral and the reference codes.

    `world` is core.sep.World (store, seed, strict); typed loosely to keep this module free
    of an import cycle with core.sep, which calls it.

    - Referral (rawat jalan, not IGD, not an SEP number), for a referral the world knows,
      in every mode: it belongs to the card; not older than 90 days on tglSep; a first
      visit (tujuanKunj 0, no SEP on it yet) goes to the referral's poli; a later visit
      with tujuanKunj 0 to another poli needs assesmentPel. An unknown referral is
      accepted (and so remembered) in lenient mode and refused with --strict.
    - referensi.check_sep_references: referrer PPK, accident place, DPJP codes.
    """
    no_kartu = text(t_sep, "noKartu", strip=True)
    if is_referral_use(t_sep):
        _check_referral(world, t_sep, tgl_sep, no_kartu)
    referensi.check_sep_references(world, t_sep)


def _check_referral(world: World, t_sep: dict[str, Any], tgl_sep: date, no_kartu: str) -> None:
    no = text(t_sep, "rujukan.noRujukan", strip=True)
    kind = FKTP if text(t_sep, "rujukan.asalRujukan", strip=True) == "1" else RS
    store: Store = world.store
    referral = _written_out(world, no, kind) or _decode(no, kind, world.seed)
    if referral is None:
        referral = _remembered(world, no)
    if referral is None:
        if world.strict:
            raise VClaimError.of(messages.RUJUKAN_NOT_FOUND, noRujukan=no)
        return  # lenient: the SEP being made is the referral's memory
    if referral.no_kartu != no_kartu and not referral.remembered:
        raise VClaimError.of(messages.RUJUKAN_OTHER_PESERTA, noRujukan=no, noKartu=no_kartu)
    if referral.tgl_kunjungan > tgl_sep:
        raise VClaimError.of(messages.RUJUKAN_AFTER_SEP)
    if (tgl_sep - referral.tgl_kunjungan).days > VALID_DAYS:
        raise VClaimError.of(messages.RUJUKAN_EXPIRED, noRujukan=no)
    kd_poli = text(t_sep, "poli.tujuan", strip=True).upper()
    if (
        text(t_sep, "tujuanKunj", strip=True) not in ("", "0")
        or kd_poli == referral.kd_poli.upper()
    ):
        return
    earlier = store.get_first_sep_with_rujukan(no)
    if earlier is None:
        raise VClaimError.of(
            messages.RUJUKAN_POLI_MISMATCH, kdPoli=kd_poli, poliRujukan=referral.kd_poli
        )
    # Catalogue: assesmentPel "diisi jika tujuanKunj 0 (politujuan beda dengan poli rujukan
    # dan hari beda)": another poli on the first visit's day needs none.
    if earlier.tgl_sep != tgl_sep.isoformat() and not text(t_sep, "assesmentPel", strip=True):
        raise VClaimError.of(
            messages.RUJUKAN_ASSESMENT_REQUIRED, kdPoli=kd_poli, poliRujukan=referral.kd_poli
        )
