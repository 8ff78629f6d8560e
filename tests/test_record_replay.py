"""`mockvclaim record` in front of a second mockvclaim, then `serve --scenarios` replaying it:
a third-party client (bpjs-bridging) walks the same SIMRS flow both times and decrypts the
same bytes. The recorder runs as a user runs it, in its own process."""

from __future__ import annotations

import io
import json
import re
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bpjs.bpjs
import pytest
import requests
import yaml
from aiohttp import web
from bpjs import Bridging
from pytest_aiohttp import AiohttpClient, AiohttpServer

from mockvclaim.bpjs.peserta import participant_for
from mockvclaim.cli import main
from mockvclaim.config import DEMO_CONS_ID, DEMO_PPK, DEMO_SECRET, DEMO_USER_KEY
from mockvclaim.record.proxy import create_proxy
from mockvclaim.record.recording import Exchange, NotRecorded, Recording
from mockvclaim.record.redaction import Redactor
from tests.conftest import CONSUMER
from tests.fixtures import sep_insert_requests as bodies
from tests.test_real_client import Server, jakarta_today, start_server, start_until_banner

STARTUP_SECONDS = 30
UPSTREAM_SEED = "7"  # a world unlike the replaying mock's (seed 0): a replay cannot fake it


@dataclass
class Recorder:
    process: subprocess.Popen[str]
    base_url: str

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        out, _ = self.process.communicate(timeout=STARTUP_SECONDS)
        return out


def start_recorder(*args: str, env: dict[str, str] | None = None) -> Recorder:
    process, base_url, _ = start_until_banner("record", *args, env=env)
    return Recorder(process, base_url)


def bridging(base_url: str) -> Any:
    config = {"host": base_url, "consid": DEMO_CONS_ID, "secret": DEMO_SECRET}
    return Bridging({**config, "user_key": DEMO_USER_KEY}, "vclaim")


