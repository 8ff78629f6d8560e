"""`mockvclaim sign` and `mockvclaim decrypt` through `main(argv, environ, out)`, and one
smoke test of the pair against a live mock with real curl and the installed console script."""

from __future__ import annotations

import io
import json
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mockvclaim.cli import main
from mockvclaim.config import DEMO_CONS_ID, DEMO_SECRET, DEMO_USER_KEY
from mockvclaim.protocol import crypto
from mockvclaim.pytest_plugin import VClaimServer
from tests.fixtures import sep_insert_requests as bodies

# The catalogue's example values, signed by hand in docs/vclaim-api.md §1.3.
VECTOR = {"cons_id": "1234", "secret": "pwd", "timestamp": "433223232"}
VECTOR_SIGNATURE = "eXMtvX2r7e7CLCIu3kpEpCrvciZgK8FuOhKv06NDAHk="


def run(*argv: str, environ: dict[str, str] | None = None, stdin: str = "") -> tuple[int, str, str]:
    out = io.StringIO()
    err = io.StringIO()
    real_err = sys.stderr
    sys.stderr = err
    try:
        code = main(list(argv), environ or {}, out, io.StringIO(stdin))
    finally:
        sys.stderr = real_err
    return code, out.getvalue(), err.getvalue()


def header_lines(text: str) -> dict[str, str]:
    block = text.split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in block.splitlines())


def curl_words(text: str) -> list[str]:
    command = text.split("\n\n", 1)[1].split("\n# ", 1)[0]
    return shlex.split(command.replace("\\\n", " "))


# -- sign ------------------------------------------------------------------------------


def test_sign_matches_the_catalogue_vector() -> None:
    code, out, _ = run(
        "sign",
        "--cons-id",
        VECTOR["cons_id"],
        "--secret",
        VECTOR["secret"],
        "--timestamp",
        VECTOR["timestamp"],
        "--user-key",
        "uk",
    )

    assert code == 0
    assert header_lines(out) == {
        "X-cons-id": "1234",
        "X-timestamp": "433223232",
        "X-signature": VECTOR_SIGNATURE,
        "user_key": "uk",
    }


def test_sign_defaults_to_the_demo_consumer_and_now() -> None:
    before = int(time.time())
    code, out, err = run("sign")

    headers = header_lines(out)
    assert code == 0
    assert err == ""  # a fresh timestamp draws no skew note
    assert headers["X-cons-id"] == DEMO_CONS_ID
    assert headers["user_key"] == DEMO_USER_KEY
    assert before <= int(headers["X-timestamp"]) <= int(time.time())
    assert headers["X-signature"] == crypto.sign(DEMO_CONS_ID, DEMO_SECRET, headers["X-timestamp"])


def test_sign_reads_the_consumer_and_address_from_the_environment() -> None:
    environ = {
        "MOCKVCLAIM_CONS_ID": "777",
        "MOCKVCLAIM_SECRET": "s3",
        "MOCKVCLAIM_USER_KEY": "k3",
        "MOCKVCLAIM_HOST": "0.0.0.0",
        "MOCKVCLAIM_PORT": "9191",
    }
    code, out, _ = run("sign", "--timestamp", "1790000000", environ=environ)

    headers = header_lines(out)
    assert code == 0
    assert headers["X-signature"] == crypto.sign("777", "s3", "1790000000")
    assert headers["user_key"] == "k3"
    words = curl_words(out)
    assert words[:4] == ["curl", "-sS", "-X", "GET"]
    assert words[4].startswith("http://127.0.0.1:9191/vclaim-rest-dev/Peserta/nokartu/")


def test_sign_with_data_builds_a_post_curl_that_keeps_the_body_intact() -> None:
    body = json.dumps({"request": {"t_sep": {"catatan": 'it\'s "quoted" $HOME `x`'}}})
    code, out, _ = run("sign", "--timestamp", str(int(time.time())), "--data", body)

    words = curl_words(out)
    assert code == 0
    assert words[:4] == ["curl", "-sS", "-X", "POST"]
    assert words[4] == "http://127.0.0.1:8080/vclaim-rest-dev/SEP/2.0/insert"
    assert words[words.index("--data-binary") + 1] == body
    assert "Content-Type: Application/x-www-form-urlencoded" in words
    assert f"X-cons-id: {DEMO_CONS_ID}" in words


def test_sign_hint_names_the_timestamp_to_decrypt_with_but_not_a_real_secret() -> None:
    _, out, _ = run("sign", "--secret", "real-secret", "--timestamp", str(int(time.time())))

    hint = out.rstrip().splitlines()[-1]
    assert hint.startswith("# decrypt the answer:")
    assert "--timestamp " + header_lines(out)["X-timestamp"] in hint
    assert "real-secret" not in hint


def test_sign_warns_about_a_local_time_timestamp() -> None:
    wib_as_utc = int(time.time()) + 25200
    code, _, err = run("sign", "--timestamp", str(wib_as_utc))

    assert code == 0
    assert "+25200" in err
    assert "Signature Service Tidak Sesuai" in err


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["--timestamp", "1790000000.5"], "--timestamp must be whole seconds"),
        (["--timestamp", "abc"], "--timestamp must be whole seconds"),
        (["--data", "{not json"], "--data is not JSON"),
    ],
)
def test_sign_refuses_bad_input(argv: list[str], problem: str) -> None:
    code, out, err = run("sign", *argv)

    assert code == 2
    assert out == ""
    assert problem in err


