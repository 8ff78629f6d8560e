"""`mockvclaim mobilejkn` against the reference WS RS in tests/wsrs_reference.py, over HTTP:
every check passes on the correct hospital, and each deliberate fault fails exactly the
check meant for it, on exactly the steps that meet it."""

from __future__ import annotations

import argparse
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from junitparser import JUnitXml

from mockvclaim import cli
from mockvclaim.bpjs.peserta import participant_for
from mockvclaim.bpjs.vclaim import kapasitas, rujukan
from mockvclaim.mobilejkn import bodies, checks, report
from mockvclaim.mobilejkn import endpoints as ep
from mockvclaim.mobilejkn.checks import Verdict
from mockvclaim.mobilejkn.command import settings_from
from mockvclaim.mobilejkn.flow import STEP_NAMES, FlowSettings, Report, run_flow
from tests import wsrs_reference as ref

Failures = set[tuple[str, str]]


def failures(result: Report) -> Failures:
    return {(step.name, check.id) for step in result.steps for check in step.failures}


@pytest.fixture
def clock() -> ref.FakeClock:
    return ref.FakeClock()


async def play(
    clock: ref.FakeClock,
    fault: ref.Fault | None = None,
    *,
    registers_unknown: bool = False,
    **changes: Any,
) -> Report:
    hospital = ref.Hospital(clock, fault=fault, registers_unknown=registers_unknown)
    async with TestServer(ref.create_app(hospital)) as server:
        settings = FlowSettings(
            target=str(server.make_url("/")),
            username=ref.USERNAME,
            password=ref.PASSWORD,
            **{"run_id": 7, **changes},
        )
        return await run_flow(settings, now=clock.now, monotonic=clock.monotonic)


async def test_a_correct_ws_rs_passes_every_step_and_check(clock: ref.FakeClock) -> None:
    result = await play(clock)

    assert failures(result) == set()
    assert result.ok
    assert [s.name for s in result.steps] == list(STEP_NAMES)
    assert [s.name for s in result.steps if s.verdict is not Verdict.PASS] == []
    # Every kind of check was made, and passed, somewhere in the run.
    made = {c.id for s in result.steps for c in s.checks if c.verdict is Verdict.PASS}
    assert made == set(checks.ALL)
    # Every WS RS service was called.
    assert {s.endpoint.key for s in result.steps} == set(ep.BY_KEY)
    # The new-patient branch: 202, then pasien baru, then the booking with the new norm.
    assert result.step("ambil.pasien_baru").code == 202
    assert result.step("ambil").field("norm") == result.step("pasienbaru").field("norm")


# Each deliberate fault and the (step, check) failures it must give, nothing more.
FAULTS: dict[ref.Fault, dict[str, str]] = {
    # Every answer carries the text code; nothing else is wrong.
    ref.Fault.CODE_AS_TEXT: {"*": checks.CODE_TYPE},
    ref.Fault.MISSING_FIELD: {"status.sebelum": checks.REQUIRED, "status.sesudah": checks.REQUIRED},
    ref.Fault.SECONDS: {"ambil": checks.MILLISECONDS, "kedua.ambil": checks.MILLISECONDS},
    ref.Fault.NO_TOKEN_CHECK: {
        "tolak.token_salah": checks.REFUSAL,
        "tolak.tanpa_token": checks.REFUSAL,
    },
    ref.Fault.NO_PASSWORD_CHECK: {"tolak.password_salah": checks.REFUSAL},
    ref.Fault.SLOW: {"sisa": checks.LATENCY, "sisa.ulang": checks.LATENCY},
    # No token comes back, so only the calls that need none are made, and fail the same way.
    ref.Fault.CAMEL_ENVELOPE: {
        "token": checks.SPELLING,
        "tolak.token_salah": checks.SPELLING,
        "tolak.tanpa_token": checks.SPELLING,
        "tolak.password_salah": checks.SPELLING,
    },
    ref.Fault.WRONG_CODE: {"batal": checks.CODE},
    ref.Fault.SILENT_202: {
        "ambil.pasien_baru": checks.MESSAGE,
        "kedua.ambil.pasien_baru": checks.MESSAGE,
    },
    ref.Fault.NUMBER_AS_TEXT: {"ambil": checks.TYPES, "kedua.ambil": checks.TYPES},
    ref.Fault.BAD_DATE: {"operasi.rs": checks.FORMAT, "operasi.pasien": checks.FORMAT},
    ref.Fault.WRONG_NUMBER: {"sisa": checks.CONSISTENCY},
    ref.Fault.SERVER_ERROR: {"farmasi.status": checks.HTTP},
}


def test_every_check_has_a_fault_that_fails_it() -> None:
    assert set(FAULTS) == set(ref.Fault)
    failed = {check for expected in FAULTS.values() for check in expected.values()}
    assert failed == set(checks.ALL)


