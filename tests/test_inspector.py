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


def dump_dom(url: str, profile: Path) -> str:
    """The DOM after the page ran its script for 5 s of virtual time."""
    command = [
        chromium_binary(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        url,
    ]
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