def test_sign_passes_a_curl_file_reference_through() -> None:
    code, out, _ = run("sign", "--timestamp", str(int(time.time())), "--data", "@sep.json")

    words = curl_words(out)
    assert code == 0
    assert words[words.index("--data-binary") + 1] == "@sep.json"


# -- decrypt ---------------------------------------------------------------------------

PAYLOAD = {"sep": {"noSep": "0301R0111126V000001", "catatan": "pasien 😀 naïve"}}


def encrypted(payload: object = PAYLOAD, timestamp: str = "1790000000") -> str:
    return crypto.encrypt_payload(payload, DEMO_CONS_ID, DEMO_SECRET, timestamp)


def test_decrypt_a_response_string() -> None:
    code, out, _ = run("decrypt", "--timestamp", "1790000000", encrypted())

    assert code == 0
    assert json.loads(out) == PAYLOAD
    assert "😀" in out  # pretty and readable, not \\u escapes
    assert out.startswith("{\n  ")


def test_decrypt_a_whole_answer_from_stdin_keeps_metadata() -> None:
    answer = {"metaData": {"code": "200", "message": "Sukses"}, "response": encrypted()}

    code, out, _ = run("decrypt", "--timestamp", "1790000000", "-", stdin=json.dumps(answer))

    assert code == 0
    assert json.loads(out) == {"metaData": answer["metaData"], "response": PAYLOAD}


def test_decrypt_with_other_credentials() -> None:
    secret_text = crypto.encrypt_payload(PAYLOAD, "777", "s3", "1790000000")

    code, out, _ = run(
        "decrypt",
        "--timestamp",
        "1790000000",
        secret_text,
        environ={"MOCKVCLAIM_CONS_ID": "777", "MOCKVCLAIM_SECRET": "s3"},
    )

    assert code == 0
    assert json.loads(out) == PAYLOAD


def test_decrypt_with_another_timestamp_explains_the_usual_mistake() -> None:
    code, out, err = run("decrypt", "--timestamp", "1790000001", encrypted())

    assert code == 1
    assert out == ""
    assert "X-timestamp that request carried" in err


def test_decrypt_an_error_answer_prints_it_as_is() -> None:
    answer = {"metaData": {"code": "201", "message": "No.Kartu Tidak Sesuai"}, "response": None}

    code, out, err = run("decrypt", "--timestamp", "1", json.dumps(answer))

    assert code == 0
    assert json.loads(out) == answer
    assert "null, nothing to decrypt" in err


def test_decrypt_a_plain_sep_number_says_it_is_not_encrypted() -> None:
    answer = {"metaData": {"code": "200", "message": "Sukses"}, "response": "0301R0111126V000007"}

    code, _, err = run("decrypt", "--timestamp", "1790000000", json.dumps(answer))

    assert code == 1
    assert "plain response" in err


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<html><body><h1>502 Bad Gateway</h1></body></html>", "HTML"),
        ('{"metaData": {"code": "200"}', "does not parse"),
        ('{"status": "ok"}', "not a VClaim answer"),
        ("   ", "no input"),
    ],
)
def test_decrypt_refuses_what_is_not_an_answer(text: str, problem: str) -> None:
    code, _, err = run("decrypt", "--timestamp", "1", "-", stdin=text)

    assert code == 1
    assert problem in err


def test_decrypt_needs_the_timestamp(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["decrypt", "abc"], {}, io.StringIO())

    assert stopped.value.code == 2
    assert "--timestamp" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("sign", ["--cons-id", "--secret", "--user-key", "--timestamp", "--url", "--data"]),
        ("decrypt", ["--cons-id", "--secret", "--timestamp", "RESPONSE"]),
        ("check", ["paths"]),
        ("record", ["--upstream", "--out", "--redact", "--consumers", "--port"]),
        ("openapi", ["--postman", "--bruno", "--server"]),
    ],
)
def test_every_command_has_help(
    command: str, words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([command, "--help"], {}, io.StringIO())

    shown = capsys.readouterr().out
    assert stopped.value.code == 0
    for word in words:
        assert word in shown


# -- smoke: sign -> curl -> decrypt, against a live mock ------------------------------


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_signed_curl_against_the_mock_decrypts_with_the_console_script(
    vclaim_server: VClaimServer, tmp_path: Path
) -> None:
    body_file = tmp_path / "sep.json"
    body_file.write_text(json.dumps(bodies.catalog_example()), encoding="utf-8")
    code, out, _ = run(
        "sign", "--url", vclaim_server.url("SEP/2.0/insert"), "--data", f"@{body_file}"
    )
    assert code == 0
    timestamp = header_lines(out)["X-timestamp"]

    answer = subprocess.run(curl_words(out), capture_output=True, check=True, timeout=30)
    script = Path(sys.executable).with_name("mockvclaim")
    shown = subprocess.run(
        [str(script), "decrypt", "--timestamp", timestamp, "-"],
        input=answer.stdout,
        capture_output=True,
        check=True,
        timeout=60,
    )

    decrypted: dict[str, Any] = json.loads(shown.stdout)
    assert decrypted["metaData"] == {"code": "200", "message": "Sukses"}
    assert decrypted["response"]["sep"]["noSep"] == "0301R0110721V000001"
