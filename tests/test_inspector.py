"""The request inspector at /_mock/: its routes and assets, then the page itself in headless
Chromium against a live mock, read back from the DOM the browser built."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from pytest_aiohttp import AiohttpClient

from mockvclaim.config import Settings
from mockvclaim.pytest_plugin import VClaimServer
from mockvclaim.web.app import create_app
from tests.conftest import NOW
from tests.fixtures import sep_insert_requests as bodies

STATIC = Path(__file__).resolve().parent.parent / "mockvclaim" / "web" / "static"


# -- routes and assets -----------------------------------------------------------------


async def test_page_and_assets_are_served(
    aiohttp_client: AiohttpClient, settings: Settings
) -> None:
    http = await aiohttp_client(create_app(settings, clock=lambda: NOW))

    page = await http.get("/_mock/")
    html = await page.text()
    assets = {}
    for name in ("inspector.css", "inspector.js"):
        answer = await http.get(f"/_mock/static/{name}")
        assets[name] = (answer.status, answer.content_type, await answer.text())

    assert page.status == 200
    assert page.content_type == "text/html"
    assert 'src="static/inspector.js"' in html
    assert 'href="static/inspector.css"' in html
    assert assets["inspector.css"][:2] == (200, "text/css")
    assert assets["inspector.js"][:2] == (200, "text/javascript")
    assert assets["inspector.js"][2] == (STATIC / "inspector.js").read_text(encoding="utf-8")


async def test_bare_mock_path_redirects_keeping_the_token(
    aiohttp_client: AiohttpClient, settings: Settings
) -> None:
    http = await aiohttp_client(create_app(settings, clock=lambda: NOW))

    answer = await http.get("/_mock?token=abc", allow_redirects=False)

    assert answer.status == 302
    assert answer.headers["Location"] == "/_mock/?token=abc"


@pytest.mark.parametrize(
    "path", ["/_mock/static/nope.js", "/_mock/static/inspector.html", "/_mock/static/..%2Fapp.py"]
)
async def test_only_the_listed_assets_are_served(
    aiohttp_client: AiohttpClient, settings: Settings, path: str
) -> None:
    http = await aiohttp_client(create_app(settings, clock=lambda: NOW))

    answer = await http.get(path)

    assert answer.status == 404


async def test_with_an_admin_token_the_page_is_open_but_its_data_is_not(
    aiohttp_client: AiohttpClient, settings: Settings
) -> None:
    app = create_app(replace(settings, admin_token="s3cret"), clock=lambda: NOW)
    http = await aiohttp_client(app)

    page = await http.get("/_mock/")
    script = await http.get("/_mock/static/inspector.js")
    data = await http.get("/_mock/requests")
    allowed = await http.get("/_mock/requests", headers={"Authorization": "Bearer s3cret"})

    assert (page.status, script.status) == (200, 200)
    assert data.status == 401
    assert allowed.status == 200


def test_script_never_turns_journal_text_into_markup() -> None:
    script = (STATIC / "inspector.js").read_text(encoding="utf-8")

    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


# -- the page in headless Chromium ------------------------------------------------------


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("CI is set but no chromium is installed (.ci/run installs Debian's chromium)")
    pytest.skip("chromium is not installed (apt-get install -y chromium); CI installs it")


def chromium_command(profile: Path, *options: str) -> list[str]:
    return [
        chromium_binary(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=5000",
        *options,
    ]


def dump_dom(url: str, profile: Path) -> str:
    """The DOM after the page ran its script for 5 s of virtual time."""
    command = chromium_command(profile, "--dump-dom", url)
    shown = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert shown.returncode == 0, shown.stderr[-2000:]
    return shown.stdout


@pytest.fixture
def server_with_token() -> Iterator[VClaimServer]:
    server = VClaimServer(Settings(port=0, admin_token="t0ken-for-ci"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


def insert(server: VClaimServer, card: str, catatan: str = "testinsert RI") -> requests.Response:
    body = bodies.catalog_example()
    body["request"]["t_sep"]["noKartu"] = card
    body["request"]["t_sep"]["catatan"] = catatan
    return requests.post(
        server.url("SEP/2.0/insert"), data=json.dumps(body), headers=server.headers(), timeout=10
    )


XSS = '<img src=x onerror="document.title=1">'


def test_page_shows_each_request_with_its_decrypted_response(
    vclaim_server: VClaimServer, tmp_path: Path
) -> None:
    issued = insert(vclaim_server, "0001105689835", catatan=XSS)
    refused = insert(vclaim_server, "0000000000002")
    no_sep = vclaim_server.requests()[1]["response"]["sep"]["noSep"]

    started = time.monotonic()
    dom = dump_dom(f"{vclaim_server.root_url}/_mock/", tmp_path / "profile")
    elapsed = time.monotonic() - started

    assert (issued.status_code, refused.status_code) == (200, 200)
    assert no_sep == "0301R0110721V000001"
    assert no_sep in dom  # only in the decrypted response: the wire carries it encrypted
    assert "200 Sukses" in dom
    assert "201 Status Peserta Tidak Aktif" in dom
    assert "rule card-inactive" in dom
    assert dom.count("/vclaim-rest-dev/SEP/2.0/insert") >= 2
    assert '<td class="rule">card-inactive</td>' in dom  # the rules table with hit counts
    # The caller's text is shown as text: escaped, never an element.
    assert "&lt;img src=x" in dom
    assert "<img" not in dom
    # The page asks for no favicon, so the inspector leaves no trace in the journal.
    assert [e["path"] for e in vclaim_server.requests(path="favicon")] == []
    assert elapsed < 60, f"chromium took {elapsed:.1f} s"


def test_page_passes_the_admin_token_from_the_url(
    server_with_token: VClaimServer, tmp_path: Path
) -> None:
    insert(server_with_token, "0001105689835")

    without = dump_dom(f"{server_with_token.root_url}/_mock/", tmp_path / "a")
    with_token = dump_dom(f"{server_with_token.root_url}/_mock/?token=t0ken-for-ci", tmp_path / "b")

    assert "needs its admin token" in without
    assert "200 Sukses" not in without
    assert "200 Sukses" in with_token
    assert "0301R0110721V000001" in with_token


# -- why a request failed, failures only, permalinks, and how it looks -------------------

# Set MOCKVCLAIM_SCREENSHOTS=DIR to keep the screenshots for a look (else a temp folder).
SHOTS_ENV = os.environ.get("MOCKVCLAIM_SCREENSHOTS")
SHOTS = Path(SHOTS_ENV) if SHOTS_ENV else None


def screenshot(url: str, profile: Path, path: Path, width: int) -> tuple[int, int]:
    """A PNG of the page at this window width; its (width, height) read from the header."""
    command = chromium_command(profile, f"--window-size={width},1000", f"--screenshot={path}", url)
    shot = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert shot.returncode == 0, shot.stderr[-2000:]
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def failing_traffic(server: VClaimServer) -> None:
    """One success and each kind of failure a newcomer meets."""
    insert(server, "0001105689835")
    insert(server, "0000000000002")  # a test card: metaData 201
    insert(server, "0000000000008")  # the gateway's 502 page
    insert(server, "0000000000009")  # the gateway's 403
    requests.post(  # no user_key: refused before VClaim, with the reason in the journal
        server.url("SEP/2.0/insert"), data="{}", headers={"X-cons-id": "10000"}, timeout=10
    )
    with pytest.raises(requests.ConnectionError):
        insert(server, "0000000000012")  # the connection drops
    requests.get(server.url("Peserta/nokartu/0001105689835/tglSEP/2026-13-45/extra"), timeout=10)


def rows(dom: str) -> list[str]:
    """Each journal row's summary, as the browser built it."""
    return [part.split("</summary>")[0] for part in dom.split("<summary")[1:]]


