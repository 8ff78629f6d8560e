"""Bookings: antrean/add with every check the reference lists, batal, farmasi/add, and the
pendaftaran lists that show bookings as BPJS holds them (docs/antrean-aplicares.md §3.4).

A JKN booking must agree with the VClaim world: the card exists and carries that NIK, and
nomorreferensi is a live referral (jeniskunjungan 1, 2, 4) or surat kontrol (3) of that
card, so the SEP issued for the visit later uses the same document.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mockvclaim.bpjs import status_cards
from mockvclaim.bpjs.antrean import fields, jadwal_dokter
from mockvclaim.bpjs.peserta import participant_for
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import AntreanRecord
from mockvclaim.bpjs.vclaim import path_params, rujukan
from mockvclaim.bpjs.world import World
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

JKN = "JKN"
NON_JKN = "NON JKN"
KONTROL = "3"
# Which referral kind each jeniskunjungan needs: 1 FKTP, 2 internal (either), 4 antar RS.
_RUJUKAN_KINDS = {"1": (rujukan.FKTP,), "2": (rujukan.FKTP, rujukan.RS), "4": (rujukan.RS,)}
BATAL = "Batal"  # docs/antrean-aplicares.md §3.5: a cancelled booking's status


def find_antrean(world: World, kodebooking: str) -> AntreanRecord:
    record = world.store.get_antrean(kodebooking.strip())
    if record is None:
        raise VClaimError.of(messages.ANTREAN_BOOKING_NOT_FOUND)
    return record


@serves("antrean.add")
def insert_antrean(world: World, body: dict[str, Any]) -> None:
    kodebooking = fields.required(body, "kodebooking")
    if world.store.get_antrean(kodebooking) is not None:
        raise VClaimError(messages.ANTREAN_DUPLIKASI.template, code="208")
    jenis = fields.one_of(body, "jenispasien", (JKN, NON_JKN))
    day = _tanggal_periksa(world, fields.required(body, "tanggalperiksa"))
    kodepoli = fields.required(body, "kodepoli").upper()
    if kodepoli not in jadwal_dokter.polis(world):
        raise VClaimError.of(messages.ANTREAN_POLI_NOT_FOUND, kodepoli=kodepoli)
    kodedokter = str(fields.whole(body, "kodedokter"))
    if not jadwal_dokter.is_dokter(world, kodedokter):
        raise VClaimError.of(messages.ANTREAN_DOKTER_NOT_FOUND)
    jampraktek = fields.required(body, "jampraktek")
    sesi = jadwal_dokter.find_sesi(world, kodepoli, kodedokter, day, jampraktek)
    if sesi is None:
        raise VClaimError.of(messages.ANTREAN_JADWAL_NOT_FOUND)
    _check_kuota(world, body, sesi, day, jenis)
    jeniskunjungan = fields.one_of(body, "jeniskunjungan", ("1", "2", "3", "4"))
    if jenis == JKN:
        nomorkartu = fields.required(body, "nomorkartu")
        _check_peserta(world, nomorkartu, fields.required(body, "nik"))
        referensi = fields.required(body, "nomorreferensi")
        _check_referensi(world, jeniskunjungan, nomorkartu, referensi, day)
    stored = world.store.insert_antrean(
        AntreanRecord(
            kodebooking=kodebooking,
            tanggal=str(day),
            kodepoli=kodepoli,
            kodedokter=kodedokter,
            jampraktek=fields.jam_praktek(jampraktek),
            jenispasien=jenis,
            booking=body,
            createdtime=fields.now_ms(world),
        )
    )
    if not stored:  # the same booking sent twice at once: the second is the duplicate
        raise VClaimError(messages.ANTREAN_DUPLIKASI.template, code="208")


def _tanggal_periksa(world: World, value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise VClaimError.of(messages.ANTREAN_FIELD_INVALID, field="tanggalperiksa") from None
    if day < world.today:
        raise VClaimError.of(messages.ANTREAN_TANGGAL_MUNDUR)
    return day


def _check_kuota(
    world: World, body: dict[str, Any], sesi: jadwal_dokter.Sesi, day: date, jenis: str
) -> None:
    for sisa, kuota in (("sisakuotajkn", "kuotajkn"), ("sisakuotanonjkn", "kuotanonjkn")):
        given = fields.text(body, sisa) and fields.text(body, kuota)
        if given and fields.whole(body, sisa) > fields.whole(body, kuota):
            raise VClaimError.of(messages.ANTREAN_KUOTA_TIDAK_SESUAI)
    limit = sesi.kuota_jkn if jenis == JKN else sesi.kuota_non_jkn
    taken = world.store.count_antrean(str(day), sesi.kodepoli, sesi.kodedokter, jenis)
    if taken >= limit:
        raise VClaimError.of(messages.ANTREAN_KUOTA_PENUH, jenis=jenis, jampraktek=sesi.jadwal)


def _check_peserta(world: World, nomorkartu: str, nik: str) -> None:
    if len(nomorkartu) != 13 or not nomorkartu.isdigit():
        raise VClaimError.of(messages.ANTREAN_FIELD_INVALID, field="nomorkartu")
    status = status_cards.status_of(nomorkartu)
    if status is not None and not status.exists:
        raise VClaimError.of(messages.PESERTA_NOT_FOUND)
    if status is not None:  # the test cards of docs/interface.md §7
        raise VClaimError(_inactive_text(status.kode))
    if participant_for(nomorkartu, world.seed).nik != nik:
        raise VClaimError.of(messages.ANTREAN_NIK_TIDAK_SESUAI, nik=nik, nomorkartu=nomorkartu)


def _inactive_text(kode: str) -> str:
    message = messages.PESERTA_MENINGGAL if kode == "2" else messages.PESERTA_TIDAK_AKTIF
    return message.template


def _check_referensi(
    world: World, jeniskunjungan: str, nomorkartu: str, nomor: str, day: date
) -> None:
    """A live referral or surat kontrol of the card. Lenient mode accepts a number this world
    has never seen, as VClaim's SEP insert does; a known one must fit (docs/antrean-aplicares.md
    §3.4)."""
    if jeniskunjungan == KONTROL:
        letter = world.store.get_surat_kontrol(nomor)
        fits = letter is not None and letter.no_kartu == nomorkartu and letter.jns_kontrol == "2"
    else:
        found = [rujukan.find(world, nomor, kind) for kind in _RUJUKAN_KINDS[jeniskunjungan]]
        referrals = [r for r in found if r is not None]
        fits = any(r.no_kartu == nomorkartu and rujukan.live(r, day) for r in referrals)
    if not fits and (world.strict or _known(world, nomor)):
        raise VClaimError.of(messages.ANTREAN_RUJUKAN_TIDAK_VALID)


def _known(world: World, nomor: str) -> bool:
    """A document this world holds under the number: a referral of either kind or a letter.
    Only a number it has never seen may pass unchecked in lenient mode."""
    if world.store.get_surat_kontrol(nomor) is not None:
        return True
    if rujukan.is_generated_number(nomor, world.seed):
        return True
    return any(rujukan.find(world, nomor, kind) is not None for kind in (rujukan.FKTP, rujukan.RS))


@serves("antrean.batal")
def batal_antrean(world: World, body: dict[str, Any]) -> None:
    record = find_antrean(world, fields.required(body, "kodebooking"))
    if record.batal:
        raise VClaimError.of(messages.ANTREAN_SUDAH_BATAL)
    world.store.update_antrean_batal(record.kodebooking)


@serves("antrean.farmasi_add")
def insert_farmasi(world: World, body: dict[str, Any]) -> None:
    record = find_antrean(world, fields.required(body, "kodebooking"))
    jenisresep = fields.one_of(body, "jenisresep", ("racikan", "non racikan"))
    nomor = fields.whole(body, "nomorantrean")
    if record.farmasi is not None:
        raise VClaimError(messages.ANTREAN_FARMASI_SUDAH_ADA.template, code="208")
    farmasi = {"jenisresep": jenisresep, "nomorantrean": nomor}
    world.store.update_antrean_farmasi(record.kodebooking, farmasi)


# --- antrean/pendaftaran/* ---------------------------------------------------------------------


def status(world: World, record: AntreanRecord) -> str:
    """docs/antrean-aplicares.md §3.5: from the highest task the hospital sent."""
    if record.batal:
        return BATAL
    tasks = {t.taskid for t in world.store.list_task(record.kodebooking)}
    if 99 in tasks:
        return BATAL
    highest = max(tasks, default=0)
    if highest >= 5:
        return "Selesai dilayani"
    return "Sedang dilayani" if highest == 4 else "Belum dilayani"


def _number(value: str) -> int | str:
    return int(value) if value.isascii() and value.isdigit() else value


def booking_json(world: World, record: AntreanRecord) -> dict[str, Any]:
    b = record.booking
    return {
        "kodebooking": record.kodebooking,
        "tanggal": record.tanggal,
        "kodepoli": record.kodepoli,
        "kodedokter": _number(record.kodedokter),
        "jampraktek": record.jampraktek,
        "nik": fields.text(b, "nik"),
        "nokapst": fields.text(b, "nomorkartu"),
        "nohp": fields.text(b, "nohp"),
        "norekammedis": fields.text(b, "norm"),
        "jeniskunjungan": _number(fields.text(b, "jeniskunjungan")),
        "nomorreferensi": fields.text(b, "nomorreferensi"),
        "sumberdata": "Bridging Antrean RS",
        "ispeserta": record.jenispasien == JKN,
        "noantrean": fields.text(b, "nomorantrean"),
        "estimasidilayani": _number(fields.text(b, "estimasidilayani")),
        "createdtime": record.createdtime,
        "status": status(world, record),
    }


def _answer(world: World, records: list[AntreanRecord]) -> list[dict[str, Any]]:
    if not records:
        raise VClaimError(messages.NO_DATA.template, code="204")
    return [booking_json(world, r) for r in records]


@serves("antrean.pendaftaran_tanggal")
def list_by_tanggal(world: World, tanggal: str) -> list[dict[str, Any]]:
    day = str(path_params.day(tanggal, "Tanggal"))
    return _answer(world, world.store.list_antrean(day, day))


@serves("antrean.pendaftaran_kodebooking")
def list_by_kodebooking(world: World, kodebooking: str) -> list[dict[str, Any]]:
    record = world.store.get_antrean(kodebooking.strip())
    return _answer(world, [] if record is None else [record])


def _aktif(world: World) -> list[AntreanRecord]:
    records = world.store.list_antrean(str(world.today), "9999-12-31")
    return [r for r in records if status(world, r) in ("Belum dilayani", "Sedang dilayani")]


@serves("antrean.pendaftaran_aktif")
def list_aktif(world: World) -> list[dict[str, Any]]:
    return _answer(world, _aktif(world))


@serves("antrean.pendaftaran_jadwal")
def list_by_jadwal(
    world: World, kodepoli: str, kodedokter: str, hari: str, jampraktek: str
) -> list[dict[str, Any]]:
    weekday = path_params.choice(hari, "hari", "Hari", tuple("1234567"))
    poli, dokter, jam = kodepoli.strip().upper(), kodedokter.strip(), fields.jam_praktek(jampraktek)
    records = [
        r
        for r in _aktif(world)
        if (r.kodepoli, r.kodedokter, r.jampraktek) == (poli, dokter, jam)
        and str(date.fromisoformat(r.tanggal).isoweekday()) == weekday
    ]
    return _answer(world, records)
