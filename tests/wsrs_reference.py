"""A small WS RS as the catalog describes it (docs/mobilejkn.md §3), for `mockvclaim
mobilejkn` to be tested against: correct by default, or with exactly one deliberate fault.

Its schedule is the mock world's (bpjs/vclaim/kapasitas.py) for one PPK and seed, so the
poli, doctor and session the tool picks from the world are the ones it runs. Its clock is
injected: a "slow" answer moves the clock on instead of sleeping.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any

from aiohttp import web

from mockvclaim.bpjs import refdata
from mockvclaim.bpjs.vclaim import kapasitas
from mockvclaim.mobilejkn.bodies import WIB
from mockvclaim.mobilejkn.endpoints import KHANZA_PATHS

USERNAME = "mobilejkn"
PASSWORD = "rahasia-rs"
PPK = "0301R011"
# 27 Nov 2026, 10:00 in Jakarta, a Friday.
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=WIB).timestamp()
SPM_MINUTES = 10  # service minutes per patient
SLOW_SECONDS = 11.0  # past Mobile JKN's 10 s


class Fault(Enum):
    CODE_AS_TEXT = "code as text"  # metadata.code "200" instead of 200
    MISSING_FIELD = "missing field"  # status antrean without namadokter
    SECONDS = "seconds"  # estimasidilayani in seconds
    NO_TOKEN_CHECK = "no token check"  # any x-token (or none) is accepted
    SLOW = "slow"  # sisa antrean answers after 11 s
    NO_PASSWORD_CHECK = "no password check"  # a token for any password
    CAMEL_ENVELOPE = "metaData"  # the VClaim spelling instead of metadata
    WRONG_CODE = "wrong code"  # batal antrean answers code 1 (Antrean RS's ref style)
    SILENT_202 = "silent 202"  # 202 with an empty message
    NUMBER_AS_TEXT = "number as text"  # angkaantrean "12"
    BAD_DATE = "bad date"  # tanggaloperasi dd-MM-yyyy
    WRONG_NUMBER = "wrong number"  # sisa antrean shows another queue number
    SERVER_ERROR = "server error"  # status antrean farmasi: HTTP 500 HTML page


class FakeClock:
    """Wall time for dates, monotonic time for call durations; both move only when told."""

    def __init__(self, start: float = NOW) -> None:
        self.start = start
        self.elapsed = 0.0

    def now(self) -> float:
        return self.start + self.elapsed

    def monotonic(self) -> float:
        return self.elapsed

    def advance(self, seconds: float) -> None:
        self.elapsed += seconds


@dataclass
class Booking:
    kodebooking: str
    nomorkartu: str
    kodepoli: str
    kodedokter: int
    tanggal: date
    angka: int
    nomor: str
    norm: str
    checked_in: bool = False
    cancelled: bool = False


@dataclass
class Hospital:
    clock: FakeClock
    fault: Fault | None = None
    registers_unknown: bool = False  # book an unknown patient at once (no 202), as some do
    seed: int = 0
    ppk: str = PPK
    tokens: set[str] = field(default_factory=set)
    patients: dict[str, str] = field(default_factory=dict)  # nomorkartu -> norm
    bookings: dict[str, Booking] = field(default_factory=dict)
    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def today(self) -> date:
        return datetime.fromtimestamp(self.clock.now(), WIB).date()

    def envelope(self, code: int, message: str, response: Any = None) -> web.Response:
        metadata: dict[str, Any] = {"message": message, "code": code}
        if self.fault is Fault.CODE_AS_TEXT:
            metadata["code"] = str(code)
        if self.fault is Fault.SILENT_202 and code == 202:
            metadata["message"] = ""
        envelope_key = "metaData" if self.fault is Fault.CAMEL_ENVELOPE else "metadata"
        document: dict[str, Any] = {envelope_key: metadata}
        if response is not None:
            document["response"] = response
        return web.json_response(document)

    def refuse(self, message: str) -> web.Response:
        return self.envelope(201, message)

    def session(
        self, kodepoli: str, kodedokter: Any, tanggal: str, jam: str
    ) -> tuple[kapasitas.Praktek, date] | str:
        """The doctor's practice that day, or why there is none."""
        try:
            day = date.fromisoformat(str(tanggal))
        except ValueError:
            return "Format Tanggal Periksa tidak sesuai, format yang benar yyyy-MM-dd"
        if day < self.today:
            return "Tanggal Periksa tidak berlaku mundur"
        poli = str(kodepoli).upper()
        if poli not in kapasitas.poli_layanan(self.ppk, self.seed):
            return f"Poli {poli} tidak tersedia di rumah sakit ini"
        for praktek in kapasitas.jadwal(self.ppk, poli, day, self.seed):
            if praktek.kode_dokter == str(kodedokter) and praktek.jam.replace(" ", "") == str(
                jam
            ).replace(" ", ""):
                return praktek, day
        return "Pendaftaran ke Poli ini sudah tutup"

    def active(self, poli: str, dokter: int, day: date) -> list[Booking]:
        return [
            b
            for b in self.bookings.values()
            if (b.kodepoli, b.kodedokter, b.tanggal) == (poli, dokter, day) and not b.cancelled
        ]

    def quota(self, praktek: kapasitas.Praktek, taken: int) -> dict[str, int]:
        return {
            "sisakuotajkn": praktek.kapasitas - taken,
            "kuotajkn": praktek.kapasitas,
            "sisakuotanonjkn": praktek.kapasitas // 2,
            "kuotanonjkn": praktek.kapasitas // 2,
        }


