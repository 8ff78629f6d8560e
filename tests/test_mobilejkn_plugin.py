"""The pytest helper `mobilejkn_check`: a user's suite runs the Mobile JKN flow against its
WS RS and a failing step fails the test with the report (the reference WS RS of
tests/wsrs_reference.py plays the hospital)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mockvclaim.pytest_plugin import mobilejkn_check
from tests import wsrs_reference as ref

pytest_plugins = ["pytester"]

USER_TESTS = textwrap.dedent(
    """
    import time

    from wsrs_reference import PASSWORD, USERNAME, FakeClock, Fault, Hospital, threaded


    def test_our_ws_rs_conforms(mobilejkn_check):
        with threaded(Hospital(FakeClock(time.time()))) as url:
            report = mobilejkn_check(url, USERNAME, PASSWORD)
        assert report.ok


    def test_a_ws_rs_answering_seconds(mobilejkn_check):
        with threaded(Hospital(FakeClock(time.time()), fault=Fault.SECONDS)) as url:
            mobilejkn_check(url, USERNAME, PASSWORD)
    """
)


def test_a_users_suite_fails_with_the_report(pytester: pytest.Pytester) -> None:
    # The user's own WS RS is, here, this suite's reference one.
    pytester.makepyfile(wsrs_reference=Path(ref.__file__).read_text(encoding="utf-8"))
    pytester.makepyfile(test_wsrs=USER_TESTS)

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*FAIL  ambil *time.ms: expected epoch milliseconds, got estimasidilayani *(seconds?)*",
            "FAIL: 24 steps, 22 passed, 2 failed, 0 skipped, 0 warning(s)",
        ]
    )


def test_the_helper_returns_the_report_of_a_passing_run() -> None:
    clock = ref.FakeClock()
    with ref.threaded(ref.Hospital(clock)) as url:
        report = mobilejkn_check(
            url, ref.USERNAME, ref.PASSWORD, now=clock.now, monotonic=clock.monotonic, run_id=3
        )

    assert report.ok
    assert len(report.steps) == 24


def test_the_helper_fails_the_test_with_the_report() -> None:
    clock = ref.FakeClock()
    with ref.threaded(ref.Hospital(clock)) as url, pytest.raises(pytest.fail.Exception) as failure:
        mobilejkn_check(url, ref.USERNAME, "salah", now=clock.now, monotonic=clock.monotonic)

    text = str(failure.value)
    assert "FAIL  token" in text
    assert "expected code 200, got 201" in text
    assert text.splitlines()[-1] == "FAIL: 24 steps, 3 passed, 1 failed, 20 skipped, 0 warning(s)"