class PlainTexts:
    """bpjs-bridging's own `json` module, seen through: every decompressed text it parses."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def loads(self, text: str) -> Any:
        self.texts.append(text)
        return json.loads(text)

    def dumps(self, value: Any) -> str:
        return json.dumps(value)


def simrs_flow(base_url: str) -> tuple[list[Any], str]:
    """Peserta -> Rujukan -> SEP insert -> SEP cari, as a SIMRS does it; every answer, and
    the card it used."""
    client = bridging(base_url)
    today = jakarta_today()
    answers = []
    card = ""
    for n in range(1, 40):
        card = f"00021000{n:05d}"
        found = client.request(f"Rujukan/Peserta/{card}")
        answers.append(found)
        if found["metaData"]["code"] == "200":
            break
    referral = answers[-1]["response"]["rujukan"]
    answers.append(client.request(f"Peserta/nokartu/{card}/tglSEP/{today}"))
    body = bodies.rawat_jalan_first_visit()
    t_sep = body["request"]["t_sep"]
    t_sep.update(noKartu=card, tglSep=today, diagAwal=referral["diagnosa"]["kode"])
    t_sep["poli"]["tujuan"] = referral["poliRujukan"]["kode"]
    t_sep["rujukan"].update(
        asalRujukan="1",
        tglRujukan=referral["tglKunjungan"],
        noRujukan=referral["noKunjungan"],
        ppkRujukan=referral["provPerujuk"]["kode"],
    )
    inserted = client.request("SEP/2.0/insert", "POST", body)
    answers.append(inserted)
    assert inserted["metaData"]["code"] == "200", inserted
    answers.append(client.request(f"SEP/{inserted['response']['sep']['noSep']}"))
    return answers, card


@pytest.fixture
def upstream() -> Iterator[Server]:
    running = start_server("--seed", UPSTREAM_SEED)
    yield running
    if running.process.poll() is None:
        running.stop()


def files_text(folder: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(folder.iterdir()))


def test_recorded_flow_replays_byte_identical_to_a_third_party_client(
    upstream: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "recorded"
    recorder = start_recorder(
        "--upstream",
        upstream.base_url,
        "--out",
        str(out),
        env={"MOCKVCLAIM_CONS_ID": DEMO_CONS_ID, "MOCKVCLAIM_SECRET": DEMO_SECRET},
    )
    recorded_texts = PlainTexts()
    monkeypatch.setattr(bpjs.bpjs, "json", recorded_texts)
    try:
        recorded, card = simrs_flow(recorder.base_url)
    finally:
        log = recorder.stop()
    upstream.stop()

    replay = start_server("--scenarios", str(out))
    replayed_texts = PlainTexts()
    monkeypatch.setattr(bpjs.bpjs, "json", replayed_texts)
    try:
        replayed, _ = simrs_flow(replay.base_url)
        replayed_plain = list(replayed_texts.texts)
        journal = requests.get(f"{replay.root}/_mock/requests", timeout=10).json()["requests"]
        world = bridging(replay.base_url).request(f"Peserta/nokartu/{card}/tglSEP/2026-01-01")
    finally:
        replay.stop()

    assert "recorded sep.get" in log
    assert sorted(p.name for p in out.iterdir()) == [
        "peserta.nokartu.yaml",
        "rujukan.peserta.yaml",
        "sep.get.yaml",
        "sep.insert.yaml",
    ]
    assert len(recorded_texts.texts) == 4  # every success of the flow was decrypted
    assert replayed_plain == recorded_texts.texts  # the very same plain bytes
    assert replayed == recorded
    # Each answer came from a recorded rule, not from the replaying mock's own world ...
    assert {entry["rule"] for entry in journal} == {
        f"recorded.{op}.{n}"
        for op, n in [("peserta.nokartu", 1), ("sep.insert", 1), ("sep.get", 1)]
    } | {f"recorded.rujukan.peserta.{n}" for n in range(1, len(recorded) - 2)}
    # ... which has another person behind the card; an unrecorded date falls through to it.
    person = participant_for(card, 0)
    assert world["response"]["peserta"]["nama"] == person.nama
    assert recorded[-3]["response"]["peserta"]["nama"] != person.nama
    text = files_text(out)
    for secret in (DEMO_SECRET, DEMO_USER_KEY, "X-signature", "X-timestamp", "user_key"):
        assert secret not in text


def test_redacted_recording_keeps_one_person_one_name_across_files(
    upstream: Server, tmp_path: Path
) -> None:
    out = tmp_path / "redacted"
    consumers = tmp_path / "consumers.yaml"
    entry = {"cons_id": DEMO_CONS_ID, "secret": DEMO_SECRET, "user_key": DEMO_USER_KEY}
    consumers.write_text(yaml.safe_dump({"consumers": [{**entry, "ppk": DEMO_PPK}]}))
    recorder = start_recorder(
        "--upstream", upstream.root, "--out", str(out), "--consumers", str(consumers), "--redact"
    )
    try:
        recorded, card = simrs_flow(recorder.base_url)
    finally:
        recorder.stop()

    real = recorded[-3]["response"]["peserta"]  # what the upstream said of the card's holder
    generated = participant_for(card, 0)
    names = []
    for path in sorted(out.iterdir()):
        rules = yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
        found = re.findall(r"'(?:nama|nik)': '([^']*)'", repr([r["respond"] for r in rules]))
        names.append((path.name, sorted(set(found) & {real["nama"], generated.nama})))
    text = files_text(out)

    assert names == [
        (name, [generated.nama])
        for name in (
            "peserta.nokartu.yaml",
            "rujukan.peserta.yaml",
            "sep.get.yaml",
            "sep.insert.yaml",
        )
    ]
    for personal in (real["nama"], real["nik"], real["mr"]["noTelepon"]):
        assert personal not in text
    assert generated.nik in text
    assert f"'{card}'" in text  # the card numbers stay (quoted): the rules match on them
    assert DEMO_SECRET not in text


# --- the recording, without processes --------------------------------------------------------


def exchange(path: str, answer: object, method: str = "GET", body: object = None) -> Exchange:
    headers = {"X-cons-id": CONSUMER.cons_id, "X-timestamp": "1700000000", "X-signature": "s"}
    raw = b"" if body is None else json.dumps(body).encode()
    return Exchange(method, path, headers, raw, 200, json.dumps(answer).encode())


def test_the_same_request_answered_differently_becomes_a_sequence() -> None:
    recording = Recording([CONSUMER])
    path = "/vclaim-rest-dev/SEP/0301R0111126V000001"
    gone = {"metaData": {"code": "201", "message": "Data Tidak Ditemukan"}, "response": None}
    plain = {"metaData": {"code": "200", "message": "OK"}, "response": "0301R0111126V000001"}
    delete = {"request": {"t_sep": {"noSep": "0301R0111126V000001", "user": "Ani"}}}
    for answer in (gone, gone, {"metaData": {"code": "200", "message": "x"}, "response": {}}):
        recording.add(exchange(path, answer))
    recording.add(exchange("/SEP/2.0/delete", plain, "DELETE", delete))

    assert recording.rules("sep.get") == [
        {
            "id": "recorded.sep.get.1",
            "operation": "sep.get",
            "when": {"path.noSep": "0301R0111126V000001"},
            "times": 2,
            "respond": {"code": "201", "message": "Data Tidak Ditemukan"},
        },
        {
            "id": "recorded.sep.get.2",
            "operation": "sep.get",
            "when": {"path.noSep": "0301R0111126V000001"},
            "respond": {"payload": {}, "message": "x"},
        },
    ]
    # A plain operation's answer is kept as it came; the operator's name is no condition.
    assert recording.rules("sep.delete")[0]["when"] == {
        "request.t_sep.noSep": "0301R0111126V000001"
    }
    assert recording.rules("sep.delete")[0]["respond"] == {"payload": "0301R0111126V000001"}


@pytest.mark.parametrize(
    ("path", "status", "answer", "why"),
    [
        ("/nowhere", 200, b"{}", "no operation"),
        ("/SEP/0301R0111126V000001", 502, b"<h1>502</h1>", "HTTP 502"),
        ("/SEP/0301R0111126V000001", 200, b"<h1>", "not JSON"),
        ("/SEP/0301R0111126V000001", 200, b'{"response": 1}', "no metaData"),
        (
            "/SEP/0301R0111126V000001",
            200,
            b'{"metaData": {"code": "200"}, "response": "bm90IGl0"}',
            "does not decrypt",
        ),
    ],
)
def test_what_is_not_recorded_says_why(path: str, status: int, answer: bytes, why: str) -> None:
    headers = {"X-cons-id": CONSUMER.cons_id, "X-timestamp": "1700000000"}

    with pytest.raises(NotRecorded, match=why):
        Recording([CONSUMER]).add(Exchange("GET", path, headers, b"", status, answer))


def test_an_unknown_cons_id_is_not_recorded() -> None:
    headers = {"X-cons-id": "999", "X-timestamp": "1700000000"}
    answer = b'{"metaData": {"code": "200", "message": "OK"}, "response": "abc"}'

    with pytest.raises(NotRecorded, match="no secret for this X-cons-id"):
        Recording([CONSUMER]).add(Exchange("GET", "/Rujukan/1", headers, b"", 200, answer))


def test_redaction_renames_whole_words_only_and_everywhere() -> None:
    redactor = Redactor(seed=0)
    holder = {"noKartu": "0001105689835", "nama": "ADI", "nik": "3171000000000001"}
    generated = participant_for("0001105689835", 0)

    assert redactor.learn({"peserta": holder})
    assert not redactor.learn([holder])
    assert redactor.redact(
        {"catatan": "pasien ADI (NIK 3171000000000001)", "diagnosa": "PADI", "n": "ADI"}
    ) == {
        "catatan": f"pasien {generated.nama} (NIK {generated.nik})",
        "diagnosa": "PADI",
        "n": generated.nama,
    }


def test_record_refuses_a_folder_with_scenarios_and_a_bad_upstream(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "old.yaml").write_text("rules: []\n")
    argv = ["record", "--out", str(tmp_path), "--port", "0"]

    full = main([*argv, "--upstream", "http://127.0.0.1:9"], {}, io.StringIO())
    full_err = capsys.readouterr().err
    bad = main([*argv, "--upstream", "apijkn-dev.bpjs-kesehatan.go.id"], {}, io.StringIO())

    assert (full, bad) == (2, 2)
    assert "already holds scenario files (old.yaml" in full_err
    assert "--upstream must be an http(s) URL" in capsys.readouterr().err


async def test_the_proxy_forwards_as_sent_and_answers_as_answered(
    aiohttp_server: AiohttpServer, aiohttp_client: AiohttpClient
) -> None:
    seen: list[tuple[str, str, dict[str, str], bytes]] = []

    async def upstream(request: web.Request) -> web.Response:
        seen.append((request.method, request.raw_path, dict(request.headers), await request.read()))
        return web.Response(body=b'{"x": 1}', content_type="text/plain", headers={"X-Up": "1"})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", upstream)
    server = await aiohttp_server(app)
    observed: list[Exchange] = []
    proxy = await aiohttp_client(create_proxy(str(server.make_url("/base")), observed.append))
    headers = {"X-cons-id": "1", "X-signature": "sig", "user_key": "k", "Content-Type": "A/b"}

    answer = await proxy.post("/vclaim-rest/SEP/2.0/insert?a=1", data=b"{ }", headers=headers)

    assert (answer.status, await answer.read()) == (200, b'{"x": 1}')
    assert (answer.headers["X-Up"], answer.content_type) == ("1", "text/plain")
    method, path, sent, body = seen[0]
    assert (method, path, body) == ("POST", "/base/SEP/2.0/insert?a=1", b"{ }")
    assert {k: sent[k] for k in headers} == headers
    assert observed[0].path == "/vclaim-rest/SEP/2.0/insert"


async def test_an_unreachable_upstream_is_a_502_naming_it(aiohttp_client: AiohttpClient) -> None:
    proxy = await aiohttp_client(create_proxy("http://127.0.0.1:9", lambda exchange: None))

    answer = await proxy.get("/vclaim-rest-dev/referensi/propinsi")

    assert answer.status == 502
    assert (await answer.text()).startswith("mockvclaim record: upstream failed: ")


def test_record_names_a_bad_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["record", "--out", str(tmp_path), "--upstream", "http://127.0.0.1:9", "--redact"]

    assert main(argv, {"MOCKVCLAIM_SEED": "tujuh"}, io.StringIO()) == 2
    assert "MOCKVCLAIM_SEED must be a whole number, got 'tujuh'" in capsys.readouterr().err