Handler = Callable[[Hospital, dict[str, Any]], Awaitable[web.Response]]


async def token(hospital: Hospital, request: web.Request) -> web.Response:
    password_ok = request.headers.get("x-password") == PASSWORD
    if hospital.fault is Fault.NO_PASSWORD_CHECK:
        password_ok = True
    if request.headers.get("x-username") != USERNAME or not password_ok:
        return hospital.refuse("Username atau Password Tidak Sesuai")
    value = f"tok{next(hospital.counter):06d}"
    hospital.tokens.add(value)
    return hospital.envelope(200, "Ok", {"token": value})


async def status(hospital: Hospital, body: dict[str, Any]) -> web.Response:
    found = hospital.session(
        body.get("kodepoli", ""),
        body.get("kodedokter"),
        body.get("tanggalperiksa", ""),
        body.get("jampraktek", ""),
    )
    if isinstance(found, str):
        return hospital.refuse(found)
    praktek, day = found
    active = hospital.active(str(body["kodepoli"]).upper(), int(body["kodedokter"]), day)
    called = [b for b in active if b.checked_in]
    response = {
        "namapoli": refdata.poli_name(str(body["kodepoli"]).upper()) or "",
        "namadokter": praktek.nama_dokter,
        "totalantrean": len(active),
        "sisaantrean": len(active) - len(called),
        "antreanpanggil": called[0].nomor if called else "-",
        **hospital.quota(praktek, len(active)),
        "keterangan": "",
    }
    if hospital.fault is Fault.MISSING_FIELD:
        del response["namadokter"]
    return hospital.envelope(200, "Ok", response)


async def ambil(hospital: Hospital, body: dict[str, Any]) -> web.Response:
    card = str(body.get("nomorkartu", ""))
    found = hospital.session(
        body.get("kodepoli", ""),
        body.get("kodedokter"),
        body.get("tanggalperiksa", ""),
        body.get("jampraktek", ""),
    )
    if isinstance(found, str):
        return hospital.refuse(found)
    praktek, day = found
    poli, dokter = str(body["kodepoli"]).upper(), int(body["kodedokter"])
    if card not in hospital.patients and hospital.registers_unknown:
        hospital.patients[card] = f"{len(hospital.patients) + 1:06d}"
    if card not in hospital.patients:
        return hospital.envelope(202, "Pasien Baru")
    active = hospital.active(poli, dokter, day)
    if any(b.nomorkartu == card for b in active):
        return hospital.refuse(
            "Nomor Antrean hanya dapat diambil 1 kali pada Tanggal, Dokter dan Poli yang sama"
        )
    if len(active) >= praktek.kapasitas:
        return hospital.refuse("Kuota penuh")
    angka = (
        len([b for b in hospital.bookings.values() if (b.kodepoli, b.tanggal) == (poli, day)]) + 1
    )
    booking = Booking(
        kodebooking=f"{day:%Y%m%d}{poli}{dokter}{angka:03d}",
        nomorkartu=card,
        kodepoli=poli,
        kodedokter=dokter,
        tanggal=day,
        angka=angka,
        nomor=f"{poli[0]}-{angka}",
        norm=hospital.patients[card],
    )
    hospital.bookings[booking.kodebooking] = booking
    hour, minute = (int(part) for part in praktek.jam.split("-")[0].strip().split(":"))
    start = datetime.combine(day, time(hour, minute), WIB)
    estimate = start + timedelta(minutes=SPM_MINUTES * (angka - 1))
    estimate_ms = int(estimate.timestamp() * 1000)
    if hospital.fault is Fault.SECONDS:
        estimate_ms //= 1000
    return hospital.envelope(
        200,
        "Ok",
        {
            "nomorantrean": booking.nomor,
            "angkaantrean": str(angka) if hospital.fault is Fault.NUMBER_AS_TEXT else angka,
            "kodebooking": booking.kodebooking,
            "norm": booking.norm,
            "namapoli": refdata.poli_name(poli) or "",
            "namadokter": praktek.nama_dokter,
            "estimasidilayani": estimate_ms,
            **hospital.quota(praktek, len(active) + 1),
            "keterangan": "Peserta harap 30 menit lebih awal guna pencatatan administrasi.",
        },
    )