@pytest.mark.parametrize(
    ("fault", "expected"), list(FAULTS.items()), ids=[fault.name.lower() for fault in FAULTS]
)
async def test_each_fault_fails_exactly_its_check(
    clock: ref.FakeClock, fault: ref.Fault, expected: dict[str, str]
) -> None:
    result = await play(clock, fault)

    if "*" in expected:
        wanted = {(step.name, expected["*"]) for step in result.steps}
    else:
        wanted = set(expected.items())
    assert failures(result) == wanted
    assert not result.ok


async def test_the_slow_answer_took_no_real_time(clock: ref.FakeClock) -> None:
    result = await play(clock, ref.Fault.SLOW)

    sisa = result.step("sisa").exchange
    assert sisa is not None
    assert sisa.elapsed_ms == pytest.approx(ref.SLOW_SECONDS * 1000)
    assert clock.elapsed == pytest.approx(2 * ref.SLOW_SECONDS)  # two sisa calls, no sleep


async def test_a_tighter_budget_is_the_one_checked(clock: ref.FakeClock) -> None:
    result = await play(clock, ref.Fault.SLOW, budget_ms=20_000)

    assert failures(result) == set()


async def test_a_hospital_without_the_202_branch_still_conforms(clock: ref.FakeClock) -> None:
    result = await play(clock, registers_unknown=True)

    assert result.ok
    assert result.step("ambil.pasien_baru").code == 200
    skipped = {s.name: s.skipped for s in result.steps if s.skipped}
    reason = "answered 200 at once: the new-patient branch is not used"
    assert skipped == dict.fromkeys(
        ("pasienbaru", "ambil", "kedua.pasienbaru", "kedua.ambil"), reason
    )
    # The booking it made at once is the one checked, checked in and cancelled.
    assert result.step("sisa").passed(checks.CONSISTENCY)
    assert result.step("checkin.setelah_batal").passed(checks.REFUSAL)


async def test_services_a_hospital_does_not_run_are_skipped(clock: ref.FakeClock) -> None:
    result = await play(clock, skip=frozenset({"ambilantreanfarmasi", "statusantreanfarmasi"}))

    assert result.ok
    assert result.step("farmasi.ambil").skipped == "ambilantreanfarmasi skipped by --skip"
    assert (
        report.text(result)
        .splitlines()[-1]
        .endswith("22 passed, 0 failed, 2 skipped, 0 warning(s)")
    )


async def test_the_bodies_come_from_the_world(clock: ref.FakeClock) -> None:
    result = await play(clock)

    ambil = result.step("ambil").exchange
    assert ambil is not None
    assert ambil.body is not None
    body = ambil.body
    person = participant_for(body["nomorkartu"], 0)
    assert (body["nik"], body["nohp"]) == (person.nik, person.no_telepon)
    referral = next(
        r
        for back in range(4)
        if (r := rujukan.generated(person.no_kartu, 0, rujukan.FKTP, 26 * 12 + 10 - back))
        and r.no_rujukan == body["nomorreferensi"]
    )
    assert referral.kd_poli == body["kodepoli"]
    day = date.fromisoformat(body["tanggalperiksa"])
    doctors = {p.kode_dokter for p in kapasitas.jadwal(ref.PPK, body["kodepoli"], day, 0)}
    assert str(body["kodedokter"]) in doctors
    assert isinstance(body["kodedokter"], int)
    assert isinstance(body["jeniskunjungan"], int)
    checkin = result.step("checkin").exchange
    assert checkin is not None
    assert checkin.body is not None
    assert len(str(checkin.body["waktu"])) == 13


async def test_another_run_books_other_participants(clock: ref.FakeClock) -> None:
    first = await play(clock)
    second = await play(clock, run_id=8)

    def card(result: Report) -> Any:
        exchange = result.step("ambil").exchange
        assert exchange is not None
        assert exchange.body is not None
        return exchange.body["nomorkartu"]

    assert card(first) != card(second)


# --- what a wrong hospital looks like beyond the five faults --------------------------------


async def _serve(handler: Callable[[web.Request], Any]) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    async with TestServer(app) as server:
        yield str(server.make_url("/"))


