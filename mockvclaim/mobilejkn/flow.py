"""The Mobile JKN flow against a hospital's WS RS: token, the normal booking with its
new-patient branch, status, check-in, remaining queue, pharmacy, cancel, surgery schedules,
and the calls Mobile JKN can get wrong, each checked (docs/mobilejkn.md §5).

A step that needs what an earlier one failed to give (the token, a kodebooking) is skipped
with the reason, so one fault is reported once.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import aiohttp

from mockvclaim.mobilejkn import bodies, checks
from mockvclaim.mobilejkn import endpoints as ep
from mockvclaim.mobilejkn.bodies import WIB, Jadwal, Pasien
from mockvclaim.mobilejkn.checks import Check, Verdict
from mockvclaim.mobilejkn.endpoints import Endpoint
from mockvclaim.mobilejkn.transport import Caller, Exchange

# Mobile JKN's timeout for one call is not published; Android HTTP clients (OkHttp) give
# up after 10 s by default, the mock's choice of budget (docs/mobilejkn.md §4).
MOBILE_JKN_TIMEOUT_MS = 10_000
# A late answer is still waited for this long past the budget, to report what it said.
LATE_ANSWER_GRACE_S = 5.0
# What the flow sends as a token the hospital never issued.
FORGED_TOKEN = "mockvclaim-token-yang-tidak-pernah-diterbitkan"
# A wrong password: letters, digits and `_` only, which any password rule admits.
WRONG_PASSWORD = "SalahSekali_0"
DEMO_PPK = "0301R011"  # the mock's demo consumer's hospital
# Every run reports these steps in this order, skipped or not (docs/mobilejkn.md §5), so CI
# sees the same test cases each time.
STEP_NAMES = (
    "token",
    "status.sebelum",
    "ambil.pasien_baru",
    "pasienbaru",
    "ambil",
    "status.sesudah",
    "ambil.duplikat",
    "checkin",
    "sisa",
    "sisa.ulang",
    "farmasi.ambil",
    "farmasi.status",
    "kedua.ambil.pasien_baru",
    "kedua.pasienbaru",
    "kedua.ambil",
    "batal",
    "checkin.setelah_batal",
    "tolak.kemarin",
    "tolak.poli_tutup",
    "operasi.rs",
    "operasi.pasien",
    "tolak.token_salah",
    "tolak.tanpa_token",
    "tolak.password_salah",
)


@dataclass(frozen=True)
class FlowSettings:
    target: str
    username: str
    password: str
    paths: Mapping[str, str] = field(default_factory=lambda: dict(ep.KHANZA_PATHS))
    budget_ms: float = MOBILE_JKN_TIMEOUT_MS
    seed: int = 0
    ppk: str = DEMO_PPK
    jadwal: Jadwal | None = None  # the hospital's own session; else one from the world
    kodepoli: str | None = None  # with the world's schedule: book this poli
    closed_poli: str | None = None
    run_id: int | None = None  # new participants per run; default from the clock
    skip: frozenset[str] = frozenset()  # endpoint keys the hospital does not run


@dataclass
class StepResult:
    name: str
    title: str
    endpoint: Endpoint
    path: str
    exchange: Exchange | None = None
    checks: list[Check] = field(default_factory=list)
    skipped: str | None = None

    @property
    def verdict(self) -> Verdict:
        if self.skipped is not None:
            return Verdict.SKIP
        if any(c.verdict is Verdict.FAIL for c in self.checks):
            return Verdict.FAIL
        return Verdict.PASS

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if c.verdict is Verdict.FAIL]

    @property
    def warnings(self) -> list[Check]:
        return [c for c in self.checks if c.verdict is Verdict.WARN]

    @property
    def document(self) -> Any:
        return self.exchange.document if self.exchange is not None else None

    @property
    def code(self) -> int | None:
        return checks.code_value(self.document)

    def field(self, name: str) -> Any:
        response = checks.response_of(self.document)
        return response.get(name) if isinstance(response, dict) else None

    def passed(self, check_id: str) -> bool:
        return any(c.id == check_id and c.verdict is Verdict.PASS for c in self.checks)


@dataclass
class Report:
    target: str
    budget_ms: float
    started: datetime
    steps: list[StepResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(step.verdict is not Verdict.FAIL for step in self.steps)

    def count(self, verdict: Verdict) -> int:
        return sum(step.verdict is verdict for step in self.steps)

    def step(self, name: str) -> StepResult:
        return next(s for s in self.steps if s.name == name)


def _number_key(value: Any) -> str:
    """A queue number compared across calls: "A-12", "A12" and "a 12" are one number."""
    return re.sub(r"[^0-9A-Za-z]", "", str(value)).upper()


class Flow:
    """One run; `run()` plays every step in order."""

    def __init__(
        self,
        settings: FlowSettings,
        caller: Caller,
        *,
        now: Callable[[], float],
    ) -> None:
        self.settings = settings
        self.caller = caller
        moment = datetime.fromtimestamp(now(), WIB)
        self.today = moment.date()
        self.report = Report(settings.target, settings.budget_ms, moment)
        self.token: str | None = None
        self.seed = settings.seed
        self.run_id = settings.run_id if settings.run_id is not None else int(now() * 1000)
        self.jadwal = settings.jadwal or bodies.jadwal_from_world(
            settings.ppk, settings.seed, self.today, settings.kodepoli
        )
        self.closed_poli = settings.closed_poli or bodies.closed_poli(settings.ppk, settings.seed)

    # -- one call ------------------------------------------------------------------------

    def _step(self, name: str, title: str, endpoint: Endpoint) -> StepResult:
        path = self.settings.paths.get(endpoint.key, endpoint.key)
        result = StepResult(name, title, endpoint, path)
        self.report.steps.append(result)
        return result

    def skip(self, name: str, title: str, endpoint: Endpoint, reason: str) -> StepResult:
        result = self._step(name, title, endpoint)
        result.skipped = reason
        return result

    async def call(
        self,
        name: str,
        title: str,
        endpoint: Endpoint,
        body: dict[str, Any] | None,
        *,
        expect: Iterable[int] = (200,),
        refusal: bool = False,
        headers: Mapping[str, str] | None = None,
    ) -> StepResult:
        if endpoint.key in self.settings.skip:
            return self.skip(name, title, endpoint, f"{endpoint.key} skipped by --skip")
        if headers is None:
            if self.token is None:
                return self.skip(name, title, endpoint, "no token")
            headers = {"x-token": self.token, "x-username": self.settings.username}
        result = self._step(name, title, endpoint)
        exchange = await self.caller.call(endpoint.method, result.path, headers, body)
        result.exchange = exchange
        result.checks.append(checks.latency(exchange, self.settings.budget_ms))
        result.checks.append(checks.transport(exchange))
        if not exchange.parsed:
            return result
        document: dict[str, Any] = exchange.document
        result.checks += checks.envelope(document)
        if not result.passed(checks.SPELLING):
            return result
        if refusal:
            result.checks.append(checks.refusal(document))
            return result
        expected = tuple(expect)
        result.checks.append(checks.code(document, expected))
        result.checks.append(checks.message(document))
        if result.code == 200 and not endpoint.metadata_only:
            result.checks += checks.fields(endpoint, checks.response_of(document))
        return result

    def consistent(self, result: StepResult, ok: bool, expected: str, got: str) -> None:
        result.checks.append(checks.verdict_of(checks.CONSISTENCY, ok, expected, got))

    # -- the flow ------------------------------------------------------------------------

    async def run(self) -> Report:
        token = await self.call(
            "token",
            "token with x-username/x-password",
            ep.TOKEN,
            None,
            headers={"x-username": self.settings.username, "x-password": self.settings.password},
        )
        value = token.field("token")
        self.token = value if token.code == 200 and isinstance(value, str) and value else None

        before = await self.call(
            "status.sebelum",
            "queue status before booking",
            ep.STATUS,
            bodies.status_body(self.jadwal),
        )
        self._quota(before)
        pasien_a = bodies.pasien_for(self.seed, self.run_id, "a", self.jadwal, self.today)
        booking = await self.book("", pasien_a)
        await self.after_booking(before, booking)
        if booking is not None and booking.code == 200:
            await self.call(
                "ambil.duplikat",
                "the same booking again: refused",
                ep.AMBIL,
                booking.exchange.body if booking.exchange else None,
                refusal=True,
            )
            await self.visit(booking)
        else:
            for name, endpoint in (
                ("ambil.duplikat", ep.AMBIL),
                ("checkin", ep.CHECKIN),
                ("sisa", ep.SISA),
                ("sisa.ulang", ep.SISA),
                ("farmasi.ambil", ep.FARMASI_AMBIL),
                ("farmasi.status", ep.FARMASI_STATUS),
            ):
                self.skip(name, endpoint.title, endpoint, "no booking")

        pasien_b = bodies.pasien_for(self.seed, self.run_id, "b", self.jadwal, self.today)
        second = await self.book("kedua.", pasien_b)
        await self.cancel(booking, second, pasien_b)
        await self.surgery(pasien_a)
        await self.wrong_tokens()
        return self.report

    def _quota(self, result: StepResult) -> None:
        left, total = result.field("sisakuotajkn"), result.field("kuotajkn")
        if isinstance(left, int) and isinstance(total, int):
            self.consistent(
                result,
                left <= total,
                "sisakuotajkn <= kuotajkn",
                f"{left} > {total}" if left > total else f"{left} <= {total}",
            )

    async def book(self, prefix: str, pasien: Pasien) -> StepResult | None:
        """Ambil antrean as an unknown patient; after 202, pasien baru and ambil again."""
        first = await self.call(
            f"{prefix}ambil.pasien_baru",
            "booking as a patient the hospital does not know: 200, or 202 (new patient)",
            ep.AMBIL,
            bodies.ambil_body(pasien, self.jadwal, ""),
            expect=(200, 202),
        )
        later = ((f"{prefix}pasienbaru", ep.PASIEN_BARU), (f"{prefix}ambil", ep.AMBIL))
        if first.skipped is not None or first.code not in (200, 202):
            reason = first.skipped or "no 200 or 202 from ambil antrean"
            for name, endpoint in later:
                self.skip(name, endpoint.title, endpoint, reason)
            return None
        if first.code == 200:
            self._booked(first)
            reason = "answered 200 at once: the new-patient branch is not used"
            for name, endpoint in later:
                self.skip(name, endpoint.title, endpoint, reason)
            return first
        baru = await self.call(
            f"{prefix}pasienbaru",
            "new patient's identity after 202",
            ep.PASIEN_BARU,
            bodies.pasien_baru_body(pasien, self.seed),
        )
        norm = baru.field("norm")
        if baru.code != 200 or not isinstance(norm, str) or not norm:
            self.skip(
                f"{prefix}ambil", "booking with the new norm", ep.AMBIL, "no norm from pasien baru"
            )
            return None
        again = await self.call(
            f"{prefix}ambil",
            "booking with the new norm",
            ep.AMBIL,
            bodies.ambil_body(pasien, self.jadwal, norm),
        )
        self._booked(again)
        return again

    def _booked(self, result: StepResult) -> None:
        self._quota(result)
        estimate = result.field("estimasidilayani")
        if result.passed(checks.MILLISECONDS) and isinstance(estimate, int):
            day = checks.epoch_ms_day(estimate, WIB)
            self.consistent(
                result,
                day == self.jadwal.tanggal,
                f"estimasidilayani on tanggalperiksa {self.jadwal.tanggal}",
                f"{day} (WIB)",
            )

    async def after_booking(self, before: StepResult, booking: StepResult | None) -> None:
        after = await self.call(
            "status.sesudah",
            "queue status after booking",
            ep.STATUS,
            bodies.status_body(self.jadwal),
        )
        if booking is None or booking.code != 200 or after.code != 200 or before.code != 200:
            return
        self._quota(after)
        pairs = [
            ("totalantrean", after.field("totalantrean"), before.field("totalantrean"), 1),
            ("sisakuotajkn", before.field("sisakuotajkn"), after.field("sisakuotajkn"), 1),
        ]
        for name, high, low, step in pairs:
            if isinstance(high, int) and isinstance(low, int):
                grew = "grew" if name == "totalantrean" else "shrank"
                self.consistent(
                    after,
                    high - low >= step,
                    f"{name} {grew} by the booking",
                    f"before {before.field(name)}, after {after.field(name)}",
                )

    async def visit(self, booking: StepResult) -> None:
        kode = booking.field("kodebooking")
        await self.call(
            "checkin",
            "check-in on the visit day (waktu in ms)",
            ep.CHECKIN,
            bodies.checkin_body(str(kode), self.jadwal),
        )
        sisa = await self.call("sisa", "remaining queue", ep.SISA, {"kodebooking": kode})
        if sisa.code == 200:
            taken, shown = booking.field("nomorantrean"), sisa.field("nomorantrean")
            self.consistent(
                sisa,
                _number_key(taken) == _number_key(shown),
                f"nomorantrean {_quoted(taken)} as ambil antrean gave it",
                _quoted(shown),
            )
        again = await self.call(
            "sisa.ulang", "remaining queue again", ep.SISA, {"kodebooking": kode}
        )
        first, second = sisa.field("sisaantrean"), again.field("sisaantrean")
        if isinstance(first, int) and isinstance(second, int) and again.code == 200:
            self.consistent(
                again, second <= first, f"sisaantrean at most {first} (never grows)", str(second)
            )
        await self.call(
            "farmasi.ambil",
            "pharmacy queue number (201 when no prescription)",
            ep.FARMASI_AMBIL,
            {"kodebooking": kode},
            expect=(200, 201),
        )
        await self.call(
            "farmasi.status",
            "pharmacy queue status (201 when no prescription)",
            ep.FARMASI_STATUS,
            {"kodebooking": kode},
            expect=(200, 201),
        )

    async def cancel(
        self, first: StepResult | None, second: StepResult | None, pasien: Pasien
    ) -> None:
        if second is None or second.code != 200:
            for name, endpoint in (("batal", ep.BATAL), ("checkin.setelah_batal", ep.CHECKIN)):
                self.skip(name, endpoint.title, endpoint, "no second booking")
        else:
            kode = second.field("kodebooking")
            if first is not None and first.code == 200:
                other = first.field("kodebooking")
                self.consistent(
                    second, kode != other, "a kodebooking of its own", f"{_quoted(kode)} twice"
                )
            batal = await self.call(
                "batal",
                "cancel the second booking",
                ep.BATAL,
                {"kodebooking": kode, "keterangan": "Ada kebutuhan mendadak"},
            )
            if batal.code == 200:
                await self.call(
                    "checkin.setelah_batal",
                    "check-in of the cancelled booking: refused",
                    ep.CHECKIN,
                    bodies.checkin_body(str(kode), self.jadwal),
                    refusal=True,
                )
            else:
                self.skip(
                    "checkin.setelah_batal", "check-in after cancel", ep.CHECKIN, "cancel failed"
                )
        norm = second.field("norm") if second is not None else None
        norm = norm if isinstance(norm, str) else ""
        yesterday = self.today - timedelta(days=1)
        await self.call(
            "tolak.kemarin",
            f"booking for yesterday ({yesterday}): refused",
            ep.AMBIL,
            bodies.ambil_body(pasien, self.jadwal, norm, tanggal=yesterday),
            refusal=True,
        )
        closed = Jadwal(
            self.closed_poli, self.jadwal.kodedokter, self.jadwal.jampraktek, self.jadwal.tanggal
        )
        await self.call(
            "tolak.poli_tutup",
            f"booking at poli {self.closed_poli}, which does not practise: refused",
            ep.AMBIL,
            bodies.ambil_body(pasien, closed, norm),
            refusal=True,
        )

    async def surgery(self, pasien: Pasien) -> None:
        asked = bodies.operasi_rs_body(self.jadwal)
        listed = await self.call(
            "operasi.rs",
            "surgery schedule by date range (201 when none)",
            ep.OPERASI_RS,
            asked,
            expect=(200, 201),
        )
        items = listed.field("list")
        if listed.code == 200 and listed.passed(checks.FORMAT) and isinstance(items, list):
            days = [item.get("tanggaloperasi") for item in items if isinstance(item, dict)]
            outside = [
                d for d in days if not asked["tanggalawal"] <= str(d) <= asked["tanggalakhir"]
            ]
            self.consistent(
                listed,
                not outside,
                f"tanggaloperasi from {asked['tanggalawal']} to {asked['tanggalakhir']}",
                ", ".join(sorted(set(map(str, outside)))) or "all inside",
            )
        await self.call(
            "operasi.pasien",
            "surgery schedule by card (201 when none)",
            ep.OPERASI_PASIEN,
            {"nopeserta": pasien.participant.no_kartu},
            expect=(200, 201),
        )

    async def wrong_tokens(self) -> None:
        body = bodies.status_body(self.jadwal)
        user = self.settings.username
        await self.call(
            "tolak.token_salah",
            "a token the hospital never issued (stale or forged): refused",
            ep.STATUS,
            body,
            refusal=True,
            headers={"x-token": FORGED_TOKEN, "x-username": user},
        )
        await self.call(
            "tolak.tanpa_token",
            "no x-token header: refused",
            ep.STATUS,
            body,
            refusal=True,
            headers={"x-username": user},
        )
        wrong = WRONG_PASSWORD if self.settings.password != WRONG_PASSWORD else WRONG_PASSWORD * 2
        await self.call(
            "tolak.password_salah",
            "a token for a wrong password: refused",
            ep.TOKEN,
            None,
            refusal=True,
            headers={"x-username": user, "x-password": wrong},
        )


def _quoted(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


async def run_flow(
    settings: FlowSettings,
    *,
    now: Callable[[], float] = time.time,
    monotonic: Callable[[], float] = time.monotonic,
    session: aiohttp.ClientSession | None = None,
) -> Report:
    """Play the flow against `settings.target`; `now` gives the date, `monotonic` the
    call times (both injectable, so tests never wait)."""
    timeout_s = settings.budget_ms / 1000 + LATE_ANSWER_GRACE_S
    if session is None:
        async with aiohttp.ClientSession() as own:
            return await run_flow(settings, now=now, monotonic=monotonic, session=own)
    caller = Caller(session, settings.target, timeout_s=timeout_s, monotonic=monotonic)
    return await Flow(settings, caller, now=now).run()