def test_gateway_answers_and_drops_say_why_in_the_row(
    vclaim_server: VClaimServer, tmp_path: Path
) -> None:
    failing_traffic(vclaim_server)

    summaries = rows(dump_dom(f"{vclaim_server.root_url}/_mock/", tmp_path / "profile"))

    text = "\n".join(summaries)
    assert len(summaries) == 7
    assert "502 Bad Gateway" in text
    assert ">Authentication failed<" in text
    assert "Authentication parameters missing: no user_key header" in text
    assert "connection dropped, no answer" in text
    assert "No Mapping Rule matched" in text
    # The path is shown whole, free to wrap only after a slash (<wbr>), never inside the
    # card number.
    paths = [
        part.split("</span>")[0].replace("<wbr>", "")
        for part in text.split('<span class="path">')[1:]
    ]
    assert "/vclaim-rest-dev/Peserta/nokartu/0001105689835/tglSEP/2026-13-45/extra" in paths
    assert "/<wbr>0001105689835/<wbr>" in text


def test_failures_only_and_a_permalink_to_one_entry(
    vclaim_server: VClaimServer, tmp_path: Path
) -> None:
    failing_traffic(vclaim_server)
    journal = vclaim_server.requests()
    refused = next(e for e in journal if e["metaData"] and e["metaData"]["code"] == "201")

    failures = dump_dom(f"{vclaim_server.root_url}/_mock/?failures=1", tmp_path / "a")
    linked = dump_dom(f"{vclaim_server.root_url}/_mock/#entry-{refused['id']}", tmp_path / "b")
    one = requests.get(f"{vclaim_server.root_url}/_mock/requests/{refused['id']}", timeout=10)
    gone = requests.get(f"{vclaim_server.root_url}/_mock/requests/99999", timeout=10)

    assert len(rows(failures)) == 6  # all but the issued SEP
    assert "200 Sukses" not in failures
    assert 'id="failures" type="checkbox"' in failures
    opened = linked.split(f'id="entry-{refused["id"]}"')[1].split("</li>")[0]
    assert 'class="linked"' in linked
    assert "<details" in opened
    assert " open" in opened.split(">")[1]
    assert f'href="#entry-{refused["id"]}"' in opened
    assert one.json()["id"] == refused["id"]
    assert gone.status_code == 404


@pytest.mark.parametrize("width", [1400, 900])
def test_screenshots_at_desktop_and_narrow_widths(
    vclaim_server: VClaimServer, tmp_path: Path, width: int
) -> None:
    failing_traffic(vclaim_server)
    target = (SHOTS or tmp_path) / f"inspector-{width}.png"
    target.parent.mkdir(parents=True, exist_ok=True)

    size = screenshot(f"{vclaim_server.root_url}/_mock/", tmp_path / "profile", target, width)
    # The narrow layout puts each outcome on a line of its own, under the path.
    dom = dump_dom(f"{vclaim_server.root_url}/_mock/", tmp_path / "dom")

    assert size == (width, 1000)
    assert target.stat().st_size > 10_000  # a rendered page, not a blank one
    assert "502 Bad Gateway" in dom