async def test_camel_metadata_and_html_are_reported_not_crashed(clock: ref.FakeClock) -> None:
    async def camel(request: web.Request) -> web.Response:
        if request.path == "/auth":
            return web.json_response(
                {"metaData": {"code": 200, "message": "Ok"}, "response": {"token": "t"}}
            )
        return web.Response(
            status=500, text="<h1>Internal Server Error</h1>", content_type="text/html"
        )

    async for url in _serve(camel):
        settings = FlowSettings(target=url, username="u", password="p", run_id=1)
        result = await run_flow(settings, now=clock.now, monotonic=clock.monotonic)

    token = result.step("token")
    assert [c.id for c in token.failures] == [checks.SPELLING]
    assert "metaData" in token.failures[0].got
    # No token: every call that needs one is skipped with the reason; the two wrong-token
    # calls still go out and meet the HTML error page.
    assert [s.name for s in result.steps] == list(STEP_NAMES)  # the same test cases for CI
    called = {s.name for s in result.steps if s.skipped is None}
    assert called == {"token", "tolak.token_salah", "tolak.tanpa_token", "tolak.password_salah"}
    assert result.step("status.sebelum").skipped == "no token"
    assert failures(result) - {("token", checks.SPELLING)} == {
        ("tolak.token_salah", checks.HTTP),
        ("tolak.tanpa_token", checks.HTTP),
        ("tolak.password_salah", checks.SPELLING),  # the token route answers metaData
    }


async def test_nothing_listening_is_a_failure_with_the_reason(clock: ref.FakeClock) -> None:
    settings = FlowSettings(target="http://127.0.0.1:9", username="u", password="p", run_id=1)
    result = await run_flow(settings, now=clock.now, monotonic=clock.monotonic)

    assert [s.name for s in result.steps] == list(STEP_NAMES)
    assert result.step("token").failures[0].id == checks.HTTP
    assert "Connect" in result.step("token").failures[0].got
    assert not result.ok


# --- the three outputs and the command line ------------------------------------------------


async def test_text_report_one_line_per_step_then_the_summary(clock: ref.FakeClock) -> None:
    result = await play(clock, ref.Fault.SECONDS)
    lines = report.text(result).splitlines()

    step_lines = [line for line in lines if line[:6] in {"PASS  ", "FAIL  ", "SKIP  "}]
    assert len(step_lines) == len(result.steps)
    ambil = next(line for line in step_lines if " ambil " in f" {line.split()[1]} ")
    assert ambil.startswith("FAIL")
    assert "time.ms: expected epoch milliseconds, got estimasidilayani" in ambil
    assert "(seconds?)" in ambil
    assert ambil.endswith(" ms")
    assert lines[-1] == "FAIL: 24 steps, 22 passed, 2 failed, 0 skipped, 0 warning(s)"


async def test_json_report_holds_every_step_and_check(clock: ref.FakeClock) -> None:
    result = await play(clock, ref.Fault.MISSING_FIELD)
    document = json.loads(report.json_text(result))

    assert document["ok"] is False
    assert document["summary"] == {
        "steps": 24,
        "passed": 22,
        "failed": 2,
        "skipped": 0,
        "warnings": 0,
    }
    status = next(s for s in document["steps"] if s["name"] == "status.sebelum")
    assert status["result"] == "FAIL"
    assert status["catalog"] == "W2"
    assert status["code"] == 200
    failing = [c for c in status["checks"] if c["result"] == "FAIL"]
    assert failing == [
        {
            "id": "fields.required",
            "result": "FAIL",
            "expected": "the 10 fields of W2",
            "got": "missing namadokter",
        }
    ]
    assert "namadokter" not in status["answer"]["response"]
    sent = result.step("status.sebelum").exchange
    assert sent is not None
    assert sent.body is not None
    assert status["request"] == sent.body


async def test_junit_report_is_one_test_case_per_step(clock: ref.FakeClock) -> None:
    result = await play(clock, ref.Fault.NO_TOKEN_CHECK)
    suites = ET.fromstring(report.junit(result))

    suite = suites.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("24", "2", "0")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [s.name for s in result.steps]
    failed = {c.get("name"): c.find("failure") for c in cases if c.find("failure") is not None}
    assert set(failed) == {"tolak.token_salah", "tolak.tanpa_token"}
    failure = failed["tolak.token_salah"]
    assert failure is not None
    assert failure.get("type") == "refusal"
    assert failure.get("message") == 'refusal: expected code 201 and a message, got 200 "Ok"'


async def test_junit_file_reads_in_a_third_party_junit_parser(
    clock: ref.FakeClock, tmp_path: Path
) -> None:
    result = await play(clock, ref.Fault.SLOW)
    path = tmp_path / "wsrs.xml"
    path.write_bytes(report.junit(result))

    suites = JUnitXml.fromfile(str(path))
    cases = [case for suite in suites for case in suite]
    assert [case.name for case in cases] == list(STEP_NAMES)
    failed = {case.name: case.result[0].message for case in cases if not case.is_passed}
    assert failed == {
        "sisa": "latency: expected an answer within 10000 ms, got 11000 ms",
        "sisa.ulang": "latency: expected an answer within 10000 ms, got 11000 ms",
    }
    assert next(case for case in cases if case.name == "sisa").time == pytest.approx(11.0)