async def pasien_baru(hospital: Hospital, body: dict[str, Any]) -> web.Response:
    card, nik = str(body.get("nomorkartu", "")), str(body.get("nik", ""))
    if not (card.isdigit() and len(card) == 13 and nik.isdigit() and len(nik) == 16):
        return hospital.refuse("Nomor Kartu atau NIK tidak sesuai")
    for name in ("nama", "jeniskelamin", "tanggallahir", "kodeprop", "kodedati2", "kodekec"):
        if not body.get(name):
            return hospital.refuse(f"{name} belum diisi")
    if card in hospital.patients:
        return hospital.refuse("Data pasien ini sudah terdaftar")
    norm = f"{len(hospital.patients) + 1:06d}"
    hospital.patients[card] = norm
    return hospital.envelope(
        200, "Harap datang ke admisi untuk melengkapi data rekam medis", {"norm": norm}
    )


def _booking(hospital: Hospital, body: dict[str, Any]) -> Booking | str:
    booking = hospital.bookings.get(str(body.get("kodebooking", "")))
    if booking is None:
        return "Data Booking tidak ditemukan"
    if booking.cancelled:
        return "Booking Anda Sudah Dibatalkan"
    return booking


async def sisa(hospital: Hospital, body: dict[str, Any]) -> web.Response:
    booking = _booking(hospital, body)
    if isinstance(booking, str):
        return hospital.refuse(booking)
    if not booking.checked_in:
        return hospital.refuse("Anda belum melakukan checkin, Silahkan checkin terlebih dahulu")
    if hospital.fault is Fault.SLOW:
        hospital.clock.advance(SLOW_SECONDS)
    ahead = [
        b
        for b in hospital.active(booking.kodepoli, booking.kodedokter, booking.tanggal)
        if b.angka < booking.angka
    ]
    left = len(ahead) + 1
    return hospital.envelope(
        200,
        "Ok",
        {
            "nomorantrean": f"X-{booking.angka + 1}"
            if hospital.fault is Fault.WRONG_NUMBER
            else booking.nomor,
            "namapoli": refdata.poli_name(booking.kodepoli) or "",
            "namadokter": "",
            "sisaantrean": left,
            "antreanpanggil": ahead[0].nomor if ahead else booking.nomor,
            "waktutunggu": SPM_MINUTES * 60 * (left - 1),
            "keterangan": "",
        },
    )


async def batal(hospital: Hospital, body: dict[str, Any]) -> web.Response:
    booking = _booking(hospital, body)
    if isinstance(booking, str):
        return hospital.refuse(booking)
    if booking.checked_in:
        return hospital.refuse("Anda Sudah Checkin, Pendaftaran Tidak Bisa Dibatalkan")
    booking.cancelled = True
    return hospital.envelope(1 if hospital.fault is Fault.WRONG_CODE else 200, "Ok")


async def checkin(hospital: Hospital, body: dict[str, Any]) -> web.Response:
    booking = _booking(hospital, body)
    if isinstance(booking, str):
        return hospital.refuse(booking)
    waktu = body.get("waktu")
    if not isinstance(waktu, int) or not 10**12 <= waktu < 10**13:
        return hospital.refuse("waktu harus timestamp dalam milidetik")
    booking.checked_in = True
    return hospital.envelope(200, "OK")