def _args(**given: Any) -> argparse.Namespace:
    defaults: dict[str, Any] = {
        "target": "http://rs.example/wsrs",
        "username": "u",
        "password": "p",
        "preset": "khanza",
        "path": [],
        "budget_ms": 10_000.0,
        "seed": 0,
        "ppk": ref.PPK,
        "kodepoli": None,
        "kodedokter": None,
        "jampraktek": None,
        "tanggal": None,
        "closed_poli": None,
        "run_id": None,
        "skip": "",
    }
    return argparse.Namespace(**{**defaults, **given})


def test_settings_take_presets_paths_and_the_hospitals_own_session() -> None:
    today = date(2026, 11, 27)
    settings = settings_from(
        _args(
            preset="oniseven",
            path=["pasienbaru=antrean/pasienbaru"],
            kodepoli="int",
            kodedokter="12345",
            jampraktek="08:00 - 12:00",
            skip="ambilantreanfarmasi, statusantreanfarmasi",
        ),
        today,
    )

    assert settings.paths["ambilantrean"] == "antrean"
    assert settings.paths["pasienbaru"] == "antrean/pasienbaru"
    assert settings.jadwal == bodies.Jadwal("INT", 12345, "08:00-12:00", date(2026, 11, 28))
    assert settings.skip == {"ambilantreanfarmasi", "statusantreanfarmasi"}
    mlite = settings_from(_args(preset="mlite"), today)
    assert (mlite.paths["token"], mlite.paths["pasienbaru"]) == ("token", "pasien/baru")
    assert set(mlite.paths) == set(ep.BY_KEY)


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({"target": None}, "--target"),
        ({"password": ""}, "--password"),
        ({"path": ["nosuch=x"]}, "SERVICE=PATH"),
        ({"skip": "farmasi"}, "--skip names no service: farmasi"),
        ({"kodedokter": "1"}, "--kodedokter needs --kodepoli"),
        ({"kodepoli": "INT", "kodedokter": "dr-1", "jampraktek": "08:00-12:00"}, "a number"),
        ({"budget_ms": 0.0}, "--budget-ms"),
        ({"tanggal": "2026-12-01"}, "--tanggal goes with --kodedokter"),
        (
            {"kodepoli": "INT", "kodedokter": "1", "jampraktek": "08:00-12:00", "tanggal": "besok"},
            "--tanggal is yyyy-MM-dd",
        ),
    ],
)
def test_bad_settings_are_named(given: dict[str, Any], named: str) -> None:
    from mockvclaim.mobilejkn.command import SettingsError

    with pytest.raises(SettingsError, match=named.replace("-", r"\-")):
        settings_from(_args(**given), date(2026, 11, 27))


@pytest.fixture
def hospital_url(clock: ref.FakeClock) -> Iterator[str]:
    with ref.threaded(ref.Hospital(clock, fault=ref.Fault.SECONDS)) as url:
        yield url


def test_the_command_prints_json_writes_junit_and_exits_1(
    hospital_url: str, tmp_path: Path, clock: ref.FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = io.StringIO()
    junit = tmp_path / "wsrs.xml"
    monkeypatch.setattr("mockvclaim.mobilejkn.command.time.time", clock.now)
    code = cli.main(
        ["mobilejkn", "--json", "--junit", str(junit)],
        environ={
            "MOCKVCLAIM_MOBILEJKN_TARGET": hospital_url,
            "MOCKVCLAIM_MOBILEJKN_USERNAME": ref.USERNAME,
            "MOCKVCLAIM_MOBILEJKN_PASSWORD": ref.PASSWORD,
        },
        out=out,
    )

    assert code == 1
    document = json.loads(out.getvalue())
    assert document["summary"]["failed"] == 2
    assert {s["name"] for s in document["steps"] if s["result"] == "FAIL"} == {
        "ambil",
        "kedua.ambil",
    }
    assert ET.parse(junit).getroot().find("testsuite").get("failures") == "2"  # type: ignore[union-attr]


def test_the_command_exits_0_on_a_correct_hospital_and_2_without_a_target(
    tmp_path: Path,
    clock: ref.FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("mockvclaim.mobilejkn.command.time.time", clock.now)
    with ref.threaded(ref.Hospital(clock)) as url:
        out = io.StringIO()
        assert (
            cli.main(
                [
                    "mobilejkn",
                    "--target",
                    url,
                    "--username",
                    ref.USERNAME,
                    "--password",
                    ref.PASSWORD,
                ],
                environ={},
                out=out,
            )
            == 0
        )
    assert out.getvalue().splitlines()[-1].startswith("PASS: 24 steps, 24 passed")

    assert cli.main(["mobilejkn"], environ={}, out=io.StringIO()) == 2
    assert "--target, --username, --password needed" in capsys.readouterr().err