def _surgery(day: date, card: str, *, bad_date: bool) -> dict[str, Any]:
    return {
        "kodebooking": f"OP{day:%Y%m%d}01",
        "tanggaloperasi": f"{day:%d-%m-%Y}" if bad_date else day.isoformat(),
        "jenistindakan": "Appendektomi",
        "kodepoli": "BED",
        "namapoli": refdata.poli_name("BED") or "BEDAH",
        "terlaksana": 0,
        "nopeserta": card,
        "lastupdate": int(datetime.combine(day, time(8), WIB).timestamp() * 1000),
    }


async def operasi_rs(hospital: Hospital, body: dict[str, Any]) -> web.Response:
    try:
        start = date.fromisoformat(str(body.get("tanggalawal")))
        end = date.fromisoformat(str(body.get("tanggalakhir")))
    except ValueError:
        return hospital.refuse("Format tanggal tidak sesuai, format yang benar yyyy-MM-dd")
    if end < start:
        return hospital.refuse("Tanggal akhir tidak boleh lebih kecil dari tanggal awal")
    return hospital.envelope(
        200,
        "Ok",
        {"list": [_surgery(start, "0001234567890", bad_date=hospital.fault is Fault.BAD_DATE)]},
    )


async def operasi_pasien(hospital: Hospital, body: dict[str, Any]) -> web.Response:
    card = str(body.get("nopeserta", ""))
    if not (card.isdigit() and len(card) == 13):
        return hospital.refuse("Nomor peserta tidak sesuai")
    item = _surgery(hospital.today, card, bad_date=hospital.fault is Fault.BAD_DATE)
    return hospital.envelope(200, "Ok", {"list": [{k: item[k] for k in list(item)[:6]}]})


async def farmasi_ambil(hospital: Hospital, body: dict[str, Any]) -> web.Response:
    booking = _booking(hospital, body)
    if isinstance(booking, str):
        return hospital.refuse(booking)
    return hospital.envelope(
        200, "Ok", {"jenisresep": "Non racikan", "nomorantrean": booking.angka, "keterangan": ""}
    )


async def farmasi_status(hospital: Hospital, body: dict[str, Any]) -> web.Response:
    if hospital.fault is Fault.SERVER_ERROR:
        return web.Response(
            status=500, text="<h1>500 Internal Server Error</h1>", content_type="text/html"
        )
    booking = _booking(hospital, body)
    if isinstance(booking, str):
        return hospital.refuse(booking)
    return hospital.envelope(
        200,
        "Ok",
        {
            "jenisresep": "Non racikan",
            "totalantrean": booking.angka,
            "sisaantrean": 1,
            "antreanpanggil": max(booking.angka - 1, 0),
            "keterangan": "",
        },
    )


HANDLERS: dict[str, Handler] = {
    "statusantrean": status,
    "ambilantrean": ambil,
    "sisaantrean": sisa,
    "batalantrean": batal,
    "checkinantrean": checkin,
    "pasienbaru": pasien_baru,
    "jadwaloperasirs": operasi_rs,
    "jadwaloperasipasien": operasi_pasien,
    "ambilantreanfarmasi": farmasi_ambil,
    "statusantreanfarmasi": farmasi_status,
}


def _post(hospital: Hospital, handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handle(request: web.Request) -> web.Response:
        if hospital.fault is not Fault.NO_TOKEN_CHECK:
            given = request.headers.get("x-token")
            if given not in hospital.tokens or request.headers.get("x-username") != USERNAME:
                return hospital.refuse("Token salah/expired")
        try:
            body = await request.json()
        except ValueError:
            return hospital.refuse("Format request tidak sesuai")
        if not isinstance(body, dict):
            return hospital.refuse("Format request tidak sesuai")
        return await handler(hospital, body)

    return handle


def create_app(hospital: Hospital) -> web.Application:
    app = web.Application()

    async def get_token(request: web.Request) -> web.Response:
        return await token(hospital, request)

    app.router.add_get(f"/{KHANZA_PATHS['token']}", get_token)
    for key, handler in HANDLERS.items():
        app.router.add_post(f"/{KHANZA_PATHS[key]}", _post(hospital, handler))
    return app


@contextmanager
def threaded(hospital: Hospital) -> Iterator[str]:
    """The reference on a free port in a thread of its own (for synchronous callers); yields
    its base URL."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    runner = web.AppRunner(create_app(hospital), access_log=None)

    async def start() -> str:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return f"http://127.0.0.1:{runner.addresses[0][1]}"

    try:
        yield asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
